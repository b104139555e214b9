#include "analysis/Calibration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlopt.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "analysis/PairedStatistics.hpp"
#include "analysis/Statistics.hpp"
#include "sim/Engine.hpp"
#include "sim/Individual.hpp"
#include "sim/ScenarioFile.hpp"

namespace painsim::embedded {
extern const std::string_view kCalibrationTargets;
extern const std::string_view kCalibrationAcute;
extern const std::string_view kCalibrationPace;
extern const std::string_view kCalibrationPersistent;
extern const std::string_view kCalibrationConsulting;
extern const std::string_view kCalibrationTrialCbt;
extern const std::string_view kCalibrationTrialAct;
}  // namespace painsim::embedded

namespace painsim::analysis {
namespace {

using Stats = std::map<std::string, double>;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kGroups = 10;          // disjoint person groups for standard errors
constexpr double kInfeasible = 1e6;  // objective where the cohorts cannot be simulated
constexpr unsigned long kGlobalSearchSeed = 20261122;  // NLopt's generator, for --global

// ------------------------------------------------------------------ cohorts

struct CohortDef {
  std::string_view name;
  std::string_view text;
  std::string_view file;
};

const std::array<CohortDef, 6>& cohortDefs() {
  static const std::array<CohortDef, 6> defs = {{
      {"acute", embedded::kCalibrationAcute, "scenarios/calibration/acute.toml"},
      {"pace", embedded::kCalibrationPace, "scenarios/calibration/pace.toml"},
      {"persistent", embedded::kCalibrationPersistent, "scenarios/calibration/persistent.toml"},
      {"consulting", embedded::kCalibrationConsulting, "scenarios/calibration/consulting.toml"},
      {"trial_cbt", embedded::kCalibrationTrialCbt, "scenarios/calibration/trial_cbt.toml"},
      {"trial_act", embedded::kCalibrationTrialAct, "scenarios/calibration/trial_act.toml"},
  }};
  return defs;
}

/// Person-level data of one simulated cohort (everyone's trajectories are recorded).
struct Cohort {
  sim::Scenario scenario;
  sim::RunResult result;

  std::size_t people() const { return std::size_t(scenario.people); }
  std::size_t times() const { return result.days.size(); }
  /// Value of `m` for person i at recording index t (in arm `arm`; trials have two).
  float at(models::Measure m, std::size_t i, std::size_t t, std::size_t arm = 0) const {
    const auto& ms = scenario.recording.measures;
    const auto k = std::size_t(std::find(ms.begin(), ms.end(), m) - ms.begin());
    return result.arms[arm].trajectories[(k * people() + i) * times() + t];
  }
  std::size_t timeOfDay(int day) const {
    const auto& d = result.days;
    const auto it = std::lower_bound(d.begin(), d.end(), day);
    if (it == d.end() || *it != day)
      throw std::logic_error(fmt::format("day {} is not recorded in {}", day, scenario.name));
    return std::size_t(it - d.begin());
  }
  const sim::Outcomes& outcomes() const { return result.arms[0].outcomes; }
};

using Subset = std::vector<std::uint32_t>;

double meanOf(const Cohort& c, models::Measure m, const Subset& idx, std::size_t t,
              double scale = 1.0) {
  double sum = 0;
  for (auto i : idx) sum += c.at(m, i, t);
  return scale * sum / double(idx.size());
}

double sdOf(const Cohort& c, models::Measure m, const Subset& idx, std::size_t t,
            double scale = 1.0) {
  const double mean = meanOf(c, m, idx, t);
  double ss = 0;
  for (auto i : idx) ss += (c.at(m, i, t) - mean) * (c.at(m, i, t) - mean);
  return scale * std::sqrt(ss / double(idx.size() - 1));
}

std::vector<float> column(const Cohort& c, models::Measure m, const Subset& idx, std::size_t t,
                          std::size_t arm = 0) {
  std::vector<float> v;
  v.reserve(idx.size());
  for (auto i : idx) v.push_back(c.at(m, i, t, arm));
  return v;
}

template <class Pred>
double shareOf(const Subset& idx, Pred pred) {
  std::int64_t k = 0;
  for (auto i : idx) k += pred(i) ? 1 : 0;
  return double(k) / double(idx.size());
}

/// First day by which half of the group has recovered (the Kaplan-Meier median when
/// everyone is followed to the end; -1 in `days` = not recovered = censored at the end).
double medianDays(std::vector<std::int32_t> days) {
  std::vector<double> t;
  for (auto d : days) t.push_back(d < 0 ? kInf : double(d));
  if (t.empty()) return kInf;
  const std::size_t k = (t.size() + 1) / 2 - 1;
  std::nth_element(t.begin(), t.begin() + std::ptrdiff_t(k), t.end());
  return t[k];
}

bool within(std::int32_t day, int last) { return day >= 0 && day <= last; }

// ---------------------------------------------------------- cohort statistics

Stats acuteStats(const Cohort& c, const Subset& idx) {
  using M = models::Measure;
  const auto& o = c.outcomes();
  Stats s;
  for (int w : {0, 6, 26, 52})
    s[fmt::format("C1/mean_pain_0_100_week_{}", w)] =
        meanOf(c, M::kPainNrs, idx, c.timeOfDay(7 * w), 10);
  const std::size_t w0 = c.timeOfDay(0), w4 = c.timeOfDay(28), w26 = c.timeOfDay(182);
  s["C3/pain_reduction_week_4"] =
      1 - meanOf(c, M::kPainNrs, idx, w4) / meanOf(c, M::kPainNrs, idx, w0);
  s["C3/disability_reduction_week_4"] =
      1 - meanOf(c, M::kRmdq, idx, w4) / meanOf(c, M::kRmdq, idx, w0);
  Subset away;
  for (auto i : idx)
    if (o.dayReturnedWork[i] != -2) away.push_back(i);
  s["C3/back_at_work_of_those_off"] =
      away.empty() ? 0.0 : shareOf(away, [&](auto i) { return within(o.dayReturnedWork[i], 28); });
  Subset painFreeSpell;
  for (auto i : idx)
    if (within(o.dayRecoveredPain[i], 364) || within(o.dayFirstRecurrence[i], 364))
      painFreeSpell.push_back(i);
  s["C4/recurrence_12_months"] = painFreeSpell.empty() ? 0.0 : shareOf(painFreeSpell, [&](auto i) {
    return within(o.dayFirstRecurrence[i], 364);
  });
  std::vector<std::int32_t> work, disability, pain;
  for (auto i : away) work.push_back(o.dayReturnedWork[i]);
  for (auto i : idx) {
    disability.push_back(o.dayRecoveredDisability[i]);
    pain.push_back(o.dayRecoveredPain[i]);
  }
  s["C5/median_days_work"] = medianDays(work);
  s["C5/median_days_disability"] = medianDays(disability);
  s["C5/median_days_pain"] = medianDays(pain);
  s["C5/recovered_12_months"] =
      shareOf(idx, [&](auto i) { return within(o.dayRecoveredPain[i], 364); });
  Subset chronic;
  for (auto i : idx)
    if (!within(o.dayRecoveredPain[i], 84)) chronic.push_back(i);
  s["C6/not_recovered_12_weeks"] = double(chronic.size()) / double(idx.size());
  s["C6/pain_free_9_months_of_chronic"] = chronic.empty() ? 0.0 : shareOf(chronic, [&](auto i) {
    return within(o.dayRecoveredPain[i], 273);
  });
  s["C6/pain_free_12_months_of_chronic"] = chronic.empty() ? 0.0 : shareOf(chronic, [&](auto i) {
    return within(o.dayRecoveredPain[i], 364);
  });
  // C11: top quartile of baseline PCS vs the rest; chronic = in pain at 26 weeks,
  // disabling = RMDQ >= 7 at 26 weeks.
  const double cut = quantile7(column(c, M::kPcs, idx, w0), 0.75);
  std::vector<std::uint8_t> exposed, chronic26, disabling26;
  for (auto i : idx) {
    exposed.push_back(c.at(M::kPcs, i, w0) >= cut ? 1 : 0);
    chronic26.push_back(c.at(M::kPainNrs, i, w26) >= 1.f ? 1 : 0);
    disabling26.push_back(c.at(M::kRmdq, i, w26) >= 7.f ? 1 : 0);
  }
  s["C11/odds_ratio_chronic"] = oddsRatio(exposed, chronic26).value;
  s["C11/odds_ratio_disabling"] = oddsRatio(exposed, disabling26).value;
  return s;
}

// C7 in the cohort of its source (PACE's inclusion criteria): the five classes of the
// weekly pain series of weeks 0-12.
Stats paceStats(const Cohort& c, const Subset& idx) {
  std::array<std::size_t, kTrajectoryWeeks> weeks;
  for (std::size_t w = 0; w < weeks.size(); ++w) weeks[w] = c.timeOfDay(7 * int(w));
  std::vector<float> weekly;
  weekly.reserve(idx.size() * weeks.size());
  for (auto i : idx)
    for (auto t : weeks) weekly.push_back(c.at(models::Measure::kPainNrs, i, t));
  const auto shares = classShares(weekly, idx.size());
  Stats s;
  for (std::size_t k = 0; k < shares.size(); ++k)
    s[fmt::format("C7/{}", kTrajectoryClassNames[k])] = shares[k];
  return s;
}

Stats persistentStats(const Cohort& c, const Subset& idx) {
  using M = models::Measure;
  Stats s;
  for (int w : {0, 6, 26, 52})
    s[fmt::format("C2/mean_pain_0_100_week_{}", w)] =
        meanOf(c, M::kPainNrs, idx, c.timeOfDay(std::min(7 * w, c.scenario.days)), 10);
  // C12: four weeks of daily diaries from entry.
  constexpr std::size_t kDiaryDays = 28;
  std::vector<float> pain, sleep;
  for (auto i : idx)
    for (std::size_t t = 0; t < kDiaryDays; ++t) {
      pain.push_back(c.at(M::kPainNrs, i, t));
      sleep.push_back(c.at(M::kSleep, i, t));
    }
  s["C12/sleep_to_pain_over_pain_to_sleep"] =
      sleepPainAsymmetry(pain, sleep, idx.size(), kDiaryDays).ratio;
  s["C13/psqi_mean"] = meanOf(c, M::kPsqi, idx, 0);
  s["C13/psqi_sd"] = sdOf(c, M::kPsqi, idx, 0);
  s["C13/poor_sleepers"] = shareOf(idx, [&](auto i) { return c.at(M::kPsqi, i, 0) > 5.f; });
  return s;
}

Stats consultingStats(const Cohort& c, const Subset& idx) {
  using M = models::Measure;
  Stats s;
  s["C8/pain_nrs_mean"] = meanOf(c, M::kPainNrs, idx, 0);
  s["C8/pain_nrs_sd"] = sdOf(c, M::kPainNrs, idx, 0);
  // The cohort used the 23-item RMDQ and PHQ-8: rescaled from RMDQ-24 and PHQ-9.
  s["C8/rmdq_0_23_mean"] = meanOf(c, M::kRmdq, idx, 0, 23.0 / 24.0);
  s["C8/rmdq_0_23_sd"] = sdOf(c, M::kRmdq, idx, 0, 23.0 / 24.0);
  s["C8/tsk_mean"] = meanOf(c, M::kTsk, idx, 0);
  s["C8/tsk_sd"] = sdOf(c, M::kTsk, idx, 0);
  s["C8/phq8_mean"] = meanOf(c, M::kPhq9, idx, 0, 8.0 / 9.0);
  s["C8/phq8_sd"] = sdOf(c, M::kPhq9, idx, 0, 8.0 / 9.0);
  s["C8/gad7_mean"] = meanOf(c, M::kGad7, idx, 0);
  s["C8/gad7_sd"] = sdOf(c, M::kGad7, idx, 0);
  s["C8/pseq_mean"] = meanOf(c, M::kPseq, idx, 0);
  s["C8/pseq_sd"] = sdOf(c, M::kPseq, idx, 0);
  const char* groups[] = {"low", "medium", "high"};
  for (int g = 0; g < 3; ++g)
    s[fmt::format("C8/start_back_{}", groups[g])] =
        shareOf(idx, [&](auto i) { return c.at(M::kStartBackGroup, i, 0) == float(g); });
  const auto rmdq = column(c, M::kRmdq, idx, 0);
  s["C9/r_disability_catastrophizing"] = pearson(rmdq, column(c, M::kPcs, idx, 0));
  s["C9/r_disability_fear"] = pearson(rmdq, column(c, M::kTsk, idx, 0));
  s["C9/r_disability_self_efficacy"] = pearson(rmdq, column(c, M::kPseq, idx, 0));
  // C10: pain at entry -> mediators at 6 weeks -> disability at 12 weeks. Self-efficacy
  // enters as its lack (60 - PSEQ) so that every indirect effect is positive when it
  // carries pain into disability; distress = PHQ-9 + GAD-7.
  const std::size_t w6 = c.timeOfDay(42), w12 = c.timeOfDay(84);
  std::vector<float> lackEfficacy, distress;
  for (auto i : idx) {
    lackEfficacy.push_back(60.f - c.at(M::kPseq, i, w6));
    distress.push_back(c.at(M::kPhq9, i, w6) + c.at(M::kGad7, i, w6));
  }
  const auto fear = column(c, M::kTsk, idx, w6);
  const auto cat = column(c, M::kPcs, idx, w6);
  const auto med =
      parallelMediation(column(c, M::kPainNrs, idx, 0), {lackEfficacy, distress, fear, cat},
                        column(c, M::kRmdq, idx, w12));
  s["C10/indirect_self_efficacy"] = med.indirect[0];
  const double others = std::max({med.indirect[1], med.indirect[2], med.indirect[3]});
  s["C10/self_efficacy_over_next_largest"] =
      others > 0 ? med.indirect[0] / others : (med.indirect[0] > 0 ? 1e9 : 0.0);
  return s;
}

/// A simulated trial (arm 1 = programme against arm 0 = control): the standardized
/// mean difference at week 12, (mean_1 - mean_0) / sqrt((sd_0^2 + sd_1^2) / 2),
/// as in painsim compare (analysis/PairedStatistics.hpp) and the meta-analyses behind I1 and I2.
template <const char* kId>
Stats trialStats(const Cohort& c, const Subset& idx) {
  using M = models::Measure;
  Stats s;
  const std::size_t t = c.timeOfDay(84);
  for (const M m : {M::kPainNrs, M::kRmdq, M::kPhq9, M::kPcs, M::kGad7, M::kAcceptance})
    s[fmt::format("{}/smd_{}", kId, models::measureInfo(m).name)] =
        comparePaired(column(c, m, idx, t, 1), column(c, m, idx, t, 0)).smd.estimate;
  return s;
}
constexpr char kI1[] = "I1";
constexpr char kI2[] = "I2";

// ------------------------------------------ required behaviours (MODEL.md 6.1, 6.2)
// The two-path and tipping behaviours, measured as tests/science measures them but on
// other people (another seed and, by default, four times as many: EvaluationOptions::
// profilePeople), so that a fit which keeps them inside their bounds is not fitted to the
// tests' own draws.
constexpr std::uint64_t kProfileSeed = 20240601;

struct ProfileRuns {
  std::vector<sim::PathEnd> confronter, avoider;             // 6.1, 26 weeks
  std::vector<sim::PathEnd> vulnerable, vulnerableStressed;  // 6.2, 32 weeks
  std::vector<sim::PathEnd> resilient, resilientStressed;    // 6.2, 32 weeks
};

ProfileRuns runProfiles(const models::Params& p, int people, std::uint64_t seed) {
  ProfileRuns r;
  const auto run = [&](const sim::Profile& f, int days, bool stressed) {
    return sim::profilePaths(
        p, f, people, days, seed,
        stressed ? std::vector<sim::Stressor>{sim::kStressfulMonth} : std::vector<sim::Stressor>{});
  };
  r.confronter = run(sim::kConfronter, 182, false);
  r.avoider = run(sim::kAvoider, 182, false);
  r.vulnerable = run(sim::kVulnerable, sim::kTippingDays, false);
  r.vulnerableStressed = run(sim::kVulnerable, sim::kTippingDays, true);
  r.resilient = run(sim::kConfronter, sim::kTippingDays, false);
  r.resilientStressed = run(sim::kConfronter, sim::kTippingDays, true);
  return r;
}

Stats profileStats(const ProfileRuns& r, const Subset& idx) {
  const auto mean = [&](const std::vector<sim::PathEnd>& v, auto field) {
    double sum = 0;
    for (auto i : idx) sum += double(field(v[i]));
    return sum / double(idx.size());
  };
  const auto recovered = [](const sim::PathEnd& e) { return e.recovered ? 1.0 : 0.0; };
  const auto inPain = [](const sim::PathEnd& e) { return e.painNrs >= 1.f ? 1.0 : 0.0; };
  Stats s;
  const double rc = mean(r.confronter, recovered), ra = mean(r.avoider, recovered);
  s["B1/confronters_recovered_26_weeks"] = rc;
  s["B1/avoiders_recovered_26_weeks"] = ra;
  s["B1/avoiders_over_confronters_recovered"] = rc > 0 ? ra / rc : kInf;
  const auto gap = [&](auto field, double scale) {
    return scale * (mean(r.avoider, field) - mean(r.confronter, field));
  };
  s["B1/pain_nrs_gap_26_weeks"] = gap([](const sim::PathEnd& e) { return e.painNrs; }, 1);
  s["B1/tsk_gap_26_weeks"] = gap([](const sim::PathEnd& e) { return e.fear; }, 51);
  s["B1/rmdq_gap_26_weeks"] = gap([](const sim::PathEnd& e) { return e.rmdq; }, 1);
  s["B1/activity_gap_percent_26_weeks"] =
      gap([](const sim::PathEnd& e) { return e.activity; }, -100);
  s["B1/capacity_gap_percent_26_weeks"] =
      gap([](const sim::PathEnd& e) { return e.capacity; }, -100);
  // 6.2: the paired difference in the share in pain at the end, stressed minus not.
  const double dv = mean(r.vulnerableStressed, inPain) - mean(r.vulnerable, inPain);
  const double dr = mean(r.resilientStressed, inPain) - mean(r.resilient, inPain);
  s["B2/vulnerable_tipped"] = dv;
  s["B2/resilient_over_vulnerable_tipped"] = dv > 0 ? dr / dv : kInf;
  return s;
}

using StatsFn = Stats (*)(const Cohort&, const Subset&);
StatsFn statsFor(std::string_view cohort) {
  if (cohort == "acute") return acuteStats;
  if (cohort == "pace") return paceStats;
  if (cohort == "persistent") return persistentStats;
  if (cohort == "trial_cbt") return trialStats<kI1>;
  if (cohort == "trial_act") return trialStats<kI2>;
  return consultingStats;
}

/// The targets painsim knows how to simulate and the cohort each is simulated in.
/// Component names are checked against the statistics when a cohort is evaluated.
const std::map<std::string, std::string>& knownComponents() {
  static const std::map<std::string, std::string> known = [] {
    std::map<std::string, std::string> k;
    const char* ids[][2] = {{"C1", "acute"},       {"C2", "persistent"}, {"C3", "acute"},
                            {"C4", "acute"},       {"C5", "acute"},      {"C6", "acute"},
                            {"C7", "pace"},        {"C8", "consulting"}, {"C9", "consulting"},
                            {"C10", "consulting"}, {"C11", "acute"},     {"C12", "persistent"},
                            {"C13", "persistent"}, {"I1", "trial_cbt"},  {"I2", "trial_act"},
                            {"B1", "profiles"},    {"B2", "profiles"}};
    for (auto& [id, cohort] : ids) k[id] = cohort;
    return k;
  }();
  return known;
}

}  // namespace

// ------------------------------------------------------------------ targets

TargetSet parseTargets(std::string_view text, std::string_view sourceName) {
  toml::table root;
  try {
    root = toml::parse(text, sourceName);
  } catch (const toml::parse_error& e) {
    throw TargetError(
        fmt::format("{}:{}: invalid TOML: {}", sourceName, e.source().begin.line, e.description()));
  }
  const auto where = [&](const toml::node& n) {
    return fmt::format("{}:{}", sourceName, n.source().begin.line);
  };
  // Keys that are not part of the format are errors, not silently ignored.
  const auto onlyKnown = [&](const toml::table& t, std::initializer_list<std::string_view> allowed,
                             const std::string& prefix) {
    for (const auto& [k, node] : t)
      if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
        throw TargetError(fmt::format("{}: unknown key '{}{}'; allowed keys here: {}", where(node),
                                      prefix, k.str(), fmt::join(allowed, ", ")));
  };
  onlyKnown(root, {"target"}, "");
  TargetSet set;
  set.sourceName = std::string(sourceName);
  const toml::array* targets = root["target"].as_array();
  if (!targets || targets->empty())
    throw TargetError(fmt::format("{}: expected [[target]] tables", sourceName));
  std::set<std::string> seen;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const toml::table* t = targets->get(i)->as_table();
    if (!t)
      throw TargetError(fmt::format("{}: target {} is not a table", where(*targets->get(i)), i));
    onlyKnown(*t, {"id", "name", "cohort", "source", "component"}, fmt::format("target.{}.", i));
    Target target;
    const auto str = [&](const char* key, bool required) {
      const auto v = (*t)[key].value<std::string>();
      if (!v && required)
        throw TargetError(
            fmt::format("{}: key 'target.{}.{}': expected a string", where(*t), i, key));
      return v.value_or("");
    };
    target.id = str("id", true);
    target.name = str("name", false);
    target.source = str("source", true);
    target.cohort = str("cohort", true);
    const auto known = knownComponents().find(target.id);
    if (known == knownComponents().end())
      throw TargetError(
          fmt::format("{}: key 'target.{}.id': unknown target \"{}\"; painsim "
                      "simulates C1-C13, I1, I2, B1 and B2",
                      where(*t), i, target.id));
    if (known->second != target.cohort)
      throw TargetError(
          fmt::format("{}: key 'target.{}.cohort': target {} is simulated in the "
                      "\"{}\" cohort, not \"{}\"",
                      where(*t), i, target.id, known->second, target.cohort));
    if (!seen.insert(target.id).second)
      throw TargetError(fmt::format("{}: target {} is listed twice", where(*t), target.id));
    const toml::array* comps = (*t)["component"].as_array();
    if (!comps || comps->empty())
      throw TargetError(
          fmt::format("{}: key 'target.{}.component': expected an array of "
                      "{{ name, value, lower, upper }}",
                      where(*t), i));
    for (std::size_t k = 0; k < comps->size(); ++k) {
      const toml::table* c = comps->get(k)->as_table();
      const std::string key = fmt::format("target.{}.component.{}", i, k);
      if (!c) throw TargetError(fmt::format("{}: key '{}': expected a table", where(*comps), key));
      onlyKnown(*c, {"name", "value", "lower", "upper", "scale"}, key + ".");
      TargetComponent comp;
      const auto name = (*c)["name"].value<std::string>();
      const auto value = (*c)["value"].value<double>();
      const auto lower = (*c)["lower"].value<double>();
      const auto upper = (*c)["upper"].value<double>();
      const auto scale = (*c)["scale"].value<double>();
      if (!name || !lower || !upper || !value == !scale)
        throw TargetError(
            fmt::format("{}: key '{}': expected name (string), lower and upper (numbers), and "
                        "either value (a published number) or scale (a bound)",
                        where(*c), key));
      if (value && !(*lower <= *value && *value <= *upper))
        throw TargetError(
            fmt::format("{}: key '{}': expected lower <= value <= upper, got {} <= "
                        "{} <= {}",
                        where(*c), key, *lower, *value, *upper));
      const bool validBound = scale && (*lower < *upper) && (*scale > 0) && std::isfinite(*scale);
      if (scale && !validBound)
        throw TargetError(
            fmt::format("{}: key '{}': expected lower < upper and a positive finite scale, got "
                        "[{}, {}] and scale {}",
                        where(*c), key, *lower, *upper, *scale));
      comp = {*name,
              value.value_or(std::nan("")),
              *lower,
              *upper,
              scale.has_value(),
              scale.value_or(0.0)};
      target.components.push_back(comp);
    }
    set.targets.push_back(std::move(target));
  }
  return set;
}

TargetSet loadTargets(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TargetError(fmt::format("{}: cannot open targets file", path));
  std::ostringstream text;
  text << in.rdbuf();
  return parseTargets(text.str(), path);
}

TargetSet builtinTargets() {
  return parseTargets(embedded::kCalibrationTargets, "scenarios/calibration/targets.toml");
}

bool Evaluation::allPass() const { return inside() == components.size(); }

std::size_t Evaluation::inside() const {
  return std::size_t(std::count_if(components.begin(), components.end(),
                                   [](const ComponentResult& c) { return c.pass; }));
}

double Evaluation::publishedDistance() const {
  double sumSq = 0;
  int count = 0;
  for (const auto& c : components)
    if (!c.bound) sumSq += c.deviation * c.deviation, ++count;
  return count > 0 ? sumSq / count : 0.0;
}

double Evaluation::worstBoundMargin() const {
  double worst = -std::numeric_limits<double>::infinity();
  for (const auto& c : components)
    if (c.bound) worst = std::max(worst, c.margin);
  return worst;
}

// --------------------------------------------------------------- evaluation

Evaluation evaluate(const TargetSet& targets, const models::Params& p,
                    const EvaluationOptions& options) {
  // Which cohorts are needed.
  std::vector<const CohortDef*> needed;
  for (const auto& def : cohortDefs())
    if (std::any_of(targets.targets.begin(), targets.targets.end(),
                    [&](const Target& t) { return t.cohort == def.name; }))
      needed.push_back(&def);
  // `params.*` keys among the overrides apply on top of `p` (a cohort file's own
  // [params] never do: the cohorts run the model being evaluated).
  const models::Params params = sim::withParamOverrides(p, options.overrides);
  std::vector<Cohort> cohorts(needed.size());
  std::vector<std::exception_ptr> errors(needed.size());
  const auto runOne = [&](std::size_t k) {
    try {
      Cohort& c = cohorts[k];
      c.scenario = sim::parseScenario(needed[k]->text, needed[k]->file, options.overrides);
      c.scenario.params = params;
      sim::setPeople(c.scenario, options.people);
      c.scenario.seed += options.seedOffset;
      sim::RunOptions run;
      run.threads = options.threads;
      run.cancel = options.cancel;
      c.result = sim::runScenario(c.scenario, run);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  // Cohorts run side by side (each also parallel over people); results do not depend on it.
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute(
      [&] { tbb::parallel_for(std::size_t{0}, needed.size(), [&](std::size_t k) { runOne(k); }); });
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  Evaluation eval;
  double sumSq = 0;
  // Compares the statistics `stats` of one cohort of `people` (over everyone, and over
  // kGroups disjoint groups for the standard errors) with its targets' components.
  // `shrink` is 1 - n / reference size for cohorts of --patients people, 0 for fixed sizes.
  const auto compare = [&](std::string_view cohort, std::size_t people,
                           const std::function<Stats(const Subset&)>& stats, double shrink) {
    Subset all(people);
    for (std::size_t i = 0; i < people; ++i) all[i] = std::uint32_t(i);
    const Stats full = stats(all);
    std::vector<Stats> groups(kGroups);
    for (std::size_t g = 0; g < std::size_t(kGroups); ++g) {
      Subset sub;
      for (std::size_t i = g; i < people; i += kGroups) sub.push_back(std::uint32_t(i));
      groups[g] = stats(sub);
    }
    for (const Target& t : targets.targets) {
      if (t.cohort != cohort) continue;
      for (const TargetComponent& comp : t.components) {
        const std::string key = t.id + "/" + comp.name;
        const auto it = full.find(key);
        if (it == full.end())
          throw TargetError(
              fmt::format("{}: target {} has no component \"{}\" that painsim "
                          "simulates",
                          targets.sourceName, t.id, comp.name));
        ComponentResult r;
        r.target = t.id;
        r.component = comp.name;
        r.value = comp.value;
        r.lower = comp.lower;
        r.upper = comp.upper;
        r.bound = comp.bound;
        r.simulated = it->second;
        // Standard error from disjoint groups: sd of the group statistics / sqrt(groups).
        double mean = 0, ss = 0;
        int finite = 0;
        for (const auto& g : groups)
          if (std::isfinite(g.at(key))) mean += g.at(key), ++finite;
        mean /= std::max(1, finite);
        for (const auto& g : groups)
          if (std::isfinite(g.at(key))) ss += (g.at(key) - mean) * (g.at(key) - mean);
        r.standardError =
            finite > 1 ? std::sqrt(ss / (finite - 1)) / std::sqrt(double(finite)) : kInf;
        // The se is estimated from `finite` group statistics, so the 95% critical value is
        // Student's t with finite - 1 degrees of freedom (2.26 for ten groups), not 1.96.
        // (Fewer than two groups: no se, so an unbounded widening, as before.)
        r.widening = shrink <= 0   ? 0.0
                     : finite <= 1 ? kInf
                                   : studentTQuantile(0.975, finite - 1) * r.standardError *
                                         std::sqrt(shrink);
        r.pass = std::isfinite(r.simulated) && r.simulated >= r.lower - r.widening &&
                 r.simulated <= r.upper + r.widening;
        if (!std::isfinite(r.simulated)) {
          r.deviation = 10.0;
          r.margin = 10.0;
        } else if (comp.bound) {
          const double outside = r.simulated < r.lower   ? r.simulated - r.lower
                                 : r.simulated > r.upper ? r.simulated - r.upper
                                                         : 0.0;
          r.deviation = std::clamp(outside / comp.scale, -10.0, 10.0);
          r.margin = std::clamp(std::max(r.lower - r.simulated, r.simulated - r.upper) / comp.scale,
                                -10.0, 10.0);
        } else {
          const double half = r.simulated < r.value ? r.value - r.lower : r.upper - r.value;
          r.deviation = half > 0 ? std::min(10.0, (r.simulated - r.value) / half) : 0.0;
        }
        sumSq += r.deviation * r.deviation;
        eval.components.push_back(r);
      }
    }
  };
  const double shrink = std::max(0.0, 1.0 - double(options.people) / double(options.referenceSize));
  for (std::size_t k = 0; k < needed.size(); ++k) {
    const Cohort& c = cohorts[k];
    const StatsFn fn = statsFor(needed[k]->name);
    compare(
        needed[k]->name, c.people(), [&](const Subset& idx) { return fn(c, idx); }, shrink);
  }
  if (std::any_of(targets.targets.begin(), targets.targets.end(),
                  [](const Target& t) { return t.cohort == "profiles"; })) {
    // A fixed number of people whatever --patients says: never widened.
    ProfileRuns runs;
    arena.execute([&] {
      runs = runProfiles(params, options.profilePeople, kProfileSeed + options.seedOffset);
    });
    compare(
        "profiles", options.profilePeople,
        [&](const Subset& idx) { return profileStats(runs, idx); }, 0.0);
  }
  // Report in the order of the targets file.
  std::stable_sort(eval.components.begin(), eval.components.end(),
                   [&](const ComponentResult& a, const ComponentResult& b) {
                     const auto pos = [&](const std::string& id) {
                       return std::find_if(targets.targets.begin(), targets.targets.end(),
                                           [&](const Target& t) { return t.id == id; }) -
                              targets.targets.begin();
                     };
                     return pos(a.target) < pos(b.target);
                   });
  eval.distance = eval.components.empty() ? 0.0 : sumSq / double(eval.components.size());
  return eval;
}

std::string evaluationText(const Evaluation& e, const std::string& format) {
  std::string out;
  const auto num = [](double v) {
    if (!std::isfinite(v)) return std::string(std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
    if (std::abs(v) >= 1e8) return std::string("none");
    return fmt::format("{:.3g}", v);
  };
  // A bound (a required behaviour) has no published value.
  const auto published = [&](const ComponentResult& c) {
    return c.bound ? std::string("bound") : num(c.value);
  };
  if (format == "csv") {
    out += "target,component,value,lower,upper,simulated,standard_error,widening,pass\n";
    for (const auto& c : e.components)
      out += fmt::format("{},{},{},{},{},{:.6g},{:.6g},{:.6g},{}\n", c.target, c.component,
                         c.bound ? std::string() : fmt::format("{}", c.value), c.lower, c.upper,
                         c.simulated, c.standardError, c.widening, c.pass ? "pass" : "FAIL");
    return out;
  }
  if (format == "markdown") {
    out += "| target | component | published | band | simulated (se) | result |\n";
    out += "|---|---|---:|---|---:|---|\n";
    for (const auto& c : e.components)
      out += fmt::format("| {} | {} | {} | [{}, {}] | {} ({}) | {} |\n", c.target, c.component,
                         published(c), num(c.lower), num(c.upper), num(c.simulated),
                         num(c.standardError), c.pass ? "pass" : "**FAIL**");
    return out;
  }
  out += fmt::format("{:<5} {:<34} {:>9} {:>21} {:>10} {:>8}  {}\n", "id", "component", "published",
                     "band", "simulated", "se", "result");
  for (const auto& c : e.components)
    out += fmt::format("{:<5} {:<34} {:>9} {:>21} {:>10} {:>8}  {}\n", c.target, c.component,
                       published(c), fmt::format("[{}, {}]", num(c.lower), num(c.upper)),
                       num(c.simulated), num(c.standardError), c.pass ? "pass" : "FAIL");
  out += fmt::format("{} of {} components inside their band; distance {:.4g}\n", e.inside(),
                     e.components.size(), e.distance);
  return out;
}

// -------------------------------------------------------------- calibration

namespace {

/// Whether `a` is a better fit than `b`: the smaller distance; with the bounds as
/// constraints, feasibility first, then the published distance (feasible) or the worst
/// margin (infeasible).
bool better(const Evaluation& a, const Evaluation& b, bool constrained) {
  if (!constrained) return a.distance < b.distance;
  const double ma = a.worstBoundMargin(), mb = b.worstBoundMargin();
  if ((ma <= 0) != (mb <= 0)) return ma <= 0;
  return ma <= 0 ? a.publishedDistance() < b.publishedDistance() : ma < mb;
}

}  // namespace

CalibrationResult calibrate(const TargetSet& targets, const models::Params& start,
                            const CalibrationOptions& options) {
  std::vector<models::ParamSpec> specs;
  for (const auto& name : options.parameters) {
    const auto spec = models::findParameter(name);
    if (!spec) throw TargetError(fmt::format("--params: unknown parameter '{}'", name));
    specs.push_back(*spec);
  }
  if (specs.empty()) throw TargetError("--params: no parameters to fit");
  if (!(options.initialStep > 0.0 && options.initialStep <= 1.0))
    throw TargetError(
        fmt::format("--initial-step: expected a share of each parameter's range in (0, 1], got {}",
                    options.initialStep));
  const bool constrained = options.boundsAsConstraints;
  // Refused before anything is simulated.
  if (constrained &&
      std::none_of(targets.targets.begin(), targets.targets.end(), [](const Target& t) {
        return std::any_of(t.components.begin(), t.components.end(),
                           [](const auto& c) { return c.bound; });
      }))
    throw TargetError(
        "--bounds-as-constraints: the targets have no bounds (components with "
        "a scale)");
  const std::size_t n = specs.size();
  // The optimiser works on x in [0, 1]^n: x_k = (theta_k - min_k) / (max_k - min_k).
  const auto toParams = [&](const std::vector<double>& x) {
    models::Params p = start;
    for (std::size_t k = 0; k < n; ++k)
      p.*(specs[k].member) =
          float(specs[k].minValue + x[k] * (specs[k].maxValue - specs[k].minValue));
    return p;
  };
  std::vector<double> x(n);
  for (std::size_t k = 0; k < n; ++k)
    x[k] = std::clamp((double(start.*(specs[k].member)) - specs[k].minValue) /
                          (specs[k].maxValue - specs[k].minValue),
                      0.0, 1.0);
  CalibrationResult result;
  const auto constraintsNote = [&](std::string name) {
    return constrained ? name +
                             "; the bounds B as inequality constraints, the published "
                             "components as the objective)"
                       : name + ")";
  };
  result.algorithm = options.global ? constraintsNote(
                                          "NLopt GN_ISRES (global evolution strategy over the "
                                          "parameters' whole ranges, fixed seed")
                     : constrained
                         ? constraintsNote("NLopt LN_COBYLA (derivative-free")
                         : "NLopt LN_SBPLX (Subplex: derivative-free, robust to a noisy objective)";
  if (!options.global && options.initialStep != CalibrationOptions{}.initialStep)
    result.algorithm +=
        fmt::format("; first step {:g} of each parameter's range", options.initialStep);
  result.start = evaluate(targets, start, options.evaluation);
  result.best = result.start;
  result.params = start;
  if (options.evaluated) options.evaluated(0, start, &result.start);
  // Positions of the bounds among the components (the same in every evaluation).
  std::vector<std::size_t> bounds;
  for (std::size_t k = 0; k < result.start.components.size(); ++k)
    if (result.start.components[k].bound) bounds.push_back(k);
  int count = 0;
  // With constraints NLopt asks for the objective and then the constraints at the same
  // point: one simulation serves both. (Without, every call simulates, as NLopt counts.)
  struct Context {
    std::function<double(const std::vector<double>&)> f;
    std::function<void(const std::vector<double>&, double*)> constraints;
  };
  std::vector<double> lastX;
  std::optional<Evaluation> last;  // empty: the last point could not be simulated
  const auto evaluateAt = [&](const std::vector<double>& xs) -> const std::optional<Evaluation>& {
    if (constrained && !lastX.empty() && xs == lastX) return last;
    lastX = xs;
    const models::Params p = toParams(xs);
    ++count;
    try {
      last = evaluate(targets, p, options.evaluation);
    } catch (const sim::Cancelled&) {
      throw nlopt::forced_stop();
    } catch (const std::exception& error) {
      // Parameters where a cohort cannot be formed or a statistic is undefined (for
      // example nobody meets an entry condition) are infeasible: a large penalty.
      ++result.infeasible;
      result.lastInfeasible = error.what();
      last.reset();
      if (options.evaluated) options.evaluated(count, p, nullptr);
      if (options.progress) options.progress(count, kInfeasible, result.best.distance);
      return last;
    }
    if (options.evaluated) options.evaluated(count, p, &*last);
    if (better(*last, result.best, constrained)) {
      result.best = *last;
      result.params = p;
      if (options.improved) options.improved(result.params, result.best);
    }
    if (options.progress) options.progress(count, last->distance, result.best.distance);
    return last;
  };
  Context ctx{[&](const std::vector<double>& xs) {
                const auto& e = evaluateAt(xs);
                if (!e) return kInfeasible;
                return constrained ? e->publishedDistance() : e->distance;
              },
              [&](const std::vector<double>& xs, double* margins) {
                const auto& e = evaluateAt(xs);
                for (std::size_t i = 0; i < bounds.size(); ++i)
                  margins[i] = e ? e->components[bounds[i]].margin : 10.0;
              }};
  nlopt::opt opt(options.global ? nlopt::GN_ISRES
                 : constrained  ? nlopt::LN_COBYLA
                                : nlopt::LN_SBPLX,
                 unsigned(n));
  if (options.global) {
    nlopt::srand(kGlobalSearchSeed);  // NLopt's own generator: the same search every run
    if (options.population > 0) opt.set_population(unsigned(options.population));
  }
  opt.set_lower_bounds(std::vector<double>(n, 0.0));
  opt.set_upper_bounds(std::vector<double>(n, 1.0));
  opt.set_initial_step(std::vector<double>(n, options.initialStep));
  opt.set_maxeval(std::max(1, options.budget - 1));
  opt.set_xtol_rel(1e-4);
  if (options.maxSeconds > 0) opt.set_maxtime(options.maxSeconds);
  opt.set_min_objective([](const std::vector<double>& xs, std::vector<double>&,
                           void* data) { return static_cast<Context*>(data)->f(xs); },
                        &ctx);
  if (constrained)
    opt.add_inequality_mconstraint(
        [](unsigned, double* margins, unsigned dim, const double* xs, double*, void* data) {
          static_cast<Context*>(data)->constraints(std::vector<double>(xs, xs + dim), margins);
        },
        &ctx, std::vector<double>(bounds.size(), 0.0));
  double f = 0;
  try {
    const nlopt::result why = opt.optimize(x, f);
    result.stopReason = why == nlopt::MAXEVAL_REACHED   ? "budget used"
                        : why == nlopt::MAXTIME_REACHED ? "time limit"
                                                        : "converged";
  } catch (const nlopt::roundoff_limited&) {
    result.stopReason = "round-off limited";
  } catch (const nlopt::forced_stop&) {
    if (options.evaluation.cancel && options.evaluation.cancel->load()) throw sim::Cancelled();
    result.stopReason = "stopped";
  }
  result.evaluations = count + 1;
  return result;
}

std::string fittedParamsToml(const CalibrationResult& r, const std::vector<std::string>& names) {
  // Every parameter that differs from the built-in default, so that the file alone
  // reproduces the calibrated model; fitted ones are marked.
  const models::Params defaults;
  std::string out = "[params]\n";
  for (const auto& spec : models::parameterTable()) {
    const float v = r.params.*(spec.member);
    const bool fitted = std::find(names.begin(), names.end(), spec.name) != names.end();
    if (!fitted && v == defaults.*(spec.member)) continue;
    out += fmt::format("\"{}\" = {}{}\n", spec.name, double(v), fitted ? "  # fitted" : "");
  }
  return out;
}

}  // namespace painsim::analysis
