#pragma once
// Trajectory classes of pain: a documented, rule-based classifier of 13 pain
// values (weekly over 12 weeks, or monthly over 12 months). The engine
// classifies everyone at the end of a run; calibration uses it for target C7.
// Pure functions: no I/O, no global state.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace painsim::models {

/// Number of weekly pain values a trajectory is classified from: weeks 0..12.
inline constexpr std::size_t kTrajectoryWeeks = 13;

enum class TrajectoryClass {
  kRapidRecovery,
  kRecoveryBy12Weeks,
  kIncompleteRecovery,
  kFluctuating,
  kPersistentHigh
};

/// Names of the classes, indexed by the enum's value.
inline constexpr std::array<std::string_view, 5> kTrajectoryClassNames = {
    "rapid_recovery", "recovery_by_week_12", "incomplete_recovery", "fluctuating",
    "persistent_high"};

/// Thresholds of the classification rules, on the 0-10 numeric rating scale.
struct ClassifierRules {
  float persistentHighMean = 5.f;  ///< mean of weeks 8..12 at or above this: persistent high
  float relapseRise = 3.f;         ///< rise above the running minimum (from week 1): fluctuating
  float rapidMean = 1.f;           ///< mean of weeks 2..12 at or below this: rapid recovery
  float recoveredMean = 1.5f;      ///< mean of weeks 10..12 at or below this: recovered by 12
};

/// Classifies one weekly pain series w (NRS 0-10 at weeks 0..12, exactly 13
/// values). Rules, first match wins:
///   1. persistent_high      mean(w[8..12]) >= persistentHighMean
///   2. fluctuating          w[j] - min(w[1..i]) >= relapseRise for some 1 <= i < j <= 12
///                           (a relapse: a rise above the running minimum; week 0,
///                           the consultation, is not a baseline for relapses)
///   3. rapid_recovery       mean(w[2..12]) <= rapidMean
///   4. recovery_by_week_12  mean(w[10..12]) <= recoveredMean
///   5. incomplete_recovery  otherwise
/// Means are accumulated in double. Throws std::invalid_argument unless there
/// are exactly 13 values, all finite.
TrajectoryClass classifyTrajectory(std::span<const float> weeklyNrs,
                                   const ClassifierRules& rules = {});

/// Share of people in each class (indexed like kTrajectoryClassNames; the
/// shares sum to 1). weeklyByPerson is person-major: [person * 13 + week].
/// Throws std::invalid_argument if people is 0 or the size is not people * 13.
std::array<double, 5> classShares(std::span<const float> weeklyByPerson, std::size_t people,
                                  const ClassifierRules& rules = {});

}  // namespace painsim::models
