// Statistics used to compare simulated cohorts with published targets
// (analysis/Statistics.hpp): hand-built cases with known answers and
// synthetic data generated with known effects.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include "analysis/Statistics.hpp"

namespace painsim::analysis {
namespace {

using Weeks = std::vector<float>;

TrajectoryClass classify(const Weeks& w, const ClassifierRules& rules = {}) {
  return classifyTrajectory(w, rules);
}

// --- Trajectory classes ------------------------------------------------------

TEST(Statistics, ClassNamesFollowTheEnumOrder) {
  EXPECT_EQ(kTrajectoryClassNames[std::size_t(TrajectoryClass::kRapidRecovery)], "rapid_recovery");
  EXPECT_EQ(kTrajectoryClassNames[std::size_t(TrajectoryClass::kRecoveryBy12Weeks)],
            "recovery_by_week_12");
  EXPECT_EQ(kTrajectoryClassNames[std::size_t(TrajectoryClass::kIncompleteRecovery)],
            "incomplete_recovery");
  EXPECT_EQ(kTrajectoryClassNames[std::size_t(TrajectoryClass::kFluctuating)], "fluctuating");
  EXPECT_EQ(kTrajectoryClassNames[std::size_t(TrajectoryClass::kPersistentHigh)],
            "persistent_high");
}

TEST(Statistics, ClassifiesAHandBuiltSeriesOfEachClass) {
  // Pain stays high to the end.
  EXPECT_EQ(classify({7, 7, 7, 6, 7, 7, 6, 7, 7, 6, 7, 7, 6}), TrajectoryClass::kPersistentHigh);
  // Settles, then flares 4 points above the lowest level reached.
  EXPECT_EQ(classify({6, 4, 1, 1, 1, 5, 2, 1, 1, 1, 1, 1, 1}), TrajectoryClass::kFluctuating);
  // Near pain-free from week 2.
  EXPECT_EQ(classify({7, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), TrajectoryClass::kRapidRecovery);
  // Steady decline, pain-free only by the end.
  EXPECT_EQ(classify({7, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1, 1, 1}), TrajectoryClass::kRecoveryBy12Weeks);
  // Improves but plateaus at 3.
  EXPECT_EQ(classify({6, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3}),
            TrajectoryClass::kIncompleteRecovery);
}

TEST(Statistics, EarlierRulesTakePrecedence) {
  // Relapse of 5 points (2 -> 7), but the late mean is high: persistent_high first.
  EXPECT_EQ(classify({8, 2, 2, 2, 2, 2, 2, 2, 7, 7, 7, 7, 7}), TrajectoryClass::kPersistentHigh);
  // Recovered by week 10 (and a low weeks 2..12 mean) yet with a relapse: fluctuating first.
  EXPECT_EQ(classify({2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0}), TrajectoryClass::kFluctuating);
  // Both rapid and recovered by week 12: rapid first.
  EXPECT_EQ(classify({7, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), TrajectoryClass::kRapidRecovery);
}

TEST(Statistics, ThresholdsAreInclusive) {
  // Mean of weeks 8..12 exactly 5.
  EXPECT_EQ(classify({5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}), TrajectoryClass::kPersistentHigh);
  EXPECT_EQ(classify({5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.5f}),
            TrajectoryClass::kIncompleteRecovery);
  // A rise of exactly 3 is a relapse, 2.5 is not.
  EXPECT_EQ(classify({4, 2, 1, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2}), TrajectoryClass::kFluctuating);
  EXPECT_EQ(classify({4, 2, 1, 3.5f, 2, 2, 2, 2, 2, 2, 2, 2, 2}),
            TrajectoryClass::kIncompleteRecovery);
  // Mean of weeks 2..12 exactly 1; mean of weeks 10..12 exactly 1.5.
  EXPECT_EQ(classify({7, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), TrajectoryClass::kRapidRecovery);
  EXPECT_EQ(classify({7, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1.5f, 1.5f, 1.5f}),
            TrajectoryClass::kRecoveryBy12Weeks);
}

TEST(Statistics, RelapsesAreMeasuredFromWeekOneAndOnlyUpwards) {
  // Week 0 (consultation) is 0 and week 1 is 4: a rise only if week 0 counted.
  EXPECT_EQ(classify({0, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2}),
            TrajectoryClass::kIncompleteRecovery);
  // A rise from week 1 itself counts (i = 1).
  EXPECT_EQ(classify({0, 0, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), TrajectoryClass::kFluctuating);
  // A large fall is not a relapse.
  EXPECT_EQ(classify({9, 9, 9, 9, 5, 1, 1, 1, 1, 1, 1, 1, 1}), TrajectoryClass::kRecoveryBy12Weeks);
  // The rise is measured from the running minimum, not from the previous week:
  // 1 -> 2 -> 3 -> 4 climbs by 1 a week but 3 in total.
  EXPECT_EQ(classify({5, 1, 2, 3, 4, 2, 2, 2, 2, 2, 2, 2, 2}), TrajectoryClass::kFluctuating);
}

TEST(Statistics, ClassifierRulesAreHonoured) {
  const Weeks flare = {6, 4, 1, 1, 1, 5, 2, 1, 1, 1, 1, 1, 1};  // rise of 4
  ClassifierRules strict;
  strict.relapseRise = 5.f;
  EXPECT_EQ(classify(flare, strict), TrajectoryClass::kRecoveryBy12Weeks);
  const Weeks plateau = {6, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3};
  ClassifierRules lenient;
  lenient.recoveredMean = 3.f;
  EXPECT_EQ(classify(plateau, lenient), TrajectoryClass::kRecoveryBy12Weeks);
  lenient.persistentHighMean = 3.f;
  EXPECT_EQ(classify(plateau, lenient), TrajectoryClass::kPersistentHigh);
}

TEST(Statistics, ClassifierRejectsWrongLengthsAndNonFiniteValues) {
  EXPECT_THROW(classify(Weeks(12, 1.f)), std::invalid_argument);
  EXPECT_THROW(classify(Weeks(14, 1.f)), std::invalid_argument);
  EXPECT_THROW(classify(Weeks{}), std::invalid_argument);
  Weeks w(13, 1.f);
  w[9] = std::nanf("");
  EXPECT_THROW(classify(w), std::invalid_argument);
}

TEST(Statistics, ClassSharesCountPeople) {
  const Weeks rapid = {7, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const Weeks high = {7, 7, 7, 6, 7, 7, 6, 7, 7, 6, 7, 7, 6};
  const Weeks plateau = {6, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3};
  Weeks cohort;
  for (const Weeks* w : {&rapid, &high, &rapid, &plateau, &rapid})
    cohort.insert(cohort.end(), w->begin(), w->end());
  const auto shares = classShares(cohort, 5);
  EXPECT_DOUBLE_EQ(shares[std::size_t(TrajectoryClass::kRapidRecovery)], 0.6);
  EXPECT_DOUBLE_EQ(shares[std::size_t(TrajectoryClass::kPersistentHigh)], 0.2);
  EXPECT_DOUBLE_EQ(shares[std::size_t(TrajectoryClass::kIncompleteRecovery)], 0.2);
  EXPECT_DOUBLE_EQ(shares[std::size_t(TrajectoryClass::kFluctuating)], 0.0);
  EXPECT_DOUBLE_EQ(shares[std::size_t(TrajectoryClass::kRecoveryBy12Weeks)], 0.0);
  EXPECT_THROW(classShares(cohort, 4), std::invalid_argument);
  EXPECT_THROW(classShares({}, 0), std::invalid_argument);
}

// --- Pearson -----------------------------------------------------------------

TEST(Statistics, PearsonOfLinearDataIsPlusOrMinusOne) {
  std::vector<float> x, up, down;
  for (int i = 0; i < 50; ++i) {
    x.push_back(float(i) * 0.37f - 4.f);
    up.push_back(2.f * x.back() + 3.f);
    down.push_back(-0.5f * x.back() + 1.f);
  }
  EXPECT_NEAR(pearson(x, up), 1.0, 1e-12);
  EXPECT_NEAR(pearson(x, down), -1.0, 1e-12);
}

TEST(Statistics, PearsonMatchesAHandComputedValue) {
  // Deviations from 2.5: x (-1.5, -0.5, 0.5, 1.5), y (-1.5, 0.5, -0.5, 1.5):
  // sum of products 4, sums of squares 5 and 5, so r = 0.8.
  const std::vector<float> x = {1, 2, 3, 4}, y = {1, 3, 2, 4};
  EXPECT_NEAR(pearson(x, y), 0.8, 1e-12);
  EXPECT_DOUBLE_EQ(pearson(x, y), pearson(y, x));
}

TEST(Statistics, PearsonRecoversAConstructedCorrelation) {
  // y = rho x + sqrt(1 - rho^2) e with independent standard normals has correlation rho.
  std::mt19937 rng(20240601);
  std::normal_distribution<float> normal;
  const double rho = 0.6;
  const int n = 20000;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = normal(rng);
    y[i] = float(rho * x[i] + std::sqrt(1 - rho * rho) * normal(rng));
  }
  EXPECT_NEAR(pearson(x, y), rho, 0.02);  // standard error (1 - rho^2)/sqrt(n) ~ 0.005
}

TEST(Statistics, PearsonRejectsBadInputAndIsNaNForConstants) {
  const std::vector<float> three = {1, 2, 3}, two = {1, 2}, one = {1}, flat = {4, 4, 4};
  EXPECT_THROW(pearson(three, two), std::invalid_argument);
  EXPECT_THROW(pearson(one, one), std::invalid_argument);
  EXPECT_TRUE(std::isnan(pearson(three, flat)));
  EXPECT_TRUE(std::isnan(pearson(flat, three)));
}

// --- Odds ratio --------------------------------------------------------------

/// Exposure and outcome vectors with the given 2x2 cell counts.
std::pair<std::vector<std::uint8_t>, std::vector<std::uint8_t>> table(int a, int b, int c, int d) {
  std::vector<std::uint8_t> exposed, outcome;
  const auto add = [&](int count, std::uint8_t e, std::uint8_t o) {
    for (int i = 0; i < count; ++i) {
      exposed.push_back(e);
      outcome.push_back(o);
    }
  };
  add(c, 0, 1);  // interleave cells so order cannot matter
  add(a, 1, 1);
  add(d, 0, 0);
  add(b, 1, 0);
  return {exposed, outcome};
}

TEST(Statistics, OddsRatioOfAHandMadeTable) {
  const auto [exposed, outcome] = table(10, 20, 5, 40);
  const OddsRatio r = oddsRatio(exposed, outcome);
  EXPECT_EQ(r.a, 10);
  EXPECT_EQ(r.b, 20);
  EXPECT_EQ(r.c, 5);
  EXPECT_EQ(r.d, 40);
  EXPECT_NEAR(r.value, 10.0 * 40.0 / (20.0 * 5.0), 1e-12);  // no correction without empty cells
  EXPECT_LT(r.lower, r.value);
  EXPECT_GT(r.upper, r.value);
  // Woolf's interval is symmetric on the log scale, with half-width 1.96 SE.
  const double se = std::sqrt(1 / 10.0 + 1 / 20.0 + 1 / 5.0 + 1 / 40.0);
  EXPECT_NEAR(std::log(r.upper) - std::log(r.value), 1.96 * se, 1e-3);
  EXPECT_NEAR(std::log(r.value) - std::log(r.lower), 1.96 * se, 1e-3);
}

TEST(Statistics, OddsRatioIntervalNarrowsWithMoreData) {
  const auto [e1, o1] = table(10, 20, 5, 40);
  const auto [e10, o10] = table(100, 200, 50, 400);
  const OddsRatio small = oddsRatio(e1, o1), large = oddsRatio(e10, o10);
  EXPECT_NEAR(large.value, small.value, 1e-12);
  EXPECT_GT(large.lower, small.lower);
  EXPECT_LT(large.upper, small.upper);
}

TEST(Statistics, OddsRatioIsOneWithoutAssociationAndInvertsWhenExposureFlips) {
  const auto [e, o] = table(10, 30, 20, 60);
  EXPECT_NEAR(oddsRatio(e, o).value, 1.0, 1e-12);
  const auto [e2, o2] = table(12, 8, 3, 27);
  const auto [f2, g2] = table(3, 27, 12, 8);  // exposed and unexposed swapped
  const OddsRatio r = oddsRatio(e2, o2), flipped = oddsRatio(f2, g2);
  EXPECT_NEAR(r.value * flipped.value, 1.0, 1e-12);
  EXPECT_NEAR(r.lower * flipped.upper, 1.0, 1e-12);
}

TEST(Statistics, OddsRatioCorrectsEmptyCells) {
  const auto [exposed, outcome] = table(0, 15, 6, 9);
  const OddsRatio r = oddsRatio(exposed, outcome);
  EXPECT_EQ(r.a, 0);  // counts stay raw
  EXPECT_NEAR(r.value, 0.5 * 9.5 / (15.5 * 6.5), 1e-12);
  EXPECT_GT(r.value, 0.0);
  EXPECT_TRUE(std::isfinite(r.lower));
  EXPECT_TRUE(std::isfinite(r.upper));
  EXPECT_GT(r.lower, 0.0);
  EXPECT_LT(r.lower, r.value);
  EXPECT_GT(r.upper, r.value);
}

TEST(Statistics, OddsRatioTreatsAnyNonZeroAsTrueAndChecksSizes) {
  const std::vector<std::uint8_t> exposed = {2, 255, 0, 0, 1, 0}, outcome = {7, 0, 1, 0, 1, 0};
  const OddsRatio r = oddsRatio(exposed, outcome);
  EXPECT_EQ(r.a, 2);
  EXPECT_EQ(r.b, 1);
  EXPECT_EQ(r.c, 1);
  EXPECT_EQ(r.d, 2);
  const std::vector<std::uint8_t> shorter = {1, 0};
  EXPECT_THROW(oddsRatio(exposed, shorter), std::invalid_argument);
  EXPECT_THROW(oddsRatio({}, {}), std::invalid_argument);
}

// --- Parallel mediation ------------------------------------------------------

/// Synthetic standardized data: m1 = 0.5 x + e, m2 = 0.3 x + e,
/// y = 0.2 x + 0.4 m1 + 0 m2 + e, with noise variances chosen so every
/// variable has variance 1 (so the generating coefficients are the
/// standardized ones).
struct MediationData {
  std::vector<float> x, m1, m2, y;
};

MediationData mediationData(int n) {
  std::mt19937 rng(12345);
  std::normal_distribution<double> normal;
  MediationData d;
  for (int i = 0; i < n; ++i) {
    const double x = normal(rng);
    const double m1 = 0.5 * x + std::sqrt(1 - 0.25) * normal(rng);
    const double m2 = 0.3 * x + std::sqrt(1 - 0.09) * normal(rng);
    // var(0.2 x + 0.4 m1) = 0.04 + 0.16 + 2 * 0.2 * 0.4 * 0.5 = 0.28.
    const double y = 0.2 * x + 0.4 * m1 + 0.0 * m2 + std::sqrt(1 - 0.28) * normal(rng);
    d.x.push_back(float(x));
    d.m1.push_back(float(m1));
    d.m2.push_back(float(m2));
    d.y.push_back(float(y));
  }
  return d;
}

TEST(Statistics, MediationRecoversKnownPaths) {
  const MediationData d = mediationData(20000);  // standard errors ~ 0.007-0.008
  const Mediation m = parallelMediation(d.x, {d.m1, d.m2}, d.y);
  ASSERT_EQ(m.a.size(), 2u);
  ASSERT_EQ(m.b.size(), 2u);
  ASSERT_EQ(m.indirect.size(), 2u);
  EXPECT_NEAR(m.a[0], 0.5, 0.03);
  EXPECT_NEAR(m.a[1], 0.3, 0.03);
  EXPECT_NEAR(m.b[0], 0.4, 0.03);
  EXPECT_NEAR(m.b[1], 0.0, 0.03);
  EXPECT_NEAR(m.indirect[0], 0.2, 0.03);
  EXPECT_NEAR(m.indirect[1], 0.0, 0.015);  // the mediator with b = 0 carries nothing
  EXPECT_NEAR(m.direct, 0.2, 0.03);
  EXPECT_NEAR(m.total, 0.4, 0.03);
  // Least squares decomposes the total effect exactly.
  EXPECT_NEAR(m.total, m.direct + m.indirect[0] + m.indirect[1], 1e-9);
  // Standardized simple slopes are correlations.
  EXPECT_NEAR(m.a[0], pearson(d.x, d.m1), 1e-9);
  EXPECT_NEAR(m.total, pearson(d.x, d.y), 1e-9);
}

TEST(Statistics, MediationCoefficientsDoNotDependOnUnits) {
  const MediationData d = mediationData(2000);
  MediationData scaled = d;
  for (std::size_t i = 0; i < d.x.size(); ++i) {
    scaled.x[i] = 4.f * d.x[i] + 50.f;
    scaled.m1[i] = 0.25f * d.m1[i] - 3.f;
    scaled.y[i] = 10.f * d.y[i] + 7.f;
  }
  const Mediation m = parallelMediation(d.x, {d.m1, d.m2}, d.y);
  const Mediation s = parallelMediation(scaled.x, {scaled.m1, scaled.m2}, scaled.y);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(s.a[k], m.a[k], 1e-4);
    EXPECT_NEAR(s.b[k], m.b[k], 1e-4);
  }
  EXPECT_NEAR(s.direct, m.direct, 1e-4);
  EXPECT_NEAR(s.total, m.total, 1e-4);
}

TEST(Statistics, MediationWithoutMediatorsIsTheSimpleRegression) {
  const MediationData d = mediationData(500);
  const Mediation m = parallelMediation(d.x, {}, d.y);
  EXPECT_TRUE(m.a.empty());
  EXPECT_NEAR(m.direct, m.total, 1e-12);
  EXPECT_NEAR(m.total, pearson(d.x, d.y), 1e-9);
}

TEST(Statistics, MediationRejectsBadShapesAndFlagsDegenerateData) {
  const MediationData d = mediationData(100);
  const std::span<const float> shortY(d.y.data(), 99);
  EXPECT_THROW(parallelMediation(d.x, {d.m1}, shortY), std::invalid_argument);
  const std::span<const float> shortM(d.m1.data(), 99);
  EXPECT_THROW(parallelMediation(d.x, {shortM}, d.y), std::invalid_argument);
  const std::vector<float> three = {1, 2, 3}, threeY = {2, 1, 3};
  EXPECT_THROW(parallelMediation(three, {three}, threeY), std::invalid_argument);  // n < K + 3

  const std::vector<float> flat(100, 2.f);
  const Mediation constant = parallelMediation(d.x, {d.m1, flat}, d.y);
  EXPECT_TRUE(std::isnan(constant.direct));
  EXPECT_TRUE(std::isnan(constant.b[0]));
  std::vector<float> copy = d.m1;  // a mediator that duplicates another (rescaled)
  for (float& v : copy) v = 2.f * v + 1.f;
  const Mediation collinear = parallelMediation(d.x, {d.m1, copy}, d.y);
  EXPECT_TRUE(std::isnan(collinear.b[0]));
  EXPECT_TRUE(std::isnan(collinear.direct));
}

// --- Sleep/pain lag asymmetry ------------------------------------------------

struct Diaries {
  std::vector<float> pain, sleep;
};

/// people x days diaries around person-specific means. Night before day t:
///   sleep[t] = 0.4 sleep[t-1] + painToSleep pain[t-1] + e
/// and day t:
///   pain[t]  = 0.4 pain[t-1]  + sleepToPain sleep[t] + e
/// (deviations from the person's means; unit-variance noise). Person means
/// move together with sd `between` (people who sleep better have MORE pain),
/// opposing the negative within-person effects.
Diaries diaries(double sleepToPain, double painToSleep, double between, std::size_t people,
                std::size_t days, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  Diaries d;
  const int burnIn = 20;
  for (std::size_t p = 0; p < people; ++p) {
    const double level = between * normal(rng);
    const double painMean = 5 + level, sleepMean = 5 + level;
    double pain = 0, sleep = 0;
    for (int t = -burnIn; t < int(days); ++t) {
      sleep = 0.4 * sleep + painToSleep * pain + normal(rng);
      pain = 0.4 * pain + sleepToPain * sleep + normal(rng);
      if (t >= 0) {
        d.pain.push_back(float(painMean + pain));
        d.sleep.push_back(float(sleepMean + sleep));
      }
    }
  }
  return d;
}

constexpr std::size_t kPeople = 200, kDays = 60;

TEST(Statistics, SleepPredictsPainMoreThanPainPredictsSleep) {
  const Diaries d = diaries(-0.6, -0.1, 2.0, kPeople, kDays, 7);
  const LagAsymmetry r = sleepPainAsymmetry(d.pain, d.sleep, kPeople, kDays);
  EXPECT_LT(r.sleepToPain, -0.3);  // within-person effects survive the opposing between-person link
  EXPECT_LT(r.painToSleep, 0.0);
  EXPECT_GT(r.ratio, 2.0);
  EXPECT_NEAR(r.ratio, std::abs(r.sleepToPain) / std::abs(r.painToSleep), 1e-12);
}

TEST(Statistics, SwappingTheGeneratingStrengthsSwapsTheAsymmetry) {
  const Diaries d = diaries(-0.1, -0.6, 2.0, kPeople, kDays, 8);
  const LagAsymmetry r = sleepPainAsymmetry(d.pain, d.sleep, kPeople, kDays);
  EXPECT_LT(r.sleepToPain, 0.0);
  EXPECT_LT(r.painToSleep, -0.3);
  EXPECT_LT(r.ratio, 0.5);
}

TEST(Statistics, LagAsymmetryIgnoresDifferencesBetweenPeople) {
  // No day-to-day link at all, only a strong between-person one: the
  // within-person centring must leave both lagged effects near 0.
  const Diaries d = diaries(0.0, 0.0, 3.0, kPeople, kDays, 9);
  const LagAsymmetry r = sleepPainAsymmetry(d.pain, d.sleep, kPeople, kDays);
  EXPECT_NEAR(r.sleepToPain, 0.0, 0.05);
  EXPECT_NEAR(r.painToSleep, 0.0, 0.05);
}

TEST(Statistics, LagAsymmetryDoesNotDependOnUnitsOrPersonLevels) {
  const Diaries d = diaries(-0.6, -0.1, 1.0, kPeople, kDays, 10);
  Diaries shifted = d;
  for (std::size_t i = 0; i < d.pain.size(); ++i) {
    shifted.pain[i] = 2.f * d.pain[i] + float(i / kDays % 5);  // per-person offsets
    shifted.sleep[i] = 0.5f * d.sleep[i] - 1.f;
  }
  const LagAsymmetry a = sleepPainAsymmetry(d.pain, d.sleep, kPeople, kDays);
  const LagAsymmetry b = sleepPainAsymmetry(shifted.pain, shifted.sleep, kPeople, kDays);
  EXPECT_NEAR(a.sleepToPain, b.sleepToPain, 1e-4);
  EXPECT_NEAR(a.painToSleep, b.painToSleep, 1e-4);
}

TEST(Statistics, LagAsymmetryRejectsBadShapesAndFlagsConstantSeries) {
  const std::vector<float> six(6, 1.f), twelve(12, 1.f);
  EXPECT_THROW(sleepPainAsymmetry(six, six, 3, 2), std::invalid_argument);  // days < 3
  EXPECT_THROW(sleepPainAsymmetry(six, six, 0, 3), std::invalid_argument);
  EXPECT_THROW(sleepPainAsymmetry(six, twelve, 2, 3), std::invalid_argument);
  EXPECT_THROW(sleepPainAsymmetry(twelve, twelve, 2, 3), std::invalid_argument);
  // Pain differs between the two people but is constant within each.
  const std::vector<float> pain = {1, 1, 1, 4, 4, 4}, sleep = {1, 3, 2, 5, 2, 4};
  const LagAsymmetry r = sleepPainAsymmetry(pain, sleep, 2, 3);
  EXPECT_TRUE(std::isnan(r.sleepToPain));
  EXPECT_TRUE(std::isnan(r.painToSleep));
}

// --- Quantiles ---------------------------------------------------------------

TEST(Statistics, Quantile7InterpolatesBetweenOrderStatistics) {
  const std::vector<float> v = {4, 1, 3, 2};  // sorted: 1 2 3 4, h = 3 q
  EXPECT_DOUBLE_EQ(quantile7(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile7(v, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile7(v, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(quantile7(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(quantile7(v, 0.9), 3.7);  // h = 2.7: 3 + 0.7 (4 - 3)
  EXPECT_DOUBLE_EQ(quantile7({5}, 0.3), 5.0);
  EXPECT_DOUBLE_EQ(median({9, 1, 5}), 5.0);
  EXPECT_DOUBLE_EQ(median({9, 1, 5, 3}), 4.0);
  EXPECT_DOUBLE_EQ(quantile7({2, 2, 7, 2}, 0.5), 2.0);  // ties
}

TEST(Statistics, Quantile7RejectsBadInput) {
  EXPECT_THROW(quantile7({}, 0.5), std::invalid_argument);
  EXPECT_THROW(quantile7({1, 2}, -0.1), std::invalid_argument);
  EXPECT_THROW(quantile7({1, 2}, 1.1), std::invalid_argument);
  EXPECT_THROW(quantile7({1, 2}, std::nan("")), std::invalid_argument);
  EXPECT_THROW(median({1, std::nanf(""), 2}), std::invalid_argument);
}

}  // namespace
}  // namespace painsim::analysis
