#pragma once
// `painsim compare`: every arm against a baseline arm, on the same people with
// the same random events, so differences are paired by person. Optionally over
// independent replicates (new seeds) for between-replicate intervals.
// docs/care.md explains the statistics.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/Rng.hpp"
#include "sim/Scenario.hpp"

namespace painsim::analysis {

/// The measures `painsim compare` reports (self-efficacy is PSEQ).
const std::vector<models::Measure>& comparedMeasures();

struct CompareOptions {
  std::string baseline;  ///< arm name; empty = the first arm
  int replicates = 1;    ///< 1 = the scenario's seed only
  int threads = 0;       ///< 0 = all cores
  std::string region;    ///< compare within this region only; empty = everyone
};

/// One statistic of one arm against the baseline, at one reporting week.
struct ComparisonRow {
  std::string arm;
  int week = 0;
  std::string measure;
  std::string statistic;  ///< e.g. mean_difference, smd, responder_difference
  std::int64_t n = 0;
  double estimate = 0, lower = 0, upper = 0;  ///< 95% interval, paired by person (seed 0)
  /// Between-replicate mean and 95% t interval of the estimate (NaN with one replicate).
  double replicateMean = 0, replicateLower = 0, replicateUpper = 0;
};

struct Comparison {
  std::string scenario;
  std::string baseline;
  std::string region;  ///< empty = everyone
  int replicates = 1;
  std::int64_t people = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<ComparisonRow> rows;
};

using sim::replicateSeed;

/// Runs the scenario (and its replicates) and compares every arm with the baseline.
/// Throws std::invalid_argument for an unknown baseline arm or a single-arm scenario.
Comparison compareArms(const sim::Scenario& s, const CompareOptions& options);

std::string comparisonTable(const Comparison& c);
std::string comparisonCsv(const Comparison& c);
std::string comparisonJson(const Comparison& c);

}  // namespace painsim::analysis
