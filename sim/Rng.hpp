#pragma once
// Counter-based random streams (Philox4x32-10, Random123). Every draw is a
// pure function of (seed, person, day, purpose): results do not depend on
// thread count, block size or processing order, and every arm of a scenario
// sees the same injuries, flares, life events and measurement noise (common
// random numbers).

#include <Random123/philox.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>
#ifdef __AVX2__
#include <immintrin.h>
#endif

#include "models/CoreModel.hpp"

namespace painsim::sim {

inline constexpr const char* kRngAlgorithmName =
    "Philox4x32-10 (Random123 1.14); counter = (person, day, stream, k), key = 64-bit seed";

/// Purpose of a draw: the third word of the counter. Never reuse a value.
enum class Stream : std::uint32_t {
  kBaseline = 1,     ///< traits and the injury (k = 8 attempt + 0..5)
  kDay = 2,          ///< daily draws from consultation on (k = 0..2)
  kScales = 3,       ///< questionnaire noise on recording days (k = 0..3)
  kSample = 4,       ///< which people have their trajectories stored
  kHistory = 5,      ///< daily draws before consultation; day word = days before entry,
                     ///< k = 4 attempt + 0..2
  kCare = 6,         ///< care: k = care step (attendance, dropout); day 0, k = 64 + step: alliance
  kNetwork = 7,      ///< social network: day word = region; k = 0 household size, d = 1..k/2
                     ///< rewiring of the d-th tie, 1000 place on the ring
  kWorkplace = 8,    ///< workplaces: day word = region; person word = person (k = 0: place in
                     ///< the order) or workplace (k = 1: class, size, strain; k = 2: policy)
  kUncertainty = 9,  ///< parameter draws: person word = parameter, day word = draw, k = attempt
};

/// Seed of replicate (draw) r: the scenario's seed for r = 0, else splitmix64(seed + r).
/// Independent of everything else, so replicates of a scenario are reproducible.
inline std::uint64_t replicateSeed(std::uint64_t seed, int r) {
  if (r == 0) return seed;
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * std::uint64_t(r);  // splitmix64
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) & 0x7fffffffffffffffULL;  // scenario seeds are 63-bit
}

using Philox = r123::Philox4x32;

/// Four 32-bit random words for (seed, person, day, stream, k).
inline Philox::ctr_type randomWords(std::uint64_t seed, std::uint32_t person, std::uint32_t day,
                                    Stream stream, std::uint32_t k = 0) {
  const Philox::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const Philox::ctr_type counter = {{person, day, static_cast<std::uint32_t>(stream), k}};
  return Philox{}(counter, key);
}

/// The people 0..people-1 of region `region` in a random order: sorted by a draw
/// keyed by (person, region, stream, k), ties broken by id.
inline std::vector<std::uint32_t> randomOrder(std::uint64_t seed, std::uint32_t region,
                                              std::size_t people, Stream stream, std::uint32_t k) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> place(people);
  for (std::size_t i = 0; i < people; ++i)
    place[i] = {randomWords(seed, std::uint32_t(i), region, stream, k)[0], std::uint32_t(i)};
  std::sort(place.begin(), place.end());
  std::vector<std::uint32_t> order(people);
  for (std::size_t i = 0; i < people; ++i) order[i] = place[i].second;
  return order;
}

// ------------------------------------------------------------- Philox on lanes
// The block kernel draws for eight people at once. Philox4x32-10 is written out here
// over W = uint32 (one counter) or simd::words (eight counters, one per lane), so the
// same code serves both; tests/unit/RngTest checks it word for word against Random123.

/// hi and lo halves of the 64-bit products a * b, lane-wise.
template <class W>
inline void mulhilo(W a, std::uint32_t b, W& hi, W& lo) {
  if constexpr (std::is_same_v<W, std::uint32_t>) {
    const std::uint64_t product = std::uint64_t(a) * b;
    hi = std::uint32_t(product >> 32);
    lo = std::uint32_t(product);
  } else {
#ifdef __AVX2__
    const auto va = __m256i(a);
    const __m256i vb = _mm256_set1_epi32(int(b));
    const __m256i even = _mm256_mul_epu32(va, vb);                        // lanes 0, 2, 4, 6
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(va, 32), vb);  // lanes 1, 3, 5, 7
    lo = W(_mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA));
    hi = W(_mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA));
#else
    for (std::size_t k = 0; k < models::simd::kLanes; ++k) {
      const std::uint64_t product = std::uint64_t(a[k]) * b;
      hi[k] = std::uint32_t(product >> 32);
      lo[k] = std::uint32_t(product);
    }
#endif
  }
}

/// Philox4x32-10 (Salmon et al. 2011, as in Random123) of the counters (c0, c1, c2, c3),
/// lane-wise, under the 64-bit key `seed`.
template <class W>
inline std::array<W, 4> philox(std::uint64_t seed, W c0, W c1, W c2, W c3) {
  std::uint32_t k0 = std::uint32_t(seed), k1 = std::uint32_t(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    W hi0, lo0, hi1, lo1;
    mulhilo(c0, 0xD2511F53u, hi0, lo0);
    mulhilo(c2, 0xCD9E8D57u, hi1, lo1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return {c0, c1, c2, c3};
}

/// Uniform in (0, 1] from a random word: w 2^-32 + 2^-33 (Random123's u01<float>). The
/// word is converted in two exact 16-bit halves, so lanes round as the scalar does.
template <models::simd::Real F>
inline F uniform01(models::simd::WordOf<F> w) {
  using I = models::simd::IntOf<F>;
  const F x = models::simd::toFloat(I(w >> 16)) * 65536.f + models::simd::toFloat(I(w & 0xffffu));
  return x * 2.3283064365386963e-10f + 1.1641532182693481e-10f;
}
/// Uniform in (0, 1], never 0 (safe for log).
inline float uniform01(std::uint32_t word) { return uniform01<float>(word); }
/// Two standard normals from two random words (Box-Muller).
struct NormalPair {
  float x = 0.f, y = 0.f;
};
template <models::simd::Real F>
inline void boxMuller(models::simd::WordOf<F> u, models::simd::WordOf<F> v, F& x, F& y);
inline NormalPair normalPair(std::uint32_t u, std::uint32_t v) {
  NormalPair n;
  boxMuller<float>(u, v, n.x, n.y);
  return n;
}

/// Uniform in [-1, 1] from a random word (Random123's uneg11<float>).
template <models::simd::Real F>
inline F uniformSigned(models::simd::WordOf<F> w) {
  using I = models::simd::IntOf<F>;
  return models::simd::toFloat(I(w)) * 4.6566128730773926e-10f + 2.3283064365386963e-10f;
}
/// Two standard normals from two words (Box-Muller, as Random123's boxmuller):
/// x = r sin(pi v), y = r cos(pi v), r = sqrt(-2 ln u).
template <models::simd::Real F>
inline void boxMuller(models::simd::WordOf<F> u, models::simd::WordOf<F> v, F& x, F& y) {
  F s, c;
  models::simd::sincospi(uniformSigned<F>(v), s, c);
  const F r = models::simd::sqrt(-2.f * models::simd::log(uniform01<F>(u)));
  x = s * r;
  y = c * r;
}

/// Daily draws from three Philox blocks: (stream, k0), (stream, k0 + 1), (stream, k0 + 2),
/// for one person (F = float) or for the people in the lanes of `person`.
template <models::simd::Real F>
inline models::BasicDayDraws<F> dayDrawsOf(std::uint64_t seed, models::simd::WordOf<F> person,
                                           std::uint32_t day, Stream stream, std::uint32_t k0) {
  using W = models::simd::WordOf<F>;
  const auto block = [&](std::uint32_t k) {
    return philox<W>(seed, person, models::simd::splat<W>(day),
                     models::simd::splat<W>(std::uint32_t(stream)), models::simd::splat<W>(k));
  };
  const auto a = block(k0);
  const auto b = block(k0 + 1);
  const auto c = block(k0 + 2);
  models::BasicDayDraws<F> d;
  F unused;
  boxMuller<F>(a[0], a[1], d.painNoise, d.nrsNoise);
  boxMuller<F>(a[2], a[3], d.rmdqNoise, d.sleepNoise);
  boxMuller<F>(b[0], b[1], d.onsetSeverity, unused);
  d.flareU = uniform01<F>(b[2]);
  d.flareSizeU = uniform01<F>(b[3]);
  d.lifeEventU = uniform01<F>(c[0]);
  d.lifeEventSizeU = uniform01<F>(c[1]);
  d.workU = uniform01<F>(c[2]);
  d.onsetU = uniform01<F>(c[3]);
  return d;
}

/// Daily draws of one person from three Philox blocks (stream, k0 .. k0 + 2).
inline models::DayDraws dayDrawsFrom(std::uint64_t seed, std::uint32_t person, std::uint32_t day,
                                     Stream stream, std::uint32_t k0) {
  return dayDrawsOf<float>(seed, person, day, stream, k0);
}

/// Draws of day `day` for the eight people in the lanes of `people`.
inline models::BasicDayDraws<models::simd::floats> dayDrawLanes(std::uint64_t seed,
                                                                models::simd::words people,
                                                                std::uint32_t day) {
  return dayDrawsOf<models::simd::floats>(seed, people, day, Stream::kDay, 0);
}

/// Draws of day `day` counted from consultation (day 0).
inline models::DayDraws dayDraws(std::uint64_t seed, std::uint32_t person, std::uint32_t day) {
  return dayDrawsFrom(seed, person, day, Stream::kDay, 0);
}

/// Draws of the day `daysBefore` days before entry, in entry attempt `attempt`.
inline models::DayDraws historyDraws(std::uint64_t seed, std::uint32_t person,
                                     std::uint32_t daysBefore, std::uint32_t attempt) {
  return dayDrawsFrom(seed, person, daysBefore, Stream::kHistory, 4 * attempt);
}

/// Sixteen standard normals from four Philox blocks (stream, k0 .. k0 + 3), two
/// Box-Muller pairs per block; for one person, or lane-wise for the people in `person`.
template <models::simd::Real F>
inline std::array<F, 16> sixteenNormalsOf(std::uint64_t seed, models::simd::WordOf<F> person,
                                          std::uint32_t day, Stream stream, std::uint32_t k0) {
  using W = models::simd::WordOf<F>;
  std::array<F, 16> n{};
  for (std::uint32_t k = 0; k < 4; ++k) {
    const auto w =
        philox<W>(seed, person, models::simd::splat<W>(day),
                  models::simd::splat<W>(std::uint32_t(stream)), models::simd::splat<W>(k0 + k));
    boxMuller<F>(w[0], w[1], n[4 * k], n[4 * k + 1]);
    boxMuller<F>(w[2], w[3], n[4 * k + 2], n[4 * k + 3]);
  }
  return n;
}
inline std::array<float, 16> sixteenNormals(std::uint64_t seed, std::uint32_t person,
                                            std::uint32_t day, Stream stream, std::uint32_t k0) {
  return sixteenNormalsOf<float>(seed, person, day, stream, k0);
}

/// Uniforms for the care step `step` of person `person` on day `day`: [0] dropout,
/// [1] attendance, [2] a new tie at the session (social programmes).
inline std::array<float, 3> careUniforms(std::uint64_t seed, std::uint32_t person,
                                         std::uint32_t day, std::uint32_t step) {
  const auto w = randomWords(seed, person, day, Stream::kCare, step);
  return {uniform01(w[0]), uniform01(w[1]), uniform01(w[2])};
}

/// The therapeutic alliance of person `person` in care step `step` (standard normal).
inline float allianceDraw(std::uint64_t seed, std::uint32_t person, std::uint32_t step) {
  const auto w = randomWords(seed, person, 0, Stream::kCare, 64 + step);
  return normalPair(w[0], w[1]).x;
}

/// Questionnaire noise from sixteen normals (lane k of each, for lane-wise normals).
template <class N>
inline models::ScaleDraws scaleDrawsFrom(const std::array<N, 16>& n, std::size_t k = 0) {
  const auto at = [&](std::size_t j) {
    if constexpr (std::is_same_v<N, float>)
      return n[j];
    else
      return n[j][k];
  };
  models::ScaleDraws d;
  d.pcs = at(0);
  d.tsk = at(1);
  d.pseq = at(2);
  d.fabqPa = at(3);
  d.fabqW = at(4);
  d.phq9 = at(5);
  d.gad7 = at(6);
  d.psqi = at(7);
  d.eq5d = at(8);
  for (std::size_t i = 0; i < 7; ++i) d.startBack[i] = at(9 + i);
  return d;
}

inline models::ScaleDraws scaleDraws(std::uint64_t seed, std::uint32_t person, std::uint32_t day) {
  return scaleDrawsFrom(sixteenNormals(seed, person, day, Stream::kScales, 0));
}

/// The questionnaire noise of the eight people in the lanes of `people` (the same
/// normals as scaleDraws gives each).
inline std::array<models::simd::floats, 16> scaleNormalLanes(std::uint64_t seed,
                                                             models::simd::words people,
                                                             std::uint32_t day) {
  return sixteenNormalsOf<models::simd::floats>(seed, people, day, Stream::kScales, 0);
}

/// Independent standard normals and uniforms behind one person's baseline, in
/// entry attempt `attempt` (0 unless a cohort's entry condition rejected earlier ones).
inline models::BaselineDraws baselineDraws(std::uint64_t seed, std::uint32_t person,
                                           std::uint32_t attempt = 0) {
  const auto n = sixteenNormals(seed, person, 0, Stream::kBaseline, 8 * attempt);
  const auto u = randomWords(seed, person, 0, Stream::kBaseline, 8 * attempt + 4);
  const auto v = randomWords(seed, person, 0, Stream::kBaseline, 8 * attempt + 5);
  models::BaselineDraws z;
  z.catastrophizing = n[0];
  z.fear = n[1];
  z.efficacy = n[2];
  z.severity = n[3];
  z.mood = n[4];
  z.anxiety = n[5];
  z.sleep = n[6];
  z.stress = n[7];
  z.support = n[8];
  z.acceptance = n[9];
  z.healing = n[10];
  z.sensitization = n[11];
  z.solicitousness = n[12];
  z.jobStrain = n[13];
  z.money = n[14];
  z.age = n[15];
  z.employedU = uniform01(u[0]);
  z.accommodationU = uniform01(u[1]);
  z.radiatingU = uniform01(u[2]);
  z.comorbidU = uniform01(u[3]);
  z.offWorkU = uniform01(v[0]);
  z.entryBandU = uniform01(v[1]);
  z.entryDayU = uniform01(v[2]);
  z.consultU = uniform01(v[3]);
  return z;
}

}  // namespace painsim::sim
