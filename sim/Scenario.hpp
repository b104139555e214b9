#pragma once
// A validated scenario: everything a run needs, as plain data. Parsing and
// validation of TOML files lives in ScenarioFile.hpp.

#include <cstdint>
#include <string>
#include <vector>

#include "models/Care.hpp"
#include "models/Measures.hpp"
#include "models/Parameters.hpp"

namespace painsim::sim {

/// One step of a care pathway.
struct CareStep {
  models::Programme programme = models::Programme::kUsualCare;
  int startDay = 1;        ///< first day the programme acts (eligibility read the day before)
  int days = 7;            ///< how long it acts
  float minPainNrs = 0.f;  ///< eligible if yesterday's reported NRS >= this
};

/// An arm: one care pathway applied to a copy of the population.
struct Arm {
  std::string name;
  std::string description;
  std::vector<CareStep> care;
};

enum class Cadence { kDaily, kWeekly, kMonthly };

struct Recording {
  std::vector<models::Measure> measures;  ///< recorded and summarized
  Cadence cadence = Cadence::kWeekly;
  std::int64_t sample = 0;  ///< trajectories stored for this many people; -1 = everyone
};

struct Scenario {
  std::string name;
  std::string description;
  std::string sourceName;  ///< file path, or "default (built in)"
  std::string sourceText;  ///< the TOML text as read, with --set overrides listed after it
  std::string resolvedText;  ///< the TOML document after --set overrides (reproduces the run alone)
  std::uint64_t seed = 0;
  std::int64_t people = 0;
  int days = 0;           ///< horizon; day 0 is consultation, days 1..days are simulated
  int recoveryDays = 30;  ///< consecutive days at 0 that count as recovery
  std::vector<int> reportWeeks;
  models::Params params;
  Recording recording;
  std::vector<Arm> arms;

  static constexpr std::size_t kMaxCareSteps = 32;
};

/// Days (0..days) on which measures are recorded and summarized. Day 0 always;
/// weekly = every 7 days; monthly = round(k * 365.25 / 12).
std::vector<int> recordingDays(const Scenario& s);

}  // namespace painsim::sim
