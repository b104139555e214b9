#pragma once
// Model parameters: the struct the equations read, and the table that
// declares each parameter once (ParameterTable.inc).

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "models/ParameterTable.inc"

namespace painsim::models {

/// All model parameters, float32 as the daily kernel uses them.
/// Defaults come from the table; see docs/model.md for meaning and sources.
struct Params {
#define PAINSIM_DECLARE_MEMBER(member, name, def, lo, hi, unit, desc, src) \
  float member = float(def);
  PAINSIM_PARAMETERS(PAINSIM_DECLARE_MEMBER)
#undef PAINSIM_DECLARE_MEMBER
};

/// One row of the parameter table.
struct ParamSpec {
  std::string_view name;  ///< scenario key under [params], e.g. "nociception.heal_days"
  float Params::*member;
  double defaultValue;
  double minValue;
  double maxValue;
  std::string_view unit;
  std::string_view description;
  std::string_view source;
};

/// The parameter table in declaration order.
std::span<const ParamSpec> parameterTable();

/// Row for a scenario key, or nullopt if there is no such parameter.
std::optional<ParamSpec> findParameter(std::string_view name);

}  // namespace painsim::models
