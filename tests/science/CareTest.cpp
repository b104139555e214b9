// Care pathways (MODEL.md sections 5 and 6.6): programmes act through their
// mechanisms, more sessions help with diminishing returns, places and waits
// matter, common random numbers make identical arms identical, and simulated
// trials land in the published effect-size bands (priors I1-I4).

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "analysis/Compare.hpp"
#include "sim/Engine.hpp"
#include "sim/ScenarioFile.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim {
namespace {

using test::scenarioFromText;

/// A chronic-pain trial cohort (as scenarios/trials/*.toml) with one arm per programme.
std::string trialCohort(std::int64_t people, int weeks) {
  return fmt::format(R"(
[scenario]
name = "care_test"
seed = 4242
[population]
size = {}
mode = "incident"
entry_min_pain_nrs = 4
entry_unrecovered = true
[[population.episode]]
share = 1.0
weeks = [12, 104]
[simulation]
weeks = {}
[recording]
sample = 0
[report]
weeks = [0, 12]
[[arm]]
name = "control"
[[arm.care]]
programme = "usual_care"
)",
                     people, weeks);
}

std::string programmeArm(const std::string& arm, const std::string& programme,
                         const std::string& extra = "") {
  return fmt::format(R"(
[[arm]]
name = "{}"
[[arm.care]]
programme = "usual_care"
[[arm.care]]
programme = "{}"
{}
)",
                     arm, programme, extra);
}

/// SMD at week 12 of measure `measure` for arm `arm` against the first arm.
using Smds = std::map<std::pair<std::string, std::string>, double>;
Smds smdsAtWeek12(const sim::Scenario& s) {
  const auto c = analysis::compareArms(s, {});
  Smds out;
  for (const auto& r : c.rows)
    if (r.week == 12 && r.statistic == "smd") out[{r.arm, r.measure}] = r.estimate;
  return out;
}

TEST(Care, EachProgrammeMovesItsTargetMechanismsFirst) {
  std::string text = trialCohort(3000, 12);
  for (const char* p : {"cbt", "graded_exposure", "act", "sleep_therapy", "mindfulness"})
    text += programmeArm(p, p);
  const Smds d = smdsAtWeek12(scenarioFromText(text));
  const auto at = [&](const char* arm, const char* m) { return d.at({arm, m}); };
  // CBT: catastrophizing falls, and more than pain.
  EXPECT_LT(at("cbt", "pcs"), 0.0);
  EXPECT_GT(std::abs(at("cbt", "pcs")), 2 * std::abs(at("cbt", "pain_nrs")));
  // Graded exposure: fear of movement falls more than pain.
  EXPECT_LT(at("graded_exposure", "tsk"), 0.0);
  EXPECT_GT(std::abs(at("graded_exposure", "tsk")), std::abs(at("graded_exposure", "pain_nrs")));
  // ACT: acceptance rises; pain moves less than its mechanisms (acceptance,
  // catastrophizing, mood through the direct work on it) and than functioning
  // (I2: RMDQ -0.88 and depression -0.74 against pain -0.45). Anxiety is not
  // compared: in I2 it moves less than pain (-0.35).
  EXPECT_GT(at("act", "acceptance"), 0.0);
  for (const char* m : {"rmdq", "pcs", "acceptance", "phq9"})
    EXPECT_LE(std::abs(at("act", "pain_nrs")), std::abs(at("act", m))) << m;
  // Sleep therapy: sleep improves (PSQI falls) more than pain.
  EXPECT_LT(at("sleep_therapy", "psqi"), 0.0);
  EXPECT_GT(std::abs(at("sleep_therapy", "psqi")), std::abs(at("sleep_therapy", "pain_nrs")));
  // Mindfulness: stress-driven outcomes (sleep, worry) before pain.
  EXPECT_GT(std::abs(at("mindfulness", "psqi")), std::abs(at("mindfulness", "pain_nrs")));
  EXPECT_LT(at("mindfulness", "gad7"), 0.0);
  EXPECT_GT(std::abs(at("mindfulness", "gad7")), std::abs(at("mindfulness", "pain_nrs")));
}

TEST(Care, MoreAttendedSessionsGiveLargerEffectsWithDiminishingReturns) {
  std::string text = trialCohort(3000, 26);
  text += R"(
[programme.cbt_4]
based_on = "cbt"
sessions = 4
[programme.cbt_8]
based_on = "cbt"
sessions = 8
[programme.cbt_16]
based_on = "cbt"
sessions = 16
)";
  for (const char* p : {"cbt_4", "cbt_8", "cbt_16"}) text += programmeArm(p, p);
  sim::Scenario s = scenarioFromText(text);
  s.reportWeeks = {0, 26};
  const auto c = analysis::compareArms(s, {});
  std::map<std::string, double> pcs;
  for (const auto& r : c.rows)
    if (r.week == 26 && r.statistic == "mean_difference" && r.measure == "pcs")
      pcs[r.arm] = -r.estimate;  // improvement
  EXPECT_GT(pcs["cbt_4"], 0.0);
  EXPECT_GT(pcs["cbt_8"], pcs["cbt_4"]);
  EXPECT_GT(pcs["cbt_16"], pcs["cbt_8"]);
  // Per extra session, 8 -> 16 adds less than 4 -> 8.
  EXPECT_LT((pcs["cbt_16"] - pcs["cbt_8"]) / 8, (pcs["cbt_8"] - pcs["cbt_4"]) / 4);
}

/// Weekly waiting-list rows of programme `name` in arm `arm`.
std::map<int, sim::WaitingWeek> waitingOf(const sim::Scenario& s, const sim::RunResult& r,
                                          std::size_t arm, const std::string& name) {
  std::map<int, sim::WaitingWeek> out;
  for (const auto& w : r.arms[arm].waiting)
    if (s.programmes[w.programme].name == name) out[w.week] = w;
  return out;
}

TEST(Care, QueuesGrowWhenDemandExceedsPlacesAndWaitsLengthen) {
  std::string text = trialCohort(2000, 26);
  const std::string referral = "eligible = { pain_nrs = [4, 10] }\nwindow_weeks = 8\n";
  text += programmeArm("unlimited", "cbt", referral);
  // Nearly all 2,000 are referred in week 0: "ample" has places for all of them within
  // five weeks, "scarce" (15 a week) for a fifth of them in the 26 weeks.
  text += programmeArm("ample", "cbt", referral) +
          "[[arm.capacity]]\nprogramme = \"cbt\"\nplaces_per_week = 400\n";
  text += programmeArm("scarce", "cbt", referral) +
          "[[arm.capacity]]\nprogramme = \"cbt\"\nplaces_per_week = 15\n";
  const sim::Scenario s = scenarioFromText(text);
  const sim::RunResult r = sim::runScenario(s);
  const auto unlimited = waitingOf(s, r, 1, "cbt"), ample = waitingOf(s, r, 2, "cbt"),
             scarce = waitingOf(s, r, 3, "cbt");
  EXPECT_EQ(unlimited.at(4).queueLength, 0) << "no list without a limit";
  EXPECT_GT(scarce.at(4).queueLength, ample.at(4).queueLength);
  // Referrals arrive faster than places: the list grows far beyond a week's places
  // and is still long two months later, when the ample list has long emptied.
  EXPECT_GT(scarce.at(2).queueLength, 10 * 15) << "the list grows";
  EXPECT_GT(scarce.at(8).queueLength, 5 * 15);
  EXPECT_LT(ample.at(8).queueLength, scarce.at(8).queueLength / 10);
  std::int64_t started = 0;
  for (const auto& [week, w] : scarce) {
    EXPECT_LE(w.started, 15 + 1) << "week " << week << ": at most the places of a week";
    started += w.started;
  }
  EXPECT_GT(started, 0);
  double scarceWait = 0, ampleWait = 0;
  for (int week = 10; week <= 20; ++week) {
    if (scarce.at(week).started > 0)
      scarceWait = std::max(scarceWait, scarce.at(week).meanWaitDays);
    if (ample.count(week) && ample.at(week).started > 0)
      ampleWait = std::max(ampleWait, ample.at(week).meanWaitDays);
  }
  EXPECT_GT(scarceWait, 28.0) << "late starters waited weeks";
  EXPECT_GT(scarceWait, ampleWait);
}

TEST(Care, LongerWaitsGiveWorseOutcomesForThoseWaiting) {
  // Same people, same programme, everyone treated: only the wait differs.
  std::string text = trialCohort(3000, 26);
  text += programmeArm("prompt", "cbt");
  text += programmeArm("after_12_weeks", "cbt", "referral_delay_days = 84");
  sim::Scenario s = scenarioFromText(text);
  s.reportWeeks = {0, 12, 26};
  const auto c = analysis::compareArms(s, {"prompt", 1, 0, ""});
  for (const auto& r : c.rows)
    if (r.arm == "after_12_weeks" && r.statistic == "mean_difference" && r.week == 12) {
      if (r.measure == "pcs") {
        EXPECT_GT(r.lower, 0.0) << "more catastrophizing while waiting";
      }
      if (r.measure == "pain_nrs") {
        EXPECT_GT(r.estimate, 0.0) << "more pain while waiting";
      }
    }
}

TEST(Care, AnArmIdenticalToTheBaselineGivesExactlyZeroDifferenceForEveryPerson) {
  std::string text = trialCohort(1500, 12);
  text += programmeArm("cbt", "cbt");
  text += programmeArm("cbt_again", "cbt");
  sim::Scenario s = scenarioFromText(text);
  s.recording.sample = -1;
  const sim::RunResult r = sim::runScenario(s);
  ASSERT_EQ(r.arms[1].trajectories.size(), r.arms[2].trajectories.size());
  for (std::size_t k = 0; k < r.arms[1].trajectories.size(); ++k)
    ASSERT_EQ(r.arms[1].trajectories[k], r.arms[2].trajectories[k]) << k;
  EXPECT_EQ(r.arms[1].outcomes.careCost, r.arms[2].outcomes.careCost);
  const auto c = analysis::compareArms(s, {"cbt", 1, 0, ""});
  for (const auto& row : c.rows)
    if (row.arm == "cbt_again" && row.statistic == "mean_difference") {
      EXPECT_EQ(row.estimate, 0.0) << row.measure;
      EXPECT_EQ(row.lower, 0.0) << row.measure;
      EXPECT_EQ(row.upper, 0.0) << row.measure;
    }
}

TEST(Care, ClosedServicesGiveNoSessionsAndLeaveABacklog) {
  std::string text = trialCohort(2000, 30);
  const std::string steps = "eligible = { pain_nrs = [4, 10] }\nwindow_weeks = 26\n";
  const std::string places =
      "[[arm.capacity]]\nprogramme = \"physiotherapy\"\nplaces_per_week = 20\n";
  text += programmeArm("open", "physiotherapy", steps) + places;
  text += programmeArm("closed", "physiotherapy", steps) + places +
          "[[arm.closure]]\nstart_week = 4\nweeks = 12\n";
  const sim::Scenario s = scenarioFromText(text);
  const sim::RunResult r = sim::runScenario(s);
  const auto open = waitingOf(s, r, 1, "physiotherapy"),
             closed = waitingOf(s, r, 2, "physiotherapy");
  for (int week = 5; week <= 16; ++week) EXPECT_EQ(closed.at(week).started, 0) << week;
  EXPECT_GT(closed.at(16).queueLength, open.at(16).queueLength) << "backlog at reopening";
  EXPECT_GT(closed.at(17).started, 0) << "services resume";
}

/// Simulated trials against the published effect sizes. Each component's band is
/// the prior's 95% interval widened by 1.96 times the simulated standard error.
/// Components in kKnownMisses miss at the calibrated defaults: docs/care.md names the
/// mechanism each lacks. Every other component must pass.
TEST(Care, SimulatedTrialsLandInThePublishedEffectSizeBands) {
  const std::set<std::string> kKnownMisses = {
#include "tests/science/CareKnownMisses.inc"
  };
  struct Component {
    const char* trial;
    const char* measure;
    double lo, hi;
  };
  const Component components[] = {
      {"cbt", "pain_nrs", -0.37, -0.05},
      {"cbt", "rmdq", -0.47, -0.04},
      {"cbt", "phq9", -0.57, -0.18},
      {"cbt", "pcs", -0.76, -0.31},
      {"act", "rmdq", -1.14, -0.63},
      {"act", "pain_nrs", -0.62, -0.27},
      {"act", "phq9", -0.98, -0.50},
      {"act", "gad7", -0.54, -0.15},
      {"act", "acceptance", 0.48, 0.87},
      {"mindfulness", "pain_nrs", -0.62, -0.03},
      {"multidisciplinary", "pain_nrs", -0.85, -0.25},  // soft guide I4: -0.55 +- 0.3
      {"multidisciplinary", "rmdq", -0.74, -0.14},      // soft guide I4: -0.44 +- 0.3
  };
  std::map<std::string, analysis::Comparison> trials;
  for (const char* t : {"cbt", "act", "mindfulness", "multidisciplinary"}) {
    sim::Scenario s =
        sim::loadScenario(std::string(PAINSIM_SOURCE_DIR) + "/scenarios/trials/" + t + ".toml",
                          {"population.size=3000"});
    trials[t] = analysis::compareArms(s, {});
  }
  for (const auto& c : components) {
    const std::string key = std::string(c.trial) + "/" + c.measure;
    const analysis::ComparisonRow* row = nullptr;
    for (const auto& r : trials[c.trial].rows)
      if (r.week == 12 && r.statistic == "smd" && r.measure == c.measure) row = &r;
    ASSERT_NE(row, nullptr) << key;
    const double se = (row->upper - row->lower) / (2 * 1.96);
    const bool inside = row->estimate >= c.lo - 1.96 * se && row->estimate <= c.hi + 1.96 * se;
    if (kKnownMisses.count(key)) {
      std::cout << "known miss " << key << ": SMD " << row->estimate << ", band [" << c.lo << ", "
                << c.hi << "]\n";
    } else {
      EXPECT_TRUE(inside) << key << ": SMD " << row->estimate << " (se " << se << "), band ["
                          << c.lo << ", " << c.hi << "]";
    }
  }
}

}  // namespace
}  // namespace painsim
