// Link contributions (models/Links.hpp): the replay of a day equals the recipe bit
// for bit, a link whose cause sits at its reference contributes nothing, and each
// link pushes its effect the way MODEL.md section 3 says.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "models/Links.hpp"
#include "sim/Rng.hpp"
#include "teach/Narrative.hpp"

namespace painsim::test {
namespace {

using models::PersonState;

/// A random state over the whole range of every latent (and every work status).
PersonState randomState(std::mt19937& g) {
  std::uniform_real_distribution<float> u(0.f, 1.f);
  PersonState s;
  for (float* x : {&s.sensitization,
                   &s.pain,
                   &s.catastrophizing,
                   &s.fear,
                   &s.activity,
                   &s.capacity,
                   &s.efficacy,
                   &s.disability,
                   &s.stress,
                   &s.moneyWorries,
                   &s.sleep,
                   &s.sleepMonth,
                   &s.depression,
                   &s.anxiety,
                   &s.acceptance,
                   &s.supportAutonomy,
                   &s.supportSolicitous,
                   &s.catTrait,
                   &s.efficacyTrait,
                   &s.stressTrait,
                   &s.sleepTrait,
                   &s.moodTrait,
                   &s.anxietyTrait,
                   &s.acceptanceTrait,
                   &s.networkSupport,
                   &s.tieEngagement,
                   &s.supportAvailable,
                   &s.solicitousness,
                   &s.jobStrain,
                   &s.moneyTrait,
                   &s.solicitousAvailable})
    *x = u(g);
  s.nociception = 2.f * u(g);
  s.nociceptionSlow = s.nociception * u(g);
  s.lifeEvents = 3.f * u(g);
  s.healDecay = 0.9f + 0.1f * u(g);
  s.slowHealDecay = 0.97f + 0.03f * u(g);
  s.sensThreshold = 0.3f + 0.5f * u(g);
  s.accommodation = u(g) < 0.5f ? 1.f : 0.f;
  s.earlyContact = u(g) < 0.5f ? 1.f : 0.f;
  s.workStatus = std::int32_t(g() % 6);
  s.absenceRun = models::offWork(s) ? std::int32_t(g() % 400) : 0;
  s.daysSinceOnset = 10;
  return s;
}

models::CareToday randomCare(std::mt19937& g) {
  std::uniform_real_distribution<float> u(0.f, 1.f);
  models::CareToday c;
  if (u(g) < 0.5f) return c;
  c.analgesia = 0.3f * u(g);
  c.quota = u(g);
  c.quotaAdherence = u(g);
  c.workReturnGain = u(g);
  c.catastrophizing = 0.2f * u(g);
  c.selfEfficacy = 0.2f * u(g);
  c.stress = 0.2f * u(g);
  c.sleep = 0.2f * u(g);
  c.exposure = u(g) < 0.5f ? 0.3f * u(g) : 0.f;
  return c;
}

struct Day {
  PersonState before, after;
  models::DayDraws draws;
  models::CareToday care;
};

/// The default parameters with every link switched on: the activity-dependent fading
/// of sensitization is off in the calibrated defaults (docs/calibration.md, stage 6).
models::Params everyLinkOn() {
  models::Params p;
  p.sensActivityFadeGain = 1.f;
  p.flareGuard = 3.f;
  p.flareGuardDays = 365.f;
  return p;
}

std::vector<Day> randomDays(int n, const models::Params& p = everyLinkOn()) {
  std::mt19937 g(99);
  std::vector<Day> days;
  for (int i = 0; i < n; ++i) {
    Day d{randomState(g), {}, sim::dayDraws(5, std::uint32_t(i), 3), randomCare(g)};
    models::DayContext c;
    c.day = 3;
    d.after = models::stepDay(p, d.before, d.draws, d.care, c);
    days.push_back(d);
  }
  return days;
}

int linkIndex(std::string_view key) {
  for (int l = 0; l < models::kLinks; ++l)
    if (models::links()[std::size_t(l)].key == key) return l;
  ADD_FAILURE() << "no link " << key;
  return 0;
}

}  // namespace

// The contributions start from the values stepDay wrote: if the recipe changes order
// or inputs and the replay does not follow, this fails.
TEST(LinkContributions, ReplayEqualsTheRecipeBitForBit) {
  const models::Params p = everyLinkOn();
  for (const Day& d : randomDays(3000)) {
    const auto r = models::replayDay(p, d.before, d.after, d.draws, d.care);
    ASSERT_EQ(r.sleep, d.after.sleep);
    ASSERT_EQ(r.stress, d.after.stress);
    ASSERT_EQ(r.pain, d.after.pain);
    ASSERT_EQ(r.sensitization, d.after.sensitization);
    ASSERT_EQ(r.catastrophizing, d.after.catastrophizing);
    ASSERT_EQ(r.activity, d.after.activity);
    ASSERT_EQ(r.fear, d.after.fear);
    ASSERT_EQ(r.capacity, d.after.capacity);
    ASSERT_EQ(r.efficacy, d.after.efficacy);
    ASSERT_EQ(r.disability, d.after.disability);
    ASSERT_EQ(r.depression, d.after.depression);
    ASSERT_EQ(r.anxiety, d.after.anxiety);
    ASSERT_EQ(r.supportAutonomy, d.after.supportAutonomy);
    ASSERT_EQ(r.supportSolicitous, d.after.supportSolicitous);
  }
}

// MODEL.md section 3, link by link: the sign of a contribution against the healthy
// reference (0 = no constraint: the link can push either way; guided exposure under a
// high threat makes the feared movements teach fear faster). A clamp may flatten a
// contribution to 0, never flip it.
TEST(LinkContributions, EachLinkPushesItsEffectTheWayTheModelSays) {
  const std::map<std::string_view, int> sign = {
      {"stress->sleep", -1},
      {"worry->sleep", -1},
      {"pain->sleep", -1},
      {"care->sleep", +1},
      {"pain->stress", +1},
      {"life->stress", +1},
      {"work->stress", +1},
      {"support->stress", +1},
      {"care->stress", -1},
      {"activity->nociception", +1},
      {"pain->nociception", -1},
      {"capacity->nociception", +1},
      {"nociception->pain", +1},
      {"sensitization->pain", +1},
      {"catastrophizing->pain", +1},
      {"stress->pain", +1},
      {"sleep->pain", +1},
      {"mood->pain", +1},
      {"care->pain", -1},
      {"pain->sensitization", +1},
      {"stress->sensitization", +1},
      {"sleep->sensitization", +1},
      {"activity->sensitization", +1},
      {"pain->catastrophizing", +1},
      {"efficacy->catastrophizing", 0},
      {"sleep->catastrophizing", +1},
      {"care->catastrophizing", -1},
      {"pain->activity", -1},
      {"fear->activity", -1},
      {"efficacy->activity", -1},
      {"mood->activity", -1},
      {"support->activity", -1},
      {"care->activity", +1},
      {"pain->fear", +1},
      {"catastrophizing->fear", +1},
      {"activity->fear", 0},
      {"care->fear", 0},
      {"activity->capacity", -1},
      {"activity->efficacy", -1},
      {"pain->efficacy", -1},
      {"support->efficacy", -1},
      {"care->efficacy", +1},
      {"pain->disability", +1},
      {"efficacy->disability", +1},
      {"activity->disability", +1},
      {"capacity->disability", +1},
      {"mood->disability", +1},
      {"pain->mood", +1},
      {"disability->mood", +1},
      {"support->mood", +1},
      {"stress->mood", +1},
      {"care->mood", -1},
      {"stress->worry", +1},
      {"catastrophizing->worry", +1},
      {"care->worry", -1},
      {"activity->support", -1},
      {"mood->support", -1},
      {"pain->support", +1},
      {"pain->work", +1},
      {"fear->work", +1},
      {"disability->work", +1},
      {"care->work", -1},
  };
  ASSERT_EQ(sign.size(), std::size_t(models::kLinks)) << "every link has an expected sign";
  const models::Params p = everyLinkOn();
  std::map<std::string_view, int> moved;
  for (const Day& d : randomDays(3000)) {
    const auto u = models::untreatedTraits(d.before);
    // Care moved traits toward health since entry: untreated traits are worse.
    models::UntreatedTraits worse{std::min(1.f, u.catastrophizing + 0.2f),
                                  std::max(0.f, u.efficacy - 0.2f),
                                  std::min(1.f, u.stress + 0.2f),
                                  std::max(0.f, u.sleep - 0.2f),
                                  u.acceptance,
                                  std::min(1.f, u.mood + 0.2f),
                                  std::min(1.f, u.anxiety + 0.2f)};
    const auto c = models::dayLinks(p, d.before, d.after, d.draws, d.care, worse);
    for (int l = 0; l < models::kLinks; ++l) {
      const auto& link = models::links()[std::size_t(l)];
      const int s = sign.at(link.key);
      const float v = c[std::size_t(l)];
      ASSERT_TRUE(std::isfinite(v)) << link.key;
      if (s > 0) {
        ASSERT_GE(v, -1e-6f) << link.key;
      } else if (s < 0) {
        ASSERT_LE(v, 1e-6f) << link.key;
      }
      if (std::abs(v) > 1e-6f) ++moved[link.key];
    }
  }
  for (const auto& link : models::links())
    EXPECT_GT(moved[link.key], 0) << link.key << " never contributed on 3,000 random days";
}

// A cause at its reference contributes nothing: pain 0 moves nothing through pain.
TEST(LinkContributions, ACauseAtItsReferenceContributesNothing) {
  const models::Params p;
  std::mt19937 g(5);
  for (int i = 0; i < 500; ++i) {
    PersonState b = randomState(g);
    b.pain = 0.f;  // yesterday's pain: sleep and stress read it
    b.fear = 0.f;  // fear -> activity reads yesterday's fear
    b.supportSolicitous = 0.f;
    const auto d = sim::dayDraws(9, std::uint32_t(i), 2);
    const models::CareToday none;
    models::DayContext ctx;
    const PersonState a = models::stepDay(p, b, d, none, ctx);
    const auto c = models::dayLinks(p, b, a, d, none, models::untreatedTraits(a));
    for (const char* key :
         {"pain->sleep", "pain->stress", "pain->nociception", "fear->activity", "support->activity",
          "care->sleep", "care->stress", "care->catastrophizing", "care->efficacy", "care->pain",
          "care->activity", "care->fear", "care->work", "care->mood", "care->worry"})
      ASSERT_EQ(c[std::size_t(linkIndex(key))], 0.f) << key;
  }
}

TEST(LinkContributions, EveryLinkIsNamedOnceAndHasWordsForTheSentences) {
  std::set<std::string_view> keys;
  for (const auto& link : models::links()) {
    EXPECT_TRUE(keys.insert(link.key).second) << "duplicate " << link.key;
    EXPECT_NE(link.cause, link.effect) << link.key;
    EXPECT_FALSE(link.meaning.empty()) << link.key;
    const auto w = teach::linkWords(link.key);
    EXPECT_FALSE(w.up.empty() && w.down.empty()) << link.key << " has no words";
  }
}

}  // namespace painsim::test
