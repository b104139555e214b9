#pragma once
// Teaching cases (scenarios/teaching/*.toml, docs/teaching.md): a few people, or one
// person two ways, living the same injury and the same random days, with what differs
// between them spelled out: their traits and circumstances, a stressful spell, a
// programme. Read with the same strict checks as scenario files.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/Individual.hpp"

namespace painsim::teach {

/// One path of a case: who lives it and what happens to them.
struct CasePath {
  std::string name;         ///< "Sam"
  std::string role;         ///< "confronts"
  std::string description;  ///< one line for the teacher
  sim::PathSpec spec;
};

struct Case {
  std::string name;  ///< file stem, e.g. "two_paths"
  std::string title;
  std::string summary;
  std::string sourceName;
  sim::Setting setting;  ///< the model (built-in defaults), seed, person and weeks
  std::optional<sim::Selection> selection;  ///< how setting.person was chosen (none: named)
  std::string selectionText;                ///< the choice, in words, for the lesson
  int peopleLike = 1000;  ///< people like each path's person, for the bands (0 = none)
  std::vector<CasePath> paths;
};

/// Parses a case; throws sim::ScenarioError naming the file, line and key.
Case parseCase(std::string_view text, std::string_view sourceName);

/// A built-in case by name ("two_paths", "tipping", "treated") or a case file by path.
Case loadCase(const std::string& nameOrPath);

/// The names of the built-in cases, in teaching order.
std::vector<std::string> builtInCases();

}  // namespace painsim::teach
