#include "analysis/Summaries.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace painsim::analysis {
namespace {

double weekOf(std::int32_t day) { return day / 7.0; }

bool isShare(const std::string& measure) { return measure == "in_pain"; }

template <class RowFn>
void forEachRow(const sim::ResultSummaries& s, const RowFn& fn) {
  for (const auto& arm : s.arms) {
    const auto& byMeasure = s.rows.at(arm);
    const std::size_t times = byMeasure.at(s.measures.front()).size();
    for (std::size_t t = 0; t < times; ++t)
      for (const auto& measure : s.measures) fn(arm, measure, byMeasure.at(measure)[t]);
  }
}

}  // namespace

std::vector<std::string> defaultTableMeasures() {
  return {"pain_nrs", "rmdq", "pcs", "tsk", "pseq", "in_pain"};
}

std::string summariesCsv(const sim::ResultSummaries& s) {
  std::string out = "arm,week,measure,n,mean,sd,p10,p50,p90\n";
  forEachRow(s, [&](const std::string& arm, const std::string& measure, const sim::SummaryRow& r) {
    out += fmt::format("{},{:g},{},{},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g}\n", arm, weekOf(r.day),
                       measure, r.n, r.mean, r.sd, r.p10, r.p50, r.p90);
  });
  return out;
}

std::string summariesJson(const sim::ResultSummaries& s) {
  std::string out = "[";
  bool first = true;
  forEachRow(s, [&](const std::string& arm, const std::string& measure, const sim::SummaryRow& r) {
    out += fmt::format(
        "{}\n  {{\"arm\": \"{}\", \"week\": {:g}, \"measure\": \"{}\", \"n\": {}, \"mean\": "
        "{:.9g}, "
        "\"sd\": {:.9g}, \"p10\": {:.9g}, \"p50\": {:.9g}, \"p90\": {:.9g}}}",
        first ? "" : ",", arm, weekOf(r.day), measure, r.n, r.mean, r.sd, r.p10, r.p50, r.p90);
    first = false;
  });
  out += "\n]\n";
  return out;
}

std::string summariesTable(const sim::ResultSummaries& s, const std::vector<int>& weeks,
                           const std::vector<std::string>& measures) {
  std::vector<std::string> shown;
  for (const auto& m : measures)
    if (std::find(s.measures.begin(), s.measures.end(), m) != s.measures.end()) shown.push_back(m);
  std::string out;
  for (const auto& arm : s.arms) {
    const auto& byMeasure = s.rows.at(arm);
    out += fmt::format("{} (n = {})\n", arm,
                       shown.empty() ? 0 : byMeasure.at(shown.front()).front().n);
    out += fmt::format("  {:>5}", "week");
    for (const auto& m : shown) out += fmt::format("  {:>14}", isShare(m) ? m + " %" : m);
    out += '\n';
    for (int week : weeks) {
      const auto& first = byMeasure.at(shown.front());
      const auto it = std::find_if(first.begin(), first.end(),
                                   [&](const sim::SummaryRow& r) { return r.day == 7 * week; });
      if (it == first.end()) continue;
      const auto t = std::size_t(it - first.begin());
      out += fmt::format("  {:>5}", week);
      for (const auto& m : shown) {
        const sim::SummaryRow& r = byMeasure.at(m)[t];
        out += isShare(m) ? fmt::format("  {:>14.1f}", 100 * r.mean)
                          : fmt::format("  {:>14}", fmt::format("{:.2f} ({:.2f})", r.mean, r.sd));
      }
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

}  // namespace painsim::analysis
