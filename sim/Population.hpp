#pragma once
// The population as a structure of arrays: one contiguous column per state
// variable of models/State.hpp, indexed by person.

#include <cstddef>
#include <vector>

#include "models/State.hpp"

namespace painsim::sim {

struct Population {
#define PAINSIM_COLUMN(type, name, meaning) std::vector<type> name;
  PAINSIM_STATE(PAINSIM_COLUMN)
#undef PAINSIM_COLUMN

  std::size_t size() const { return pain.size(); }

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
