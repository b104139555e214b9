// painsim: command line. Thin: parses arguments, calls the libraries, maps
// errors to exit codes (0 ok, 1 internal error, 2 bad input, 130 interrupted).

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/info.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ranges>
#include <sstream>

#include "analysis/Calibration.hpp"
#include "analysis/Compare.hpp"
#include "analysis/ParameterDocs.hpp"
#include "analysis/Report.hpp"
#include "analysis/Summaries.hpp"
#include "sim/Draws.hpp"
#include "sim/Engine.hpp"
#include "sim/Progress.hpp"
#include "sim/ResultFile.hpp"
#include "sim/ScenarioFile.hpp"
#include "teach/Explorer.hpp"
#include "teach/Lesson.hpp"

namespace painsim::build {
extern const std::string_view kGitCommit;
}

namespace {

using namespace painsim;

constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;
constexpr int kExitTargetsMissed = 3;  // painsim validate: some target outside its band

std::atomic<bool> g_interrupted{false};
extern "C" void onSignal(int) { g_interrupted.store(true); }

std::string versionText() {
  return fmt::format("painsim {} (commit {})", PAINSIM_VERSION, build::kGitCommit);
}

std::string commandLine(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i) out += ' ';
    out += arg.find_first_of(" \t\"'") == std::string::npos ? arg : "'" + arg + "'";
  }
  return out;
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::vector<int> parseWeeks(const std::string& text) {
  std::vector<int> weeks;
  if (text == "all") {
    for (int w = 0; w <= 520; ++w) weeks.push_back(w);
    return weeks;
  }
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::size_t used = 0;
    int w = -1;
    try {
      w = std::stoi(item, &used);
    } catch (const std::exception&) {
    }
    if (w < 0 || used != item.size())
      throw CLI::ValidationError(
          "--weeks", "expected week numbers such as 0,6,12 or 'all', got '" + text + "'");
    weeks.push_back(w);
  }
  return weeks;
}

sim::Scenario loadScenario(const std::string& path, const std::vector<std::string>& sets) {
  if (path.empty())
    return sim::parseScenario(sim::defaultScenarioText(), sim::kDefaultScenarioName, sets);
  return sim::loadScenario(path, sets);
}

struct RunArgs {
  std::string scenario;
  std::string output;
  std::vector<std::string> sets;
  int threads = 0;
  std::optional<std::uint64_t> seed;
  bool quiet = false;
};

int runCommand(const RunArgs& a, const std::string& cmdline) {
  std::vector<std::string> sets = a.sets;
  if (a.seed) sets.push_back(fmt::format("scenario.seed={}", *a.seed));
  const sim::Scenario s = loadScenario(a.scenario, sets);
  const std::string output = a.output.empty() ? fmt::format("results/{}.h5", s.name) : a.output;
  sim::ResultWriter writer(output);  // fails now if the output cannot be written

  const int threads = a.threads > 0 ? a.threads : tbb::info::default_concurrency();
  if (!a.quiet)
    fmt::print("painsim {}: scenario '{}' ({} people, {} weeks, {} arms), seed {}, {} threads\n",
               PAINSIM_VERSION, s.name, s.people, s.days / 7, s.arms.size(), s.seed, threads);

  sim::ProgressBar bar(!a.quiet && sim::ProgressBar::isTerminal(stderr));
  sim::RunOptions options;
  options.threads = threads;
  options.cancel = &g_interrupted;
  options.progress = [&](std::int64_t done, std::int64_t total, const std::string& arm) {
    bar.update(done, total, arm);
  };
  const auto start = std::chrono::steady_clock::now();
  const sim::RunResult result = sim::runScenario(s, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bar.finish();

  sim::DrawSet draws;
  if (s.uncertainty.draws > 0) {
    if (!a.quiet)
      fmt::print("uncertainty: {} draws of {} people ({}) ...\n", s.uncertainty.draws,
                 s.uncertainty.people > 0 ? std::min(s.uncertainty.people, s.people) : s.people,
                 sim::drawSource(s));
    sim::ProgressBar drawBar(!a.quiet && sim::ProgressBar::isTerminal(stderr));
    const auto t0 = std::chrono::steady_clock::now();
    draws = sim::runDraws(s, options,
                          [&](int done, int total) { drawBar.update(done, total, "draws"); });
    drawBar.finish();
    if (!a.quiet)
      fmt::print("draws took {:.1f} s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }

  writer.write(s, result,
               {PAINSIM_VERSION, std::string(build::kGitCommit), cmdline, utcNow(), threads},
               draws);
  writer.commit();
  if (a.quiet) return 0;

  const double personDays = double(s.people) * s.days * double(s.arms.size());
  fmt::print("simulated {:.3g} person-days in {:.1f} s ({:.3g} person-days/s)\n", personDays,
             seconds, personDays / seconds);
  const double loop = result.coupleSeconds + result.stepSeconds;
  fmt::print(
      "day loop: coupling (care, ties) {:.0f}% and person step {:.0f}% of {:.1f} s summed "
      "over arms{}\n\n",
      loop > 0 ? 100 * result.coupleSeconds / loop : 0.0,
      loop > 0 ? 100 * result.stepSeconds / loop : 0.0, loop,
      result.networkBytes > 0 ? fmt::format("; network and workplaces {:.0f} bytes per person",
                                            double(result.networkBytes) / double(s.people))
                              : std::string());
  const auto summaries = sim::readSummaries(output);
  fmt::print("{}",
             analysis::summariesTable(summaries, s.reportWeeks, {"pain_nrs", "rmdq", "in_pain"}));
  fmt::print(
      "pain_nrs: mean (sd) NRS 0-10; rmdq: mean (sd) RMDQ 0-24; in_pain %: share reporting NRS >= "
      "1\n");
  fmt::print("\n{}", analysis::economicsText(analysis::buildReport(output)));
  fmt::print(
      "wrote {} ({:.1f} MB); `painsim summarize {}` shows every measure, `painsim report {} -o "
      "DIR` draws the charts\n",
      output, double(std::filesystem::file_size(output)) / 1e6, output, output);
  return 0;
}

using analysis::writeFileAtomically;

int teachCommand(const std::vector<std::string>& cases, const std::string& dir, bool named) {
  // Every case is read before anything is written: a bad case file leaves no lesson.
  std::vector<teach::Case> read;
  for (const auto& c : cases) read.push_back(teach::loadCase(c));
  for (const auto& c : read) {
    const auto start = std::chrono::steady_clock::now();
    const std::string page =
        (std::filesystem::path(dir) / (named ? c.name + ".html" : std::string("lesson.html")))
            .string();
    writeFileAtomically(page, teach::lessonHtml(c));
    fmt::print("wrote {} ({:.1f} MB, {:.1f} s): \"{}\"; open it in a browser (works offline)\n",
               page, double(std::filesystem::file_size(page)) / 1e6,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
               c.title);
  }
  return 0;
}

int exploreCommand(const teach::ExplorerOptions& o) {
  try {
    teach::serve(o, g_interrupted, [&](int port) {
      fmt::print("painsim explorer: open http://{}:{}/ in a browser (Ctrl-C stops)\n",
                 o.host == "0.0.0.0" ? "127.0.0.1" : o.host, port);
      std::fflush(stdout);
    });
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  }
  fmt::print("painsim explorer: stopped\n");
  return 0;
}

/// Parameters of a scenario or parameters file ('default' = the built-in defaults): the
/// calibration start point.
models::Params startParams(const std::string& path) {
  return path == "default" ? models::Params{} : sim::loadParams(path);
}

/// The parameters `painsim calibrate` fits when --params is not given: the ones that
/// shape the natural history most (docs/calibration.md explains the choice).
const std::vector<std::string>& defaultCalibrationParams() {
  static const std::vector<std::string> names = {"injury.severity_mean",
                                                 "nociception.heal_days",
                                                 "nociception.heal_days_sdlog",
                                                 "flare.rate_per_day",
                                                 "flare.size_mean",
                                                 "sensitization.pain_threshold",
                                                 "pain.central_gain",
                                                 "pain.catastrophizing_gain",
                                                 "self_efficacy.mastery_rate",
                                                 "work.return_rate",
                                                 "work.return_disability_weight",
                                                 "disability.pain_weight",
                                                 "disability.efficacy_weight",
                                                 "sleep.stress_weight",
                                                 "depression.trait_mean",
                                                 "anxiety.trait_mean"};
  return names;
}

struct CalibrateArgs {
  std::string scenario, targets, output = "calibration/fitted.toml",
                                 report = "calibration/report.md", trace;
  std::vector<std::string> params;
  int budget = 200, threads = 0;
  double maxMinutes = 0;
  std::int64_t people = 20000;
  bool quiet = false, boundsAsConstraints = false, global = false;
  int population = 0;
  double initialStep = analysis::CalibrationOptions{}.initialStep;
  int profilePeople = analysis::EvaluationOptions{}.profilePeople;
  std::uint64_t seedOffset = 0;
};

analysis::TargetSet targetsFrom(const std::string& path) {
  return path.empty() ? analysis::builtinTargets() : analysis::loadTargets(path);
}

/// The options calibrate and validate share for the draws they compare on.
void addDrawOptions(CLI::App* cmd, int& profilePeople, std::uint64_t& seedOffset) {
  cmd->add_option("--profile-people", profilePeople,
                  "People per profile in the required behaviours B1 and B2")
      ->check(CLI::Range(1000, 10000000));
  cmd->add_option("--seed-offset", seedOffset,
                  "Added to every cohort's and profile's seed (0 = the committed draws); other "
                  "values check a result on other people");
}

int calibrateCommand(const CalibrateArgs& a, const std::string& cmdline) {
  const analysis::TargetSet targets = targetsFrom(a.targets);
  const models::Params start = startParams(a.scenario);
  analysis::CalibrationOptions options;
  options.parameters = a.params.empty() ? defaultCalibrationParams() : a.params;
  for (const auto& name : options.parameters)
    if (!models::findParameter(name))
      throw CLI::ValidationError("--params", fmt::format("unknown parameter '{}'; `painsim "
                                                         "params` lists them",
                                                         name));
  options.budget = a.budget;
  options.maxSeconds = 60.0 * a.maxMinutes;
  options.boundsAsConstraints = a.boundsAsConstraints;
  options.global = a.global;
  options.population = a.population;
  options.initialStep = a.initialStep;
  options.evaluation.people = a.people;
  options.evaluation.profilePeople = a.profilePeople;
  options.evaluation.seedOffset = a.seedOffset;
  options.evaluation.threads = a.threads;
  options.evaluation.cancel = &g_interrupted;
  sim::ProgressBar bar(!a.quiet && sim::ProgressBar::isTerminal(stderr));
  options.progress = [&](int k, double, double best) {
    bar.update(k, a.budget, fmt::format("best distance {:.4g}", best));
    if (!a.quiet && !sim::ProgressBar::isTerminal(stderr) && k % 10 == 0)
      fmt::print(stderr, "evaluation {}/{}: best distance {:.4g}\n", k, a.budget, best);
  };
  // Checkpoint: the best parameters so far, rewritten atomically on every improvement,
  // so an interrupted calibration keeps its progress.
  options.improved = [&](const models::Params& best, const analysis::Evaluation& fit) {
    analysis::CalibrationResult partial;
    partial.params = best;
    writeFileAtomically(
        a.output + ".partial",
        fmt::format("# best so far (distance {:.6g}); the calibration is still "
                    "running or was interrupted\n{}",
                    fit.distance, analysis::fittedParamsToml(partial, options.parameters)));
  };
  // Trace: one CSV row per evaluation, written as the search goes (an interrupted fit
  // leaves the evaluations done so far).
  std::ofstream trace;
  if (!a.trace.empty()) {
    trace.open(a.trace);
    if (!trace) throw CLI::ValidationError("--trace", fmt::format("cannot write '{}'", a.trace));
    trace << "evaluation,distance,published_distance,bounds_kept,inside,"
          << fmt::format("{}", fmt::join(options.parameters, ",")) << "\n";
    std::vector<float models::Params::*> fitted;
    for (const auto& name : options.parameters)
      fitted.push_back(models::findParameter(name)->member);
    options.evaluated = [&, fitted](int k, const models::Params& p,
                                    const analysis::Evaluation* fit) {
      trace << k;
      if (fit)
        trace << fmt::format(",{:.8g},{:.8g},{},{}", fit->distance, fit->publishedDistance(),
                             fit->boundsKept() ? 1 : 0, fit->inside());
      else
        trace << ",,,,";  // could not be simulated (penalised)
      for (const auto member : fitted) trace << fmt::format(",{:.9g}", double(p.*member));
      trace << "\n" << std::flush;
    };
  }
  if (!a.quiet)
    fmt::print(
        "calibrating {} parameters against {} ({} targets), {} people per cohort, budget "
        "{}\n",
        options.parameters.size(), targets.sourceName, targets.targets.size(), a.people, a.budget);
  const auto r = analysis::calibrate(targets, start, options);
  bar.finish();
  if (r.infeasible > 0 && !a.quiet)
    fmt::print(stderr, "{} evaluations could not be simulated and were penalised (last: {})\n",
               r.infeasible, r.lastInfeasible);
  // With the bounds as constraints the objective is the published components' distance,
  // and whether every bound is kept is the first thing a reader needs.
  const std::string constraintNote =
      options.boundsAsConstraints
          ? fmt::format("; published components {:.6g} -> {:.6g}; bounds {} -> {}",
                        r.start.publishedDistance(), r.best.publishedDistance(),
                        r.start.boundsKept() ? "kept" : "broken",
                        r.best.boundsKept() ? "kept" : "broken")
          : "";
  std::string toml = fmt::format(
      "# Fitted by: {}\n# {}; {} evaluations ({}); distance {:.6g} -> {:.6g}{}\n"
      "# {} of {} components inside their band at {} people per cohort\n",
      cmdline, r.algorithm, r.evaluations, r.stopReason, r.start.distance, r.best.distance,
      constraintNote, r.best.inside(), r.best.components.size(), a.people);
  toml += analysis::fittedParamsToml(r, options.parameters);
  std::string report = fmt::format(
      "# Calibration report\n\nCommand: `{}`\n\nOptimiser: {}; {} evaluations ({}); "
      "distance {:.6g} at the start, {:.6g} fitted{}.\n\n## Fitted parameters\n\n"
      "| parameter | start | fitted | range |\n|---|---:|---:|---|\n",
      cmdline, r.algorithm, r.evaluations, r.stopReason, r.start.distance, r.best.distance,
      constraintNote);
  for (const auto& name : options.parameters) {
    const auto spec = *models::findParameter(name);
    report +=
        fmt::format("| `{}` | {:.6g} | {:.6g} | [{}, {}] |\n", name, double(start.*(spec.member)),
                    double(r.params.*(spec.member)), spec.minValue, spec.maxValue);
  }
  report += "\n## Fit at the fitted parameters\n\n" + analysis::evaluationText(r.best, "markdown");
  writeFileAtomically(a.output, toml);
  writeFileAtomically(a.report, report);
  std::filesystem::remove(a.output + ".partial");
  if (!a.quiet) {
    fmt::print("{}", analysis::evaluationText(r.best, "table"));
    fmt::print("wrote {} and {}\n", a.output, a.report);
  }
  return 0;
}

struct ValidateArgs {
  std::string targets, format = "table", paramsFile;
  std::vector<std::string> sets, only;
  std::int64_t people = 100000, reference = 100000;
  int threads = 0;
  int profilePeople = analysis::EvaluationOptions{}.profilePeople;
  std::uint64_t seedOffset = 0;
};

int validateCommand(const ValidateArgs& a) {
  analysis::TargetSet targets = targetsFrom(a.targets);
  if (!a.only.empty()) {
    for (const auto& id : a.only)
      if (std::none_of(targets.targets.begin(), targets.targets.end(),
                       [&](const analysis::Target& t) { return t.id == id; }))
        throw CLI::ValidationError("--only",
                                   fmt::format("no target '{}' in {}", id, targets.sourceName));
    std::erase_if(targets.targets, [&](const analysis::Target& t) {
      return std::find(a.only.begin(), a.only.end(), t.id) == a.only.end();
    });
  }
  const models::Params p = a.paramsFile.empty() ? models::Params{} : startParams(a.paramsFile);
  analysis::EvaluationOptions options;
  options.people = a.people;
  options.referenceSize = std::max(a.reference, a.people);
  options.profilePeople = a.profilePeople;
  options.seedOffset = a.seedOffset;
  options.threads = a.threads;
  options.cancel = &g_interrupted;
  options.overrides = a.sets;
  const auto e = analysis::evaluate(targets, p, options);
  std::cout << analysis::evaluationText(e, a.format);
  if (a.format == "table" && a.people < options.referenceSize)
    fmt::print("bands widened by t(0.975, 9) se sqrt(1 - {}/{}) for the smaller cohorts\n",
               a.people, options.referenceSize);
  return e.allPass() ? 0 : kExitTargetsMissed;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"painsim: agent-based simulator of biopsychosocial pain trajectories"};
  app.set_version_flag("--version", versionText());
  app.require_subcommand(1);

  RunArgs run;
  auto* runCmd = app.add_subcommand("run", "Run a scenario and write an HDF5 result file");
  runCmd->add_option("scenario", run.scenario,
                     "Scenario TOML file (default: the built-in default scenario)");
  runCmd->add_option("-o,--output", run.output,
                     "Result file (default: results/<scenario name>.h5)");
  runCmd->add_option("--set", run.sets, "Override a scenario key, e.g. --set population.size=5000")
      ->type_name("KEY=VALUE");
  runCmd->add_option("--threads", run.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  runCmd->add_option("--seed", run.seed, "Random seed (overrides scenario.seed)");
  runCmd->add_flag("-q,--quiet", run.quiet, "Print nothing but errors");

  std::string summarizeFile, summarizeFormat = "table", summarizeWeeks = "0,6,12,26,52";
  auto* summarizeCmd =
      app.add_subcommand("summarize", "Print the per-arm summaries of a result file");
  summarizeCmd->add_option("file", summarizeFile, "Result file (.h5)")->required();
  summarizeCmd->add_option("--format", summarizeFormat, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  summarizeCmd->add_option("--weeks", summarizeWeeks, "Weeks shown by the table format, or 'all'");

  std::string paramsFormat = "table";
  auto* paramsCmd = app.add_subcommand("params", "List every model parameter");
  paramsCmd->add_option("--format", paramsFormat, "table, csv or markdown")
      ->check(CLI::IsMember({"table", "csv", "markdown"}));

  auto* programmesCmd =
      app.add_subcommand("programmes", "List the built-in care programmes (Markdown)");

  std::string checkFile;
  std::vector<std::string> checkSets;
  auto* checkCmd = app.add_subcommand("check", "Validate a scenario file without running it");
  checkCmd->add_option("scenario", checkFile, "Scenario TOML file")->required();
  checkCmd->add_option("--set", checkSets, "Override a scenario key")->type_name("KEY=VALUE");

  CalibrateArgs calib;
  auto* calibrateCmd = app.add_subcommand(
      "calibrate", "Fit parameters to the published targets (NLopt, common random numbers)");
  calibrateCmd
      ->add_option(
          "scenario", calib.scenario,
          "Scenario or parameters TOML whose [params] are the start point ('default' = the "
          "built-in defaults)")
      ->required();
  calibrateCmd->add_option(
      "--targets", calib.targets,
      "Targets TOML (default: the built-in scenarios/calibration/targets.toml)");
  calibrateCmd->add_option("--params", calib.params, "Parameters to fit (comma-separated)")
      ->delimiter(',');
  calibrateCmd->add_option("--budget", calib.budget, "Objective evaluations")
      ->check(CLI::Range(1, 100000));
  calibrateCmd
      ->add_option("--max-minutes", calib.maxMinutes,
                   "Stop after this many minutes as if the budget were spent (the report is "
                   "written; 0 = no limit)")
      ->check(CLI::Range(0.0, 1e6));
  calibrateCmd->add_flag("--bounds-as-constraints", calib.boundsAsConstraints,
                         "Keep the required behaviours (bounds, B1 and B2) as inequality "
                         "constraints (NLopt COBYLA) instead of terms of the distance");
  auto* global = calibrateCmd->add_flag(
      "--global", calib.global,
      "Search the parameters' whole ranges (NLopt GN_ISRES, an evolution strategy with a "
      "fixed seed) instead of a local search from the start point");
  calibrateCmd
      ->add_option("--population", calib.population,
                   "Population of the global search (default 20 (n + 1) for n parameters)")
      ->check(CLI::Range(2, 100000))
      ->needs(global);
  calibrateCmd
      ->add_option("--initial-step", calib.initialStep,
                   "First step of the local search in each parameter, as a share of its range "
                   "(default 0.1; in (0, 1], checked by the calibration)")
      ->excludes(global);
  calibrateCmd->add_option("--people", calib.people, "People per calibration cohort")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{10000000}));
  addDrawOptions(calibrateCmd, calib.profilePeople, calib.seedOffset);
  calibrateCmd->add_option("-o,--output", calib.output, "Fitted parameters (TOML [params])");
  calibrateCmd->add_option("--report", calib.report, "Fit report (Markdown)");
  calibrateCmd->add_option(
      "--trace", calib.trace,
      "Write every evaluation (distance, bounds kept, components inside, the fitted "
      "parameters' values) as a CSV row, in order, as the search goes");
  calibrateCmd->add_option("--threads", calib.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  calibrateCmd->add_flag("-q,--quiet", calib.quiet, "Print nothing but errors");

  std::string compareFile, compareFormat = "table";
  std::vector<std::string> compareSets;
  analysis::CompareOptions compareOptions;
  auto* compareCmd = app.add_subcommand(
      "compare", "Run a scenario and compare every arm with a baseline arm, paired by person");
  compareCmd->add_option("scenario", compareFile, "Scenario TOML file ('default' = built in)")
      ->required();
  compareCmd->add_option("--baseline", compareOptions.baseline,
                         "Arm to compare against (default: the first arm)");
  compareCmd->add_option("--format", compareFormat, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  compareCmd
      ->add_option("--replicates", compareOptions.replicates,
                   "Independent replicates (new seeds) for between-replicate intervals")
      ->check(CLI::Range(1, 1000));
  compareCmd->add_option("--region", compareOptions.region,
                         "Compare within one region of the scenario (default: everyone)");
  compareCmd->add_option("--set", compareSets, "Override a scenario key")->type_name("KEY=VALUE");
  compareCmd->add_option("--threads", compareOptions.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));

  ValidateArgs val;
  auto* validateCmd =
      app.add_subcommand("validate",
                         "Compare the model with every published target (C1-C13, I1-I2) and the "
                         "required behaviours (B1-B2); exit 3 if any misses");
  validateCmd->add_option("--patients", val.people, "People per calibration cohort")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{10000000}));
  validateCmd
      ->add_option("--reference-size", val.reference,
                   "Cohort size at which the bands apply as published")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{10000000}));
  validateCmd->add_option("--targets", val.targets, "Targets TOML (default: built in)");
  validateCmd
      ->add_option("--only", val.only,
                   "Compare these targets alone (e.g. --only B1,B2); runs only the cohorts "
                   "they need")
      ->delimiter(',');
  addDrawOptions(validateCmd, val.profilePeople, val.seedOffset);
  validateCmd
      ->add_option("--set", val.sets,
                   "Set a scenario key in every calibration cohort (e.g. workplaces.enabled=true)")
      ->type_name("KEY=VALUE");
  validateCmd->add_option("--params", val.paramsFile,
                          "Scenario or fitted-parameters TOML whose [params] to validate "
                          "(default: the built-in defaults)");
  validateCmd->add_option("--format", val.format, "table, csv or markdown")
      ->check(CLI::IsMember({"table", "csv", "markdown"}));
  validateCmd->add_option("--threads", val.threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));

  std::string reportFile, reportDir, exportFile, exportDir;
  analysis::ReportOptions reportOptions;
  auto* reportCmd = app.add_subcommand(
      "report", "Write a self-contained HTML report (charts, costs, QALYs) of a result file");
  auto* exportCmd = app.add_subcommand(
      "export", "Write every table of the report as tidy CSV (and dampack input)");
  for (auto* cmd : {reportCmd, exportCmd}) {
    cmd->add_option("file", cmd == reportCmd ? reportFile : exportFile, "Result file (.h5)")
        ->required();
    cmd->add_option("--wtp", reportOptions.wtp,
                    "Willingness to pay per QALY (default: the scenario's economics.wtp)")
        ->check(CLI::Range(0.0, 1e7));
    cmd->add_option("--perspective", reportOptions.perspective,
                    "payer or societal (default: the scenario's economics.perspective)")
        ->check(CLI::IsMember({"payer", "societal"}));
    cmd->add_option("--comparator", reportOptions.comparator,
                    "Arm the others are compared with (default: economics.comparator)");
    cmd->add_option("--individuals", reportOptions.individuals,
                    "Stored people whose trajectories are shown")
        ->check(CLI::Range(0, 100));
  }
  reportCmd->add_option("-o,--output", reportDir, "Folder for report.html")->required();
  exportCmd->add_option("--csv", exportDir, "Folder for the CSV files")->required();

  std::string teachCase = "two_paths", teachDir;
  bool teachAll = false;
  auto* teachCmd = app.add_subcommand(
      "teach", "Write a self-contained HTML lesson on the fear-avoidance cycle (docs/teaching.md)");
  teachCmd
      ->add_option("--case", teachCase,
                   fmt::format("Built-in case ({}) or a case file (.toml)",
                               fmt::join(teach::builtInCases(), ", ")))
      ->capture_default_str();
  teachCmd->add_flag("--all", teachAll, "Write every built-in case (DIR/NAME.html)");
  teachCmd->add_option("-o,--output", teachDir, "Folder for the lesson (lesson.html)")->required();
  teach::ExplorerOptions explore;
  auto* exploreCmd = app.add_subcommand(
      "explore", "Serve the interactive explorer on this machine (docs/teaching.md)");
  exploreCmd->add_option("--port", explore.port, "Port (0 = any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  exploreCmd
      ->add_option("--host", explore.host,
                   "Address to listen on (loopback by default; 0.0.0.0 exposes it to the network)")
      ->capture_default_str();
  exploreCmd->add_option("--people", explore.people, "People like the person, per change")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  exploreCmd->add_option("--weeks", explore.setting.weeks, "Weeks simulated")
      ->capture_default_str()
      ->check(CLI::Range(1, 156));
  explore.setting.person = 3;

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitBadInput;
  }

  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  try {
    if (*runCmd) return runCommand(run, commandLine(argc, argv));
    if (*summarizeCmd) {
      const auto s = sim::readSummaries(summarizeFile);
      if (summarizeFormat == "csv")
        std::cout << analysis::summariesCsv(s);
      else if (summarizeFormat == "json")
        std::cout << analysis::summariesJson(s);
      else
        std::cout << analysis::summariesTable(s, parseWeeks(summarizeWeeks),
                                              analysis::defaultTableMeasures());
      return 0;
    }
    if (*reportCmd || *exportCmd) {
      const std::string& file = *reportCmd ? reportFile : exportFile;
      analysis::Report report;
      try {
        report = analysis::buildReport(file, reportOptions);
      } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "painsim: error: {}: {}\n", file, e.what());
        return kExitBadInput;
      }
      if (*reportCmd) {
        const std::string page = (std::filesystem::path(reportDir) / "report.html").string();
        writeFileAtomically(page, analysis::reportHtml(report));
        fmt::print("wrote {} ({:.1f} MB); open it in a browser (works offline)\n", page,
                   double(std::filesystem::file_size(page)) / 1e6);
      } else {
        const auto files = analysis::csvFiles(report);
        for (const auto& [name, text] : files)
          writeFileAtomically((std::filesystem::path(exportDir) / name).string(), text);
        fmt::print("wrote {} CSV files to {}\n", files.size(), exportDir);
      }
      return 0;
    }
    if (*calibrateCmd) return calibrateCommand(calib, commandLine(argc, argv));
    if (*teachCmd)
      return teachCommand(teachAll ? teach::builtInCases() : std::vector{teachCase}, teachDir,
                          teachAll);
    if (*exploreCmd) return exploreCommand(explore);
    if (*validateCmd) return validateCommand(val);
    if (*compareCmd) {
      const auto s = loadScenario(compareFile == "default" ? "" : compareFile, compareSets);
      analysis::Comparison c;
      try {
        c = analysis::compareArms(s, compareOptions);
      } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "painsim: error: {}: {}\n", s.sourceName, e.what());
        return kExitBadInput;
      }
      std::cout << (compareFormat == "csv"    ? analysis::comparisonCsv(c)
                    : compareFormat == "json" ? analysis::comparisonJson(c)
                                              : analysis::comparisonTable(c));
      return 0;
    }
    if (*paramsCmd) {
      const auto f = paramsFormat == "csv"        ? analysis::ParamFormat::kCsv
                     : paramsFormat == "markdown" ? analysis::ParamFormat::kMarkdown
                                                  : analysis::ParamFormat::kTable;
      std::cout << analysis::parameterTableText(f);
      return 0;
    }
    if (*programmesCmd) {
      std::cout << analysis::programmeTableText();
      return 0;
    }
    if (*checkCmd) {
      const auto s = sim::loadScenario(checkFile, checkSets);
      fmt::print("{}: ok: scenario '{}', {} people, {} weeks, seed {}, {} arms ({})\n", checkFile,
                 s.name, s.people, s.days / 7, s.seed, s.arms.size(),
                 fmt::join(s.arms | std::views::transform([](const sim::Arm& a) { return a.name; }),
                           ", "));
      return 0;
    }
  } catch (const sim::ScenarioError& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const sim::ResultFileError& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const analysis::TargetError& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const sim::EntryError& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const CLI::ValidationError& e) {
    fmt::print(stderr, "painsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const sim::Cancelled&) {
    fmt::print(stderr, "\npainsim: interrupted; no result file written\n");
    return kExitInterrupted;
  } catch (const std::exception& e) {
    fmt::print(stderr, "painsim: internal error: {}\n", e.what());
    return kExitInternal;
  }
  return 0;
}
