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
