#pragma once
// Statistics used to compare simulated cohorts against published targets:
// trajectory classes of weekly pain, Pearson correlation, odds ratios,
// standardized parallel mediation and the lagged sleep/pain asymmetry of
// daily diaries. All functions are pure: no I/O, no global state.
//
// Error policy: wrong shapes (mismatched sizes, too few observations, bad
// arguments) throw std::invalid_argument. Data for which a statistic is
// undefined (a variable with zero variance, collinear predictors) give NaN.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "models/Trajectory.hpp"

namespace painsim::analysis {

// --- Trajectory classes of weekly pain (models/Trajectory.hpp) ---------------

using models::ClassifierRules;
using models::classifyTrajectory;
using models::classShares;
using models::kTrajectoryClassNames;
using models::kTrajectoryWeeks;
using models::TrajectoryClass;

// --- Correlation and association ---------------------------------------------

/// Pearson's product-moment correlation of x and y, accumulated in double
/// (two passes: means, then centred sums). Throws std::invalid_argument if the
/// sizes differ or there are fewer than 2 pairs; NaN if x or y is constant.
double pearson(std::span<const float> x, std::span<const float> y);

/// An odds ratio with its 95% confidence interval and the 2x2 table it came from.
///                  outcome   no outcome
///   exposed           a          b
///   not exposed       c          d
/// a, b, c, d are the raw counts (before any zero-cell correction).
struct OddsRatio {
  double value = 0, lower = 0, upper = 0;
  std::int64_t a = 0, b = 0, c = 0, d = 0;
};

/// Odds ratio (a d) / (b c) of the outcome for exposed versus not exposed
/// people, with Woolf's 95% interval exp(log OR -/+ 1.96 sqrt(1/a + 1/b + 1/c + 1/d)).
/// Entries are booleans: 0 is false, any other value true. When some cell is
/// zero the ratio and interval are computed from cells each increased by 0.5
/// (the Haldane-Anscombe correction), so they stay finite; otherwise the raw
/// cells are used. Throws std::invalid_argument if the sizes differ or are 0.
OddsRatio oddsRatio(std::span<const std::uint8_t> exposed, std::span<const std::uint8_t> outcome);

// --- Path models -------------------------------------------------------------

/// Standardized coefficients of a parallel mediation model (one predictor x,
/// K mediators m_k, one outcome y), as in the path models of Lee et al. (2015):
///   m_k = a_k x                             (K simple regressions)
///   y   = c' x + sum_k b_k m_k              (one multiple regression)
///   y   = c x                               (total effect)
/// indirect_k = a_k b_k, and for least squares c = c' + sum_k indirect_k.
struct Mediation {
  std::vector<double> a, b, indirect;
  double direct = 0;  ///< c'
  double total = 0;   ///< c
};

/// Fits the parallel mediation model by least squares (Eigen, in double) after
/// z-scoring x, each mediator and y, so every coefficient is standardized.
/// Every series must have the same length n, with n >= K + 3 (K mediators).
/// Throws std::invalid_argument otherwise. If a series is constant or the
/// predictors of y are collinear, every coefficient is NaN.
Mediation parallelMediation(std::span<const float> x,
                            const std::vector<std::span<const float>>& mediators,
                            std::span<const float> y);

// --- Daily diaries -----------------------------------------------------------

/// Cross-lagged effects of sleep on pain and of pain on sleep (standardized).
struct LagAsymmetry {
  double sleepToPain = 0;  ///< pain[t] ~ sleep[t] + pain[t-1]: coefficient of sleep[t]
  double painToSleep = 0;  ///< sleep[t+1] ~ pain[t] + sleep[t]: coefficient of pain[t]
  double ratio = 0;        ///< |sleepToPain| / |painToSleep|
};

/// Lagged asymmetry of sleep and pain in daily diaries. pain and sleep are
/// person-major [person * days + t]; pain[t] is the pain on day t and sleep[t]
/// the quality of the night before day t (higher is better).
///
/// Each series is first centred within person (each person's own mean over
/// all days is subtracted), so stable differences between people cannot
/// masquerade as day-to-day effects; the centred values are then pooled and
/// z-scored over all people and days. Two pooled least-squares regressions
/// (with intercept) over every person and t = 1..days-2 follow:
///   sleep -> pain:  pain[t]    ~ sleep[t] + pain[t-1]
///   pain -> sleep:  sleep[t+1] ~ pain[t]  + sleep[t]
/// Both coefficients are expected to be negative. A ratio above 1 means sleep
/// predicts next-day pain more strongly than pain predicts the next night.
/// Throws std::invalid_argument if people is 0, days < 3, or either size is
/// not people * days. NaN coefficients if a series is constant within every
/// person or the predictors are collinear.
LagAsymmetry sleepPainAsymmetry(std::span<const float> pain, std::span<const float> sleep,
                                std::size_t people, std::size_t days);

// --- Order statistics --------------------------------------------------------

/// The q-quantile of v by linear interpolation between order statistics
/// (Hyndman & Fan type 7, R's default): with h = (n - 1) q, the value
/// x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)]) of the sorted x.
/// Throws std::invalid_argument if v is empty, holds a NaN, or q is not in [0, 1].
double quantile7(std::vector<float> v, double q);

/// The median: quantile7(v, 0.5).
double median(std::vector<float> v);

}  // namespace painsim::analysis
