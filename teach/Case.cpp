#include "teach/Case.hpp"

#include <filesystem>

#include "sim/TomlReader.hpp"

namespace painsim::embedded {
extern const std::string_view kCaseTwoPaths;
extern const std::string_view kCaseTipping;
extern const std::string_view kCaseTreated;
}  // namespace painsim::embedded

namespace painsim::teach {
namespace {

using sim::ScenarioError;
using sim::TableReader;

struct BuiltIn {
  std::string_view name;
  const std::string_view& text;
};
const std::vector<BuiltIn>& builtIns() {
  static const std::vector<BuiltIn> cases = {{"two_paths", embedded::kCaseTwoPaths},
                                             {"tipping", embedded::kCaseTipping},
                                             {"treated", embedded::kCaseTreated}};
  return cases;
}

sim::Profile readProfile(TableReader& r) {
  sim::Profile f;
  f.catastrophizing = float(r.number("catastrophizing", f.catastrophizing, 0, 1));
  f.fear = float(r.number("fear", f.fear, 0, 1));
  f.efficacy = float(r.number("efficacy", f.efficacy, 0, 1));
  f.sleep = float(r.number("sleep", f.sleep, 0, 1));
  f.support = float(r.number("support", f.support, 0, 1));
  f.jobStrain = float(r.number("job_strain", f.jobStrain, 0, 1));
  f.stress = float(r.number("stress", f.stress, 0, 1));
  f.injury = float(r.number("injury", f.injury, 0.1, 5));
  f.working = r.boolean("working", f.working);
  return f;
}

CasePath readPath(const TableReader& parent, const toml::table& t, const std::string& key,
                  int weeks) {
  TableReader r = parent.sub(t, key);
  CasePath path;
  path.name = r.string("name", "");
  if (path.name.empty()) r.fail(t, "name", "expected the person's name (a non-empty string)");
  path.role = r.string("role", "");
  path.description = r.string("description", "");
  path.spec.profile = readProfile(r);
  sim::forEachTable(r, "stressor", 8, [&](const toml::table& s, const std::string& entry) {
    TableReader sr = r.sub(s, entry);
    sim::Stressor st;
    const auto from = sr.integer("from_week", 4, 0, weeks);
    const auto to = sr.integer("to_week", from + 4, 0, weeks);
    if (to <= from)
      sr.fail(s, "to_week", fmt::format("must be after from_week ({}), got {}", from, to));
    st.firstDay = int(7 * from + 1);
    st.lastDay = int(7 * to);
    st.load = float(sr.number("load", st.load, 0, 20));
    sr.finish();
    path.spec.stressors.push_back(st);
  });
  if (const toml::table* c = r.table("care")) {
    TableReader cr = r.sub(*c, "care");
    sim::CarePlan plan;
    plan.programme = cr.choice("programme", "", sim::programmeNames());
    if (plan.programme.empty())
      cr.fail(*c, "programme", "expected the name of a programme of the built-in library");
    plan.startDay = int(7 * cr.integer("start_week", 8, 0, weeks) + 1);
    cr.finish();
    path.spec.care = plan;
  }
  r.finish();
  return path;
}

}  // namespace

Case parseCase(std::string_view text, std::string_view sourceName) {
  const toml::table root = sim::parseToml(text, sourceName);
  const sim::Origins origins;
  TableReader top(root, "", sourceName, origins);
  Case c;
  c.sourceName = std::string(sourceName);
  const toml::table* info = top.table("case");
  if (!info) throw ScenarioError(fmt::format("{}: expected a [case] table", sourceName));
  TableReader r = top.sub(*info, "case");
  c.name = r.string("name", std::filesystem::path(std::string(sourceName)).stem().string());
  c.title = r.string("title", c.name);
  c.summary = r.string("summary", "");
  c.setting.weeks = int(r.integer("weeks", 26, 1, 156));
  c.setting.seed = std::uint64_t(r.integer("seed", 2024, 0, std::int64_t(1) << 62));
  // person = N shows person N; "typical" (the default) the most typical of 200
  // (sim::choosePerson), optionally among those still in pain in stuck_week.
  if (const toml::node* person = r.find("person"); person && !person->is_string()) {
    c.setting.person = std::uint32_t(r.integer("person", 0, 0, (std::int64_t(1) << 30) - 1));
  } else {
    r.choice("person", "typical", {"typical"});
    c.selection = sim::Selection{};
  }
  if (const toml::node* n = r.find("stuck_week")) {
    if (!c.selection) r.fail(*n, "stuck_week", "only applies when person is \"typical\"");
    c.selection->stuckWeek = int(r.integer("stuck_week", 8, 0, c.setting.weeks));
    c.selection->stuckPain = r.number("stuck_min_pain", 4.0, 0, 10);
  }
  c.peopleLike = int(r.integer("people_like", 1000, 0, 100000));
  r.finish();
  sim::forEachTable(top, "path", 4, [&](const toml::table& t, const std::string& entry) {
    c.paths.push_back(readPath(top, t, entry, c.setting.weeks));
  });
  if (c.paths.empty())
    throw ScenarioError(fmt::format("{}: expected one to four [[path]] tables", sourceName));
  top.finish();
  if (c.selection) {
    std::vector<sim::PathSpec> specs;
    for (const CasePath& p : c.paths) specs.push_back(p.spec);
    const sim::Selection& chosen = *c.selection;
    c.setting.person = sim::choosePerson(c.setting, specs, chosen);
    c.selectionText = fmt::format(
        "Whose story: person {}, the most typical of {} people living these paths{} (weekly "
        "pain closest to the median). The bands show 1,000 people like them.",
        c.setting.person, chosen.candidates,
        chosen.stuckWeek >= 0
            ? fmt::format(
                  " among those still in pain (NRS \u2265 {:g}) in week {} on the first path",
                  chosen.stuckPain, chosen.stuckWeek)
            : std::string());
  } else {
    c.selectionText =
        fmt::format("Whose story: person {} (named in the case file).", c.setting.person);
  }
  return c;
}

Case loadCase(const std::string& nameOrPath) {
  for (const BuiltIn& b : builtIns())
    if (b.name == nameOrPath)
      return parseCase(b.text, fmt::format("scenarios/teaching/{}.toml (built in)", b.name));
  if (nameOrPath.find('/') == std::string::npos && nameOrPath.find(".toml") == std::string::npos) {
    std::vector<std::string> names = builtInCases();
    throw ScenarioError(
        fmt::format("unknown case '{}'{}; built-in cases: {} (or give a .toml file)", nameOrPath,
                    sim::didYouMean(nameOrPath, names), fmt::join(names, ", ")));
  }
  return parseCase(sim::readTextFile(nameOrPath, "case file"), nameOrPath);
}

std::vector<std::string> builtInCases() {
  std::vector<std::string> names;
  for (const BuiltIn& b : builtIns()) names.emplace_back(b.name);
  return names;
}

}  // namespace painsim::teach
