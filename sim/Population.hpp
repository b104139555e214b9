#pragma once
// The population as a structure of arrays: one contiguous column per state
// variable of models/State.hpp, indexed by person.

#include <cstddef>
#include <vector>

#include "models/Measures.hpp"
#include "models/State.hpp"

namespace painsim::sim {

struct Population {
#define PAINSIM_COLUMN(type, name, meaning) std::vector<type> name;
  PAINSIM_STATE(PAINSIM_COLUMN)
#undef PAINSIM_COLUMN

  std::size_t size() const { return pain.size(); }

  /// The float column that measure `m` reads unchanged, or null when it is computed.
  const float* column(models::Measure m) const {
    using M = models::Measure;
    switch (m) {
      case M::kPainNrs:
        return painNrs.data();
      case M::kRmdq:
        return rmdqScore.data();
      case M::kAge:
        return age.data();
      case M::kCareCost:
        return careCost.data();
      case M::kNociception:
        return nociception.data();
      case M::kSensitization:
        return sensitization.data();
      case M::kPainLatent:
        return pain.data();
      case M::kCatastrophizing:
        return catastrophizing.data();
      case M::kFear:
        return fear.data();
      case M::kActivity:
        return activity.data();
      case M::kCapacity:
        return capacity.data();
      case M::kSelfEfficacy:
        return efficacy.data();
      case M::kDisabilityLatent:
        return disability.data();
      case M::kStress:
        return stress.data();
      case M::kSleep:
        return sleep.data();
      case M::kDepression:
        return depression.data();
      case M::kAnxiety:
        return anxiety.data();
      case M::kAcceptance:
        return acceptance.data();
      case M::kSupportAutonomy:
        return supportAutonomy.data();
      case M::kSupportSolicitous:
        return supportSolicitous.data();
      default:
        return nullptr;
    }
  }

  void resize(std::size_t n) {
#define PAINSIM_RESIZE(type, name, meaning) name.resize(n);
    PAINSIM_STATE(PAINSIM_RESIZE)
#undef PAINSIM_RESIZE
  }

  models::PersonState get(std::size_t i) const {
    models::PersonState s;
#define PAINSIM_GET(type, name, meaning) s.name = name[i];
    PAINSIM_STATE(PAINSIM_GET)
#undef PAINSIM_GET
    return s;
  }

  void set(std::size_t i, const models::PersonState& s) {
#define PAINSIM_SET(type, name, meaning) name[i] = s.name;
    PAINSIM_STATE(PAINSIM_SET)
#undef PAINSIM_SET
  }
};

}  // namespace painsim::sim
