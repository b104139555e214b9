#include "models/Trajectory.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace painsim::models {
namespace {

/// Mean of w[first..last] (both inclusive), in double.
double meanOfWeeks(std::span<const float> w, std::size_t first, std::size_t last) {
  double sum = 0;
  for (std::size_t i = first; i <= last; ++i) sum += w[i];
  return sum / double(last - first + 1);
}

/// Largest rise w[j] - min(w[1..j-1]) over j = 2..12: how far pain climbed
/// back above the lowest level reached since week 1.
double largestRelapse(std::span<const float> w) {
  double runningMin = w[1];
  double largest = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 2; j < w.size(); ++j) {
    largest = std::max(largest, double(w[j]) - runningMin);
    runningMin = std::min(runningMin, double(w[j]));
  }
  return largest;
}

}  // namespace

TrajectoryClass classifyTrajectory(std::span<const float> weeklyNrs, const ClassifierRules& rules) {
  if (weeklyNrs.size() != kTrajectoryWeeks)
    throw std::invalid_argument(
        "classifyTrajectory: expected 13 weekly values (weeks 0..12), got " +
        std::to_string(weeklyNrs.size()));
  for (const float x : weeklyNrs)
    if (!std::isfinite(x)) throw std::invalid_argument("classifyTrajectory: non-finite value");
  const auto w = weeklyNrs;
  if (meanOfWeeks(w, 8, 12) >= rules.persistentHighMean) return TrajectoryClass::kPersistentHigh;
  if (largestRelapse(w) >= rules.relapseRise) return TrajectoryClass::kFluctuating;
  if (meanOfWeeks(w, 2, 12) <= rules.rapidMean) return TrajectoryClass::kRapidRecovery;
  if (meanOfWeeks(w, 10, 12) <= rules.recoveredMean) return TrajectoryClass::kRecoveryBy12Weeks;
  return TrajectoryClass::kIncompleteRecovery;
}

std::array<double, 5> classShares(std::span<const float> weeklyByPerson, std::size_t people,
                                  const ClassifierRules& rules) {
  if (people == 0) throw std::invalid_argument("classShares: no people");
  if (weeklyByPerson.size() != people * kTrajectoryWeeks)
    throw std::invalid_argument("classShares: expected people * 13 weekly values");
  std::array<std::int64_t, 5> counts{};
  for (std::size_t p = 0; p < people; ++p)
    ++counts[std::size_t(
        classifyTrajectory(weeklyByPerson.subspan(p * kTrajectoryWeeks, kTrajectoryWeeks), rules))];
  std::array<double, 5> shares{};
  for (std::size_t k = 0; k < shares.size(); ++k) shares[k] = double(counts[k]) / double(people);
  return shares;
}

}  // namespace painsim::models
