#include "analysis/ParameterDocs.hpp"

#include <fmt/format.h>

#include "models/Care.hpp"
#include "models/Measures.hpp"
#include "models/Parameters.hpp"
#include "sim/ScenarioFile.hpp"

namespace painsim::analysis {
namespace {

std::string csvField(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string parameterTableText(ParamFormat format) {
  const auto table = models::parameterTable();
  std::string out;
  switch (format) {
    case ParamFormat::kCsv:
      out = "name,default,min,max,unit,description,source\n";
      for (const auto& p : table)
        out +=
            fmt::format("{},{:g},{:g},{:g},{},{},{}\n", p.name, p.defaultValue, p.minValue,
                        p.maxValue, csvField(p.unit), csvField(p.description), csvField(p.source));
      break;
    case ParamFormat::kMarkdown:
      out =
          "| parameter | default | range | unit | meaning | source |\n"
          "|---|---|---|---|---|---|\n";
      for (const auto& p : table)
        out += fmt::format("| `{}` | {:g} | {:g} – {:g} | {} | {} | {} |\n", p.name, p.defaultValue,
                           p.minValue, p.maxValue, p.unit, p.description, p.source);
      break;
    case ParamFormat::kTable:
      out = fmt::format("{:<44} {:>9} {:>17}  {:<10} {}\n", "parameter", "default", "range", "unit",
                        "meaning");
      for (const auto& p : table)
        out +=
            fmt::format("{:<44} {:>9g} {:>17}  {:<10} {}\n", p.name, p.defaultValue,
                        fmt::format("[{:g}, {:g}]", p.minValue, p.maxValue), p.unit, p.description);
      out += "\nSet any of them under [params] in a scenario, or with --set params.NAME=VALUE.\n";
      out += "Sources: painsim params --format csv, or docs/model.md.\n";
      break;
  }
  return out;
}

std::string programmeTableText() {
  std::string out =
      "| programme | format | sessions (per week) | each attended session | while enrolled | "
      "attendance, dropout/session | cost: session, contact, day | source |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const auto& g : sim::programmeLibrary()) {
    std::string session, daily;
    const auto add = [](std::string& s, const std::string& part) {
      s += (s.empty() ? "" : ", ") + part;
    };
    // The per-session effects are the fields measured per session.
    for (const auto& f : models::programmeFields())
      if (f.unit == "fraction/session" && g.*(f.number) > 0.f)
        add(session, fmt::format("{} {:g}", f.key, g.*(f.number)));
    if (g.newTies > 0.f) add(session, fmt::format("new ties {:g} in all", g.newTies));
    if (g.analgesia > 0.f)
      add(daily, fmt::format("analgesia {:g} for {} days", g.analgesia, g.analgesiaDays));
    if (g.quotaAdherence > 0.f)
      add(daily, fmt::format("quota {:g} to {:g} (adherence {:g})", g.quotaStart, g.quotaEnd,
                             g.quotaAdherence));
    if (g.workReturnGain > 0.f)
      add(daily, fmt::format("return to work x{:g}", 1 + g.workReturnGain));
    if (g.modifiedDuties) add(daily, "modified duties offered");
    out += fmt::format(
        "| `{}` | {}{} | {} ({:g}) | {} | {} | {:g}, {:g} | {:g}, {:g}, {:g} | {} |\n", g.name,
        g.group ? "group" : "individual", g.exerciseBased ? ", exercise" : "", g.sessions,
        g.sessionsPerWeek, session.empty() ? "-" : session, daily.empty() ? "-" : daily,
        g.attendance, g.dropout, g.costPerSession, g.costPerContact, g.costPerDay, g.source);
  }
  return out;
}

}  // namespace painsim::analysis
