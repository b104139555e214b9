#include "sim/ResultFile.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstddef>
#include <filesystem>
#include <span>
#include <type_traits>
#include <utility>

#include "models/Parameters.hpp"
#include "models/Trajectory.hpp"
#include "sim/ChunkWriter.hpp"
#include "sim/Hdf5Handle.hpp"
#include "sim/Rng.hpp"

namespace painsim::sim {
namespace {

using Handle = Hdf5Handle<ResultFileError>;

void check(herr_t status, const std::string& what) {
  if (status < 0) throw ResultFileError(what);
}

/// HDF5's own error printing is off: painsim reports errors itself.
void silenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle stringType() {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "cannot create string type");
  check(H5Tset_size(t, H5T_VARIABLE), "cannot size string type");
  check(H5Tset_cset(t, H5T_CSET_UTF8), "cannot set string charset");
  return t;
}

Handle group(hid_t parent, const std::string& name) {
  return Handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "cannot create group " + name);
}

void attribute(hid_t obj, const std::string& name, const std::string& value) {
  const Handle type = stringType();
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "dataspace");
  const Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    "cannot create attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(attr, type, &text), "cannot write attribute " + name);
}

template <class T>
void attribute(hid_t obj, const std::string& name, T value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "dataspace");
  const Handle attr(H5Acreate2(obj, name.c_str(), nativeType<T>(), space, H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose, "cannot create attribute " + name);
  check(H5Awrite(attr, nativeType<T>(), &value), "cannot write attribute " + name);
}

/// An array of strings; an empty one has a null dataspace (h5py reads it as Empty).
void attribute(hid_t obj, const std::string& name, const std::vector<std::string>& values) {
  const Handle type = stringType();
  const hsize_t n = values.size();
  const Handle space(n ? H5Screate_simple(1, &n, nullptr) : H5Screate(H5S_NULL), H5Sclose,
                     "dataspace");
  const Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    "cannot create attribute " + name);
  if (!n) return;
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  check(H5Awrite(attr, type, pointers.data()), "cannot write attribute " + name);
}

void describeDataset(hid_t dataset, std::string_view unit, std::string_view description) {
  attribute(dataset, "units", std::string(unit));
  attribute(dataset, "description", std::string(description));
}

/// A dataset of `type` with the given shape; chunked and compressed when `compress`.
Handle createDataset(hid_t parent, const std::string& name, hid_t type,
                     const std::vector<hsize_t>& dims, bool compress) {
  const Handle space(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose,
                     "dataspace for " + name);
  const Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  bool empty = false;
  for (hsize_t d : dims) empty = empty || d == 0;
  if (compress && !empty) {
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::min<hsize_t>(dims[0], 512);  // 512 people x all times per chunk
    check(H5Pset_chunk(props, int(chunk.size()), chunk.data()), "chunking " + name);
    check(H5Pset_shuffle(props), "shuffle filter " + name);
    check(H5Pset_deflate(props, 4), "deflate filter " + name);
  }
  return Handle(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, props, H5P_DEFAULT),
                H5Dclose, "cannot create dataset " + name);
}

template <class T>
void writeVector(hid_t parent, const std::string& name, const std::vector<T>& data,
                 std::string_view unit, std::string_view description, bool compress = false) {
  const Handle d = createDataset(parent, name, nativeType<T>(), {hsize_t(data.size())}, compress);
  if (!data.empty())
    check(H5Dwrite(d, nativeType<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()),
          "cannot write " + name);
  describeDataset(d, unit, description);
}

Handle summaryType() {
  Handle t(H5Tcreate(H5T_COMPOUND, sizeof(SummaryRow)), H5Tclose, "summary type");
  check(H5Tinsert(t, "day", HOFFSET(SummaryRow, day), H5T_NATIVE_INT32), "summary type");
  check(H5Tinsert(t, "n", HOFFSET(SummaryRow, n), H5T_NATIVE_INT64), "summary type");
  check(H5Tinsert(t, "mean", HOFFSET(SummaryRow, mean), H5T_NATIVE_DOUBLE), "summary type");
  check(H5Tinsert(t, "sd", HOFFSET(SummaryRow, sd), H5T_NATIVE_DOUBLE), "summary type");
  check(H5Tinsert(t, "p10", HOFFSET(SummaryRow, p10), H5T_NATIVE_DOUBLE), "summary type");
  check(H5Tinsert(t, "p50", HOFFSET(SummaryRow, p50), H5T_NATIVE_DOUBLE), "summary type");
  check(H5Tinsert(t, "p90", HOFFSET(SummaryRow, p90), H5T_NATIVE_DOUBLE), "summary type");
  return t;
}

struct ParameterRow {
  const char* name;
  double value, defaultValue, minValue, maxValue;
  const char* unit;
  const char* description;
  const char* source;
};

void writeParameters(hid_t file, const models::Params& params) {
  const Handle str = stringType();
  const Handle t(H5Tcreate(H5T_COMPOUND, sizeof(ParameterRow)), H5Tclose, "parameter type");
  check(H5Tinsert(t, "name", HOFFSET(ParameterRow, name), str), "parameter type");
  check(H5Tinsert(t, "value", HOFFSET(ParameterRow, value), H5T_NATIVE_DOUBLE), "parameter type");
  check(H5Tinsert(t, "default", HOFFSET(ParameterRow, defaultValue), H5T_NATIVE_DOUBLE),
        "parameter type");
  check(H5Tinsert(t, "min", HOFFSET(ParameterRow, minValue), H5T_NATIVE_DOUBLE), "parameter type");
  check(H5Tinsert(t, "max", HOFFSET(ParameterRow, maxValue), H5T_NATIVE_DOUBLE), "parameter type");
  check(H5Tinsert(t, "unit", HOFFSET(ParameterRow, unit), str), "parameter type");
  check(H5Tinsert(t, "description", HOFFSET(ParameterRow, description), str), "parameter type");
  check(H5Tinsert(t, "source", HOFFSET(ParameterRow, source), str), "parameter type");

  const auto table = models::parameterTable();
  std::vector<std::string> text;  // keeps the C strings alive
  text.reserve(table.size() * 4);
  std::vector<ParameterRow> rows;
  for (const auto& spec : table) {
    const auto keep = [&](std::string_view s) { return text.emplace_back(s).c_str(); };
    rows.push_back({keep(spec.name), double(params.*(spec.member)), spec.defaultValue,
                    spec.minValue, spec.maxValue, keep(spec.unit), keep(spec.description),
                    keep(spec.source)});
  }
  const Handle d = createDataset(file, "parameters", t, {hsize_t(rows.size())}, false);
  check(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot write parameters");
  attribute(d, "units", std::string("per row: see the 'unit' field"));
  attribute(d, "description",
            std::string("Resolved model parameters of this run (value) with their table default, "
                        "allowed range, unit, meaning and source"));
}

std::string careText(const Scenario& s, const Arm& arm) {
  std::string text;
  const auto add = [&](const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
  for (const auto& step : arm.care) {
    std::string rule;
    for (const auto& e : step.eligible)
      rule += fmt::format("{}{} in [{:g}, {:g}]", rule.empty() ? ", eligible if " : " and ",
                          models::measureInfo(e.measure).name, e.lo, e.hi);
    add(fmt::format("{}: referrals days {}-{}, delay {} days{}", s.programmes[step.programme].name,
                    step.startDay, step.startDay + step.windowDays - 1, step.referralDelayDays,
                    rule));
  }
  for (std::size_t g = 0; g < s.regions.size(); ++g)
    for (const auto& c : capacityIn(s, arm, g))
      add(fmt::format("{}{}: {:g} places per week, {}", s.programmes[c.programme].name,
                      s.regions.size() > 1 ? " in " + s.regions[g].name : std::string(),
                      c.placesPerWeek,
                      c.order == Capacity::Order::kRisk ? "highest risk first" : "first come"));
  const EmployerOptions& e = arm.employer;
  if (e.modifiedDutiesEverywhere) add("employers: modified duties everywhere");
  if (e.earlyContact) add("employers: early contact");
  if (e.gradedReturn) add("employers: graded return");
  for (const auto& c : arm.closures) add(fmt::format("closed days {}-{}", c.firstDay, c.lastDay));
  return text.empty() ? "no care" : text;
}

struct WaitingRow {
  std::int32_t week;
  const char* region;
  const char* programme;
  std::int64_t queueLength, referred, started, left;
  double meanWaitDays;
};

Handle waitingType() {
  const Handle str = stringType();
  Handle t(H5Tcreate(H5T_COMPOUND, sizeof(WaitingRow)), H5Tclose, "waiting type");
  check(H5Tinsert(t, "week", HOFFSET(WaitingRow, week), H5T_NATIVE_INT32), "waiting type");
  check(H5Tinsert(t, "region", HOFFSET(WaitingRow, region), str), "waiting type");
  check(H5Tinsert(t, "programme", HOFFSET(WaitingRow, programme), str), "waiting type");
  check(H5Tinsert(t, "queue_length", HOFFSET(WaitingRow, queueLength), H5T_NATIVE_INT64),
        "waiting type");
  check(H5Tinsert(t, "referred", HOFFSET(WaitingRow, referred), H5T_NATIVE_INT64), "waiting type");
  check(H5Tinsert(t, "started", HOFFSET(WaitingRow, started), H5T_NATIVE_INT64), "waiting type");
  check(H5Tinsert(t, "left", HOFFSET(WaitingRow, left), H5T_NATIVE_INT64), "waiting type");
  check(H5Tinsert(t, "mean_wait_days", HOFFSET(WaitingRow, meanWaitDays), H5T_NATIVE_DOUBLE),
        "waiting type");
  return t;
}

void writeWaiting(hid_t parent, const Scenario& s, const std::vector<WaitingWeek>& weeks) {
  const Handle t = waitingType();
  std::vector<WaitingRow> rows;
  for (const auto& w : weeks)
    rows.push_back({w.week, s.regions[w.region].name.c_str(),
                    s.programmes[w.programme].name.c_str(), w.queueLength, w.referred, w.started,
                    w.left, w.meanWaitDays});
  const Handle d = createDataset(parent, "waiting", t, {hsize_t(rows.size())}, false);
  if (!rows.empty())
    check(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot write waiting");
  attribute(d, "units", std::string("week; people; days (mean_wait_days)"));
  attribute(
      d, "description",
      std::string("Per week (ending on day 7 week), region and programme of the pathway: people "
                  "waiting at the end of the week (referred or on the list), new "
                  "referrals, first sessions, people who left a list, and the mean days "
                  "from referral to first session of those who started (NaN if none)"));
}

struct RegionRow {
  const char* name;
  std::int64_t firstPersonId, people;
  std::int32_t run;
};

void writeRegions(hid_t parent, const Scenario& s, const RunResult& r) {
  const Handle str = stringType();
  const Handle t(H5Tcreate(H5T_COMPOUND, sizeof(RegionRow)), H5Tclose, "region type");
  check(H5Tinsert(t, "name", HOFFSET(RegionRow, name), str), "region type");
  check(H5Tinsert(t, "first_person_id", HOFFSET(RegionRow, firstPersonId), H5T_NATIVE_INT64),
        "region type");
  check(H5Tinsert(t, "people", HOFFSET(RegionRow, people), H5T_NATIVE_INT64), "region type");
  check(H5Tinsert(t, "run", HOFFSET(RegionRow, run), H5T_NATIVE_INT32), "region type");
  std::vector<RegionRow> rows;
  for (std::size_t g = 0; g < s.regions.size(); ++g)
    rows.push_back({s.regions[g].name.c_str(), s.regions[g].first, s.regions[g].people,
                    std::binary_search(r.regions.begin(), r.regions.end(), g) ? 1 : 0});
  const Handle d = createDataset(parent, "regions", t, {hsize_t(rows.size())}, false);
  check(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot write regions");
  attribute(d, "units", std::string("person id; people"));
  attribute(d, "description",
            std::string("Regions in scenario order: people with ids first_person_id to "
                        "first_person_id + people - 1 live there; run = 1 if this file holds "
                        "them (outcomes list the people run, in id order)"));
}

std::string_view cadenceName(Cadence c) {
  return c == Cadence::kDaily ? "day" : c == Cadence::kMonthly ? "month" : "week";
}

/// A "summary" group under `parent`: one dataset per recorded measure.
void writeSummaries(hid_t parent, const Scenario& s, const std::vector<SummaryStats>& summaries,
                    const RunResult& run, const std::string& description) {
  const auto& measures = s.recording.measures;
  const std::size_t times = run.days.size();
  const Handle summary = group(parent, "summary");
  attribute(summary, "description", description);
  const Handle type = summaryType();
  for (std::size_t m = 0; m < measures.size(); ++m) {
    std::vector<SummaryRow> rows(times);
    for (std::size_t t = 0; t < times; ++t) {
      const SummaryStats& st = summaries[m * times + t];
      rows[t] = {run.days[t], st.n, st.mean, st.sd, st.p10, st.p50, st.p90};
    }
    const auto& info = models::measureInfo(measures[m]);
    const Handle d = createDataset(summary, std::string(info.name), type, {hsize_t(times)}, false);
    check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot write summary");
    describeDataset(d, info.unit, info.description);
  }
}

void writeArm(hid_t arms, const Scenario& s, const Arm& arm, const ArmResult& r,
              const RunResult& run, int threads) {
  const Handle g = group(arms, arm.name);
  attribute(g, "description", arm.description);
  attribute(g, "care", careText(s, arm));
  writeWaiting(g, s, r.waiting);

  const auto& measures = s.recording.measures;
  const std::size_t times = run.days.size();
  const std::size_t sampled = run.sampleIds.size();
  writeSummaries(g, s, r.summaries, run,
                 "Exact statistics over everyone in the arm on each recording day: n, mean, "
                 "sd (n-1), and type-7 quantiles p10, p50, p90");
  if (!r.regionSummaries.empty()) {
    const Handle regions = group(g, "regions");
    attribute(regions, "description",
              std::string("The arm's summaries over the people of each region"));
    for (std::size_t k = 0; k < run.regions.size(); ++k) {
      const Handle region = group(regions, s.regions[run.regions[k]].name);
      writeSummaries(region, s, r.regionSummaries[k], run,
                     "Exact statistics over the region's people in the arm on each recording "
                     "day: n, mean, sd (n-1), and type-7 quantiles p10, p50, p90");
    }
  }
  {
    const Handle traj = group(g, "trajectories");
    attribute(traj, "description",
              std::string("Per-person trajectories [person x time] of the people in "
                          "/recording/sample_person_id on the days in /recording/days"));
    for (std::size_t m = 0; m < measures.size(); ++m) {
      const auto& info = models::measureInfo(measures[m]);
      const Handle d = createDataset(traj, std::string(info.name), H5T_NATIVE_FLOAT,
                                     {hsize_t(sampled), hsize_t(times)}, true);
      // The chunks are compressed on `threads` threads and written in order: the same
      // bytes as H5Dwrite through the filters, for any thread count.
      try {
        writeCompressedChunks(
            d, std::span<const float>(r.trajectories).subspan(m * sampled * times, sampled * times),
            sampled, times, threads);
      } catch (const ChunkWriteError& e) {
        throw ResultFileError(fmt::format("cannot write trajectories {}: {}", info.name, e.what()));
      }
      describeDataset(d, info.unit, info.description);
      attribute(d, "dimensions", std::string("person, time"));
    }
  }
  {
    const Handle out = group(g, "outcomes");
    attribute(out, "description",
              fmt::format("Per-person outcomes over days 0-{} for everyone run, in id order "
                          "(/regions gives each region's ids); recovery = first day of {} "
                          "consecutive days at 0",
                          s.days, s.recoveryDays));
    const Outcomes& o = r.outcomes;
    writeVector(out, "day_recovered_pain", o.dayRecoveredPain, "day",
                "First day of the first run of recovery_days days with NRS 0; -1 if none", true);
    writeVector(out, "day_recovered_disability", o.dayRecoveredDisability, "day",
                "First day of the first run of recovery_days days with RMDQ 0; -1 if none", true);
    writeVector(out, "days_in_pain", o.daysInPain, "day", "Days with reported NRS >= 1", true);
    writeVector(out, "flares", o.flares, "count", "Flares and re-injuries", true);
    writeVector(out, "day_first_recurrence", o.dayFirstRecurrence, "day",
                "First day with NRS >= 2 after at least 7 pain-free days; -1 if none", true);
    writeVector(out, "day_returned_work", o.dayReturnedWork, "day",
                "First day back at full duties for those off work or on modified duties at "
                "consultation; -1 not yet; -2 does not apply (working or not in paid work)",
                true);
    writeVector(out, "days_off_work", o.daysOffWork, "day",
                "Days absent: sick leave or long-term work disability", true);
    constexpr const char* kWorkCodes =
        "0 working, 1 sick leave, 2 modified duties, 3 not in paid work, 4 long-term work "
        "disability, 5 job lost";
    writeVector(out, "work_status_at_entry", o.workStatusAtEntry, "code", kWorkCodes, true);
    writeVector(out, "work_status_at_end", o.workStatusAtEnd, "code", kWorkCodes, true);
    writeVector(out, "productivity_lost", o.productivityLost, "working day",
                "Output lost over the horizon: absence and job loss (1 a day), modified duties "
                "(work.modified_productivity_loss), pain at work (work.presenteeism_weight x pain)",
                true);
    writeVector(out, "mean_pain_nrs", o.meanPainNrs, "NRS 0-10",
                "Mean reported NRS over all days (area under the pain curve / days)", true);
    writeVector(out, "care_cost", o.careCost, "currency",
                "Care cost over the horizon: sessions, contacts at referral, daily doses", true);
    writeVector(out, "sessions_attended", o.sessionsAttended, "count",
                "Care sessions attended over the horizon", true);
    writeVector(out, "care_cost_discounted", o.careCostDiscounted, "currency",
                "Care cost over the horizon, discounted to day 0 (economics.discount_costs)", true);
    writeVector(out, "productivity_lost_discounted", o.productivityLostDiscounted, "working day",
                "productivity_lost discounted to day 0 (economics.discount_costs): the "
                "human-capital count of lost output",
                true);
    writeVector(out, "productivity_lost_friction_discounted", o.frictionLostDiscounted,
                "working day",
                "Output lost within the friction period (economics.friction_days of each "
                "absence; nothing after a job loss), discounted to day 0",
                true);
    writeVector(out, "qalys", o.qalys, "QALY",
                "Quality-adjusted life years over the horizon (utility / 365.25 a day)", true);
    writeVector(out, "qalys_discounted", o.qalysDiscounted, "QALY",
                "QALYs over the horizon, discounted to day 0 (economics.discount_effects)", true);
    const std::string classes = fmt::format("-1 horizon too short, {}", [] {
      std::string t;
      for (std::size_t k = 0; k < models::kTrajectoryClassNames.size(); ++k)
        t += fmt::format("{}{} {}", k ? ", " : "", k, models::kTrajectoryClassNames[k]);
      return t;
    }());
    writeVector(out, "trajectory_class_12_weeks", o.trajectoryClass12Weeks, "code",
                "Trajectory class of reported pain at weeks 0..12 (docs/model.md): " + classes,
                true);
    writeVector(out, "trajectory_class_12_months", o.trajectoryClass12Months, "code",
                "Trajectory class of reported pain at 13 points a twelfth of 52 weeks apart "
                "(days round(364 k / 12), k = 0..12): " +
                    classes,
                true);
  }
}

struct DrawRow {
  std::int32_t draw;
  std::uint64_t seed;
  const char* arm;
  std::int64_t people;
  double qalys, qalysUndiscounted, careCost, productivityLost, frictionLost;
};

Handle drawType() {
  const Handle str = stringType();
  Handle t(H5Tcreate(H5T_COMPOUND, sizeof(DrawRow)), H5Tclose, "draw type");
  const auto add = [&](const char* name, std::size_t offset, hid_t type) {
    check(H5Tinsert(t, name, offset, type), "draw type");
  };
  add("draw", HOFFSET(DrawRow, draw), H5T_NATIVE_INT32);
  add("seed", HOFFSET(DrawRow, seed), H5T_NATIVE_UINT64);
  add("arm", HOFFSET(DrawRow, arm), str);
  add("people", HOFFSET(DrawRow, people), H5T_NATIVE_INT64);
  add("qalys", HOFFSET(DrawRow, qalys), H5T_NATIVE_DOUBLE);
  add("qalys_undiscounted", HOFFSET(DrawRow, qalysUndiscounted), H5T_NATIVE_DOUBLE);
  add("care_cost", HOFFSET(DrawRow, careCost), H5T_NATIVE_DOUBLE);
  add("productivity_lost", HOFFSET(DrawRow, productivityLost), H5T_NATIVE_DOUBLE);
  add("productivity_lost_friction", HOFFSET(DrawRow, frictionLost), H5T_NATIVE_DOUBLE);
  return t;
}

void writeEconomics(hid_t file, const Scenario& s, const DrawSet& draws) {
  const Economics& e = s.economics;
  const Handle g = group(file, "economics");
  attribute(g, "description",
            std::string("How QALYs and costs are counted (docs/economics.md), and the draws for "
                        "their uncertainty"));
  attribute(g, "currency", e.currency);
  attribute(g, "price_year", std::int32_t(e.priceYear));
  attribute(g, "perspective",
            std::string(e.perspective == Economics::Perspective::kPayer ? "payer" : "societal"));
  attribute(g, "productivity",
            std::string(e.productivity == Economics::Productivity::kFriction ? "friction"
                                                                             : "human_capital"));
  attribute(g, "discount_costs", e.discountCosts);
  attribute(g, "discount_effects", e.discountEffects);
  const models::UtilityMap u = utilityMap(s);
  attribute(g, "utility", e.utility);
  attribute(g, "utility_intercept", double(u.intercept));
  attribute(g, "utility_rmdq_slope", double(u.rmdqSlope));
  attribute(g, "utility_pain_slope", double(u.painSlope));
  attribute(g, "wage_per_day", e.wagePerDay);
  attribute(g, "friction_days", std::int32_t(e.frictionDays));
  attribute(g, "friction_elasticity", e.frictionElasticity);
  attribute(g, "comparator", e.comparator);
  attribute(g, "wtp", e.wtp);
  attribute(g, "wtp_max", e.wtpMax);
  attribute(g, "draw_source", drawSource(s));
  attribute(g, "draw_people", std::int64_t(draws.people));
  std::vector<std::string> names;
  for (const auto& p : s.uncertainty.parameters) names.push_back(p.name);
  attribute(g, "uncertain_parameters", names);

  std::vector<DrawRow> rows;
  std::vector<double> values;
  for (const Draw& d : draws.draws) {
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      const DrawArm& m = d.arms[a];
      rows.push_back({std::int32_t(d.index), d.seed, s.arms[a].name.c_str(), draws.people, m.qalys,
                      m.qalysUndiscounted, m.careCost, m.productivityLost, m.frictionLost});
    }
    values.insert(values.end(), d.parameters.begin(), d.parameters.end());
  }
  const Handle type = drawType();
  const Handle d = createDataset(g, "draws", type, {hsize_t(rows.size())}, false);
  if (!rows.empty())
    check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot write draws");
  attribute(d, "units", std::string("QALY; currency (care_cost); working day (productivity)"));
  attribute(d, "description",
            std::string("Per draw and arm: means per person over the draw's people, discounted "
                        "unless said otherwise. Each draw runs every arm with seed `seed` and "
                        "the parameter values in draw_parameters"));
  const Handle p = createDataset(g, "draw_parameters", H5T_NATIVE_DOUBLE,
                                 {hsize_t(draws.draws.size()), hsize_t(names.size())}, false);
  if (!values.empty())
    check(H5Dwrite(p, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "cannot write draw parameters");
  describeDataset(p, "parameter units (painsim params)",
                  "Values of the uncertain parameters [draw x parameter] (attribute "
                  "uncertain_parameters of /economics names the columns)");
}

}  // namespace

ResultWriter::ResultWriter(std::string path) : m_path(std::move(path)) {
  silenceHdf5();
  namespace fs = std::filesystem;
  const fs::path target(m_path);
  std::error_code ec;
  if (target.has_parent_path() && !fs::exists(target.parent_path(), ec)) {
    fs::create_directories(target.parent_path(), ec);
    if (ec)
      throw ResultFileError(
          fmt::format("{}: cannot create the output folder: {}", m_path, ec.message()));
  }
  if (fs::is_directory(target, ec))
    throw ResultFileError(
        fmt::format("{}: is a folder; give a file name such as {}/result.h5", m_path, m_path));
  m_tmpPath = fmt::format("{}.tmp-{}", m_path, ::getpid());
  m_file = H5Fcreate(m_tmpPath.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (m_file < 0) throw ResultFileError(fmt::format("{}: cannot create the output file", m_path));
}

ResultWriter::~ResultWriter() {
  if (m_file >= 0) H5Fclose(m_file);
  if (!m_committed) {
    std::error_code ec;
    std::filesystem::remove(m_tmpPath, ec);
  }
}

void ResultWriter::write(const Scenario& s, const RunResult& r, const Provenance& p,
                         const DrawSet& draws) {
  const hid_t f = m_file;
  try {
    attribute(f, "format", std::string(kResultFormat));
    attribute(f, "painsim_version", p.version);
    attribute(f, "git_commit", p.gitCommit);
    attribute(f, "seed", s.seed);
    attribute(f, "scenario_name", s.name);
    attribute(f, "scenario_source", s.sourceName);
    attribute(f, "scenario_toml", s.sourceText);
    attribute(f, "scenario_resolved_toml", s.resolvedText);
    attribute(f, "command_line", p.commandLine);
    attribute(f, "threads", std::int32_t(p.threads));
    attribute(f, "created_utc", p.createdUtc);
    attribute(f, "rng_algorithm", std::string(kRngAlgorithmName));
    attribute(f, "population_size", std::int64_t(s.people));
    attribute(f, "days", std::int32_t(s.days));
    attribute(f, "recovery_days", std::int32_t(s.recoveryDays));
    std::vector<std::string> armNames;
    for (const auto& a : s.arms) armNames.push_back(a.name);
    attribute(f, "arm_names", armNames);

    writeParameters(f, s.params);
    writeRegions(f, s, r);
    {
      const Handle rec = group(f, "recording");
      attribute(rec, "cadence", std::string(cadenceName(s.recording.cadence)));
      writeVector(rec, "days", r.days, "day", "Recording days (0 = consultation)");
      writeVector(rec, "sample_person_id", r.sampleIds, "person id",
                  "People whose trajectories are stored (a fixed random sample, ascending)");
      std::vector<std::string> names;
      for (auto m : s.recording.measures) names.emplace_back(models::measureInfo(m).name);
      attribute(rec, "measures", names);
    }
    const Handle arms = group(f, "arms");
    for (std::size_t a = 0; a < s.arms.size(); ++a)
      writeArm(arms, s, s.arms[a], r.arms[a], r, p.threads);
    writeEconomics(f, s, draws);
  } catch (const ResultFileError& e) {
    throw ResultFileError(fmt::format("{}: {}", m_path, e.what()));
  }
}

void ResultWriter::commit() {
  if (H5Fclose(m_file) < 0) {
    m_file = -1;
    throw ResultFileError(fmt::format("{}: cannot finish writing the output file", m_path));
  }
  m_file = -1;
  std::error_code ec;
  std::filesystem::rename(m_tmpPath, m_path, ec);
  if (ec)
    throw ResultFileError(
        fmt::format("{}: cannot rename from {}: {}", m_path, m_tmpPath, ec.message()));
  m_committed = true;
}

// ------------------------------------------------------------------ reading

namespace {

Handle openFile(const std::string& path) {
  silenceHdf5();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw ResultFileError(fmt::format("{}: result file not found", path));
  return Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                fmt::format("{}: not an HDF5 file", path));
}

std::vector<std::string> readStringArrayAttribute(hid_t obj, const std::string& name) {
  const Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "missing attribute " + name);
  const Handle space(H5Aget_space(attr), H5Sclose, "dataspace");
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  const Handle type = stringType();
  if (n <= 0) return {};
  std::vector<char*> pointers(static_cast<std::size_t>(n));
  check(H5Aread(attr, type, pointers.data()), "cannot read attribute " + name);
  std::vector<std::string> values(pointers.begin(), pointers.end());
  check(H5Dvlen_reclaim(type, space, H5P_DEFAULT, pointers.data()), "reclaim");
  return values;
}

}  // namespace

std::string readRootAttribute(const std::string& path, const std::string& name) {
  const Handle file = openFile(path);
  try {
    auto values = readStringArrayAttribute(file, name);
    return values.empty() ? std::string{} : values.front();
  } catch (const ResultFileError& e) {
    throw ResultFileError(fmt::format("{}: {}", path, e.what()));
  }
}

ResultReader::ResultReader(std::string path) : m_path(std::move(path)) {
  Handle file = openFile(m_path);
  m_file = file;
  std::string format;
  try {
    const auto values = readStringArrayAttribute(file, "format");
    format = values.empty() ? "" : values.front();
  } catch (const ResultFileError&) {
  }
  if (format != kResultFormat)
    throw ResultFileError(
        fmt::format("{}: not a painsim result file (attribute 'format' is "
                    "\"{}\", expected \"{}\")",
                    m_path, format, kResultFormat));
  H5Iinc_ref(file);  // the reader keeps the file open after `file` closes its reference
}

ResultReader::~ResultReader() {
  if (m_file >= 0) H5Fclose(m_file);
}

void ResultReader::fail(const std::string& object, const std::string& what) const {
  throw ResultFileError(fmt::format("{}: {}: {}", m_path, object, what));
}

bool ResultReader::has(const std::string& object) const {
  if (object == "/") return true;
  std::string prefix;
  std::size_t start = object.front() == '/' ? 1 : 0;
  while (start <= object.size()) {
    const std::size_t end = std::min(object.find('/', start), object.size());
    prefix.push_back('/');
    prefix.append(object, start, end - start);
    if (H5Lexists(m_file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    start = end + 1;
  }
  return true;
}

std::vector<std::string> ResultReader::texts(const std::string& object,
                                             const std::string& attribute) const {
  if (!has(object)) fail(object, "missing");
  try {
    const Handle obj(H5Oopen(m_file, object.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
    return readStringArrayAttribute(obj, attribute);
  } catch (const ResultFileError& e) {
    fail(object, e.what());
  }
}

std::string ResultReader::text(const std::string& object, const std::string& attribute) const {
  const auto values = texts(object, attribute);
  return values.empty() ? std::string{} : values.front();
}

namespace {
template <class T>
T readNumber(const ResultReader& r, hid_t file, const std::string& object,
             const std::string& attribute) {
  if (!r.has(object)) throw ResultFileError(fmt::format("{}: {}: missing", r.path(), object));
  const Handle obj(H5Oopen(file, object.c_str(), H5P_DEFAULT), H5Oclose, "cannot open");
  if (H5Aexists(obj, attribute.c_str()) <= 0)
    throw ResultFileError(fmt::format("{}: {}: missing attribute {}", r.path(), object, attribute));
  const Handle attr(H5Aopen(obj, attribute.c_str(), H5P_DEFAULT), H5Aclose, "attribute");
  T value{};
  if (H5Aread(attr, nativeType<T>(), &value) < 0)
    throw ResultFileError(
        fmt::format("{}: {}: attribute {} is not a number", r.path(), object, attribute));
  return value;
}
}  // namespace

double ResultReader::number(const std::string& object, const std::string& attribute) const {
  return readNumber<double>(*this, m_file, object, attribute);
}

std::int64_t ResultReader::integer(const std::string& object, const std::string& attribute) const {
  return readNumber<std::int64_t>(*this, m_file, object, attribute);
}

std::vector<double> ResultReader::numbers(const std::string& dataset,
                                          std::vector<std::size_t>* shape) const {
  if (!has(dataset)) fail(dataset, "missing");
  const Handle d(H5Dopen2(m_file, dataset.c_str(), H5P_DEFAULT), H5Dclose, "cannot open");
  const Handle space(H5Dget_space(d), H5Sclose, "dataspace");
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(std::size_t(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (shape) shape->assign(dims.begin(), dims.end());
  std::vector<double> values(std::size_t(H5Sget_simple_extent_npoints(space)));
  if (!values.empty() &&
      H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    fail(dataset, "not a numeric dataset");
  return values;
}

namespace {

/// Reads a one-dimensional compound dataset into rows of `Row`; vlen strings are copied
/// out by `convert` and reclaimed.
template <class Row, class Out, class Convert>
std::vector<Out> readRows(hid_t file, const std::string& name, hid_t type, Convert convert) {
  const Handle d(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open");
  const Handle space(H5Dget_space(d), H5Sclose, "dataspace");
  std::vector<Row> rows(std::size_t(H5Sget_simple_extent_npoints(space)));
  std::vector<Out> out;
  if (rows.empty()) return out;
  check(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot read");
  for (const Row& r : rows) out.push_back(convert(r));
  check(H5Dvlen_reclaim(type, space, H5P_DEFAULT, rows.data()), "reclaim");
  return out;
}

}  // namespace

std::vector<WaitingRecord> ResultReader::waiting(const std::string& arm) const {
  const std::string name = fmt::format("/arms/{}/waiting", arm);
  if (!has(name)) fail(name, "missing");
  try {
    return readRows<WaitingRow, WaitingRecord>(
        m_file, name, waitingType(), [](const WaitingRow& r) {
          return WaitingRecord{r.week,     r.region,  r.programme, r.queueLength,
                               r.referred, r.started, r.left,      r.meanWaitDays};
        });
  } catch (const ResultFileError& e) {
    fail(name, e.what());
  }
}

std::vector<DrawRecord> ResultReader::draws() const {
  const std::string name = "/economics/draws";
  if (!has(name))
    fail(name, "missing: the file was written by an older painsim; run the scenario again");
  try {
    return readRows<DrawRow, DrawRecord>(m_file, name, drawType(), [](const DrawRow& r) {
      return DrawRecord{r.draw,        r.seed,
                        r.arm,         r.people,
                        r.qalys,       r.qalysUndiscounted,
                        r.careCost,    r.productivityLost,
                        r.frictionLost};
    });
  } catch (const ResultFileError& e) {
    fail(name, e.what());
  }
}

ResultSummaries readSummaries(const std::string& path) {
  const Handle file = openFile(path);
  ResultSummaries out;
  try {
    if (readStringArrayAttribute(file, "format").front() != kResultFormat)
      throw ResultFileError("not a painsim result file (attribute 'format' differs)");
    out.arms = readStringArrayAttribute(file, "arm_names");
    {
      const Handle rec(H5Gopen2(file, "recording", H5P_DEFAULT), H5Gclose, "missing /recording");
      out.measures = readStringArrayAttribute(rec, "measures");
    }
    const Handle type = summaryType();
    for (const auto& arm : out.arms) {
      for (const auto& measure : out.measures) {
        const std::string name = fmt::format("arms/{}/summary/{}", arm, measure);
        const Handle d(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "missing " + name);
        const Handle space(H5Dget_space(d), H5Sclose, "dataspace");
        std::vector<SummaryRow> rows(std::size_t(H5Sget_simple_extent_npoints(space)));
        check(H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "cannot read " + name);
        out.rows[arm][measure] = std::move(rows);
      }
    }
  } catch (const ResultFileError& e) {
    throw ResultFileError(fmt::format("{}: {}", path, e.what()));
  }
  return out;
}

}  // namespace painsim::sim
