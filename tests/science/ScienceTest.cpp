// Behaviours the model must show (MODEL.md section 6). Thresholds are
// qualitative (signs, orderings, "most" and "a minority"), never numbers
// copied from a run.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "models/Baseline.hpp"
#include "models/CoreModel.hpp"
#include "sim/Engine.hpp"
#include "sim/Rng.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

struct PathOutcome {
  double painWeek0 = 0, painWeek26 = 0, fearWeek26 = 0, activityWeek26 = 0, capacityWeek26 = 0,
         rmdqWeek26 = 0;
  double recovered = 0;  // share with sustained NRS 0 by week 26
};

/// The same injuries and random events (person ids 0..n-1 of one seed),
/// lived by people with the given psychological profile.
PathOutcome livePath(float catTrait, float fear, float efficacy, int people) {
  const models::Params p;
  const models::CareToday none;
  PathOutcome out;
  for (int i = 0; i < people; ++i) {
    const auto person = std::uint32_t(i);
    models::BaselineDraws z = sim::baselineDraws(2024, person);
    // Same injury and healing for both paths; the profile is set below.
    models::PersonState s = models::baselinePerson(p, z, sim::dayDraws(2024, person, 0), 30);
    s.catTrait = catTrait;
    s.fear = fear;
    s.efficacyTrait = efficacy;
    s.efficacy = efficacy;
    out.painWeek0 += s.pain;
    for (int day = 1; day <= 182; ++day)
      s = models::stepDay(p, s, sim::dayDraws(2024, person, std::uint32_t(day)), none, day, 30);
    out.painWeek26 += s.painNrs;
    out.fearWeek26 += s.fear;
    out.activityWeek26 += s.activity;
    out.capacityWeek26 += s.capacity;
    out.rmdqWeek26 += s.rmdqScore;
    out.recovered += s.dayRecoveredPain >= 0 ? 1 : 0;
  }
  for (double* v : {&out.painWeek0, &out.painWeek26, &out.fearWeek26, &out.activityWeek26,
                    &out.capacityWeek26, &out.rmdqWeek26, &out.recovered})
    *v /= people;
  return out;
}

}  // namespace

// MODEL.md 6.1: same injury, same random events; low catastrophizing recovers,
// high catastrophizing develops persistent pain, fear, avoidance and disability.
TEST(Science, TwoPathsFromTheSameInjuryDiverge) {
  const PathOutcome confronter = livePath(0.10f, 0.20f, 0.85f, 2000);
  const PathOutcome avoider = livePath(0.80f, 0.70f, 0.40f, 2000);
  // Similar start (only hypervigilance differs on day 0) ...
  EXPECT_LT(avoider.painWeek0 - confronter.painWeek0, 0.15);
  // ... different ends.
  EXPECT_GT(confronter.recovered, 0.5) << "most confronters recover";
  EXPECT_LT(avoider.recovered, 0.5) << "most avoiders do not";
  EXPECT_LT(avoider.recovered, 0.75 * confronter.recovered);
  EXPECT_GT(avoider.painWeek26, confronter.painWeek26 + 0.5) << "NRS points";
  EXPECT_GT(avoider.fearWeek26, confronter.fearWeek26 + 0.1) << "fear persists without exposure";
  EXPECT_LT(avoider.activityWeek26, confronter.activityWeek26) << "avoidance";
  EXPECT_LT(avoider.capacityWeek26, confronter.capacityWeek26) << "disuse";
  EXPECT_GT(avoider.rmdqWeek26, confronter.rmdqWeek26 + 2.0) << "disability, RMDQ points";
}

// MODEL.md 6.5: every state stays in range, no NaN, for random parameter sets
// drawn from the whole of each parameter's allowed range.
TEST(Science, StatesStayInRangeForRandomParametersAndPeople) {
  std::mt19937 gen(12345);
  for (int draw = 0; draw < 6; ++draw) {
    sim::Scenario s = smallScenario(4000, 26, 100 + std::uint64_t(draw));
    s.recording.cadence = sim::Cadence::kDaily;
    for (const auto& spec : models::parameterTable()) {
      if (spec.name.rfind("population.corr", 0) == 0) continue;  // keep the matrix valid
      std::uniform_real_distribution<double> u(spec.minValue, spec.maxValue);
      s.params.*(spec.member) = float(u(gen));
    }
    const sim::RunResult r = sim::runScenario(s);
    const std::size_t times = r.days.size(), people = r.sampleIds.size();
    for (const auto& arm : r.arms) {
      for (std::size_t m = 0; m < s.recording.measures.size(); ++m) {
        const auto measure = s.recording.measures[m];
        float lo = 0.f, hi = 1.f;
        switch (measure) {
          case models::Measure::kPainNrs:
            hi = 10.f;
            break;
          case models::Measure::kRmdq:
            hi = 24.f;
            break;
          case models::Measure::kPcs:
            hi = 52.f;
            break;
          case models::Measure::kTsk:
            lo = 17.f;
            hi = 68.f;
            break;
          case models::Measure::kPseq:
            hi = 60.f;
            break;
          case models::Measure::kNociception:
            hi = 1e6f;
            break;
          default:
            break;
        }
        for (std::size_t i = 0; i < people * times; ++i) {
          const float v = arm.trajectories[m * people * times + i];
          ASSERT_TRUE(std::isfinite(v)) << models::measureInfo(measure).name << " draw " << draw;
          ASSERT_GE(v, lo) << models::measureInfo(measure).name << " draw " << draw;
          ASSERT_LE(v, hi) << models::measureInfo(measure).name << " draw " << draw;
        }
      }
    }
  }
}

// Defaults are plausible (the calibration issue will fit them): marked
// improvement in the first six weeks, slower after; most people recover, a
// minority still report pain at one year (Menezes Costa 2012; Itz 2013).
TEST(Science, DefaultNaturalHistoryIsPlausible) {
  sim::Scenario s = smallScenario(20000, 52, 77);
  s.recording.sample = 0;
  const sim::RunResult r = sim::runScenario(s);
  const auto pain = [&](std::size_t week) {
    return summaryOf(r, s, 0, models::Measure::kPainNrs, week).mean;
  };
  const double inPain52 = summaryOf(r, s, 0, models::Measure::kInPain, 52).mean;
  EXPECT_LT(pain(6), 0.6 * pain(0)) << "marked improvement by week 6";
  EXPECT_GT(pain(6), pain(52)) << "still improving after week 6";
  EXPECT_GT(pain(0) - pain(6), pain(6) - pain(52)) << "improvement slows after week 6";
  EXPECT_LT(pain(52), pain(12));
  EXPECT_LT(inPain52, 0.5) << "most recover";
  EXPECT_GT(inPain52, 0.05) << "a minority stay in pain";
}

// C11: high catastrophizing at baseline predicts pain at 6 months (OR > 1).
TEST(Science, HighCatastrophizingPredictsPersistentPain) {
  sim::Scenario s = smallScenario(20000, 26, 31);
  const sim::RunResult r = sim::runScenario(s);
  const std::size_t times = r.days.size(), people = r.sampleIds.size();
  const auto idx = [&](models::Measure m) { return measureIndex(s, m); };
  const auto& traj = r.arms[0].trajectories;
  std::vector<float> pcs0(people);
  for (std::size_t j = 0; j < people; ++j)
    pcs0[j] = traj[(idx(models::Measure::kPcs) * people + j) * times];
  std::vector<float> sorted = pcs0;
  std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(3 * people / 4), sorted.end());
  const float topQuartile = sorted[3 * people / 4];
  double a = 0, b = 0, c = 0, d = 0;  // high&pain, high&no, rest&pain, rest&no
  for (std::size_t j = 0; j < people; ++j) {
    const bool high = pcs0[j] > topQuartile;
    const bool pain = traj[(idx(models::Measure::kInPain) * people + j) * times + times - 1] > 0.5f;
    (high ? (pain ? a : b) : (pain ? c : d)) += 1;
  }
  const double oddsRatio = (a * d) / (b * c);
  const double se = std::sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  EXPECT_GT(std::log(oddsRatio) - 2 * se, 0.0) << "OR " << oddsRatio;
}

// The active arm acts through its mechanisms (activity quotas, and through them
// capacity), and its effect on pain is small, as published effects of single
// programmes are (MODEL.md section 5).
TEST(Science, GradedActivityWorksThroughActivityAndCapacityNotPain) {
  sim::Scenario s = smallScenario(20000, 12, 55);
  s.recording.sample = 0;
  const sim::RunResult r = sim::runScenario(s);
  const auto stat = [&](std::size_t arm, models::Measure m, std::size_t t) {
    return summaryOf(r, s, arm, m, t);
  };
  const std::size_t week4 = 4;
  EXPECT_GT(stat(1, models::Measure::kActivity, week4).mean,
            stat(0, models::Measure::kActivity, week4).mean);
  EXPECT_GT(stat(1, models::Measure::kCapacity, week4).mean,
            stat(0, models::Measure::kCapacity, week4).mean);
  const auto painUc = stat(0, models::Measure::kPainNrs, week4);
  const auto painGa = stat(1, models::Measure::kPainNrs, week4);
  const double smd = (painGa.mean - painUc.mean) / painUc.sd;
  EXPECT_LT(std::abs(smd), 0.4) << "single-programme effects on pain are small";
}

}  // namespace painsim::test
