#include "sim/Network.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include "sim/Rng.hpp"

namespace painsim::sim {
namespace {

std::uint64_t pairKey(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t(a) << 32) | b;
}

}  // namespace

std::size_t SocialNetwork::bytes() const {
  return std::size_t(ties.nonZeros()) * (sizeof(float) + sizeof(std::int32_t)) +
         std::size_t(ties.outerSize() + 1) * sizeof(std::int32_t) +
         household.size() * sizeof(std::uint32_t);
}

std::vector<std::uint32_t> households(const models::Params& p, std::uint64_t seed,
                                      std::uint32_t region, std::size_t people) {
  const std::array<double, 5> shares = {p.householdShare1, p.householdShare2, p.householdShare3,
                                        p.householdShare4, p.householdShare5};
  double total = 0;
  for (double s : shares) total += s;
  std::vector<std::uint32_t> id(people);
  std::uint32_t next = 0;
  for (std::size_t i = 0; i < people;) {
    // The size of the household starting at person i, from a draw keyed by i.
    const double u =
        total * double(uniform01(randomWords(seed, std::uint32_t(i), region, Stream::kNetwork)[0]));
    std::size_t size = 5;
    double cumulative = 0;
    for (std::size_t k = 0; k < shares.size(); ++k) {
      cumulative += shares[k];
      if (u <= cumulative) {
        size = k + 1;
        break;
      }
    }
    for (std::size_t j = i; j < std::min(people, i + size); ++j) id[j] = next;
    ++next;
    i += size;
  }
  return id;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> friendTies(const models::Params& p,
                                                                std::uint64_t seed,
                                                                std::uint32_t region,
                                                                std::size_t people) {
  const std::size_t half = std::size_t(std::lround(p.networkFriends / 2.0));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  if (people < 2 * half + 1) return ties;
  // The ring places people in a random order (keyed by person), so that friends are
  // not the housemates of the contiguous household ids.
  const std::vector<std::uint32_t> place =
      randomOrder(seed, region, people, Stream::kNetwork, 1000);
  const auto at = [&](std::size_t slot) { return place[slot % people]; };
  std::unordered_set<std::uint64_t> present;
  ties.reserve(people * half);
  present.reserve(people * half * 2);
  // The ring lattice first, so that rewiring can avoid existing ties.
  for (std::size_t s = 0; s < people; ++s)
    for (std::size_t d = 1; d <= half; ++d) present.insert(pairKey(at(s), at(s + d)));
  for (std::size_t s = 0; s < people; ++s) {
    for (std::size_t d = 1; d <= half; ++d) {
      const auto a = at(s), b = at(s + d);
      const auto w = randomWords(seed, a, region, Stream::kNetwork, std::uint32_t(d));
      std::uint32_t target = b;
      if (uniform01(w[0]) < p.networkRewire) {
        const auto c = std::uint32_t(std::min<std::size_t>(
            people - 1, std::size_t(double(uniform01(w[1])) * double(people))));
        // Keep the lattice tie when the new end is oneself or already a tie.
        if (c != a && !present.count(pairKey(a, c))) {
          present.erase(pairKey(a, b));
          present.insert(pairKey(a, c));
          target = c;
        }
      }
      ties.emplace_back(std::min(a, target), std::max(a, target));
    }
  }
  std::sort(ties.begin(), ties.end());
  ties.erase(std::unique(ties.begin(), ties.end()), ties.end());
  return ties;
}

SocialNetwork buildNetwork(const models::Params& p, std::uint64_t seed, std::uint32_t region,
                           std::size_t people) {
  SocialNetwork net;
  net.household = households(p, seed, region, people);
  std::vector<Eigen::Triplet<float, std::int32_t>> triplets;
  for (std::size_t start = 0; start < people;) {
    std::size_t end = start;
    while (end < people && net.household[end] == net.household[start]) ++end;
    for (std::size_t i = start; i < end; ++i)
      for (std::size_t j = start; j < end; ++j)
        if (i != j) triplets.emplace_back(std::int32_t(i), std::int32_t(j), p.householdTieStrength);
    start = end;
  }
  for (const auto& [a, b] : friendTies(p, seed, region, people)) {
    triplets.emplace_back(std::int32_t(a), std::int32_t(b), p.friendTieStrength);
    triplets.emplace_back(std::int32_t(b), std::int32_t(a), p.friendTieStrength);
  }
  net.ties.resize(std::int32_t(people), std::int32_t(people));
  net.ties.setFromTriplets(triplets.begin(), triplets.end(),
                           [](float x, float y) { return std::max(x, y); });
  net.ties.makeCompressed();
  return net;
}

double meanClustering(const TieMatrix& ties) {
  double sum = 0;
  std::size_t counted = 0;
  std::vector<std::int32_t> mark(std::size_t(ties.rows()), -1);
  for (std::int32_t i = 0; i < ties.outerSize(); ++i) {
    std::vector<std::int32_t> nb;
    for (TieMatrix::InnerIterator it(ties, i); it; ++it)
      if (it.col() != i && it.value() > 0) nb.push_back(std::int32_t(it.col()));
    if (nb.size() < 2) continue;
    for (auto j : nb) mark[std::size_t(j)] = i;
    std::size_t links = 0;
    for (auto j : nb)
      for (TieMatrix::InnerIterator it(ties, j); it; ++it)
        if (it.value() > 0 && mark[std::size_t(it.col())] == i) ++links;
    const double k = double(nb.size());
    sum += double(links) / (k * (k - 1));  // each link counted from both ends
    ++counted;
  }
  return counted ? sum / double(counted) : 0.0;
}

}  // namespace painsim::sim
