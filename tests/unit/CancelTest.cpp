// Ctrl-C (RunOptions::cancel) must stop a run in every phase, including the entry of a
// cohort, where each person's episode before day 0 is simulated and rejected people are
// drawn again: at 100,000 people that phase takes minutes, and it used to ignore the flag.
#include <gtest/gtest.h>

#include <atomic>

#include "sim/Engine.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::sim {
namespace {

TEST(Cancel, ACancelledEntryThrowsBeforeGeneratingAnyone) {
  const Scenario s = test::smallScenario(64, 2);
  std::atomic<bool> cancel{true};
  EXPECT_THROW(generateRegion(s, 0, &cancel), Cancelled);
  // The flag is what stops it: the same region is generated when it is not set.
  cancel = false;
  EXPECT_EQ(generateRegion(s, 0, &cancel).people.size(), std::size_t(s.people));
}

TEST(Cancel, ACancelledRunThrowsAndReturnsNothing) {
  const Scenario s = test::smallScenario(64, 2);
  std::atomic<bool> cancel{true};
  RunOptions options;
  options.cancel = &cancel;
  EXPECT_THROW(runScenario(s, options), Cancelled);
}

}  // namespace
}  // namespace painsim::sim
