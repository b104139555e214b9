// Workplaces (docs/work.md): sizes follow the employee shares by class, policies and
// job strain are shared within a workplace, co-worker ties stay inside it.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "models/Parameters.hpp"
#include "sim/Rng.hpp"
#include "sim/Workplaces.hpp"

namespace painsim {
namespace {

constexpr std::size_t kPeople = 200000;

TEST(Workplaces, EachSizeClassHoldsItsShareOfEmployees) {
  const models::Params p;
  const sim::WorkplaceMix mix;
  constexpr std::size_t kMany = 1000000;
  const sim::Workplaces w = sim::buildWorkplaces(p, mix, 11, 3, kMany);
  std::array<double, sim::WorkplaceMix::kClasses> people{};
  for (std::uint32_t id : w.of) people[w.sizeClass[id]] += 1;
  // Large workplaces take about 1,060 people each (625 employees at 59% employed):
  // about 370 of them here. Their count (binomial) and sizes (uniform) make the large
  // share vary by about 0.015; 0.06 is four such standard errors. Micro workplaces
  // number tens of thousands: their share is tight.
  for (std::size_t c = 0; c < people.size(); ++c)
    EXPECT_NEAR(people[c] / double(kMany), mix.employeeShare[c], 0.06) << "class " << c;
  EXPECT_NEAR(people[0] / double(kMany), mix.employeeShare[0], 0.02);
  // Within each class, sizes stay inside the class's bounds (in employees).
  std::vector<std::size_t> size(w.count());
  for (std::uint32_t id : w.of) ++size[id];
  for (std::size_t id = 0; id + 1 < w.count(); ++id) {  // the last one may be cut short
    const auto c = w.sizeClass[id];
    const double employees = double(size[id]) * p.employedShare;
    EXPECT_GE(employees, sim::kWorkplaceMinEmployees[c] - 1.0) << id;
    EXPECT_LE(employees, sim::kWorkplaceMaxEmployees[c] + 1.0) << id;
  }
}

TEST(Workplaces, PolicyIsTheEmployersAndFollowsTheClassShares) {
  models::Params p;
  sim::WorkplaceMix mix;
  mix.accommodation = {0.1, 0.3, 0.5, 0.9};
  const sim::Workplaces w = sim::buildWorkplaces(p, mix, 5, 0, kPeople);
  std::array<double, 4> offered{}, count{};
  for (std::size_t id = 0; id < w.count(); ++id) {
    count[w.sizeClass[id]] += 1;
    offered[w.sizeClass[id]] += w.policyU[id] <= mix.accommodation[w.sizeClass[id]] ? 1 : 0;
  }
  for (std::size_t c = 0; c < 2; ++c) {  // thousands of micro and small employers
    const double se = std::sqrt(mix.accommodation[c] * (1 - mix.accommodation[c]) / count[c]);
    EXPECT_NEAR(offered[c] / count[c], mix.accommodation[c], 4 * se + 1e-9) << c;
  }
  // Everyone at one workplace gets the same offer.
  models::BaselineDraws z;
  for (std::size_t i = 0; i < 2000; ++i) {
    const auto a = sim::atWorkplace(p, mix, w, i, z);
    EXPECT_EQ(a.accommodationU, w.policyU[w.of[i]]);
    EXPECT_EQ(a.accommodationShare, float(mix.accommodation[w.sizeClass[w.of[i]]]));
  }
  // Without a class share the region's work.accommodation_share applies.
  EXPECT_EQ(sim::accommodationShare(p, sim::WorkplaceMix{}, 2), double(p.accommodationShare));
}

TEST(Workplaces, CoworkersShareTheStatedPartOfJobStrain) {
  models::Params p;
  p.strainIcc = 0.3f;
  const sim::WorkplaceMix mix;
  const sim::Workplaces w = sim::buildWorkplaces(p, mix, 21, 1, kPeople);
  // Pairs of people at the same workplace: their strain normals correlate by icc;
  // the marginal stays standard normal.
  std::mt19937 gen(4);
  std::normal_distribution<float> normal;
  std::vector<std::vector<std::size_t>> members(w.count());
  for (std::size_t i = 0; i < kPeople; ++i) members[w.of[i]].push_back(i);
  double sxy = 0, sxx = 0, syy = 0, sum = 0, sumSq = 0;
  std::size_t pairs = 0;
  for (const auto& m : members)
    for (std::size_t k = 0; k + 1 < m.size(); k += 2) {
      models::BaselineDraws a, b;
      a.jobStrain = normal(gen);
      b.jobStrain = normal(gen);
      const double x = sim::atWorkplace(p, mix, w, m[k], a).jobStrain;
      const double y = sim::atWorkplace(p, mix, w, m[k + 1], b).jobStrain;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
      sum += x;
      sumSq += x * x;
      ++pairs;
    }
  const double r = sxy / std::sqrt(sxx * syy);
  // About 100,000 pairs, but pairs in one workplace share its draw: the effective
  // number is nearer the number of workplaces (thousands), se ~ 0.02.
  EXPECT_NEAR(r, p.strainIcc, 0.06);
  EXPECT_NEAR(sumSq / double(pairs), 1.0, 0.1) << "marginal variance stays 1";
}

TEST(Workplaces, CoworkerTiesStayInsideTheWorkplaceAmongTheEmployed) {
  const models::Params p;
  const sim::Workplaces base = sim::buildWorkplaces(p, sim::WorkplaceMix{}, 9, 2, 30000);
  std::vector<std::int32_t> status(30000);
  std::mt19937 gen(1);
  std::bernoulli_distribution employed(0.6);
  for (auto& s : status)
    s = std::int32_t(employed(gen) ? models::WorkStatus::kWorking
                                   : models::WorkStatus::kNotInPaidWork);
  sim::Workplaces w = base;
  sim::tieCoworkers(p, w, status);
  std::vector<std::size_t> employedAt(w.count());
  for (std::size_t i = 0; i < status.size(); ++i)
    employedAt[w.of[i]] += status[i] == std::int32_t(models::WorkStatus::kWorking);
  const auto want = std::size_t(std::lround(p.coworkerTies));
  for (std::int32_t i = 0; i < w.coworkers.outerSize(); ++i) {
    std::size_t degree = 0;
    for (sim::TieMatrix::InnerIterator it(w.coworkers, i); it; ++it) {
      ASSERT_EQ(w.of[std::size_t(i)], w.of[std::size_t(it.col())]) << "tie across workplaces";
      ASSERT_NE(it.col(), i);
      ASSERT_EQ(status[std::size_t(it.col())], std::int32_t(models::WorkStatus::kWorking));
      EXPECT_FLOAT_EQ(w.coworkers.coeff(it.col(), i), it.value()) << "symmetric";
      ++degree;
    }
    const bool isEmployed = status[std::size_t(i)] == std::int32_t(models::WorkStatus::kWorking);
    if (!isEmployed) {
      EXPECT_EQ(degree, 0u);
    } else {
      const std::size_t colleagues = employedAt[w.of[std::size_t(i)]] - 1;
      EXPECT_EQ(degree, std::min(want, colleagues)) << "person " << i;
    }
  }
}

}  // namespace
}  // namespace painsim
