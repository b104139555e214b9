#pragma once
// Turning the per-arm summaries of a result file into tables people read:
// a terminal table, tidy CSV and JSON rows.

#include <optional>
#include <string>
#include <vector>

#include "sim/ResultFile.hpp"

namespace painsim::analysis {

enum class Format { kTable, kCsv, kJson };

/// Tidy rows "arm,week,measure,n,mean,sd,p10,p50,p90", one per arm, recorded week and measure.
std::string summariesCsv(const sim::ResultSummaries& s);
/// The same rows as a JSON array of objects.
std::string summariesJson(const sim::ResultSummaries& s);

/// A table per arm: one row per week in `weeks` (those that were recorded),
/// one column per measure in `measures` (those recorded): mean, and sd for
/// scales; shares (0/1 measures such as in_pain) as percentages.
std::string summariesTable(const sim::ResultSummaries& s, const std::vector<int>& weeks,
                           const std::vector<std::string>& measures);

/// Observed scales shown by default in tables.
std::vector<std::string> defaultTableMeasures();

}  // namespace painsim::analysis
