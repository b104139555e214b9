#include "teach/Lesson.hpp"

#include <fmt/format.h>

#include <cmath>

#include "analysis/Report.hpp"
#include "teach/Narrative.hpp"

namespace painsim::embedded {
std::string kTeachScript();
std::string kTeachStyle();
}  // namespace painsim::embedded

namespace painsim::teach {
namespace {

/// Rounded for the page: the charts need three significant digits, not nine.
double rounded(double v, int digits = 3) {
  if (v == 0 || !std::isfinite(v)) return 0;
  const double scale = std::pow(10.0, digits - 1 - int(std::floor(std::log10(std::abs(v)))));
  return std::round(v * scale) / scale;
}

nlohmann::json columns(const std::vector<std::array<double, sim::kSeries>>& weeks) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& info : sim::seriesInfo()) {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& w : weeks) values.push_back(rounded(w[std::size_t(info.series)]));
    out[info.key] = std::move(values);
  }
  return out;
}

std::string percent(double share) { return fmt::format("{:.0f}%", 100.0 * share); }

}  // namespace

nlohmann::json pathJson(const sim::Setting& setting, const CasePath& path, int peopleLike,
                        int colourIndex) {
  const sim::PathResult r = sim::livePath(setting, path.spec, setting.person, true);
  nlohmann::json j;
  j["name"] = path.name;
  j["role"] = path.role;
  j["description"] = path.description;
  j["colour_index"] = colourIndex;
  j["series"] = columns(r.weeks);
  nlohmann::json links = nlohmann::json::array();
  for (const auto& week : r.links) {
    nlohmann::json row = nlohmann::json::array();
    for (const float v : week) row.push_back(rounded(v));
    links.push_back(std::move(row));
  }
  j["links"] = std::move(links);
  nlohmann::json sentences = nlohmann::json::array();
  for (const Sentence& s : narrate(r, path.name, path.spec))
    sentences.push_back({{"week", s.week}, {"text", s.text}});
  j["sentences"] = std::move(sentences);
  nlohmann::json events = nlohmann::json::array();
  for (const PathEvent& e : pathEvents(r, path.spec))
    events.push_back({{"week", e.week}, {"text", e.text}});
  j["events"] = std::move(events);
  const std::size_t last = r.weeks.size() - 1;
  nlohmann::json rows = nlohmann::json::array();
  rows.push_back({fmt::format("{}: pain in week {} (NRS)", path.name, last),
                  fmt::format("{:.1f}", r.weeks[last][int(sim::Series::kPain)])});
  rows.push_back({fmt::format("{}: recovered (30 days NRS 0)", path.name),
                  r.dayRecoveredPain >= 0
                      ? fmt::format("yes, from week {}", sim::weekOfDay(r.dayRecoveredPain))
                      : std::string("no")});
  if (peopleLike > 0) {
    const sim::Band b = sim::peopleLike(setting, path.spec, peopleLike);
    nlohmann::json band = nlohmann::json::object();
    const auto quantiles = {std::pair{"q10", &b.q10},
                            {"q25", &b.q25},
                            {"q50", &b.q50},
                            {"q75", &b.q75},
                            {"q90", &b.q90}};
    for (const auto& info : sim::seriesInfo()) {
      nlohmann::json q = nlohmann::json::object();
      for (const auto& [name, values] : quantiles) {
        nlohmann::json v = nlohmann::json::array();
        for (const auto& w : *values) v.push_back(rounded(w[std::size_t(info.series)]));
        q[name] = std::move(v);
      }
      band[info.key] = std::move(q);
    }
    j["band"] = std::move(band);
    rows.push_back(
        {fmt::format("people like {} in pain in week {} (NRS \u2265 1)", path.name, last),
         percent(b.inPainAtEnd)});
    rows.push_back(
        {fmt::format("people like {} recovered (30 days NRS 0)", path.name), percent(b.recovered)});
    if (path.spec.profile.working)
      rows.push_back({fmt::format("people like {} off work all of week {}", path.name, last),
                      percent(b.offWorkAtEnd)});
  }
  j["cohort"] = {{"people", peopleLike}, {"rows", std::move(rows)}};
  return j;
}

nlohmann::json resultJson(const sim::Setting& setting, nlohmann::json paths) {
  nlohmann::json j;
  nlohmann::json weeks = nlohmann::json::array();
  for (int w = 0; w <= setting.weeks; ++w) weeks.push_back(w);
  j["weeks"] = std::move(weeks);
  nlohmann::json variables = nlohmann::json::array();
  for (const auto& info : sim::seriesInfo())
    variables.push_back({{"key", info.key},
                         {"label", info.label},
                         {"unit", info.unit},
                         {"min", info.min},
                         {"max", info.max},
                         {"node", models::nodeInfo(info.node).key}});
  j["variables"] = std::move(variables);
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& n : models::nodes()) nodes.push_back({{"key", n.key}, {"label", n.label}});
  j["nodes"] = std::move(nodes);
  // Each arrow's strength is shown relative to the strongest link into the same box,
  // so every box's causes can be compared (levels and accumulating states differ in units).
  std::array<double, models::kNodes> largest{};
  for (const auto& path : paths)
    for (const auto& week : path["links"])
      for (int l = 0; l < models::kLinks; ++l) {
        const auto effect = std::size_t(models::links()[std::size_t(l)].effect);
        largest[effect] = std::max(largest[effect], std::abs(week[std::size_t(l)].get<double>()));
      }
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : models::links())
    links.push_back({{"id", l.key},
                     {"from", models::nodeInfo(l.cause).key},
                     {"to", models::nodeInfo(l.effect).key},
                     {"label", l.meaning},
                     {"reference", l.reference},
                     {"kind", l.kind == models::EffectKind::kLevel ? "level" : "rate"},
                     {"scale", rounded(largest[std::size_t(l.effect)])}});
  j["links"] = std::move(links);
  j["paths"] = std::move(paths);
  return j;
}

nlohmann::json lessonJson(const Case& c) {
  nlohmann::json paths = nlohmann::json::array();
  int colour = 0;
  for (const CasePath& p : c.paths) paths.push_back(pathJson(c.setting, p, c.peopleLike, colour++));
  nlohmann::json j = resultJson(c.setting, std::move(paths));
  j["kind"] = "lesson";
  j["case"] = c.name;
  j["title"] = c.title;
  j["summary"] = c.summary.empty() ? c.selectionText : c.summary + "\n\n" + c.selectionText;
  j["selection"] = c.selectionText;
  j["source"] = c.sourceName;
  j["seed"] = c.setting.seed;
  j["person"] = c.setting.person;
  return j;
}

std::string teachPage(const std::string& title, const nlohmann::json& data) {
  return analysis::selfContainedPage(title, data.dump(), embedded::kTeachScript(), "teach.js",
                                     embedded::kTeachStyle());
}

std::string lessonHtml(const Case& c) {
  return teachPage("painsim lesson: " + c.title, lessonJson(c));
}

}  // namespace painsim::teach
