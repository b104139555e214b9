// Paired comparisons of care arms simulated on the same virtual people
// (analysis/PairedStatistics.hpp): hand-computed cases, published reference
// values, and coverage simulations with known true effects.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/PairedStatistics.hpp"

namespace painsim::analysis {
namespace {

constexpr double kZ975 = 1.959963984540054;

/// Standard normal draws by Box-Muller from the raw output of std::mt19937,
/// whose sequence the standard fixes, so the simulations below give the same
/// numbers with every standard library (std::normal_distribution does not).
class NormalDraws {
 public:
  explicit NormalDraws(std::uint32_t seed) : engine_(seed) {}

  /// A uniform draw in (0, 1).
  double uniform() { return (double(engine_()) + 0.5) / 4294967296.0; }

  double operator()() {
    if (haveSpare_) {
      haveSpare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2 * std::log(uniform()));
    const double angle = 2 * std::numbers::pi * uniform();
    spare_ = radius * std::sin(angle);
    haveSpare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937 engine_;
  double spare_ = 0;
  bool haveSpare_ = false;
};

/// Paired normal data: arm ~ N(meanArm, sdArm^2), baseline ~ N(meanBase, sdBase^2),
/// correlation rho between the two values of a person.
struct PairedSample {
  std::vector<float> arm, baseline;
};

struct PairedModel {
  double meanArm, meanBase, sdArm, sdBase, rho;
  double trueDifference() const { return meanArm - meanBase; }
  double trueSmd() const {
    return trueDifference() / std::sqrt((sdArm * sdArm + sdBase * sdBase) / 2);
  }
};

PairedSample drawPaired(NormalDraws& normal, const PairedModel& m, std::size_t n) {
  PairedSample s;
  for (std::size_t i = 0; i < n; ++i) {
    const double z1 = normal(), z2 = normal();
    s.arm.push_back(float(m.meanArm + m.sdArm * z1));
    s.baseline.push_back(
        float(m.meanBase + m.sdBase * (m.rho * z1 + std::sqrt(1 - m.rho * m.rho) * z2)));
  }
  return s;
}

double width(const Interval& i) { return i.upper - i.lower; }

bool covers(const Interval& i, double truth) { return i.lower <= truth && truth <= i.upper; }

/// Sample variance (n - 1 denominator) and covariance, for reference values.
double sampleCovariance(const std::vector<float>& x, const std::vector<float>& y) {
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= double(x.size());
  my /= double(y.size());
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - mx) * (y[i] - my);
  return s / double(x.size() - 1);
}

// --- Continuous outcomes -----------------------------------------------------

TEST(PairedStatistics, IdenticalArmsGiveExactlyZeroDifference) {
  NormalDraws normal(11);
  const PairedSample s = drawPaired(normal, {5, 5, 2, 2, 0}, 50);
  const PairedComparison c = comparePaired(s.baseline, s.baseline);
  EXPECT_EQ(c.n, 50);
  EXPECT_EQ(c.meanArm, c.meanBaseline);
  EXPECT_EQ(c.meanDifference.estimate, 0.0);
  EXPECT_EQ(c.meanDifference.lower, 0.0);
  EXPECT_EQ(c.meanDifference.upper, 0.0);
  EXPECT_EQ(c.smd.estimate, 0.0);
  EXPECT_EQ(c.smd.lower, 0.0);
  EXPECT_EQ(c.smd.upper, 0.0);
}

TEST(PairedStatistics, ConstantShiftGivesExactDifferenceAndSmd) {
  const std::vector<float> baseline = {1, 2, 3, 4, 6, 9, 2.5f, 7};
  std::vector<float> arm;
  for (const float b : baseline) arm.push_back(b + 1.25f);  // exact in float
  const PairedComparison c = comparePaired(arm, baseline);
  EXPECT_EQ(c.meanDifference.estimate, 1.25);
  EXPECT_EQ(c.meanDifference.lower, 1.25);  // every person differs by exactly 1.25
  EXPECT_EQ(c.meanDifference.upper, 1.25);
  const double sd = std::sqrt(sampleCovariance(baseline, baseline));
  const double g = 1.25 / sd;
  EXPECT_NEAR(c.smd.estimate, g, 1e-12);
  // Equal variances and correlation 1: V = g^2 (4 s^4) / (8 s^4 (n - 1)) = g^2 / (2 (n - 1)).
  const double half = kZ975 * g / std::sqrt(2.0 * 7);
  EXPECT_NEAR(c.smd.lower, g - half, 1e-12);
  EXPECT_NEAR(c.smd.upper, g + half, 1e-12);
  // A shift downwards gives the mirror image.
  const PairedComparison back = comparePaired(baseline, arm);
  EXPECT_EQ(back.meanDifference.estimate, -1.25);
  EXPECT_NEAR(back.smd.estimate, -g, 1e-12);
  EXPECT_NEAR(back.smd.lower, -g - half, 1e-12);
}

TEST(PairedStatistics, MatchesAHandComputedExample) {
  // d = {1, 1, 0, 2, 1}: mean 1, var(d) = 2/4 = 0.5, t(0.975, 4) = 2.7764451051977935.
  // var(arm) = 10/4 = 2.5, var(base) = 6/4 = 1.5, cov = 7/4 = 1.75, pooled var 2, g = 1/sqrt(2);
  // V = 0.5 (2.5^2 + 1.5^2 + 2 1.75^2) / (8 2^2 4) + 0.5 / (2 5) = 0.10712890625.
  const std::vector<float> arm = {3, 5, 4, 7, 6}, baseline = {2, 4, 4, 5, 5};
  const PairedComparison c = comparePaired(arm, baseline);
  EXPECT_EQ(c.n, 5);
  EXPECT_DOUBLE_EQ(c.meanArm, 5);
  EXPECT_DOUBLE_EQ(c.meanBaseline, 4);
  const double halfMean = 2.7764451051977935 * std::sqrt(0.1);
  EXPECT_DOUBLE_EQ(c.meanDifference.estimate, 1);
  EXPECT_NEAR(c.meanDifference.lower, 1 - halfMean, 1e-9);
  EXPECT_NEAR(c.meanDifference.upper, 1 + halfMean, 1e-9);
  const double g = 1 / std::sqrt(2.0), halfSmd = kZ975 * std::sqrt(0.10712890625);
  EXPECT_NEAR(c.smd.estimate, g, 1e-12);
  EXPECT_NEAR(c.smd.lower, g - halfSmd, 1e-12);
  EXPECT_NEAR(c.smd.upper, g + halfSmd, 1e-12);
}

TEST(PairedStatistics, IntervalWidthShrinksLikeOneOverSqrtN) {
  NormalDraws normal(21);
  const PairedModel model{5.5, 5, 2, 2, 0.5};
  // Four copies of the same people: the sd(d) / sqrt(n) part of the width halves
  // exactly, up to the n - 1 denominators and the t quantiles.
  const PairedSample s = drawPaired(normal, model, 100);
  PairedSample four;
  for (int copy = 0; copy < 4; ++copy) {
    four.arm.insert(four.arm.end(), s.arm.begin(), s.arm.end());
    four.baseline.insert(four.baseline.end(), s.baseline.begin(), s.baseline.end());
  }
  const PairedComparison one = comparePaired(s.arm, s.baseline);
  const PairedComparison many = comparePaired(four.arm, four.baseline);
  EXPECT_NEAR(many.meanDifference.estimate, one.meanDifference.estimate, 1e-12);
  const double expected = studentTQuantile(0.975, 399) / studentTQuantile(0.975, 99) *
                          std::sqrt(99.0 / 399.0);  // sqrt((n - 1) / (4n - 1))
  EXPECT_NEAR(width(many.meanDifference) / width(one.meanDifference), expected, 1e-12);
  EXPECT_NEAR(expected, 0.5, 0.01);

  // Independent samples of 400 and 1600 people from the same model: half the width.
  const PairedSample small = drawPaired(normal, model, 400);
  const PairedSample large = drawPaired(normal, model, 1600);
  const PairedComparison cs = comparePaired(small.arm, small.baseline);
  const PairedComparison cl = comparePaired(large.arm, large.baseline);
  EXPECT_NEAR(width(cl.meanDifference) / width(cs.meanDifference), 0.5, 0.05);
  EXPECT_NEAR(width(cl.smd) / width(cs.smd), 0.5, 0.05);
}

TEST(PairedStatistics, IntervalsCoverTheTrueDifferenceAndSmd) {
  // 2000 simulated data sets per model; a 95% interval should cover the truth in
  // 93-97% of them (the binomial sd of the coverage is 0.5 percentage points).
  struct Case {
    PairedModel model;
    std::size_t n;
  };
  const Case cases[] = {{{5.5, 5.0, 1.2, 1.0, 0.6}, 40},   // positively correlated arms
                        {{4.0, 5.0, 2.0, 2.5, -0.3}, 60},  // negatively correlated arms
                        {{3.0, 3.0, 1.5, 1.5, 0.9}, 30}};  // no effect, strongly correlated
  std::uint32_t seed = 31;
  for (const Case& cs : cases) {
    NormalDraws normal(seed++);
    constexpr int kDataSets = 2000;
    int meanCovered = 0, smdCovered = 0;
    for (int k = 0; k < kDataSets; ++k) {
      const PairedSample s = drawPaired(normal, cs.model, cs.n);
      const PairedComparison c = comparePaired(s.arm, s.baseline);
      meanCovered += covers(c.meanDifference, cs.model.trueDifference());
      smdCovered += covers(c.smd, cs.model.trueSmd());
    }
    const double meanCoverage = meanCovered / double(kDataSets);
    const double smdCoverage = smdCovered / double(kDataSets);
    EXPECT_GE(meanCoverage, 0.93) << "rho " << cs.model.rho;
    EXPECT_LE(meanCoverage, 0.97) << "rho " << cs.model.rho;
    EXPECT_GE(smdCoverage, 0.93) << "rho " << cs.model.rho;
    EXPECT_LE(smdCoverage, 0.97) << "rho " << cs.model.rho;
  }
}

TEST(PairedStatistics, PairedIntervalsAreNarrowerThanUnpairedForCorrelatedArms) {
  NormalDraws normal(41);
  const std::size_t n = 200;
  const PairedSample s = drawPaired(normal, {5.5, 5, 2, 2, 0.8}, n);
  const PairedComparison c = comparePaired(s.arm, s.baseline);
  const double dn = double(n);
  const double varArm = sampleCovariance(s.arm, s.arm);
  const double varBase = sampleCovariance(s.baseline, s.baseline);
  // Two-sample interval, ignoring the pairing.
  const double unpairedMean = 2 * kZ975 * std::sqrt(varArm / dn + varBase / dn);
  EXPECT_LT(width(c.meanDifference), 0.6 * unpairedMean);  // about sqrt(1 - 0.8) = 0.45
  // The same delta-method SMD interval with the covariance of the arms set to 0.
  const double pooled = (varArm + varBase) / 2;
  const double g = c.smd.estimate;
  const double unpairedSmd =
      2 * kZ975 *
      std::sqrt(g * g * (varArm * varArm + varBase * varBase) / (8 * pooled * pooled * (dn - 1)) +
                (varArm + varBase) / (pooled * dn));
  EXPECT_LT(width(c.smd), 0.6 * unpairedSmd);
}

TEST(PairedStatistics, ConstantArmsGiveNaNSmd) {
  const std::vector<float> arm = {3, 3, 3, 3}, baseline = {2, 2, 2, 2};
  const PairedComparison c = comparePaired(arm, baseline);
  EXPECT_EQ(c.meanDifference.estimate, 1.0);
  EXPECT_EQ(width(c.meanDifference), 0.0);
  EXPECT_TRUE(std::isnan(c.smd.estimate));
  EXPECT_TRUE(std::isnan(c.smd.lower));
  EXPECT_TRUE(std::isnan(c.smd.upper));
}

TEST(PairedStatistics, NaNValuesPropagate) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> arm = {3, nan, 4}, baseline = {2, 1, 2};
  const PairedComparison c = comparePaired(arm, baseline);
  EXPECT_TRUE(std::isnan(c.meanArm));
  EXPECT_TRUE(std::isnan(c.meanDifference.estimate));
  EXPECT_TRUE(std::isnan(c.smd.estimate));
}

TEST(PairedStatistics, WrongShapesThrow) {
  const std::vector<float> three = {1, 2, 3}, two = {1, 2}, one = {1};
  EXPECT_THROW(comparePaired(three, two), std::invalid_argument);
  EXPECT_THROW(comparePaired(one, one), std::invalid_argument);
  EXPECT_THROW(comparePaired({}, {}), std::invalid_argument);
  const std::vector<std::uint8_t> yes3 = {1, 1, 0}, yes2 = {1, 0};
  EXPECT_THROW(comparePairedProportions(yes3, yes2), std::invalid_argument);
  EXPECT_THROW(comparePairedProportions({}, {}), std::invalid_argument);
  EXPECT_THROW(responders(three, two, 0.3), std::invalid_argument);
  EXPECT_THROW(responders(two, two, -0.1), std::invalid_argument);
  EXPECT_THROW(responders(two, two, 1.5), std::invalid_argument);
  EXPECT_THROW(responders(two, two, std::numeric_limits<double>::quiet_NaN()),
               std::invalid_argument);
  const std::vector<double> single = {1.0};
  EXPECT_THROW(replicateInterval(single), std::invalid_argument);
  EXPECT_THROW(replicateInterval({}), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(0, 5), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(1, 5), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(0.975, 0.5), std::invalid_argument);
  EXPECT_THROW(studentTQuantile(std::numeric_limits<double>::quiet_NaN(), 5),
               std::invalid_argument);
}

// --- Binary outcomes ---------------------------------------------------------

TEST(PairedStatistics, WilsonIntervalsMatchTheTextbook) {
  // 8 of 10 successes: 0.490 to 0.943 (Newcombe 1998, Altman et al. 2000).
  const std::vector<std::uint8_t> arm = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0};
  const std::vector<std::uint8_t> baseline = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  const ProportionComparison c = comparePairedProportions(arm, baseline);
  EXPECT_EQ(c.n, 10);
  EXPECT_DOUBLE_EQ(c.arm.estimate, 0.8);
  EXPECT_NEAR(c.arm.lower, 0.4902, 1e-4);
  EXPECT_NEAR(c.arm.upper, 0.9433, 1e-4);
  // 0 of 10: 0 to 0.2775.
  EXPECT_EQ(c.baseline.estimate, 0.0);
  EXPECT_EQ(c.baseline.lower, 0.0);
  EXPECT_NEAR(c.baseline.upper, 0.2775, 1e-4);
}

TEST(PairedStatistics, PairedProportionDifferenceMatchesAPublishedExample) {
  // Complete response before and after consolidation therapy (Cavo et al. 2012), as
  // analysed by Fagerland, Lydersen & Laake (2017, ch. 8): a = 59 (both), b = 6,
  // c = 16, d = 80. Newcombe's square-and-add interval: -0.0621 (-0.1186 to -0.0046).
  std::vector<std::uint8_t> arm, baseline;
  const auto add = [&](int count, std::uint8_t inArm, std::uint8_t inBase) {
    for (int i = 0; i < count; ++i) {
      arm.push_back(inArm);
      baseline.push_back(inBase);
    }
  };
  add(59, 1, 1);
  add(6, 1, 0);
  add(16, 0, 1);
  add(80, 0, 0);
  const ProportionComparison c = comparePairedProportions(arm, baseline);
  EXPECT_EQ(c.n, 161);
  EXPECT_DOUBLE_EQ(c.difference.estimate, -10.0 / 161);
  EXPECT_NEAR(c.difference.lower, -0.1186, 5e-5);
  EXPECT_NEAR(c.difference.upper, -0.0046, 5e-5);
  // Any nonzero value counts as true.
  for (auto& v : arm) v = v ? 7 : 0;
  const ProportionComparison again = comparePairedProportions(arm, baseline);
  EXPECT_EQ(again.difference.lower, c.difference.lower);
  EXPECT_EQ(again.difference.upper, c.difference.upper);
}

TEST(PairedStatistics, AgreeingBinaryArmsGiveZeroDifferenceAndANarrowInterval) {
  // 30 of 100 people in both arms. Identical arms: difference exactly 0, and a
  // narrower interval than for arms with the same shares that disagree on everyone.
  std::vector<std::uint8_t> same(100, 0), disagreeing(100, 0);
  for (int i = 0; i < 30; ++i) {
    same[std::size_t(i)] = 1;
    disagreeing[std::size_t(99 - i)] = 1;
  }
  const ProportionComparison identical = comparePairedProportions(same, same);
  const ProportionComparison opposite = comparePairedProportions(disagreeing, same);
  EXPECT_EQ(identical.difference.estimate, 0.0);
  EXPECT_EQ(opposite.difference.estimate, 0.0);
  EXPECT_LT(identical.difference.lower, 0.0);
  EXPECT_GT(identical.difference.upper, 0.0);
  EXPECT_LT(width(identical.difference), 0.5 * width(opposite.difference));
}

TEST(PairedStatistics, PairedProportionIntervalCoversTheTrueDifference) {
  // Baseline responds with probability 0.3; the arm responds with 0.7 if the
  // baseline did and 0.2 otherwise, so 0.35 overall: a true difference of 0.05.
  NormalDraws draws(51);
  constexpr int kDataSets = 2000;
  constexpr std::size_t kPeople = 200;
  int covered = 0;
  for (int k = 0; k < kDataSets; ++k) {
    std::vector<std::uint8_t> arm(kPeople), baseline(kPeople);
    for (std::size_t i = 0; i < kPeople; ++i) {
      baseline[i] = draws.uniform() < 0.3;
      arm[i] = draws.uniform() < (baseline[i] ? 0.7 : 0.2);
    }
    covered += covers(comparePairedProportions(arm, baseline).difference, 0.05);
  }
  const double coverage = covered / double(kDataSets);
  EXPECT_GE(coverage, 0.93);
  EXPECT_LE(coverage, 0.97);
}

TEST(PairedStatistics, RespondersFollowTheDocumentedRule) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> before = {10, 10, 10, 10, 0, -1, 5, nan, 8, 6};
  const std::vector<float> after = {7, 7.5f, 0, 12, 0, -5, 1, 1, nan, 4};
  // 30% from 10 is 7 (inclusive); 7.5 is only 25%; 10 -> 0 is 100%; worse is no;
  // before <= 0 never responds; NaN never responds; 6 -> 4 is 33%.
  const std::vector<std::uint8_t> expected = {1, 0, 1, 0, 0, 0, 1, 0, 0, 1};
  EXPECT_EQ(responders(before, after, 0.3), expected);
  // fraction 0: anyone not worse (with before > 0); fraction 1: pain-free only.
  EXPECT_EQ(responders(std::vector<float>{5, 5, 5}, std::vector<float>{5, 5.5f, 0}, 0.0),
            (std::vector<std::uint8_t>{1, 0, 1}));
  EXPECT_EQ(responders(std::vector<float>{5, 5}, std::vector<float>{0, 0.1f}, 1.0),
            (std::vector<std::uint8_t>{1, 0}));
  EXPECT_TRUE(responders({}, {}, 0.5).empty());
}

// --- Replicates --------------------------------------------------------------

TEST(PairedStatistics, ReplicateIntervalIsAStudentTInterval) {
  // {1, 2, 3, 4}: mean 2.5, sd sqrt(5/3), t(0.975, 3) = 3.1824463052837084.
  const std::vector<double> estimates = {1, 2, 3, 4};
  const Interval i = replicateInterval(estimates);
  const double half = 3.1824463052837084 * std::sqrt(5.0 / 3) / 2;
  EXPECT_DOUBLE_EQ(i.estimate, 2.5);
  EXPECT_NEAR(i.lower, 2.5 - half, 1e-9);
  EXPECT_NEAR(i.upper, 2.5 + half, 1e-9);
  // Equal replicates: a zero-width interval at their value.
  const std::vector<double> equal = {0.1, 0.1, 0.1};
  const Interval e = replicateInterval(equal);
  EXPECT_EQ(e.estimate, 0.1);
  EXPECT_EQ(e.lower, 0.1);
  EXPECT_EQ(e.upper, 0.1);
}

TEST(PairedStatistics, ReplicateIntervalCoversTheTrueMean) {
  // Five replicates per experiment: the t interval (not 1.96) is needed for 95%.
  NormalDraws normal(61);
  constexpr int kExperiments = 2000;
  int covered = 0;
  for (int k = 0; k < kExperiments; ++k) {
    std::vector<double> estimates;
    for (int r = 0; r < 5; ++r) estimates.push_back(0.4 + 0.05 * normal());
    covered += covers(replicateInterval(estimates), 0.4);
  }
  const double coverage = covered / double(kExperiments);
  EXPECT_GE(coverage, 0.93);
  EXPECT_LE(coverage, 0.97);
}

// --- Distributions -----------------------------------------------------------

TEST(PairedStatistics, StudentTQuantileMatchesTables) {
  // Printed tables (three decimals).
  EXPECT_NEAR(studentTQuantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 5), 2.571, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 30), 2.042, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 1e6), 1.960, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 1e6), kZ975, 1e-5);
  // High-precision values (40-digit root of the regularized incomplete beta).
  struct Reference {
    double p, df, t;
  };
  const Reference references[] = {{0.975, 1, 12.706204736174693},   {0.975, 3, 3.1824463052837084},
                                  {0.975, 4, 2.7764451051977935},   {0.975, 5, 2.5705818356363148},
                                  {0.975, 30, 2.0422724563012379},  {0.975, 39, 2.0226909200367607},
                                  {0.975, 1e6, 1.9599663568141067}, {0.9995, 3, 12.923978636687964},
                                  {0.995, 10, 3.1692726726169507},  {0.9, 2, 1.885618083164127},
                                  {0.6, 4, 0.27072229470759736},    {0.99, 2.5, 5.3531111730308723},
                                  {0.999, 120, 3.1595387433171104}};
  for (const Reference& r : references) {
    EXPECT_NEAR(studentTQuantile(r.p, r.df), r.t, 1e-6) << "p " << r.p << " df " << r.df;
    EXPECT_NEAR(studentTQuantile(1 - r.p, r.df), -r.t, 1e-6) << "p " << 1 - r.p << " df " << r.df;
  }
  EXPECT_EQ(studentTQuantile(0.5, 7), 0.0);
}

TEST(PairedStatistics, StudentTQuantileIsMonotone) {
  // Increasing in p, decreasing in df towards the normal quantile, and continuous
  // where the method changes (df 2 closed form; above df 1e4 expansion only, where
  // the two methods agree to 1e-11 rather than to the last bit).
  double previous = -std::numeric_limits<double>::infinity();
  for (double p = 0.5005; p < 0.9995; p += 0.001) {
    const double t = studentTQuantile(p, 7.5);
    EXPECT_GT(t, previous) << "p " << p;
    previous = t;
  }
  const double dfs[] = {1, 1.5, 2, 2.001, 3, 10, 100, 1e4, 2e4, 1e5, 1e6, 1e9};
  previous = std::numeric_limits<double>::infinity();
  for (const double df : dfs) {
    const double t = studentTQuantile(0.975, df);
    EXPECT_LE(t, previous) << "df " << df;
    EXPECT_GT(t, kZ975) << "df " << df;
    previous = t;
  }
  EXPECT_NEAR(studentTQuantile(0.975, 2), studentTQuantile(0.975, 2.000001), 1e-5);
  EXPECT_NEAR(studentTQuantile(0.975, 1e4), studentTQuantile(0.975, 1e4 + 1e-6), 1e-11);
}

}  // namespace
}  // namespace painsim::analysis
