#pragma once
// The state of one person, listed once. The engine's structure-of-arrays
// population (sim/Population.hpp) and the scalar PersonState below are both
// generated from this list, so copying, comparing and writing iterate the same
// columns. docs/model.md section 2 gives the meaning of each.

#include <cstdint>
#include <type_traits>

namespace painsim::models {

/// Work status (MODEL.md section 2). Stored as an integer column.
enum class WorkStatus : std::int32_t {
  kWorking = 0,         ///< at work, full duties
  kSickLeave = 1,       ///< employed, absent because of back pain
  kModifiedDuties = 2,  ///< employed, back at work on lighter duties
  kNotInPaidWork = 3,   ///< not employed before the episode (retired, home): no work transitions
  kLongTermDisability = 4,  ///< employed, absent longer than work.long_term_days
  kJobLost = 5,             ///< lost one's job while absent; may find work again
};

// clang-format off
//  X(type,         name,                 meaning)
#define PAINSIM_STATE(X)                                                                         \
  /* latent states, day t */                                                                   \
  X(float,        nociception,          "tissue-driven nociceptive input (latent, >= 0)")        \
  X(float,        nociceptionSlow,      "the part of nociception in the slow healing phase (latent, >= 0)") \
  X(float,        nociceptionFlare,     "the part of nociception left by flare-ups (latent, >= 0)") \
  X(float,        sensitization,        "central sensitization, the nervous system's gain (0-1)") \
  X(float,        pain,                 "today's pain (0-1; NRS/10 before measurement)")         \
  X(float,        catastrophizing,      "state catastrophizing (0-1; PCS/52)")                   \
  X(float,        fear,                 "fear of movement (0-1; (TSK-17)/51)")                   \
  X(float,        activity,             "activity done today, fraction of pre-episode (0-1)")    \
  X(float,        capacity,             "physical capacity, fraction of pre-episode (0-1)")      \
  X(float,        efficacy,             "pain self-efficacy (0-1; PSEQ/60)")                     \
  X(float,        painExpected,         "the pain one expects: a running average of recent pain (0-1)") \
  X(float,        disability,           "disability (0-1; RMDQ/24 before measurement)")          \
  X(float,        stress,               "perceived stress (0-1)")                                \
  X(float,        lifeEvents,           "load of recent stressful life events (latent, >= 0)")   \
  X(float,        moneyWorries,         "financial strain (0-1)")                                \
  X(float,        sleep,                "quality of last night's sleep (0-1, 1 = good)")         \
  X(float,        sleepMonth,           "sleep quality averaged over about a month (0-1; PSQI)") \
  X(float,        depression,           "low mood (0-1; PHQ-9/27)")                              \
  X(float,        anxiety,              "worry (0-1; GAD-7/21)")                                 \
  X(float,        acceptance,           "pain acceptance, psychological flexibility (0-1)")      \
  X(float,        supportAutonomy,      "autonomy-promoting support received (0-1)")             \
  X(float,        supportSolicitous,    "solicitous support received: others take over (0-1)")  \
  /* traits, fixed per person (care or life may shift them) */                                 \
  X(float,        catTrait,             "trait catastrophizing (0-1)")                           \
  X(float,        efficacyTrait,        "trait self-efficacy (0-1)")                             \
  X(float,        healDecay,            "daily survival of fast-phase nociception, exp(-1/heal_days)") \
  X(float,        slowHealDecay,        "daily survival of slow-phase nociception, exp(-1/slow_heal_days)") \
  X(float,        flareHealDecay,       "daily survival of flare nociception, exp(-1/(flare.heal_ratio heal_days))") \
  X(float,        sensThreshold,        "load above which one sensitizes (sigmoid midpoint): pain_threshold - threshold_sd z") \
  X(float,        stressTrait,          "usual stress level outside the episode (0-1)")          \
  X(float,        sleepTrait,           "usual sleep quality (0-1)")                             \
  X(float,        moodTrait,            "vulnerability to low mood (0-1)")                       \
  X(float,        anxietyTrait,         "trait anxiety (0-1)")                                   \
  X(float,        acceptanceTrait,      "trait acceptance (0-1)")                                \
  X(float,        networkSupport,       "support one's ties can give when one is well (0-1); in a network, how much one gives") \
  X(float,        tieEngagement,        "how engaged one keeps one's ties (0-1): withdrawal weakens them over weeks") \
  X(float,        supportAvailable,     "support available from one's ties today (0-1): networkSupport, or what the network gives") \
  X(float,        solicitousness,       "how readily one takes over tasks for someone in pain (0-1); without a network it stands for one's ties") \
  X(float,        jobStrain,            "job strain: high demands, low control (0-1; 0 if not working)") \
  X(float,        moneyTrait,           "financial strain outside the episode (0-1)")            \
  X(float,        accommodation,        "1 if the employer offers modified duties, else 0")      \
  X(float,        earlyContact,         "1 if the employer keeps in touch from the first week off, else 0") \
  X(float,        gradedReturn,         "1 if the employer offers a graded return (reduced duties first), else 0") \
  X(float,        solicitousAvailable,  "how readily one's ties take over tasks today (0-1): solicitousness, or what the network gives") \
  X(float,        radiatingPain,        "1 if the pain spreads down the leg, else 0")            \
  X(float,        comorbidPain,         "1 if there is also shoulder or neck pain, else 0")      \
  X(float,        age,                  "age in years")                                          \
  /* work */                                                                                   \
  X(std::int32_t, workStatus,           "WorkStatus: 0 working, 1 sick leave, 2 modified duties, 3 not in paid work, 4 long-term work disability, 5 job lost") \
  X(std::int32_t, absenceRun,           "days of the current absence (sick leave or long-term), 0 otherwise") \
  X(std::int32_t, daysSinceOnset,       "days since the onset of the current (or last) episode") \
  /* observed today (measurement layer) */                                                     \
  X(float,        painNrs,              "reported pain, NRS 0-10 (integer)")                    \
  X(float,        rmdqScore,            "reported disability, RMDQ 0-24 (integer)")             \
  /* outcome trackers */                                                                       \
  X(std::int32_t, painZeroRun,          "consecutive days with NRS 0 up to today")               \
  X(std::int32_t, rmdqZeroRun,          "consecutive days with RMDQ 0 up to today")              \
  X(std::int32_t, dayRecoveredPain,     "first day of the first sustained run of NRS 0, or -1")  \
  X(std::int32_t, dayRecoveredDisability, "first day of the first sustained run of RMDQ 0, or -1") \
  X(std::int32_t, dayReturnedWork,      "first day back at full duties after absence at consultation, or -1") \
  X(std::int32_t, dayFirstRecurrence,   "first day of pain again (NRS >= 2) after a pain-free week, or -1") \
  X(std::int32_t, daysInPain,           "days with NRS >= 1 since day 0")                        \
  X(std::int32_t, daysOffWork,          "days absent (sick leave or long-term work disability) since day 0") \
  X(float,        productivityLost,     "working days of output lost since day 0 (absence, job loss, reduced duties, presenteeism)") \
  X(std::int32_t, flares,               "flares and re-injuries since day 0")                    \
  X(float,        painNrsSum,           "sum of daily NRS since day 0")                          \
  X(float,        careCost,             "care cost since day 0 (currency units of the scenario)") \
  X(std::int32_t, sessionsAttended,     "care sessions attended since day 0")                    \
  /* health economics (docs/economics.md) */                                                   \
  X(float,        careCostDiscounted,   "care cost since day 0, discounted to day 0 (economics.discount_costs)") \
  X(float,        productivityLostDiscounted, "productivity lost since day 0 (working days), discounted") \
  X(float,        frictionLostDiscounted, "productivity lost within the friction period since day 0 (working days), discounted") \
  X(float,        qalys,                "quality-adjusted life years since day 0 (economics.utility)") \
  X(float,        qalysDiscounted,      "QALYs since day 0, discounted to day 0 (economics.discount_effects)")
// clang-format on

/// The state of one person (F = float, I = int32) or of simd::kLanes people side by
/// side (F = simd::floats, I = simd::ints): float columns become F, integer ones I.
template <class F, class I>
struct BasicState {
#define PAINSIM_STATE_MEMBER(type, name, meaning) \
  std::conditional_t<std::is_same_v<type, float>, F, I> name{};
  PAINSIM_STATE(PAINSIM_STATE_MEMBER)
#undef PAINSIM_STATE_MEMBER
};

/// One person's state, used by the scalar reference path and by tests.
using PersonState = BasicState<float, std::int32_t>;

}  // namespace painsim::models
