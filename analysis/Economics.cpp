#include "analysis/Economics.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace painsim::analysis {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::string_view dominanceCode(Dominance d) {
  switch (d) {
    case Dominance::kNotDominated:
      return "ND";
    case Dominance::kDominated:
      return "D";
    case Dominance::kExtendedlyDominated:
      return "ED";
  }
  return "?";
}

std::vector<IcerRow> calculateIcers(const std::vector<Strategy>& strategies) {
  if (strategies.empty()) throw std::invalid_argument("calculateIcers: no strategies");
  std::vector<std::size_t> order(strategies.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Strategy &x = strategies[a], &y = strategies[b];
    return x.cost != y.cost ? x.cost < y.cost : x.effect > y.effect;
  });
  std::vector<IcerRow> rows;
  for (std::size_t i : order)
    rows.push_back({strategies[i].name, strategies[i].cost, strategies[i].effect, kNaN, kNaN, kNaN,
                    Dominance::kNotDominated});
  // Strict dominance: someone earlier in cost order gains at least as much.
  double best = -std::numeric_limits<double>::infinity();
  std::vector<std::size_t> frontier;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].effect <= best) {
      rows[k].status = Dominance::kDominated;
      continue;
    }
    best = rows[k].effect;
    frontier.push_back(k);
  }
  // Extended dominance: ICERs along the frontier must increase.
  const auto icer = [&](std::size_t from, std::size_t to) {
    return (rows[to].cost - rows[from].cost) / (rows[to].effect - rows[from].effect);
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t j = 2; j < frontier.size(); ++j) {
      if (icer(frontier[j - 1], frontier[j]) < icer(frontier[j - 2], frontier[j - 1])) {
        rows[frontier[j - 1]].status = Dominance::kExtendedlyDominated;
        frontier.erase(frontier.begin() + std::ptrdiff_t(j - 1));
        changed = true;
        break;
      }
    }
  }
  for (std::size_t j = 1; j < frontier.size(); ++j) {
    IcerRow& r = rows[frontier[j]];
    r.incCost = r.cost - rows[frontier[j - 1]].cost;
    r.incEffect = r.effect - rows[frontier[j - 1]].effect;
    r.icer = r.incCost / r.incEffect;
  }
  std::vector<IcerRow> out;
  for (Dominance d :
       {Dominance::kNotDominated, Dominance::kExtendedlyDominated, Dominance::kDominated})
    for (const IcerRow& r : rows)
      if (r.status == d) out.push_back(r);
  return out;
}

std::vector<std::vector<double>> acceptability(const std::vector<std::vector<double>>& cost,
                                               const std::vector<std::vector<double>>& effect,
                                               const std::vector<double>& wtps) {
  if (cost.empty()) throw std::invalid_argument("acceptability: no draws");
  if (effect.size() != cost.size())
    throw std::invalid_argument("acceptability: cost and effect differ in draws");
  const std::size_t strategies = cost.front().size();
  for (std::size_t d = 0; d < cost.size(); ++d)
    if (cost[d].size() != strategies || effect[d].size() != strategies || strategies == 0)
      throw std::invalid_argument("acceptability: every draw needs every strategy");
  std::vector<std::vector<double>> share(wtps.size(), std::vector<double>(strategies, 0.0));
  for (std::size_t w = 0; w < wtps.size(); ++w) {
    for (std::size_t d = 0; d < cost.size(); ++d) {
      std::size_t bestK = 0;
      double bestNmb = netBenefit(cost[d][0], effect[d][0], wtps[w]);
      for (std::size_t k = 1; k < strategies; ++k) {
        const double nmb = netBenefit(cost[d][k], effect[d][k], wtps[w]);
        if (nmb > bestNmb) {
          bestNmb = nmb;
          bestK = k;
        }
      }
      share[w][bestK] += 1.0;
    }
    for (double& s : share[w]) s /= double(cost.size());
  }
  return share;
}

std::vector<double> wtpGrid(double maximum, int points) {
  if (points < 2 || !(maximum > 0))
    throw std::invalid_argument("wtpGrid: need points >= 2, max > 0");
  std::vector<double> grid(static_cast<std::size_t>(points));
  for (int i = 0; i < points; ++i) grid[std::size_t(i)] = maximum * double(i) / double(points - 1);
  return grid;
}

}  // namespace painsim::analysis
