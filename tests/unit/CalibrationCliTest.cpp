// painsim calibrate and painsim validate as a user meets them: bad targets are
// clear errors (exit 2), a missed target is exit 3, and a calibration writes its
// fitted parameters and report without making the fit worse than its start.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "analysis/Calibration.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

void writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `painsim validate` on a targets file with `text`, which must be refused before anything
/// is simulated (exit 2); returns what it printed.
std::string refusedTargets(const TempDir& dir, const std::string& text) {
  writeFile(dir / "t.toml", text);
  const auto r = runPainsim("validate --patients 500 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  return r.output;
}

/// C1 alone: only the acute cohort is simulated, so these runs are quick.
std::string c1Targets(double lowerWeek0, double upperWeek0) {
  return fmt::format(
      "[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"test\"\ncomponent = [\n"
      "  {{ name = \"mean_pain_0_100_week_0\", value = {}, lower = {}, upper = {} }},\n"
      "  {{ name = \"mean_pain_0_100_week_6\", value = 23, lower = 21, upper = 25 }},\n]\n",
      (lowerWeek0 + upperWeek0) / 2, lowerWeek0, upperWeek0);
}

/// A numeric column of one row of `painsim validate --format csv` output
/// (target,component,value,lower,upper,simulated,standard_error,...): `column` 5 is the
/// simulated value, 6 its standard error.
double csvColumn(const std::string& csv, const std::string& id, const std::string& component,
                 int column) {
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(id + "," + component + ",")) continue;
    std::istringstream fields(line);
    std::string field;
    for (int k = 0; k <= column; ++k) std::getline(fields, field, ',');
    return std::stod(field);
  }
  ADD_FAILURE() << "no row " << id << "," << component << " in\n" << csv;
  return 0.0;
}

/// The two numbers of "distance A -> B" in a fitted file's header, if there.
std::optional<std::pair<double, double>> distances(const std::string& text) {
  auto at = text.find("distance ");
  while (at != std::string::npos && !std::isdigit(static_cast<unsigned char>(text[at + 9])))
    at = text.find("distance ", at + 1);
  const auto arrow = text.find(" -> ", at);
  if (at == std::string::npos || arrow == std::string::npos) return std::nullopt;
  return std::pair{std::stod(text.substr(at + 9)), std::stod(text.substr(arrow + 4))};
}

/// The simulated value of a C1 component in `painsim validate --format csv` output.
double simulatedC1(const std::string& csv, const std::string& component) {
  return csvColumn(csv, "C1", component, 5);
}

/// `painsim calibrate ARGS -o none.toml` in `dir` is refused: exit 2, a message that
/// names `culprit`, and no fitted file.
void expectRefused(const TempDir& dir, const std::string& args, const std::string& culprit) {
  const auto r = runPainsim("calibrate default " + args + " -q -o none.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find(culprit), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "none.toml"));
}

/// `painsim calibrate` of injury.severity_mean alone in `dir` against its t.toml (500
/// people, quiet) with `args`, into `out` and `out`.md: the fitted file's text.
std::string fitInjury(const TempDir& dir, const std::string& args, const std::string& out) {
  const auto r = runPainsim(
      "calibrate default --targets t.toml --params injury.severity_mean "
      "--people 500 -q " +
          args + " -o " + out + " --report " + out + ".md",
      dir.path());
  EXPECT_EQ(r.exitCode, 0) << r.output;
  return readFile(dir / out);
}

}  // namespace

TEST(CalibrationCli, UnknownTargetIsExit2WithFileAndLine) {
  TempDir dir;
  const auto out =
      refusedTargets(dir,
                     "[[target]]\nid = \"C99\"\ncohort = \"acute\"\nsource = \"x\"\n"
                     "component = [{ name = \"a\", value = 1, lower = 0, upper = 2 }]\n");
  EXPECT_NE(out.find("t.toml:1"), std::string::npos) << out;
  EXPECT_NE(out.find("unknown target \"C99\""), std::string::npos) << out;
}

// C7's trajectory classes come from the cohort of their source (PACE: at least moderate
// pain at entry), not from the acute cohort of C1 and C3-C6 (docs/calibration.md).
TEST(CalibrationCli, TrajectoryClassesAreSimulatedInThePaceCohort) {
  TempDir dir;
  const auto out = refusedTargets(
      dir,
      "[[target]]\nid = \"C7\"\ncohort = \"acute\"\nsource = \"x\"\n"
      "component = [{ name = \"rapid_recovery\", value = 0.3, lower = 0, upper = 1 }]\n");
  EXPECT_NE(out.find("\"pace\" cohort"), std::string::npos) << out;
}

TEST(CalibrationCli, MalformedComponentsAreExit2) {
  TempDir dir;
  writeFile(dir / "t.toml",
            "[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"x\"\n"
            "component = [{ name = \"mean_pain_0_100_week_0\", value = 9, "
            "lower = 10, upper = 20 }]\n");
  auto r = runPainsim("validate --patients 500 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("lower <= value <= upper"), std::string::npos) << r.output;
  writeFile(dir / "u.toml",
            "[[target]]\nid = \"C1\"\ncohort = \"persistent\"\nsource = \"x\"\n"
            "component = [{ name = \"a\", value = 1, lower = 0, upper = 2 }]\n");
  r = runPainsim("validate --patients 500 --targets u.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("\"acute\" cohort"), std::string::npos) << r.output;
  writeFile(dir / "v.toml",
            "[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"x\"\n"
            "component = [{ name = \"no_such\", value = 1, lower = 0, upper = 2 }]\n");
  r = runPainsim("validate --patients 500 --targets v.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("no component \"no_such\""), std::string::npos) << r.output;
}

TEST(CalibrationCli, UnknownKeysInATargetsFileAreExit2AndNamed) {
  TempDir dir;
  // A key outside [[target]] (e.g. from a stray edit) must not be ignored.
  writeFile(dir / "t.toml",
            "id = \"C3\"\n[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"x\"\n"
            "component = [{ name = \"mean_pain_0_100_week_0\", value = 52, lower = 48, "
            "upper = 57 }]\n");
  auto r = runPainsim("validate --patients 500 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("t.toml:1: unknown key 'id'"), std::string::npos) << r.output;
  writeFile(dir / "u.toml",
            "[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"x\"\nband = 3\n"
            "component = [{ name = \"mean_pain_0_100_week_0\", value = 52, lower = 48, "
            "upper = 57, se = 1 }]\n");
  r = runPainsim("validate --patients 500 --targets u.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("unknown key 'target.0.band'"), std::string::npos) << r.output;
}

TEST(CalibrationCli, AMissedTargetIsExit3AndNamed) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(95, 100));  // nobody averages NRS 9.5 at consultation
  const auto r = runPainsim("validate --patients 1000 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 3) << r.output;
  EXPECT_NE(r.output.find("mean_pain_0_100_week_0"), std::string::npos);
  EXPECT_NE(r.output.find("FAIL"), std::string::npos) << r.output;
}

TEST(CalibrationCli, CalibrateWritesFittedParamsAndAReportAndNeverWorsensTheFit) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(48, 57));
  const auto r = runPainsim(
      "calibrate default --targets t.toml --params injury.severity_mean,pain.noise_sd "
      "--budget 6 --people 1000 -q -o fit/params.toml --report fit/report.md",
      dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::string fitted = readFile(dir / "fit/params.toml");
  EXPECT_NE(fitted.find("\"injury.severity_mean\" = "), std::string::npos) << fitted;
  EXPECT_NE(fitted.find("# fitted"), std::string::npos) << fitted;
  const std::string report = readFile(dir / "fit/report.md");
  EXPECT_NE(report.find("mean_pain_0_100_week_6"), std::string::npos) << report;
  const auto d = distances(fitted);
  ASSERT_TRUE(d) << fitted;
  EXPECT_LE(d->second, d->first) << "the best is never worse";
  EXPECT_FALSE(std::filesystem::exists(dir / "fit/params.toml.partial"));
  // The fitted file is a valid input to validate.
  const auto v =
      runPainsim("validate --patients 1000 --targets t.toml --params fit/params.toml", dir.path());
  EXPECT_TRUE(v.exitCode == 0 || v.exitCode == 3) << v.output;
}

// --trace: one CSV row per evaluation, the start's (0) first and in order, as many as the
// fitted file counts; its first and smallest distances are the file's "A -> B", and the
// search moved the parameter. An unwritable trace is refused before anything runs.
TEST(CalibrationCli, TraceRecordsEveryEvaluationInOrder) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(48, 57));
  const std::string fitted = fitInjury(dir, "--budget 5 --trace trace.csv", "fit.toml");
  const auto count = fitted.find(" evaluations (");
  ASSERT_NE(count, std::string::npos) << fitted;
  const int evaluations = std::stoi(fitted.substr(fitted.rfind(' ', count - 1) + 1));
  std::istringstream lines(readFile(dir / "trace.csv"));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "evaluation,distance,published_distance,bounds_kept,inside,injury.severity_mean");
  int rows = 0;
  double first = 0, best = std::numeric_limits<double>::infinity();
  std::set<double> values;
  for (; std::getline(lines, line); ++rows) {
    const auto f = csvFields(line);
    ASSERT_EQ(f.size(), 6u) << line;
    EXPECT_EQ(std::stoi(f[0]), rows) << line;
    const double distance = std::stod(f[1]);
    if (rows == 0) first = distance;
    best = std::min(best, distance);
    values.insert(std::stod(f[5]));
  }
  EXPECT_EQ(rows, evaluations) << fitted;
  const auto d = distances(fitted);
  ASSERT_TRUE(d) << fitted;
  EXPECT_NEAR(first, d->first, 1e-5 * d->first);
  EXPECT_NEAR(best, d->second, 1e-5 * d->second);
  EXPECT_GT(values.size(), 1u) << "the search moved injury.severity_mean";
  const auto r = runPainsim(
      "calibrate default --targets t.toml --params injury.severity_mean --budget 2 -q "
      "-o x.toml --trace no/such/folder/trace.csv",
      dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("--trace"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.toml"));
}

TEST(CalibrationCli, UnknownParameterToFitIsExit2AndWritesNothing) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(48, 57));
  const auto r = runPainsim("calibrate default --targets t.toml --params pain.nosie_sd --budget 2",
                            dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("pain.nosie_sd"), std::string::npos) << r.output;
  EXPECT_EQ(dir.files(), std::vector<std::string>{"t.toml"});
}

// --only picks targets from the built-in file and runs only their cohorts; --seed-offset
// draws other people, whose estimate differs by sampling error alone.
TEST(CalibrationCli, OnlyComparesTheNamedTargetsAndASeedOffsetDrawsOtherPeople) {
  TempDir dir;
  const auto a = runPainsim("validate --only C1 --patients 1000 --format csv", dir.path());
  ASSERT_TRUE(a.exitCode == 0 || a.exitCode == 3) << a.output;
  EXPECT_EQ(a.output.find("\nC2,"), std::string::npos) << a.output;
  EXPECT_EQ(a.output.find("\nB1,"), std::string::npos) << a.output;
  const auto b =
      runPainsim("validate --only C1 --patients 1000 --format csv --seed-offset 7", dir.path());
  ASSERT_TRUE(b.exitCode == 0 || b.exitCode == 3) << b.output;
  const double x = simulatedC1(a.output, "mean_pain_0_100_week_0");
  const double y = simulatedC1(b.output, "mean_pain_0_100_week_0");
  EXPECT_NE(x, y) << "other people";
  EXPECT_NEAR(x, y, 5.0) << "the same model: about 0.7 points of sampling error at 1,000";
  const auto bad = runPainsim("validate --only C1,C99", dir.path());
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("no target 'C99'"), std::string::npos) << bad.output;
}

// --profile-people sizes the B1/B2 profiles: a quarter of the people, about twice the
// standard error.
TEST(CalibrationCli, ProfilePeopleSizesTheRequiredBehavioursAndTheirStandardError) {
  TempDir dir;
  const auto small =
      runPainsim("validate --only B1 --profile-people 1000 --format csv", dir.path());
  const auto large =
      runPainsim("validate --only B1 --profile-people 4000 --format csv", dir.path());
  ASSERT_TRUE(small.exitCode == 0 || small.exitCode == 3) << small.output;
  ASSERT_TRUE(large.exitCode == 0 || large.exitCode == 3) << large.output;
  const double a = csvColumn(small.output, "B1", "confronters_recovered_26_weeks", 6);
  const double b = csvColumn(large.output, "B1", "confronters_recovered_26_weeks", 6);
  EXPECT_GT(a, 1.3 * b) << "se at 1,000 people against 4,000";
  EXPECT_LT(a, 3.0 * b);
  const auto bad = runPainsim("validate --only B1 --profile-people 10", dir.path());
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("--profile-people"), std::string::npos) << bad.output;
}

TEST(CalibrationCli, BuiltInTargetsCoverC1ToC13I1I2AndTheRequiredBehavioursWithSources) {
  const auto t = analysis::builtinTargets();
  ASSERT_EQ(t.targets.size(), 17u);
  for (std::size_t i = 0; i < t.targets.size(); ++i) {
    const std::string id = i < 13   ? fmt::format("C{}", i + 1)
                           : i < 15 ? fmt::format("I{}", i - 12)
                                    : fmt::format("B{}", i - 14);
    EXPECT_EQ(t.targets[i].id, id);
    EXPECT_FALSE(t.targets[i].source.empty()) << t.targets[i].id;
    for (const auto& c : t.targets[i].components) {
      EXPECT_LE(c.lower, c.upper) << c.name;
      // Published numbers have a value; the required behaviours (B) are bounds.
      EXPECT_EQ(c.bound, id[0] == 'B') << c.name;
      EXPECT_EQ(c.bound, c.scale > 0) << c.name;
    }
  }
}

/// B1 alone (the two paths of MODEL.md 6.1): a bound on the avoiders' recoveries.
std::string b1Targets(double upper) {
  return fmt::format(
      "[[target]]\nid = \"B1\"\ncohort = \"profiles\"\nsource = \"test\"\ncomponent = [\n"
      "  {{ name = \"avoiders_recovered_26_weeks\", lower = 0, upper = {}, scale = 0.02 }},\n]\n",
      upper);
}

// A bound costs nothing inside its band and its excess in units of `scale` outside it;
// a published component costs its deviation from the value even inside its band.
TEST(CalibrationCli, BoundsCostNothingInsideAndTheirExcessOverScaleOutside) {
  const models::Params p;
  analysis::EvaluationOptions o;
  o.people = 500;
  const auto loose = analysis::evaluate(analysis::parseTargets(b1Targets(1.0), "t"), p, o);
  ASSERT_EQ(loose.components.size(), 1u);
  const auto& in = loose.components.front();
  EXPECT_TRUE(in.bound);
  EXPECT_TRUE(in.pass);
  EXPECT_EQ(in.deviation, 0.0);
  EXPECT_EQ(loose.distance, 0.0);
  ASSERT_GT(in.simulated, 0.02) << "some avoiders recover";
  const double upper = in.simulated - 0.02;  // 0.02 below what the model does: one scale out
  const auto tight = analysis::evaluate(analysis::parseTargets(b1Targets(upper), "t"), p, o);
  const auto& out = tight.components.front();
  EXPECT_EQ(out.simulated, in.simulated) << "the people do not depend on the bounds";
  EXPECT_FALSE(out.pass);
  EXPECT_NEAR(out.deviation, 1.0, 1e-6);
  EXPECT_NEAR(tight.distance, 1.0, 1e-6);
  // Bounds are sized by scale, not --patients: the same people at any cohort size.
  o.people = 2000;
  EXPECT_EQ(analysis::evaluate(analysis::parseTargets(b1Targets(1.0), "t"), p, o)
                .components.front()
                .simulated,
            in.simulated);
}

TEST(CalibrationCli, ABoundNeedsAScaleAndNoValue) {
  TempDir dir;
  const std::string head = "[[target]]\nid = \"B1\"\ncohort = \"profiles\"\nsource = \"x\"\n";
  writeFile(dir / "t.toml", head +
                                "component = [{ name = \"avoiders_recovered_26_weeks\", value = "
                                "0.3, lower = 0, upper = 0.5, scale = 0.02 }]\n");
  auto r = runPainsim("validate --patients 500 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("t.toml:5"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("either value (a published number) or scale (a bound)"),
            std::string::npos)
      << r.output;
  writeFile(dir / "u.toml", head +
                                "component = [{ name = \"avoiders_recovered_26_weeks\", lower = "
                                "0, upper = 0.5, scale = 0 }]\n");
  r = runPainsim("validate --patients 500 --targets u.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("positive finite scale"), std::string::npos) << r.output;
}

// validate --set params.KEY=V evaluates the model with that parameter: it is not
// overwritten by the parameters under test.
TEST(CalibrationCli, ValidateAppliesParameterOverrides) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(48, 57));
  const auto week0 = [&](const std::string& extra) {
    const auto r =
        runPainsim("validate --patients 500 --format csv --targets t.toml" + extra, dir.path());
    EXPECT_TRUE(r.exitCode == 0 || r.exitCode == 3) << r.output;
    return simulatedC1(r.output, "mean_pain_0_100_week_0");
  };
  EXPECT_GT(week0(" --set params.injury.severity_mean=0.9"), week0("") + 2)
      << "bigger injuries, more pain at consultation";
  const auto bad = runPainsim(
      "validate --patients 500 --targets t.toml --set params.injury.severity_mena=0.9", dir.path());
  EXPECT_EQ(bad.exitCode, 2) << bad.output;
  EXPECT_NE(bad.output.find("severity_mena"), std::string::npos) << bad.output;
}

// --max-minutes ends a calibration like a spent budget: the fitted file and the report
// are written and say why it stopped.
TEST(CalibrationCli, ATimeLimitEndsTheFitWithItsReport) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(48, 57));
  const auto r = runPainsim(
      "calibrate default --targets t.toml --params injury.severity_mean --budget 500 "
      "--max-minutes 0.001 --people 500 -q -o fit/params.toml --report fit/report.md",
      dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  const std::string fitted = readFile(dir / "fit/params.toml");
  EXPECT_NE(fitted.find("(time limit)"), std::string::npos) << fitted;
  EXPECT_NE(readFile(dir / "fit/report.md").find("(time limit)"), std::string::npos);
  const auto evaluations = fitted.find(" evaluations");
  const auto count = fitted.rfind("; ", evaluations);
  ASSERT_TRUE(evaluations != std::string::npos && count != std::string::npos) << fitted;
  EXPECT_LT(std::stoi(fitted.substr(count + 2)), 500) << "stopped before the budget";
}

// --bounds-as-constraints keeps a bound that the distance would trade away: a published
// week-0 pain far above what the model gives pulls injuries up, which also raises week-6
// pain past a soft bound (scale 20) set one point below the defaults' week-6 pain (so the
// start breaks it, and smaller injuries keep it). Subplex with the bound in the distance
// crosses it; COBYLA with the bound as a constraint ends at a point that keeps it.
TEST(CalibrationCli, BoundsAsConstraintsAreKeptWhereTheDistanceTradesThemAway) {
  TempDir dir;
  const auto targets = [&](double week6Upper) {
    writeFile(dir / "t.toml",
              fmt::format("[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"test\"\n"
                          "component = [\n"
                          "  {{ name = \"mean_pain_0_100_week_0\", value = 80, lower = 78, upper = "
                          "82 }},\n"
                          "  {{ name = \"mean_pain_0_100_week_6\", lower = 0, upper = {}, scale = "
                          "20 }},\n]\n",
                          week6Upper));
  };
  targets(100);
  const auto atDefaults =
      runPainsim("validate --patients 500 --format csv --targets t.toml", dir.path());
  const double bound = simulatedC1(atDefaults.output, "mean_pain_0_100_week_6") - 1.0;
  ASSERT_GT(bound, 1.0) << atDefaults.output;
  targets(bound);
  const auto week6 = [&](const std::string& extra, const std::string& out) {
    const auto r = runPainsim(
        "calibrate default --targets t.toml --params injury.severity_mean "
        "--budget 12 --people 500 -q -o " +
            out + " --report " + out + ".md" + extra,
        dir.path());
    EXPECT_EQ(r.exitCode, 0) << r.output;
    // The fitted values are written in full, so validate meets the same people.
    const auto v = runPainsim(
        "validate --patients 500 --format csv --targets t.toml --params " + out, dir.path());
    return simulatedC1(v.output, "mean_pain_0_100_week_6");
  };
  EXPECT_GT(week6("", "soft.toml"), bound) << "the distance trades the soft bound away";
  EXPECT_LE(week6(" --bounds-as-constraints", "hard.toml"), bound) << "the constraint holds";
  const std::string header = readFile(dir / "hard.toml");
  EXPECT_NE(header.find("LN_COBYLA"), std::string::npos) << header;
  EXPECT_NE(header.find("bounds broken -> kept"), std::string::npos) << header;
  // Without a bound there is nothing to constrain: a clear error, nothing written.
  writeFile(dir / "c1.toml", c1Targets(48, 57));
  expectRefused(dir,
                "--targets c1.toml --params injury.severity_mean --budget 3 --people 500 "
                "--bounds-as-constraints",
                "--bounds-as-constraints");
}

// --initial-step sets how far a local search's first step goes. With week-0 pain asked far
// above the defaults', a larger injury helps, so the local search (Subplex here) keeps its
// first step up: three times the step moves the parameter three times as far. Steps out of
// (0, 1], or with the global search, are refused.
TEST(CalibrationCli, InitialStepSetsHowFarTheFirstStepGoes) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(78, 82));
  const auto fitted = [&](const std::string& step, const std::string& out) {
    const std::string text = fitInjury(dir, "--budget 3 " + step, out);
    const auto at = text.find("\"injury.severity_mean\" = ");
    EXPECT_NE(at, std::string::npos) << text;
    return at == std::string::npos ? 0.0 : std::stod(text.substr(at + 25));
  };
  const auto spec = models::findParameter("injury.severity_mean");
  ASSERT_TRUE(spec);
  const double start = spec->defaultValue;
  const double small = fitted("", "small.toml") - start;
  const double large = fitted("--initial-step 0.3", "large.toml") - start;
  EXPECT_GT(small, 0.0) << "the first step helps, so it is kept";
  EXPECT_NEAR(large, 3.0 * small, 1e-3 * (spec->maxValue - spec->minValue));
  EXPECT_NE(readFile(dir / "large.toml").find("first step 0.3 of each"), std::string::npos);
  EXPECT_EQ(readFile(dir / "small.toml").find("first step"), std::string::npos)
      << "the default step is not spelled out";
  expectRefused(dir, "--targets t.toml --params injury.severity_mean --initial-step 0",
                "--initial-step");
  expectRefused(dir, "--targets t.toml --params injury.severity_mean --initial-step 1.5",
                "--initial-step");
  expectRefused(dir, "--targets t.toml --params injury.severity_mean --global --initial-step 0.3",
                "--initial-step");
}

// --global searches the whole range: from the default start, far from a week-0 target of
// 80/100, it finds a better point; its random numbers are seeded, so the same fit (any
// thread count) ends at the same parameters.
TEST(CalibrationCli, GlobalSearchImprovesOnAFarStartAndIsRepeatable) {
  TempDir dir;
  writeFile(dir / "t.toml", c1Targets(78, 82));
  const auto fit = [&](const std::string& threads, const std::string& out) {
    const std::string text =
        fitInjury(dir, "--global --population 6 --budget 18 --threads " + threads, out);
    return text.substr(text.find("[params]"));
  };
  const std::string one = fit("1", "one.toml"), two = fit("2", "two.toml");
  EXPECT_EQ(one, two) << "the same search for any thread count";
  const std::string header = readFile(dir / "one.toml");
  EXPECT_NE(header.find("GN_ISRES"), std::string::npos) << header;
  const auto d = distances(header);
  ASSERT_TRUE(d) << header;
  EXPECT_LT(d->second, 0.5 * d->first) << header;
  // --population belongs to the global search.
  expectRefused(dir, "--targets t.toml --params injury.severity_mean --population 6", "--global");
}

}  // namespace painsim::test
