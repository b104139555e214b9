// Cost of the engine's pieces, per person-day. Whole-run throughput is printed
// by `painsim run` itself (person-days per second).
#include <benchmark/benchmark.h>

#include "sim/Engine.hpp"
#include "sim/Rng.hpp"
#include "sim/ScenarioFile.hpp"

namespace {

using namespace painsim;

sim::Scenario benchScenario(std::int64_t people) {
  return sim::parseScenario(sim::defaultScenarioText(), "bench",
                            {"population.size=" + std::to_string(people), "uncertainty.draws=0",
                             "uncertainty.parameter=[]"});
}

// The per-person day kernel on one thread: random draws + the daily recipe.
void BM_DayKernel(benchmark::State& state) {
  const sim::Scenario s = benchScenario(state.range(0));
  sim::Population pop = sim::generatePopulation(s);
  const std::vector<models::CareToday> care(pop.size());  // a day without sessions
  int day = 1;
  for (auto _ : state) {
    for (std::size_t b = 0; b < pop.size(); b += sim::kBlockSize)
      sim::stepBlock(s, s.params, &care, pop, b, std::min(pop.size(), b + sim::kBlockSize), day);
    ++day;
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["ns_per_person_day"] =
      benchmark::Counter(double(state.iterations() * state.range(0)),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_DayKernel)->Arg(1 << 12)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

// Random draws alone (two Philox4x32-10 calls per person-day).
void BM_DayDraws(benchmark::State& state) {
  std::uint32_t person = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sim::dayDraws(1, person++, 7));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DayDraws);

// The same draws for eight people at once (one lane group), per person-day.
void BM_DayDrawLanes(benchmark::State& state) {
  models::simd::words people = {0, 1, 2, 3, 4, 5, 6, 7};
  for (auto _ : state) {
    benchmark::DoNotOptimize(sim::dayDrawLanes(1, people, 7));
    people += 8;
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(models::simd::kLanes));
}
BENCHMARK(BM_DayDrawLanes);

// Philox4x32-10 alone on eight counters, per person (one block of four words each).
void BM_PhiloxLanes(benchmark::State& state) {
  models::simd::words c = {0, 1, 2, 3, 4, 5, 6, 7};
  const models::simd::words z{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(sim::philox(1, c, z, z, z));
    c += 8;
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(models::simd::kLanes));
}
BENCHMARK(BM_PhiloxLanes);

// exp and log on eight lanes, per lane.
void BM_ExpLogLanes(benchmark::State& state) {
  models::simd::floats x = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
  for (auto _ : state) {
    x = models::simd::log(models::simd::exp(x) + 1.f);
    benchmark::DoNotOptimize(x);
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(models::simd::kLanes));
}
BENCHMARK(BM_ExpLogLanes);

// A whole run (2 arms, weekly summaries over everyone), on all threads.
void BM_WholeRun(benchmark::State& state) {
  sim::Scenario s = benchScenario(state.range(0));
  s.days = 7 * 13;
  for (auto _ : state) benchmark::DoNotOptimize(sim::runScenario(s));
  state.SetItemsProcessed(state.iterations() * state.range(0) * s.days *
                          std::int64_t(s.arms.size()));
}
BENCHMARK(BM_WholeRun)->Arg(100000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
