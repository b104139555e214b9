#include "analysis/ParameterDocs.hpp"

#include <fmt/format.h>

#include "models/Measures.hpp"
#include "models/Parameters.hpp"

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

}  // namespace painsim::analysis
