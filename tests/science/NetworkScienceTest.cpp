// Support through a social network (docs/network.md): ties carry support, and
// without them vulnerable people fare worse; results stay identical for any
// thread count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/Engine.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim {
namespace {

constexpr const char* kNoCare = "[[arm]]\nname = \"none\"\n";

/// A general population of 4,000 with a social network; `measures` recorded for
/// everyone, `arms` as TOML.
sim::Scenario networkScenario(
    const std::vector<std::string>& sets = {},
    const std::string& measures = R"(["support_autonomy", "depression", "pain_latent", "pcs"])",
    const std::string& arms = kNoCare) {
  return test::scenarioFromText(R"([scenario]
name = "ties"
seed = 808
[population]
size = 4000
mode = "general"
burn_in_weeks = 8
[network]
enabled = true
[simulation]
weeks = 26
[recording]
sample = "all"
)" + std::string("measures = ") + measures +
                                    "\n" + arms,
                                sets);
}

/// Social prescribing for everyone in pain at week 0, beside no care; the measures
/// the tests of ties below read.
sim::Scenario tiesScenario(const std::vector<std::string>& sets = {}) {
  return networkScenario(sets,
                         R"(["support_solicitous", "activity", "support_autonomy", "pain_latent"])",
                         std::string(kNoCare) + R"([[arm]]
name = "social"
[[arm.care]]
programme = "social_prescribing"
window_weeks = 2
eligible = { pain_nrs = [1, 10] }
)");
}

TEST(NetworkScience, WithoutTiesSupportFallsAndVulnerablePeopleFareWorse) {
  const sim::Scenario with = networkScenario();
  const sim::Scenario without =
      networkScenario({"params.network.household_strength=0", "params.network.friend_strength=0"});
  const sim::RunResult a = sim::runScenario(with), b = sim::runScenario(without);
  const std::size_t people = a.sampleIds.size(), times = a.days.size(), last = times - 1;
  const auto value = [&](const sim::RunResult& r, std::size_t m, std::size_t i, std::size_t t) {
    return double(r.arms[0].trajectories[(m * people + i) * times + t]);
  };
  // Vulnerable: catastrophizing in the top quarter at day 0 (the same people in both runs).
  std::vector<double> pcs0;
  for (std::size_t i = 0; i < people; ++i) pcs0.push_back(value(a, 3, i, 0));
  std::vector<double> sorted = pcs0;
  std::sort(sorted.begin(), sorted.end());
  const double cut = sorted[3 * people / 4];
  double supportWith = 0, supportWithout = 0, depWith = 0, depWithout = 0;
  std::size_t vulnerable = 0;
  for (std::size_t i = 0; i < people; ++i) {
    supportWith += value(a, 0, i, last);
    supportWithout += value(b, 0, i, last);
    if (pcs0[i] < cut) continue;
    ++vulnerable;
    depWith += value(a, 1, i, last);
    depWithout += value(b, 1, i, last);
  }
  ASSERT_GT(vulnerable, people / 5);
  EXPECT_LT(supportWithout, 0.5 * supportWith) << "ties are where support comes from";
  EXPECT_GT(depWithout / double(vulnerable), depWith / double(vulnerable))
      << "isolation lowers mood in the vulnerable";
}

TEST(NetworkScience, ResultsWithANetworkAreIdenticalForAnyThreadCount) {
  const sim::Scenario s = networkScenario({"population.size=3000"});
  sim::RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const sim::RunResult a = sim::runScenario(s, one), b = sim::runScenario(s, two);
  ASSERT_EQ(a.arms[0].trajectories.size(), b.arms[0].trajectories.size());
  for (std::size_t k = 0; k < a.arms[0].trajectories.size(); ++k)
    ASSERT_EQ(a.arms[0].trajectories[k], b.arms[0].trajectories[k]) << k;
}

/// Mean of measure m on the last day over people in pain on day 0 (latent pain > 0.2).
double meanInPain(const sim::RunResult& r, std::size_t arm, std::size_t m) {
  const std::size_t people = r.sampleIds.size(), times = r.days.size();
  const auto& x = r.arms[arm].trajectories;
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < people; ++i) {
    if (x[(3 * people + i) * times] <= 0.2f) continue;
    sum += x[(m * people + i) * times + times - 1];
    ++n;
  }
  return sum / double(n);
}

TEST(NetworkScience, SolicitousTiesRaiseAvoidanceAutonomySupportDoesNot) {
  const sim::RunResult low =
      sim::runScenario(tiesScenario({"params.support.solicitousness_mean=0.1"}));
  const sim::RunResult high =
      sim::runScenario(tiesScenario({"params.support.solicitousness_mean=0.7"}));
  EXPECT_GT(meanInPain(high, 0, 0), meanInPain(low, 0, 0)) << "more solicitous support";
  EXPECT_LT(meanInPain(high, 0, 1), meanInPain(low, 0, 1)) << "less activity";
  const sim::RunResult weak = sim::runScenario(tiesScenario({"params.support.network_mean=0.3"}));
  const sim::RunResult strong = sim::runScenario(tiesScenario({"params.support.network_mean=0.9"}));
  EXPECT_GT(meanInPain(strong, 0, 2), meanInPain(weak, 0, 2)) << "more autonomy support";
  EXPECT_GE(meanInPain(strong, 0, 1), meanInPain(weak, 0, 1)) << "and no less activity";
}

TEST(NetworkScience, SocialPrescribingAddsTiesAndSupport) {
  const sim::RunResult r = sim::runScenario(tiesScenario());
  const sim::RunResult noTies =
      sim::runScenario(tiesScenario({"programme.social_prescribing.new_ties=0"}));
  // Support in the social arm exceeds no care, and the new ties are part of it.
  EXPECT_GT(meanInPain(r, 1, 2), meanInPain(r, 0, 2));
  EXPECT_GT(meanInPain(r, 1, 2), meanInPain(noTies, 1, 2));
  EXPECT_EQ(meanInPain(r, 0, 2), meanInPain(noTies, 0, 2)) << "no care: no new ties";
}

}  // namespace
}  // namespace painsim
