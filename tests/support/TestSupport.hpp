#pragma once
// Helpers shared by the test programs: small scenarios, temporary folders,
// running the painsim binary, and reading HDF5 files generically.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/Engine.hpp"
#include "sim/Scenario.hpp"

namespace painsim::test {

/// A scenario from TOML text (throws ScenarioError like a file would).
sim::Scenario scenarioFromText(const std::string& text, const std::vector<std::string>& sets = {});

/// The message of the ScenarioError that `text` (with `sets`) raises when read as a file
/// called `sourceName`, or "(no error)".
std::string scenarioError(const std::string& text, const std::vector<std::string>& sets = {},
                          const std::string& sourceName = "bad.toml");

/// A small two-arm scenario: `people` people, `weeks` weeks, trajectories of everyone.
sim::Scenario smallScenario(std::int64_t people, int weeks, std::uint64_t seed = 7);

/// Position of measure `m` in the scenario's recorded measures.
std::size_t measureIndex(const sim::Scenario& s, models::Measure m);

/// Summary of measure `m` in arm `arm` on recording index `t`.
const sim::SummaryStats& summaryOf(const sim::RunResult& r, const sim::Scenario& s, std::size_t arm,
                                   models::Measure m, std::size_t t);

/// The range a recorded measure must stay in (questionnaire scales, 0-1 latents, ...).
std::pair<float, float> measureRange(models::Measure m);

/// A fresh empty folder under the system temp folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }
  /// Names of the files in the folder.
  std::vector<std::string> files() const;

 private:
  std::filesystem::path m_path;
};

struct CommandResult {
  int exitCode = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs the painsim binary with `args` (a shell-quoted string) in folder `cwd`.
CommandResult runPainsim(const std::string& args, const std::filesystem::path& cwd);

/// The comma-separated fields of one line of CSV output (no quoting: painsim's CSV has none).
std::vector<std::string> csvFields(const std::string& line);

/// Every object of an HDF5 file, serialized: "/path" for datasets (their
/// values) and "/path@attribute" for attributes. Root attributes listed in
/// `skipRootAttributes` are left out.
std::map<std::string, std::string> fileContents(const std::string& path,
                                                const std::vector<std::string>& skipRootAttributes);

/// Writes a run to `path` with fixed provenance.
void writeResult(const std::string& path, const sim::Scenario& s, const sim::RunResult& r,
                 int threads = 1);

}  // namespace painsim::test
