#pragma once
// Cost-effectiveness of care arms (docs/economics.md): incremental analysis with
// strict and extended dominance, net monetary benefit, and the acceptability
// curve from draws. Pure functions: no I/O, no global state.
//
// Error policy (as in analysis/Statistics.hpp): wrong shapes throw
// std::invalid_argument; undefined values (the ICER of the cheapest strategy,
// of a dominated one) are NaN.

#include <string>
#include <string_view>
#include <vector>

namespace painsim::analysis {

/// A strategy (an arm) with its mean cost and effect (QALYs) per person.
struct Strategy {
  std::string name;
  double cost = 0, effect = 0;
};

enum class Dominance {
  kNotDominated,         ///< on the cost-effectiveness frontier ("ND")
  kDominated,            ///< strictly dominated: another costs no more and gains no less ("D")
  kExtendedlyDominated,  ///< a mix of its neighbours on the frontier does better ("ED")
};

/// "ND", "D" or "ED" (the codes dampack uses).
std::string_view dominanceCode(Dominance d);

/// One row of an incremental analysis.
struct IcerRow {
  std::string strategy;
  double cost = 0, effect = 0;
  /// Against the next cheaper strategy on the frontier; NaN off the frontier and for
  /// the cheapest strategy.
  double incCost = 0, incEffect = 0, icer = 0;
  Dominance status = Dominance::kNotDominated;
};

/// The incremental analysis of dampack's calculate_icers (Alarid-Escudero et al.):
///   1. order by cost (then by effect, highest first);
///   2. a strategy is strictly dominated if a cheaper (or equally costly, listed earlier)
///      one gains at least as much;
///   3. among the rest, while some ICER is lower than the ICER before it, the strategy
///      before it is extendedly dominated; remove it and recompute.
/// Rows: the frontier by increasing cost, then the extendedly dominated, then the
/// strictly dominated (each in cost order). Throws std::invalid_argument if empty.
std::vector<IcerRow> calculateIcers(const std::vector<Strategy>& strategies);

/// Net monetary benefit wtp x effect - cost.
inline double netBenefit(double cost, double effect, double wtp) { return wtp * effect - cost; }

/// The acceptability curve: for each willingness to pay in `wtps`, the share of draws in
/// which each strategy has the highest net monetary benefit (ties go to the strategy
/// listed first). cost[d][k], effect[d][k]: draw d, strategy k. Result [w][k].
/// Throws std::invalid_argument if there are no draws or the shapes disagree.
std::vector<std::vector<double>> acceptability(const std::vector<std::vector<double>>& cost,
                                               const std::vector<std::vector<double>>& effect,
                                               const std::vector<double>& wtps);

/// `points` evenly spaced values from 0 to `maximum` (inclusive).
std::vector<double> wtpGrid(double maximum, int points = 101);

}  // namespace painsim::analysis
