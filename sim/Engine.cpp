#include "sim/Engine.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <mutex>

#include "models/Baseline.hpp"
#include "models/CoreModel.hpp"
#include "sim/Network.hpp"
#include "sim/Rng.hpp"

namespace painsim::sim {
namespace {

std::size_t blockCount(std::size_t n) { return (n + kBlockSize - 1) / kBlockSize; }

/// Runs body(begin, end) for every fixed block of people, in parallel. Blocks
/// are fixed by person index, so the work split never depends on thread count.
template <class Body>
void forEachBlock(std::size_t n, const Body& body) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blockCount(n)),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t b = r.begin(); b != r.end(); ++b)
                        body(b * kBlockSize, std::min(n, (b + 1) * kBlockSize));
                    });
}

/// Type-7 quantile of the values in `v` (reordered in place).
double quantile(std::vector<float>& v, double q) {
  const double h = double(v.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + std::ptrdiff_t(lo) + 1, v.end());
  return a + (h - double(lo)) * (b - a);
}

/// Exact statistics over everyone. Sums run serially in person order (double),
/// so they are identical for any thread count. `scratch` is preallocated.
SummaryStats summarize(const std::vector<float>& values, std::vector<float>& scratch) {
  SummaryStats s;
  s.n = std::int64_t(values.size());
  double sum = 0;
  for (float x : values) sum += x;
  s.mean = sum / double(values.size());
  double squares = 0;
  for (float x : values) squares += (x - s.mean) * (x - s.mean);
  s.sd = values.size() > 1 ? std::sqrt(squares / double(values.size() - 1)) : 0.0;
  std::copy(values.begin(), values.end(), scratch.begin());
  s.p10 = quantile(scratch, 0.10);
  s.p50 = quantile(scratch, 0.50);
  s.p90 = quantile(scratch, 0.90);
  return s;
}

class ArmRunner {
 public:
  ArmRunner(const Scenario& s, const Arm& arm, const Population& baseline,
            const std::vector<int>& days, const std::vector<std::uint32_t>& sample,
            const SocialNetwork* network)
      : m_s(s),
        m_network(network),
        m_care(s, arm, baseline.size()),
        m_careToday(baseline.size()),
        m_giving(network ? std::int64_t(baseline.size()) : 0),
        m_received(network ? std::int64_t(baseline.size()) : 0),
        m_pop(baseline),
        m_days(days),
        m_sample(sample),
        m_values(s.recording.measures.size(), std::vector<float>(baseline.size())),
        m_scratch(s.recording.measures.size(), std::vector<float>(baseline.size())),
        m_workAtEntry(baseline.workStatus) {
    const std::size_t measures = s.recording.measures.size();
    m_result.name = arm.name;
    m_result.summaries.resize(measures * days.size());
    m_result.trajectories.resize(measures * sample.size() * days.size());
  }

  /// `done` counts arm-days over all arms (arms may run at the same time); progress
  /// reports are serialized by `progressMutex`.
  ArmResult run(const RunOptions& options, std::atomic<std::int64_t>& done, std::int64_t total,
                std::mutex& progressMutex) {
    record(0);
    std::size_t next = 1;
    for (int day = 1; day <= m_s.days; ++day) {
      if (options.cancel && options.cancel->load()) throw Cancelled();
      couple(day);
      step(day);
      if (next < m_days.size() && m_days[next] == day) record(next++);
      const std::int64_t now = ++done;
      if (options.progress) {
        const std::lock_guard lock(progressMutex);
        options.progress(now, total, m_result.name);
      }
    }
    Outcomes& o = m_result.outcomes;
    o.dayRecoveredPain = std::move(m_pop.dayRecoveredPain);
    o.dayRecoveredDisability = std::move(m_pop.dayRecoveredDisability);
    o.daysInPain = std::move(m_pop.daysInPain);
    o.flares = std::move(m_pop.flares);
    o.dayFirstRecurrence = std::move(m_pop.dayFirstRecurrence);
    o.dayReturnedWork = std::move(m_pop.dayReturnedWork);
    o.daysOffWork = std::move(m_pop.daysOffWork);
    o.workStatusAtEntry = m_workAtEntry;
    o.careCost = std::move(m_pop.careCost);
    o.sessionsAttended = std::move(m_pop.sessionsAttended);
    m_result.waiting = m_care.waiting();
    o.meanPainNrs.resize(m_pop.painNrsSum.size());
    for (std::size_t i = 0; i < o.meanPainNrs.size(); ++i)
      o.meanPainNrs[i] = m_pop.painNrsSum[i] / float(m_s.days + 1);
    return std::move(m_result);
  }

 private:
  // Coupling phase between days: reads only yesterday's state. Care: referrals,
  // waiting lists, sessions (sim/CareSystem.hpp).
  void couple(int day) {
    if (m_care.pathway().steps() > 0) m_care.couple(day, m_pop, m_careToday);
    if (m_network) shareSupport();
  }

  // Support through ties: what each gives (from yesterday's state), summed over each
  // person's ties by one sparse product, is what they can count on today.
  void shareSupport() {
    const auto n = std::int64_t(m_pop.size());
    forEachBlock(m_pop.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i)
        m_giving[std::int64_t(i)] =
            m_pop.tieEngagement[i] * models::givingCapacity(m_s.params, m_pop.networkSupport[i],
                                                            m_pop.activity[i], m_pop.depression[i],
                                                            m_pop.pain[i]);
    });
    m_received.noalias() = m_network->ties * m_giving;
    for (std::int64_t i = 0; i < n; ++i)
      m_pop.supportAvailable[std::size_t(i)] =
          models::supportFromTies(m_s.params, m_pop.tieEngagement[std::size_t(i)] * m_received[i]);
  }

  void step(int day) {
    forEachBlock(m_pop.size(), [&](std::size_t begin, std::size_t end) {
      stepBlock(m_s, m_careToday, m_pop, begin, end, day);
    });
  }

  void record(std::size_t t) {
    const int day = m_days[t];
    const auto& measures = m_s.recording.measures;
    forEachBlock(m_pop.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const auto draws = scaleDraws(m_s.seed, std::uint32_t(i), std::uint32_t(day));
        const models::PersonState person = m_pop.get(i);
        for (std::size_t m = 0; m < measures.size(); ++m)
          m_values[m][i] = models::measureValue(m_s.params, measures[m], person, draws);
      }
    });
    const std::size_t times = m_days.size();
    const std::size_t sampled = m_sample.size();
    tbb::parallel_for(std::size_t{0}, measures.size(), [&](std::size_t m) {
      m_result.summaries[m * times + t] = summarize(m_values[m], m_scratch[m]);
      for (std::size_t j = 0; j < sampled; ++j)
        m_result.trajectories[(m * sampled + j) * times + t] = m_values[m][m_sample[j]];
    });
  }

  const Scenario& m_s;
  const SocialNetwork* m_network;  // null without [network]
  CareSystem m_care;
  std::vector<models::CareToday> m_careToday;  // [person], today's care
  Eigen::VectorXf m_giving, m_received;        // [person], support through ties
  Population m_pop;
  const std::vector<int>& m_days;
  const std::vector<std::uint32_t>& m_sample;
  std::vector<std::vector<float>> m_values;   // [measure][person], today's values
  std::vector<std::vector<float>> m_scratch;  // [measure][person], for quantiles
  std::vector<std::int32_t> m_workAtEntry;
  ArmResult m_result;
};

}  // namespace

models::DayContext dayContext(const Scenario& s, int day) {
  models::DayContext c;
  c.day = day;
  c.recoveryDays = s.recoveryDays;
  c.onsetHazard = s.population.mode == PopulationSpec::Mode::kGeneral
                      ? s.params.incidencePerYear / 365.25f
                      : 0.f;
  return c;
}

models::PersonState stepPersonReference(const Scenario& s, const models::CareToday& care,
                                        models::PersonState state, std::uint32_t person, int day) {
  return models::stepDay(s.params, state, dayDraws(s.seed, person, std::uint32_t(day)), care,
                         dayContext(s, day));
}

void stepBlock(const Scenario& s, const std::vector<models::CareToday>& care, Population& pop,
               std::size_t begin, std::size_t end, int day) {
  // Random numbers for the whole block first, then the update.
  std::array<models::DayDraws, kBlockSize> draws;
  const std::size_t count = end - begin;
  for (std::size_t k = 0; k < count; ++k)
    draws[k] = dayDraws(s.seed, std::uint32_t(begin + k), std::uint32_t(day));
  const models::DayContext context = dayContext(s, day);
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = begin + k;
    const models::PersonState yesterday = pop.get(i);
    pop.set(i, models::stepDay(s.params, yesterday, draws[k], care[i], context));
  }
}

namespace {

/// Days since onset at entry for candidate draws `z` (bands chosen by share).
int episodeDaysAtEntry(const PopulationSpec& pop, const models::BaselineDraws& z) {
  double cumulative = 0;
  const EpisodeBand* band = &pop.episode.back();
  for (const EpisodeBand& b : pop.episode) {
    cumulative += b.share;
    if (double(z.entryBandU) <= cumulative) {
      band = &b;
      break;
    }
  }
  const int width = band->maxDays - band->minDays + 1;
  return band->minDays + std::min(width - 1, int(float(width) * (1.f - z.entryDayU)));
}

}  // namespace

models::PersonState enterPerson(const Scenario& s, const models::BaselineFactor& factor,
                                std::uint32_t person) {
  const models::Params& p = s.params;
  const PopulationSpec& pop = s.population;
  const bool general = pop.mode == PopulationSpec::Mode::kGeneral;
  models::PersonState candidate;
  for (int attempt = 0; attempt < pop.maxAttempts; ++attempt) {
    const auto a = std::uint32_t(attempt);
    const auto z = models::correlate(factor, baselineDraws(s.seed, person, a));
    const int before = general ? pop.burnInDays : episodeDaysAtEntry(pop, z);
    // Day 0 of a cohort entering at onset uses the ordinary day-0 draws; earlier days,
    // and every day of a rejected candidate, use the history stream.
    const auto drawsOf = [&](int daysBefore) {
      return daysBefore == 0 && attempt == 0
                 ? dayDraws(s.seed, person, 0)
                 : historyDraws(s.seed, person, std::uint32_t(daysBefore), a);
    };
    models::DayContext c = dayContext(s, -before);
    candidate = general ? models::wellPerson(p, z, drawsOf(before), c)
                        : models::onsetPerson(p, z, drawsOf(before), c);
    bool rejected = false;
    for (int daysBefore = before - 1; daysBefore >= 0; --daysBefore) {
      c.day = -daysBefore;
      candidate = models::stepDay(p, candidate, drawsOf(daysBefore), {}, c);
      if (pop.entryUnrecovered && candidate.dayRecoveredPain >= 0) {
        rejected = true;  // recovered before entry: not part of a persistent cohort
        break;
      }
    }
    if (rejected || candidate.painNrs < pop.entryMinPainNrs) continue;
    models::resetOutcomes(candidate);
    models::observeDay(p, candidate, drawsOf(0), dayContext(s, 0));
    return candidate;
  }
  throw EntryError(fmt::format(
      "person {}: no candidate met the cohort's entry condition (population.entry_min_pain_nrs "
      "= {}, entry_unrecovered = {}) in {} attempts; relax the condition",
      person, pop.entryMinPainNrs, pop.entryUnrecovered, pop.maxAttempts));
}

Population generatePopulation(const Scenario& s) {
  Population pop;
  pop.resize(std::size_t(s.people));
  const auto factor = models::baselineCholesky(s.params);
  forEachBlock(pop.size(), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) pop.set(i, enterPerson(s, factor, std::uint32_t(i)));
  });
  return pop;
}

std::vector<std::uint32_t> samplePeople(const Scenario& s) {
  const auto n = std::size_t(s.people);
  const std::size_t m = s.recording.sample < 0 ? n : std::min(n, std::size_t(s.recording.sample));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> keys(n);
  for (std::size_t i = 0; i < n; ++i)
    keys[i] = {randomWords(s.seed, std::uint32_t(i), 0, Stream::kSample)[0], std::uint32_t(i)};
  std::nth_element(keys.begin(), keys.begin() + std::ptrdiff_t(m), keys.end());
  std::vector<std::uint32_t> ids(m);
  for (std::size_t j = 0; j < m; ++j) ids[j] = keys[j].second;
  std::sort(ids.begin(), ids.end());
  return ids;
}

RunResult runScenario(const Scenario& s, const RunOptions& options) {
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  RunResult result;
  arena.execute([&] {
    result.days = recordingDays(s);
    result.sampleIds = samplePeople(s);
    const Population baseline = generatePopulation(s);
    const SocialNetwork network =
        s.network ? buildNetwork(s.params, s.seed, 0, baseline.size()) : SocialNetwork{};
    const std::int64_t total = std::int64_t(s.arms.size()) * s.days;
    std::atomic<std::int64_t> done{0};
    std::mutex progressMutex;
    // Arms run side by side (each also parallel over people). They share only the
    // read-only baseline population, and every draw is keyed by person and day, so
    // results do not depend on how arms and people are scheduled.
    result.arms.resize(s.arms.size());
    tbb::parallel_for(std::size_t{0}, s.arms.size(), [&](std::size_t a) {
      ArmRunner runner(s, s.arms[a], baseline, result.days, result.sampleIds,
                       s.network ? &network : nullptr);
      result.arms[a] = runner.run(options, done, total, progressMutex);
    });
  });
  return result;
}

}  // namespace painsim::sim
