#include <gtest/gtest.h>

#include "sim/ScenarioFile.hpp"
#include "tests/support/TestSupport.hpp"

namespace painsim::sim {
namespace {

const char* kMinimal = R"([scenario]
name = "t"
[population]
size = 100
[[arm]]
name = "a"
)";

const char* kNoPopulation = R"([scenario]
name = "t"
[[arm]]
name = "a"
)";

using test::scenarioError;

}  // namespace

TEST(ScenarioFile, DefaultScenarioIsValidAndIsTheDocumentedCohort) {
  const Scenario s = parseScenario(defaultScenarioText(), kDefaultScenarioName);
  EXPECT_EQ(s.people, 100000);
  EXPECT_EQ(s.days, 364);
  ASSERT_GE(s.arms.size(), 2u);
  EXPECT_EQ(s.arms[0].name, "usual_care");
  EXPECT_EQ(s.recording.cadence, Cadence::kWeekly);
  EXPECT_EQ(s.sourceText, std::string(defaultScenarioText()));
}

TEST(ScenarioFile, MinimalScenarioGetsDefaults) {
  const Scenario s = parseScenario(kMinimal, "min.toml");
  EXPECT_EQ(s.people, 100);
  EXPECT_EQ(s.days, 364);
  EXPECT_EQ(s.recoveryDays, 30);
  EXPECT_EQ(s.recording.measures.size(), models::kMeasureCount);
  EXPECT_FLOAT_EQ(s.params.healDaysMedian, models::Params{}.healDaysMedian);
}

TEST(ScenarioFile, UnknownKeyNamesFileLineKeyAndSuggestion) {
  const std::string e = scenarioError("[population]\nsize = 10\nsise = 5\n[[arm]]\nname = \"a\"\n");
  EXPECT_NE(e.find("bad.toml:3"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown key 'population.sise'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'size'"), std::string::npos) << e;
}

TEST(ScenarioFile, UnknownTopLevelTableIsRejected) {
  const std::string e = scenarioError(std::string(kMinimal) + "[simulaton]\nweeks = 3\n");
  EXPECT_NE(e.find("unknown key 'simulaton'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'simulation'"), std::string::npos) << e;
}

TEST(ScenarioFile, WrongTypeSaysWhatWasExpected) {
  const std::string e = scenarioError("[population]\nsize = \"many\"\n[[arm]]\nname = \"a\"\n");
  EXPECT_NE(e.find("bad.toml:2"), std::string::npos) << e;
  EXPECT_NE(e.find("'population.size'"), std::string::npos) << e;
  EXPECT_NE(e.find("expected an integer"), std::string::npos) << e;
  EXPECT_NE(e.find("\"many\""), std::string::npos) << e;
}

TEST(ScenarioFile, OutOfRangeGivesTheAllowedRange) {
  const std::string e =
      scenarioError(std::string(kMinimal) + "[params]\nnociception.heal_days = 500\n");
  EXPECT_NE(e.find("bad.toml:8"), std::string::npos) << e;
  EXPECT_NE(e.find("params.nociception.heal_days"), std::string::npos) << e;
  EXPECT_NE(e.find("allowed [2, 120]"), std::string::npos) << e;
}

TEST(ScenarioFile, UnknownParameterSuggestsTheClosestName) {
  const std::string e =
      scenarioError(std::string(kMinimal) + "[params]\nnociception.heal_dys = 5\n");
  EXPECT_NE(e.find("unknown parameter 'params.nociception.heal_dys'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'nociception.heal_days'"), std::string::npos) << e;
}

TEST(ScenarioFile, ParametersAreApplied) {
  const Scenario s = parseScenario(std::string(kMinimal) +
                                       "[params]\nnociception.heal_days = 21\n"
                                       "pain.noise_sd = 0\n",
                                   "p.toml");
  EXPECT_FLOAT_EQ(s.params.healDaysMedian, 21.f);
  EXPECT_FLOAT_EQ(s.params.painNoiseSd, 0.f);
}

TEST(ScenarioFile, UnknownProgrammeListsTheChoices) {
  const std::string e =
      scenarioError(std::string(kMinimal) + "[[arm.care]]\nprogramme = \"graded_activty\"\n");
  EXPECT_NE(e.find("arm.0.care.0.programme"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'graded_activity'"), std::string::npos) << e;
  EXPECT_NE(e.find("usual_care"), std::string::npos) << e;
}

TEST(ScenarioFile, ArmsAreRequiredAndNamedUniquely) {
  EXPECT_NE(scenarioError("[population]\nsize = 5\n").find("at least one [[arm]]"),
            std::string::npos);
  const std::string e = scenarioError(std::string(kMinimal) + "[[arm]]\nname = \"a\"\n");
  EXPECT_NE(e.find("used twice"), std::string::npos) << e;
  EXPECT_NE(scenarioError("[[arm]]\nname = \"has space\"\n").find("letters, digits"),
            std::string::npos);
}

TEST(ScenarioFile, InvalidTomlReportsTheLine) {
  const std::string e = scenarioError("[population]\nsize = = 3\n");
  EXPECT_NE(e.find("bad.toml:2"), std::string::npos) << e;
  EXPECT_NE(e.find("invalid TOML"), std::string::npos) << e;
}

TEST(ScenarioFile, LoadingsOutsideTheirRangeAreAnError) {
  const std::string e =
      scenarioError(std::string(kMinimal) + "[params]\npopulation.loading_fear = 0.99\n");
  EXPECT_NE(e.find("population.loading_fear"), std::string::npos) << e;
  EXPECT_NE(e.find("allowed [-0.95, 0.95]"), std::string::npos) << e;
}

TEST(ScenarioFile, EpisodeBandsAreReadAndChecked) {
  const auto s = parseScenario(std::string(kNoPopulation) + R"(
[population]
entry_min_pain_nrs = 3
entry_unrecovered = true
[[population.episode]]
share = 0.25
weeks = [0, 12]
[[population.episode]]
share = 0.75
weeks = [13, 52]
)",
                               "t.toml");
  ASSERT_EQ(s.population.episode.size(), 2u);
  EXPECT_EQ(s.population.episode[1].minDays, 91);
  EXPECT_EQ(s.population.episode[1].maxDays, 370) << "whole weeks, inclusive";
  EXPECT_TRUE(s.population.entryUnrecovered);
  EXPECT_FLOAT_EQ(s.population.entryMinPainNrs, 3.f);
  const std::string bad = scenarioError(std::string(kNoPopulation) +
                                        "[population]\n[[population.episode]]\nshare = 0.5\n"
                                        "weeks = [0, 4]\n");
  EXPECT_NE(bad.find("sum to 1"), std::string::npos) << bad;
  const std::string reversed = scenarioError(
      std::string(kNoPopulation) + "[population]\n[[population.episode]]\nweeks = [8, 4]\n");
  EXPECT_NE(reversed.find("population.episode.0.weeks"), std::string::npos) << reversed;
  const std::string mode =
      scenarioError(std::string(kNoPopulation) + "[population]\nmode = \"generl\"\n");
  EXPECT_NE(mode.find("general"), std::string::npos) << mode;
  const std::string misplaced = scenarioError(std::string(kNoPopulation) +
                                              "[population]\nmode = \"general\"\n"
                                              "[[population.episode]]\nweeks = [0, 4]\n");
  EXPECT_NE(misplaced.find("incident cohorts only"), std::string::npos) << misplaced;
  EXPECT_FALSE(s.population.careSeeking) << "entry is not a consultation unless asked";
  const auto consulting =
      parseScenario(std::string(kNoPopulation) + "[population]\ncare_seeking = true\n", "t.toml");
  EXPECT_TRUE(consulting.population.careSeeking);
  const std::string general = scenarioError(std::string(kNoPopulation) +
                                            "[population]\nmode = \"general\"\n"
                                            "care_seeking = true\n");
  EXPECT_NE(general.find("care_seeking"), std::string::npos) << general;
  EXPECT_NE(general.find("incident cohorts only"), std::string::npos) << general;
  const std::string typed =
      scenarioError(std::string(kNoPopulation) + "[population]\ncare_seeking = 1\n");
  EXPECT_NE(typed.find("care_seeking"), std::string::npos) << typed;
  // How many candidates a person may take to meet the entry conditions.
  EXPECT_EQ(
      parseScenario(std::string(kNoPopulation) + "[population]\nmax_attempts = 5000\n", "t.toml")
          .population.maxAttempts,
      5000);
  const std::string zero =
      scenarioError(std::string(kNoPopulation) + "[population]\nmax_attempts = 0\n");
  EXPECT_NE(zero.find("max_attempts"), std::string::npos) << zero;
  const std::string generalAttempts = scenarioError(std::string(kNoPopulation) +
                                                    "[population]\nmode = \"general\"\n"
                                                    "max_attempts = 1000\n");
  EXPECT_NE(generalAttempts.find("incident cohorts only"), std::string::npos) << generalAttempts;
}

TEST(ScenarioFile, ReportWeeksMustBeRecorded) {
  const std::string e = scenarioError(std::string(kMinimal) +
                                      "[recording]\nevery = \"month\"\n[report]\nweeks = [0, 6]\n");
  EXPECT_NE(e.find("week 6 is not a recording day"), std::string::npos) << e;
}

TEST(ScenarioFile, SetOverridesAnyKeyIncludingArraysOfTables) {
  const Scenario s =
      parseScenario(defaultScenarioText(), "d",
                    {"population.size=500", "params.nociception.heal_days=20",
                     "arm.1.care.1.start_week=3", "scenario.name=renamed", "recording.sample=all"});
  EXPECT_EQ(s.people, 500);
  EXPECT_FLOAT_EQ(s.params.healDaysMedian, 20.f);
  EXPECT_EQ(s.arms[1].care[1].startDay, 22);
  EXPECT_EQ(s.name, "renamed");
  EXPECT_EQ(s.recording.sample, -1);
  EXPECT_NE(s.sourceText.find("--set population.size=500"), std::string::npos)
      << "overrides are kept with the scenario text for provenance";
}

TEST(ScenarioFile, BadSetValuesAreErrorsThatNameTheOverride) {
  std::string e = scenarioError(kMinimal, {"population.size=-4"});
  EXPECT_NE(e.find("--set population.size=-4"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = scenarioError(kMinimal, {"population.colour=blue"});
  EXPECT_NE(e.find("--set population.colour=blue: unknown key 'population.colour'"),
            std::string::npos)
      << e;
  e = scenarioError(kMinimal, {"colour.hue=3"});
  EXPECT_NE(e.find("--set colour.hue=3: unknown key 'colour'"), std::string::npos) << e;
  e = scenarioError(kMinimal, {"arm.3.name=x"});
  EXPECT_NE(e.find("not an index"), std::string::npos) << e;
  e = scenarioError(kMinimal, {"novalue"});
  EXPECT_NE(e.find("expected key=value"), std::string::npos) << e;
}

TEST(ScenarioFile, ReportWeeksAreWholeWeeksAndCareStartsBeforeTheHorizon) {
  EXPECT_NE(scenarioError(std::string(kMinimal) + "[report]\nweeks = [6.5]\n").find("integers"),
            std::string::npos);
  const std::string e = scenarioError(
      std::string(kMinimal) + "[[arm.care]]\nprogramme = \"usual_care\"\nstart_week = 52\n");
  EXPECT_NE(e.find("arm.0.care.0.start_week"), std::string::npos) << e;
  EXPECT_NE(e.find("allowed [0, 51]"), std::string::npos) << e;
}

TEST(ScenarioFile, WithoutAScenarioTableNameAndSeedHaveDefaults) {
  const Scenario s = parseScenario("[[arm]]\nname = \"a\"\n", "x.toml");
  EXPECT_EQ(s.name, "scenario");
  EXPECT_EQ(s.seed, 1u);
}

TEST(ScenarioFile, ResolvedTextReproducesTheScenarioWithItsOverrides) {
  const Scenario s =
      parseScenario(kMinimal, "m", {"population.size=77", "params.pain.noise_sd=0.5"});
  const Scenario again = parseScenario(s.resolvedText, "resolved");
  EXPECT_EQ(again.people, 77);
  EXPECT_FLOAT_EQ(again.params.painNoiseSd, 0.5f);
  EXPECT_EQ(again.seed, s.seed);
}

TEST(ScenarioFile, MissingFileIsAScenarioError) {
  EXPECT_THROW(loadScenario("/nonexistent/painsim/scenario.toml"), ScenarioError);
}

TEST(ScenarioFile, RecordingDaysFollowTheCadence) {
  Scenario s = parseScenario(kMinimal, "m");
  s.days = 70;
  s.recording.cadence = Cadence::kWeekly;
  EXPECT_EQ(recordingDays(s), (std::vector<int>{0, 7, 14, 21, 28, 35, 42, 49, 56, 63, 70}));
  s.recording.cadence = Cadence::kMonthly;
  EXPECT_EQ(recordingDays(s), (std::vector<int>{0, 30, 61}));
  s.recording.cadence = Cadence::kDaily;
  EXPECT_EQ(recordingDays(s).size(), 71u);
}

// ---------------------------------------------------------------- care pathways

const char* kPathway = R"([scenario]
name = "t"
[population]
size = 100
[[arm]]
name = "a"
[[arm.care]]
programme = "cbt"
start_week = 2
window_weeks = 4
referral_delay_days = 10
eligible = { pain_nrs = [4, 10], start_back_group = [2, 2] }
[[arm.capacity]]
programme = "cbt"
places_per_100k_per_year = 520
queue = "risk"
[[arm.closure]]
start_week = 10
weeks = 3
)";

TEST(ScenarioFile, CarePathwaysAreReadWithEligibilityCapacityAndClosures) {
  const Scenario s = parseScenario(kPathway, "p.toml");
  const auto& arm = s.arms.at(0);
  ASSERT_EQ(arm.care.size(), 1u);
  EXPECT_EQ(s.programmes[arm.care[0].programme].name, "cbt");
  EXPECT_EQ(arm.care[0].startDay, 15);
  EXPECT_EQ(arm.care[0].windowDays, 28);
  EXPECT_EQ(arm.care[0].referralDelayDays, 10);
  ASSERT_EQ(arm.care[0].eligible.size(), 2u);
  EXPECT_EQ(arm.care[0].eligible[1].measure, models::Measure::kStartBackGroup);
  ASSERT_EQ(arm.capacity.size(), 1u);
  EXPECT_EQ(arm.capacity[0].per100kPerYear, 520);
  // 520 per 100,000 per year for 100 people: 0.52 a year, 0.52 * 7 / 365.25 a week.
  const auto places = capacityIn(s, arm, 0);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_NEAR(places[0].placesPerWeek, 0.52 * 7 / 365.25, 1e-12);
  EXPECT_EQ(places[0].order, Capacity::Order::kRisk);
  ASSERT_EQ(arm.closures.size(), 1u);
  EXPECT_EQ(arm.closures[0].firstDay, 71);
  EXPECT_EQ(arm.closures[0].lastDay, 91);
}

TEST(ScenarioFile, ProgrammesCanBeOverriddenOrDefinedFromALibraryProgramme) {
  const Scenario s = parseScenario(std::string(kPathway) +
                                       "[programme.cbt]\nsessions = 14\n[programme.brief_cbt]\n"
                                       "based_on = \"cbt\"\nsessions = 3\nformat = \"group\"\n",
                                   "p.toml");
  const auto find = [&](const std::string& name) {
    for (const auto& g : s.programmes)
      if (g.name == name) return g;
    throw std::runtime_error("no programme " + name);
  };
  EXPECT_EQ(find("cbt").sessions, 14);
  EXPECT_EQ(find("brief_cbt").sessions, 3);
  EXPECT_TRUE(find("brief_cbt").group);
  EXPECT_EQ(find("brief_cbt").catastrophizing, find("cbt").catastrophizing) << "based on cbt";
  EXPECT_GT(find("act").acceptance, 0.f) << "the library is there";
}

TEST(ScenarioFile, BadPathwaysAreErrorsThatNameTheKey) {
  const std::string base(kPathway);
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = base;
    t.replace(t.find(from), from.size(), to);
    return scenarioError(t);
  };
  std::string e = replaced("programme = \"cbt\"\nstart_week", "programme = \"cbtt\"\nstart_week");
  EXPECT_NE(e.find("key 'arm.0.care.0.programme'"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'cbt'"), std::string::npos) << e;
  e = replaced("places_per_100k_per_year = 520", "places_per_week = -3");
  EXPECT_NE(e.find("arm.0.capacity.0.places_per_week"), std::string::npos) << e;
  EXPECT_NE(e.find("out of range"), std::string::npos) << e;
  e = replaced("pain_nrs = [4, 10]", "pain_nr = [4, 10]");
  EXPECT_NE(e.find("arm.0.care.0.eligible.pain_nr"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown measure"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'pain_nrs'"), std::string::npos) << e;
  e = replaced("pain_nrs = [4, 10]", "pain_nrs = [10, 4]");
  EXPECT_NE(e.find("min <= max"), std::string::npos) << e;
  e = replaced("queue = \"risk\"", "queue = \"random\"");
  EXPECT_NE(e.find("arm.0.capacity.0.queue"), std::string::npos) << e;
  e = scenarioError(base + "[programme.cbt]\nsesions = 3\n");
  EXPECT_NE(e.find("unknown key 'programme.cbt.sesions'"), std::string::npos) << e;
  e = scenarioError(base + "[programme.cbt]\ndropout = 1.5\n");
  EXPECT_NE(e.find("programme.cbt.dropout"), std::string::npos) << e;
  e = scenarioError(base + "[programme.x]\nbased_on = \"nothing\"\n");
  EXPECT_NE(e.find("programme.x.based_on"), std::string::npos) << e;
  e = replaced("[[arm.capacity]]\nprogramme = \"cbt\"", "[[arm.capacity]]\nprogramme = \"act\"");
  EXPECT_NE(e.find("not a step of this arm's pathway"), std::string::npos) << e;
  e = replaced("weeks = 3\n", "");
  EXPECT_NE(e.find("arm.0.closure.0.weeks"), std::string::npos) << e;
}

TEST(ScenarioFile, TheProgrammeLibraryParsesAndEveryProgrammeHasASource) {
  const Scenario s = parseScenario(kMinimal, "min.toml");
  EXPECT_GE(s.programmes.size(), 12u);
  for (const auto& g : s.programmes) {
    EXPECT_FALSE(g.description.empty()) << g.name;
    EXPECT_FALSE(g.source.empty()) << g.name;
    EXPECT_GE(g.sessions, 1) << g.name;
  }
}

}  // namespace painsim::sim
