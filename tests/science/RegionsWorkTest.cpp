// Regions, workplaces and employers (docs/work.md, docs/scenarios.md [[region]]):
// regions are independent units whose results do not depend on the thread count
// or on how regions are grouped into runs; employer options raise return to work;
// the work targets C3 and C5 hold with workplaces and networks; solicitous ties
// raise avoidance; social prescribing adds ties.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/Calibration.hpp"
#include "sim/Engine.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim {
namespace {

constexpr const char* kRegions = R"([scenario]
name = "regions"
seed = 515
[population]
mode = "general"
burn_in_weeks = 4
[network]
enabled = true
[workplaces]
enabled = true
[simulation]
weeks = 10
[recording]
sample = 300
measures = ["pain_nrs", "support_autonomy", "support_solicitous", "work_status"]
[[region]]
name = "north"
people = 1500
params = { population = { age_mean = 58 }, work = { accommodation_share = 0.1 } }
[[region.capacity]]
programme = "cbt"
places_per_week = 2
[[region]]
name = "south"
people = 1300
[region.workplaces]
employee_share = [0.5, 0.2, 0.2, 0.1]
accommodation = [0.1, 0.2, 0.4, 0.8]
[[region.capacity]]
programme = "cbt"
places_per_100k_per_year = 5000
[[region]]
name = "east"
people = 900
[[arm]]
name = "usual"
[[arm]]
name = "care"
[[arm.care]]
programme = "cbt"
window_weeks = 6
eligible = { pain_nrs = [4, 10] }
[[arm.care]]
programme = "social_prescribing"
window_weeks = 6
eligible = { pain_nrs = [3, 10] }
[[arm.capacity]]
programme = "cbt"
region = "east"
places_per_week = 1
[arm.employer]
early_contact = true
graded_return = true
)";

/// Person-level results of region `g` of a run that holds the regions `run`.
struct RegionSlice {
  std::size_t offset = 0, people = 0;
};
RegionSlice sliceOf(const sim::Scenario& s, const sim::RunResult& r, std::size_t g) {
  RegionSlice out;
  for (std::size_t k : r.regions) {
    if (k == g) {
      out.people = std::size_t(s.regions[g].people);
      return out;
    }
    out.offset += std::size_t(s.regions[k].people);
  }
  ADD_FAILURE() << "region " << g << " was not run";
  return out;
}

template <class T>
void expectSameSlice(const std::vector<T>& a, RegionSlice sa, const std::vector<T>& b,
                     RegionSlice sb, const char* what) {
  ASSERT_EQ(sa.people, sb.people);
  for (std::size_t i = 0; i < sa.people; ++i)
    ASSERT_EQ(a[sa.offset + i], b[sb.offset + i]) << what << ", person " << i;
}

void expectSameRegion(const sim::Scenario& s, const sim::RunResult& a, const sim::RunResult& b,
                      std::size_t g) {
  const RegionSlice sa = sliceOf(s, a, g), sb = sliceOf(s, b, g);
  for (std::size_t arm = 0; arm < s.arms.size(); ++arm) {
    const sim::Outcomes &x = a.arms[arm].outcomes, &y = b.arms[arm].outcomes;
    expectSameSlice(x.dayRecoveredPain, sa, y.dayRecoveredPain, sb, "day recovered");
    expectSameSlice(x.daysInPain, sa, y.daysInPain, sb, "days in pain");
    expectSameSlice(x.meanPainNrs, sa, y.meanPainNrs, sb, "mean pain");
    expectSameSlice(x.daysOffWork, sa, y.daysOffWork, sb, "days off work");
    expectSameSlice(x.productivityLost, sa, y.productivityLost, sb, "productivity lost");
    expectSameSlice(x.workStatusAtEnd, sa, y.workStatusAtEnd, sb, "work status");
    expectSameSlice(x.careCost, sa, y.careCost, sb, "care cost");
    expectSameSlice(x.sessionsAttended, sa, y.sessionsAttended, sb, "sessions");
    // The region's waiting lists, week by week.
    const auto rows = [&](const sim::RunResult& r) {
      std::vector<sim::WaitingWeek> out;
      for (const auto& w : r.arms[arm].waiting)
        if (w.region == g) out.push_back(w);
      return out;
    };
    const auto wa = rows(a), wb = rows(b);
    ASSERT_EQ(wa.size(), wb.size());
    for (std::size_t k = 0; k < wa.size(); ++k) {
      EXPECT_EQ(wa[k].queueLength, wb[k].queueLength);
      EXPECT_EQ(wa[k].started, wb[k].started);
    }
    // The region's summaries.
    const auto summary = [&](const sim::RunResult& r) {
      const auto at = std::find(r.regions.begin(), r.regions.end(), g) - r.regions.begin();
      return r.arms[arm].regionSummaries.at(std::size_t(at));
    };
    const auto sa2 = summary(a), sb2 = summary(b);
    ASSERT_EQ(sa2.size(), sb2.size());
    for (std::size_t k = 0; k < sa2.size(); ++k) {
      EXPECT_EQ(sa2[k].mean, sb2[k].mean);
      EXPECT_EQ(sa2[k].p50, sb2[k].p50);
    }
  }
}

TEST(Regions, ResultsAreIdenticalForAnyThreadCountAndAnyGroupingOfRegions) {
  const sim::Scenario s = test::scenarioFromText(kRegions);
  ASSERT_EQ(s.regions.size(), 3u);
  ASSERT_EQ(s.people, 3700);
  sim::RunOptions one, two, four;
  one.threads = 1;
  two.threads = 2;
  four.threads = 4;
  const sim::RunResult a = sim::runScenario(s, one);
  const sim::RunResult b = sim::runScenario(s, two);
  const sim::RunResult c = sim::runScenario(s, four);
  for (std::size_t g = 0; g < 3; ++g) {
    expectSameRegion(s, a, b, g);
    expectSameRegion(s, a, c, g);
  }
  for (std::size_t arm = 0; arm < s.arms.size(); ++arm)
    EXPECT_EQ(a.arms[arm].trajectories, c.arms[arm].trajectories);
  // The regions in two groups, as two machines would run them.
  sim::RunOptions first = two, second = two;
  first.regions = {0, 2};
  second.regions = {1};
  const sim::RunResult x = sim::runScenario(s, first);
  const sim::RunResult y = sim::runScenario(s, second);
  EXPECT_EQ(x.people() + y.people(), a.people());
  expectSameRegion(s, a, x, 0);
  expectSameRegion(s, a, x, 2);
  expectSameRegion(s, a, y, 1);
  // Regions differ where the scenario says they do: the north has older people.
  const auto ageOf = [&](std::size_t g) {
    const sim::RegionBaseline base = sim::generateRegion(s, g);
    double sum = 0;
    for (float age : base.people.age) sum += age;
    return sum / double(base.people.size());
  };
  EXPECT_GT(ageOf(0), ageOf(2) + 5);
  // The care arm uses each region's clinic places: the east's one place a week makes
  // a queue there.
  std::int64_t eastQueue = 0;
  for (const auto& w : a.arms[1].waiting)
    if (w.region == 2 && s.programmes[w.programme].name == "cbt")
      eastQueue = std::max(eastQueue, w.queueLength);
  EXPECT_GT(eastQueue, 5);
}

TEST(Regions, ScenarioErrorsNameTheRegionKey) {
  const auto error = [](const std::string& extra) {
    try {
      (void)test::scenarioFromText(std::string(kRegions) + extra);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error("[[region]]\nname = \"north\"\npeople = 5\n").find("used twice"),
            std::string::npos);
  EXPECT_NE(
      error("[[region]]\nname = \"west\"\npeople = 5\nparams = { pain = { noise_sd = 0.3 } }\n")
          .find("region.3.params.pain.noise_sd"),
      std::string::npos);
  EXPECT_NE(error("[[region]]\nname = \"west\"\n").find("region.3.people"), std::string::npos);
  EXPECT_NE(error("[[region]]\nname = \"w\"\npeople = 5\n[region.workplaces]\n"
                  "employee_share = [0.5, 0.5, 0.5, 0.5]\n")
                .find("sum to 1"),
            std::string::npos);
  try {
    (void)test::scenarioFromText(kRegions, {"arm.1.capacity.0.region=west"});
    FAIL() << "unknown region accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("one of north, south, east"), std::string::npos)
        << e.what();
  }
  try {
    (void)test::scenarioFromText(kRegions, {"population.size=10"});
    FAIL() << "population.size disagreeing with the regions accepted";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("population.size"), std::string::npos) << e.what();
  }
}

/// An incident cohort of employed people with disabling pain, some off work at entry.
sim::Scenario workCohort(const std::vector<std::string>& sets = {}) {
  return test::scenarioFromText(R"([scenario]
name = "work"
seed = 31
[population]
size = 12000
[workplaces]
enabled = true
[simulation]
weeks = 26
[recording]
sample = 0
measures = ["pain_nrs"]
[[arm]]
name = "as_is"
[[arm]]
name = "modified_duties"
[arm.employer]
modified_duties = "everywhere"
[[arm]]
name = "early_contact"
[arm.employer]
early_contact = true
[[arm]]
name = "graded_return"
[arm.employer]
graded_return = true
)",
                                sets);
}

TEST(Work, EmployerOptionsRaiseReturnToWork) {
  const sim::Scenario s = workCohort();
  const sim::RunResult r = sim::runScenario(s);
  // Of those off work at entry: back at full duties by week 4 and days off in all.
  const auto backBy = [&](std::size_t arm, int day) {
    const auto& o = r.arms[arm].outcomes;
    double back = 0, off = 0, days = 0;
    for (std::size_t i = 0; i < o.daysOffWork.size(); ++i) {
      if (o.workStatusAtEntry[i] != std::int32_t(models::WorkStatus::kSickLeave)) continue;
      ++off;
      days += o.daysOffWork[i];
      back += o.dayReturnedWork[i] >= 0 && o.dayReturnedWork[i] <= day ? 1 : 0;
    }
    return std::pair{back / off, days / off};
  };
  const auto [asIsBack, asIsDays] = backBy(0, 28);
  ASSERT_GT(asIsBack, 0.2) << "a cohort with returns to compare";
  for (std::size_t arm = 1; arm < 4; ++arm)
    EXPECT_LT(backBy(arm, 28).second, asIsDays) << s.arms[arm].name << ": fewer days off";
  EXPECT_GT(backBy(2, 28).first, asIsBack) << "early contact: more back at full duties";
  // Modified duties everywhere: more return to work (any duties) in the first month.
  const auto atWorkBy = [&](std::size_t arm) {
    const auto& o = r.arms[arm].outcomes;
    double off = 0, daysOff = 0;
    for (std::size_t i = 0; i < o.daysOffWork.size(); ++i)
      if (o.workStatusAtEntry[i] == std::int32_t(models::WorkStatus::kSickLeave)) {
        ++off;
        daysOff += std::min(o.daysOffWork[i], 28);
      }
    return daysOff / off;
  };
  EXPECT_LT(atWorkBy(1), atWorkBy(0)) << "modified duties: fewer of the first 28 days off";
  // Productivity lost falls too.
  const auto lost = [&](std::size_t arm) {
    double sum = 0;
    for (float x : r.arms[arm].outcomes.productivityLost) sum += x;
    return sum;
  };
  EXPECT_LT(lost(2), lost(0)) << "early contact";
}

TEST(Work, TargetsC3AndC5HoldWithWorkplacesAndNetworks) {
  analysis::TargetSet targets = analysis::builtinTargets();
  std::vector<analysis::Target> work;
  for (auto t : targets.targets) {
    if (t.id != "C3" && t.id != "C5") continue;
    std::erase_if(t.components, [](const analysis::TargetComponent& c) {
      return c.name != "back_at_work_of_those_off" && c.name != "median_days_work";
    });
    work.push_back(t);
  }
  ASSERT_EQ(work.size(), 2u);
  targets.targets = work;
  analysis::EvaluationOptions options;
  options.people = 20000;
  options.overrides = {"workplaces.enabled=true", "network.enabled=true"};
  const analysis::Evaluation e = analysis::evaluate(targets, models::Params{}, options);
  ASSERT_EQ(e.components.size(), 2u);
  for (const auto& c : e.components)
    EXPECT_TRUE(c.pass) << c.target << " " << c.component << ": simulated " << c.simulated
                        << ", band [" << c.lower << ", " << c.upper << "] widened by "
                        << c.widening;
}

}  // namespace
}  // namespace painsim
