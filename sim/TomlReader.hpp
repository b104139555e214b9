#pragma once
// Reading TOML tables with clear errors (toml++): every key is known, typed and
// range-checked, and a mistake names the file, line, key and what was expected.
// Scenario files (sim/ScenarioFile.cpp) and teaching cases (teach/Case.cpp) read
// through it.

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/ScenarioFile.hpp"

namespace painsim::sim {

inline std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// ", did you mean 'x'?" when a candidate is close enough to be a likely typo.
inline std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t bestDistance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = editDistance(name, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best.empty() ? std::string{} : fmt::format(" (did you mean '{}'?)", best);
}

/// Keys set on the command line: (dotted key, "--set key=value"), so that nodes
/// created by an override, which carry no source position, are still located.
using Origins = std::vector<std::pair<std::string, std::string>>;

/// "file:line" for a node, "--set k=v" for command-line overrides, else `fallback`.
inline std::string location(const toml::source_region& src, std::string_view fallback,
                            const Origins* origins = nullptr, std::string_view key = {}) {
  if (src.path) {
    if (src.path->rfind("--set", 0) == 0) return *src.path;
    return fmt::format("{}:{}", *src.path, src.begin.line);
  }
  if (origins)
    for (const auto& [setKey, origin] : *origins)
      if (setKey == key || (setKey.size() > key.size() && setKey.compare(0, key.size(), key) == 0 &&
                            setKey[key.size()] == '.'))
        return origin;
  return std::string(fallback);
}

inline std::string typeName(toml::node_type t) {
  switch (t) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

inline std::string describe(const toml::node& n) {
  std::ostringstream text;
  if (n.is_string())
    text << '"' << *n.value<std::string>() << '"';
  else if (n.is_table() || n.is_array())
    text << typeName(n.type());
  else
    n.visit([&](const auto& v) { text << v; });
  return text.str();
}

inline std::string formatNumber(double v) { return fmt::format("{:g}", v); }

/// Reads one TOML table, remembering which keys were used so that unknown
/// keys can be reported. Keys are named by their full dotted path.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string prefix, std::string_view fallback,
              const Origins& origins)
      : m_table(table), m_prefix(std::move(prefix)), m_fallback(fallback), m_origins(origins) {}

  /// A reader for a sub-table, sharing this one's file and origins.
  TableReader sub(const toml::table& table, const std::string& key) const {
    return TableReader(table, path(key), m_fallback, m_origins);
  }

  [[noreturn]] void fail(const toml::node& node, std::string_view key,
                         std::string_view what) const {
    throw ScenarioError(fmt::format("{}: key '{}': {}", where(node, path(key)), path(key), what));
  }

  std::string where(const toml::node& node, std::string_view fullKey) const {
    return location(node.source(), m_fallback, &m_origins, fullKey);
  }

  const toml::node* find(std::string_view key) {
    m_known.emplace(key);
    return m_table.get(key);
  }

  std::int64_t integer(std::string_view key, std::int64_t def, std::int64_t lo, std::int64_t hi) {
    const toml::node* n = find(key);
    if (!n) return def;
    const auto v = n->value_exact<std::int64_t>();
    if (!v)
      fail(*n, key, fmt::format("expected an integer in [{}, {}], got {}", lo, hi, describe(*n)));
    if (*v < lo || *v > hi)
      fail(*n, key, fmt::format("value {} is out of range; allowed [{}, {}]", *v, lo, hi));
    return *v;
  }

  double number(const toml::node& n, std::string_view key, double lo, double hi) const {
    if (!n.is_number())
      fail(n, key,
           fmt::format("expected a number in [{}, {}], got {}", formatNumber(lo), formatNumber(hi),
                       describe(n)));
    const double v = *n.value<double>();
    if (!(v >= lo && v <= hi))
      fail(n, key,
           fmt::format("value {} is out of range; allowed [{}, {}]", formatNumber(v),
                       formatNumber(lo), formatNumber(hi)));
    return v;
  }

  double number(std::string_view key, double def, double lo, double hi) {
    const toml::node* n = find(key);
    return n ? number(*n, key, lo, hi) : def;
  }

  bool boolean(std::string_view key, bool def) {
    const toml::node* n = find(key);
    if (!n) return def;
    if (!n->is_boolean())
      fail(*n, key, fmt::format("expected true or false, got {}", describe(*n)));
    return *n->value<bool>();
  }

  std::string string(std::string_view key, std::string def) {
    const toml::node* n = find(key);
    if (!n) return def;
    if (!n->is_string()) fail(*n, key, fmt::format("expected a string, got {}", describe(*n)));
    return *n->value<std::string>();
  }

  /// A string that must be one of `allowed`.
  std::string choice(std::string_view key, std::string def,
                     const std::vector<std::string>& allowed) {
    const toml::node* n = find(key);
    if (!n) return def;
    const std::string options = fmt::format("one of {}", fmt::join(allowed, ", "));
    if (!n->is_string()) fail(*n, key, fmt::format("expected {}, got {}", options, describe(*n)));
    std::string v = *n->value<std::string>();
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      fail(*n, key,
           fmt::format("unknown value \"{}\"{}; expected {}", v, didYouMean(v, allowed), options));
    return v;
  }

  /// A sub-table, or nullptr when the key is absent.
  const toml::table* table(std::string_view key) {
    const toml::node* n = find(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(*n, key, fmt::format("expected a table, got {}", describe(*n)));
    return n->as_table();
  }

  const toml::array* array(std::string_view key) {
    const toml::node* n = find(key);
    if (!n) return nullptr;
    if (!n->is_array()) fail(*n, key, fmt::format("expected an array, got {}", describe(*n)));
    return n->as_array();
  }

  /// Rejects every key of the table that was not asked for.
  void finish() const {
    std::vector<std::string> known(m_known.begin(), m_known.end());
    for (const auto& [k, node] : m_table) {
      if (m_known.count(std::string(k.str()))) continue;
      const std::string full = path(k.str());
      throw ScenarioError(
          fmt::format("{}: unknown key '{}'{}; allowed keys here: {}",
                      k.source().path ? location(k.source(), m_fallback) : where(node, full), full,
                      didYouMean(k.str(), known), fmt::join(known, ", ")));
    }
  }

  std::string path(std::string_view key) const {
    return m_prefix.empty() ? std::string(key) : fmt::format("{}.{}", m_prefix, key);
  }
  std::string_view fallback() const { return m_fallback; }

 private:
  const toml::table& m_table;
  std::string m_prefix;
  std::string_view m_fallback;
  const Origins& m_origins;
  std::set<std::string, std::less<>> m_known;
};

/// Each table of the array `key` (at most `max`), read by `read(reader, table, key)`.
template <class Read>
void forEachTable(TableReader& r, std::string_view key, std::size_t max, const Read& read) {
  const toml::array* a = r.array(key);
  if (!a) return;
  if (a->size() > max) r.fail(*a, key, fmt::format("at most {} entries", max));
  for (std::size_t k = 0; k < a->size(); ++k) {
    const toml::node& c = *a->get(k);
    const std::string entry = fmt::format("{}.{}", key, k);
    if (!c.is_table()) r.fail(c, entry, fmt::format("expected a table ([[...{}]])", key));
    read(*c.as_table(), entry);
  }
}

/// A TOML document; invalid TOML is a ScenarioError naming the file and line.
inline toml::table parseToml(std::string_view text, std::string_view sourceName) {
  try {
    return toml::parse(text, sourceName);
  } catch (const toml::parse_error& e) {
    throw ScenarioError(
        fmt::format("{}: invalid TOML: {}", location(e.source(), sourceName), e.description()));
  }
}

/// The text of a file; a missing or unreadable file is a ScenarioError ("PATH: KIND not
/// found").
inline std::string readTextFile(const std::string& path, std::string_view kind) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw ScenarioError(fmt::format("{}: {} not found", path, kind));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(fmt::format("{}: cannot open {}", path, kind));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace painsim::sim
