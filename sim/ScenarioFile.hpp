#pragma once
// Reading scenario files (TOML, toml++): every key is known, typed and
// range-checked; errors name the file, line, key and what was expected.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/Scenario.hpp"

namespace painsim::sim {

/// A scenario that cannot be used: bad TOML, unknown key, wrong type, value
/// out of range, missing file. what() is one line meant for the user.
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The built-in default scenario (scenarios/default.toml compiled in).
std::string_view defaultScenarioText();
inline constexpr std::string_view kDefaultScenarioName = "default.toml (built in)";

/// The built-in programme library (scenarios/programmes.toml compiled in).
std::string_view programmeLibraryText();
inline constexpr std::string_view kProgrammeLibraryName = "programmes.toml (built in)";
/// The built-in programmes, parsed.
const std::vector<models::Programme>& programmeLibrary();

/// Parses and validates scenario text. `overrides` are "key=value" strings
/// (the command line's --set), applied before validation.
Scenario parseScenario(std::string_view text, std::string_view sourceName,
                       const std::vector<std::string>& overrides = {});

/// Reads a scenario file; throws ScenarioError if it is missing or invalid.
Scenario loadScenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// Reads only the [params] table of a TOML file (a scenario or a fitted-parameters
/// file written by `painsim calibrate`), on top of the built-in defaults. Other
/// tables are ignored; every parameter key is checked as in a scenario.
models::Params loadParams(const std::string& path);

/// `base` with the `params.*` assignments among `overrides` (the command line's --set)
/// applied, each checked as in a scenario; other keys are left to the scenarios.
models::Params withParamOverrides(models::Params base, const std::vector<std::string>& overrides);

}  // namespace painsim::sim
