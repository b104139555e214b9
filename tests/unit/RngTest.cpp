#include <gtest/gtest.h>

#include <cmath>

#include "sim/Rng.hpp"

namespace painsim::sim {

TEST(Rng, DrawsArePureFunctionsOfTheirKey) {
  const auto a = randomWords(42, 7, 3, Stream::kDay, 1);
  const auto b = randomWords(42, 7, 3, Stream::kDay, 1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, randomWords(43, 7, 3, Stream::kDay, 1));                    // seed
  EXPECT_NE(a, randomWords(42, 8, 3, Stream::kDay, 1));                    // person
  EXPECT_NE(a, randomWords(42, 7, 4, Stream::kDay, 1));                    // day
  EXPECT_NE(a, randomWords(42, 7, 3, Stream::kScales, 1));                 // purpose
  EXPECT_NE(a, randomWords(42, 7, 3, Stream::kDay, 0));                    // k
  EXPECT_NE(a, randomWords(42ull + (1ull << 32), 7, 3, Stream::kDay, 1));  // high seed bits
}

TEST(Rng, UniformsAreInTheOpenClosedUnitInterval) {
  EXPECT_GT(uniform01(0u), 0.f);
  EXPECT_LE(uniform01(0xffffffffu), 1.f);
}

TEST(Rng, DayDrawsHaveTheStatedDistributions) {
  // Means of n draws: standard error 1/sqrt(n) for normals, 1/sqrt(12 n) for uniforms.
  const int n = 200000;
  double sumNormal = 0, sumSquares = 0, sumUniform = 0;
  for (int i = 0; i < n; ++i) {
    const auto d = dayDraws(99, std::uint32_t(i), 5);
    sumNormal += d.painNoise;
    sumSquares += double(d.painNoise) * d.painNoise;
    sumUniform += d.flareU;
    ASSERT_GT(d.flareU, 0.f);
    ASSERT_LE(d.flareU, 1.f);
  }
  EXPECT_NEAR(sumNormal / n, 0.0, 5.0 / std::sqrt(double(n)));
  EXPECT_NEAR(sumSquares / n, 1.0, 5.0 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sumUniform / n, 0.5, 5.0 / std::sqrt(12.0 * n));
}

TEST(Rng, DrawsOfNeighbouringPeopleAreUncorrelated) {
  const int n = 100000;
  double sxy = 0;
  for (int i = 0; i < n; ++i)
    sxy += double(dayDraws(1, std::uint32_t(i), 1).painNoise) *
           dayDraws(1, std::uint32_t(i + 1), 1).painNoise;
  EXPECT_NEAR(sxy / n, 0.0, 5.0 / std::sqrt(double(n)));
}

}  // namespace painsim::sim

namespace painsim::sim {

// The block kernel's Philox, written out over lanes, must give Random123's words.
TEST(Rng, PhiloxOnLanesEqualsRandom123WordForWord) {
  for (std::uint64_t seed : {0ull, 20261121ull, 0x7fffffffffffffffull}) {
    models::simd::words people, days, streams, ks;
    for (std::uint32_t k = 0; k < models::simd::kLanes; ++k) {
      people[k] = 1000003u * k + 17u;
      days[k] = 365u - 40u * k;
      streams[k] = 1u + k % 9u;
      ks[k] = k;
    }
    const auto lanes = philox(seed, people, days, streams, ks);
    for (std::uint32_t k = 0; k < models::simd::kLanes; ++k) {
      const auto expected =
          randomWords(seed, people[k], days[k], static_cast<Stream>(streams[k]), ks[k]);
      const auto scalar = philox<std::uint32_t>(seed, people[k], days[k], streams[k], ks[k]);
      for (std::size_t w = 0; w < 4; ++w) {
        ASSERT_EQ(lanes[w][k], expected[w]) << "seed " << seed << " lane " << k << " word " << w;
        ASSERT_EQ(scalar[w], expected[w]);
      }
    }
  }
}

// Draws for eight people at once equal each person's own draws, bit for bit.
TEST(Rng, DayDrawsOnLanesEqualEachPersonsDraws) {
  for (std::uint32_t first : {0u, 8u, 123456u, 0xfffffff0u}) {
    models::simd::words people;
    for (std::uint32_t k = 0; k < models::simd::kLanes; ++k) people[k] = first + k;
    const auto lanes = dayDrawLanes(77, people, 12);
    for (std::uint32_t k = 0; k < models::simd::kLanes; ++k) {
      const auto d = dayDraws(77, first + k, 12);
      EXPECT_EQ(lanes.painNoise[k], d.painNoise);
      EXPECT_EQ(lanes.nrsNoise[k], d.nrsNoise);
      EXPECT_EQ(lanes.rmdqNoise[k], d.rmdqNoise);
      EXPECT_EQ(lanes.sleepNoise[k], d.sleepNoise);
      EXPECT_EQ(lanes.onsetSeverity[k], d.onsetSeverity);
      EXPECT_EQ(lanes.flareU[k], d.flareU);
      EXPECT_EQ(lanes.flareSizeU[k], d.flareSizeU);
      EXPECT_EQ(lanes.lifeEventU[k], d.lifeEventU);
      EXPECT_EQ(lanes.lifeEventSizeU[k], d.lifeEventSizeU);
      EXPECT_EQ(lanes.workU[k], d.workU);
      EXPECT_EQ(lanes.onsetU[k], d.onsetU);
    }
  }
}

// The uniforms are Random123's u01 and uneg11 exactly (same arithmetic), at the ends too.
TEST(Rng, UniformsMatchRandom123Conversions) {
  for (std::uint32_t w :
       {0u, 1u, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu, 2654435769u}) {
    EXPECT_EQ(uniform01(w), float(w) * 2.3283064365386963e-10f + 1.1641532182693481e-10f) << w;
    EXPECT_EQ(uniformSigned<float>(w),
              float(std::int32_t(w)) * 4.6566128730773926e-10f + 2.3283064365386963e-10f)
        << w;
  }
}

}  // namespace painsim::sim
