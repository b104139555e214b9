#pragma once
// Draws for the uncertainty of cost-effectiveness ([uncertainty], docs/economics.md):
// every arm run again with an independent seed and, where parameters are declared
// uncertain, with parameter values sampled for that draw. Each draw keeps only the
// arms' mean costs and QALYs per person.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/Engine.hpp"
#include "sim/Scenario.hpp"

namespace painsim::sim {

/// Means per person of one arm in one draw (discounted unless said otherwise).
struct DrawArm {
  double qalys = 0, qalysUndiscounted = 0;
  double careCost = 0;
  double productivityLost = 0;  ///< working days (human capital)
  double frictionLost = 0;      ///< working days within the friction period
};

struct Draw {
  int index = 0;  ///< 1, 2, ...
  std::uint64_t seed = 0;
  std::vector<double> parameters;  ///< values of Uncertainty::parameters in this draw
  std::vector<DrawArm> arms;       ///< in scenario order
};

struct DrawSet {
  std::int64_t people = 0;  ///< people per draw
  std::vector<Draw> draws;
};

/// "seed" (replicates only) or "seed and parameters"; empty without draws.
std::string drawSource(const Scenario& s);

/// Values of the uncertain parameters in draw `draw` (>= 1), in declaration order: keyed
/// draws (seed, parameter, draw), so a draw's values do not depend on the other draws.
std::vector<double> sampleParameters(const Scenario& s, int draw);

/// Means per person of each arm of a finished run (all of its people).
std::vector<DrawArm> armMeans(const RunResult& r);

/// Runs draws 1..Uncertainty::draws of the scenario (sequentially; each run is parallel).
/// `progress(done, total)` is called after each draw.
DrawSet runDraws(const Scenario& s, const RunOptions& options,
                 const std::function<void(int, int)>& progress = {});

}  // namespace painsim::sim
