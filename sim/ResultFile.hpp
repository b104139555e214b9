#pragma once
// The HDF5 result file: one per run, readable with h5py alone. Layout and
// attributes are documented in docs/output-format.md.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/Draws.hpp"
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
  int threads = 0;  ///< threads the run used; the trajectories are compressed on as many (0: all)
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

  /// Writes the run, its provenance and its draws (empty without [uncertainty]).
  void write(const Scenario& s, const RunResult& r, const Provenance& p, const DrawSet& draws = {});
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

/// One row of /arms/<arm>/waiting.
struct WaitingRecord {
  std::int32_t week = 0;
  std::string region, programme;
  std::int64_t queueLength = 0, referred = 0, started = 0, left = 0;
  double meanWaitDays = 0;
};

/// One row of /economics/draws.
struct DrawRecord {
  std::int32_t draw = 0;
  std::uint64_t seed = 0;
  std::string arm;
  std::int64_t people = 0;
  double qalys = 0, qalysUndiscounted = 0, careCost = 0, productivityLost = 0, frictionLost = 0;
};

/// Read access to any part of a result file. Objects are named by their path ("/" is the
/// root). Errors (a missing object, a wrong type) throw ResultFileError naming the file
/// and the object.
class ResultReader {
 public:
  /// Opens the file and checks its format attribute.
  explicit ResultReader(std::string path);
  ~ResultReader();
  ResultReader(const ResultReader&) = delete;
  ResultReader& operator=(const ResultReader&) = delete;

  const std::string& path() const { return m_path; }
  /// Whether the object (group or dataset) exists.
  bool has(const std::string& object) const;
  /// A string attribute (one value, or every value of an array attribute).
  std::string text(const std::string& object, const std::string& attribute) const;
  std::vector<std::string> texts(const std::string& object, const std::string& attribute) const;
  /// A numeric attribute, converted to double (or to a 64-bit integer: seeds).
  double number(const std::string& object, const std::string& attribute) const;
  std::int64_t integer(const std::string& object, const std::string& attribute) const;
  /// A numeric dataset, converted to double, in row-major order; `shape` receives its
  /// dimensions when given.
  std::vector<double> numbers(const std::string& dataset,
                              std::vector<std::size_t>* shape = nullptr) const;
  std::vector<WaitingRecord> waiting(const std::string& arm) const;
  std::vector<DrawRecord> draws() const;

 private:
  [[noreturn]] void fail(const std::string& object, const std::string& what) const;
  std::string m_path;
  std::int64_t m_file = -1;
};

}  // namespace painsim::sim
