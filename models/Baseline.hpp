#pragma once
// The population generator: a person's state at consultation (day 0) from
// correlated standard normals (Gaussian copula; Eigen's Cholesky).

#include <Eigen/Core>

#include "models/CoreModel.hpp"

namespace painsim::models {

/// Number of correlated baseline normals: catastrophizing, fear, self-efficacy, severity.
inline constexpr int kCorrelatedBaseline = 4;
using BaselineFactor = Eigen::Matrix<float, kCorrelatedBaseline, kCorrelatedBaseline>;

/// Lower Cholesky factor L of the baseline correlation matrix (z_corr = L z).
/// Throws std::invalid_argument if the correlations are not positive definite.
BaselineFactor baselineCholesky(const Params& p);

/// Applies L to the first four draws; the rest stay independent.
BaselineDraws correlate(const BaselineFactor& factor, BaselineDraws independent);

/// A person's state on day 0 (consultation), including day-0 measurement.
PersonState baselinePerson(const Params& p, const BaselineDraws& z, const DayDraws& day0,
                           int recoveryDays);

}  // namespace painsim::models
