#include "sim/Engine.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <mutex>
#include <span>
#include <string_view>

#include "models/Baseline.hpp"
#include "models/CoreModel.hpp"
#include "models/Trajectory.hpp"
#include "sim/Network.hpp"
#include "sim/Rng.hpp"

namespace painsim::sim {
namespace {

using models::simd::kLanes;

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

/// Type-7 quantiles q of values that are whole numbers in [lo, lo + counts.size()), from
/// their counts: the order statistics at floor(h) and floor(h) + 1 are read off the
/// cumulative counts, so the result equals quantile() exactly.
double countedQuantile(const std::vector<std::uint32_t>& counts, double lo, std::size_t n,
                       double q) {
  const double h = double(n - 1) * q;
  const auto k = static_cast<std::size_t>(std::floor(h));
  const auto orderStatistic = [&](std::size_t rank) {  // the rank-th smallest, from 0
    std::size_t below = 0;
    for (std::size_t v = 0; v < counts.size(); ++v) {
      below += counts[v];
      if (below > rank) return lo + double(v);
    }
    return lo + double(counts.size() - 1);
  };
  const double a = orderStatistic(k);
  if (k + 1 >= n) return a;
  return a + (h - double(k)) * (orderStatistic(k + 1) - a);
}

/// Exact statistics over values [first, last). Sums run serially in person order
/// (double), so they are identical for any thread count. Scores that are whole numbers
/// in a small range (NRS, RMDQ, questionnaires, counts) get their quantiles by
/// counting, in one pass; others by selection. `scratch` keeps its capacity.
SummaryStats summarize(const float* first, const float* last, std::vector<float>& scratch) {
  constexpr float kMaxCountedRange = 4096.f;
  SummaryStats s;
  const auto n = std::size_t(last - first);
  s.n = std::int64_t(n);
  double sum = 0;
  float lo = n ? *first : 0.f, hi = lo;
  bool whole = true;
  for (const float* x = first; x != last; ++x) {
    sum += *x;
    lo = std::min(lo, *x);
    hi = std::max(hi, *x);
    whole = whole && std::nearbyint(*x) == *x;
  }
  s.mean = sum / double(n);
  double squares = 0;
  for (const float* x = first; x != last; ++x) squares += (*x - s.mean) * (*x - s.mean);
  s.sd = n > 1 ? std::sqrt(squares / double(n - 1)) : 0.0;
  if (n > 0 && whole && hi - lo < kMaxCountedRange) {
    std::vector<std::uint32_t> counts(std::size_t(hi - lo) + 1, 0);
    for (const float* x = first; x != last; ++x) ++counts[std::size_t(*x - lo)];
    s.p10 = countedQuantile(counts, lo, n, 0.10);
    s.p50 = countedQuantile(counts, lo, n, 0.50);
    s.p90 = countedQuantile(counts, lo, n, 0.90);
    return s;
  }
  scratch.assign(first, last);
  s.p10 = quantile(scratch, 0.10);
  s.p50 = quantile(scratch, 0.50);
  s.p90 = quantile(scratch, 0.90);
  return s;
}

/// One region in one arm: its people, clinics and ties, stepped day by day. Holds
/// everything the region needs, so regions can run apart (threads now, machines later).
class RegionRunner {
 public:
  RegionRunner(const Scenario& s, const Arm& arm, const RegionBaseline& base)
      : m_s(s),
        m_params(regionParams(s, base.region)),
        m_base(base),
        m_firstId(std::uint32_t(s.regions[base.region].first)),
        m_care(s, arm, base.region),
        m_today(base.people.size()),
        m_pop(base.people) {
    applyEmployer(arm.employer);
    if (s.network) {
      const auto n = std::int64_t(m_pop.size());
      m_giving.resize(n, 2);
      m_received.resize(n, 2);
      if (s.workplaces) {
        m_atWork.resize(n);
        m_coworkerGiving.resize(n);
        m_coworkerReceived.resize(n);
      }
      for (const CareStep& step : arm.care)
        m_makesTies = m_makesTies || s.programmes[step.programme].newTies > 0.f;
    }
  }

  Population& pop() { return m_pop; }
  const Population& pop() const { return m_pop; }
  std::uint32_t firstId() const { return m_firstId; }
  const models::Params& params() const { return m_params; }
  const std::vector<WaitingWeek>& waiting() const { return m_care.waiting(); }

  // Coupling phase between days: reads only yesterday's state. Care: referrals,
  // waiting lists, sessions (sim/CareSystem.hpp); then support through ties.
  void couple(int day) {
    if (m_care.pathway().steps() > 0) m_care.couple(day, m_pop, m_today);
    if (m_makesTies) makeTies(day);
    if (m_s.network) shareSupport();
  }

  void step(int day) {
    forEachBlock(m_pop.size(), [&](std::size_t begin, std::size_t end) {
      stepBlock(m_s, m_params, m_care.careToday() ? &m_today : nullptr, m_pop, begin, end, day,
                m_firstId);
    });
  }

 private:
  // Employer options of the arm hold for everyone employed from day 0 on.
  void applyEmployer(const EmployerOptions& e) {
    for (std::size_t i = 0; i < m_pop.size(); ++i) {
      if (!models::employed(m_pop.workStatus[i])) continue;
      if (e.modifiedDutiesEverywhere) m_pop.accommodation[i] = 1.f;
      if (e.earlyContact) m_pop.earlyContact[i] = 1.f;
      if (e.gradedReturn) m_pop.gradedReturn[i] = 1.f;
    }
  }

  // A programme that makes ties (social prescribing): each tie made at a session today
  // joins the person to someone of the region drawn by a draw keyed by (person, day).
  void makeTies(int day) {
    const auto n = std::uint32_t(m_pop.size());
    if (n < 2) return;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (m_today[i].newTies <= 0.f) continue;
      const std::uint32_t person = m_firstId + i;
      const auto w = randomWords(m_s.seed, person, std::uint32_t(day), Stream::kNetwork, 2000);
      auto j = std::uint32_t(std::min<double>(n - 2, double(uniform01(w[0])) * double(n - 1)));
      if (j >= i) ++j;  // anyone but oneself
      m_addedTies.push_back({i, j});
    }
  }

  // Support through ties: what each gives (from yesterday's state), summed over each
  // person's ties by one sparse product, is what they can count on today. The second
  // column carries how readily one's ties take over tasks (solicitousness). Co-workers
  // give only while both are at work; ties made by programmes add to the product.
  void shareSupport() {
    const auto n = std::int64_t(m_pop.size());
    const bool work = m_s.workplaces;
    forEachBlock(m_pop.size(), [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const auto k = std::int64_t(i);
        const float e = m_pop.tieEngagement[i];
        m_giving(k, 0) =
            e * models::givingCapacity(m_params, m_pop.networkSupport[i], m_pop.activity[i],
                                       m_pop.depression[i], m_pop.pain[i]);
        m_giving(k, 1) = e * m_pop.solicitousness[i];
        if (work) {
          m_atWork[k] = models::atWork(m_pop.workStatus[i]) ? 1.f : 0.f;
          m_coworkerGiving[k] = m_atWork[k] * m_giving(k, 0);
        }
      }
    });
    m_received.noalias() = m_base.network.ties * m_giving;
    if (work) m_coworkerReceived.noalias() = m_base.workplaces.coworkers * m_coworkerGiving;
    for (const auto& [a, b] : m_addedTies) {
      const float w = m_params.friendTieStrength;
      for (int c = 0; c < 2; ++c) {
        m_received(std::int64_t(a), c) += w * m_giving(std::int64_t(b), c);
        m_received(std::int64_t(b), c) += w * m_giving(std::int64_t(a), c);
      }
    }
    for (std::int64_t i = 0; i < n; ++i) {
      const auto k = std::size_t(i);
      const float fromCoworkers = work ? m_atWork[i] * m_coworkerReceived[i] : 0.f;
      const float e = m_pop.tieEngagement[k];
      m_pop.supportAvailable[k] =
          models::supportFromTies(m_params, e * (m_received(i, 0) + fromCoworkers));
      m_pop.solicitousAvailable[k] = models::solicitousnessFromTies(m_params, e * m_received(i, 1));
    }
  }

  const Scenario& m_s;
  const models::Params m_params;
  const RegionBaseline& m_base;
  std::uint32_t m_firstId;
  CareSystem m_care;
  std::vector<models::CareToday> m_today;  // [person], today's care
  Population m_pop;
  // Support through ties: [person x (support, solicitousness)].
  Eigen::Matrix<float, Eigen::Dynamic, 2> m_giving, m_received;
  Eigen::VectorXf m_atWork, m_coworkerGiving, m_coworkerReceived;
  bool m_makesTies = false;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_addedTies;  // made by programmes
};

class ArmRunner {
 public:
  ArmRunner(const Scenario& s, const Arm& arm, const std::vector<RegionBaseline>& regions,
            const std::vector<int>& days, const std::vector<std::uint32_t>& sample)
      : m_s(s), m_days(days), m_sample(sample) {
    std::size_t people = 0;
    for (const RegionBaseline& r : regions) {
      m_regions.emplace_back(s, arm, r);
      m_offset.push_back(people);
      people += r.people.size();
    }
    const std::size_t measures = s.recording.measures.size();
    m_values.assign(measures, std::vector<float>(people));
    m_scratch.assign(measures, {});
    for (auto& v : m_scratch) v.reserve(people);
    // Sampled people as indices into the people run.
    for (std::uint32_t id : sample)
      for (std::size_t g = 0; g < regions.size(); ++g) {
        const std::uint32_t first = m_regions[g].firstId();
        if (id >= first && id - first < regions[g].people.size())
          m_sampleIndex.push_back(m_offset[g] + (id - first));
      }
    for (const RegionBaseline& r : regions) m_workAtEntry.push_back(r.people.workStatus);
    m_result.name = arm.name;
    m_result.summaries.resize(measures * days.size());
    if (s.regions.size() > 1)
      m_result.regionSummaries.assign(regions.size(),
                                      std::vector<SummaryStats>(measures * days.size()));
    m_result.trajectories.resize(measures * m_sampleIndex.size() * days.size());
    m_painSeries.assign(people * kSlots, 0);
  }

  double coupleSeconds() const { return m_coupleSeconds; }
  double stepSeconds() const { return m_stepSeconds; }

  /// `done` counts arm-days over all arms (arms may run at the same time); progress
  /// reports are serialized by `progressMutex`.
  ArmResult run(const RunOptions& options, std::atomic<std::int64_t>& done, std::int64_t total,
                std::mutex& progressMutex) {
    using Clock = std::chrono::steady_clock;
    record(0);
    capturePain(0);
    std::size_t next = 1;
    for (int day = 1; day <= m_s.days; ++day) {
      if (options.cancel && options.cancel->load()) throw Cancelled();
      const auto t0 = Clock::now();
      // Regions are independent within a day: each couples, then steps, on its own.
      tbb::parallel_for(std::size_t{0}, m_regions.size(),
                        [&](std::size_t g) { m_regions[g].couple(day); });
      const auto t1 = Clock::now();
      tbb::parallel_for(std::size_t{0}, m_regions.size(),
                        [&](std::size_t g) { m_regions[g].step(day); });
      m_coupleSeconds += std::chrono::duration<double>(t1 - t0).count();
      m_stepSeconds += std::chrono::duration<double>(Clock::now() - t1).count();
      if (next < m_days.size() && m_days[next] == day) record(next++);
      capturePain(day);
      const std::int64_t now = ++done;
      if (options.progress) {
        const std::lock_guard lock(progressMutex);
        options.progress(now, total, m_result.name);
      }
    }
    collectOutcomes();
    return std::move(m_result);
  }

 private:
  void collectOutcomes() {
    Outcomes& o = m_result.outcomes;
    const auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    for (std::size_t g = 0; g < m_regions.size(); ++g) {
      Population& p = m_regions[g].pop();
      append(o.dayRecoveredPain, p.dayRecoveredPain);
      append(o.dayRecoveredDisability, p.dayRecoveredDisability);
      append(o.daysInPain, p.daysInPain);
      append(o.flares, p.flares);
      append(o.dayFirstRecurrence, p.dayFirstRecurrence);
      append(o.dayReturnedWork, p.dayReturnedWork);
      append(o.daysOffWork, p.daysOffWork);
      append(o.productivityLost, p.productivityLost);
      append(o.workStatusAtEnd, p.workStatus);
      append(o.workStatusAtEntry, m_workAtEntry[g]);
      append(o.careCost, p.careCost);
      append(o.sessionsAttended, p.sessionsAttended);
      append(o.careCostDiscounted, p.careCostDiscounted);
      append(o.productivityLostDiscounted, p.productivityLostDiscounted);
      append(o.frictionLostDiscounted, p.frictionLostDiscounted);
      append(o.qalys, p.qalys);
      append(o.qalysDiscounted, p.qalysDiscounted);
      for (float sum : p.painNrsSum) o.meanPainNrs.push_back(sum / float(m_s.days + 1));
      append(m_result.waiting, m_regions[g].waiting());
    }
    classify();
  }

  // Pain series for trajectory classes: reported NRS (an integer 0-10) of everyone at weeks
  // 0..12 (slots 0..12) and at 13 points a twelfth of 52 weeks apart (slots 13..25).
  static constexpr std::size_t kSlots = 2 * models::kTrajectoryWeeks;
  static int classDay(std::size_t slot) {
    return slot < models::kTrajectoryWeeks
               ? 7 * int(slot)
               : int(std::lround(double(slot - models::kTrajectoryWeeks) * 364.0 / 12.0));
  }

  void capturePain(int day) {
    for (std::size_t slot = 0; slot < kSlots; ++slot) {
      if (classDay(slot) != day) continue;
      for (std::size_t g = 0; g < m_regions.size(); ++g) {
        const auto& nrs = m_regions[g].pop().painNrs;
        for (std::size_t i = 0; i < nrs.size(); ++i)
          m_painSeries[(m_offset[g] + i) * kSlots + slot] = std::uint8_t(nrs[i]);
      }
    }
  }

  void classify() {
    Outcomes& o = m_result.outcomes;
    const std::size_t n = o.daysInPain.size();
    o.trajectoryClass12Weeks.assign(n, -1);
    o.trajectoryClass12Months.assign(n, -1);
    const bool weeks = m_s.days >= classDay(models::kTrajectoryWeeks - 1);
    const bool months = m_s.days >= classDay(kSlots - 1);
    forEachBlock(n, [&](std::size_t begin, std::size_t end) {
      std::array<float, kSlots> w{};
      for (std::size_t i = begin; i < end; ++i) {
        for (std::size_t k = 0; k < kSlots; ++k) w[k] = m_painSeries[i * kSlots + k];
        const std::span<const float> all(w);
        if (weeks)
          o.trajectoryClass12Weeks[i] =
              std::int32_t(models::classifyTrajectory(all.first(models::kTrajectoryWeeks)));
        if (months)
          o.trajectoryClass12Months[i] =
              std::int32_t(models::classifyTrajectory(all.last(models::kTrajectoryWeeks)));
      }
    });
  }

  void record(std::size_t t) {
    const int day = m_days[t];
    const auto& measures = m_s.recording.measures;
    // Measures that are a float column are copied; the others are computed per person,
    // with the questionnaire noise drawn eight people at a time when any needs it.
    std::vector<std::size_t> computed;  // indices of the measures computed per person
    bool anyNoise = false;
    for (std::size_t m = 0; m < measures.size(); ++m) {
      if (!m_regions[0].pop().column(measures[m])) computed.push_back(m);
      anyNoise = anyNoise || models::usesScaleDraws(measures[m]);
    }
    for (std::size_t g = 0; g < m_regions.size(); ++g) {
      const RegionRunner& r = m_regions[g];
      const Population& pop = r.pop();
      const std::size_t offset = m_offset[g];
      forEachBlock(pop.size(), [&](std::size_t begin, std::size_t end) {
        for (std::size_t m = 0; m < measures.size(); ++m)
          if (const float* column = pop.column(measures[m]))
            std::copy(column + begin, column + end,
                      m_values[m].begin() + std::ptrdiff_t(offset + begin));
        if (computed.empty()) return;
        std::array<models::simd::floats, 16> noise{};
        for (std::size_t i = begin; i < end; ++i) {
          const std::size_t lane = (i - begin) % kLanes;
          if (anyNoise && lane == 0) {
            models::simd::words ids =
                r.firstId() + std::uint32_t(i) + models::simd::words{0, 1, 2, 3, 4, 5, 6, 7};
            noise = scaleNormalLanes(m_s.seed, ids, std::uint32_t(day));
          }
          const models::ScaleDraws draws = scaleDrawsFrom(noise, lane);
          const models::PersonState person = pop.get(i);
          for (std::size_t m : computed)
            m_values[m][offset + i] = models::measureValue(r.params(), measures[m], person, draws);
        }
      });
    }
    const std::size_t times = m_days.size();
    const std::size_t sampled = m_sampleIndex.size();
    tbb::parallel_for(std::size_t{0}, measures.size(), [&](std::size_t m) {
      const float* values = m_values[m].data();
      m_result.summaries[m * times + t] =
          summarize(values, values + m_values[m].size(), m_scratch[m]);
      for (std::size_t g = 0; g < m_result.regionSummaries.size(); ++g) {
        const std::size_t begin = m_offset[g], end = begin + m_regions[g].pop().size();
        m_result.regionSummaries[g][m * times + t] =
            summarize(values + begin, values + end, m_scratch[m]);
      }
      for (std::size_t j = 0; j < sampled; ++j)
        m_result.trajectories[(m * sampled + j) * times + t] = m_values[m][m_sampleIndex[j]];
    });
  }

  const Scenario& m_s;
  std::deque<RegionRunner> m_regions;  // deque: runners hold references, never move
  std::vector<std::size_t> m_offset;   // index of each region's first person among those run
  const std::vector<int>& m_days;
  const std::vector<std::uint32_t>& m_sample;
  std::vector<std::size_t> m_sampleIndex;     // sampled people as indices among those run
  std::vector<std::vector<float>> m_values;   // [measure][person], today's values
  std::vector<std::vector<float>> m_scratch;  // [measure][person], for quantiles
  std::vector<std::vector<std::int32_t>> m_workAtEntry;  // [region][person]
  std::vector<std::uint8_t> m_painSeries;                // [person x kSlots], reported NRS
  ArmResult m_result;
  double m_coupleSeconds = 0, m_stepSeconds = 0;
};

}  // namespace

models::DayContext dayContext(const Scenario& s, int day) {
  models::DayContext c;
  c.day = day;
  c.recoveryDays = s.recoveryDays;
  c.onsetHazard = s.population.mode == PopulationSpec::Mode::kGeneral
                      ? s.params.incidencePerYear / 365.25f
                      : 0.f;
  const double years = double(day) / 365.25;
  c.costDiscount = float(std::pow(1.0 + s.economics.discountCosts, -years));
  c.effectDiscount = float(std::pow(1.0 + s.economics.discountEffects, -years));
  c.utility = utilityMap(s);
  c.frictionDays = s.economics.frictionDays;
  return c;
}

models::PersonState stepPersonReference(const Scenario& s, const models::CareToday& care,
                                        models::PersonState state, std::uint32_t person, int day) {
  return models::stepDay(regionParams(s, regionOf(s, person)), state,
                         dayDraws(s.seed, person, std::uint32_t(day)), care, dayContext(s, day));
}

namespace {

using models::simd::floats;
using models::simd::ints;
using Lanes = models::BasicState<floats, ints>;

// Columns the day step neither reads nor writes (used by measurement, coupling and
// entry only), and columns it reads but never writes. The block kernel skips them
// when it loads and stores, which saves memory traffic; the test
// Engine.BlockKernelEqualsTheScalarStepInEveryColumn fails if a list is wrong.
constexpr std::string_view kOutsideStep[] = {"networkSupport", "solicitousness", "radiatingPain",
                                             "comorbidPain", "age"};
constexpr std::string_view kReadOnlyInStep[] = {
    "healDecay",  "slowHealDecay", "flareHealDecay", "supportAvailable",    "jobStrain",
    "moneyTrait", "earlyContact",  "gradedReturn",   "solicitousAvailable", "sensThreshold"};
constexpr bool listed(std::string_view name, std::span<const std::string_view> list) {
  for (std::string_view x : list)
    if (x == name) return true;
  return false;
}
constexpr bool stepReads(std::string_view name) { return !listed(name, kOutsideStep); }
constexpr bool stepWrites(std::string_view name) {
  return stepReads(name) && !listed(name, kReadOnlyInStep);
}

/// How far ahead the block kernel prefetches, in people (a multiple of 16: 64-byte lines).
constexpr std::size_t kPrefetchPeople = 64;

/// Lanes k of `to` from elements first + k of `from`; past `count`, the last element again.
template <class V, class T>
[[gnu::always_inline]] inline void loadLanes(V& to, const T* from, std::size_t count) {
  if (count == kLanes) {
    std::memcpy(&to, from, sizeof(V));
  } else {
    for (std::size_t k = 0; k < kLanes; ++k) to[k] = from[std::min(k, count - 1)];
  }
}
template <class V, class T>
[[gnu::always_inline]] inline void storeLanes(const V& from, T* to, std::size_t count) {
  if (count == kLanes) {
    std::memcpy(to, &from, sizeof(V));
  } else {
    for (std::size_t k = 0; k < count; ++k) to[k] = from[k];
  }
}

}  // namespace

// flatten: the recipe, the draws and the maths inline into this loop, so the state
// of the eight people stays in vector registers and stack slots, never passed by value.
// A portable x86-64 build also compiles an AVX2 + FMA-capable (x86-64-v3) clone, chosen
// at load time on CPUs that have it; the operations are the same IEEE operations in
// both (no contraction), so results do not depend on which clone runs.
#if defined(__x86_64__) && !defined(__AVX2__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define PAINSIM_KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define PAINSIM_KERNEL_CLONES
#endif
PAINSIM_KERNEL_CLONES [[gnu::flatten]] void stepBlock(const Scenario& s, const models::Params& p,
                                                      const std::vector<models::CareToday>* care,
                                                      Population& pop, std::size_t begin,
                                                      std::size_t end, int day,
                                                      std::uint32_t firstId) {
  // Eight people at a time: their draws, then the recipe on lanes (models/Simd.hpp).
  const models::DayContext context = dayContext(s, day);
  const models::simd::words lane = {0, 1, 2, 3, 4, 5, 6, 7};
  // The columns' addresses, held in locals: stores through them cannot change them.
#define PAINSIM_COLUMN_POINTER(type, name, meaning) type* const name##Column = pop.name.data();
  PAINSIM_STATE(PAINSIM_COLUMN_POINTER)
#undef PAINSIM_COLUMN_POINTER
  for (std::size_t i = begin; i < end; i += kLanes) {
    const std::size_t count = std::min(kLanes, end - i);
    // Sixty columns are more streams than the hardware prefetcher follows: ask for
    // each column's cache line kPrefetchPeople ahead (one line covers 16 people).
    if ((i & 15) == 0 && i + kPrefetchPeople < end) {
#define PAINSIM_PREFETCH(type, name, meaning) \
  if constexpr (stepReads(#name)) __builtin_prefetch(name##Column + i + kPrefetchPeople, 1);
      PAINSIM_STATE(PAINSIM_PREFETCH)
#undef PAINSIM_PREFETCH
    }
    Lanes x;
#define PAINSIM_LOAD(type, name, meaning) \
  if constexpr (stepReads(#name)) loadLanes(x.name, name##Column + i, count);
    PAINSIM_STATE(PAINSIM_LOAD)
#undef PAINSIM_LOAD
    // Lanes past the end repeat the last person (same id, so the same draws).
    const std::uint32_t first = firstId + std::uint32_t(i);
    models::simd::words ids = first + lane;
    ids = ids < first + std::uint32_t(count) ? ids : first + std::uint32_t(count - 1);
    const auto draws = dayDrawLanes(s.seed, ids, std::uint32_t(day));
    models::BasicCareToday<floats> c;
    if (care) {
      for (std::size_t k = 0; k < kLanes; ++k) {
        const models::CareToday& t = (*care)[i + std::min(k, count - 1)];
        c.analgesia[k] = t.analgesia;
        c.quota[k] = t.quota;
        c.quotaAdherence[k] = t.quotaAdherence;
        c.workReturnGain[k] = t.workReturnGain;
        c.modifiedDuties[k] = t.modifiedDuties;
#define PAINSIM_GATHER(name) c.name[k] = t.name;
        PAINSIM_SESSION_EFFECTS(PAINSIM_GATHER)
#undef PAINSIM_GATHER
        c.newTies[k] = t.newTies;
        c.sessions[k] = t.sessions;
        c.cost[k] = t.cost;
      }
    }
    x = models::stepDay(p, x, draws, c, context);
#define PAINSIM_STORE(type, name, meaning) \
  if constexpr (stepWrites(#name)) storeLanes(x.name, name##Column + i, count);
    PAINSIM_STATE(PAINSIM_STORE)
#undef PAINSIM_STORE
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
                                std::uint32_t person, const Workplaces* workplaces) {
  const std::size_t g = regionOf(s, person);
  return enterPerson(s, regionParams(s, g), factor, person, workplaces);
}

models::PersonState enterPerson(const Scenario& s, const models::Params& p,
                                const models::BaselineFactor& factor, std::uint32_t person,
                                const Workplaces* workplaces) {
  const Region& region = s.regions[regionOf(s, person)];
  const PopulationSpec& pop = s.population;
  const bool general = pop.mode == PopulationSpec::Mode::kGeneral;
  models::PersonState candidate;
  for (int attempt = 0; attempt < pop.maxAttempts; ++attempt) {
    const auto a = std::uint32_t(attempt);
    auto z = models::correlate(factor, baselineDraws(s.seed, person, a));
    if (workplaces)
      z = atWorkplace(p, region.workplaces, *workplaces, person - std::uint32_t(region.first), z);
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
    if (pop.careSeeking &&
        z.consultU > models::consultChance(p, candidate.painNrs, candidate.rmdqScore, before))
      continue;  // in an episode but not consulting
    models::resetOutcomes(candidate);
    models::observeDay(p, candidate, drawsOf(0), dayContext(s, 0));
    return candidate;
  }
  throw EntryError(fmt::format(
      "person {}: no candidate met the cohort's entry condition (population.entry_min_pain_nrs "
      "= {}, entry_unrecovered = {}, care_seeking = {}) in {} attempts (population.max_attempts); "
      "relax the condition{}, or allow more attempts",
      person, pop.entryMinPainNrs, pop.entryUnrecovered, pop.careSeeking, pop.maxAttempts,
      pop.careSeeking ? ", lower the careseeking.* slopes" : ""));
}

RegionBaseline generateRegion(const Scenario& s, std::size_t region,
                              const std::atomic<bool>* cancel) {
  const Region& g = s.regions[region];
  const models::Params p = regionParams(s, region);
  RegionBaseline base;
  base.region = region;
  const auto key = std::uint32_t(region);
  const auto n = std::size_t(g.people);
  if (s.workplaces) base.workplaces = buildWorkplaces(p, g.workplaces, s.seed, key, n);
  base.people.resize(n);
  const auto factor = models::baselineCholesky(p);
  const Workplaces* workplaces = s.workplaces ? &base.workplaces : nullptr;
  forEachBlock(n, [&](std::size_t begin, std::size_t end) {
    if (cancel && cancel->load()) throw Cancelled();
    for (std::size_t i = begin; i < end; ++i)
      base.people.set(
          i, enterPerson(s, p, factor, std::uint32_t(g.first) + std::uint32_t(i), workplaces));
  });
  if (s.network) base.network = buildNetwork(p, s.seed, key, n);
  if (s.workplaces) tieCoworkers(p, base.workplaces, base.people.workStatus);
  return base;
}

Population generatePopulation(const Scenario& s) {
  Population all;
  for (std::size_t g = 0; g < s.regions.size(); ++g) {
    const Population part = generateRegion(s, g).people;
#define PAINSIM_APPEND(type, name, meaning) \
  all.name.insert(all.name.end(), part.name.begin(), part.name.end());
    PAINSIM_STATE(PAINSIM_APPEND)
#undef PAINSIM_APPEND
  }
  return all;
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
  if (s.regions.empty() || s.regions.back().first + s.regions.back().people != s.people)
    throw std::invalid_argument(
        "runScenario: the regions do not hold the scenario's people (use setPeople)");
  for (std::size_t g : options.regions)
    if (g >= s.regions.size() || (!result.regions.empty() && g <= result.regions.back()))
      throw std::invalid_argument("RunOptions::regions: expected ascending region indices");
    else
      result.regions.push_back(g);
  if (result.regions.empty())
    for (std::size_t g = 0; g < s.regions.size(); ++g) result.regions.push_back(g);
  arena.execute([&] {
    result.days = recordingDays(s);
    for (std::uint32_t id : samplePeople(s))
      if (std::binary_search(result.regions.begin(), result.regions.end(), regionOf(s, id)))
        result.sampleIds.push_back(id);
    std::vector<RegionBaseline> regions(result.regions.size());
    tbb::parallel_for(std::size_t{0}, regions.size(), [&](std::size_t k) {
      regions[k] = generateRegion(s, result.regions[k], options.cancel);
    });
    for (const RegionBaseline& r : regions)
      result.networkBytes += r.network.bytes() + r.workplaces.bytes();
    const std::int64_t total = std::int64_t(s.arms.size()) * s.days;
    std::atomic<std::int64_t> done{0};
    std::mutex progressMutex;
    // Arms run side by side (each also parallel over regions and people). They share
    // only the read-only baseline, and every draw is keyed by person and day, so
    // results do not depend on how arms, regions and people are scheduled.
    result.arms.resize(s.arms.size());
    std::vector<double> couple(s.arms.size()), step(s.arms.size());
    tbb::parallel_for(std::size_t{0}, s.arms.size(), [&](std::size_t a) {
      ArmRunner runner(s, s.arms[a], regions, result.days, result.sampleIds);
      result.arms[a] = runner.run(options, done, total, progressMutex);
      couple[a] = runner.coupleSeconds();
      step[a] = runner.stepSeconds();
    });
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      result.coupleSeconds += couple[a];
      result.stepSeconds += step[a];
    }
  });
  return result;
}

}  // namespace painsim::sim
