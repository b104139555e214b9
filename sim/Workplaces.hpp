#pragma once
// Workplaces of one region (docs/work.md): employers by size class, each with a job
// strain level, a policy on modified duties, and co-worker ties.
//
// Generation (serial, keyed by (seed, region, workplace)):
//   1. the region's people are put in a random order (keyed by person), so that
//      workplaces do not follow the contiguous household ids;
//   2. workplaces are opened one after another along that order: the size class c
//      is drawn with probability proportional to share_c / mean_c (share_c = share of
//      employees in class c, mean_c = mean employees of a workplace of that class),
//      so that each class holds its share of employees; the number of employees is
//      uniform within the class; the workplace takes round(employees / employed
//      share) people, of whom the employed (drawn at entry) work there;
//   3. each workplace draws a job-strain level (standard normal) and a uniform that
//      decides whether it offers modified duties (when below its class's share).
// A person's job strain is the workplace's level and their own deviation:
//   z = sqrt(icc) z_workplace + sqrt(1 - icc) z_person,
// so its distribution over everyone is unchanged and icc (work.strain_icc) of its
// variance is shared by co-workers.
// Co-worker ties: the people employed at entry are tied, within their workplace, to
// the work.coworker_ties nearest in id order (a ring), with work.coworker_strength.
// Support through them flows only while both are at work (sim/Engine.cpp).

#include <cstdint>
#include <vector>

#include "models/CoreModel.hpp"
#include "sim/Network.hpp"
#include "sim/Scenario.hpp"

namespace painsim::sim {

struct Workplaces {
  std::vector<std::uint32_t> of;        ///< workplace of each person of the region
  std::vector<std::uint8_t> sizeClass;  ///< per workplace: 0 micro .. 3 large
  std::vector<float> strain;            ///< per workplace: standard normal of its job strain
  std::vector<float> policyU;           ///< per workplace: uniform; modified duties when < share
  TieMatrix coworkers;                  ///< co-worker ties (set by tieCoworkers)
  std::size_t count() const { return strain.size(); }
  std::size_t bytes() const;
};

/// Inclusive employee bounds of each size class: micro 2-9, small 10-49, medium 50-249,
/// large 250-1000.
inline constexpr std::uint32_t kWorkplaceMinEmployees[WorkplaceMix::kClasses] = {2, 10, 50, 250};
inline constexpr std::uint32_t kWorkplaceMaxEmployees[WorkplaceMix::kClasses] = {9, 49, 249, 1000};

/// The share of employers of class `c` offering modified duties in a region.
double accommodationShare(const models::Params& p, const WorkplaceMix& mix, std::size_t c);

/// Workplaces of a region of `people` people (steps 1-3 above; no co-worker ties yet).
Workplaces buildWorkplaces(const models::Params& p, const WorkplaceMix& mix, std::uint64_t seed,
                           std::uint32_t region, std::size_t people);

/// A candidate's baseline draws at workplace `w`: job strain shares the workplace's
/// level; the employer's policy decides modified duties.
models::BaselineDraws atWorkplace(const models::Params& p, const WorkplaceMix& mix,
                                  const Workplaces& w, std::size_t person, models::BaselineDraws z);

/// Ties among those employed at entry (workStatus of each person of the region).
void tieCoworkers(const models::Params& p, Workplaces& w,
                  const std::vector<std::int32_t>& workStatus);

}  // namespace painsim::sim
