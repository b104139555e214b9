// The command line as a user meets it: exit codes, messages, and no output
// file left behind when anything goes wrong.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/TestSupport.hpp"

namespace painsim::test {
namespace {

void writeFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

const char* kSmall = R"([scenario]
name = "cli"
[population]
size = 300
[simulation]
weeks = 4
[[arm]]
name = "usual_care"
[[arm.care]]
programme = "usual_care"
)";

/// Runs `args` in a fresh folder holding scenario `text` as s.toml; expects
/// exit code 2, a message containing every string of `expected`, and no file
/// other than s.toml left in the folder.
void expectBadInput(const std::string& text, const std::string& args,
                    const std::vector<std::string>& expected) {
  TempDir dir;
  writeFile(dir / "s.toml", text);
  const CommandResult r = runPainsim(args, dir.path());
  EXPECT_EQ(r.exitCode, 2) << r.output;
  for (const auto& e : expected) EXPECT_NE(r.output.find(e), std::string::npos) << r.output;
  EXPECT_EQ(dir.files(), std::vector<std::string>{"s.toml"}) << "nothing may be written";
}

}  // namespace

TEST(Cli, UnknownKeyIsExit2WithFileLineAndKey) {
  expectBadInput(std::string(kSmall) + "[recording]\nevry = \"week\"\n", "run s.toml -o out.h5",
                 {"s.toml:12", "unknown key 'recording.evry'", "did you mean 'every'"});
}

TEST(Cli, WrongTypeIsExit2) {
  expectBadInput(std::string(kSmall) + "[outcomes]\nrecovery_days = 2.5\n", "run s.toml -o out.h5",
                 {"s.toml:12", "outcomes.recovery_days", "expected an integer in [1, 365]"});
}

TEST(Cli, OutOfRangeIsExit2WithTheRange) {
  expectBadInput(std::string(kSmall) + "[params]\nfear.extinction_rate = 3\n",
                 "run s.toml -o out.h5",
                 {"s.toml:12", "params.fear.extinction_rate", "allowed [0, 1]"});
}

TEST(Cli, BadSetIsExit2) {
  expectBadInput(kSmall, "run s.toml -o out.h5 --set population.size=0",
                 {"--set population.size=0", "allowed [1, "});
}

TEST(Cli, MissingScenarioFileIsExit2) {
  expectBadInput(kSmall, "run nothere.toml -o out.h5", {"nothere.toml", "not found"});
}

TEST(Cli, UnwritableOutputIsExit2BeforeSimulating) {
  // The output's parent is a regular file, so no folder can be made there.
  expectBadInput(kSmall, "run s.toml -o s.toml/out.h5", {"s.toml/out.h5", "cannot"});
}

TEST(Cli, RunWritesTheFileAndSummarizeReadsItBack) {
  TempDir dir;
  writeFile(dir / "s.toml", kSmall);
  const CommandResult run = runPainsim("run s.toml --quiet", dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_EQ(run.output, "") << "--quiet prints nothing";
  ASSERT_TRUE(std::filesystem::exists(dir / "results/cli.h5")) << "default output name";

  const CommandResult csv = runPainsim("summarize results/cli.h5 --format csv", dir.path());
  ASSERT_EQ(csv.exitCode, 0) << csv.output;
  EXPECT_EQ(csv.output.substr(0, csv.output.find('\n')), "arm,week,measure,n,mean,sd,p10,p50,p90");
  // One row per arm (1) x recorded week (0..4) x measure (all of them), plus the header.
  const auto lines = std::count(csv.output.begin(), csv.output.end(), '\n');
  EXPECT_EQ(lines, 1 + 1 * 5 * std::ptrdiff_t(models::kMeasureCount));
  EXPECT_NE(csv.output.find("usual_care,4,pain_nrs,300,"), std::string::npos);

  const CommandResult json = runPainsim("summarize results/cli.h5 --format json", dir.path());
  ASSERT_EQ(json.exitCode, 0);
  EXPECT_NE(json.output.find("\"measure\": \"rmdq\""), std::string::npos);

  const CommandResult table = runPainsim("summarize results/cli.h5", dir.path());
  ASSERT_EQ(table.exitCode, 0);
  EXPECT_NE(table.output.find("usual_care (n = 300)"), std::string::npos) << table.output;
}

TEST(Cli, RunPrintsTheReportTableForEachArm) {
  TempDir dir;
  const CommandResult run =
      runPainsim("run -o r.h5 --set population.size=400 --set simulation.weeks=12", dir.path());
  ASSERT_EQ(run.exitCode, 0) << run.output;
  EXPECT_NE(run.output.find("usual_care (n = 400)"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("graded_activity (n = 400)"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("in_pain %"), std::string::npos);
  EXPECT_EQ(run.output.find("\r["), std::string::npos) << "no progress bar when not a terminal";
}

TEST(Cli, SummarizeOfAMissingOrForeignFileIsExit2) {
  TempDir dir;
  writeFile(dir / "x.h5", "not hdf5");
  EXPECT_EQ(runPainsim("summarize none.h5", dir.path()).exitCode, 2);
  const CommandResult r = runPainsim("summarize x.h5", dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.output.find("not an HDF5 file"), std::string::npos) << r.output;
}

TEST(Cli, InterruptedRunLeavesNoFile) {
  TempDir dir;
  const std::string cmd = "cd '" + dir.path().string() +
                          "' && ( '" PAINSIM_EXE
                          "' run -q -o out.h5 --set population.size=2000000 & pid=$!; sleep 1.5; "
                          "kill -INT $pid; wait $pid; echo $? > rc )";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream rc(dir / "rc");
  int code = -1;
  rc >> code;
  EXPECT_EQ(code, 130);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"rc"}) << "no result and no temporary file";
}

TEST(Cli, CheckParamsAndVersion) {
  TempDir dir;
  writeFile(dir / "s.toml", kSmall);
  const CommandResult check = runPainsim("check s.toml", dir.path());
  EXPECT_EQ(check.exitCode, 0) << check.output;
  EXPECT_NE(check.output.find("ok"), std::string::npos);
  const CommandResult params = runPainsim("params --format csv", dir.path());
  EXPECT_EQ(params.exitCode, 0);
  EXPECT_NE(params.output.find("nociception.heal_days,"), std::string::npos);
  const CommandResult version = runPainsim("--version", dir.path());
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_EQ(version.output.rfind("painsim ", 0), 0u) << version.output;
  EXPECT_EQ(runPainsim("run --threads 0", dir.path()).exitCode, 2) << "bad option value";
  EXPECT_EQ(runPainsim("frobnicate", dir.path()).exitCode, 2) << "unknown command";
}

TEST(Cli, CompareWritesTidyCsvAndRejectsAnUnknownBaseline) {
  TempDir dir;
  std::ofstream(dir / "c.toml") << R"([scenario]
name = "c"
[population]
size = 300
[simulation]
weeks = 4
[report]
weeks = [0, 4]
[[arm]]
name = "usual"
[[arm.care]]
programme = "usual_care"
[[arm]]
name = "cbt"
[[arm.care]]
programme = "usual_care"
[[arm.care]]
programme = "cbt"
)";
  auto r = runPainsim("compare c.toml --format csv", dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.rfind("arm,baseline,week,measure,statistic,n,estimate,lower,upper", 0), 0u)
      << r.output;
  EXPECT_NE(r.output.find("cbt,usual,4,pcs,smd,300,"), std::string::npos) << r.output;
  r = runPainsim("compare c.toml --baseline nobody", dir.path());
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.output.find("no arm named 'nobody'"), std::string::npos) << r.output;
  r = runPainsim("compare c.toml --replicates 2 --format json", dir.path());
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("\"replicates\": 2"), std::string::npos) << r.output;
}

}  // namespace painsim::test
