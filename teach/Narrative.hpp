#pragma once
// Sentences that explain a person's weeks from the model's own link contributions
// (models/Links.hpp): which states changed notably, and which links drove each change
// (docs/teaching.md, "How the sentences are made"). No sentence is written per week by
// hand: each names the states that moved and the links whose contributions moved them.

#include <string>
#include <string_view>
#include <vector>

#include "sim/Individual.hpp"

namespace painsim::teach {

struct Sentence {
  int week = 0;
  std::string text;
};

/// Something that happens to a path: a stressful spell beginning or ending, a
/// programme started, dropped out of or completed. `personal` texts are what the
/// person does ("starts graded exposure"); the others stand alone.
struct PathEvent {
  int week = 0;
  std::string text;
  bool personal = false;
};
std::vector<PathEvent> pathEvents(const sim::PathResult& r, const sim::PathSpec& spec);

/// What happened each week to `name`, from `r` (made with link contributions). At most
/// `perWeek` states are described per week, the ones that moved most.
std::vector<Sentence> narrate(const sim::PathResult& r, const std::string& name,
                              const sim::PathSpec& spec, int perWeek = 3);

/// The words for a link pushing its effect up and down ("movement hurt and was read as
/// harm" / "..."); empty when the link is unknown.
struct LinkWords {
  std::string_view up, down;
};
LinkWords linkWords(std::string_view linkKey);

/// A change is worth a sentence when it is at least this large on the series' scale.
double notableChange(sim::Series s);

}  // namespace painsim::teach
