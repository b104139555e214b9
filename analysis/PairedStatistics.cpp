#include "analysis/PairedStatistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace painsim::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Two-sided 97.5% point of the standard normal (for 95% intervals).
constexpr double kZ975 = 1.959963984540054;

/// Above this many degrees of freedom the Cornish-Fisher expansion of the t
/// quantile is exact to double precision (its first omitted term is below
/// 1e-20), and the continued fraction of the incomplete beta would need
/// O(sqrt(df)) terms, so no Newton refinement is done.
constexpr double kExpansionOnlyDf = 1e4;

// --- Special functions -------------------------------------------------------

/// log Gamma(x) for x > 0: the recurrence Gamma(x) = Gamma(x + 1) / x up to
/// x >= 15, then Stirling's series to the x^-9 term (truncation error below
/// 1e-16). Written out rather than std::lgamma, which writes the global
/// signgam (a data race when called from several threads) and differs
/// between C libraries.
double logGamma(double x) {
  double product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
  }
  const double inv = 1 / x, inv2 = inv * inv;
  const double series =
      inv *
      (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))));
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2 * std::numbers::pi) + series -
         std::log(product);
}

/// Continued fraction of the regularized incomplete beta function (modified
/// Lentz's method), converging fast for x < (a + 1) / (a + b + 2).
double betaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  constexpr int kMaxTerms = 20000;
  const auto guard = [](double v) { return std::abs(v) < kTiny ? kTiny : v; };
  double c = 1;
  double d = 1 / guard(1 - (a + b) * x / (a + 1));
  double h = d;
  for (int m = 1; m <= kMaxTerms; ++m) {
    const double dm = m;
    const double even = dm * (b - dm) * x / ((a - 1 + 2 * dm) * (a + 2 * dm));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const double odd = -(a + dm) * (a + b + dm) * x / ((a + 2 * dm) * (a + 1 + 2 * dm));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < kEps) break;
  }
  return h;
}

/// Regularized incomplete beta I_x(a, b), given both x and y = 1 - x (so a
/// caller that knows 1 - x accurately loses nothing to cancellation).
double incompleteBeta(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const double logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  const double front = std::exp(a * std::log(x) + b * std::log(y) - logBeta);
  if (x < (a + 1) / (a + b + 2)) return front * betaContinuedFraction(a, b, x) / a;
  return 1 - front * betaContinuedFraction(b, a, y) / b;
}

/// P(T > t) for t >= 0: 0.5 I_x(df/2, 1/2) with x = df / (df + t^2).
double tUpperTail(double t, double df) {
  const double t2 = t * t;
  return 0.5 * incompleteBeta(0.5 * df, 0.5, df / (df + t2), t2 / (df + t2));
}

/// Density of Student's t distribution.
double tDensity(double t, double df) {
  return std::exp(logGamma(0.5 * (df + 1)) - logGamma(0.5 * df) -
                  0.5 * std::log(df * std::numbers::pi) - 0.5 * (df + 1) * std::log1p(t * t / df));
}

/// The lower-tail p-quantile of the standard normal, 0 < p < 1: Acklam's
/// rational approximation (relative error 1.2e-9) refined by one Halley step
/// on std::erfc, which brings it to about double precision.
double normalQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  const auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  };
  double x;
  if (p < kLow) {
    x = tail(std::sqrt(-2 * std::log(p)));
  } else if (p > 1 - kLow) {
    x = -tail(std::sqrt(-2 * std::log1p(-p)));
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

/// The Cornish-Fisher expansion of the upper alpha point of t with df degrees
/// of freedom about the normal point z (Abramowitz & Stegun 26.7.5, to 1/df^5).
double cornishFisherT(double z, double df) {
  const double z2 = z * z;
  const double g1 = z * (z2 + 1) / 4;
  const double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
  const double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
  const double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
  const double g5 =
      z * (((((27 * z2 + 339) * z2 + 930) * z2 - 1782) * z2 - 765) * z2 + 17955) / 368640;
  const double v = 1 / df;
  return z + v * (g1 + v * (g2 + v * (g3 + v * (g4 + v * g5))));
}

/// The t with P(T > t) = alpha, for 0 < alpha < 0.5 and df >= 1.
double tUpperPoint(double alpha, double df) {
  if (df == 1) return 1 / std::tan(std::numbers::pi * alpha);
  if (df == 2) return (1 - 2 * alpha) / std::sqrt(2 * alpha * (1 - alpha));
  const double guess = cornishFisherT(-normalQuantile(alpha), df);
  if (df > kExpansionOnlyDf) return guess;
  // Newton steps on f(t) = P(T > t) - alpha, kept inside a bracket [lo, hi]
  // of the root (f(lo) > 0 > f(hi)); a step leaving it bisects instead.
  double lo = 0, hi = std::numeric_limits<double>::infinity();
  double t = guess > 0 && std::isfinite(guess) ? guess : 1;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double f = tUpperTail(t, df) - alpha;
    if (f == 0) return t;
    (f > 0 ? lo : hi) = t;
    double next = t + f / tDensity(t, df);
    if (!(next > lo && next < hi)) next = std::isfinite(hi) ? 0.5 * (lo + hi) : 2 * t;
    if (std::abs(next - t) <= 1e-14 * t) return next;
    t = next;
  }
  return t;
}

// --- Sums --------------------------------------------------------------------

/// Mean of n values get(0..n-1), in double and input order: the plain mean
/// refined by one pass of mean residuals, so that n equal values give exactly
/// that value back.
template <class Get>
double meanOf(std::size_t n, Get get) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += get(i);
  const double mean = sum / double(n);
  double residual = 0;
  for (std::size_t i = 0; i < n; ++i) residual += get(i) - mean;
  return mean + residual / double(n);
}

/// A Wilson score interval for x successes out of n, clipped to [0, 1].
Interval wilson(std::int64_t x, std::int64_t n) {
  const double dn = double(n), dx = double(x), z2 = kZ975 * kZ975;
  const double centre = (dx + z2 / 2) / (dn + z2);
  const double half = kZ975 / (dn + z2) * std::sqrt(dx * (dn - dx) / dn + z2 / 4);
  return {dx / dn, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace

PairedComparison comparePaired(std::span<const float> arm, std::span<const float> baseline) {
  if (arm.size() != baseline.size())
    throw std::invalid_argument("comparePaired: arm has " + std::to_string(arm.size()) +
                                " values but baseline has " + std::to_string(baseline.size()));
  if (arm.size() < 2)
    throw std::invalid_argument("comparePaired: need at least 2 people, got " +
                                std::to_string(arm.size()));
  const std::size_t n = arm.size();
  const double dn = double(n);
  const auto diff = [&](std::size_t i) { return double(arm[i]) - double(baseline[i]); };

  PairedComparison out;
  out.n = std::int64_t(n);
  out.meanArm = meanOf(n, [&](std::size_t i) { return double(arm[i]); });
  out.meanBaseline = meanOf(n, [&](std::size_t i) { return double(baseline[i]); });
  const double meanDiff = meanOf(n, diff);

  double ssArm = 0, ssBase = 0, spArmBase = 0, ssDiff = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ea = double(arm[i]) - out.meanArm;
    const double eb = double(baseline[i]) - out.meanBaseline;
    const double ed = diff(i) - meanDiff;
    ssArm += ea * ea;
    ssBase += eb * eb;
    spArmBase += ea * eb;
    ssDiff += ed * ed;
  }
  const double varArm = ssArm / (dn - 1), varBase = ssBase / (dn - 1);
  const double covArmBase = spArmBase / (dn - 1);
  // Computed from the differences themselves rather than as varArm + varBase
  // - 2 covArmBase: exact (zero) when the arms differ by a constant.
  const double varDiff = ssDiff / (dn - 1);

  const double halfMean = studentTQuantile(0.975, dn - 1) * std::sqrt(varDiff / dn);
  out.meanDifference = {meanDiff, meanDiff - halfMean, meanDiff + halfMean};

  const double pooledVar = (varArm + varBase) / 2;
  if (pooledVar > 0) {
    const double g = meanDiff / std::sqrt(pooledVar);
    const double variance =
        g * g * (varArm * varArm + varBase * varBase + 2 * covArmBase * covArmBase) /
            (8 * pooledVar * pooledVar * (dn - 1)) +
        varDiff / (pooledVar * dn);
    const double halfSmd = kZ975 * std::sqrt(variance);
    out.smd = {g, g - halfSmd, g + halfSmd};
  } else {
    out.smd = {kNaN, kNaN, kNaN};
  }
  return out;
}

ProportionComparison comparePairedProportions(std::span<const std::uint8_t> arm,
                                              std::span<const std::uint8_t> baseline) {
  if (arm.size() != baseline.size())
    throw std::invalid_argument("comparePairedProportions: arm has " + std::to_string(arm.size()) +
                                " values but baseline has " + std::to_string(baseline.size()));
  if (arm.empty()) throw std::invalid_argument("comparePairedProportions: no people");
  // a: both arms, b: arm only, c: baseline only, d: neither.
  std::int64_t a = 0, b = 0, c = 0, d = 0;
  for (std::size_t i = 0; i < arm.size(); ++i) {
    const bool inArm = arm[i] != 0, inBase = baseline[i] != 0;
    (inArm ? (inBase ? a : b) : (inBase ? c : d)) += 1;
  }
  const std::int64_t n = a + b + c + d;
  ProportionComparison out;
  out.n = n;
  out.arm = wilson(a + b, n);
  out.baseline = wilson(a + c, n);

  const double p1 = out.arm.estimate, p2 = out.baseline.estimate;
  const double l1 = out.arm.lower, u1 = out.arm.upper;
  const double l2 = out.baseline.lower, u2 = out.baseline.upper;
  // Newcombe's corrected estimate of the correlation between the arms.
  double phi = 0;
  if (a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0) {
    const double ad_bc = double(a) * double(d) - double(b) * double(c);
    const double numerator = ad_bc > double(n) / 2 ? ad_bc - double(n) / 2 : std::min(ad_bc, 0.0);
    phi = numerator /
          (std::sqrt(double(a + b) * double(c + d)) * std::sqrt(double(a + c) * double(b + d)));
  }
  const double diff = double(b - c) / double(n);
  const double below1 = p1 - l1, above1 = u1 - p1, below2 = p2 - l2, above2 = u2 - p2;
  const double lowerHalf =
      std::sqrt(std::max(0.0, below1 * below1 - 2 * phi * below1 * above2 + above2 * above2));
  const double upperHalf =
      std::sqrt(std::max(0.0, above1 * above1 - 2 * phi * above1 * below2 + below2 * below2));
  out.difference = {diff, diff - lowerHalf, diff + upperHalf};
  return out;
}

std::vector<std::uint8_t> responders(std::span<const float> before, std::span<const float> after,
                                     double fraction) {
  if (before.size() != after.size())
    throw std::invalid_argument("responders: before has " + std::to_string(before.size()) +
                                " values but after has " + std::to_string(after.size()));
  if (!(fraction >= 0 && fraction <= 1))
    throw std::invalid_argument("responders: fraction must be in [0, 1], got " +
                                std::to_string(fraction));
  std::vector<std::uint8_t> out(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    const double b = before[i], a = after[i];
    out[i] = b > 0 && (b - a) / b >= fraction ? 1 : 0;
  }
  return out;
}

Interval replicateInterval(std::span<const double> estimates) {
  if (estimates.size() < 2)
    throw std::invalid_argument("replicateInterval: need at least 2 replicates, got " +
                                std::to_string(estimates.size()));
  const std::size_t r = estimates.size();
  const double dr = double(r);
  const double mean = meanOf(r, [&](std::size_t i) { return estimates[i]; });
  double squares = 0;
  for (const double e : estimates) squares += (e - mean) * (e - mean);
  const double half = studentTQuantile(0.975, dr - 1) * std::sqrt(squares / (dr - 1) / dr);
  return {mean, mean - half, mean + half};
}

double studentTQuantile(double p, double df) {
  if (!(p > 0 && p < 1))
    throw std::invalid_argument("studentTQuantile: p must be in (0, 1), got " + std::to_string(p));
  if (!(df >= 1))
    throw std::invalid_argument("studentTQuantile: df must be at least 1, got " +
                                std::to_string(df));
  if (p == 0.5) return 0;
  // 1 - p is exact for p >= 0.5, so the tail probability carries all of p's digits.
  return p > 0.5 ? tUpperPoint(1 - p, df) : -tUpperPoint(p, df);
}

}  // namespace painsim::analysis
