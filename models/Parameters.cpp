#include "models/Parameters.hpp"

#include <algorithm>
#include <array>

namespace painsim::models {
namespace {

constexpr std::array kTable = {
#define PAINSIM_ROW(member, name, def, lo, hi, unit, desc, src) \
  ParamSpec{name, &Params::member, def, lo, hi, unit, desc, src},
    PAINSIM_PARAMETERS(PAINSIM_ROW)
#undef PAINSIM_ROW
};

}  // namespace

std::span<const ParamSpec> parameterTable() { return kTable; }

std::optional<ParamSpec> findParameter(std::string_view name) {
  const auto it = std::find_if(kTable.begin(), kTable.end(),
                               [&](const ParamSpec& p) { return p.name == name; });
  if (it == kTable.end()) return std::nullopt;
  return *it;
}

}  // namespace painsim::models
