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

sim::Scenario networkScenario(const std::vector<std::string>& sets = {}) {
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
measures = ["support_autonomy", "depression", "pain_latent", "pcs"]
[[arm]]
name = "none"
)",
                                sets);
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

}  // namespace
}  // namespace painsim
