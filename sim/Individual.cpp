#include "sim/Individual.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "models/Baseline.hpp"
#include "sim/CareSystem.hpp"
#include "sim/Rng.hpp"
#include "sim/ScenarioFile.hpp"

namespace painsim::sim {
namespace {

using models::Node;
using models::PersonState;

/// People like the person live the random days of ids kLikeBase + k.
constexpr std::uint32_t kLikeBase = 1u << 30;

std::array<double, kSeries> seriesOf(const PersonState& s) {
  std::array<double, kSeries> v{};
  v[int(Series::kPain)] = 10.0 * s.pain;
  v[int(Series::kCatastrophizing)] = 52.0 * s.catastrophizing;
  v[int(Series::kFear)] = 17.0 + 51.0 * s.fear;
  v[int(Series::kActivity)] = 100.0 * s.activity;
  v[int(Series::kCapacity)] = 100.0 * s.capacity;
  v[int(Series::kMood)] = 27.0 * s.depression;
  v[int(Series::kSleep)] = 100.0 * s.sleep;
  v[int(Series::kSupport)] = 100.0 * s.supportAutonomy;
  v[int(Series::kWork)] = models::offWork(s) ? 1.0 : 0.0;
  v[int(Series::kDisability)] = 24.0 * s.disability;
  v[int(Series::kSensitization)] = 100.0 * s.sensitization;
  v[int(Series::kEfficacy)] = 60.0 * s.efficacy;
  v[int(Series::kStress)] = 100.0 * s.stress;
  return v;
}

/// The scenario a care plan runs in: the built-in programmes, one arm, one step that
/// refers the person on the plan's day, no waiting list.
struct CareRunner {
  Scenario scenario;
  std::vector<StepProgress> progress;
  std::vector<CareFlow> flow;
  std::optional<CarePathway> pathway;

  CareRunner(const Setting& setting, const CarePlan& plan) {
    scenario.seed = setting.seed;
    scenario.params = setting.params;
    scenario.programmes = programmeLibrary();
    const auto it = std::find_if(scenario.programmes.begin(), scenario.programmes.end(),
                                 [&](const auto& g) { return g.name == plan.programme; });
    if (it == scenario.programmes.end())
      throw std::invalid_argument("unknown programme '" + plan.programme + "'");
    Arm arm;
    arm.name = "care";
    arm.care.push_back(
        {std::size_t(it - scenario.programmes.begin()), std::max(plan.startDay, 1), 1, 0, {}});
    scenario.arms.push_back(std::move(arm));
    progress.resize(1);
    flow.resize(scenario.programmes.size());
    pathway.emplace(scenario, scenario.arms.front(), std::vector<Capacity>{});
  }

  models::CareToday day(std::uint32_t person, int d, const PersonState& yesterday) {
    return pathway->personDay(person, d, yesterday, progress.data(), flow.data());
  }
  const models::Programme& programme() const {
    return scenario.programmes[scenario.arms.front().care.front().programme];
  }
};

void applyStressors(const std::vector<Stressor>& stressors, int day, PersonState& s) {
  for (const Stressor& st : stressors)
    if (day >= st.firstDay && day <= st.lastDay) s.lifeEvents = std::max(s.lifeEvents, st.load);
}

/// One life: calls `onDay(day, before, after, draws, care)` after each day.
template <class OnDay>
void live(const Setting& setting, const PathSpec& spec, std::uint32_t daysOf, OnDay&& onDay) {
  const models::Params& p = setting.params;
  PersonState s = personAtOnset(setting, spec.profile);
  std::optional<CareRunner> care;
  if (spec.care) care.emplace(setting, *spec.care);
  models::DayContext c;
  for (int day = 1; day <= 7 * setting.weeks; ++day) {
    c.day = day;
    applyStressors(spec.stressors, day, s);
    const models::CareToday today = care ? care->day(daysOf, day, s) : models::CareToday{};
    const models::DayDraws d = dayDraws(setting.seed, daysOf, std::uint32_t(day));
    const PersonState next = models::stepDay(p, s, d, today, c);
    onDay(day, s, next, d, today, care ? &care->progress.front() : nullptr,
          care ? &care->programme() : nullptr);
    s = next;
  }
}

}  // namespace

const std::vector<SeriesInfo>& seriesInfo() {
  static const std::vector<SeriesInfo> info = {
      {Series::kPain, "pain", "Pain", "NRS 0-10", 0, 10, Node::kPain},
      {Series::kCatastrophizing, "catastrophizing", "Catastrophizing", "PCS 0-52", 0, 52,
       Node::kCatastrophizing},
      {Series::kFear, "fear", "Fear of movement", "TSK-17 17-68", 17, 68, Node::kFear},
      {Series::kActivity, "activity", "Activity", "% of usual", 0, 100, Node::kActivity},
      {Series::kCapacity, "capacity", "Capacity", "% of before the episode", 0, 100,
       Node::kCapacity},
      {Series::kMood, "mood", "Low mood", "PHQ-9 0-27", 0, 27, Node::kMood},
      {Series::kSleep, "sleep", "Sleep quality", "% (100 = good)", 0, 100, Node::kSleep},
      {Series::kSupport, "support", "Support", "% received", 0, 100, Node::kSupport},
      {Series::kWork, "work", "Off work", "days in the week", 0, 7, Node::kWork},
      {Series::kDisability, "disability", "Disability", "RMDQ 0-24", 0, 24, Node::kDisability},
      {Series::kSensitization, "sensitization", "Sensitization", "%", 0, 100, Node::kSensitization},
      {Series::kEfficacy, "efficacy", "Self-efficacy", "PSEQ 0-60", 0, 60, Node::kEfficacy},
      {Series::kStress, "stress", "Stress", "%", 0, 100, Node::kStress},
  };
  return info;
}

void applyProfile(models::PersonState& s, const Profile& f) {
  s.catTrait = s.catastrophizing = f.catastrophizing;
  s.fear = f.fear;
  s.efficacyTrait = s.efficacy = f.efficacy;
  s.sleepTrait = s.sleep = s.sleepMonth = f.sleep;
  s.networkSupport = s.supportAvailable = s.supportAutonomy = f.support;
  s.stressTrait = s.stress = f.stress;
  s.workStatus =
      std::int32_t(f.working ? models::WorkStatus::kWorking : models::WorkStatus::kNotInPaidWork);
  s.absenceRun = 0;
  s.jobStrain = f.working ? f.jobStrain : 0.f;
}

models::PersonState personAtOnset(const Setting& setting, const Profile& f) {
  const models::Params& p = setting.params;
  const auto z =
      models::correlate(models::baselineCholesky(p), baselineDraws(setting.seed, setting.person));
  const models::DayDraws today = dayDraws(setting.seed, setting.person, 0);
  const models::DayContext c;
  PersonState s = models::onsetPerson(p, z, today, c);
  applyProfile(s, f);
  const models::Nociception injury = models::addNociception(p, {}, f.injury * p.injurySeverityMean);
  s.nociception = injury.total;
  s.nociceptionSlow = injury.slow;
  models::settle(p, s, today, c);
  models::resetOutcomes(s);
  return s;
}

std::vector<PathEnd> profilePaths(const models::Params& p, const Profile& profile, int people,
                                  int days, std::uint64_t seed,
                                  const std::vector<Stressor>& stressors) {
  const auto factor = models::baselineCholesky(p);
  std::vector<PathEnd> out(std::size_t(std::max(people, 0)));
  tbb::parallel_for(std::size_t{0}, out.size(), [&](std::size_t i) {
    const auto person = std::uint32_t(i);
    models::DayContext c;
    const auto z = models::correlate(factor, baselineDraws(seed, person));
    PersonState s = models::onsetPerson(p, z, dayDraws(seed, person, 0), c);
    applyProfile(s, profile);
    models::resetOutcomes(s);
    PathEnd& e = out[i];
    e.painWeek0 = s.pain;
    for (int day = 1; day <= days; ++day) {
      c.day = day;
      applyStressors(stressors, day, s);
      s = models::stepDay(p, s, dayDraws(seed, person, std::uint32_t(day)), {}, c);
    }
    e.painNrs = s.painNrs;
    e.fear = s.fear;
    e.activity = s.activity;
    e.capacity = s.capacity;
    e.rmdq = s.rmdqScore;
    e.sensitization = s.sensitization;
    e.recovered = s.dayRecoveredPain >= 0;
  });
  return out;
}

PathResult livePath(const Setting& setting, const PathSpec& spec, std::uint32_t daysOf,
                    bool withLinks) {
  PathResult out;
  const PersonState start = personAtOnset(setting, spec.profile);
  const models::UntreatedTraits untreated = models::untreatedTraits(start);
  out.weeks.push_back(seriesOf(start));
  out.links.push_back({});
  std::array<double, kSeries> sum{};
  models::LinkContributions linkSum{};
  std::uint8_t stage = StepProgress::kNone;
  live(setting, spec, daysOf,
       [&](int day, const PersonState& before, const PersonState& after, const models::DayDraws& d,
           const models::CareToday& care, const StepProgress* progress,
           const models::Programme* programme) {
         const auto v = seriesOf(after);
         for (int k = 0; k < kSeries; ++k) sum[std::size_t(k)] += v[std::size_t(k)];
         if (withLinks) {
           const auto c = models::dayLinks(setting.params, before, after, d, care, untreated);
           for (int k = 0; k < models::kLinks; ++k) linkSum[std::size_t(k)] += c[std::size_t(k)];
         }
         if (progress && progress->stage != stage) {
           std::string name = programme->name;  // graded_exposure -> graded exposure
           std::replace(name.begin(), name.end(), '_', ' ');
           if (progress->stage == StepProgress::kActive)
             out.events.push_back({day, "starts " + name});
           else if (progress->stage == StepProgress::kDropped)
             out.events.push_back({day, "drops out of " + name});
           else if (progress->stage == StepProgress::kCompleted)
             out.events.push_back({day, "completes " + name + " (" +
                                            std::to_string(progress->attended) + " sessions)"});
           stage = progress->stage;
         }
         if (day % 7 == 0) {
           for (auto& x : sum) x /= 7.0;
           sum[int(Series::kWork)] *= 7.0;  // days off in the week, not a mean
           out.weeks.push_back(sum);
           for (int k = 0; k < models::kLinks; ++k)
             if (models::links()[std::size_t(k)].kind == models::EffectKind::kLevel)
               linkSum[std::size_t(k)] /= 7.f;
           out.links.push_back(linkSum);
           sum = {};
           linkSum = {};
         }
         if (day == 7 * setting.weeks) out.dayRecoveredPain = after.dayRecoveredPain;
       });
  if (!withLinks) out.links.clear();
  return out;
}

Band peopleLike(const Setting& setting, const PathSpec& spec, int people) {
  const std::size_t weeks = std::size_t(setting.weeks) + 1;
  std::vector<PathResult> lives(std::size_t(std::max(people, 0)));
  tbb::parallel_for(std::size_t(0), lives.size(), [&](std::size_t k) {
    lives[k] = livePath(setting, spec, kLikeBase + std::uint32_t(k), false);
  });
  Band b;
  b.people = people;
  for (auto* q : {&b.q10, &b.q25, &b.q50, &b.q75, &b.q90}) q->resize(weeks);
  std::vector<double> values(lives.size());
  for (std::size_t w = 0; w < weeks; ++w) {
    for (int k = 0; k < kSeries; ++k) {
      for (std::size_t i = 0; i < lives.size(); ++i) values[i] = lives[i].weeks[w][std::size_t(k)];
      std::sort(values.begin(), values.end());
      const auto quantile = [&](double f) {  // type 7
        if (values.empty()) return 0.0;
        const double h = f * double(values.size() - 1);
        const auto lo = std::size_t(h);
        const std::size_t hi = std::min(lo + 1, values.size() - 1);
        return values[lo] + (h - double(lo)) * (values[hi] - values[lo]);
      };
      b.q10[w][std::size_t(k)] = quantile(0.10);
      b.q25[w][std::size_t(k)] = quantile(0.25);
      b.q50[w][std::size_t(k)] = quantile(0.50);
      b.q75[w][std::size_t(k)] = quantile(0.75);
      b.q90[w][std::size_t(k)] = quantile(0.90);
    }
  }
  double inPain = 0, recovered = 0, off = 0;
  for (const PathResult& r : lives) {
    inPain += r.weeks.back()[int(Series::kPain)] >= 1.0 ? 1 : 0;
    recovered += r.dayRecoveredPain >= 0 ? 1 : 0;
    off += r.weeks.back()[int(Series::kWork)] >= 7.0 ? 1 : 0;
  }
  const double n = std::max<double>(people, 1);
  b.inPainAtEnd = inPain / n;
  b.recovered = recovered / n;
  b.offWorkAtEnd = spec.profile.working ? off / n : 0.0;
  return b;
}

std::uint32_t choosePerson(const Setting& setting, const std::vector<PathSpec>& paths,
                           const Selection& sel) {
  const std::size_t n = std::size_t(std::max(sel.candidates, 1));
  const std::size_t weeks = std::size_t(setting.weeks) + 1;
  // pain[candidate][path * weeks + week]
  std::vector<std::vector<double>> pain(n, std::vector<double>(paths.size() * weeks));
  tbb::parallel_for(std::size_t(0), n, [&](std::size_t i) {
    Setting own = setting;
    own.person = std::uint32_t(i);
    for (std::size_t k = 0; k < paths.size(); ++k) {
      const PathResult r = livePath(own, paths[k], own.person, false);
      for (std::size_t w = 0; w < weeks; ++w)
        pain[i][k * weeks + w] = r.weeks[w][int(Series::kPain)];
    }
  });
  std::vector<std::size_t> pool;
  if (sel.stuckWeek >= 0 && std::size_t(sel.stuckWeek) < weeks)
    for (std::size_t i = 0; i < n; ++i)
      if (pain[i][std::size_t(sel.stuckWeek)] >= sel.stuckPain) pool.push_back(i);
  if (pool.empty())
    for (std::size_t i = 0; i < n; ++i) pool.push_back(i);

  std::vector<double> score(n, 0.0), column;  // squared distance to the median
  for (std::size_t t = 0; t < paths.size() * weeks; ++t) {
    column.clear();
    for (const std::size_t i : pool) column.push_back(pain[i][t]);
    std::nth_element(column.begin(), column.begin() + std::ptrdiff_t(column.size() / 2),
                     column.end());
    const double median = column[column.size() / 2];
    for (const std::size_t i : pool) score[i] += (pain[i][t] - median) * (pain[i][t] - median);
  }
  std::size_t best = pool.front();
  for (const std::size_t i : pool)
    if (score[i] < score[best]) best = i;
  return std::uint32_t(best);
}

std::vector<std::string> programmeNames() {
  std::vector<std::string> names;
  for (const auto& g : programmeLibrary()) names.push_back(g.name);
  return names;
}

}  // namespace painsim::sim
