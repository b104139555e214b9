#pragma once
// The state of one person, listed once. The engine's structure-of-arrays
// population (sim/Population.hpp) and the scalar PersonState below are both
// generated from this list, so copying, comparing and writing iterate the same
// columns.

#include <cstdint>

namespace painsim::models {

// clang-format off
//  X(type,         name,                 meaning)
#define PAINSIM_STATE(X)                                                                         \
  /* latent states, day t */                                                                   \
  X(float,        nociception,          "tissue-driven nociceptive input (latent, >= 0)")        \
  X(float,        sensitization,        "central sensitization, the nervous system's gain (0-1)") \
  X(float,        pain,                 "today's pain (0-1; NRS/10 before measurement)")         \
  X(float,        catastrophizing,      "state catastrophizing (0-1; PCS/52)")                   \
  X(float,        fear,                 "fear of movement (0-1; (TSK-17)/51)")                   \
  X(float,        activity,             "activity done today, fraction of pre-episode (0-1)")    \
  X(float,        capacity,             "physical capacity, fraction of pre-episode (0-1)")      \
  X(float,        efficacy,             "pain self-efficacy (0-1; PSEQ/60)")                     \
  X(float,        disability,           "disability (0-1; RMDQ/24 before measurement)")          \
  /* traits, fixed per person (care may shift them) */                                         \
  X(float,        catTrait,             "trait catastrophizing (0-1)")                           \
  X(float,        efficacyTrait,        "trait self-efficacy (0-1)")                             \
  X(float,        healDecay,            "daily survival of nociception, exp(-1/heal_days)")      \
  /* observed today (measurement layer) */                                                     \
  X(float,        painNrs,              "reported pain, NRS 0-10 (integer)")                    \
  X(float,        rmdqScore,            "reported disability, RMDQ 0-24 (integer)")             \
  /* outcome trackers */                                                                       \
  X(std::int32_t, painZeroRun,          "consecutive days with NRS 0 up to today")               \
  X(std::int32_t, rmdqZeroRun,          "consecutive days with RMDQ 0 up to today")              \
  X(std::int32_t, dayRecoveredPain,     "first day of the first sustained run of NRS 0, or -1")  \
  X(std::int32_t, dayRecoveredDisability, "first day of the first sustained run of RMDQ 0, or -1") \
  X(std::int32_t, daysInPain,           "days with NRS >= 1 since day 0")                        \
  X(std::int32_t, flares,               "flares and re-injuries since day 0")                    \
  X(float,        painNrsSum,           "sum of daily NRS since day 0")                          \
  /* care */                                                                                   \
  X(std::uint32_t, careEnrolled,        "bit k set: enrolled in care step k of the arm")
// clang-format on

/// One person's state, used by the scalar reference path and by tests.
struct PersonState {
#define PAINSIM_STATE_MEMBER(type, name, meaning) type name{};
  PAINSIM_STATE(PAINSIM_STATE_MEMBER)
#undef PAINSIM_STATE_MEMBER
};

}  // namespace painsim::models
