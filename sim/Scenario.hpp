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

/// A condition on yesterday's value of a measure: lo <= value <= hi.
struct Eligibility {
  models::Measure measure = models::Measure::kPainNrs;
  float lo = 0.f, hi = 0.f;
};

/// One step of a care pathway (docs/care.md).
struct CareStep {
  std::size_t programme = 0;  ///< index into Scenario::programmes
  int startDay = 1;           ///< referrals open (eligibility read from the day before)
  int windowDays = 1;         ///< referrals stay open on days [startDay, startDay + windowDays)
  int referralDelayDays = 0;  ///< from referral to the programme's list (or first session)
  std::vector<Eligibility> eligible;  ///< all must hold
};

/// Places of one programme in one arm; without an entry a programme has no limit.
struct Capacity {
  enum class Order {
    kFirstCome,  ///< first come, first served
    kRisk,       ///< highest STarT Back score first, then first come
  };
  std::size_t programme = 0;
  double placesPerWeek = 0;  ///< new starts per week (may be fractional; unused places lapse)
  Order order = Order::kFirstCome;
};

/// Days on which services are closed: no sessions, no starts (referrals still queue).
struct Closure {
  int firstDay = 0, lastDay = -1;  ///< inclusive
};

/// An arm: one care pathway applied to a copy of the population.
struct Arm {
  std::string name;
  std::string description;
  std::vector<CareStep> care;
  std::vector<Capacity> capacity;
  std::vector<Closure> closures;
};

enum class Cadence { kDaily, kWeekly, kMonthly };

/// A band of episode durations at entry: `share` of the cohort entered between
/// `minDays` and `maxDays` (inclusive, uniform) after the onset of their episode.
/// Scenario files give whole weeks [lo, hi]: days 7 lo to 7 hi + 6.
struct EpisodeBand {
  double share = 1.0;
  int minDays = 0;
  int maxDays = 0;
};

/// Who the population is and how people enter it (docs/scenarios.md).
struct PopulationSpec {
  enum class Mode {
    kIncident,  ///< a cohort: everyone consults on day 0, EpisodeBand days after onset
    kGeneral,   ///< everyone, in or out of an episode; episodes start by an incidence hazard
  };
  Mode mode = Mode::kIncident;
  std::vector<EpisodeBand> episode{EpisodeBand{}};  ///< incident cohorts; shares sum to 1
  float entryMinPainNrs = 0.f;    ///< entry requires reported NRS >= this on day 0
  bool entryUnrecovered = false;  ///< entry requires no sustained pain recovery since onset
  int burnInDays = 364;           ///< general population: days simulated before day 0
  int maxAttempts = 400;          ///< candidates drawn per person to meet the entry condition
};

struct Recording {
  std::vector<models::Measure> measures;  ///< recorded and summarized
  Cadence cadence = Cadence::kWeekly;
  std::int64_t sample = 0;  ///< trajectories stored for this many people; -1 = everyone
  /// When not empty, the recording days instead of the cadence (ascending, from 0;
  /// set by programs such as `painsim compare`, not by scenario files).
  std::vector<int> days;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string sourceName;    ///< file path, or "default (built in)"
  std::string sourceText;    ///< the TOML text as read, with --set overrides listed after it
  std::string resolvedText;  ///< the TOML document after --set overrides (reproduces the run alone)
  std::uint64_t seed = 0;
  std::int64_t people = 0;
  PopulationSpec population;
  int days = 0;           ///< horizon; day 0 is consultation, days 1..days are simulated
  int recoveryDays = 30;  ///< consecutive days at 0 that count as recovery
  bool network = false;   ///< support flows through a social network ([network], docs/network.md)
  std::vector<int> reportWeeks;
  models::Params params;
  Recording recording;
  std::vector<models::Programme> programmes;  ///< the library with the scenario's changes
  std::vector<Arm> arms;

  static constexpr std::size_t kMaxCareSteps = 16;
};

/// Days (0..days) on which measures are recorded and summarized. Day 0 always;
/// weekly = every 7 days; monthly = round(k * 365.25 / 12).
std::vector<int> recordingDays(const Scenario& s);

}  // namespace painsim::sim
