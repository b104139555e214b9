// Health economics and trajectory classes from whole runs: discounting, the two ways
// of valuing lost output, QALYs responding to care and to the utility map, draws
// that are reproducible and respond to uncertain parameters, the engine's trajectory
// classes agreeing with the documented classifier, and the report's tables
// (analysis/Report.hpp) and command line.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>

#include "analysis/Report.hpp"
#include "models/Trajectory.hpp"
#include "sim/Draws.hpp"
#include "sim/ResultFile.hpp"
#include "sim/Rng.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

double meanOf(const std::vector<float>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

const analysis::Table& tableOf(const analysis::Report& r, const char* name) {
  return r.table(name);
}

std::size_t column(const analysis::Table& t, const std::string& name) {
  const auto at = std::find(t.columns.begin(), t.columns.end(), name);
  EXPECT_NE(at, t.columns.end()) << t.name << " has no column " << name;
  return std::size_t(at - t.columns.begin());
}

double numberAt(const std::vector<analysis::Cell>& row, std::size_t k) {
  if (const auto* d = std::get_if<double>(&row[k])) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&row[k])) return double(*i);
  return NAN;
}

std::string textAt(const std::vector<analysis::Cell>& row, std::size_t k) {
  return std::get<std::string>(row[k]);
}

/// A result file of the small two-arm scenario (40 stored people, seed 11) with `sets`,
/// written to `dir`/r.h5 with its draws.
std::string smallResult(const TempDir& dir, const std::vector<std::string>& sets,
                        std::int64_t people = 1500, int weeks = 52) {
  std::vector<std::string> all = {"recording.sample=40"};
  all.insert(all.end(), sets.begin(), sets.end());
  const sim::Scenario s = scenarioFromText(smallScenario(people, weeks, 11).sourceText, all);
  const auto r = sim::runScenario(s);
  const std::string path = (dir / "r.h5").string();
  sim::ResultWriter w(path);
  w.write(s, r, {"test", "test", "test", "2026-01-01T00:00:00Z", 1}, sim::runDraws(s, {}));
  w.commit();
  return path;
}

}  // namespace

TEST(EconomicsScience, DiscountingLowersLaterValuesAndAZeroRateChangesNothing) {
  const auto run = [](const std::string& rate) {
    auto s = smallScenario(800, 104);
    s = scenarioFromText(
        s.sourceText, {"economics.discount_costs=" + rate, "economics.discount_effects=" + rate});
    return sim::runScenario(s).arms[1].outcomes;
  };
  const sim::Outcomes none = run("0"), nice = run("0.035");
  for (std::size_t i = 0; i < none.qalys.size(); ++i) {
    ASSERT_EQ(none.qalys[i], none.qalysDiscounted[i]);
    ASSERT_EQ(none.careCost[i], none.careCostDiscounted[i]);
    ASSERT_EQ(none.qalys[i], nice.qalys[i]);  // discounting changes no one's course
  }
  EXPECT_LT(meanOf(nice.qalysDiscounted), meanOf(nice.qalys));
  EXPECT_LT(meanOf(nice.careCostDiscounted), meanOf(nice.careCost));
  EXPECT_LT(meanOf(nice.productivityLostDiscounted), meanOf(nice.productivityLost));
  // Two years at 3.5%: the discounted total is at least 1.035^-2 of the undiscounted one.
  EXPECT_GT(meanOf(nice.qalysDiscounted), meanOf(nice.qalys) / (1.035 * 1.035));
}

TEST(EconomicsScience, FrictionCountsNoMoreLostOutputThanHumanCapital) {
  const auto s = smallScenario(1500, 52);
  const auto o = sim::runScenario(s).arms[0].outcomes;
  double hc = 0, friction = 0;
  for (std::size_t i = 0; i < o.qalys.size(); ++i) {
    ASSERT_LE(o.frictionLostDiscounted[i], o.productivityLostDiscounted[i] + 1e-4f);
    hc += o.productivityLostDiscounted[i];
    friction += o.frictionLostDiscounted[i];
  }
  EXPECT_GT(hc, 0);
  EXPECT_LT(friction, hc);  // long absences and job losses exist in a year
  // With a friction period longer than the horizon and no job losses, the two agree.
  auto t = scenarioFromText(s.sourceText,
                            {"economics.friction_days=3650", "params.work.job_loss_rate=0"});
  const auto p = sim::runScenario(t).arms[0].outcomes;
  for (std::size_t i = 0; i < p.qalys.size(); ++i)
    ASSERT_NEAR(p.frictionLostDiscounted[i], p.productivityLostDiscounted[i], 1e-3);
}

TEST(EconomicsScience, CareThatLowersDisabilityGainsQalysAndCostsMore) {
  TempDir dir;
  const auto report = analysis::buildReport(smallResult(dir, {}, 3000));
  const auto& inc = tableOf(report, "incremental");
  ASSERT_EQ(inc.rows.size(), 1u);
  const auto& row = inc.rows[0];
  EXPECT_EQ(textAt(row, column(inc, "arm")), "graded_activity");
  EXPECT_GT(numberAt(row, column(inc, "inc_cost_lower")), 0);   // sessions cost money
  EXPECT_GT(numberAt(row, column(inc, "inc_qalys_lower")), 0);  // and help a little
  // ICER = incremental cost / incremental QALYs, and NMB = wtp dQ - dC.
  const double dc = numberAt(row, column(inc, "inc_cost"));
  const double dq = numberAt(row, column(inc, "inc_qalys"));
  EXPECT_NEAR(numberAt(row, column(inc, "icer")), dc / dq, 1e-6 * std::abs(dc / dq));
  EXPECT_NEAR(numberAt(row, column(inc, "nmb")), 20000 * dq - dc, 1e-6 * std::abs(dc) + 1e-6);
}

TEST(EconomicsScience, DrawsAreReproducibleAndASteeperUtilityMapGivesFewerQalys) {
  auto s = smallScenario(600, 26);
  s = scenarioFromText(s.sourceText + R"([uncertainty]
draws = 8
people = 300
[[uncertainty.parameter]]
name = "eq5d.rmdq_slope"
distribution = "uniform"
min = 0.020
max = 0.037
)");
  const sim::DrawSet a = sim::runDraws(s, {});
  ASSERT_EQ(a.draws.size(), 8u);
  EXPECT_EQ(a.people, 300);
  // Reproducible, and the same for any number of threads.
  sim::RunOptions one;
  one.threads = 1;
  const sim::DrawSet b = sim::runDraws(s, one);
  for (std::size_t d = 0; d < a.draws.size(); ++d) {
    EXPECT_EQ(a.draws[d].seed, sim::replicateSeed(s.seed, int(d) + 1));
    EXPECT_EQ(a.draws[d].parameters, b.draws[d].parameters);
    EXPECT_EQ(a.draws[d].arms[0].qalys, b.draws[d].arms[0].qalys);
    EXPECT_EQ(a.draws[d].arms[1].careCost, b.draws[d].arms[1].careCost);
  }
  // The slope's effect on QALYs, all else equal (one seed, the drawn slopes): fewer QALYs
  // for every steeper slope.
  const sim::Scenario fixed = s;
  std::vector<std::pair<double, double>> slopeQalys;
  for (const auto& d : a.draws) {
    auto run = sim::scaledTo(fixed, 300);
    run.params.eq5dRmdqSlope = float(d.parameters[0]);
    slopeQalys.push_back({d.parameters[0], sim::armMeans(sim::runScenario(run))[0].qalys});
  }
  std::sort(slopeQalys.begin(), slopeQalys.end());
  for (std::size_t k = 1; k < slopeQalys.size(); ++k)
    EXPECT_LT(slopeQalys[k].second, slopeQalys[k - 1].second);
}

TEST(EconomicsScience, TheEnginesTrajectoryClassesAreTheClassifiersOnReportedPain) {
  auto s = smallScenario(300, 52);
  s = scenarioFromText(s.sourceText,
                       {"recording.every=\"day\"", "recording.measures=[\"pain_nrs\"]"});
  const auto r = sim::runScenario(s);
  const std::size_t times = r.days.size();
  ASSERT_EQ(times, 365u);
  for (const auto& arm : r.arms) {
    const auto& o = arm.outcomes;
    std::array<int, 5> seen{};
    for (std::size_t j = 0; j < r.sampleIds.size(); ++j) {
      std::array<float, 13> weeks{}, months{};
      for (std::size_t k = 0; k < 13; ++k) {
        weeks[k] = arm.trajectories[j * times + 7 * k];
        months[k] = arm.trajectories[j * times + std::size_t(std::lround(364.0 * double(k) / 12))];
      }
      const std::uint32_t id = r.sampleIds[j];
      ASSERT_EQ(o.trajectoryClass12Weeks[id], std::int32_t(models::classifyTrajectory(weeks)));
      ASSERT_EQ(o.trajectoryClass12Months[id], std::int32_t(models::classifyTrajectory(months)));
      ++seen[std::size_t(o.trajectoryClass12Weeks[id])];
    }
    EXPECT_GE(std::count_if(seen.begin(), seen.end(), [](int n) { return n > 0; }), 3)
        << "classes emerge from the courses, several of them";
  }
  // A horizon shorter than 12 weeks classifies no one.
  const auto shortRun = sim::runScenario(smallScenario(50, 8));
  for (auto c : shortRun.arms[0].outcomes.trajectoryClass12Weeks) EXPECT_EQ(c, -1);
}

TEST(EconomicsScience, ReportTablesAddUpAndFollowTheChosenPerspective) {
  TempDir dir;
  const std::string path = smallResult(
      dir, {"uncertainty.draws=6", "uncertainty.people=300", "economics.wtp=30000"}, 800, 26);
  const auto payer = analysis::buildReport(path);
  analysis::ReportOptions societal;
  societal.perspective = "societal";
  const auto soc = analysis::buildReport(path, societal);
  EXPECT_EQ(payer.meta["wtp"].get<double>(), 30000);
  // Payer totals are care costs; societal totals add lost output.
  const auto& e = tableOf(payer, "economics");
  const auto& f = tableOf(soc, "economics");
  for (std::size_t a = 0; a < e.rows.size(); ++a) {
    const double care = numberAt(e.rows[a], column(e, "care_cost"));
    const double lost = numberAt(e.rows[a], column(e, "productivity_cost"));
    EXPECT_GT(lost, 0);
    EXPECT_NEAR(numberAt(e.rows[a], column(e, "total_cost")), care, 1e-9 * care);
    EXPECT_NEAR(numberAt(f.rows[a], column(f, "total_cost")), care + lost, 1e-6 * (care + lost));
  }
  // Trajectory-class shares sum to 1 per arm and horizon; 26 weeks: 12 weeks only.
  std::map<std::string, double> share;
  const auto& classes = tableOf(payer, "trajectory_classes");
  for (const auto& row : classes.rows)
    share[textAt(row, 0) + "/" + textAt(row, 1)] += numberAt(row, column(classes, "share"));
  EXPECT_EQ(share.size(), 2u);
  for (const auto& [key, total] : share) EXPECT_NEAR(total, 1.0, 1e-9) << key;
  // The acceptability curve: probabilities sum to 1 at every willingness to pay.
  std::map<double, double> ceac;
  const auto& c = tableOf(payer, "ceac");
  for (const auto& row : c.rows) ceac[numberAt(row, 0)] += numberAt(row, 2);
  EXPECT_EQ(ceac.size(), 101u);
  for (const auto& [wtp, total] : ceac) EXPECT_NEAR(total, 1.0, 1e-12) << wtp;
  EXPECT_EQ(tableOf(payer, "ce_plane").rows.size(), 6u);  // draws x arms other than comparator
  EXPECT_EQ(payer.meta["draws"].get<std::int64_t>(), 6);
  // Against the other arm, the comparator's differences change sign.
  analysis::ReportOptions other;
  other.comparator = "graded_activity";
  const auto flipped = analysis::buildReport(path, other);
  const auto& d1 = tableOf(payer, "incremental");
  const auto& d2 = tableOf(flipped, "incremental");
  EXPECT_NEAR(numberAt(d1.rows[0], 2), -numberAt(d2.rows[0], 2), 1e-6);
  other.comparator = "nobody";
  EXPECT_THROW(analysis::buildReport(path, other), std::invalid_argument);
}

TEST(EconomicsScience, ExportWritesDampackInputsWithOneRowPerDrawAndOneColumnPerStrategy) {
  TempDir dir;
  const std::string path = smallResult(dir,
                                       {"uncertainty.draws=4", "uncertainty.people=200",
                                        "uncertainty.parameter=[{name=\"eq5d.rmdq_slope\", "
                                        "distribution=\"uniform\", min=0.02, max=0.037}]"},
                                       400, 13);
  const auto files = analysis::csvFiles(analysis::buildReport(path));
  std::map<std::string, std::string> byName(files.begin(), files.end());
  for (const char* name :
       {"summary.csv", "trajectory_classes.csv", "differences.csv", "waiting.csv", "economics.csv",
        "icers.csv", "incremental.csv", "ce_plane.csv", "ceac.csv", "psa.csv", "individuals.csv",
        "provenance.csv", "dampack_cost.csv", "dampack_effectiveness.csv",
        "dampack_parameters.csv"})
    EXPECT_TRUE(byName.count(name)) << name;
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  const auto cost = lines(byName["dampack_cost.csv"]);
  ASSERT_EQ(cost.size(), 5u);  // header + 4 draws
  EXPECT_EQ(cost[0], "usual_care,graded_activity");
  EXPECT_EQ(lines(byName["dampack_effectiveness.csv"]).size(), 5u);
  const auto params = lines(byName["dampack_parameters.csv"]);
  ASSERT_EQ(params.size(), 5u);
  EXPECT_EQ(params[0], "eq5d.rmdq_slope");
  const auto psa = lines(byName["psa.csv"]);
  EXPECT_EQ(psa[0], "strategy,cost,effect,draw");
  EXPECT_EQ(psa.size(), 1u + 4u * 2u);
  // A label with a comma is quoted (RFC 4180).
  EXPECT_NE(byName["differences.csv"].find("\"Cost, payer perspective (discounted)\""),
            std::string::npos);
}

TEST(EconomicsScience, ReportAndExportCommandsWriteTheirFilesOrFailClearly) {
  TempDir dir;
  const CommandResult run = runPainsim(
      "run -q -o r.h5 --set population.size=300 --set simulation.weeks=13 "
      "--set uncertainty.draws=3 --set uncertainty.people=100",
      dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.output;
  const CommandResult report = runPainsim("report r.h5 -o page", dir.path());
  ASSERT_EQ(report.exitCode, 0) << report.output;
  std::ifstream in(dir / "page" / "report.html");
  const std::string html((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(html.find("{{"), std::string::npos) << "every placeholder filled";
  EXPECT_NE(html.find("id=\"painsim-data\""), std::string::npos);
  EXPECT_NE(html.find("\"scenario_name\":\"default\""), std::string::npos);
  const CommandResult exported = runPainsim("export r.h5 --csv tables", dir.path());
  ASSERT_EQ(exported.exitCode, 0) << exported.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "tables" / "icers.csv"));
  // Bad input: exit 2, a message naming the problem, nothing written.
  const CommandResult missing = runPainsim("report nothing.h5 -o out", dir.path());
  EXPECT_EQ(missing.exitCode, 2);
  EXPECT_NE(missing.output.find("nothing.h5: result file not found"), std::string::npos);
  std::ofstream(dir / "fake.h5") << "not hdf5";
  const CommandResult fake = runPainsim("export fake.h5 --csv out", dir.path());
  EXPECT_EQ(fake.exitCode, 2);
  EXPECT_NE(fake.output.find("not an HDF5 file"), std::string::npos);
  const CommandResult arm = runPainsim("report r.h5 -o out --comparator nobody", dir.path());
  EXPECT_EQ(arm.exitCode, 2);
  EXPECT_NE(arm.output.find("--comparator: no arm 'nobody'"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

}  // namespace painsim::test
