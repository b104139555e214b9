// The social network generator (sim/Network.hpp): household sizes, degree and
// clustering match their parameters within sampling error; ties are symmetric;
// networks are deterministic and keyed by region.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/CoreModel.hpp"
#include "sim/Network.hpp"

namespace painsim::sim {
namespace {

TEST(Network, HouseholdSizesFollowTheirShares) {
  const models::Params p;
  const std::size_t n = 200000;
  const auto id = households(p, 11, 0, n);
  std::map<std::uint32_t, int> size;
  for (auto h : id) ++size[h];
  std::array<double, 5> count{};
  for (const auto& [h, s] : size)
    if (h + 1 < size.size()) ++count[std::size_t(s - 1)];  // the last household may be cut short
  const double households = count[0] + count[1] + count[2] + count[3] + count[4];
  const std::array<double, 5> shares = {p.householdShare1, p.householdShare2, p.householdShare3,
                                        p.householdShare4, p.householdShare5};
  double total = 0;
  for (double s : shares) total += s;
  for (std::size_t k = 0; k < 5; ++k) {
    const double expected = shares[k] / total;
    const double se = std::sqrt(expected * (1 - expected) / households);
    EXPECT_NEAR(count[k] / households, expected, 4 * se) << "size " << k + 1;
  }
  // Households are contiguous runs of ids.
  for (std::size_t i = 1; i < n; ++i) EXPECT_LE(id[i] - id[i - 1], 1u);
}

TEST(Network, FriendLayerKeepsTheMeanDegreeAndItsClusteringFallsAsOneMinusPCubed) {
  // Watts-Strogatz: ring lattice with k neighbours has clustering 3(k-2)/(4(k-1));
  // rewiring a share p of ties leaves about (1-p)^3 of it (Barrat & Weigt 2000).
  models::Params p;
  p.householdTieStrength = 0.f;  // the friend layer alone
  const std::size_t n = 20000;
  for (const float rewire : {0.f, 0.1f, 0.3f}) {
    p.networkRewire = rewire;
    const auto ties = friendTies(p, 5, 0, n);
    EXPECT_EQ(ties.size(), n * 3) << "mean degree 6 whatever the rewiring";
    const SocialNetwork net = buildNetwork(p, 5, 0, n);
    const double lattice = 3.0 * (6 - 2) / (4.0 * (6 - 1));
    const double expected = lattice * std::pow(1.0 - rewire, 3);
    EXPECT_NEAR(meanClustering(net.ties), expected, 0.02) << "rewire " << rewire;
  }
}

TEST(Network, TiesAreSymmetricWithoutSelfTiesAndHouseholdsAreFullyTied) {
  const models::Params p;
  const SocialNetwork net = buildNetwork(p, 3, 0, 5000);
  const TieMatrix t = net.ties.transpose();
  EXPECT_TRUE(net.ties.isApprox(t));
  for (std::int32_t i = 0; i < net.ties.outerSize(); ++i)
    for (TieMatrix::InnerIterator it(net.ties, i); it; ++it) {
      EXPECT_NE(it.col(), i);
      if (net.household[std::size_t(i)] == net.household[std::size_t(it.col())]) {
        EXPECT_EQ(it.value(), p.householdTieStrength);
      }
    }
  for (std::size_t i = 0; i + 1 < 5000; ++i) {
    if (net.household[i] == net.household[i + 1]) {
      EXPECT_EQ(net.ties.coeff(std::int32_t(i), std::int32_t(i + 1)), p.householdTieStrength);
    }
  }
}

TEST(Network, SupportReceivedIsASparseProductAndNetworksAreKeyedBySeedAndRegion) {
  const models::Params p;
  const SocialNetwork a = buildNetwork(p, 9, 0, 3000), b = buildNetwork(p, 9, 0, 3000),
                      c = buildNetwork(p, 9, 1, 3000);
  EXPECT_TRUE(a.ties.isApprox(b.ties)) << "deterministic";
  EXPECT_EQ(a.household, b.household);
  EXPECT_NE(a.household, c.household) << "another region draws its own network";
  // Everyone gives 1: what each receives is their weighted degree.
  const Eigen::VectorXf ones = Eigen::VectorXf::Ones(3000);
  const Eigen::VectorXf received = a.ties * ones;
  for (std::int32_t i = 0; i < 3000; i += 97) {
    float degree = 0;
    for (TieMatrix::InnerIterator it(a.ties, i); it; ++it) degree += it.value();
    EXPECT_FLOAT_EQ(received[i], degree);
  }
  EXPECT_GT(a.bytes(), 0u);
  EXPECT_LT(double(a.bytes()) / 3000.0, 200.0) << "bytes per person";
}

}  // namespace
}  // namespace painsim::sim

namespace painsim::models {
namespace {

PersonState giver(float activity, float depression, float pain) {
  PersonState s;
  s.networkSupport = 0.7f;
  s.activity = activity;
  s.depression = depression;
  s.pain = pain;
  return s;
}

TEST(NetworkSupport, GiversWhoAreDepressedWithdrawnOrInPainGiveLess) {
  const Params p;
  const float well = givingCapacity(p, giver(0.9f, 0.1f, 0.1f));
  EXPECT_LT(givingCapacity(p, giver(0.9f, 0.6f, 0.1f)), well) << "a depressed partner";
  EXPECT_LT(givingCapacity(p, giver(0.3f, 0.1f, 0.1f)), well) << "a withdrawing contact";
  EXPECT_LT(givingCapacity(p, giver(0.9f, 0.1f, 0.8f)), well) << "a giver in pain";
}

TEST(NetworkSupport, WhatOneCanCountOnGrowsWithTiesAndTheirGivingAndIsZeroWithoutTies) {
  const Params p;
  const float g = givingCapacity(p, giver(0.9f, 0.1f, 0.1f));
  const float withdrawn = givingCapacity(p, giver(0.3f, 0.1f, 0.1f));
  EXPECT_EQ(supportFromTies(p, 0.f), 0.f) << "no ties, no support";
  EXPECT_LT(supportFromTies(p, 1.f * withdrawn + 0.4f * g), supportFromTies(p, 1.f * g + 0.4f * g))
      << "a partner who withdraws gives less to their contacts";
  EXPECT_LT(supportFromTies(p, 0.4f * g), supportFromTies(p, 0.4f * g + 0.4f * g))
      << "one friend more";
  EXPECT_LE(supportFromTies(p, 100.f), 1.f);
}

}  // namespace
}  // namespace painsim::models

namespace painsim::models {
namespace {

TEST(NetworkSupport, WithdrawalWeakensOnesTiesOverWeeksAndActivityRestoresThem) {
  const Params p;
  float withdrawn = 1.f, active = 1.f;
  for (int day = 0; day < 56; ++day) {
    const float before = withdrawn;
    withdrawn = nextTieEngagement(p, withdrawn, 0.2f, 0.5f);
    active = nextTieEngagement(p, active, 0.95f, 0.05f);
    EXPECT_LE(before - withdrawn, 1.f / p.tieEngagementDays + 1e-6f) << "weeks, not days";
  }
  EXPECT_LT(withdrawn, active);
  EXPECT_LT(withdrawn, 0.8f) << "eight weeks of withdrawal leave a mark";
  const float restored = nextTieEngagement(p, withdrawn, 1.f, 0.f);
  EXPECT_GT(restored, withdrawn) << "activity restores ties";
}

}  // namespace
}  // namespace painsim::models
