#include "sim/CareSystem.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/Measures.hpp"
#include "sim/Engine.hpp"
#include "sim/Rng.hpp"

namespace painsim::sim {

CareFlow& CareFlow::operator+=(const CareFlow& o) {
  referred += o.referred;
  started += o.started;
  waitDaysOfStarted += o.waitDaysOfStarted;
  left += o.left;
  waiting += o.waiting;
  return *this;
}

// ----------------------------------------------------------------- pathway

CarePathway::CarePathway(const Scenario& s, const Arm& arm, std::vector<Capacity> capacity)
    : m_s(s), m_arm(arm), m_capacity(std::move(capacity)), m_capacityOf(arm.care.size(), -1) {
  for (std::size_t k = 0; k < arm.care.size(); ++k)
    for (std::size_t c = 0; c < m_capacity.size(); ++c)
      if (m_capacity[c].programme == arm.care[k].programme) m_capacityOf[k] = int(c);
}

bool CarePathway::closed(int day) const {
  return std::any_of(m_arm.closures.begin(), m_arm.closures.end(),
                     [&](const Closure& c) { return day >= c.firstDay && day <= c.lastDay; });
}

bool CarePathway::eligible(const CareStep& step, std::uint32_t person, int day,
                           const models::PersonState& yesterday) const {
  if (step.eligible.empty()) return true;
  const auto draws = scaleDraws(m_s.seed, person, std::uint32_t(std::max(day - 1, 0)));
  return std::all_of(step.eligible.begin(), step.eligible.end(), [&](const Eligibility& e) {
    const float v = models::measureValue(m_s.params, e.measure, yesterday, draws);
    return v >= e.lo && v <= e.hi;
  });
}

float CarePathway::riskScore(std::uint32_t person, int day,
                             const models::PersonState& yesterday) const {
  const auto draws = scaleDraws(m_s.seed, person, std::uint32_t(std::max(day - 1, 0)));
  return models::measureValue(m_s.params, models::Measure::kStartBackScore, yesterday, draws);
}

bool CarePathway::admit(std::uint32_t person, std::size_t step, int day,
                        const models::PersonState& yesterday, StepProgress& progress) const {
  if (!eligible(m_arm.care[step], person, day, yesterday)) {
    progress.stage = StepProgress::kLeft;
    return false;
  }
  progress.stage = StepProgress::kActive;
  progress.activeDay = 0;
  progress.waitedDays = day - progress.referredDay;
  return true;
}

models::CareToday CarePathway::personDay(std::uint32_t person, int day,
                                         const models::PersonState& yesterday,
                                         StepProgress* progress, CareFlow* flow) const {
  models::CareToday care;
  const bool isClosed = closed(day);
  for (std::size_t k = 0; k < m_arm.care.size(); ++k) {
    const CareStep& step = m_arm.care[k];
    const models::Programme& g = m_s.programmes[step.programme];
    StepProgress& pr = progress[k];
    CareFlow& f = flow[step.programme];
    // Referral: inside the window, if eligible by yesterday's measures.
    if (pr.stage == StepProgress::kNone && day >= step.startDay &&
        day < step.startDay + step.windowDays && eligible(step, person, day, yesterday)) {
      pr.stage = StepProgress::kReferred;
      pr.referredDay = day;
      care.cost += g.costPerContact;
      ++f.referred;
    }
    // After the referral delay: onto the list, or straight in when places are unlimited.
    if (pr.stage == StepProgress::kReferred && day >= pr.referredDay + step.referralDelayDays) {
      if (m_capacityOf[k] >= 0) {
        pr.stage = StepProgress::kQueued;
      } else if (!isClosed) {
        pr.stage = StepProgress::kActive;
        pr.activeDay = 0;
        pr.waitedDays = day - pr.referredDay;
      }
    }
    if (pr.stage == StepProgress::kReferred || pr.stage == StepProgress::kQueued) ++f.waiting;
    if (pr.stage != StepProgress::kActive || isClosed) continue;
    if (pr.activeDay == 0) {
      ++f.started;
      f.waitDaysOfStarted += pr.waitedDays;
    }
    // Today's session, if one is scheduled: dropout first, then attendance.
    if (pr.scheduled < g.sessions && g.sessionDay(pr.scheduled) == pr.activeDay) {
      ++pr.scheduled;
      const auto u = careUniforms(m_s.seed, person, std::uint32_t(day), std::uint32_t(k));
      const models::AdherenceInputs in{yesterday.depression, yesterday.fear,
                                       float(pr.waitedDays) / 7.f,
                                       allianceDraw(m_s.seed, person, std::uint32_t(k))};
      if (u[0] < models::dropoutProbability(m_s.params, g, in)) {
        pr.stage = StepProgress::kDropped;
        continue;
      }
      if (u[1] < models::attendProbability(m_s.params, g, in)) {
        ++pr.attended;
        models::CareToday dose = models::sessionDose(g);
        // A tie is made at a session with probability new_ties / sessions.
        if (m_s.network && u[2] < g.newTies / float(g.sessions)) dose.newTies = 1.f;
        care = models::combine(care, dose);
      }
    }
    care = models::combine(care, models::dailyDose(g, pr.activeDay));
    if (++pr.activeDay >= g.days()) pr.stage = StepProgress::kCompleted;
  }
  return care;
}

// ------------------------------------------------------------------ system

CareSystem::CareSystem(const Scenario& s, const Arm& arm, std::size_t region)
    : m_pathway(s, arm, capacityIn(s, arm, region)),
      m_progress(std::size_t(s.regions[region].people) * arm.care.size()),
      m_queues(m_pathway.capacity().size()),
      m_credit(m_pathway.capacity().size(), 0.0),
      m_weekFlow(s.programmes.size()),
      m_region(region),
      m_firstId(std::uint32_t(s.regions[region].first)) {
  for (const CareStep& step : arm.care)
    if (std::find(m_programmes.begin(), m_programmes.end(), step.programme) == m_programmes.end())
      m_programmes.push_back(step.programme);
}

void CareSystem::join(const Entry& e, std::size_t capacity) {
  auto& q = m_queues[capacity];
  if (m_pathway.capacity()[capacity].order == Capacity::Order::kFirstCome) {
    q.push_back(e);
    return;
  }
  // Risk order: higher score first; equal scores keep the order of joining.
  const auto at = std::upper_bound(q.begin(), q.end(), e, [](const Entry& a, const Entry& b) {
    return a.priority > b.priority;
  });
  q.insert(at, e);
}

void CareSystem::admit(int day, const Population& pop, std::vector<CareFlow>& flow) {
  if (m_pathway.closed(day)) return;
  const auto& capacity = m_pathway.capacity();
  for (std::size_t c = 0; c < capacity.size(); ++c) {
    const double perWeek = capacity[c].placesPerWeek;
    // Places arrive daily; unused places lapse after a week.
    m_credit[c] = std::min(m_credit[c] + perWeek / 7.0, std::max(perWeek, 1.0));
    auto& q = m_queues[c];
    while (m_credit[c] >= 1.0 && !q.empty()) {
      const Entry e = q.front();
      q.pop_front();
      const std::size_t i = e.person - m_firstId;
      StepProgress& pr = m_progress[i * m_pathway.steps() + e.step];
      const models::PersonState yesterday = pop.get(i);
      if (m_pathway.admit(e.person, e.step, day, yesterday, pr))
        m_credit[c] -= 1.0;
      else
        ++flow[capacity[c].programme].left;
    }
  }
}

void CareSystem::couple(int day, const Population& pop, std::vector<models::CareToday>& today) {
  const std::size_t steps = m_pathway.steps();
  const std::size_t n = pop.size();
  const std::size_t programmes = m_weekFlow.size();
  std::vector<CareFlow> dayFlow(programmes);
  admit(day, pop, dayFlow);
  const auto& care = m_pathway.arm().care;
  const bool windowOpen = std::any_of(care.begin(), care.end(), [&](const CareStep& c) {
    return day >= c.startDay && day < c.startDay + c.windowDays;
  });
  if (!windowOpen && m_pending == 0) {
    // Nobody is referred, waiting or in a programme, and no referral window is open.
    if (m_careGiven) std::fill(today.begin(), today.end(), models::CareToday{});
    m_careGiven = false;
    closeWeek(day, dayFlow);
    return;
  }

  const std::size_t blocks = (n + kBlockSize - 1) / kBlockSize;
  std::vector<std::vector<CareFlow>> blockFlow(blocks, std::vector<CareFlow>(programmes));
  std::vector<std::vector<Entry>> blockJoins(blocks);
  std::vector<std::size_t> blockPending(blocks, 0);
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& r) {
        for (std::size_t b = r.begin(); b != r.end(); ++b) {
          const std::size_t end = std::min(n, (b + 1) * kBlockSize);
          for (std::size_t i = b * kBlockSize; i < end; ++i) {
            const auto person = m_firstId + std::uint32_t(i);
            const models::PersonState yesterday = pop.get(i);
            StepProgress* pr = &m_progress[i * steps];
            std::uint8_t before[Scenario::kMaxCareSteps];
            for (std::size_t k = 0; k < steps; ++k) before[k] = pr[k].stage;
            today[i] = m_pathway.personDay(person, day, yesterday, pr, blockFlow[b].data());
            for (std::size_t k = 0; k < steps; ++k) {
              const auto stage = pr[k].stage;
              blockPending[b] += stage == StepProgress::kReferred ||
                                 stage == StepProgress::kQueued || stage == StepProgress::kActive;
              if (stage == StepProgress::kQueued && before[k] != StepProgress::kQueued) {
                const int c = m_pathway.capacityOf(k);
                const bool risk =
                    m_pathway.capacity()[std::size_t(c)].order == Capacity::Order::kRisk;
                blockJoins[b].push_back({risk ? m_pathway.riskScore(person, day, yesterday) : 0.f,
                                         day, person, std::uint32_t(k)});
              }
            }
          }
        }
      });
  // Serial, in block order: the lists and the counts do not depend on thread count.
  m_careGiven = true;
  m_pending = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    for (const Entry& e : blockJoins[b]) join(e, std::size_t(m_pathway.capacityOf(e.step)));
    for (std::size_t g = 0; g < programmes; ++g) dayFlow[g] += blockFlow[b][g];
    m_pending += blockPending[b];
  }
  closeWeek(day, dayFlow);
}

void CareSystem::closeWeek(int day, const std::vector<CareFlow>& dayFlow) {
  const std::size_t programmes = m_weekFlow.size();
  for (std::size_t g = 0; g < programmes; ++g) {
    const std::int64_t waiting = dayFlow[g].waiting;
    m_weekFlow[g] += dayFlow[g];
    m_weekFlow[g].waiting = waiting;  // a level, not a count: the last day of the week
  }
  if (day % 7 == 0) {
    for (std::size_t g : m_programmes) {
      const CareFlow& f = m_weekFlow[g];
      m_weeks.push_back({day / 7, g, m_region, f.waiting, f.referred, f.started, f.left,
                         f.started > 0 ? double(f.waitDaysOfStarted) / double(f.started)
                                       : std::numeric_limits<double>::quiet_NaN()});
    }
    std::fill(m_weekFlow.begin(), m_weekFlow.end(), CareFlow{});
  }
}

}  // namespace painsim::sim
