#include "sim/Draws.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/Rng.hpp"

namespace painsim::sim {
namespace {

/// A number of `attempts` tried before a truncated distribution gives up (its mass within
/// the allowed range would be below about 1e-3: a mistake in the scenario, not bad luck).
constexpr std::uint32_t kAttempts = 4096;

double sampleOne(const Scenario& s, const UncertainParameter& u, std::uint32_t index, int draw) {
  using D = UncertainParameter::Distribution;
  for (std::uint32_t attempt = 0; attempt < kAttempts; ++attempt) {
    const auto w = randomWords(s.seed, index, std::uint32_t(draw), Stream::kUncertainty, attempt);
    const double u1 = uniform01(w[0]);
    double x = 0;
    switch (u.distribution) {
      case D::kUniform:
        return u.a + (1.0 - u1) * (u.c - u.a);  // [min, max)
      case D::kTriangular: {
        const double q = 1.0 - u1, width = u.c - u.a;
        if (width <= 0) return u.a;
        const double f = (u.b - u.a) / width;
        return q < f ? u.a + std::sqrt(q * width * (u.b - u.a))
                     : u.c - std::sqrt((1.0 - q) * width * (u.c - u.b));
      }
      case D::kNormal:
      case D::kLogNormal: {
        const double z =
            std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * (1.0 - uniform01(w[1])));
        x = u.distribution == D::kNormal ? u.a + u.b * z : u.a * std::exp(u.b * z);
        break;
      }
    }
    if (x >= u.lo && x <= u.hi) return x;
  }
  throw std::invalid_argument("uncertainty.parameter '" + u.name +
                              "': almost none of its distribution lies within the parameter's "
                              "allowed range; check mean/median and sd");
}

}  // namespace

std::string drawSource(const Scenario& s) {
  if (s.uncertainty.draws == 0) return "";
  return s.uncertainty.parameters.empty() ? "seed" : "seed and parameters";
}

std::vector<double> sampleParameters(const Scenario& s, int draw) {
  std::vector<double> values;
  for (std::size_t k = 0; k < s.uncertainty.parameters.size(); ++k)
    values.push_back(sampleOne(s, s.uncertainty.parameters[k], std::uint32_t(k), draw));
  return values;
}

std::vector<DrawArm> armMeans(const RunResult& r) {
  std::vector<DrawArm> out;
  for (const ArmResult& a : r.arms) {
    const Outcomes& o = a.outcomes;
    const auto mean = [](const std::vector<float>& v) {
      double sum = 0;
      for (float x : v) sum += x;
      return v.empty() ? 0.0 : sum / double(v.size());
    };
    out.push_back({mean(o.qalysDiscounted), mean(o.qalys), mean(o.careCostDiscounted),
                   mean(o.productivityLostDiscounted), mean(o.frictionLostDiscounted)});
  }
  return out;
}

DrawSet runDraws(const Scenario& s, const RunOptions& options,
                 const std::function<void(int, int)>& progress) {
  DrawSet set;
  const int total = s.uncertainty.draws;
  const Scenario base = s.uncertainty.people > 0 ? scaledTo(s, s.uncertainty.people) : Scenario(s);
  set.people = base.people;
  for (int k = 1; k <= total; ++k) {
    Draw d;
    d.index = k;
    d.seed = replicateSeed(s.seed, k);
    d.parameters = sampleParameters(s, k);
    Scenario run = base;
    run.seed = d.seed;
    for (std::size_t j = 0; j < d.parameters.size(); ++j)
      run.params.*(s.uncertainty.parameters[j].member) = float(d.parameters[j]);
    // Only the outcomes matter: record one measure on day 0 and no trajectories.
    run.recording.measures = {models::Measure::kPainNrs};
    run.recording.days = {0};
    run.recording.sample = 0;
    RunOptions o = options;
    o.progress = nullptr;
    d.arms = armMeans(runScenario(run, o));
    set.draws.push_back(std::move(d));
    if (progress) progress(k, total);
  }
  return set;
}

}  // namespace painsim::sim
