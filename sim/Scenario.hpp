#pragma once
// A validated scenario: everything a run needs, as plain data. Parsing and
// validation of TOML files lives in ScenarioFile.hpp.

#include <array>
#include <cstdint>
#include <string>
#include <utility>
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

/// Places of one programme in a region's clinics; without an entry a programme has no
/// limit. Regions give their clinics' places ([[region.capacity]]); an arm may change
/// them ([[arm.capacity]]), in one region or in all.
struct Capacity {
  enum class Order {
    kFirstCome,  ///< first come, first served
    kRisk,       ///< highest STarT Back score first, then first come
  };
  std::size_t programme = 0;
  double placesPerWeek = 0;  ///< new starts per week (may be fractional; unused places lapse)
  /// When >= 0, places per 100,000 people per year instead: placesPerWeek then follows
  /// the size of the region the places are in (see capacityIn()).
  double per100kPerYear = -1;
  Order order = Order::kFirstCome;
  int region = -1;  ///< arms: the region this entry changes; -1 = every region
};

/// Days on which services are closed: no sessions, no starts (referrals still queue).
struct Closure {
  int firstDay = 0, lastDay = -1;  ///< inclusive
};

/// What employers do for workers with back pain, set per arm ([arm.employer],
/// docs/work.md). Applied to everyone employed from day 0 of the arm.
struct EmployerOptions {
  bool modifiedDutiesEverywhere = false;  ///< every employer offers modified duties
  bool earlyContact = false;              ///< the employer keeps in touch from the first week off
  bool gradedReturn = false;              ///< return on graded (reduced) duties first
};

/// An arm: one care pathway applied to a copy of the population.
struct Arm {
  std::string name;
  std::string description;
  std::vector<CareStep> care;
  std::vector<Capacity> capacity;  ///< changes to the regions' clinic places
  std::vector<Closure> closures;
  EmployerOptions employer;
};

/// Employers of a region by size (docs/work.md). Size classes: micro (2-9 employees),
/// small (10-49), medium (50-249), large (250-1000).
struct WorkplaceMix {
  static constexpr std::size_t kClasses = 4;
  /// Share of employees working in each size class (sums to 1).
  std::array<double, kClasses> employeeShare{0.32, 0.15, 0.14, 0.39};
  /// Share of employers in each class offering modified duties; < 0 = the region's
  /// params work.accommodation_share.
  std::array<double, kClasses> accommodation{-1, -1, -1, -1};
};

/// A region: its people, their circumstances, its clinics and employers. People, ties,
/// workplaces and clinics belong to one region; there are no ties across regions.
/// Regions are contiguous ranges of person ids, in the order the scenario lists them.
struct Region {
  std::string name;
  std::int64_t people = 0;
  std::int64_t first = 0;  ///< id of its first person
  /// The region's changes to the scenario's params (regionParams() applies them, so
  /// that changing Scenario::params, as calibration does, reaches every region).
  std::vector<std::pair<float models::Params::*, float>> paramChanges;
  std::vector<Capacity> capacity;  ///< clinic places per programme
  WorkplaceMix workplaces;
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
  /// Entry is a consultation: a candidate consults with the chance models::consultChance
  /// of the pain and disability they report that day (care-seeking; docs/model.md).
  bool careSeeking = false;
  int burnInDays = 364;           ///< general population: days simulated before day 0
  int maxAttempts = 400;          ///< population.max_attempts: candidates drawn per person
};

struct Recording {
  std::vector<models::Measure> measures;  ///< recorded and summarized
  Cadence cadence = Cadence::kWeekly;
  std::int64_t sample = 0;  ///< trajectories stored for this many people; -1 = everyone
  /// When not empty, the recording days instead of the cadence (ascending, from 0;
  /// set by programs such as `painsim compare`, not by scenario files).
  std::vector<int> days;
};

/// Health economics of a run ([economics], docs/economics.md): how QALYs and costs are
/// counted. The engine accumulates them per person; analysis compares the arms.
struct Economics {
  enum class Perspective { kPayer, kSocietal };
  enum class Productivity { kHumanCapital, kFriction };
  std::string currency = "GBP";
  int priceYear = 2022;
  Perspective perspective = Perspective::kPayer;            ///< the headline costs
  Productivity productivity = Productivity::kHumanCapital;  ///< valuing lost output (societal)
  double discountCosts = 0.035;                             ///< per year
  double discountEffects = 0.035;                           ///< per year
  /// Utility map for QALYs: "model" (the EQ-5D measure's eq5d.* parameters, without
  /// noise), "rmdq_change", "rmdq_cross_sectional" or "custom" (customUtility).
  std::string utility = "model";
  models::UtilityMap customUtility;
  double wagePerDay = 90.35;        ///< value of a day's lost output (human capital)
  int frictionDays = 85;            ///< friction period (days of an absence counted)
  double frictionElasticity = 0.8;  ///< share of the output counted in the friction period that is lost
  std::string comparator;           ///< arm the others are compared with (the first arm)
  double wtp = 20000;               ///< willingness to pay per QALY
  double wtpMax = 50000;            ///< upper end of the acceptability curve
};

/// A parameter whose value is uncertain: each draw samples it ([[uncertainty.parameter]]).
struct UncertainParameter {
  enum class Distribution { kUniform, kTriangular, kNormal, kLogNormal };
  std::string name;
  float models::Params::*member = nullptr;
  Distribution distribution = Distribution::kUniform;
  /// uniform: min, max; triangular: min, mode, max; normal: mean, sd; lognormal: median,
  /// sd of the log. Normal and lognormal draws are truncated to [lo, hi].
  double a = 0, b = 0, c = 0;
  double lo = 0, hi = 0;  ///< the parameter's allowed range
};

/// Replicate runs for the uncertainty of cost-effectiveness ([uncertainty]): each draw
/// runs every arm again with its own seed and, when parameters are listed, its own
/// parameter values.
struct Uncertainty {
  int draws = 0;
  std::int64_t people = 0;  ///< people per draw; 0 = the scenario's
  std::vector<UncertainParameter> parameters;
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
  int days = 0;             ///< horizon; day 0 is consultation, days 1..days are simulated
  int recoveryDays = 30;    ///< consecutive days at 0 that count as recovery
  bool network = false;     ///< support flows through a social network ([network], docs/network.md)
  bool workplaces = false;  ///< employed people belong to workplaces ([workplaces], docs/work.md)
  std::vector<int> reportWeeks;
  models::Params params;
  Recording recording;
  std::vector<models::Programme> programmes;  ///< the library with the scenario's changes
  std::vector<Arm> arms;
  /// At least one; a scenario without [[region]] has one region, "all", of everyone.
  std::vector<Region> regions;
  Economics economics;
  Uncertainty uncertainty;

  static constexpr std::size_t kMaxCareSteps = 16;
};

/// The utility map QALYs are counted with (Economics::utility resolved against params).
models::UtilityMap utilityMap(const Scenario& s);

/// The same scenario with about `people` people: every region, and every number of
/// places per week, scaled by the same factor (each region keeps at least one person).
Scenario scaledTo(const Scenario& s, std::int64_t people);

/// Changes the size of a one-region scenario (calibration cohorts); throws
/// std::invalid_argument for a scenario with several regions.
void setPeople(Scenario& s, std::int64_t people);

/// The parameters of region `region`: the scenario's, with the region's changes.
models::Params regionParams(const Scenario& s, std::size_t region);

/// The region person `person` lives in (index into Scenario::regions).
std::size_t regionOf(const Scenario& s, std::uint32_t person);

/// The clinic places of arm `arm` in region `region`: for each programme of the arm's
/// pathway, the arm's entry for that region, else the arm's entry for every region,
/// else the region's own; places per 100,000 per year are turned into places per week
/// for the region's size. Programmes without an entry have no limit.
std::vector<Capacity> capacityIn(const Scenario& s, const Arm& arm, std::size_t region);

/// Days (0..days) on which measures are recorded and summarized. Day 0 always;
/// weekly = every 7 days; monthly = round(k * 365.25 / 12).
std::vector<int> recordingDays(const Scenario& s);

}  // namespace painsim::sim
