// Health economics as pieces: the incremental analysis and the acceptability curve
// (analysis/Economics.hpp), the day's accounting of QALYs and lost output
// (models/CoreModel.hpp), the [economics] and [uncertainty] scenario keys, and the
// sampling of uncertain parameters (sim/Draws.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "analysis/Economics.hpp"
#include "models/CoreModel.hpp"
#include "sim/Draws.hpp"
#include "sim/ScenarioFile.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

using analysis::Dominance;

const char* kTwoArms = R"([scenario]
name = "econ"
[population]
size = 400
[simulation]
weeks = 4
[[arm]]
name = "usual_care"
[[arm.care]]
programme = "usual_care"
[[arm]]
name = "physio"
[[arm.care]]
programme = "usual_care"
[[arm.care]]
programme = "graded_activity"
start_week = 1
)";

/// The error of the two-arm scenario with `extra` appended.
std::string errorOf(const std::string& extra) {
  return scenarioError(std::string(kTwoArms) + extra);
}

}  // namespace

// The worked example of the VA Health Economics Resource Center, which dampack's own
// tests of calculate_icers use: UC, B, D, E on the frontier; C extendedly dominated by a
// mix of B and D; A strictly dominated by B (costs more, gains less).
TEST(Economics, IncrementalAnalysisMatchesThePublishedExample) {
  const auto rows = analysis::calculateIcers({{"E", 55000, 5},
                                              {"D", 35000, 4},
                                              {"C", 25000, 3},
                                              {"B", 10000, 2},
                                              {"A", 12000, 1.5},
                                              {"UC", 5000, 1}});
  ASSERT_EQ(rows.size(), 6u);
  const std::vector<std::string> order = {"UC", "B", "D", "E", "C", "A"};
  const std::vector<Dominance> status = {Dominance::kNotDominated,        Dominance::kNotDominated,
                                         Dominance::kNotDominated,        Dominance::kNotDominated,
                                         Dominance::kExtendedlyDominated, Dominance::kDominated};
  const std::vector<double> icer = {NAN, 5000, 12500, 20000, NAN, NAN};
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(rows[k].strategy, order[k]);
    EXPECT_EQ(rows[k].status, status[k]) << rows[k].strategy;
    if (std::isnan(icer[k]))
      EXPECT_TRUE(std::isnan(rows[k].icer)) << rows[k].strategy;
    else
      EXPECT_DOUBLE_EQ(rows[k].icer, icer[k]) << rows[k].strategy;
  }
  EXPECT_DOUBLE_EQ(rows[2].incCost, 25000);  // D against B, once C is removed
  EXPECT_DOUBLE_EQ(rows[2].incEffect, 2);
  EXPECT_EQ(analysis::dominanceCode(rows[4].status), "ED");
}

TEST(Economics, ACheaperAndBetterArmDominatesAndEqualArmsAreNotBothOnTheFrontier) {
  const auto rows = analysis::calculateIcers({{"old", 500, 0.70}, {"new", 400, 0.72}});
  EXPECT_EQ(rows[0].strategy, "new");
  EXPECT_EQ(rows[0].status, Dominance::kNotDominated);
  EXPECT_EQ(rows[1].status, Dominance::kDominated);
  const auto same = analysis::calculateIcers({{"a", 100, 0.5}, {"b", 100, 0.5}});
  EXPECT_EQ(same[0].status, Dominance::kNotDominated);
  EXPECT_EQ(same[1].status, Dominance::kDominated);
  EXPECT_THROW(analysis::calculateIcers({}), std::invalid_argument);
}

TEST(Economics, AcceptabilityMovesFromTheCheapToTheEffectiveArmAsWillingnessToPayRises) {
  // Arm 1 gains 0.01 QALYs for 100 more in every draw, give or take: ICER about 10,000.
  std::vector<std::vector<double>> cost, effect;
  for (int d = 0; d < 200; ++d) {
    const double noise = (d % 20 - 9.5) / 9.5;  // -1 .. 1
    cost.push_back({1000, 1100 + 20 * noise});
    effect.push_back({0.70, 0.71});
  }
  const auto grid = analysis::wtpGrid(40000, 41);
  EXPECT_DOUBLE_EQ(grid.front(), 0);
  EXPECT_DOUBLE_EQ(grid.back(), 40000);
  const auto p = analysis::acceptability(cost, effect, grid);
  for (const auto& w : p) EXPECT_NEAR(w[0] + w[1], 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(p.front()[0], 1.0);  // nothing is paid for health: the cheap arm
  EXPECT_DOUBLE_EQ(p.back()[1], 1.0);   // well above the ICER: the effective arm
  for (std::size_t w = 1; w < p.size(); ++w) EXPECT_GE(p[w][1], p[w - 1][1]);
  EXPECT_THROW(analysis::acceptability({}, {}, grid), std::invalid_argument);
}

TEST(Economics, AQalyIsAYearAtFullUtilityAndDiscountingShrinksLaterYears) {
  models::PersonState s;
  s.workStatus = std::int32_t(models::WorkStatus::kNotInPaidWork);
  models::DayContext c;
  c.utility = {1.f, 0.f, 0.f};
  for (int day = 0; day < 365; ++day) models::accountDay(s, 0.f, c);
  EXPECT_NEAR(s.qalys, 365.0 / 365.25, 1e-4);
  EXPECT_FLOAT_EQ(s.qalys, s.qalysDiscounted);  // factor 1: nothing discounted
  models::PersonState later = s;
  later.qalys = later.qalysDiscounted = 0.f;
  c.effectDiscount = 0.5f;
  models::accountDay(later, 0.f, c);
  EXPECT_FLOAT_EQ(later.qalysDiscounted, 0.5f * later.qalys);
  // Worse disability and pain lower the day's utility (the map's signs).
  models::PersonState ill = s, well = s;
  ill.qalys = well.qalys = 0.f;
  ill.disability = 0.5f;
  ill.pain = 0.6f;
  models::DayContext map;
  models::accountDay(ill, 0.f, map);
  models::accountDay(well, 0.f, map);
  EXPECT_LT(ill.qalys, well.qalys);
}

TEST(Economics, FrictionCountsAbsenceOnlyWithinTheFrictionPeriodAndNothingAfterJobLoss) {
  models::PersonState s;
  s.workStatus = std::int32_t(models::WorkStatus::kSickLeave);
  s.absenceRun = 10;
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 1.f, 85), 1.f);
  s.absenceRun = 86;
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 1.f, 85), 0.f);
  s.workStatus = std::int32_t(models::WorkStatus::kLongTermDisability);
  s.absenceRun = 200;
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 1.f, 85), 0.f);
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 1.f, 365), 1.f);
  s.workStatus = std::int32_t(models::WorkStatus::kJobLost);
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 1.f, 85), 0.f);
  s.workStatus = std::int32_t(models::WorkStatus::kModifiedDuties);  // reduced output counts
  EXPECT_FLOAT_EQ(models::frictionLoss(s, 0.3f, 85), 0.3f);
  // The day's accounting: human capital counts every lost day, friction a subset.
  models::PersonState p;
  p.workStatus = std::int32_t(models::WorkStatus::kSickLeave);
  models::DayContext c;
  c.frictionDays = 5;
  for (int day = 1; day <= 20; ++day) {
    p.absenceRun = day;
    models::accountDay(p, 1.f, c);
  }
  EXPECT_FLOAT_EQ(p.productivityLostDiscounted, 20.f);
  EXPECT_FLOAT_EQ(p.frictionLostDiscounted, 5.f);
}

TEST(Economics, UtilityMapsAreTheModelsOrTheNamedPublishedSlopes) {
  const auto map = [](const std::string& extra) {
    return sim::utilityMap(scenarioFromText(std::string(kTwoArms) + extra));
  };
  const auto model = map("");
  const models::Params p;
  EXPECT_FLOAT_EQ(model.rmdqSlope, p.eq5dRmdqSlope);
  EXPECT_FLOAT_EQ(model.painSlope, p.eq5dPainSlope);
  EXPECT_FLOAT_EQ(map("[economics]\nutility = \"rmdq_change\"\n").rmdqSlope, 0.020f);
  EXPECT_FLOAT_EQ(map("[economics]\nutility = \"rmdq_cross_sectional\"\n").rmdqSlope, 0.037f);
  const auto custom = map(
      "[economics]\nutility = \"custom\"\nutility_intercept = 0.8\nutility_rmdq_slope = 0.03\n");
  EXPECT_FLOAT_EQ(custom.intercept, 0.8f);
  EXPECT_FLOAT_EQ(custom.rmdqSlope, 0.03f);
  EXPECT_FLOAT_EQ(custom.painSlope, 0.f);
}

TEST(Economics, ScenarioKeysGiveClearErrors) {
  EXPECT_NE(errorOf("[economics]\nperspective = \"patient\"\n").find("economics.perspective"),
            std::string::npos);
  EXPECT_NE(errorOf("[economics]\nutility_intercept = 0.8\n").find("utility = \"custom\""),
            std::string::npos);
  EXPECT_NE(errorOf("[economics]\ncomparator = \"phisio\"\n").find("did you mean 'physio'"),
            std::string::npos);
  EXPECT_NE(errorOf("[economics]\ndiscount_costs = 0.5\n").find("allowed [0, 0.2]"),
            std::string::npos);
  EXPECT_NE(errorOf("[uncertainty]\ndraws = 3\n[[uncertainty.parameter]]\nname = \"pain.gian\"\n"
                    "distribution = \"uniform\"\nmin = 0\nmax = 1\n")
                .find("unknown parameter 'pain.gian'"),
            std::string::npos);
  EXPECT_NE(errorOf("[uncertainty]\ndraws = 3\n[[uncertainty.parameter]]\n"
                    "name = \"eq5d.rmdq_slope\"\ndistribution = \"uniform\"\nmin = 0.02\n")
                .find("uncertainty.parameter.0.max"),
            std::string::npos);
  EXPECT_NE(errorOf("[[uncertainty.parameter]]\nname = \"eq5d.rmdq_slope\"\n"
                    "distribution = \"normal\"\nmean = 0.02\nsd = 0.01\n")
                .find("draws = 0"),
            std::string::npos);
  EXPECT_NE(
      errorOf("[uncertainty]\ndraws = 3\n[[uncertainty.parameter]]\n"
              "name = \"eq5d.rmdq_slope\"\ndistribution = \"uniform\"\nmin = 0.02\nmax = 0.5\n")
          .find("allowed [0.02, 0.1]"),
      std::string::npos);
}

TEST(Economics, ParameterDrawsFollowTheirDistributionsAndAreKeyedByDraw) {
  const sim::Scenario s = scenarioFromText(std::string(kTwoArms) + R"([uncertainty]
draws = 4000
[[uncertainty.parameter]]
name = "eq5d.rmdq_slope"
distribution = "uniform"
min = 0.020
max = 0.037
[[uncertainty.parameter]]
name = "nociception.heal_days"
distribution = "triangular"
min = 5
mode = 8
max = 20
[[uncertainty.parameter]]
name = "eq5d.pain_slope"
distribution = "normal"
mean = 0.1
sd = 0.2
)");
  std::vector<double> sum(3, 0.0);
  double below = 0;
  for (int d = 1; d <= s.uncertainty.draws; ++d) {
    const auto v = sim::sampleParameters(s, d);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_GE(v[0], 0.020);
    EXPECT_LT(v[0], 0.037);
    EXPECT_GE(v[1], 5.0);
    EXPECT_LE(v[1], 20.0);
    EXPECT_GE(v[2], 0.0);  // truncated to the parameter's range [0, 1]
    EXPECT_LE(v[2], 1.0);
    below += v[2] < 0.1 ? 1 : 0;
    for (std::size_t k = 0; k < 3; ++k) sum[k] += v[k];
    EXPECT_EQ(v, sim::sampleParameters(s, d));  // a draw's values are its own
  }
  const double n = s.uncertainty.draws;
  EXPECT_NEAR(sum[0] / n, (0.020 + 0.037) / 2, 4 * 0.0049 / std::sqrt(n));
  EXPECT_NEAR(sum[1] / n, (5 + 8 + 20) / 3.0, 4 * 3.3 / std::sqrt(n));
  // Truncation at 0 removes the lower tail: fewer than half fall below the mean.
  EXPECT_LT(below / n, 0.45);
  EXPECT_NE(sim::sampleParameters(s, 1), sim::sampleParameters(s, 2));
  EXPECT_EQ(sim::drawSource(s), "seed and parameters");
}

TEST(Economics, ScalingAScenarioScalesEveryRegionAndItsPlaces) {
  const sim::Scenario s = scenarioFromText(R"([scenario]
name = "scaled"
[[region]]
name = "a"
people = 3000
[[region.capacity]]
programme = "graded_activity"
places_per_week = 30
[[region]]
name = "b"
people = 1000
[[arm]]
name = "physio"
[[arm.care]]
programme = "graded_activity"
[[arm.capacity]]
programme = "graded_activity"
region = "b"
places_per_week = 8
)");
  const sim::Scenario t = sim::scaledTo(s, 400);
  ASSERT_EQ(t.regions.size(), 2u);
  EXPECT_EQ(t.regions[0].people, 300);
  EXPECT_EQ(t.regions[1].people, 100);
  EXPECT_EQ(t.regions[1].first, 300);
  EXPECT_EQ(t.people, 400);
  EXPECT_DOUBLE_EQ(t.regions[0].capacity[0].placesPerWeek, 3.0);
  EXPECT_DOUBLE_EQ(t.arms[0].capacity[0].placesPerWeek, 0.8);
}

}  // namespace painsim::test
