// Behaviours the model must show (MODEL.md section 6). Thresholds are
// qualitative (signs, orderings, "most" and "a minority"), never numbers
// copied from a run. The published natural history (6.3) is checked against
// the calibration targets by `painsim validate` (ValidateTest below).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "models/Baseline.hpp"
#include "models/CoreModel.hpp"
#include "models/Measures.hpp"
#include "sim/Engine.hpp"
#include "sim/Individual.hpp"
#include "sim/Rng.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

using sim::kAvoider;
using sim::kConfronter;
using sim::kStressfulMonth;
using sim::kTippingDays;
using sim::kVulnerable;

struct PathOutcome {
  double painWeek0 = 0, painEnd = 0, fearEnd = 0, activityEnd = 0, capacityEnd = 0, rmdqEnd = 0,
         sensitizationEnd = 0, inPainEnd = 0;
  double recovered = 0;  // share with a sustained recovery (NRS 0) by the end
};

/// The same injuries and random events (person ids 0..n-1 of one seed), lived with
/// the given profile for `days` days (sim::profilePaths), as means over people.
PathOutcome livePath(const sim::Profile& profile, int people, int days,
                     const std::vector<sim::Stressor>& stressors = {},
                     std::vector<std::uint8_t>* inPainByPerson = nullptr) {
  constexpr std::uint64_t kSeed = 2024;
  PathOutcome out;
  for (const sim::PathEnd& e :
       sim::profilePaths(models::Params{}, profile, people, days, kSeed, stressors)) {
    out.painWeek0 += e.painWeek0;
    out.painEnd += e.painNrs;
    out.inPainEnd += e.painNrs >= 1.f ? 1 : 0;
    if (inPainByPerson) inPainByPerson->push_back(e.painNrs >= 1.f ? 1 : 0);
    out.fearEnd += e.fear;
    out.activityEnd += e.activity;
    out.capacityEnd += e.capacity;
    out.rmdqEnd += e.rmdq;
    out.sensitizationEnd += e.sensitization;
    out.recovered += e.recovered ? 1 : 0;
  }
  for (double* v : {&out.painWeek0, &out.painEnd, &out.fearEnd, &out.activityEnd, &out.capacityEnd,
                    &out.rmdqEnd, &out.sensitizationEnd, &out.inPainEnd, &out.recovered})
    *v /= people;
  return out;
}

}  // namespace

// MODEL.md 6.1: same injury, same random events; the confronter recovers, the
// avoider develops persistent pain, fear, avoidance and disability.
TEST(Science, TwoPathsFromTheSameInjuryDiverge) {
  const PathOutcome confronter = livePath(kConfronter, 2000, 182);
  const PathOutcome avoider = livePath(kAvoider, 2000, 182);
  EXPECT_GT(confronter.recovered, 0.5) << "most confronters recover";
  EXPECT_LT(avoider.recovered, 0.5) << "most avoiders do not";
  EXPECT_LT(avoider.recovered, 0.75 * confronter.recovered);
  EXPECT_GT(avoider.painEnd, confronter.painEnd + 0.5) << "NRS points";
  EXPECT_GT(avoider.fearEnd, confronter.fearEnd + 0.1) << "fear persists without exposure";
  EXPECT_LT(avoider.activityEnd, confronter.activityEnd) << "avoidance";
  EXPECT_LT(avoider.capacityEnd, confronter.capacityEnd) << "disuse";
  EXPECT_GT(avoider.rmdqEnd, confronter.rmdqEnd + 2.0) << "disability, RMDQ points";
}

/// Paired difference in the share in pain at the end (stressed minus not), and its
/// standard error sqrt(b + c) / n from the discordant pairs (McNemar).
std::pair<double, double> pairedDifference(const std::vector<std::uint8_t>& without,
                                           const std::vector<std::uint8_t>& with) {
  double b = 0, c = 0;
  for (std::size_t i = 0; i < with.size(); ++i) {
    b += with[i] && !without[i] ? 1 : 0;
    c += !with[i] && without[i] ? 1 : 0;
  }
  const auto n = double(with.size());
  return {(b - c) / n, std::sqrt(b + c) / n};
}

// What the calibrated model does show: a stressful month (from week 4) leaves a mark
// four months after it ended, through central sensitization, and the mark is larger
// for a vulnerable person than for a resilient one.
TEST(Science, AStressfulMonthLeavesALastingMarkLargerInTheVulnerable) {
  constexpr int kPeople = 4000;
  std::vector<std::uint8_t> v0, v1, r0, r1;
  const PathOutcome vulnerable = livePath(kVulnerable, kPeople, kTippingDays, {}, &v0);
  const PathOutcome vulnerableStressed =
      livePath(kVulnerable, kPeople, kTippingDays, {kStressfulMonth}, &v1);
  livePath(kConfronter, kPeople, kTippingDays, {}, &r0);
  livePath(kConfronter, kPeople, kTippingDays, {kStressfulMonth}, &r1);
  const auto [dv, sev] = pairedDifference(v0, v1);
  const auto [dr, ser] = pairedDifference(r0, r1);
  EXPECT_GT(dv, 3 * sev) << "more vulnerable people in pain months after the stressor";
  EXPECT_GT(vulnerableStressed.sensitizationEnd, vulnerable.sensitizationEnd)
      << "through central sensitization, which outlasts the stressor";
  EXPECT_GT(dv, dr) << "the mark is larger in the vulnerable";
}

// MODEL.md 6.2 as written: a temporary stressor TIPS a vulnerable person into a
// persistent state (bistability), while a resilient person is barely moved. The
// calibration carries this as target B2 (a bound in its distance); the stage 1-3
// defaults did not show it (a stressor added the same few points to everyone), and the
// test was disabled until a fit kept it (docs/calibration.md, stages 8 to 10).
TEST(Science, ATemporaryStressorTipsTheVulnerableButNotTheResilient) {
  constexpr int kPeople = 4000;
  std::vector<std::uint8_t> v0, v1, r0, r1;
  livePath(kVulnerable, kPeople, kTippingDays, {}, &v0);
  livePath(kVulnerable, kPeople, kTippingDays, {kStressfulMonth}, &v1);
  livePath(kConfronter, kPeople, kTippingDays, {}, &r0);
  livePath(kConfronter, kPeople, kTippingDays, {kStressfulMonth}, &r1);
  const double dv = pairedDifference(v0, v1).first, dr = pairedDifference(r0, r1).first;
  std::cout << "tipped by the stressful month: vulnerable " << dv << ", resilient " << dr << "\n";
  EXPECT_GT(dv, 0.10) << "a tipped share, not a nudge";
  EXPECT_LT(dr, 0.25 * dv) << "the resilient mostly shrug it off";
}

// MODEL.md 6.5: every recorded measure stays in its range, no NaN, for random
// parameter sets drawn from the whole of each parameter's allowed range, in both
// population modes.
TEST(Science, StatesStayInRangeForRandomParametersAndPeople) {
  std::mt19937 gen(12345);
  for (int draw = 0; draw < 6; ++draw) {
    sim::Scenario s = smallScenario(3000, 26, 100 + std::uint64_t(draw));
    s.recording.cadence = sim::Cadence::kDaily;
    if (draw % 2 == 1) {
      s.population.mode = sim::PopulationSpec::Mode::kGeneral;
      s.population.burnInDays = 56;
    }
    for (const auto& spec : models::parameterTable()) {
      std::uniform_real_distribution<double> u(spec.minValue, spec.maxValue);
      s.params.*(spec.member) = float(u(gen));
    }
    const sim::RunResult r = sim::runScenario(s);
    const std::size_t times = r.days.size(), people = r.sampleIds.size();
    for (const auto& arm : r.arms) {
      for (std::size_t m = 0; m < s.recording.measures.size(); ++m) {
        const auto measure = s.recording.measures[m];
        const auto [lo, hi] = measureRange(measure);
        for (std::size_t i = 0; i < people * times; ++i) {
          const float v = arm.trajectories[m * people * times + i];
          ASSERT_TRUE(std::isfinite(v)) << models::measureInfo(measure).name << " draw " << draw;
          ASSERT_GE(v, lo) << models::measureInfo(measure).name << " draw " << draw;
          ASSERT_LE(v, hi) << models::measureInfo(measure).name << " draw " << draw;
        }
      }
    }
  }
}

// The general population: episodes start by the incidence hazard, so prevalence
// rises from (almost) nobody in pain, and more incidence means more prevalence.
TEST(Science, GeneralPopulationPrevalenceFollowsIncidence) {
  const auto prevalence = [](float incidence) {
    sim::Scenario s = smallScenario(4000, 26, 9);
    s.population.mode = sim::PopulationSpec::Mode::kGeneral;
    s.population.burnInDays = 0;
    s.params.incidencePerYear = incidence;
    s.recording.sample = 0;
    s.arms.resize(1);
    const sim::RunResult r = sim::runScenario(s);
    return std::pair{summaryOf(r, s, 0, models::Measure::kInPain, 0).mean,
                     summaryOf(r, s, 0, models::Measure::kInPain, 26).mean};
  };
  const auto [low0, low26] = prevalence(0.2f);
  const auto [high0, high26] = prevalence(1.0f);
  EXPECT_LT(low0, 0.05) << "nobody starts with an episode";
  EXPECT_GT(low26, low0) << "episodes start over time";
  EXPECT_GT(high26, low26) << "more incidence, more prevalence";
}

// Entry by episode duration: a persistent cohort (12-51 weeks since onset, not
// recovered) is in more pain and more sensitized at entry than an acute one.
TEST(Science, PersistentCohortEntersMoreSensitizedThanAnAcuteOne) {
  sim::Scenario acute = smallScenario(3000, 6, 5);
  acute.recording.sample = 0;
  acute.arms.resize(1);
  acute.population.entryMinPainNrs = 3;
  sim::Scenario persistent = acute;
  persistent.population.episode = {{1.0, 84, 357}};
  persistent.population.entryUnrecovered = true;
  const auto ra = sim::runScenario(acute), rp = sim::runScenario(persistent);
  EXPECT_GT(summaryOf(rp, persistent, 0, models::Measure::kSensitization, 0).mean,
            summaryOf(ra, acute, 0, models::Measure::kSensitization, 0).mean);
  EXPECT_GE(summaryOf(rp, persistent, 0, models::Measure::kPainNrs, 0).p10, 3.0)
      << "entry condition holds for everyone";
  EXPECT_GT(summaryOf(rp, persistent, 0, models::Measure::kCapacity, 0).mean, 0.0);
  EXPECT_LT(summaryOf(rp, persistent, 0, models::Measure::kCapacity, 0).mean,
            summaryOf(ra, acute, 0, models::Measure::kCapacity, 0).mean)
      << "months of avoidance decondition";
}

// Care-seeking (docs/model.md 6.2): of the people early in an episode, those who consult
// are in more pain and heal more slowly than everyone in the episode; the stronger the
// pull of pain, the stronger the selection. Nothing else differs between the runs.
TEST(Science, ThoseWhoConsultAreInMorePainAndRecoverMoreSlowly) {
  sim::Scenario everyone = smallScenario(4000, 26, 17);
  everyone.recording.sample = 0;
  everyone.arms.resize(1);
  everyone.population.episode = {{1.0, 0, 13}};
  everyone.population.entryMinPainNrs = 1;
  sim::Scenario consulting = everyone;
  consulting.population.careSeeking = true;
  consulting.params.careseekPainLogRr = 0.3f;
  consulting.params.careseekDisabilityLogRr = 0.f;
  sim::Scenario stronger = consulting;
  stronger.params.careseekPainLogRr = 0.45f;
  const auto pain = [](const sim::Scenario& s, std::size_t week) {
    const sim::RunResult r = sim::runScenario(s);
    return std::pair{summaryOf(r, s, 0, models::Measure::kPainNrs, 0).mean,
                     summaryOf(r, s, 0, models::Measure::kPainNrs, week).mean};
  };
  const auto [all0, all12] = pain(everyone, 12);
  const auto [con0, con12] = pain(consulting, 12);
  const auto [str0, str12] = pain(stronger, 12);
  EXPECT_GT(con0, all0 + 0.5) << "consulters report more pain on the day";
  EXPECT_GT(str0, con0) << "a stronger pull of pain selects more";
  EXPECT_GT(con12, all12) << "and are still in more pain twelve weeks on";
  // Disability pulls too, beyond pain.
  sim::Scenario disabled = consulting;
  disabled.params.careseekDisabilityLogRr = 0.2f;
  // Both slopes together make consulting rare early in an episode (the chance is 1 only
  // at NRS 10 and RMDQ 24), so some people need more than the default 400 candidates.
  disabled.population.maxAttempts = 4000;
  const sim::RunResult rc = sim::runScenario(consulting), rd = sim::runScenario(disabled);
  EXPECT_GT(summaryOf(rd, disabled, 0, models::Measure::kRmdq, 0).mean,
            summaryOf(rc, consulting, 0, models::Measure::kRmdq, 0).mean);
}

// The active arm acts through its mechanisms (activity quotas, and through them
// capacity), and its effect on pain is small, as published effects of single
// programmes are (MODEL.md section 5).
TEST(Science, GradedActivityWorksThroughActivityAndCapacityNotPain) {
  sim::Scenario s = smallScenario(20000, 12, 55);
  s.recording.sample = 0;
  const sim::RunResult r = sim::runScenario(s);
  const auto stat = [&](std::size_t arm, models::Measure m, std::size_t t) {
    return summaryOf(r, s, arm, m, t);
  };
  const std::size_t week4 = 4;
  EXPECT_GT(stat(1, models::Measure::kActivity, week4).mean,
            stat(0, models::Measure::kActivity, week4).mean);
  EXPECT_GT(stat(1, models::Measure::kCapacity, week4).mean,
            stat(0, models::Measure::kCapacity, week4).mean);
  const auto painUc = stat(0, models::Measure::kPainNrs, week4);
  const auto painGa = stat(1, models::Measure::kPainNrs, week4);
  const double smd = (painGa.mean - painUc.mean) / painUc.sd;
  EXPECT_LT(std::abs(smd), 0.4) << "single-programme effects on pain are small";
}

// MODEL.md 6.3 and 6.6: the default parameters against the published targets C1-C13
// and the intervention priors I1-I2 (simulated trials of CBT and ACT), and the
// required behaviours B1-B2 as the calibration carries them (bounds; their people do
// not depend on --patients, so they are never widened).
// 8,000 people per cohort keeps CI fast; each band is widened by
// t(0.975, 9) se sqrt(1 - 8000/100000) (se from ten groups), the extra sampling error of the
// smaller cohort relative to the 100,000 at which the bands apply (docs/calibration.md). That
// is a 95% screen per component: with some sixty components, one of those at its band's edge
// can fall outside by sampling alone. A component that fails the screen is therefore checked
// again where the claim is made, at 100,000 people without widening (validate --only its
// target); it must pass there. Not every target is met yet: the components listed in
// kKnownMisses miss their band at 100,000 people and docs/calibration.md names the mechanism
// each one lacks. Every other component must pass.
namespace {
struct ValidateRow {
  std::string key, line, widening, result;
};
std::vector<ValidateRow> validateRows(const std::string& args, const std::string& dir) {
  const auto r = runPainsim("validate " + args + " --format csv", dir);
  EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 3) << r.output;
  std::istringstream in(r.output);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "target,component,value,lower,upper,simulated,standard_error,widening,pass");
  std::vector<ValidateRow> rows;
  while (std::getline(in, line)) {
    const auto f = csvFields(line);
    EXPECT_EQ(f.size(), 9u) << line;
    if (f.size() == 9u) rows.push_back({f[0] + "/" + f[1], line, f[7], f[8]});
  }
  return rows;
}
}  // namespace

TEST(Science, ValidateMeetsThePublishedTargetsNotListedAsKnownMisses) {
  const std::set<std::string> kKnownMisses = {
#include "tests/science/KnownMisses.inc"
  };
  TempDir dir;
  const auto screen = validateRows("--patients 8000", dir.path());
  EXPECT_EQ(screen.size(), 69u)
      << "every component of C1-C13, I1-I2 and the bounds B1-B2 is reported";
  std::set<std::string> recheck;  // components outside their widened band at 8,000
  std::set<std::string> targets;  // their targets, for --only
  for (const auto& row : screen) {
    if (kKnownMisses.count(row.key) || row.result == "pass") continue;
    recheck.insert(row.key);
    targets.insert(row.key.substr(0, row.key.find('/')));
  }
  if (recheck.empty()) return;
  std::string only;
  for (const auto& target : targets) only += (only.empty() ? "" : ",") + target;
  const auto full = validateRows("--patients 100000 --only " + only, dir.path());
  std::size_t confirmed = 0;
  for (const auto& row : full) {
    if (!recheck.count(row.key)) continue;
    ++confirmed;
    EXPECT_EQ(row.widening, "0") << "the reference size is not widened: " << row.line;
    EXPECT_EQ(row.result, "pass") << "outside its band at 100,000 people: " << row.line;
  }
  EXPECT_EQ(confirmed, recheck.size()) << "every component that failed the screen is rechecked";
}

}  // namespace painsim::test
