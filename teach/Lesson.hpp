#pragma once
// The lesson `painsim teach` writes and the data `painsim explore` serves: paths
// lived week by week, their bands among people like them, the cycle's link
// strengths and the sentences, as one JSON document drawn by report/teach.js
// (docs/teaching.md gives the document's layout).

#include <nlohmann/json.hpp>
#include <string>

#include "teach/Case.hpp"

namespace painsim::teach {

/// One path of a result: the person's weeks, the band of `peopleLike` people like
/// them (none when 0), link strengths, sentences and events.
nlohmann::json pathJson(const sim::Setting& setting, const CasePath& path, int peopleLike,
                        int colourIndex);

/// The parts every result shares: weeks, variables, nodes and links (with each link's
/// display scale: the largest |strength| of any link into the same box over `paths`).
nlohmann::json resultJson(const sim::Setting& setting, nlohmann::json paths);

/// The whole lesson of a case (kind "lesson").
nlohmann::json lessonJson(const Case& c);

/// The self-contained lesson page (opens offline).
std::string lessonHtml(const Case& c);

/// A page of kind `data["kind"]` drawn by report/teach.js.
std::string teachPage(const std::string& title, const nlohmann::json& data);

}  // namespace painsim::teach
