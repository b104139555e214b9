// painsim: command line. Thin: parses arguments, calls the libraries, maps
// errors to exit codes (0 ok, 1 internal error, 2 bad input, 130 interrupted).

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/info.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <ranges>
#include <sstream>

#include "analysis/ParameterDocs.hpp"
#include "analysis/Summaries.hpp"
#include "sim/Engine.hpp"
#include "sim/Progress.hpp"
#include "sim/ResultFile.hpp"
#include "sim/ScenarioFile.hpp"

namespace painsim::build {
extern const std::string_view kGitCommit;
}

namespace {

using namespace painsim;

constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

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

  writer.write(s, result,
               {PAINSIM_VERSION, std::string(build::kGitCommit), cmdline, utcNow(), threads});
  writer.commit();
  if (a.quiet) return 0;

  const double personDays = double(s.people) * s.days * double(s.arms.size());
  fmt::print("simulated {:.3g} person-days in {:.1f} s ({:.3g} person-days/s)\n\n", personDays,
             seconds, personDays / seconds);
  const auto summaries = sim::readSummaries(output);
  fmt::print("{}",
             analysis::summariesTable(summaries, s.reportWeeks, {"pain_nrs", "rmdq", "in_pain"}));
  fmt::print(
      "pain_nrs: mean (sd) NRS 0-10; rmdq: mean (sd) RMDQ 0-24; in_pain %: share reporting NRS >= "
      "1\n");
  fmt::print("wrote {} ({:.1f} MB); `painsim summarize {}` shows every measure\n", output,
             double(std::filesystem::file_size(output)) / 1e6, output);
  return 0;
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

  std::string checkFile;
  std::vector<std::string> checkSets;
  auto* checkCmd = app.add_subcommand("check", "Validate a scenario file without running it");
  checkCmd->add_option("scenario", checkFile, "Scenario TOML file")->required();
  checkCmd->add_option("--set", checkSets, "Override a scenario key")->type_name("KEY=VALUE");

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
    if (*paramsCmd) {
      const auto f = paramsFormat == "csv"        ? analysis::ParamFormat::kCsv
                     : paramsFormat == "markdown" ? analysis::ParamFormat::kMarkdown
                                                  : analysis::ParamFormat::kTable;
      std::cout << analysis::parameterTableText(f);
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
