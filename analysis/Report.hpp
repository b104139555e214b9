#pragma once
// What `painsim report` and `painsim export` show: every table of a result file's
// report (summaries, trajectory classes, arm differences, waiting lists, costs, QALYs,
// the incremental analysis, the cost-effectiveness plane and acceptability curve,
// individual trajectories, provenance), built once and written as a self-contained
// HTML page (docs/report.md) or as tidy CSV files.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace painsim::analysis {

/// One value of a table: null (undefined, e.g. the ICER of a dominated arm), text,
/// a real number or an integer.
using Cell = std::variant<std::monostate, std::string, double, std::int64_t>;

/// A tidy table: one observation per row.
struct Table {
  std::string name;
  std::string description;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

struct ReportOptions {
  std::optional<double> wtp;               ///< willingness to pay per QALY; default: the file's
  std::optional<std::string> perspective;  ///< "payer" or "societal"; default: the file's
  std::optional<std::string> comparator;   ///< arm; default: the file's
  int individuals = 6;                     ///< people whose trajectories are shown
};

struct Report {
  nlohmann::json meta;  ///< scenario, provenance, economic settings, measures
  std::vector<Table> tables;
  /// The table called `name`; throws std::out_of_range if there is none.
  const Table& table(std::string_view name) const;
};

/// Reads a result file and builds every table. Throws sim::ResultFileError for a file
/// that cannot be read, std::invalid_argument for bad options (naming the option).
Report buildReport(const std::string& path, const ReportOptions& options = {});

/// The report's data as one JSON document {"meta": ..., "tables": {name: {description,
/// columns, rows}}}; NaN is written as null.
std::string reportJson(const Report& r);

/// The self-contained HTML page: the charting libraries, the data and the page's
/// script inlined, so it opens offline from a file.
std::string reportHtml(const Report& r);

/// A page that opens offline from a file: the report's template and style (plus
/// `extraStyle`), the charting libraries, `json` as the page's data (#painsim-data) and
/// report/common.js followed by `script` inlined. The report, the lesson and the explorer are such
/// pages.
std::string selfContainedPage(const std::string& title, const std::string& json,
                              const std::string& script, std::string_view scriptName,
                              const std::string& extraStyle = {});

/// A table as CSV (RFC 4180; header row; null as NA).
std::string tableCsv(const Table& t);

/// Every file `painsim export --csv` writes: (file name, contents). Each table as
/// <name>.csv, and the draws in the layout the R package dampack reads
/// (dampack_cost.csv, dampack_effectiveness.csv, dampack_parameters.csv:
/// one row per draw, one column per strategy or parameter).
std::vector<std::pair<std::string, std::string>> csvFiles(const Report& r);

/// The cost-effectiveness summary `painsim run` prints.
std::string economicsText(const Report& r);

/// Writes `text` to `path` through a temporary file renamed into place, so a failed or
/// interrupted write never leaves a half-written file. Creates missing folders.
void writeFileAtomically(const std::string& path, std::string_view text);

}  // namespace painsim::analysis
