// painsim calibrate and painsim validate as a user meets them: bad targets are
// clear errors (exit 2), a missed target is exit 3, and a calibration writes its
// fitted parameters and report without making the fit worse than its start.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

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

/// C1 alone: only the acute cohort is simulated, so these runs are quick.
std::string c1Targets(double lowerWeek0, double upperWeek0) {
  return fmt::format(
      "[[target]]\nid = \"C1\"\ncohort = \"acute\"\nsource = \"test\"\ncomponent = [\n"
      "  {{ name = \"mean_pain_0_100_week_0\", value = {}, lower = {}, upper = {} }},\n"
      "  {{ name = \"mean_pain_0_100_week_6\", value = 23, lower = 21, upper = 25 }},\n]\n",
      (lowerWeek0 + upperWeek0) / 2, lowerWeek0, upperWeek0);
}

}  // namespace

TEST(CalibrationCli, UnknownTargetIsExit2WithFileAndLine) {
  TempDir dir;
  writeFile(dir / "t.toml",
            "[[target]]\nid = \"C99\"\ncohort = \"acute\"\nsource = \"x\"\n"
            "component = [{ name = \"a\", value = 1, lower = 0, upper = 2 }]\n");
  const auto r = runPainsim("validate --patients 500 --targets t.toml", dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("t.toml:1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("unknown target \"C99\""), std::string::npos) << r.output;
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
  std::smatch m;
  ASSERT_TRUE(std::regex_search(fitted, m, std::regex("distance ([0-9.e+-]+) -> ([0-9.e+-]+)")))
      << fitted;
  EXPECT_LE(std::stod(m[2].str()), std::stod(m[1].str())) << "the best is never worse";
  EXPECT_FALSE(std::filesystem::exists(dir / "fit/params.toml.partial"));
  // The fitted file is a valid input to validate.
  const auto v =
      runPainsim("validate --patients 1000 --targets t.toml --params fit/params.toml", dir.path());
  EXPECT_TRUE(v.exitCode == 0 || v.exitCode == 3) << v.output;
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

TEST(CalibrationCli, BuiltInTargetsCoverC1ToC13AndI1I2WithSources) {
  const auto t = analysis::builtinTargets();
  ASSERT_EQ(t.targets.size(), 15u);
  for (std::size_t i = 0; i < t.targets.size(); ++i) {
    EXPECT_EQ(t.targets[i].id, i < 13 ? fmt::format("C{}", i + 1) : fmt::format("I{}", i - 12));
    EXPECT_FALSE(t.targets[i].source.empty()) << t.targets[i].id;
    for (const auto& c : t.targets[i].components) EXPECT_LE(c.lower, c.upper) << c.name;
  }
}

}  // namespace painsim::test
