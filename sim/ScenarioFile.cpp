#include "sim/ScenarioFile.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <numbers>
#include <set>
#include <sstream>

#include "models/Baseline.hpp"
#include "sim/TomlReader.hpp"

namespace painsim::embedded {
extern const std::string_view kDefaultScenario;
extern const std::string_view kProgrammeLibrary;
}  // namespace painsim::embedded

namespace painsim::sim {
namespace {

// ------------------------------------------------------------------ --set

/// Applies one "key=value" override to the document. The value is read as TOML
/// (5, 0.3, true, [1, 2], "text"); anything that is not valid TOML is taken as a string.
void applyOverride(toml::table& root, const std::string& assignment) {
  const std::string origin = "--set " + assignment;
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ScenarioError(fmt::format("{}: expected key=value", origin));
  const std::string key = assignment.substr(0, eq);
  const std::string value = assignment.substr(eq + 1);

  toml::table parsed;
  try {
    parsed = toml::parse("v = " + value, origin);
  } catch (const toml::parse_error&) {
    std::string quoted;
    for (char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    try {
      parsed = toml::parse("v = \"" + quoted + "\"", origin);
    } catch (const toml::parse_error& e) {
      throw ScenarioError(fmt::format("{}: cannot read the value: {}", origin, e.description()));
    }
  }

  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  toml::node* cursor = &root;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (auto* arr = cursor->as_array()) {
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc{} || ptr != part.data() + part.size() || index >= arr->size())
        throw ScenarioError(
            fmt::format("{}: '{}' is not an index of this array (it has {} entries, "
                        "numbered from 0)",
                        origin, part, arr->size()));
      cursor = arr->get(index);
      continue;
    }
    auto* table = cursor->as_table();
    if (!table) throw ScenarioError(fmt::format("{}: '{}' is not a table", origin, part));
    if (!table->contains(part)) table->insert(part, toml::table{});
    cursor = table->get(part);
  }
  toml::node* newValue = parsed.get("v");
  if (auto* table = cursor->as_table()) {
    table->insert_or_assign(parts.back(), std::move(*newValue));
  } else {
    throw ScenarioError(fmt::format("{}: cannot set '{}' inside {}", origin, parts.back(),
                                    typeName(cursor->type())));
  }
}

// ----------------------------------------------------------------- sections

/// Parameters a region may set: who lives there and their circumstances, not the
/// model's science (docs/scenarios.md, [[region]]).
bool regionalParameter(std::string_view name) {
  static const std::vector<std::string_view> names = {
      "population.age_mean", "population.age_sd",        "money.trait_mean",
      "money.trait_sd",      "work.employed_share",      "work.job_strain_mean",
      "work.job_strain_sd",  "work.accommodation_share", "network.friends",
      "network.rewire"};
  return name.rfind("household.", 0) == 0 ||
         std::find(names.begin(), names.end(), name) != names.end();
}

/// Reads a [params] table (nested or dotted keys) into `params`. `keyPrefix` names the
/// table in messages ("params", "region.1.params"); `regional` restricts the names to
/// those a region may set.
void readParams(TableReader& reader, const toml::table& table, std::string prefix,
                models::Params& params, const std::string& keyPrefix = "params",
                bool regional = false) {
  for (const auto& [k, node] : table) {
    const std::string name =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      readParams(reader, *sub, name, params, keyPrefix, regional);
      continue;
    }
    const std::string key = keyPrefix + "." + name;
    const auto spec = models::findParameter(name);
    if (!spec) {
      std::vector<std::string> names;
      for (const auto& p : models::parameterTable()) names.emplace_back(p.name);
      throw ScenarioError(
          fmt::format("{}: unknown parameter '{}'{}; `painsim params` lists them all",
                      reader.where(node, key), key, didYouMean(name, names)));
    }
    if (regional && !regionalParameter(name))
      throw ScenarioError(
          fmt::format("{}: key '{}': a region sets only who lives there: population.age_mean, "
                      "population.age_sd, money.trait_*, work.employed_share, work.job_strain_*, "
                      "work.accommodation_share, household.*, network.friends, network.rewire; set "
                      "'{}' under [params] for everyone",
                      reader.where(node, key), key, name));
    params.*(spec->member) =
        static_cast<float>(reader.number(node, key, spec->minValue, spec->maxValue));
  }
}

std::vector<std::string> measureNames() {
  std::vector<std::string> names;
  for (const auto& m : models::kMeasureTable) names.emplace_back(m.name);
  return names;
}

Recording readRecording(TableReader& top) {
  Recording rec;
  for (std::size_t i = 0; i < models::kMeasureCount; ++i)
    rec.measures.push_back(models::Measure(i));
  const toml::table* t = top.table("recording");
  if (!t) return rec;
  TableReader r = top.sub(*t, "recording");
  const std::string every = r.choice("every", "week", {"day", "week", "month"});
  rec.cadence = every == "day"     ? Cadence::kDaily
                : every == "month" ? Cadence::kMonthly
                                   : Cadence::kWeekly;
  if (const toml::node* n = r.find("sample")) {
    if (n->is_string() && *n->value<std::string>() == "all") {
      rec.sample = -1;
    } else if (const auto v = n->value_exact<std::int64_t>(); v && *v >= 0) {
      rec.sample = *v;
    } else {
      r.fail(*n, "sample",
             fmt::format("expected a number of people >= 0 or \"all\", got {}", describe(*n)));
    }
  }
  if (const toml::array* a = r.array("measures")) {
    rec.measures.clear();
    const auto names = measureNames();
    for (const auto& item : *a) {
      const auto name = item.value<std::string>();
      const auto m = name ? models::measureFromName(*name) : std::nullopt;
      if (!m)
        r.fail(item, "measures",
               fmt::format("unknown measure {}{}; expected any of {}", describe(item),
                           name ? didYouMean(*name, names) : "", fmt::join(names, ", ")));
      if (std::find(rec.measures.begin(), rec.measures.end(), *m) != rec.measures.end())
        r.fail(item, "measures", fmt::format("measure {} is listed twice", describe(item)));
      rec.measures.push_back(*m);
    }
    if (rec.measures.empty()) r.fail(*a, "measures", "expected at least one measure");
  }
  r.finish();
  return rec;
}

bool validName(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// ---------------------------------------------------------------- care

std::vector<std::string> programmeNames(const std::vector<models::Programme>& programmes) {
  std::vector<std::string> names;
  for (const auto& g : programmes) names.push_back(g.name);
  return names;
}

/// Index of the programme named by `key` (a string) in `programmes`; fails naming the key.
std::size_t programmeIndex(TableReader& r, const toml::node& where, std::string_view key,
                           const std::vector<models::Programme>& programmes) {
  const auto names = programmeNames(programmes);
  const toml::node* n = r.find(key);
  if (!n)
    r.fail(where, key, fmt::format("is required; expected one of {}", fmt::join(names, ", ")));
  const std::string name = r.choice(key, "", names);
  return std::size_t(std::find(names.begin(), names.end(), name) - names.begin());
}

/// Reads [programme.NAME] tables: a known NAME is changed, a new one is added (from
/// `based_on`, or from scratch).
void readProgrammes(TableReader& top, const toml::table& section,
                    std::vector<models::Programme>& programmes) {
  for (const auto& [k, node] : section) {
    const std::string name(k.str());
    const std::string key = fmt::format("programme.{}", name);
    if (!validName(name)) top.fail(node, key, "programme names use letters, digits, '_' or '-'");
    if (!node.is_table()) top.fail(node, key, "expected a table ([programme.NAME])");
    TableReader r = top.sub(*node.as_table(), key);
    auto it = std::find_if(programmes.begin(), programmes.end(),
                           [&](const models::Programme& g) { return g.name == name; });
    models::Programme g;
    if (it != programmes.end()) g = *it;
    if (r.find("based_on")) {
      const std::size_t base = programmeIndex(r, node, "based_on", programmes);
      g = programmes[base];
    }
    g.name = name;
    g.description = r.string("description", g.description);
    g.source = r.string("source", g.source);
    g.group =
        r.choice("format", g.group ? "group" : "individual", {"individual", "group"}) == "group";
    for (const auto& f : models::programmeFields()) {
      switch (f.kind) {
        case models::ProgrammeField::Kind::kNumber:
          g.*(f.number) = float(r.number(f.key, double(g.*(f.number)), f.lo, f.hi));
          break;
        case models::ProgrammeField::Kind::kInteger:
          g.*(f.integer) =
              int(r.integer(f.key, g.*(f.integer), std::int64_t(f.lo), std::int64_t(f.hi)));
          break;
        case models::ProgrammeField::Kind::kFlag:
          g.*(f.flag) = r.boolean(f.key, g.*(f.flag));
          break;
      }
    }
    r.finish();
    if (it != programmes.end())
      *it = std::move(g);
    else
      programmes.push_back(std::move(g));
  }
}

/// The built-in library (scenarios/programmes.toml compiled in), parsed once.
const std::vector<models::Programme>& libraryProgrammes() {
  static const std::vector<models::Programme> library = [] {
    const toml::table root = toml::parse(embedded::kProgrammeLibrary, kProgrammeLibraryName);
    const Origins origins;
    TableReader top(root, "", kProgrammeLibraryName, origins);
    std::vector<models::Programme> programmes;
    if (const toml::table* t = top.table("programme")) readProgrammes(top, *t, programmes);
    top.finish();
    return programmes;
  }();
  return library;
}

std::vector<Eligibility> readEligibility(TableReader& step, const toml::table& t) {
  std::vector<Eligibility> out;
  TableReader r = step.sub(t, "eligible");
  const auto names = measureNames();
  for (const auto& [k, node] : t) {
    const std::string name(k.str());
    const auto m = models::measureFromName(name);
    if (!m)
      throw ScenarioError(
          fmt::format("{}: key '{}': unknown measure '{}'{}; eligibility is set on measures: {}",
                      r.where(node, r.path(name)), r.path(name), name, didYouMean(name, names),
                      fmt::join(names, ", ")));
    (void)r.find(name);
    const toml::array* a = node.as_array();
    constexpr std::string_view kExpected = "expected [min, max] (numbers, min <= max)";
    if (!a || a->size() != 2 || !a->get(0)->is_number() || !a->get(1)->is_number())
      r.fail(node, name, fmt::format("{}, got {}", kExpected, describe(node)));
    const double lo = *a->get(0)->value<double>(), hi = *a->get(1)->value<double>();
    if (!(lo <= hi)) r.fail(node, name, fmt::format("{}, got [{}, {}]", kExpected, lo, hi));
    out.push_back({*m, float(lo), float(hi)});
  }
  r.finish();
  return out;
}

CareStep readCareStep(const TableReader& arm, const toml::table& t, const std::string& key,
                      const Scenario& s) {
  TableReader r = arm.sub(t, key);
  CareStep step;
  step.programme = programmeIndex(r, t, "programme", s.programmes);
  const int maxWeek = s.days / 7 - 1;  // the step must start before the horizon
  step.startDay = 7 * static_cast<int>(r.integer("start_week", 0, 0, maxWeek)) + 1;
  step.windowDays = std::max(1, 7 * static_cast<int>(r.integer("window_weeks", 0, 0, 520)));
  step.referralDelayDays = static_cast<int>(r.integer("referral_delay_days", 0, 0, 3650));
  if (const toml::table* e = r.table("eligible")) step.eligible = readEligibility(r, *e);
  r.finish();
  return step;
}

/// One [[arm.capacity]] or [[region.capacity]] entry. In an arm the programme must be a
/// step of its pathway and `region` may name the one region it changes.
Capacity readCapacity(const TableReader& parent, const toml::table& t, const std::string& key,
                      const Scenario& s, const Arm* arm) {
  TableReader r = parent.sub(t, key);
  Capacity c;
  c.programme = programmeIndex(r, t, "programme", s.programmes);
  if (arm && std::none_of(arm->care.begin(), arm->care.end(),
                          [&](const CareStep& step) { return step.programme == c.programme; }))
    r.fail(*r.find("programme"), "programme",
           fmt::format("programme \"{}\" is not a step of this arm's pathway",
                       s.programmes[c.programme].name));
  const toml::node* perWeek = r.find("places_per_week");
  const toml::node* perYear = r.find("places_per_100k_per_year");
  if ((perWeek != nullptr) == (perYear != nullptr))
    r.fail(t, "places_per_week",
           "give exactly one of places_per_week or places_per_100k_per_year (numbers >= 0)");
  if (perWeek)
    c.placesPerWeek = r.number(*perWeek, "places_per_week", 0.0, 1e9);
  else
    c.per100kPerYear = r.number(*perYear, "places_per_100k_per_year", 0.0, 1e9);
  c.order = r.choice("queue", "first_come", {"first_come", "risk"}) == "risk"
                ? Capacity::Order::kRisk
                : Capacity::Order::kFirstCome;
  if (arm) {
    std::vector<std::string> names;
    for (const Region& g : s.regions) names.push_back(g.name);
    const std::string region = r.choice("region", "", names);
    for (std::size_t g = 0; g < names.size(); ++g)
      if (names[g] == region) c.region = int(g);
  }
  r.finish();
  return c;
}

/// Capacity entries of an arm or a region: one per programme (per region, in arms).
void readCapacities(TableReader& r, const Scenario& s, const Arm* arm, std::vector<Capacity>& out) {
  forEachTable(r, "capacity", Scenario::kMaxCareSteps * 64,
               [&](const toml::table& t, const auto& k) {
                 Capacity c = readCapacity(r, t, k, s, arm);
                 for (const Capacity& other : out)
                   if (other.programme == c.programme && other.region == c.region)
                     r.fail(t, k + ".programme",
                            fmt::format("programme \"{}\" has two capacity entries{}",
                                        s.programmes[c.programme].name,
                                        c.region >= 0 ? " for this region" : ""));
                 out.push_back(c);
               });
}

Closure readClosure(const TableReader& arm, const toml::table& t, const std::string& key,
                    const Scenario& s) {
  TableReader r = arm.sub(t, key);
  if (!r.find("start_week")) r.fail(t, "start_week", "is required (a week number)");
  if (!r.find("weeks")) r.fail(t, "weeks", "is required (weeks closed, >= 1)");
  const int start = static_cast<int>(r.integer("start_week", 0, 0, s.days / 7));
  const int weeks = static_cast<int>(r.integer("weeks", 1, 1, 520));
  r.finish();
  return {7 * start + 1, 7 * (start + weeks)};
}

/// `count` numbers in [lo, hi] under `key`, or `out` unchanged when the key is absent.
template <std::size_t N>
void readNumbers(TableReader& r, std::string_view key, double lo, double hi,
                 std::array<double, N>& out) {
  const toml::array* a = r.array(key);
  if (!a) return;
  const std::string expected =
      fmt::format("expected {} numbers in [{}, {}] (micro, small, medium, large)", N,
                  formatNumber(lo), formatNumber(hi));
  if (a->size() != N) r.fail(*a, key, fmt::format("{}, got {}", expected, describe(*a)));
  for (std::size_t i = 0; i < N; ++i) {
    const toml::node& n = *a->get(i);
    if (!n.is_number() || !(*n.value<double>() >= lo && *n.value<double>() <= hi))
      r.fail(n, key, fmt::format("{}, got {} at position {}", expected, describe(n), i));
    out[i] = *n.value<double>();
  }
}

WorkplaceMix readWorkplaceMix(TableReader& r, WorkplaceMix mix) {
  readNumbers(r, "employee_share", 0.0, 1.0, mix.employeeShare);
  double total = 0;
  for (double x : mix.employeeShare) total += x;
  if (std::abs(total - 1.0) > 1e-6)
    r.fail(*r.find("employee_share"), "employee_share",
           fmt::format("the shares must sum to 1, they sum to {}", total));
  readNumbers(r, "accommodation", 0.0, 1.0, mix.accommodation);
  return mix;
}

/// [[region]] entries; without any, one region "all" of population.size people.
/// `sizeNode` is population.size when given (then it must equal the regions' sum).
std::vector<Region> readRegions(TableReader& top, const Scenario& s, const WorkplaceMix& mix,
                                const toml::node* sizeNode) {
  std::vector<Region> regions;
  const toml::array* a = top.array("region");
  if (!a) {
    regions.push_back({"all", s.people, 0, {}, {}, mix});
    return regions;
  }
  if (a->empty() || a->size() > 4096)
    top.fail(*a, "region", "expected 1 to 4096 [[region]] tables");
  std::int64_t first = 0;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& node = *a->get(i);
    const std::string key = fmt::format("region.{}", i);
    if (!node.is_table()) top.fail(node, key, "expected a table ([[region]])");
    TableReader r = top.sub(*node.as_table(), key);
    Region g;
    g.name = r.string("name", "");
    if (!validName(g.name)) {
      const toml::node* n = r.find("name");
      if (!n) r.fail(node, "name", "is required (letters, digits, '_' or '-')");
      r.fail(*n, "name", fmt::format("expected letters, digits, '_' or '-', got {}", describe(*n)));
    }
    for (const Region& other : regions)
      if (other.name == g.name)
        r.fail(*r.find("name"), "name", fmt::format("region name \"{}\" is used twice", g.name));
    if (!r.find("people")) r.fail(node, "people", "is required (people living in the region)");
    g.people = r.integer("people", 0, 1, std::numeric_limits<std::uint32_t>::max());
    g.first = first;
    first += g.people;
    if (const toml::table* t = r.table("params")) {
      models::Params changed = s.params;
      readParams(r, *t, "", changed, key + ".params", true);
      for (const auto& spec : models::parameterTable())
        if (changed.*(spec.member) != s.params.*(spec.member))
          g.paramChanges.emplace_back(spec.member, changed.*(spec.member));
    }
    readCapacities(r, s, nullptr, g.capacity);
    g.workplaces = mix;
    if (const toml::table* t = r.table("workplaces")) {
      TableReader wr = r.sub(*t, "workplaces");
      g.workplaces = readWorkplaceMix(wr, mix);
      wr.finish();
    }
    r.finish();
    regions.push_back(std::move(g));
  }
  if (first > std::int64_t(std::numeric_limits<std::uint32_t>::max()))
    top.fail(*a, "region", "the regions hold more than 4294967295 people in all");
  if (sizeNode && sizeNode->value<std::int64_t>() != first)
    throw ScenarioError(fmt::format(
        "{}: key 'population.size': {} differs from the {} people of the regions; leave it out "
        "when [[region]] is given",
        location(sizeNode->source(), top.fallback()), describe(*sizeNode), first));
  return regions;
}

std::vector<Arm> readArms(TableReader& top, const Scenario& s) {
  std::vector<Arm> arms;
  const toml::array* a = top.array("arm");
  if (!a || a->empty())
    throw ScenarioError(fmt::format("{}: at least one [[arm]] is required", top.fallback()));
  for (std::size_t i = 0; i < a->size(); ++i) {
    const toml::node& node = *a->get(i);
    const std::string key = fmt::format("arm.{}", i);
    if (!node.is_table()) top.fail(node, key, "expected a table ([[arm]])");
    TableReader r = top.sub(*node.as_table(), key);
    Arm arm;
    arm.name = r.string("name", "");
    if (!validName(arm.name)) {
      const toml::node* n = r.find("name");
      if (!n) r.fail(node, "name", "is required (letters, digits, '_' or '-')");
      r.fail(*n, "name", fmt::format("expected letters, digits, '_' or '-', got {}", describe(*n)));
    }
    for (const auto& other : arms)
      if (other.name == arm.name)
        r.fail(*r.find("name"), "name", fmt::format("arm name \"{}\" is used twice", arm.name));
    arm.description = r.string("description", "");
    forEachTable(r, "care", Scenario::kMaxCareSteps, [&](const toml::table& t, const auto& k) {
      arm.care.push_back(readCareStep(r, t, k, s));
    });
    readCapacities(r, s, &arm, arm.capacity);
    forEachTable(r, "closure", 64, [&](const toml::table& t, const auto& k) {
      arm.closures.push_back(readClosure(r, t, k, s));
    });
    if (const toml::table* e = r.table("employer")) {
      TableReader er = r.sub(*e, "employer");
      arm.employer.modifiedDutiesEverywhere =
          er.choice("modified_duties", "as_is", {"as_is", "everywhere"}) == "everywhere";
      arm.employer.earlyContact = er.boolean("early_contact", false);
      arm.employer.gradedReturn = er.boolean("graded_return", false);
      er.finish();
    }
    r.finish();
    arms.push_back(std::move(arm));
  }
  return arms;
}

PopulationSpec readPopulation(TableReader& r) {
  PopulationSpec pop;
  const std::string mode = r.choice("mode", "incident", {"incident", "general"});
  pop.mode = mode == "general" ? PopulationSpec::Mode::kGeneral : PopulationSpec::Mode::kIncident;
  pop.entryMinPainNrs = static_cast<float>(r.number("entry_min_pain_nrs", 0.0, 0.0, 10.0));
  pop.entryUnrecovered = r.boolean("entry_unrecovered", false);
  pop.careSeeking = r.boolean("care_seeking", false);
  pop.burnInDays = 7 * static_cast<int>(r.integer("burn_in_weeks", 52, 0, 520));
  pop.maxAttempts = static_cast<int>(r.integer("max_attempts", pop.maxAttempts, 1, 1000000));
  const bool general = pop.mode == PopulationSpec::Mode::kGeneral;
  if (const toml::node* n = r.find(general ? "episode" : "burn_in_weeks"))
    r.fail(*n, general ? "episode" : "burn_in_weeks",
           general ? "applies to incident cohorts only (mode = \"incident\")"
                   : "applies to the general population only (mode = \"general\")");
  for (const char* key :
       {"entry_min_pain_nrs", "entry_unrecovered", "care_seeking", "max_attempts"})
    if (const toml::node* n = general ? r.find(key) : nullptr)
      r.fail(*n, key, "applies to incident cohorts only (mode = \"incident\")");
  if (const toml::array* a = r.array("episode")) {
    pop.episode.clear();
    double total = 0;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& node = *a->get(i);
      const std::string key = fmt::format("episode.{}", i);
      if (!node.is_table()) r.fail(node, key, "expected a table ([[population.episode]])");
      TableReader e = r.sub(*node.as_table(), key);
      EpisodeBand band;
      band.share = e.number("share", 1.0, 0.0, 1.0);
      const toml::array* weeks = e.array("weeks");
      constexpr std::string_view kExpected =
          "expected [min_week, max_week]: whole weeks since onset at entry";
      if (!weeks) e.fail(node, "weeks", fmt::format("is required; {}", kExpected));
      if (weeks->size() != 2 || !weeks->get(0)->is_integer() || !weeks->get(1)->is_integer())
        e.fail(*weeks, "weeks", fmt::format("{}, got {}", kExpected, describe(*weeks)));
      const auto lo = *weeks->get(0)->value<std::int64_t>();
      const auto hi = *weeks->get(1)->value<std::int64_t>();
      if (lo < 0 || hi < lo || hi > 520)
        e.fail(*weeks, "weeks",
               fmt::format("expected 0 <= min_week <= max_week <= 520, got [{}, {}]", lo, hi));
      band.minDays = 7 * static_cast<int>(lo);
      band.maxDays = 7 * static_cast<int>(hi) + 6;  // whole weeks: [lo, hi] inclusive
      total += band.share;
      e.finish();
      pop.episode.push_back(band);
    }
    if (pop.episode.empty()) r.fail(*a, "episode", "expected at least one band");
    if (std::abs(total - 1.0) > 1e-6)
      r.fail(*a, "episode", fmt::format("the shares must sum to 1, they sum to {}", total));
  }
  return pop;
}

Economics readEconomics(TableReader& top, const Scenario& s) {
  Economics e;
  e.comparator = s.arms.front().name;
  const toml::table* t = top.table("economics");
  if (!t) return e;
  TableReader r = top.sub(*t, "economics");
  e.currency = r.string("currency", e.currency);
  e.priceYear = int(r.integer("price_year", e.priceYear, 1900, 2200));
  e.perspective = r.choice("perspective", "payer", {"payer", "societal"}) == "payer"
                      ? Economics::Perspective::kPayer
                      : Economics::Perspective::kSocietal;
  e.productivity =
      r.choice("productivity", "human_capital", {"human_capital", "friction"}) == "friction"
          ? Economics::Productivity::kFriction
          : Economics::Productivity::kHumanCapital;
  e.discountCosts = r.number("discount_costs", e.discountCosts, 0, 0.2);
  e.discountEffects = r.number("discount_effects", e.discountEffects, 0, 0.2);
  e.utility =
      r.choice("utility", e.utility, {"model", "rmdq_change", "rmdq_cross_sectional", "custom"});
  const bool custom = e.utility == "custom";
  for (const char* key : {"utility_intercept", "utility_rmdq_slope", "utility_pain_slope"})
    if (!custom && t->get(key))
      r.fail(*t->get(key), key, "only used with utility = \"custom\"; set utility = \"custom\"");
  e.customUtility.intercept = float(r.number("utility_intercept", 0.9, -0.594, 1));
  e.customUtility.rmdqSlope = float(r.number("utility_rmdq_slope", 0.025, 0, 0.1));
  e.customUtility.painSlope = float(r.number("utility_pain_slope", 0.0, 0, 1));
  e.wagePerDay = r.number("wage_per_day", e.wagePerDay, 0, 1e5);
  e.frictionDays = int(r.integer("friction_days", e.frictionDays, 1, 3650));
  e.frictionElasticity = r.number("friction_elasticity", e.frictionElasticity, 0, 1);
  e.wtp = r.number("wtp", e.wtp, 0, 1e7);
  e.wtpMax = r.number("wtp_max", std::max(e.wtpMax, 2.5 * e.wtp), 1, 1e8);
  std::vector<std::string> arms;
  for (const Arm& a : s.arms) arms.push_back(a.name);
  e.comparator = r.choice("comparator", e.comparator, arms);
  r.finish();
  return e;
}

UncertainParameter readUncertainParameter(const TableReader& parent, const toml::table& t,
                                          const std::string& key) {
  TableReader r = parent.sub(t, key);
  UncertainParameter u;
  const toml::node* nameNode = r.find("name");
  if (!nameNode) r.fail(t, "name", "missing; expected a parameter name (`painsim params`)");
  u.name = r.string("name", "");
  const auto spec = models::findParameter(u.name);
  if (!spec) {
    std::vector<std::string> names;
    for (const auto& p : models::parameterTable()) names.emplace_back(p.name);
    r.fail(*nameNode, "name",
           fmt::format("unknown parameter '{}'{}; `painsim params` lists them all", u.name,
                       didYouMean(u.name, names)));
  }
  u.member = spec->member;
  u.lo = spec->minValue;
  u.hi = spec->maxValue;
  const std::string d =
      r.choice("distribution", "", {"uniform", "triangular", "normal", "lognormal"});
  const auto need = [&](std::string_view k, double lo, double hi) {
    const toml::node* n = r.find(k);
    if (!n) r.fail(t, k, fmt::format("missing; a {} distribution needs it", d));
    return r.number(*n, k, lo, hi);
  };
  using D = UncertainParameter::Distribution;
  if (d == "uniform" || d == "triangular") {
    u.distribution = d == "uniform" ? D::kUniform : D::kTriangular;
    u.a = need("min", u.lo, u.hi);
    if (d == "triangular") u.b = need("mode", u.a, u.hi);
    u.c = need("max", d == "triangular" ? u.b : u.a, u.hi);
    if (d == "uniform") u.b = u.c;
  } else if (d == "normal") {
    // Truncated to the allowed range by rejection. The centre lies in the range and the
    // spread is bounded, so at least a third (normal) or an eighth (lognormal) of the
    // distribution does: rejection ends quickly.
    u.distribution = D::kNormal;
    u.a = need("mean", u.lo, u.hi);
    u.b = need("sd", 0, u.hi - u.lo);
  } else if (d == "lognormal") {
    u.distribution = D::kLogNormal;
    u.a = need("median", std::max(u.lo, 1e-12), u.hi);
    u.b = need("sd_log", 0, 5);
    const auto phi = [&](double x) {
      return 0.5 * std::erfc(-(std::log(std::max(x, 1e-300)) - std::log(u.a)) /
                             (u.b * std::numbers::sqrt2));
    };
    if (u.b > 0 && phi(u.hi) - phi(u.lo) < 1e-3)
      r.fail(*r.find("sd_log"), "sd_log",
             fmt::format("less than 0.1% of this lognormal lies in the parameter's range [{}, {}]",
                         formatNumber(u.lo), formatNumber(u.hi)));
  } else {
    r.fail(t, "distribution", "missing; expected one of uniform, triangular, normal, lognormal");
  }
  r.finish();
  return u;
}

Uncertainty readUncertainty(TableReader& top) {
  Uncertainty u;
  const toml::table* t = top.table("uncertainty");
  if (!t) return u;
  TableReader r = top.sub(*t, "uncertainty");
  u.draws = int(r.integer("draws", 0, 0, 10000));
  u.people = r.integer("people", 0, 0, std::numeric_limits<std::uint32_t>::max());
  forEachTable(r, "parameter", 1000, [&](const toml::table& p, const std::string& key) {
    u.parameters.push_back(readUncertainParameter(r, p, key));
    for (std::size_t j = 0; j + 1 < u.parameters.size(); ++j)
      if (u.parameters[j].name == u.parameters.back().name)
        r.fail(*p.get("name"), key + ".name",
               fmt::format("parameter '{}' is listed twice", u.parameters.back().name));
  });
  if (u.draws == 1) r.fail(*t->get("draws"), "draws", "one draw shows no spread; set 0 or >= 2");
  if (!u.parameters.empty() && u.draws == 0)
    r.fail(*t, "draws", "parameters are listed as uncertain but draws = 0; set draws >= 2");
  r.finish();
  return u;
}

Scenario validate(const toml::table& root, std::string_view sourceName, const Origins& origins) {
  Scenario s;
  s.name = "scenario";
  s.seed = 1;
  TableReader top(root, "", sourceName, origins);

  if (const toml::table* t = top.table("scenario")) {
    TableReader r = top.sub(*t, "scenario");
    s.name = r.string("name", "scenario");
    if (!validName(s.name))
      r.fail(*r.find("name"), "name",
             fmt::format("expected letters, digits, '_' or '-', got \"{}\"", s.name));
    s.description = r.string("description", "");
    s.seed = static_cast<std::uint64_t>(
        r.integer("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
    r.finish();
  }
  const toml::node* sizeNode = nullptr;
  if (const toml::table* t = top.table("population")) {
    TableReader r = top.sub(*t, "population");
    sizeNode = t->get("size");
    s.people = r.integer("size", 1000, 1, std::numeric_limits<std::uint32_t>::max());
    s.population = readPopulation(r);
    r.finish();
  } else {
    s.people = 1000;
  }
  s.days = 364;
  if (const toml::table* t = top.table("simulation")) {
    TableReader r = top.sub(*t, "simulation");
    s.days = 7 * static_cast<int>(r.integer("weeks", 52, 1, 520));
    r.finish();
  }
  if (const toml::table* t = top.table("outcomes")) {
    TableReader r = top.sub(*t, "outcomes");
    s.recoveryDays = static_cast<int>(r.integer("recovery_days", 30, 1, 365));
    r.finish();
  }
  if (const toml::table* t = top.table("network")) {
    TableReader r = top.sub(*t, "network");
    s.network = r.boolean("enabled", false);
    r.finish();
  }
  WorkplaceMix mix;
  if (const toml::table* t = top.table("workplaces")) {
    TableReader r = top.sub(*t, "workplaces");
    s.workplaces = r.boolean("enabled", false);
    mix = readWorkplaceMix(r, mix);
    r.finish();
  }
  s.recording = readRecording(top);
  s.reportWeeks = {0, 6, 12, 26, 52};
  if (const toml::table* t = top.table("report")) {
    TableReader r = top.sub(*t, "report");
    if (const toml::array* a = r.array("weeks")) {
      s.reportWeeks.clear();
      for (const auto& w : *a) {
        const auto week = w.value_exact<std::int64_t>();
        if (!week || *week < 0 || *week > 520)
          r.fail(w, "weeks",
                 fmt::format("expected week numbers (integers in [0, 520]), got {}", describe(w)));
        s.reportWeeks.push_back(static_cast<int>(*week));
      }
    }
    r.finish();
  }
  if (const toml::table* t = top.table("params")) readParams(top, *t, "", s.params);
  try {
    (void)models::baselineCholesky(s.params);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(fmt::format("{}: {}", sourceName, e.what()));
  }
  s.programmes = libraryProgrammes();
  if (const toml::table* t = top.table("programme")) readProgrammes(top, *t, s.programmes);
  s.regions = readRegions(top, s, mix, sizeNode);
  s.people = s.regions.back().first + s.regions.back().people;
  s.arms = readArms(top, s);
  s.economics = readEconomics(top, s);
  s.uncertainty = readUncertainty(top);
  top.finish();

  // Cross-key checks: what is reported must be recorded.
  s.reportWeeks.erase(std::remove_if(s.reportWeeks.begin(), s.reportWeeks.end(),
                                     [&](int w) { return 7 * w > s.days; }),
                      s.reportWeeks.end());
  const auto days = recordingDays(s);
  for (int w : s.reportWeeks)
    if (!std::binary_search(days.begin(), days.end(), 7 * w))
      throw ScenarioError(
          fmt::format("{}: key 'report.weeks': week {} is not a recording day; "
                      "record weekly (recording.every = \"week\") or daily",
                      sourceName, w));
  return s;
}

}  // namespace

std::vector<int> recordingDays(const Scenario& s) {
  if (!s.recording.days.empty()) return s.recording.days;
  std::vector<int> days;
  switch (s.recording.cadence) {
    case Cadence::kDaily:
      for (int d = 0; d <= s.days; ++d) days.push_back(d);
      break;
    case Cadence::kWeekly:
      for (int d = 0; d <= s.days; d += 7) days.push_back(d);
      break;
    case Cadence::kMonthly:
      for (int k = 0;; ++k) {
        const int d = static_cast<int>(std::lround(k * 365.25 / 12.0));
        if (d > s.days) break;
        days.push_back(d);
      }
      break;
  }
  return days;
}

void setPeople(Scenario& s, std::int64_t people) {
  if (s.regions.size() != 1)
    throw std::invalid_argument("setPeople: the scenario has several regions; size each region");
  s.people = s.regions[0].people = people;
}

models::UtilityMap utilityMap(const Scenario& s) {
  const std::string& u = s.economics.utility;
  models::UtilityMap m = models::eq5dMap(s.params);
  if (u == "custom") return s.economics.customUtility;
  // Madan et al. 2017 (PharmacoEconomics 35:579): EQ-5D-3L per RMDQ point, from
  // within-person changes (0.020) or from raw, cross-sectional scores (0.037).
  if (u == "rmdq_change") m = {m.intercept, 0.020f, 0.f};
  if (u == "rmdq_cross_sectional") m = {m.intercept, 0.037f, 0.f};
  return m;
}

Scenario scaledTo(const Scenario& s, std::int64_t people) {
  Scenario out = s;
  const double factor = double(people) / double(s.people);
  std::int64_t first = 0;
  for (Region& g : out.regions) {
    g.people = std::max<std::int64_t>(1, std::llround(double(g.people) * factor));
    g.first = first;
    first += g.people;
    for (Capacity& c : g.capacity) c.placesPerWeek *= factor;
  }
  for (Arm& a : out.arms)
    for (Capacity& c : a.capacity) c.placesPerWeek *= factor;
  out.people = first;
  return out;
}

models::Params regionParams(const Scenario& s, std::size_t region) {
  models::Params p = s.params;
  for (const auto& [member, value] : s.regions[region].paramChanges) p.*member = value;
  return p;
}

std::size_t regionOf(const Scenario& s, std::uint32_t person) {
  const auto at = std::upper_bound(s.regions.begin(), s.regions.end(), std::int64_t(person),
                                   [](std::int64_t id, const Region& g) { return id < g.first; });
  return std::size_t(at - s.regions.begin()) - 1;
}

std::vector<Capacity> capacityIn(const Scenario& s, const Arm& arm, std::size_t region) {
  const Region& g = s.regions[region];
  std::vector<Capacity> out;
  const auto add = [&](Capacity c) {
    if (c.per100kPerYear >= 0)
      c.placesPerWeek = c.per100kPerYear * (double(g.people) / 100000.0) * 7.0 / 365.25;
    c.per100kPerYear = -1;
    c.region = int(region);
    out.push_back(c);
  };
  for (const CareStep& step : arm.care) {
    if (std::any_of(out.begin(), out.end(),
                    [&](const Capacity& c) { return c.programme == step.programme; }))
      continue;
    const Capacity* chosen = nullptr;
    for (int pass = 0; pass < 2 && !chosen; ++pass)
      for (const Capacity& c : arm.capacity)
        if (c.programme == step.programme && c.region == (pass == 0 ? int(region) : -1))
          chosen = &c;
    for (const Capacity& c : g.capacity)
      if (!chosen && c.programme == step.programme) chosen = &c;
    if (chosen) add(*chosen);
  }
  return out;
}

std::string_view defaultScenarioText() { return embedded::kDefaultScenario; }
std::string_view programmeLibraryText() { return embedded::kProgrammeLibrary; }
const std::vector<models::Programme>& programmeLibrary() { return libraryProgrammes(); }

Scenario parseScenario(std::string_view text, std::string_view sourceName,
                       const std::vector<std::string>& overrides) {
  toml::table root = parseToml(text, sourceName);
  Origins origins;
  for (const auto& o : overrides) {
    applyOverride(root, o);
    origins.emplace_back(o.substr(0, o.find('=')), "--set " + o);
  }
  Scenario s = validate(root, sourceName, origins);
  s.sourceName = std::string(sourceName);
  s.sourceText = std::string(text);
  std::ostringstream resolved;
  resolved << root;
  s.resolvedText = resolved.str();
  if (!overrides.empty()) {
    s.sourceText += "\n# Overrides from the command line (--set), applied after the text above:\n";
    for (const auto& o : overrides) s.sourceText += "# --set " + o + "\n";
  }
  return s;
}

models::Params loadParams(const std::string& path) {
  const toml::table root = parseToml(readTextFile(path, "parameters file"), path);
  models::Params params;
  const Origins origins;
  TableReader top(root, "", path, origins);
  const toml::table* t = top.table("params");
  if (!t) throw ScenarioError(fmt::format("{}: expected a [params] table", path));
  readParams(top, *t, "", params);
  try {
    (void)models::baselineCholesky(params);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(fmt::format("{}: {}", path, e.what()));
  }
  return params;
}

models::Params withParamOverrides(models::Params base, const std::vector<std::string>& overrides) {
  toml::table root;
  Origins origins;
  for (const auto& o : overrides)
    if (o.starts_with("params.")) {
      applyOverride(root, o);
      origins.emplace_back(o.substr(0, o.find('=')), "--set " + o);
    }
  TableReader top(root, "", "--set", origins);
  if (const toml::table* t = top.table("params")) readParams(top, *t, "", base);
  return base;
}

Scenario loadScenario(const std::string& path, const std::vector<std::string>& overrides) {
  return parseScenario(readTextFile(path, "scenario file"), path, overrides);
}

}  // namespace painsim::sim
