// Teaching (docs/teaching.md): one person and people like them, case files, the
// narrative, and the explorer's input checks and server.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "sim/ScenarioFile.hpp"
#include "teach/Case.hpp"
#include "teach/Explorer.hpp"
#include "teach/Lesson.hpp"
#include "teach/Narrative.hpp"
#include "tests/support/TestSupport.hpp"

// Last: httplib.h brings <resolv.h>, whose _res macro breaks Eigen included after it.
#include <httplib.h>

namespace painsim::test {
namespace {

using sim::Series;

sim::Setting setting(int weeks = 26) {
  sim::Setting s;
  s.weeks = weeks;
  s.person = 21;
  return s;
}

double seriesAt(const sim::PathResult& r, std::size_t week, Series s) {
  return r.weeks[week][std::size_t(s)];
}

/// Sum over weeks [from, to] of a link's weekly contribution.
double linkSum(const sim::PathResult& r, std::string_view key, std::size_t from, std::size_t to) {
  int index = -1;
  for (int l = 0; l < models::kLinks; ++l)
    if (models::links()[std::size_t(l)].key == key) index = l;
  EXPECT_GE(index, 0) << key;
  double sum = 0;
  for (std::size_t w = from; w <= to && w < r.links.size(); ++w)
    sum += r.links[w][std::size_t(index)];
  return sum;
}

std::string caseError(const std::string& text) {
  try {
    teach::parseCase(text, "case.toml");
  } catch (const sim::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string requestError(const std::string& body) {
  try {
    teach::parseRequest(body, teach::ExplorerOptions{});
  } catch (const teach::RequestError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(Teach, ThePersonHasTheProfileAndTheInjuryTheTeacherSet) {
  sim::Profile f;
  f.catastrophizing = 0.8f;
  f.sleep = 0.3f;
  f.support = 0.2f;
  f.injury = 2.f;
  const auto s = sim::personAtOnset(setting(), f);
  EXPECT_EQ(s.catTrait, 0.8f);
  EXPECT_EQ(s.sleepTrait, 0.3f);
  EXPECT_EQ(s.networkSupport, 0.2f);
  const models::Params p;
  EXPECT_FLOAT_EQ(s.nociception, 2.f * p.injurySeverityMean);
  sim::Profile small = f;
  small.injury = 0.5f;
  EXPECT_GT(s.pain, sim::personAtOnset(setting(), small).pain) << "a larger injury hurts more";
}

// Two paths share the injury and the random days: a plan that starts in week 8 changes
// nothing before week 8, and the same profile lives the same life.
TEST(Teach, PathsShareTheRandomDaysAndCareActsOnlyFromItsStart) {
  sim::PathSpec untreated;
  untreated.profile = sim::kAvoider;
  sim::PathSpec treated = untreated;
  treated.care = sim::CarePlan{"graded_exposure", 7 * 8 + 1};
  const auto a = sim::livePath(setting(), untreated, 21, true);
  const auto b = sim::livePath(setting(), treated, 21, true);
  for (std::size_t w = 0; w <= 8; ++w)
    for (int k = 0; k < sim::kSeries; ++k)
      ASSERT_EQ(a.weeks[w][std::size_t(k)], b.weeks[w][std::size_t(k)]) << "week " << w;
  EXPECT_EQ(linkSum(b, "care->fear", 0, 8), 0.0);
  EXPECT_LT(linkSum(b, "care->fear", 9, 26), 0.0) << "exposure unlearns fear";
  EXPECT_LT(seriesAt(b, 26, Series::kFear), seriesAt(a, 26, Series::kFear));
  ASSERT_FALSE(b.events.empty());
  EXPECT_EQ(b.events.front().day, 7 * 8 + 1);
  const auto again = sim::livePath(setting(), untreated, 21, true);
  EXPECT_EQ(again.weeks, a.weeks) << "deterministic";
}

// The fear-avoidance cycle, read from the link contributions: for the same injury and
// days, the avoider's fear drives more avoidance, avoidance deconditions more and keeps
// fear from being unlearned, than the confronter's (MODEL.md 6.1).
TEST(Teach, TheCycleRunsHarderInTheAvoider) {
  double fearToActivity[2] = {}, activityToCapacity[2] = {}, activityToFear[2] = {};
  const sim::Profile profiles[2] = {sim::kConfronter, sim::kAvoider};
  for (std::uint32_t person = 0; person < 40; ++person)
    for (int k = 0; k < 2; ++k) {
      sim::Setting s = setting(12);
      s.person = person;
      const auto r = sim::livePath(s, {profiles[k], {}, {}}, person, true);
      fearToActivity[k] += linkSum(r, "fear->activity", 1, 12);
      activityToCapacity[k] += linkSum(r, "activity->capacity", 1, 12);
      activityToFear[k] += linkSum(r, "activity->fear", 1, 12);
    }
  EXPECT_LT(fearToActivity[1], fearToActivity[0]) << "fear cuts the avoider's activity more";
  EXPECT_LT(activityToCapacity[1], activityToCapacity[0]) << "avoidance deconditions";
  EXPECT_GT(activityToFear[1], activityToFear[0]) << "avoidance preserves fear";
}

TEST(Teach, PeopleLikeThemAreTheSameForAnyThreadCount) {
  sim::PathSpec spec;
  spec.profile.catastrophizing = 0.7f;
  spec.care = sim::CarePlan{"cbt", 29};
  sim::Band one, two;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = sim::peopleLike(setting(12), spec, 300);
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
    two = sim::peopleLike(setting(12), spec, 300);
  }
  EXPECT_EQ(one.q10, two.q10);
  EXPECT_EQ(one.q50, two.q50);
  EXPECT_EQ(one.q90, two.q90);
  EXPECT_EQ(one.recovered, two.recovered);
  for (std::size_t w = 0; w < one.q50.size(); ++w)
    for (int k = 0; k < sim::kSeries; ++k) {
      ASSERT_LE(one.q10[w][std::size_t(k)], one.q50[w][std::size_t(k)]);
      ASSERT_LE(one.q50[w][std::size_t(k)], one.q90[w][std::size_t(k)]);
    }
  EXPECT_GT(one.q90[12][int(Series::kPain)], one.q10[12][int(Series::kPain)])
      << "other random days give other stories";
}

// The typical person is a member of the pool it was chosen from: still in pain at week 8.
TEST(Teach, TheTypicalPersonIsChosenAmongThoseStillInPainWhenAsked) {
  sim::PathSpec avoider;
  avoider.profile = {0.75f, 0.65f, 0.45f, 0.45f, 0.30f, 0.85f, 0.45f};
  sim::Selection sel;
  sel.candidates = 60;
  sel.stuckWeek = 8;
  sel.stuckPain = 4.0;
  sim::Setting s = setting(12);
  s.person = sim::choosePerson(s, {avoider}, sel);
  EXPECT_LT(s.person, 60u);
  EXPECT_GE(seriesAt(sim::livePath(s, avoider, s.person, false), 8, Series::kPain), 4.0);
}

TEST(Teach, SentencesNameWhatMovedAndWhy) {
  sim::PathSpec spec;
  spec.profile = {0.75f, 0.65f, 0.45f, 0.45f, 0.30f, 0.85f, 0.45f};
  spec.stressors.push_back({29, 56, 4.f});
  const auto r = sim::livePath(setting(), spec, 21, true);
  const auto sentences = teach::narrate(r, "Alex", spec);
  ASSERT_FALSE(sentences.empty());
  bool stressNamed = false;
  int previous = 0;
  for (const auto& s : sentences) {
    EXPECT_GT(s.week, previous) << "one sentence per week, in order";
    previous = s.week;
    EXPECT_EQ(s.text.rfind("Week " + std::to_string(s.week) + ": ", 0), 0u) << s.text;
    stressNamed |= s.text.find("stressful spell begins") != std::string::npos;
  }
  EXPECT_TRUE(stressNamed);
  // Every week whose pain moved notably is described, and only such weeks are.
  for (std::size_t w = 1; w < r.weeks.size(); ++w) {
    bool anyNotable = false;
    for (int k = 0; k < sim::kSeries; ++k)
      anyNotable |= std::abs(r.weeks[w][std::size_t(k)] - r.weeks[w - 1][std::size_t(k)]) >=
                    teach::notableChange(Series(k));
    const bool written = std::any_of(sentences.begin(), sentences.end(),
                                     [&](const auto& s) { return s.week == int(w); });
    const bool event = w == 5 || w == 9;
    if (written && !event) {
      EXPECT_TRUE(anyNotable) << "week " << w;
    }
  }
}

TEST(Teach, BuiltInCasesParseAndBadCasesNameTheFileLineAndKey) {
  for (const auto& name : teach::builtInCases()) {
    const auto c = teach::loadCase(name);
    EXPECT_GE(c.paths.size(), 2u) << name;
    EXPECT_FALSE(c.title.empty()) << name;
  }
  const std::string head = "[case]\ntitle = \"t\"\nweeks = 12\nperson = 4\n";
  EXPECT_NE(caseError(head + "[[path]]\nname = \"A\"\ncatastrophising = 0.5\n")
                .find("case.toml:7: unknown key 'path.0.catastrophising' (did you mean "
                      "'catastrophizing'?)"),
            std::string::npos)
      << caseError(head + "[[path]]\nname = \"A\"\ncatastrophising = 0.5\n");
  EXPECT_NE(caseError(head + "[[path]]\nname = \"A\"\nfear = 1.5\n")
                .find("case.toml:7: key 'path.0.fear': value 1.5 is out of range; allowed [0, 1]"),
            std::string::npos);
  EXPECT_NE(caseError(head + "[[path]]\nname = \"A\"\n[path.care]\nprogramme = \"cbtt\"\n")
                .find("unknown value \"cbtt\" (did you mean 'cbt'?)"),
            std::string::npos);
  EXPECT_NE(caseError(head).find("expected one to four [[path]] tables"), std::string::npos);
  EXPECT_NE(caseError("[[path]]\nname = \"A\"\n").find("expected a [case] table"),
            std::string::npos);
  EXPECT_NE(
      caseError(head + "[[path]]\nname = \"A\"\n[[path.stressor]]\nfrom_week = 6\nto_week = 3\n")
          .find("must be after from_week"),
      std::string::npos);
  EXPECT_NE(caseError("[case\n").find("case.toml:1: invalid TOML"), std::string::npos);
  try {
    teach::loadCase("two_path");
    ADD_FAILURE() << "no error";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'two_paths'"), std::string::npos)
        << e.what();
  }
}

TEST(Teach, ExplorerRequestsAreCheckedKeyByKey) {
  EXPECT_EQ(requestError(R"({"catastrophizing": 0.9, "programme": "cbt", "start_week": 4})"),
            "(no error)");
  const auto spec = teach::parseRequest(R"({"catastrophizing": 0.9, "injury": 2})", {});
  EXPECT_EQ(spec.profile.catastrophizing, 0.9f);
  EXPECT_EQ(spec.profile.injury, 2.f);
  EXPECT_FALSE(spec.care.has_value());
  EXPECT_NE(requestError(R"({"catastrophizing": "high"})")
                .find("'catastrophizing': expected a number in [0, 1], got \"high\""),
            std::string::npos);
  EXPECT_NE(requestError(R"({"sleep": 1.2})").find("'sleep': 1.2 is out of range; allowed [0, 1]"),
            std::string::npos);
  EXPECT_NE(requestError(R"({"sleeep": 0.2})").find("unknown key 'sleeep'"), std::string::npos);
  EXPECT_NE(requestError(R"({"programme": "surgery"})").find("unknown programme \"surgery\""),
            std::string::npos);
  EXPECT_NE(requestError(R"({"programme": "cbt", "start_week": 2.5})").find("'start_week'"),
            std::string::npos);
  EXPECT_NE(requestError(R"({"start_week": 400})").find("out of range"), std::string::npos);
  EXPECT_NE(requestError("[1, 2]").find("expected a JSON object"), std::string::npos);
  EXPECT_NE(requestError("{\"fear\": ").find("not JSON"), std::string::npos);
  EXPECT_NE(requestError(R"({"fear": null})").find("expected a number"), std::string::npos);
}

// The server on a free loopback port: the page, a simulation, and a clear 400.
TEST(Teach, ExplorerServesThePageSimulatesAndAnswersBadInputWith400) {
  teach::ExplorerOptions o;
  o.port = 0;
  o.people = 200;
  o.setting.weeks = 12;
  std::atomic<bool> stop{false};
  std::atomic<int> port{0};
  std::thread server([&] { teach::serve(o, stop, [&](int p) { port = p; }); });
  for (int i = 0; i < 600 && port == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GT(port.load(), 0);
  httplib::Client client("127.0.0.1", port.load());
  client.set_read_timeout(60, 0);
  const auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("\"kind\":\"explorer\""), std::string::npos);
  const auto low = client.Post("/api/simulate", R"({"catastrophizing": 0.05, "fear": 0.05})",
                               "application/json");
  const auto high =
      client.Post("/api/simulate", R"({"catastrophizing": 0.95, "fear": 0.9})", "application/json");
  ASSERT_TRUE(low && high);
  ASSERT_EQ(low->status, 200) << low->body;
  const auto a = nlohmann::json::parse(low->body), b = nlohmann::json::parse(high->body);
  ASSERT_EQ(a["paths"].size(), 1u);
  EXPECT_EQ(a["people"], 200);
  EXPECT_EQ(a["paths"][0]["series"]["pain"].size(), 13u);
  EXPECT_LT(a["paths"][0]["band"]["fear"]["q50"][12].get<double>(),
            b["paths"][0]["band"]["fear"]["q50"][12].get<double>())
      << "more catastrophizing and fear, more fear of movement among people like them";
  const auto bad = client.Post("/api/simulate", R"({"support": -1})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(nlohmann::json::parse(bad->body)["error"].get<std::string>().find("'support'"),
            std::string::npos);
  const auto garbage = client.Post("/api/simulate", "not json", "application/json");
  ASSERT_TRUE(garbage);
  EXPECT_EQ(garbage->status, 400);
  stop = true;
  server.join();
}

TEST(Teach, ALessonIsOnePageWithEveryPathItsBandLinksAndSentences) {
  teach::Case c = teach::loadCase("two_paths");
  c.peopleLike = 100;
  const auto j = teach::lessonJson(c);
  EXPECT_EQ(j["kind"], "lesson");
  ASSERT_EQ(j["paths"].size(), 2u);
  EXPECT_EQ(j["links"].size(), std::size_t(models::kLinks));
  for (const auto& p : j["paths"]) {
    EXPECT_EQ(p["links"].size(), std::size_t(c.setting.weeks) + 1);
    EXPECT_EQ(p["band"]["pain"]["q50"].size(), std::size_t(c.setting.weeks) + 1);
    EXPECT_FALSE(p["sentences"].empty());
  }
  const std::string html = teach::lessonHtml(c);
  EXPECT_NE(html.find("<script id=\"painsim-data\""), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos) << "nothing is fetched: opens offline";
}

TEST(Cli, TeachWritesALessonAndABadCaseWritesNothing) {
  TempDir dir;
  const auto ok = runPainsim("teach --case two_paths -o lesson", dir.path());
  EXPECT_EQ(ok.exitCode, 0) << ok.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "lesson/lesson.html"));
  std::ofstream(dir / "bad.toml") << "[case]\ntitle = \"x\"\n[[path]]\nname = \"A\"\nsleep = 2\n";
  const auto bad = runPainsim("teach --case bad.toml -o out", dir.path());
  EXPECT_EQ(bad.exitCode, 2);
  EXPECT_NE(bad.output.find("bad.toml:5: key 'path.0.sleep'"), std::string::npos) << bad.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
  const auto unknown = runPainsim("teach --case nosuch -o out", dir.path());
  EXPECT_EQ(unknown.exitCode, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "out"));
}

}  // namespace painsim::test
