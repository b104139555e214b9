#pragma once
// Care pathways in the engine: referral, waiting lists with limited places,
// sessions, adherence and dropout, closures and costs (docs/care.md).
//
// Each day has two care phases, both reading only yesterday's state:
//   1. admission (serial, in queue order): free places go to those waiting;
//   2. per person (parallel): referrals, the programme's sessions and daily doses,
//      giving today's models::CareToday, which the model's day step applies.
// Random draws are keyed by (person, day, step), so the split into blocks and the
// thread count never change results.

#include <cstdint>
#include <deque>
#include <vector>

#include "models/Care.hpp"
#include "models/State.hpp"
#include "sim/Population.hpp"
#include "sim/Scenario.hpp"

namespace painsim::sim {

/// Where one person is in one step of the pathway.
struct StepProgress {
  enum Stage : std::uint8_t {
    kNone = 0,   ///< not referred
    kReferred,   ///< referred, in the referral delay
    kQueued,     ///< on the programme's waiting list
    kActive,     ///< in the programme
    kCompleted,  ///< finished all sessions
    kDropped,    ///< dropped out
    kLeft,       ///< left the waiting list (no longer eligible when a place came)
  };
  std::uint8_t stage = kNone;
  std::uint8_t scheduled = 0;  ///< sessions scheduled so far (attended or missed)
  std::uint8_t attended = 0;   ///< sessions attended
  std::int16_t activeDay = 0;  ///< days in the programme so far (closures pause it)
  std::int32_t referredDay = 0;
  std::int32_t waitedDays = 0;  ///< referral to first session
};

/// Counts of one programme in one arm over one day or week.
struct CareFlow {
  std::int64_t referred = 0;  ///< new referrals
  std::int64_t started = 0;   ///< first sessions
  std::int64_t waitDaysOfStarted = 0;
  std::int64_t left = 0;     ///< left a waiting list
  std::int64_t waiting = 0;  ///< referred or queued at the end of the day
  CareFlow& operator+=(const CareFlow& o);
};

/// Weekly waiting-list statistics of one programme of an arm.
struct WaitingWeek {
  int week = 0;
  std::size_t programme = 0;
  std::size_t region = 0;
  std::int64_t queueLength = 0;  ///< waiting (referred or on the list) at the end of the week
  std::int64_t referred = 0, started = 0, left = 0;
  double meanWaitDays = 0;  ///< mean wait of those who started this week (NaN if none)
};

/// One arm's pathway in one region, compiled for the day loop.
class CarePathway {
 public:
  /// `capacity`: the places of the region's clinics for this arm (capacityIn()).
  CarePathway(const Scenario& s, const Arm& arm, std::vector<Capacity> capacity);

  std::size_t steps() const { return m_arm.care.size(); }
  bool closed(int day) const;
  /// Index into capacity() of the step's programme, or -1 without a limit.
  int capacityOf(std::size_t step) const { return m_capacityOf[step]; }
  const std::vector<Capacity>& capacity() const { return m_capacity; }
  /// True when everyone eligible meets yesterday's measures (questionnaire noise of `day` - 1).
  bool eligible(const CareStep& step, std::uint32_t person, int day,
                const models::PersonState& yesterday) const;

  /// Phase 2 for one person: moves `progress` (one entry per step) on and returns today's
  /// care. Steps whose programme has a capacity limit are put on its list (queued);
  /// `flow` (one per programme) counts what happened.
  models::CareToday personDay(std::uint32_t person, int day, const models::PersonState& yesterday,
                              StepProgress* progress, CareFlow* flow) const;

  /// Admits person `person` in `step` today (after a wait); false if no longer eligible.
  bool admit(std::uint32_t person, std::size_t step, int day, const models::PersonState& yesterday,
             StepProgress& progress) const;

  /// Priority on a risk-ordered list: the STarT Back score read at the list's entry.
  float riskScore(std::uint32_t person, int day, const models::PersonState& yesterday) const;

  const Scenario& scenario() const { return m_s; }
  const Arm& arm() const { return m_arm; }

 private:
  const Scenario& m_s;
  const Arm& m_arm;
  std::vector<Capacity> m_capacity;
  std::vector<int> m_capacityOf;
};

/// The clinics of one region in one arm: waiting lists and the per-person progress of
/// the region's people through the arm's pathway. `pop` holds the region's people
/// (index i is person region.first + i); draws are keyed by person id.
class CareSystem {
 public:
  CareSystem(const Scenario& s, const Arm& arm, std::size_t region);

  /// Runs both care phases of `day` over the region's people (yesterday's state) and
  /// writes today's care per person into `today`.
  void couple(int day, const Population& pop, std::vector<models::CareToday>& today);

  /// Weekly waiting-list statistics so far (one row per programme used and week).
  const std::vector<WaitingWeek>& waiting() const { return m_weeks; }
  const CarePathway& pathway() const { return m_pathway; }
  /// False when nobody has care today (`today` of the last couple() is all zero), so
  /// the day step can skip reading it.
  bool careToday() const { return m_careGiven && m_pathway.steps() > 0; }
  const StepProgress& progress(std::size_t person, std::size_t step) const {
    return m_progress[person * m_pathway.steps() + step];
  }

 private:
  struct Entry {
    float priority;  ///< higher first (risk order); 0 for first come
    std::int32_t joined;
    std::uint32_t person;
    std::uint32_t step;
  };
  void admit(int day, const Population& pop, std::vector<CareFlow>& flow);
  void join(const Entry& e, std::size_t capacity);
  void closeWeek(int day, const std::vector<CareFlow>& dayFlow);

  CarePathway m_pathway;
  std::vector<StepProgress> m_progress;     ///< [person * steps + step]
  std::vector<std::deque<Entry>> m_queues;  ///< one per capacity entry
  std::vector<double> m_credit;             ///< places available now, per capacity entry
  std::vector<std::size_t> m_programmes;    ///< programmes used by the arm (report order)
  std::vector<CareFlow> m_weekFlow;         ///< per programme, this week so far
  std::vector<WaitingWeek> m_weeks;
  std::size_t m_region = 0;
  std::uint32_t m_firstId = 0;  ///< person id of the region's first person
  std::size_t m_pending = 0;    ///< person-steps referred, queued or active after the last pass
  bool m_careGiven = true;      ///< `today` may hold care from the last pass
};

}  // namespace painsim::sim
