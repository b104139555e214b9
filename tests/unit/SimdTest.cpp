// The maths the model is written in (models/Simd.hpp): accuracy of the branch-free
// exp, log, log1p and sin/cos against the C library, and identical results on lanes
// and on one number, which the block kernel's bitwise equality with the scalar path
// rests on.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "models/Simd.hpp"

namespace painsim::models::simd {
namespace {

/// Values spread over [lo, hi], in lane groups.
std::vector<float> grid(float lo, float hi, int n) {
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[std::size_t(i)] = lo + (hi - lo) * float(i) / float(n - 1);
  return x;
}

/// Largest relative error of f (on one number) against the reference g over xs, and
/// checks on the way that f on lanes gives exactly f on one number.
template <class Fn, class Ref>
double worstRelativeError(const std::vector<float>& xs, Fn f, Ref g) {
  double worst = 0;
  for (std::size_t i = 0; i + kLanes <= xs.size(); i += kLanes) {
    floats lanes;
    for (std::size_t k = 0; k < kLanes; ++k) lanes[k] = xs[i + k];
    const floats y = f(lanes);
    for (std::size_t k = 0; k < kLanes; ++k) {
      const float one = f(xs[i + k]);
      EXPECT_EQ(std::bit_cast<std::uint32_t>(y[k]), std::bit_cast<std::uint32_t>(one))
          << "lane " << k << " of x = " << xs[i + k];
      const double exact = g(double(xs[i + k]));
      const double scale = std::max(std::abs(exact), 1e-30);
      worst = std::max(worst, std::abs(double(one) - exact) / scale);
    }
  }
  return worst;
}

TEST(Simd, ExpIsAccurateToAFewUlpAndEqualOnLanes) {
  const auto f = [](auto x) { return exp(x); };
  EXPECT_LT(worstRelativeError(grid(-80.f, 80.f, 80000), f, [](double x) { return std::exp(x); }),
            3e-7);
  EXPECT_EQ(exp(0.f), 1.f);
  EXPECT_GT(exp(-200.f), 0.f) << "clamped: stays a positive normal number";
  EXPECT_TRUE(std::isfinite(exp(200.f)));
}

TEST(Simd, LogAndLog1pAreAccurateToAFewUlpAndEqualOnLanes) {
  const auto lg = [](auto x) { return log(x); };
  EXPECT_LT(worstRelativeError(grid(1e-10f, 1.f, 80000), lg, [](double x) { return std::log(x); }),
            3e-7);
  EXPECT_LT(worstRelativeError(grid(1.f, 1e6f, 80000), lg, [](double x) { return std::log(x); }),
            3e-7);
  EXPECT_EQ(log(1.f), 0.f);
  const auto l1p = [](auto x) { return log1p(x); };
  EXPECT_LT(
      worstRelativeError(grid(0.f, 100.f, 80000), l1p, [](double x) { return std::log1p(x); }),
      3e-7);
  EXPECT_LT(
      worstRelativeError(grid(1e-8f, 1e-3f, 8000), l1p, [](double x) { return std::log1p(x); }),
      3e-7)
      << "small arguments keep their precision";
}

TEST(Simd, SinCosPiAreAccurateAndEqualOnLanes) {
  const auto s = [](auto x) {
    decltype(x) a, b;
    sincospi(x, a, b);
    return a;
  };
  const auto c = [](auto x) {
    decltype(x) a, b;
    sincospi(x, a, b);
    return b;
  };
  const double pi = 3.14159265358979323846;
  // Absolute error near the zeros; relative elsewhere is checked through a floor of 1e-7.
  double worst = 0;
  for (float x : grid(-1.f, 1.f, 40001)) {
    float a, b;
    sincospi(x, a, b);
    worst = std::max({worst, std::abs(double(a) - std::sin(pi * double(x))),
                      std::abs(double(b) - std::cos(pi * double(x)))});
  }
  EXPECT_LT(worst, 2e-7);
  worstRelativeError(grid(-1.f, 1.f, 8000), s, [&](double x) { return std::sin(pi * x); });
  worstRelativeError(grid(-1.f, 1.f, 8000), c, [&](double x) { return std::cos(pi * x); });
}

TEST(Simd, RoundFloorAndSqrtEqualTheStandardLibrary) {
  for (float x : {-2.5f, -1.5f, -0.5f, -0.49999997f, 0.f, 0.49999997f, 0.5f, 1.5f, 2.5f, 23.5f,
                  23.499998f, 7.f, -7.f}) {
    EXPECT_EQ(round(x), std::round(x)) << x;
    EXPECT_EQ(floor(x), std::floor(x)) << x;
  }
  for (float x : grid(0.f, 1000.f, 1001)) EXPECT_EQ(sqrt(x), std::sqrt(x));
  const auto r = [](auto x) { return round(x); };
  worstRelativeError(grid(-30.f, 30.f, 8001), r, [](double x) { return std::round(x); });
}

TEST(Simd, SelectMinMaxAndMasksActLaneByLane) {
  floats x = {-1.f, 0.f, 0.5f, 1.f, 2.f, -0.f, 0.25f, 3.f};
  const floats c = clamp(x, 0.f, 1.f);
  for (std::size_t k = 0; k < kLanes; ++k) EXPECT_EQ(c[k], std::clamp(x[k], 0.f, 1.f));
  const ints big = x > 0.75f;
  const floats picked = select(big, x, splat<floats>(9.f));
  for (std::size_t k = 0; k < kLanes; ++k) EXPECT_EQ(picked[k], x[k] > 0.75f ? x[k] : 9.f);
  const ints count = indicator<ints>(negate(big));
  for (std::size_t k = 0; k < kLanes; ++k) EXPECT_EQ(count[k], x[k] > 0.75f ? 0 : 1);
}

}  // namespace
}  // namespace painsim::models::simd
