#include "analysis/Statistics.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/QR>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace painsim::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Two-sided 97.5% point of the standard normal (for 95% intervals).
constexpr double kZ975 = 1.959963984540054;

/// z-scores of v (mean 0, sample sd 1), in double; empty if v is constant.
Eigen::VectorXd zScores(std::span<const float> v) {
  const auto n = Eigen::Index(v.size());
  Eigen::VectorXd z(n);
  for (Eigen::Index i = 0; i < n; ++i) z[i] = v[std::size_t(i)];
  z.array() -= z.mean();
  const double sd = std::sqrt(z.squaredNorm() / double(n - 1));
  if (!(sd > 0)) return {};
  return z / sd;
}

/// Relative size below which a pivot of a standardized design counts as zero.
/// Inputs are floats (about 7 significant digits), so a column that equals a
/// combination of others up to float rounding must count as collinear; Eigen's
/// default threshold (near double epsilon) would accept it and return huge,
/// meaningless coefficients. 1e-5 flags only columns whose R^2 on the other
/// columns exceeds 1 - 1e-10.
constexpr double kRankThreshold = 1e-5;

/// Least-squares coefficients of y on the columns of X (column-pivoting QR);
/// empty if X does not have full column rank.
Eigen::VectorXd leastSquares(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X.rows(), X.cols());
  qr.setThreshold(kRankThreshold);
  qr.compute(X);
  if (qr.rank() < X.cols()) return {};
  return qr.solve(y);
}

/// Accumulates the normal equations X'X b = X'y of a regression with an
/// intercept and two predictors, one observation at a time.
class TwoPredictorFit {
 public:
  void add(double y, double x1, double x2) {
    const Eigen::Vector3d row(1.0, x1, x2);
    xtx_.noalias() += row * row.transpose();
    xty_.noalias() += row * y;
  }
  /// The coefficient of x1, or NaN if the predictors are collinear.
  double firstSlope() const {
    const Eigen::LDLT<Eigen::Matrix3d> ldlt(xtx_);
    // X'X squares the condition number of X, hence the squared threshold.
    if (ldlt.info() != Eigen::Success || !(ldlt.rcond() > kRankThreshold * kRankThreshold))
      return kNaN;
    return ldlt.solve(xty_)[1];
  }

 private:
  Eigen::Matrix3d xtx_ = Eigen::Matrix3d::Zero();
  Eigen::Vector3d xty_ = Eigen::Vector3d::Zero();
};

/// A diary series centred within person, then z-scored over all pooled
/// values; empty if it is constant within every person.
std::vector<double> withinPersonZ(std::span<const float> v, std::size_t people, std::size_t days) {
  std::vector<double> out(v.size());
  for (std::size_t p = 0; p < people; ++p) {
    const auto own = v.subspan(p * days, days);
    double mean = 0;
    for (const float x : own) mean += x;
    mean /= double(days);
    for (std::size_t t = 0; t < days; ++t) out[p * days + t] = double(own[t]) - mean;
  }
  // Every person's values now average 0, so the pooled mean is 0 up to
  // rounding; subtract it anyway so the z-scores are exact.
  double mean = 0;
  for (const double x : out) mean += x;
  mean /= double(out.size());
  double squares = 0;
  for (double& x : out) {
    x -= mean;
    squares += x * x;
  }
  const double sd = std::sqrt(squares / double(out.size() - 1));
  if (!(sd > 0)) return {};
  for (double& x : out) x /= sd;
  return out;
}

}  // namespace

// --- Correlation and association ---------------------------------------------

double pearson(std::span<const float> x, std::span<const float> y) {
  if (x.size() != y.size()) throw std::invalid_argument("pearson: x and y differ in size");
  if (x.size() < 2) throw std::invalid_argument("pearson: fewer than 2 pairs");
  const auto n = double(x.size());
  double meanX = 0, meanY = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  // Centred sums: more accurate than sum(xy) - n mean(x) mean(y).
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - meanX, dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return kNaN;
  // Rounding can push |r| of exactly linear data a hair past 1.
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

OddsRatio oddsRatio(std::span<const std::uint8_t> exposed, std::span<const std::uint8_t> outcome) {
  if (exposed.size() != outcome.size())
    throw std::invalid_argument("oddsRatio: exposure and outcome differ in size");
  if (exposed.empty()) throw std::invalid_argument("oddsRatio: no observations");
  OddsRatio r;
  for (std::size_t i = 0; i < exposed.size(); ++i) {
    const bool e = exposed[i] != 0, o = outcome[i] != 0;
    if (e && o)
      ++r.a;
    else if (e)
      ++r.b;
    else if (o)
      ++r.c;
    else
      ++r.d;
  }
  // Haldane-Anscombe: add 0.5 to every cell, but only when one is empty, so
  // tables without empty cells give the plain ad/bc.
  const double add = (r.a == 0 || r.b == 0 || r.c == 0 || r.d == 0) ? 0.5 : 0.0;
  const double a = double(r.a) + add, b = double(r.b) + add, c = double(r.c) + add,
               d = double(r.d) + add;
  const double logOr = std::log(a) + std::log(d) - std::log(b) - std::log(c);
  // Woolf: the standard error of log OR is sqrt(1/a + 1/b + 1/c + 1/d).
  const double se = std::sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  r.value = std::exp(logOr);
  r.lower = std::exp(logOr - kZ975 * se);
  r.upper = std::exp(logOr + kZ975 * se);
  return r;
}

// --- Path models -------------------------------------------------------------

Mediation parallelMediation(std::span<const float> x,
                            const std::vector<std::span<const float>>& mediators,
                            std::span<const float> y) {
  const std::size_t n = x.size(), k = mediators.size();
  if (y.size() != n) throw std::invalid_argument("parallelMediation: x and y differ in size");
  for (const auto& m : mediators)
    if (m.size() != n)
      throw std::invalid_argument("parallelMediation: a mediator differs in size from x");
  if (n < k + 3)
    throw std::invalid_argument("parallelMediation: need at least (mediators + 3) observations");

  Mediation out;
  const auto undefined = [&] {
    out.a.assign(k, kNaN);
    out.b.assign(k, kNaN);
    out.indirect.assign(k, kNaN);
    out.direct = out.total = kNaN;
    return out;
  };

  // Standardize everything. z-scores have mean 0, so every regression below
  // passes through the origin and needs no intercept column.
  const Eigen::VectorXd zx = zScores(x), zy = zScores(y);
  if (zx.size() == 0 || zy.size() == 0) return undefined();
  const auto rows = Eigen::Index(n);
  Eigen::MatrixXd design(rows, Eigen::Index(k + 1));  // columns: x, m_1..m_K
  design.col(0) = zx;
  for (std::size_t j = 0; j < k; ++j) {
    const Eigen::VectorXd zm = zScores(mediators[j]);
    if (zm.size() == 0) return undefined();
    design.col(Eigen::Index(j + 1)) = zm;
  }

  // a_k and c: simple regressions on x, slope = x'v / x'x.
  const double xx = zx.squaredNorm();
  for (std::size_t j = 0; j < k; ++j) out.a.push_back(zx.dot(design.col(Eigen::Index(j + 1))) / xx);
  out.total = zx.dot(zy) / xx;

  // c' and b_k: the multiple regression of y on x and all mediators.
  const Eigen::VectorXd coef = leastSquares(design, zy);
  if (coef.size() == 0) return undefined();
  out.direct = coef[0];
  for (std::size_t j = 0; j < k; ++j) {
    out.b.push_back(coef[Eigen::Index(j + 1)]);
    out.indirect.push_back(out.a[j] * out.b[j]);
  }
  return out;
}

// --- Daily diaries -----------------------------------------------------------

LagAsymmetry sleepPainAsymmetry(std::span<const float> pain, std::span<const float> sleep,
                                std::size_t people, std::size_t days) {
  if (people == 0) throw std::invalid_argument("sleepPainAsymmetry: no people");
  if (days < 3) throw std::invalid_argument("sleepPainAsymmetry: need at least 3 days");
  if (pain.size() != people * days || sleep.size() != people * days)
    throw std::invalid_argument("sleepPainAsymmetry: expected people * days values per series");

  const std::vector<double> zp = withinPersonZ(pain, people, days);
  const std::vector<double> zs = withinPersonZ(sleep, people, days);
  if (zp.empty() || zs.empty()) return {kNaN, kNaN, kNaN};

  // t runs over 1..days-2 in both regressions so they use the same days:
  // t-1 exists for the pain lag and t+1 for the next night.
  TwoPredictorFit sleepToPain, painToSleep;
  for (std::size_t p = 0; p < people; ++p) {
    const std::size_t base = p * days;
    for (std::size_t t = 1; t + 1 < days; ++t) {
      const std::size_t i = base + t;
      sleepToPain.add(zp[i], zs[i], zp[i - 1]);
      painToSleep.add(zs[i + 1], zp[i], zs[i]);
    }
  }
  LagAsymmetry r;
  r.sleepToPain = sleepToPain.firstSlope();
  r.painToSleep = painToSleep.firstSlope();
  r.ratio = std::abs(r.sleepToPain) / std::abs(r.painToSleep);
  return r;
}

// --- Order statistics --------------------------------------------------------

double quantile7(std::vector<float> v, double q) {
  if (v.empty()) throw std::invalid_argument("quantile7: no values");
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("quantile7: q must be in [0, 1]");
  if (std::any_of(v.begin(), v.end(), [](float x) { return std::isnan(x); }))
    throw std::invalid_argument("quantile7: NaN value");
  const double h = double(v.size() - 1) * q;
  const auto lo = std::size_t(std::floor(h));
  // Partial sorts: v[lo] is the lo-th order statistic, and the next one is
  // the smallest value after it.
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(lo), v.end());
  const double low = v[lo];
  const double fraction = h - double(lo);
  if (fraction == 0) return low;  // also covers q = 1 (lo is the last index)
  const double high = *std::min_element(v.begin() + std::ptrdiff_t(lo + 1), v.end());
  return low + fraction * (high - low);
}

double median(std::vector<float> v) { return quantile7(std::move(v), 0.5); }

}  // namespace painsim::analysis
