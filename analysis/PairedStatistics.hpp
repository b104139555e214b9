#pragma once
// Statistics for comparing care arms simulated on the same virtual people:
// every person appears once in each arm, so arms are compared person by person
// (paired), which removes the between-person variation the arms share. Used by
// `painsim compare`. All functions are pure: no I/O, no global state. Sums are
// accumulated in double, in input order, so results are deterministic.
//
// Error policy (as in analysis/Statistics.hpp): wrong shapes (mismatched
// sizes, too few observations, bad arguments) throw std::invalid_argument.
// Data for which a statistic is undefined (a zero pooled standard deviation,
// NaN inputs) give NaN.
//
// Intervals are 95%. Intervals for means use Student's t with df = n - 1 for
// every n (it tends to the normal 1.959963984540054 as n grows); the delta-
// method interval of the standardized mean difference and the score intervals
// of proportions use the normal quantile 1.959963984540054.

#include <cstdint>
#include <span>
#include <vector>

namespace painsim::analysis {

/// A point estimate with its confidence interval (95% unless stated).
struct Interval {
  double estimate = 0, lower = 0, upper = 0;
};

// --- Continuous outcomes -----------------------------------------------------

/// A paired comparison of a continuous outcome between an arm and the baseline arm.
struct PairedComparison {
  std::int64_t n = 0;  ///< number of people (pairs)
  double meanArm = 0, meanBaseline = 0;
  /// arm - baseline: mean of the per-person differences d_i = arm_i - baseline_i,
  /// with the paired t interval mean(d) -/+ t(0.975, n - 1) sd(d) / sqrt(n).
  Interval meanDifference;
  /// Standardized mean difference g = mean(d) / s, s = sqrt((s_arm^2 + s_base^2) / 2)
  /// (sample variances, n - 1 denominators). 95% interval g -/+ 1.96 sqrt(V), the delta-method
  /// variance for a paired design (as in Bonett 2015, Psychological Methods):
  ///   V = g^2 (s_arm^4 + s_base^4 + 2 s_ab^2) / (8 s^4 (n - 1)) + sd(d)^2 / (s^2 n),
  /// where s_ab is the covariance of the arms and sd(d)^2 = s_arm^2 + s_base^2 - 2 s_ab;
  /// the correlation between arms enters through s_ab. NaN if s is 0 (both arms constant).
  Interval smd;
};

/// Compares arm with baseline person by person: arm[i] and baseline[i] are the
/// same person. Throws std::invalid_argument if the sizes differ or there are
/// fewer than 2 people. NaN values propagate to NaN results.
PairedComparison comparePaired(std::span<const float> arm, std::span<const float> baseline);

// --- Binary outcomes ---------------------------------------------------------

/// A paired comparison of a binary outcome (a proportion) between two arms.
struct ProportionComparison {
  std::int64_t n = 0;  ///< number of people (pairs)
  /// Proportion in each arm with the Wilson score interval
  /// (x + z^2/2) / (n + z^2) -/+ z / (n + z^2) sqrt(x (n - x) / n + z^2 / 4).
  Interval arm, baseline;
  /// arm - baseline = (b - c) / n, with Newcombe's (1998, Statistics in Medicine
  /// 17:2635) method 10 for paired proportions: the square-and-add interval of the
  /// two Wilson intervals, corrected for the correlation between the arms. With
  /// the table a = both, b = arm only, c = baseline only, d = neither, proportions
  /// p1 = (a + b) / n (arm), p2 = (a + c) / n (baseline), Wilson limits l1, u1, l2, u2:
  ///   lower = (p1 - p2) - sqrt((p1 - l1)^2 - 2 phi (p1 - l1)(u2 - p2) + (u2 - p2)^2)
  ///   upper = (p1 - p2) + sqrt((u1 - p1)^2 - 2 phi (u1 - p1)(p2 - l2) + (p2 - l2)^2)
  /// phi = C / sqrt((a + b)(c + d)(a + c)(b + d)) with C = ad - bc - n/2 if
  /// ad - bc > n/2, C = 0 if 0 <= ad - bc <= n/2, C = ad - bc if ad - bc < 0, and
  /// phi = 0 if a margin is 0. Not zero-width when no person changed (b = c = 0):
  /// the arms then agree on these people, but not necessarily in the population.
  Interval difference;
};

/// Compares the share of people with an outcome in arm and in baseline (same
/// person at the same index). Entries are booleans: 0 is false, any other value
/// true. Throws std::invalid_argument if the sizes differ or are 0.
ProportionComparison comparePairedProportions(std::span<const std::uint8_t> arm,
                                              std::span<const std::uint8_t> baseline);

/// Responders: people whose value (pain, where lower is better) fell by at
/// least `fraction` of their own baseline value. Person i responds (1) iff
///   before[i] > 0  and  (before[i] - after[i]) / before[i] >= fraction,
/// computed in double; otherwise 0. So with fraction 0.3, 10 -> 7 responds and
/// 10 -> 7.5 does not; a person with before <= 0 (nothing to improve) and a
/// person with a NaN value never respond. Throws std::invalid_argument if the
/// sizes differ or fraction is not in [0, 1].
std::vector<std::uint8_t> responders(std::span<const float> before, std::span<const float> after,
                                     double fraction);

// --- Replicates --------------------------------------------------------------

/// Between-replicate interval of R estimates (one per independent replicate,
/// e.g. per seed): their mean with the t interval
/// mean -/+ t(0.975, R - 1) sd / sqrt(R), sd with an R - 1 denominator.
/// Throws std::invalid_argument if R < 2.
Interval replicateInterval(std::span<const double> estimates);

// --- Distributions -----------------------------------------------------------

/// The p-quantile of Student's t distribution with df degrees of freedom
/// (df >= 1, not necessarily an integer), accurate to 1e-6 or better for p in
/// (0.5, 0.9995) (and by symmetry below 0.5). df 1 and 2 use closed forms; other
/// df up to 1e4 start from the Cornish-Fisher expansion (Abramowitz & Stegun
/// 26.7.5) and refine it by safeguarded Newton steps on the upper tail
/// 0.5 I_x(df/2, 1/2), x = df / (df + t^2), a regularized incomplete beta
/// evaluated by its continued fraction; above 1e4 the expansion alone is used
/// (its first omitted term is below 1e-20). Measured against 40-digit values the
/// error is below 1e-11. Throws std::invalid_argument unless 0 < p < 1 and df >= 1.
double studentTQuantile(double p, double df);

}  // namespace painsim::analysis
