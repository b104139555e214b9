#include "analysis/Compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <stdexcept>
#include <tuple>

#include "analysis/PairedStatistics.hpp"
#include "sim/Engine.hpp"

namespace painsim::analysis {
namespace {

using M = models::Measure;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Everyone's values of the compared measures on the reporting weeks, per arm.
struct ArmValues {
  std::string name;
  /// values[m][t][i]: compared measure m, reporting week t, person i
  std::vector<std::vector<std::vector<float>>> values;
};

/// The measures recorded for the comparison: the compared ones and in_pain.
std::vector<M> recordedMeasures() {
  std::vector<M> m = comparedMeasures();
  m.push_back(M::kInPain);
  return m;
}

std::vector<ArmValues> simulate(const sim::Scenario& base, std::uint64_t seed, int threads,
                                const std::vector<std::size_t>& regions) {
  sim::Scenario s = base;
  s.seed = seed;
  s.recording.measures = recordedMeasures();
  s.recording.sample = -1;
  s.recording.days.clear();
  for (int w : s.reportWeeks) s.recording.days.push_back(7 * w);
  if (s.recording.days.empty() || s.recording.days.front() != 0)
    s.recording.days.insert(s.recording.days.begin(), 0);
  sim::RunOptions options;
  options.threads = threads;
  options.regions = regions;
  const sim::RunResult r = sim::runScenario(s, options);
  const std::size_t people = r.sampleIds.size(), times = r.days.size();
  const std::size_t measures = s.recording.measures.size();
  std::vector<ArmValues> out;
  for (const auto& arm : r.arms) {
    ArmValues v{arm.name, std::vector<std::vector<std::vector<float>>>(
                              measures, std::vector<std::vector<float>>(times))};
    for (std::size_t m = 0; m < measures; ++m)
      for (std::size_t t = 0; t < times; ++t) {
        auto& x = v.values[m][t];
        x.resize(people);
        for (std::size_t i = 0; i < people; ++i)
          x[i] = arm.trajectories[(m * people + i) * times + t];
      }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<std::uint8_t> asFlags(const std::vector<float>& x) {
  std::vector<std::uint8_t> f(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) f[i] = x[i] > 0.5f ? 1 : 0;
  return f;
}

/// The rows of one replicate (estimates and paired intervals).
std::vector<ComparisonRow> compareOnce(const sim::Scenario& s, const std::vector<ArmValues>& arms,
                                       std::size_t baseline) {
  std::vector<ComparisonRow> rows;
  const auto measures = recordedMeasures();
  const std::size_t inPain = measures.size() - 1;
  const auto& base = arms[baseline];
  // Recording days: 0 first, then the reporting weeks (0 may be among them).
  std::vector<int> weeks = s.reportWeeks;
  const std::size_t offset = (weeks.empty() || weeks.front() != 0) ? 1 : 0;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    if (a == baseline) continue;
    const auto& arm = arms[a];
    for (std::size_t w = 0; w < weeks.size(); ++w) {
      const std::size_t t = w + offset;
      const auto add = [&](std::string_view measure, std::string_view statistic, std::int64_t n,
                           double est, double lo, double hi) {
        rows.push_back({arm.name, weeks[w], std::string(measure), std::string(statistic), n, est,
                        lo, hi, kNaN, kNaN, kNaN});
      };
      for (std::size_t m = 0; m < comparedMeasures().size(); ++m) {
        const auto name = models::measureInfo(measures[m]).name;
        const auto c = comparePaired(arm.values[m][t], base.values[m][t]);
        add(name, "mean_arm", c.n, c.meanArm, kNaN, kNaN);
        add(name, "mean_baseline", c.n, c.meanBaseline, kNaN, kNaN);
        add(name, "mean_difference", c.n, c.meanDifference.estimate, c.meanDifference.lower,
            c.meanDifference.upper);
        add(name, "smd", c.n, c.smd.estimate, c.smd.lower, c.smd.upper);
        if (measures[m] == M::kPainNrs || measures[m] == M::kRmdq) {
          const auto ra = responders(arm.values[m][0], arm.values[m][t], 0.3);
          const auto rb = responders(base.values[m][0], base.values[m][t], 0.3);
          const auto p = comparePairedProportions(ra, rb);
          add(name, "responders_arm", p.n, p.arm.estimate, p.arm.lower, p.arm.upper);
          add(name, "responders_baseline", p.n, p.baseline.estimate, p.baseline.lower,
              p.baseline.upper);
          add(name, "responder_difference", p.n, p.difference.estimate, p.difference.lower,
              p.difference.upper);
        }
      }
      const auto p =
          comparePairedProportions(asFlags(arm.values[inPain][t]), asFlags(base.values[inPain][t]));
      add("in_pain", "share_arm", p.n, p.arm.estimate, p.arm.lower, p.arm.upper);
      add("in_pain", "share_baseline", p.n, p.baseline.estimate, p.baseline.lower,
          p.baseline.upper);
      add("in_pain", "share_difference", p.n, p.difference.estimate, p.difference.lower,
          p.difference.upper);
    }
  }
  return rows;
}

std::string number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "NA"; }

std::string jsonNumber(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "null"; }

}  // namespace

const std::vector<models::Measure>& comparedMeasures() {
  static const std::vector<M> m = {M::kPainNrs,    M::kRmdq,        M::kPcs,     M::kTsk,
                                   M::kPhq9,       M::kGad7,        M::kPsqi,    M::kPseq,
                                   M::kAcceptance, M::kDaysOffWork, M::kCareCost};
  return m;
}

Comparison compareArms(const sim::Scenario& s, const CompareOptions& o) {
  if (s.arms.size() < 2)
    throw std::invalid_argument("compare needs at least two arms; the scenario has one");
  std::size_t baseline = 0;
  if (!o.baseline.empty()) {
    const auto it = std::find_if(s.arms.begin(), s.arms.end(),
                                 [&](const sim::Arm& a) { return a.name == o.baseline; });
    if (it == s.arms.end()) {
      std::string names;
      for (const auto& a : s.arms) names += (names.empty() ? "" : ", ") + a.name;
      throw std::invalid_argument(
          fmt::format("--baseline: no arm named '{}'; the arms are {}", o.baseline, names));
    }
    baseline = std::size_t(it - s.arms.begin());
  }
  Comparison c;
  c.scenario = s.name;
  c.baseline = s.arms[baseline].name;
  c.replicates = std::max(1, o.replicates);
  c.people = s.people;
  std::vector<std::size_t> regions;
  if (!o.region.empty()) {
    std::string names;
    for (std::size_t g = 0; g < s.regions.size(); ++g) {
      names += (names.empty() ? "" : ", ") + s.regions[g].name;
      if (s.regions[g].name == o.region) regions.push_back(g);
    }
    if (regions.empty())
      throw std::invalid_argument(
          fmt::format("--region: no region named '{}'; the regions are {}", o.region, names));
    c.region = o.region;
    c.people = s.regions[regions[0]].people;
  }
  std::vector<std::vector<ComparisonRow>> replicate;
  for (int r = 0; r < c.replicates; ++r) {
    c.seeds.push_back(replicateSeed(s.seed, r));
    replicate.push_back(compareOnce(s, simulate(s, c.seeds.back(), o.threads, regions), baseline));
  }
  c.rows = replicate.front();  // a copy: the replicate estimates below include seed 0
  if (c.replicates > 1)
    for (std::size_t k = 0; k < c.rows.size(); ++k) {
      std::vector<double> estimates;
      for (const auto& rows : replicate) estimates.push_back(rows[k].estimate);
      const Interval i = replicateInterval(estimates);
      c.rows[k].replicateMean = i.estimate;
      c.rows[k].replicateLower = i.lower;
      c.rows[k].replicateUpper = i.upper;
    }
  return c;
}

std::string comparisonCsv(const Comparison& c) {
  std::string out =
      "arm,baseline,week,measure,statistic,n,estimate,lower,upper,replicates,replicate_mean,"
      "replicate_lower,replicate_upper\n";
  for (const auto& r : c.rows)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r.arm, c.baseline, r.week,
                       r.measure, r.statistic, r.n, number(r.estimate), number(r.lower),
                       number(r.upper), c.replicates, number(r.replicateMean),
                       number(r.replicateLower), number(r.replicateUpper));
  return out;
}

std::string comparisonJson(const Comparison& c) {
  std::string seeds;
  for (auto s : c.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  std::string out = fmt::format(
      "{{\n  \"scenario\": \"{}\",\n  \"baseline\": \"{}\",\n  \"region\": \"{}\",\n  "
      "\"people\": {},\n  \"replicates\": {},\n  \"seeds\": [{}],\n  \"rows\": [\n",
      c.scenario, c.baseline, c.region, c.people, c.replicates, seeds);
  for (std::size_t k = 0; k < c.rows.size(); ++k) {
    const auto& r = c.rows[k];
    out += fmt::format(
        "    {{\"arm\": \"{}\", \"week\": {}, \"measure\": \"{}\", \"statistic\": \"{}\", \"n\": "
        "{}, "
        "\"estimate\": {}, \"lower\": {}, \"upper\": {}, \"replicate_mean\": {}, "
        "\"replicate_lower\": {}, \"replicate_upper\": {}}}{}\n",
        r.arm, r.week, r.measure, r.statistic, r.n, jsonNumber(r.estimate), jsonNumber(r.lower),
        jsonNumber(r.upper), jsonNumber(r.replicateMean), jsonNumber(r.replicateLower),
        jsonNumber(r.replicateUpper), k + 1 < c.rows.size() ? "," : "");
  }
  return out + "  ]\n}\n";
}

std::string comparisonTable(const Comparison& c) {
  // One block per arm: per week and measure, mean difference and SMD with intervals.
  std::map<std::tuple<std::string, int, std::string, std::string>, const ComparisonRow*> at;
  std::vector<std::string> arms;
  std::vector<int> weeks;
  for (const auto& r : c.rows) {
    at[{r.arm, r.week, r.measure, r.statistic}] = &r;
    if (std::find(arms.begin(), arms.end(), r.arm) == arms.end()) arms.push_back(r.arm);
    if (std::find(weeks.begin(), weeks.end(), r.week) == weeks.end()) weeks.push_back(r.week);
  }
  const auto interval = [](const ComparisonRow* r, int digits) {
    return fmt::format("{:.{}f} ({:.{}f} to {:.{}f})", r->estimate, digits, r->lower, digits,
                       r->upper, digits);
  };
  std::string out = fmt::format(
      "Arms against '{}' on the same {} people{} (paired by person); 95% intervals{}\n", c.baseline,
      c.people, c.region.empty() ? std::string{} : " of region " + c.region,
      c.replicates > 1 ? fmt::format("; [between {} replicates]", c.replicates) : std::string{});
  for (const auto& arm : arms) {
    out += fmt::format("\n{} vs {}\n", arm, c.baseline);
    out += fmt::format("{:>4}  {:<14} {:>8} {:>8}  {:<30} {:<26}{}\n", "week", "measure", "arm",
                       "base", "mean difference", "SMD",
                       c.replicates > 1 ? "  difference [replicates]" : "");
    for (int w : weeks) {
      for (const auto m : comparedMeasures()) {
        const std::string name(models::measureInfo(m).name);
        const auto* d = at[{arm, w, name, "mean_difference"}];
        if (!d) continue;
        const auto* g = at[{arm, w, name, "smd"}];
        const int digits = m == M::kCareCost ? 0 : 2;
        out += fmt::format("{:>4}  {:<14} {:>8.{}f} {:>8.{}f}  {:<30} {:<26}", w, name,
                           at[{arm, w, name, "mean_arm"}]->estimate, digits,
                           at[{arm, w, name, "mean_baseline"}]->estimate, digits,
                           interval(d, digits), interval(g, 2));
        if (c.replicates > 1)
          out += fmt::format("  [{:.{}f} to {:.{}f}]", d->replicateLower, digits, d->replicateUpper,
                             digits);
        out += "\n";
      }
      for (const std::string name : {"pain_nrs", "rmdq"}) {
        const auto* r = at[{arm, w, name, "responder_difference"}];
        if (r && w > 0)
          out += fmt::format("{:>4}  {:<14} {:>7.1f}% {:>7.1f}%  {}\n", w, name + " >=30%",
                             100 * at[{arm, w, name, "responders_arm"}]->estimate,
                             100 * at[{arm, w, name, "responders_baseline"}]->estimate,
                             fmt::format("{:+.1f} ({:+.1f} to {:+.1f}) points", 100 * r->estimate,
                                         100 * r->lower, 100 * r->upper));
      }
      const auto* p = at[{arm, w, "in_pain", "share_difference"}];
      if (p)
        out += fmt::format("{:>4}  {:<14} {:>7.1f}% {:>7.1f}%  {}\n", w, "in pain",
                           100 * at[{arm, w, "in_pain", "share_arm"}]->estimate,
                           100 * at[{arm, w, "in_pain", "share_baseline"}]->estimate,
                           fmt::format("{:+.1f} ({:+.1f} to {:+.1f}) points", 100 * p->estimate,
                                       100 * p->lower, 100 * p->upper));
    }
  }
  out +=
      "\nmean difference = arm - baseline (negative: less pain, disability, catastrophizing, "
      "fear, depression, anxiety, poor sleep, days off, cost; positive pseq: more "
      "self-efficacy); SMD = difference / pooled sd; >=30%: share improved by at least 30% "
      "since week 0; in pain: NRS >= 1\n";
  return out;
}

}  // namespace painsim::analysis
