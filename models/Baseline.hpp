#pragma once
// The population generator: a person's traits and states at the onset of an
// episode from correlated standard normals (Gaussian copula; Eigen's Cholesky).

#include <Eigen/Core>

#include "models/CoreModel.hpp"

namespace painsim::models {

/// Number of correlated baseline normals: catastrophizing, fear, self-efficacy, severity,
/// mood, anxiety, sleep, stress, support, acceptance (the order of BaselineDraws).
inline constexpr int kCorrelatedBaseline = 10;
using BaselineMatrix = Eigen::Matrix<double, kCorrelatedBaseline, kCorrelatedBaseline>;
using BaselineFactor = Eigen::Matrix<float, kCorrelatedBaseline, kCorrelatedBaseline>;

/// The baseline correlation matrix: one shared distress factor with loadings l_i,
/// r_ij = l_i l_j (i != j), r_ii = 1. Positive definite whenever every |l_i| < 1.
BaselineMatrix baselineCorrelation(const Params& p);

/// Lower Cholesky factor L of the baseline correlation matrix (z_corr = L z).
/// Throws std::invalid_argument if the matrix is not positive definite.
BaselineFactor baselineCholesky(const Params& p);

/// Applies L to the correlated draws; the rest stay independent.
BaselineDraws correlate(const BaselineFactor& factor, BaselineDraws independent);

/// A person at the onset of an episode: traits, the injury, and states consistent
/// with them on that day (measured as day `c.day`). Work status uses the
/// employment and sick-leave draws.
PersonState onsetPerson(const Params& p, const BaselineDraws& z, const DayDraws& today,
                        const DayContext& c);

/// Sets the fast states (pain, catastrophizing, activity, disability, mood, worry,
/// solicitous support) consistent with the person's traits and nociception on the day
/// of measurement, and measures them. onsetPerson and wellPerson end with it; so does a
/// person whose traits were set by hand (sim/Individual.hpp).
void settle(const Params& p, PersonState& s, const DayDraws& today, const DayContext& c);

/// A person in the general population before any episode: the same traits, no injury.
PersonState wellPerson(const Params& p, const BaselineDraws& z, const DayDraws& today,
                       const DayContext& c);

}  // namespace painsim::models
