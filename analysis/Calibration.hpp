#pragma once
// Calibration against the published natural history of low back pain:
// the targets (scenarios/calibration/targets.toml), the cohorts that reproduce
// each study's design (scenarios/calibration/*.toml), the simulated statistic
// behind every target component, the distance the optimiser minimises, and the
// NLopt driver. docs/calibration.md explains each definition.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "models/Parameters.hpp"

namespace painsim::analysis {

/// One published number painsim compares with its simulated counterpart.
/// A bound (a required behaviour of MODEL.md 6, not a published number) has no
/// value: inside [lower, upper] it costs nothing, outside it costs its excess in
/// units of `scale` (docs/calibration.md).
struct TargetComponent {
  std::string name;
  double value = 0, lower = 0, upper = 0;
  bool bound = false;
  double scale = 0;  ///< bounds only
};

struct Target {
  std::string id;  ///< "C1" ... "C13"
  std::string name;
  std::string cohort;  ///< acute | persistent | consulting | trial_cbt | trial_act | profiles
  std::string source;
  std::vector<TargetComponent> components;
};

struct TargetSet {
  std::string sourceName;
  std::vector<Target> targets;
};

/// Thrown for a malformed targets file: names the file, line and key.
class TargetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a targets file. Every (id, component) must be one painsim knows how to simulate.
TargetSet parseTargets(std::string_view text, std::string_view sourceName);
TargetSet loadTargets(const std::string& path);
/// The targets compiled into painsim (scenarios/calibration/targets.toml).
TargetSet builtinTargets();

struct EvaluationOptions {
  std::int64_t people = 20000;          ///< per cohort
  std::int64_t referenceSize = 100000;  ///< the size at which bands apply unwidened
  int threads = 0;
  /// Added to each cohort's seed and to the profiles' seed (0 = the committed seeds).
  std::uint64_t seedOffset = 0;
  /// People per profile in the required behaviours B1 and B2; never widened. At 4,000 the
  /// resilient share of B2 moved by about 0.03 between seeds (docs/calibration.md, stage 14).
  int profilePeople = 16000;
  /// Scenario keys set in every cohort (as `--set`), e.g. "workplaces.enabled=true".
  std::vector<std::string> overrides;
  const std::atomic<bool>* cancel = nullptr;
};

/// The simulated value of one component, with its sampling error at this size.
struct ComponentResult {
  std::string target, component;
  double value = 0, lower = 0, upper = 0;
  bool bound = false;  ///< a required behaviour: value is meaningless
  double simulated = 0;
  double standardError = 0;  ///< from 10 disjoint person groups (docs/calibration.md)
  double widening = 0;       ///< t(0.975, groups - 1) se sqrt(1 - n / reference size); 0 there
  bool pass = false;         ///< simulated within [lower - widening, upper + widening]
  /// (simulated - value) / half-width of the band on that side; for a bound, the
  /// distance outside the band / scale (0 inside)
  double deviation = 0;
  /// Bounds only: the signed distance to the band's nearer edge / scale, negative
  /// inside and positive outside (the constraint of --bounds-as-constraints)
  double margin = 0;
};

struct Evaluation {
  std::vector<ComponentResult> components;
  double distance = 0;  ///< mean squared deviation over components (the objective)
  bool allPass() const;
  /// Components inside their band.
  std::size_t inside() const;
  /// Mean squared deviation of the published components alone (the objective when the
  /// bounds are constraints).
  double publishedDistance() const;
  /// The most broken bound, in scales: <= 0 when every bound is kept (-inf: no bounds).
  double worstBoundMargin() const;
  /// Every bound kept (worstBoundMargin() <= 0; true when there are none).
  bool boundsKept() const { return worstBoundMargin() <= 0; }
};

/// Runs the cohorts the targets need with parameters `p` and compares.
Evaluation evaluate(const TargetSet& targets, const models::Params& p,
                    const EvaluationOptions& options);

/// Target table as text ("table"), CSV or Markdown.
std::string evaluationText(const Evaluation& e, const std::string& format);

struct CalibrationOptions {
  std::vector<std::string> parameters;  ///< parameter names to fit (table ranges as bounds)
  int budget = 200;                     ///< objective evaluations
  /// Wall-clock limit in seconds (0 = none): no evaluation starts after it, and the fit
  /// ends like a spent budget (stop reason "time limit"). The number of evaluations
  /// then depends on the machine; the result of each one does not.
  double maxSeconds = 0;
  /// Bounds as inequality constraints (NLopt LN_COBYLA) instead of terms of the distance:
  /// the objective is the mean squared deviation of the published components, and a point
  /// that breaks a bound is never preferred to one that keeps them all.
  bool boundsAsConstraints = false;
  /// Global search (NLopt GN_ISRES, an evolution strategy over the whole box of the
  /// parameters' ranges) instead of a local method from the start point. With
  /// boundsAsConstraints the bounds stay constraints (stochastic ranking). Its random
  /// numbers come from a fixed seed, so a fit is repeatable.
  bool global = false;
  /// Population of the global search (0 = NLopt's default, 20 (n + 1)).
  int population = 0;
  /// First step of a local search (COBYLA, Subplex) in each parameter, as a share of the
  /// parameter's range, in (0, 1]. A larger step lets a fit leave a region where the
  /// distance is flat, at the cost of coarser first evaluations.
  double initialStep = 0.1;
  EvaluationOptions evaluation;
  std::function<void(int evaluation, double distance, double best)> progress;
  /// Called with the parameters whenever the best distance improves (checkpoints).
  std::function<void(const models::Params& best, const Evaluation& fit)> improved;
  /// Called after every evaluation, the start point's (0) included, in order, with the
  /// parameters evaluated and the result (nullptr where the point could not be simulated
  /// and was penalised): a trace of the whole search.
  std::function<void(int evaluation, const models::Params& p, const Evaluation* fit)> evaluated;
};

struct CalibrationResult {
  models::Params params;  ///< start parameters with the fitted ones replaced
  Evaluation start, best;
  int evaluations = 0;
  std::string algorithm;
  std::string stopReason;
  int infeasible = 0;          ///< evaluations that could not be simulated (penalised)
  std::string lastInfeasible;  ///< why the last of them failed
};

/// Fits `options.parameters` by minimising Evaluation::distance with NLopt's
/// derivative-free local optimiser, with common random numbers (fixed seeds). With
/// `boundsAsConstraints` the best point is the feasible one (every bound kept) with the
/// smallest distance of the published components, or while none is feasible the one
/// whose worst bound is least broken.
CalibrationResult calibrate(const TargetSet& targets, const models::Params& start,
                            const CalibrationOptions& options);

/// The fitted parameters as a TOML [params] table (every fitted parameter, full precision).
std::string fittedParamsToml(const CalibrationResult& r, const std::vector<std::string>& names);

}  // namespace painsim::analysis
