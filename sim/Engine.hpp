#pragma once
// The engine: generates one population, copies it into every arm, runs the arms
// side by side, and in each runs the day loop (coupling phase, then a parallel
// per-person step over fixed blocks), recording chosen measures and exact
// summaries over everyone.

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/Baseline.hpp"
#include "sim/CareSystem.hpp"
#include "sim/Network.hpp"
#include "sim/Population.hpp"
#include "sim/Scenario.hpp"
#include "sim/Workplaces.hpp"

namespace painsim::sim {

/// Exact statistics of one measure over everyone in an arm on one day.
/// Quantiles are type 7 (linear interpolation; R's default, numpy's default).
struct SummaryStats {
  std::int64_t n = 0;
  double mean = 0, sd = 0, p10 = 0, p50 = 0, p90 = 0;
};

/// Per-person outcomes over the whole horizon, for everyone.
struct Outcomes {
  std::vector<std::int32_t> dayRecoveredPain;        ///< -1 = not recovered
  std::vector<std::int32_t> dayRecoveredDisability;  ///< -1 = not recovered
  std::vector<std::int32_t> daysInPain;
  std::vector<std::int32_t> flares;
  std::vector<std::int32_t> dayFirstRecurrence;  ///< -1 = none
  std::vector<std::int32_t> dayReturnedWork;     ///< -1 = not yet, -2 = does not apply
  std::vector<std::int32_t> daysOffWork;
  std::vector<float> productivityLost;          ///< working days of output lost
  std::vector<std::int32_t> workStatusAtEnd;    ///< models::WorkStatus on the last day
  std::vector<std::int32_t> workStatusAtEntry;  ///< models::WorkStatus on day 0
  std::vector<float> meanPainNrs;
  std::vector<float> careCost;  ///< care cost over the horizon
  std::vector<std::int32_t> sessionsAttended;
  // Health economics (docs/economics.md), discounted to day 0 where it says so.
  std::vector<float> careCostDiscounted;
  std::vector<float> productivityLostDiscounted;  ///< working days (human capital)
  std::vector<float> frictionLostDiscounted;      ///< working days within the friction period
  std::vector<float> qalys;
  std::vector<float> qalysDiscounted;
  /// models::TrajectoryClass of reported pain at weeks 0..12 and at 13 points over 52
  /// weeks (a twelfth apart); -1 when the horizon is too short.
  std::vector<std::int32_t> trajectoryClass12Weeks, trajectoryClass12Months;
};

struct ArmResult {
  std::string name;
  /// summaries[m * days + t] for recorded measure m on recording day t, over everyone run.
  std::vector<SummaryStats> summaries;
  /// regionSummaries[g][m * days + t]: the same over the people of the g-th region run
  /// (RunResult::regions), when the scenario has more than one region.
  std::vector<std::vector<SummaryStats>> regionSummaries;
  /// trajectories[(m * sample + j) * days + t]: measure m, sampled person j, day t.
  std::vector<float> trajectories;
  Outcomes outcomes;                 ///< of the people run, in id order (RunResult::personIds)
  std::vector<WaitingWeek> waiting;  ///< per region run, week and programme of the pathway
};

struct RunResult {
  std::vector<int> days;                 ///< recording days
  std::vector<std::uint32_t> sampleIds;  ///< people whose trajectories are stored, ascending
  std::vector<std::size_t> regions;      ///< the regions run (indices into Scenario::regions)
  std::vector<ArmResult> arms;
  /// Bytes held by the regions' social networks and workplaces (0 without them).
  std::size_t networkBytes = 0;
  /// Seconds spent in the coupling phase (care, ties) and in the person step, summed
  /// over arms (arms run side by side, so these may exceed wall time).
  double coupleSeconds = 0, stepSeconds = 0;
  /// Number of people run.
  std::size_t people() const { return arms.empty() ? 0 : arms[0].outcomes.daysInPain.size(); }
};

/// Thrown when RunOptions::cancel becomes true; nothing has been written.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("run interrupted") {}
};

struct RunOptions {
  int threads = 0;  ///< 0 = all cores
  /// Called between days, one call at a time (arms run in parallel, so possibly from
  /// different threads): (arm-days done, arm-days in all, the arm that finished a day).
  std::function<void(std::int64_t done, std::int64_t total, const std::string& arm)> progress;
  const std::atomic<bool>* cancel = nullptr;
  /// The regions to run (indices into Scenario::regions, ascending); empty = all.
  /// Regions are independent, so running them in any grouping gives each region's
  /// people the same results: this is the unit for spreading a run over machines.
  std::vector<std::size_t> regions;
};

/// People per block: the unit of parallel work. Random streams are keyed by
/// person id, so the block size does not change results.
inline constexpr std::size_t kBlockSize = 1024;

/// Thrown when a cohort's entry condition cannot be met for some person.
class EntryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The context of day `day` in scenario `s` (onset hazard in the general population).
models::DayContext dayContext(const Scenario& s, int day);

/// One person at entry (day 0): candidates are drawn (attempt 0, 1, ...) and their
/// episode simulated from onset, without care, until one meets the entry condition
/// (population.entry_*). General population: a burn-in from a well person. The
/// person's region sets the parameters; `workplaces` (of that region, or null) their
/// employer.
models::PersonState enterPerson(const Scenario& s, const models::BaselineFactor& factor,
                                std::uint32_t person, const Workplaces* workplaces = nullptr);
/// The same with the region's parameters `p` given (regionParams()).
models::PersonState enterPerson(const Scenario& s, const models::Params& p,
                                const models::BaselineFactor& factor, std::uint32_t person,
                                const Workplaces* workplaces);

/// One region as generated on day 0, shared read-only by every arm: its people
/// (index i = person region.first + i), their ties and workplaces.
struct RegionBaseline {
  std::size_t region = 0;
  Population people;
  SocialNetwork network;  ///< empty without [network]
  Workplaces workplaces;  ///< empty without [workplaces]
};

/// Region `region` at consultation (day 0), generated in parallel over people.
/// Throws Cancelled once `*cancel` is true (checked per block of people: entry into a
/// cohort simulates each person's episode before day 0 and can take minutes).
RegionBaseline generateRegion(const Scenario& s, std::size_t region,
                              const std::atomic<bool>* cancel = nullptr);

/// The whole population at consultation (day 0): every region, in id order.
Population generatePopulation(const Scenario& s);

/// Which people have their trajectories stored (a fixed random sample, ascending ids).
std::vector<std::uint32_t> samplePeople(const Scenario& s);

/// Runs every arm of the scenario.
RunResult runScenario(const Scenario& s, const RunOptions& options = {});

/// Scalar reference path: one person, one day, straight from the recipe. The
/// block kernel in the engine must give identical results (tests/EngineTest).
models::PersonState stepPersonReference(const Scenario& s, const models::CareToday& care,
                                        models::PersonState state, std::uint32_t person, int day);

/// The block kernel the engine uses: people [begin, end) of `pop`, day `day`, with the
/// parameters `p` of their region, eight people at a time in vector lanes. Index i of
/// `pop` is person `firstId` + i; `(*care)[i]` is today's care of index i
/// (CareSystem::couple), and a null `care` means nobody has care today.
void stepBlock(const Scenario& s, const models::Params& p,
               const std::vector<models::CareToday>* care, Population& pop, std::size_t begin,
               std::size_t end, int day, std::uint32_t firstId = 0);

}  // namespace painsim::sim
