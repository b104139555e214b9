// The reproducibility contract: same binary, scenario and seed give identical
// results for any thread count; the engine equals the scalar reference path;
// arms share people and random events; files round-trip.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstring>

#include "models/Baseline.hpp"
#include "sim/Engine.hpp"
#include "sim/ResultFile.hpp"
#include "sim/Rng.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

template <class T>
bool bitwiseEqual(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

bool summariesEqual(const std::vector<sim::SummaryStats>& a,
                    const std::vector<sim::SummaryStats>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].n != b[i].n || std::memcmp(&a[i].mean, &b[i].mean, 5 * sizeof(double)) != 0)
      return false;
  return true;
}

void expectIdentical(const sim::RunResult& a, const sim::RunResult& b) {
  ASSERT_EQ(a.arms.size(), b.arms.size());
  EXPECT_EQ(a.days, b.days);
  EXPECT_EQ(a.sampleIds, b.sampleIds);
  for (std::size_t k = 0; k < a.arms.size(); ++k) {
    const auto& x = a.arms[k];
    const auto& y = b.arms[k];
    EXPECT_TRUE(summariesEqual(x.summaries, y.summaries)) << x.name;
    EXPECT_TRUE(bitwiseEqual(x.trajectories, y.trajectories)) << x.name;
    EXPECT_TRUE(bitwiseEqual(x.outcomes.dayRecoveredPain, y.outcomes.dayRecoveredPain));
    EXPECT_TRUE(bitwiseEqual(x.outcomes.dayRecoveredDisability, y.outcomes.dayRecoveredDisability));
    EXPECT_TRUE(bitwiseEqual(x.outcomes.daysInPain, y.outcomes.daysInPain));
    EXPECT_TRUE(bitwiseEqual(x.outcomes.flares, y.outcomes.flares));
    EXPECT_TRUE(bitwiseEqual(x.outcomes.meanPainNrs, y.outcomes.meanPainNrs));
  }
}

const std::vector<std::string> kVaryingAttributes = {"created_utc", "command_line", "threads"};

}  // namespace

TEST(Reproducibility, OneTwoAndFourThreadsGiveIdenticalResultsAndFiles) {
  // 5,000 people: several blocks of kBlockSize, with a partial last block.
  const sim::Scenario s = smallScenario(5000, 10);
  TempDir dir;
  std::vector<std::map<std::string, std::string>> files;
  sim::RunResult first;
  for (int threads : {1, 2, 4}) {
    sim::RunOptions options;
    options.threads = threads;
    const sim::RunResult r = sim::runScenario(s, options);
    if (threads == 1)
      first = r;
    else
      expectIdentical(first, r);
    const std::string path = (dir / fmt::format("t{}.h5", threads)).string();
    writeResult(path, s, r, threads);
    files.push_back(fileContents(path, kVaryingAttributes));
  }
  EXPECT_GT(files[0].size(), 50u);
  EXPECT_TRUE(files[0] == files[1]);
  EXPECT_TRUE(files[0] == files[2]);
}

TEST(Reproducibility, CohortEntryByEpisodeDurationIsIdenticalForAnyThreadCount) {
  // Entry re-draws candidates and simulates each one's history: per person, keyed by
  // (person, attempt), so the work split must not matter. Mixed bands, as in C8.
  sim::Scenario s = smallScenario(3000, 2);
  s.population.episode = {{0.5, 0, 84}, {0.5, 91, 357}};
  s.population.entryMinPainNrs = 3;
  s.population.entryUnrecovered = true;
  s.population.careSeeking = true;  // and who of them consults
  sim::RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  expectIdentical(sim::runScenario(s, one), sim::runScenario(s, two));
}

TEST(Reproducibility, WaitingListsAndDropoutAreIdenticalForAnyThreadCount) {
  // Capacity limits couple people through a shared list (filled in block order and
  // ordered by risk); attendance and dropout draws are keyed by person, day and step.
  const sim::Scenario s = scenarioFromText(R"([scenario]
name = "lists"
seed = 99
[population]
size = 5000
[simulation]
weeks = 12
[recording]
sample = "all"
[[arm]]
name = "pathway"
[[arm.care]]
programme = "usual_care"
[[arm.care]]
programme = "physiotherapy"
window_weeks = 8
eligible = { pain_nrs = [3, 10] }
[[arm.care]]
programme = "cbt"
start_week = 2
window_weeks = 6
eligible = { pcs = [20, 52] }
[[arm.capacity]]
programme = "physiotherapy"
places_per_week = 40
queue = "risk"
[[arm.capacity]]
programme = "cbt"
places_per_week = 25
[[arm.closure]]
start_week = 5
weeks = 2
)");
  sim::RunOptions one, two, four;
  one.threads = 1;
  two.threads = 2;
  four.threads = 4;
  const sim::RunResult a = sim::runScenario(s, one);
  const sim::RunResult b = sim::runScenario(s, two);
  const sim::RunResult c = sim::runScenario(s, four);
  expectIdentical(a, b);
  expectIdentical(a, c);
  ASSERT_EQ(a.arms[0].waiting.size(), b.arms[0].waiting.size());
  std::int64_t queued = 0;
  for (std::size_t k = 0; k < a.arms[0].waiting.size(); ++k) {
    EXPECT_EQ(a.arms[0].waiting[k].queueLength, b.arms[0].waiting[k].queueLength);
    EXPECT_EQ(a.arms[0].waiting[k].started, c.arms[0].waiting[k].started);
    queued += a.arms[0].waiting[k].queueLength;
  }
  EXPECT_GT(queued, 0) << "the lists were used";
  EXPECT_TRUE(bitwiseEqual(a.arms[0].outcomes.careCost, c.arms[0].outcomes.careCost));
}

TEST(Reproducibility, SameSeedSameFileContentsDifferentSeedDifferentTrajectories) {
  TempDir dir;
  const sim::Scenario s = smallScenario(2000, 8, 11);
  writeResult((dir / "a.h5").string(), s, sim::runScenario(s));
  writeResult((dir / "b.h5").string(), s, sim::runScenario(s));
  const auto a = fileContents((dir / "a.h5").string(), kVaryingAttributes);
  const auto b = fileContents((dir / "b.h5").string(), kVaryingAttributes);
  EXPECT_TRUE(a == b);

  const sim::Scenario other = smallScenario(2000, 8, 12);
  writeResult((dir / "c.h5").string(), other, sim::runScenario(other));
  const auto c = fileContents((dir / "c.h5").string(), kVaryingAttributes);
  const std::string key = "/arms/usual_care/trajectories/pain_latent";
  ASSERT_TRUE(a.count(key) && c.count(key));
  ASSERT_EQ(a.at(key).size(), c.at(key).size());
  std::vector<float> x(a.at(key).size() / 4), y(x.size());
  std::memcpy(x.data(), a.at(key).data(), a.at(key).size());
  std::memcpy(y.data(), c.at(key).data(), c.at(key).size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < x.size(); ++i) differ += x[i] != y[i];
  EXPECT_GT(differ, x.size() * 9 / 10) << "a new seed draws new people and new days";
}

TEST(Reproducibility, EngineEqualsTheScalarReferencePath) {
  const sim::Scenario base = smallScenario(1500, 6, 3);
  sim::Scenario s = base;
  s.recording.cadence = sim::Cadence::kDaily;
  const sim::RunResult r = sim::runScenario(s, {});
  const auto factor = models::baselineCholesky(s.params);
  const std::size_t times = r.days.size();
  ASSERT_EQ(times, std::size_t(s.days + 1));
  const std::size_t people = r.sampleIds.size();
  ASSERT_EQ(people, std::size_t(s.people));

  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    // The pathway has no capacity limits, so each person's care depends on them alone.
    ASSERT_TRUE(s.arms[a].capacity.empty());
    const sim::CarePathway pathway(s, s.arms[a], sim::capacityIn(s, s.arms[a], 0));
    for (std::uint32_t person = 0; person < people; ++person) {
      // One person at a time, day by day, straight from the recipe.
      models::PersonState state = sim::enterPerson(s, factor, person);
      std::vector<sim::StepProgress> progress(pathway.steps());
      std::vector<sim::CareFlow> flow(s.programmes.size());
      for (int day = 0; day <= s.days; ++day) {
        if (day > 0) {
          const models::CareToday care =
              pathway.personDay(person, day, state, progress.data(), flow.data());
          state = sim::stepPersonReference(s, care, state, person, day);
        }
        const auto draws = sim::scaleDraws(s.seed, person, std::uint32_t(day));
        for (std::size_t m = 0; m < s.recording.measures.size(); ++m) {
          const float expected =
              models::measureValue(s.params, s.recording.measures[m], state, draws);
          const float actual =
              r.arms[a].trajectories[(m * people + person) * times + std::size_t(day)];
          ASSERT_EQ(expected, actual) << "arm " << a << " person " << person << " day " << day
                                      << " measure " << models::kMeasureTable[m].name;
        }
      }
      ASSERT_EQ(state.flares, r.arms[a].outcomes.flares[person]);
      ASSERT_EQ(state.dayRecoveredPain, r.arms[a].outcomes.dayRecoveredPain[person]);
    }
  }
}

TEST(Reproducibility, ArmsShareThePopulationAndItsRandomEvents) {
  // Arm 1 adds graded activity for people still in pain at week 1. Everyone it
  // does not enrol must live exactly the same life as in arm 0 (common random numbers).
  const sim::Scenario s = smallScenario(3000, 12, 5);
  const sim::RunResult r = sim::runScenario(s);
  const std::size_t times = r.days.size();
  const std::size_t people = r.sampleIds.size();
  const std::size_t nrs = measureIndex(s, models::Measure::kPainNrs);
  const std::size_t act = measureIndex(s, models::Measure::kActivity);
  const auto& uc = r.arms[0].trajectories;
  const auto& ga = r.arms[1].trajectories;
  std::size_t enrolled = 0, notEnrolled = 0;
  double activityGa = 0, activityUc = 0;
  for (std::size_t j = 0; j < people; ++j) {
    // Enrolment reads reported NRS on day 7 (the day before the step starts); week 1 is t = 1.
    const bool eligible = uc[(nrs * people + j) * times + 1] >= 3.f;
    bool same = true;
    for (std::size_t m = 0; m < s.recording.measures.size(); ++m)
      for (std::size_t t = 0; t < times; ++t)
        same = same && uc[(m * people + j) * times + t] == ga[(m * people + j) * times + t];
    if (eligible) {
      ++enrolled;
      activityGa += ga[(act * people + j) * times + 2];
      activityUc += uc[(act * people + j) * times + 2];
    } else {
      ++notEnrolled;
      EXPECT_TRUE(same) << "person " << j << " was not enrolled but their life differs";
    }
    EXPECT_EQ(uc[(nrs * people + j) * times], ga[(nrs * people + j) * times]) << "same day 0";
  }
  EXPECT_GT(activityGa, activityUc) << "quotas raise the activity of those enrolled";
  EXPECT_GT(enrolled, 100u);
  EXPECT_GT(notEnrolled, 100u);
}

TEST(Reproducibility, ResultFileRoundTrips) {
  TempDir dir;
  const sim::Scenario s = smallScenario(1000, 6, 9);
  const sim::RunResult r = sim::runScenario(s);
  const std::string path = (dir / "r.h5").string();
  writeResult(path, s, r);

  const sim::ResultSummaries back = sim::readSummaries(path);
  ASSERT_EQ(back.arms, (std::vector<std::string>{"usual_care", "graded_activity"}));
  ASSERT_EQ(back.measures.size(), s.recording.measures.size());
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    for (std::size_t m = 0; m < back.measures.size(); ++m) {
      const auto& rows = back.rows.at(back.arms[a]).at(back.measures[m]);
      ASSERT_EQ(rows.size(), r.days.size());
      for (std::size_t t = 0; t < rows.size(); ++t) {
        const sim::SummaryStats& st = r.arms[a].summaries[m * r.days.size() + t];
        EXPECT_EQ(rows[t].day, r.days[t]);
        EXPECT_EQ(rows[t].n, st.n);
        EXPECT_EQ(rows[t].mean, st.mean);
        EXPECT_EQ(rows[t].p90, st.p90);
      }
    }
  }
  EXPECT_EQ(sim::readRootAttribute(path, "scenario_toml"), s.sourceText);
  EXPECT_EQ(sim::readRootAttribute(path, "rng_algorithm"), sim::kRngAlgorithmName);

  const auto contents = fileContents(path, {});
  const std::string& traj = contents.at("/arms/graded_activity/trajectories/pain_nrs");
  const std::size_t m = measureIndex(s, models::Measure::kPainNrs);
  const std::size_t block = r.sampleIds.size() * r.days.size();
  ASSERT_EQ(traj.size(), block * sizeof(float));
  EXPECT_EQ(std::memcmp(traj.data(), r.arms[1].trajectories.data() + m * block, traj.size()), 0);
  EXPECT_TRUE(contents.count("/arms/usual_care/outcomes/day_recovered_pain@units"));
  EXPECT_TRUE(contents.count("/parameters"));
}

TEST(Reproducibility, SummariesAreExactStatisticsOverEveryone) {
  const sim::Scenario s = smallScenario(1001, 3, 4);
  const sim::RunResult r = sim::runScenario(s);
  const std::size_t times = r.days.size(), people = r.sampleIds.size();
  for (std::size_t m = 0; m < s.recording.measures.size(); ++m) {
    for (std::size_t t = 0; t < times; ++t) {
      std::vector<double> v(people);
      for (std::size_t j = 0; j < people; ++j)
        v[j] = r.arms[0].trajectories[(m * people + j) * times + t];
      std::sort(v.begin(), v.end());
      double mean = 0;
      for (double x : v) mean += x;
      mean /= double(people);
      const sim::SummaryStats& st = r.arms[0].summaries[m * times + t];
      EXPECT_EQ(st.n, 1001);
      EXPECT_NEAR(st.mean, mean, 1e-9 * (1 + std::abs(mean)));
      // n = 1001: type-7 quantiles fall exactly on order statistics 100, 500, 900.
      EXPECT_EQ(st.p10, v[100]);
      EXPECT_EQ(st.p50, v[500]);
      EXPECT_EQ(st.p90, v[900]);
    }
  }
}

TEST(Reproducibility, WriterLeavesNoFileWhenNotCommitted) {
  TempDir dir;
  const std::string path = (dir / "x.h5").string();
  {
    sim::ResultWriter writer(path);
    EXPECT_TRUE(std::filesystem::exists(writer.temporaryPath()));
  }
  EXPECT_TRUE(dir.files().empty());
}

}  // namespace painsim::test
