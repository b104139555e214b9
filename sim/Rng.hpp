#pragma once
// Counter-based random streams (Philox4x32-10, Random123). Every draw is a
// pure function of (seed, person, day, purpose): results do not depend on
// thread count, block size or processing order, and every arm of a scenario
// sees the same injuries, flares and measurement noise (common random numbers).

#include <Random123/philox.h>

#include <Random123/boxmuller.hpp>
#include <Random123/uniform.hpp>
#include <array>
#include <cstdint>

#include "models/CoreModel.hpp"

namespace painsim::sim {

inline constexpr const char* kRngAlgorithmName =
    "Philox4x32-10 (Random123 1.14); counter = (person, day, stream, k), key = 64-bit seed";

/// Purpose of a draw: the third word of the counter. Never reuse a value.
enum class Stream : std::uint32_t {
  kBaseline = 1,  ///< traits and states at consultation (k = 0, 1)
  kDay = 2,       ///< pain noise, flares, NRS and RMDQ noise (k = 0, 1)
  kScales = 3,    ///< questionnaire noise on recording days
  kSample = 4,    ///< which people have their trajectories stored
};

using Philox = r123::Philox4x32;

/// Four 32-bit random words for (seed, person, day, stream, k).
inline Philox::ctr_type randomWords(std::uint64_t seed, std::uint32_t person, std::uint32_t day,
                                    Stream stream, std::uint32_t k = 0) {
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const Philox::ctr_type counter = {{person, day, static_cast<std::uint32_t>(stream), k}};
  return Philox{}(counter, key);
}

/// Uniform in (0, 1], never 0 (safe for log).
inline float uniform01(std::uint32_t word) { return r123::u01<float>(word); }

inline models::DayDraws dayDraws(std::uint64_t seed, std::uint32_t person, std::uint32_t day) {
  const auto a = randomWords(seed, person, day, Stream::kDay, 0);
  const auto b = randomWords(seed, person, day, Stream::kDay, 1);
  const auto n1 = r123::boxmuller(a[0], a[1]);
  const auto n2 = r123::boxmuller(b[0], b[1]);
  return {n1.x, uniform01(a[2]), uniform01(a[3]), n1.y, n2.x};
}

inline models::ScaleDraws scaleDraws(std::uint64_t seed, std::uint32_t person, std::uint32_t day) {
  const auto a = randomWords(seed, person, day, Stream::kScales);
  const auto n1 = r123::boxmuller(a[0], a[1]);
  const auto n2 = r123::boxmuller(a[2], a[3]);
  return {n1.x, n1.y, n2.x};
}

/// Independent standard normals behind one person's baseline.
inline models::BaselineDraws baselineDraws(std::uint64_t seed, std::uint32_t person) {
  const auto a = randomWords(seed, person, 0, Stream::kBaseline, 0);
  const auto b = randomWords(seed, person, 0, Stream::kBaseline, 1);
  const auto n1 = r123::boxmuller(a[0], a[1]);
  const auto n2 = r123::boxmuller(a[2], a[3]);
  const auto n3 = r123::boxmuller(b[0], b[1]);
  return {n1.x, n1.y, n2.x, n2.y, n3.x, n3.y};
}

}  // namespace painsim::sim
