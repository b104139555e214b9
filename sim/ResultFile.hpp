#pragma once
// The HDF5 result file: one per run, readable with h5py alone. Layout and
// attributes are documented in docs/output-format.md.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/Engine.hpp"
#include "sim/Scenario.hpp"

namespace painsim::sim {

inline constexpr const char* kResultFormat = "painsim-result/1";

/// The output cannot be written or read. what() names the file.
class ResultFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What a run records about itself besides the scenario.
struct Provenance {
  std::string version;
  std::string gitCommit;
  std::string commandLine;
  std::string createdUtc;
  int threads = 0;
};

/// Writes a result file under a temporary name in the target folder and
/// renames it on commit(). If the writer is destroyed before commit() (an
/// error, an interrupt), the temporary file is removed: no half-written
/// file ever carries the final name. The temporary file is created in the
/// constructor, so an unwritable destination fails before any simulation.
class ResultWriter {
 public:
  explicit ResultWriter(std::string path);
  ~ResultWriter();
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  void write(const Scenario& s, const RunResult& r, const Provenance& p);
  void commit();
  const std::string& temporaryPath() const { return m_tmpPath; }

 private:
  std::string m_path;
  std::string m_tmpPath;
  std::int64_t m_file = -1;
  bool m_committed = false;
};

/// One row of a per-arm, per-measure summary table.
struct SummaryRow {
  std::int32_t day;
  std::int64_t n;
  double mean, sd, p10, p50, p90;
};

/// Summaries read back from a result file.
struct ResultSummaries {
  std::vector<std::string> arms;      ///< in scenario order
  std::vector<std::string> measures;  ///< in recording order
  /// rows[arm][measure] = one row per recording day
  std::map<std::string, std::map<std::string, std::vector<SummaryRow>>> rows;
};

ResultSummaries readSummaries(const std::string& path);

/// A string attribute of the file's root group (e.g. "scenario_toml").
std::string readRootAttribute(const std::string& path, const std::string& name);

}  // namespace painsim::sim
