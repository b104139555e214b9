#include "sim/Workplaces.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "sim/Rng.hpp"

namespace painsim::sim {

std::size_t Workplaces::bytes() const {
  return of.size() * sizeof(std::uint32_t) + count() * (sizeof(std::uint8_t) + 2 * sizeof(float)) +
         std::size_t(coworkers.nonZeros()) * (sizeof(float) + sizeof(std::int32_t)) +
         std::size_t(coworkers.outerSize() + 1) * sizeof(std::int32_t);
}

double accommodationShare(const models::Params& p, const WorkplaceMix& mix, std::size_t c) {
  return mix.accommodation[c] >= 0 ? mix.accommodation[c] : double(p.accommodationShare);
}

Workplaces buildWorkplaces(const models::Params& p, const WorkplaceMix& mix, std::uint64_t seed,
                           std::uint32_t region, std::size_t people) {
  Workplaces w;
  w.of.resize(people);
  // Class weights: share of employees / mean employees of a workplace of the class.
  std::array<double, WorkplaceMix::kClasses> weight{};
  double total = 0;
  for (std::size_t c = 0; c < WorkplaceMix::kClasses; ++c) {
    const double mean = 0.5 * double(kWorkplaceMinEmployees[c] + kWorkplaceMaxEmployees[c]);
    weight[c] = mix.employeeShare[c] / mean;
    total += weight[c];
  }
  const std::vector<std::uint32_t> order = randomOrder(seed, region, people, Stream::kWorkplace, 0);
  const double employed = std::max(0.01, double(p.employedShare));
  for (std::size_t at = 0; at < people;) {
    const auto id = std::uint32_t(w.count());
    const auto u = randomWords(seed, id, region, Stream::kWorkplace, 1);
    const double pick = total * double(uniform01(u[0]));
    std::size_t c = WorkplaceMix::kClasses - 1;
    double cumulative = 0;
    for (std::size_t k = 0; k < WorkplaceMix::kClasses; ++k) {
      cumulative += weight[k];
      if (pick <= cumulative && weight[k] > 0) {
        c = k;
        break;
      }
    }
    const std::uint32_t span = kWorkplaceMaxEmployees[c] - kWorkplaceMinEmployees[c] + 1;
    const std::uint32_t employees =
        kWorkplaceMinEmployees[c] +
        std::min(span - 1, std::uint32_t(double(span) * (1.0 - double(uniform01(u[1])))));
    const auto size = std::max<std::size_t>(1, std::size_t(std::lround(employees / employed)));
    w.sizeClass.push_back(std::uint8_t(c));
    w.strain.push_back(normalPair(u[2], u[3]).x);
    w.policyU.push_back(uniform01(randomWords(seed, id, region, Stream::kWorkplace, 2)[0]));
    for (std::size_t k = at; k < std::min(people, at + size); ++k) w.of[order[k]] = id;
    at += size;
  }
  return w;
}

models::BaselineDraws atWorkplace(const models::Params& p, const WorkplaceMix& mix,
                                  const Workplaces& w, std::size_t person,
                                  models::BaselineDraws z) {
  const std::uint32_t id = w.of[person];
  const float icc = p.strainIcc;
  z.jobStrain = std::sqrt(icc) * w.strain[id] + std::sqrt(1.f - icc) * z.jobStrain;
  z.accommodationU = w.policyU[id];
  z.accommodationShare = float(accommodationShare(p, mix, w.sizeClass[id]));
  return z;
}

void tieCoworkers(const models::Params& p, Workplaces& w,
                  const std::vector<std::int32_t>& workStatus) {
  const std::size_t people = w.of.size();
  std::vector<std::vector<std::uint32_t>> members(w.count());
  for (std::size_t i = 0; i < people; ++i)
    if (models::employed(workStatus[i])) members[w.of[i]].push_back(std::uint32_t(i));
  const auto half = std::size_t(std::lround(p.coworkerTies / 2.0));
  std::vector<Eigen::Triplet<float, std::int32_t>> triplets;
  for (const auto& m : members) {
    const std::size_t n = m.size();
    if (n < 2) continue;
    // A ring over the members: each is tied to the `half` next ones; in small
    // workplaces everyone is tied to everyone (ties met twice are merged).
    const std::size_t reach = std::min(half, n / 2);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t d = 1; d <= reach; ++d) {
        const std::size_t b = (a + d) % n;
        triplets.emplace_back(std::int32_t(m[a]), std::int32_t(m[b]), p.coworkerStrength);
        triplets.emplace_back(std::int32_t(m[b]), std::int32_t(m[a]), p.coworkerStrength);
      }
  }
  w.coworkers.resize(std::int32_t(people), std::int32_t(people));
  w.coworkers.setFromTriplets(triplets.begin(), triplets.end(),
                              [](float x, float y) { return std::max(x, y); });
  w.coworkers.makeCompressed();
}

}  // namespace painsim::sim
