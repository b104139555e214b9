// The engine's block kernel (sim::stepBlock: eight people per vector lane group) must
// give, in every state column, bit for bit what the scalar recipe models::stepDay gives
// one person at a time: on a generated population, on random states that reach every
// branch (all work statuses, new episodes, care sessions), and for blocks whose size is
// not a multiple of the lane count.
#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <string>

#include "models/CoreModel.hpp"
#include "sim/Engine.hpp"
#include "sim/Rng.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::sim {
namespace {

template <class T>
std::uint32_t bits(T x) {
  return std::bit_cast<std::uint32_t>(x);
}

/// Steps `pop` (people firstId..) over days 1..days with the block kernel, blocks of
/// `block` people, and each person alone with models::stepDay; every column must agree.
void expectKernelEqualsScalar(const Scenario& s, const models::Params& p, Population pop,
                              const std::vector<models::CareToday>& care, int days,
                              std::size_t block, std::uint32_t firstId) {
  std::vector<models::PersonState> people(pop.size());
  for (std::size_t i = 0; i < pop.size(); ++i) people[i] = pop.get(i);
  bool anyCare = false;
  for (const auto& c : care) anyCare = anyCare || c.sessions > 0.f || c.analgesia > 0.f;
  for (int day = 1; day <= days; ++day) {
    for (std::size_t b = 0; b < pop.size(); b += block)
      stepBlock(s, p, anyCare ? &care : nullptr, pop, b, std::min(pop.size(), b + block), day,
                firstId);
    const models::DayContext c = dayContext(s, day);
    for (std::size_t i = 0; i < pop.size(); ++i) {
      people[i] = models::stepDay(p, people[i],
                                  dayDraws(s.seed, firstId + std::uint32_t(i), std::uint32_t(day)),
                                  care[i], c);
      const models::PersonState kernel = pop.get(i);
#define PAINSIM_EXPECT_SAME(type, name, meaning)                                        \
  ASSERT_EQ(bits(kernel.name), bits(people[i].name))                                    \
      << #name << " of person " << i << " on day " << day << ": kernel " << kernel.name \
      << ", scalar " << people[i].name;
      PAINSIM_STATE(PAINSIM_EXPECT_SAME)
#undef PAINSIM_EXPECT_SAME
    }
  }
}

TEST(Engine, BlockKernelEqualsTheScalarStepInEveryColumn) {
  const Scenario s = test::smallScenario(1003, 4);  // 1003 = 125 lane groups + 3
  const Population pop = generatePopulation(s);
  expectKernelEqualsScalar(s, s.params, pop, std::vector<models::CareToday>(pop.size()), 20,
                           kBlockSize, 0);
  // Blocks of odd sizes, starting off the lane grid, with people numbered from 5000.
  expectKernelEqualsScalar(s, s.params, pop, std::vector<models::CareToday>(pop.size()), 3, 13,
                           5000);
}

TEST(Engine, BlockKernelEqualsTheScalarStepOnRandomStatesWithCareAndNewEpisodes) {
  Scenario s = test::smallScenario(200, 4);
  s.population.mode = PopulationSpec::Mode::kGeneral;  // new episodes start by a hazard
  s.params.incidencePerYear = 40.f;                    // often enough to happen in a short test
  const models::Params p = s.params;
  std::mt19937 g(11);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const std::size_t n = 805;
  Population pop;
  pop.resize(n);
  std::vector<models::CareToday> care(n);
  for (std::size_t i = 0; i < n; ++i) {
    models::PersonState x;
#define PAINSIM_RANDOM(type, name, meaning) \
  if constexpr (std::is_same_v<type, float>) x.name = u(g);
    PAINSIM_STATE(PAINSIM_RANDOM)
#undef PAINSIM_RANDOM
    x.nociception *= 3.f;
    x.nociceptionSlow *= x.nociception;
    x.nociceptionFlare *= x.nociception - x.nociceptionSlow;
    x.lifeEvents *= 3.f;
    x.healDecay = 0.9f + 0.099f * x.healDecay;
    x.slowHealDecay = 0.99f + 0.0099f * x.slowHealDecay;
    x.flareHealDecay = 0.5f + 0.49f * x.flareHealDecay;
    x.accommodation = x.accommodation < 0.5f ? 0.f : 1.f;
    x.earlyContact = x.earlyContact < 0.5f ? 0.f : 1.f;
    x.gradedReturn = x.gradedReturn < 0.5f ? 0.f : 1.f;
    x.workStatus = std::int32_t(g() % 6);
    x.absenceRun = models::offWork(x) ? std::int32_t(g() % 400) : 0;
    x.daysSinceOnset = std::int32_t(g() % 1000);
    x.painZeroRun = std::int32_t(g() % 40);
    x.dayRecoveredPain = x.dayFirstRecurrence = x.dayRecoveredDisability = -1;
    x.dayReturnedWork = g() % 2 ? -1 : -2;
    pop.set(i, x);
    if (i % 3 == 0) {  // a third have care today, of every kind
      models::CareToday& c = care[i];
      c.analgesia = 0.3f * u(g);
      c.quota = u(g);
      c.quotaAdherence = u(g);
      c.workReturnGain = u(g);
      c.modifiedDuties = i % 2 ? 1.f : 0.f;
      c.catastrophizing = 0.1f * u(g);
      c.selfEfficacy = 0.1f * u(g);
      c.stress = 0.1f * u(g);
      c.acceptance = 0.1f * u(g);
      c.sleep = 0.1f * u(g);
      c.mood = 0.1f * u(g);
      c.worry = 0.1f * u(g);
      c.exposure = i % 9 == 0 ? 0.2f : 0.f;
      c.tieEngagement = 0.1f * u(g);
      c.sessions = 1.f;
      c.cost = 40.f;
    }
  }
  expectKernelEqualsScalar(s, p, pop, care, 40, 100, 17);
}

}  // namespace
}  // namespace painsim::sim
