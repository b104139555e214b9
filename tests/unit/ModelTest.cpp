// Mechanism signs of the core model (MODEL.md section 3, behaviour 4 of section 6):
// perturb one cause, hold everything else equal, check the sign of the effect.
// Each link is checked twice where that makes sense:
//   1. on its equation, with one argument perturbed;
//   2. on the whole daily recipe stepDay(): a typical mid-episode person and a copy
//      with one field of yesterday's state perturbed, both stepped with the same
//      draws (no random events), and the sign read on today's downstream state.
// Strengths are calibrated, so the tests rely on no default value beyond the
// weights being positive; where a test needs a value it reads it from kP.
// Bounds (behaviour 5), care and the population generator close the file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "models/Baseline.hpp"
#include "models/Care.hpp"
#include "models/CoreModel.hpp"
#include "models/Parameters.hpp"

namespace painsim::models {
namespace {

const Params kP;
const DayDraws kQuiet;  ///< normals 0, uniforms 1: no flare, life event or work transition
const CareToday kNoCare;

/// A typical person about three weeks into an episode: moderate pain, some fear and
/// avoidance, employed at full duties without modified duties on offer. Every value lies
/// well inside its range so that no clamp hides a perturbation.
PersonState midEpisode() {
  PersonState s;
  s.nociception = 0.3f;
  s.sensitization = 0.2f;
  s.pain = 0.45f;
  s.catastrophizing = 0.45f;
  s.fear = 0.55f;
  s.activity = 0.6f;
  s.capacity = 0.85f;
  s.efficacy = 0.55f;
  s.disability = 0.35f;
  s.stress = 0.35f;
  s.lifeEvents = 0.2f;
  s.moneyWorries = 0.2f;
  s.sleep = 0.65f;
  s.sleepMonth = 0.65f;
  s.depression = 0.2f;
  s.anxiety = 0.2f;
  s.acceptance = 0.5f;
  s.supportAutonomy = 0.6f;
  s.supportSolicitous = 0.15f;
  s.catTrait = 0.4f;
  s.efficacyTrait = 0.65f;
  s.healDecay = 0.92f;
  s.sensThreshold = kP.sensPainThreshold;
  s.stressTrait = 0.3f;
  s.sleepTrait = 0.75f;
  s.moodTrait = 0.12f;
  s.anxietyTrait = 0.1f;
  s.acceptanceTrait = 0.5f;
  s.networkSupport = s.supportAvailable = 0.65f;
  s.solicitousness = s.solicitousAvailable = 0.3f;
  s.jobStrain = 0.4f;
  s.moneyTrait = 0.2f;
  s.workStatus = std::int32_t(WorkStatus::kWorking);
  s.dayRecoveredPain = s.dayRecoveredDisability = s.dayFirstRecurrence = -1;
  s.dayReturnedWork = -2;
  return s;
}

DayContext dayContext(int day = 21) {
  DayContext c;
  c.day = day;
  return c;
}

/// Today's state of yesterday's `s`.
PersonState stepped(const PersonState& s, const CareToday& care = kNoCare,
                    const DayDraws& d = kQuiet, const Params& p = kP) {
  return stepDay(p, s, d, care, dayContext());
}

/// Today for a baseline person (`base`) and for a copy whose yesterday was changed by
/// `perturb` (`changed`), with the same draws and care.
struct Today {
  PersonState base, changed;
};
template <class Perturb>
Today perturbed(Perturb perturb, const PersonState& yesterday = midEpisode(),
                const CareToday& care = kNoCare, const DayDraws& d = kQuiet, const Params& p = kP) {
  PersonState other = yesterday;
  perturb(other);
  return {stepped(yesterday, care, d, p), stepped(other, care, d, p)};
}

/// `days` quiet days from `s`.
PersonState after(PersonState s, int days, const CareToday& care = kNoCare) {
  for (int day = 1; day <= days; ++day) s = stepDay(kP, s, kQuiet, care, dayContext(day));
  return s;
}

/// Pain amplifiers of a typical mid-episode day.
PainAmplifiers typicalAmplifiers() {
  PainAmplifiers a;
  a.sensitization = 0.2f;
  a.catastrophizing = 0.45f;
  a.stress = 0.35f;
  a.sleep = 0.65f;
  a.depression = 0.2f;
  return a;
}

/// Pain without day-to-day noise.
float painOf(float nociception, const PainAmplifiers& a = typicalAmplifiers(),
             float analgesia = 0.f, const Params& p = kP) {
  return painFromDrive(painDrive(p, nociception, a, analgesia, 0.f));
}

ActivityInputs typicalActivityInputs() {
  ActivityInputs in;
  in.pain = 0.45f;
  in.fear = 0.5f;
  in.efficacy = 0.55f;
  in.acceptance = 0.5f;
  in.depression = 0.2f;
  in.solicitous = 0.15f;
  return in;
}

float activityOf(const ActivityInputs& in, const CareToday& care = kNoCare) {
  return activityTarget(kP, in, care);
}

/// A uniform draw strictly between the hazards `a` and `b`: the event happens for the
/// larger hazard only.
float between(float a, float b) { return 0.5f * (a + b); }

}  // namespace

// ================================================================== pain (section 3, first line)

TEST(Links, NociceptionRaisesPain) {
  EXPECT_GT(painOf(0.4f), painOf(0.3f));
  const Today t = perturbed([](PersonState& x) { x.nociception += 0.1f; });
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, SensitizationAmplifiesPainAndHurtsWithoutNociception) {
  PainAmplifiers more = typicalAmplifiers();
  more.sensitization += 0.2f;
  EXPECT_GT(painOf(0.3f, more), painOf(0.3f));
  EXPECT_GT(painOf(0.f, more), 0.f) << "sensitization alone produces pain once tissue has healed";
  EXPECT_GT(painOf(0.f, more), painOf(0.f));
  const Today t = perturbed([](PersonState& x) { x.sensitization += 0.2f; });
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, NociceptionBelowTheThresholdIsFeltOnlyWhenSensitized) {
  // With a threshold theta, nociception below theta is not felt by someone without
  // sensitization and without central pain; sensitization lowers the threshold to
  // theta (1 - Z), so the same nociception hurts a sensitized person. Above the
  // threshold pain still rises with nociception, and a higher threshold hurts less.
  Params p = kP;
  p.painNociThreshold = 0.2f;
  p.painCentralGain = 0.f;
  const auto pain = [&p](float n, float z) {
    PainAmplifiers a = typicalAmplifiers();
    a.sensitization = z;
    return painOf(n, a, 0.f, p);
  };
  EXPECT_EQ(pain(0.15f, 0.f), 0.f);
  EXPECT_GT(pain(0.15f, 0.5f), 0.f) << "allodynia: the sensitized feel what others do not";
  EXPECT_GT(pain(0.4f, 0.f), pain(0.3f, 0.f));
  Params higher = p;
  higher.painNociThreshold = 0.3f;
  EXPECT_LT(painOf(0.4f, typicalAmplifiers(), 0.f, higher), pain(0.4f, 0.f));
  // Threshold 0 (the range's bottom) leaves the drive as without the mechanism.
  p.painNociThreshold = 0.f;
  const PainAmplifiers a = typicalAmplifiers();
  EXPECT_FLOAT_EQ(painDrive(p, 0.3f, a, 0.f, 0.f), 0.3f * painDrive(p, 1.f, a, 0.f, 0.f));
}

TEST(Links, CatastrophizingAmplifiesPain) {
  PainAmplifiers more = typicalAmplifiers();
  more.catastrophizing += 0.2f;
  EXPECT_GT(painOf(0.3f, more), painOf(0.3f));
  const Today t = perturbed([](PersonState& x) { x.catastrophizing += 0.2f; });
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, StressAmplifiesPain) {
  PainAmplifiers more = typicalAmplifiers();
  more.stress += 0.2f;
  EXPECT_GT(painOf(0.3f, more), painOf(0.3f));
  // Yesterday's stress would also spoil last night's sleep; the usual stress level raises
  // today's stress alone before pain is computed.
  const Today t = perturbed([](PersonState& x) { x.stressTrait += 0.2f; });
  EXPECT_FLOAT_EQ(t.changed.sleep, t.base.sleep);
  EXPECT_GT(t.changed.stress, t.base.stress);
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, PoorSleepLastNightRaisesTodaysPain) {
  PainAmplifiers worse = typicalAmplifiers();
  worse.sleep -= 0.2f;
  EXPECT_GT(painOf(0.3f, worse), painOf(0.3f));
  // Last night's sleep is recomputed from yesterday evening, so perturb the person's usual
  // sleep: only last night's sleep differs before pain is computed.
  const Today t = perturbed([](PersonState& x) { x.sleepTrait -= 0.2f; });
  EXPECT_LT(t.changed.sleep, t.base.sleep);
  EXPECT_FLOAT_EQ(t.changed.stress, t.base.stress);
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, DepressionAmplifiesPain) {
  PainAmplifiers more = typicalAmplifiers();
  more.depression += 0.2f;
  EXPECT_GT(painOf(0.3f, more), painOf(0.3f));
  const Today t = perturbed([](PersonState& x) { x.depression += 0.2f; });
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, AnalgesiaDampsPain) {
  EXPECT_LT(painOf(0.3f, typicalAmplifiers(), 0.2f), painOf(0.3f));
  EXPECT_GT(painOf(0.3f, typicalAmplifiers(), 0.2f), 0.f) << "damps, does not abolish";
  CareToday analgesia;
  analgesia.analgesia = 0.2f;
  EXPECT_LT(stepped(midEpisode(), analgesia).pain, stepped(midEpisode()).pain);
}

TEST(Links, PainSaturatesBelowOne) {
  EXPECT_EQ(painFromDrive(0.f), 0.f);
  float last = 0.f;
  for (float drive = 0.25f; drive <= 8.f; drive += 0.25f) {
    const float pain = painFromDrive(drive);
    EXPECT_GT(pain, last) << "drive " << drive;
    EXPECT_LT(pain, 1.f) << "drive " << drive;
    last = pain;
  }
  // Equal steps of drive add less and less pain.
  EXPECT_LT(painFromDrive(3.f) - painFromDrive(2.f), painFromDrive(1.f) - painFromDrive(0.f));
  PainAmplifiers worst;
  worst.sensitization = worst.catastrophizing = worst.stress = worst.depression = 1.f;
  worst.sleep = 0.f;
  EXPECT_LE(painOf(20.f, worst), 1.f);
}

// ========================================================================= sleep and pain

// MODEL.md 3: sleep -> next-day pain is stronger (about 2-3x) than pain -> that night's
// sleep. The diary studies behind this (Edwards 2008; Tang 2012; Gerhart 2017) compare
// lagged within-person effects with pain and sleep quality rated on like scales (e.g. both
// 0-10). Both latent states here are such fractions of a scale (pain = NRS/10; sleep
// quality 0-1), so the same change of 0.1 in each is the same change in scale points and
// the resulting changes are comparable as they are. (A relative change of one against an
// absolute change of the other would compare percentages with scale points.) Compared at
// typical states from mild to severe pain, around the usual evening stress and worry.
TEST(Links, SleepDrivesNextDayPainMoreThanPainDrivesSleep) {
  for (const float nociception : {0.1f, 0.3f, 0.5f}) {
    const PainAmplifiers a = typicalAmplifiers();
    PainAmplifiers worseNight = a;
    worseNight.sleep -= 0.1f;
    const float pain = painOf(nociception, a);
    const float painRise = painOf(nociception, worseNight) - pain;
    const float sleepFall = sleepQuality(kP, 0.75f, 0.35f, 0.2f, pain, 0.f) -
                            sleepQuality(kP, 0.75f, 0.35f, 0.2f, pain + 0.1f, 0.f);
    EXPECT_GT(painRise, 0.f);
    EXPECT_GT(sleepFall, 0.f);
    EXPECT_GT(painRise, sleepFall)
        << "at pain " << pain << ": a night 0.1 worse raises next-day pain by " << painRise
        << ", pain 0.1 higher lowers that night's sleep by " << sleepFall << " (ratio "
        << painRise / sleepFall << "; MODEL.md asks about 2-3)";
  }
}

TEST(Links, PreSleepStressAndWorryWorsenSleepMoreThanPain) {
  const auto sleep = [](float stress, float anxiety, float pain) {
    return sleepQuality(kP, 0.75f, stress, anxiety, pain, 0.f);
  };
  const float base = sleep(0.3f, 0.2f, 0.3f);
  const float byStress = base - sleep(0.4f, 0.2f, 0.3f);
  const float byWorry = base - sleep(0.3f, 0.3f, 0.3f);
  const float byPain = base - sleep(0.3f, 0.2f, 0.4f);
  EXPECT_GT(byPain, 0.f) << "pain still disturbs sleep";
  EXPECT_GT(byStress, byPain);
  EXPECT_GT(byWorry, byPain);
  // The same on the recipe: last night's sleep reads yesterday evening's states.
  const float night = stepped(midEpisode()).sleep;
  const float nightStress = perturbed([](PersonState& x) { x.stress += 0.1f; }).changed.sleep;
  const float nightWorry = perturbed([](PersonState& x) { x.anxiety += 0.1f; }).changed.sleep;
  const float nightPain = perturbed([](PersonState& x) { x.pain += 0.1f; }).changed.sleep;
  EXPECT_LT(nightPain, night);
  EXPECT_LT(nightStress, nightPain);
  EXPECT_LT(nightWorry, nightPain);
}

TEST(Links, LastNightsSleepMovesThePastMonthsSleep) {
  EXPECT_LT(nextSleepMonth(0.7f, 0.3f), 0.7f);
  EXPECT_GT(nextSleepMonth(0.7f, 0.3f), 0.3f) << "an average over weeks, not one night";
  const Today t = perturbed([](PersonState& x) { x.sleepTrait -= 0.2f; });
  EXPECT_LT(t.changed.sleepMonth, t.base.sleepMonth);
}

// ====================================================================== fear and avoidance

TEST(Links, PainTimesCatastrophizingRaisesFear) {
  EXPECT_GT(threatAppraisal(kP, 0.5f, 0.45f), threatAppraisal(kP, 0.4f, 0.45f));
  EXPECT_GT(threatAppraisal(kP, 0.4f, 0.6f), threatAppraisal(kP, 0.4f, 0.3f));
  EXPECT_EQ(threatAppraisal(kP, 0.f, 0.9f), 0.f) << "no pain, nothing to read as threat";
  // Interaction: catastrophizing adds more threat when pain is higher.
  const float catAtLowPain = threatAppraisal(kP, 0.2f, 0.6f) - threatAppraisal(kP, 0.2f, 0.3f);
  const float catAtHighPain = threatAppraisal(kP, 0.5f, 0.6f) - threatAppraisal(kP, 0.5f, 0.3f);
  EXPECT_GT(catAtHighPain, catAtLowPain);
  // More threat, more fear, whether fear is being acquired or extinguished.
  for (const float fear : {0.2f, 0.6f})
    EXPECT_GT(nextFear(kP, fear, 0.6f, 0.45f), nextFear(kP, fear, 0.6f, 0.35f)) << fear;
  EXPECT_GT(nextFear(kP, 0.2f, 0.6f, 0.7f), 0.2f) << "painful movement read as threat teaches fear";
  // Recipe: more catastrophizing or more nociception yesterday, more fear today.
  const Today cat = perturbed([](PersonState& x) { x.catastrophizing += 0.2f; });
  EXPECT_GT(cat.changed.fear, cat.base.fear);
  const Today noc = perturbed([](PersonState& x) { x.nociception += 0.2f; });
  EXPECT_GT(noc.changed.fear, noc.base.fear);
}

TEST(Links, FearCutsActivity) {
  ActivityInputs fearful = typicalActivityInputs();
  fearful.fear += 0.3f;
  EXPECT_LT(activityOf(fearful), activityOf(typicalActivityInputs()));
  const Today t = perturbed([](PersonState& x) { x.fear += 0.3f; });
  EXPECT_LT(t.changed.activity, t.base.activity);
}

TEST(Links, AcceptanceWeakensFearsGripOnActivity) {
  const auto fearCost = [](float acceptance) {
    ActivityInputs calm = typicalActivityInputs();
    calm.acceptance = acceptance;
    calm.fear = 0.2f;
    ActivityInputs fearful = calm;
    fearful.fear = 0.7f;
    return activityOf(calm) - activityOf(fearful);
  };
  EXPECT_GT(fearCost(0.1f), 0.f);
  EXPECT_GT(fearCost(0.9f), 0.f) << "acceptance weakens fear's effect, does not reverse it";
  EXPECT_LT(fearCost(0.9f), fearCost(0.1f));
  const auto recipeFearCost = [](float acceptance) {
    PersonState s = midEpisode();
    s.acceptance = s.acceptanceTrait = acceptance;
    s.fear = 0.2f;
    const Today t = perturbed([](PersonState& x) { x.fear = 0.7f; }, s);
    return t.base.activity - t.changed.activity;
  };
  EXPECT_GT(recipeFearCost(0.9f), 0.f);
  EXPECT_LT(recipeFearCost(0.9f), recipeFearCost(0.1f));
}

namespace {

/// Someone whose tissue has nearly healed: movement hardly hurts any more.
PersonState lowPainPerson() {
  PersonState s = midEpisode();
  s.nociception = 0.02f;
  s.sensitization = 0.f;
  s.pain = 0.05f;
  return s;
}

}  // namespace

TEST(Links, ActivityWithoutPainExtinguishesFear) {
  const float fear = 0.6f;
  const float threat = threatAppraisal(kP, 0.05f, 0.45f);
  ASSERT_LT(threat, fear);
  EXPECT_LT(nextFear(kP, fear, 0.9f, threat), fear) << "moving without the feared pain";
  EXPECT_LT(nextFear(kP, fear, 0.9f, threat), nextFear(kP, fear, 0.4f, threat))
      << "more exposure, more extinction";
  const Today t = perturbed([](PersonState& x) { x.activity = 0.9f; },
                            [] {
                              PersonState s = lowPainPerson();
                              s.activity = 0.4f;
                              return s;
                            }());
  EXPECT_LT(t.base.fear, lowPainPerson().fear);
  EXPECT_LT(t.changed.fear, t.base.fear);
}

TEST(Links, ActivityWithoutPainBuildsSelfEfficacy) {
  // Arguments: efficacy, trait, activity, pain, expected pain, autonomy support.
  EXPECT_GT(nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.05f, 0.05f, 0.6f),
            nextEfficacy(kP, 0.5f, 0.6f, 0.4f, 0.05f, 0.05f, 0.6f));
  EXPECT_LT(nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.7f, 0.05f, 0.6f),
            nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.05f, 0.05f, 0.6f))
      << "the same activity with a pain spike builds less";
  const Today t = perturbed([](PersonState& x) { x.activity = 0.9f; },
                            [] {
                              PersonState s = lowPainPerson();
                              s.activity = 0.4f;
                              return s;
                            }());
  EXPECT_GT(t.changed.efficacy, t.base.efficacy);
}

// Mastery is appraised against the pain one expects (step 11): with a pain share below 1
// only part of steady pain spoils mastery, and a spike above expectation spoils it fully.
TEST(Links, SelfEfficacyJudgesPainAgainstWhatOneExpects) {
  Params appraising;
  appraising.efficacyPainShare = 0.f;
  appraising.efficacyMasteryRate = 0.1f;
  const auto efficacyAfter = [](const Params& p, float pain, float expected) {
    return nextEfficacy(p, 0.5f, 0.6f, 0.8f, pain, expected, 0.5f);
  };
  // Pain one expected costs nothing; the same pain unexpected costs mastery.
  EXPECT_FLOAT_EQ(efficacyAfter(appraising, 0.6f, 0.6f), efficacyAfter(appraising, 0.f, 0.f));
  EXPECT_LT(efficacyAfter(appraising, 0.6f, 0.2f), efficacyAfter(appraising, 0.6f, 0.6f));
  EXPECT_LT(efficacyAfter(appraising, 0.7f, 0.4f), efficacyAfter(appraising, 0.5f, 0.4f))
      << "a larger spike, a larger setback";
  // Pain below expectation is not a setback, and not a bonus either.
  EXPECT_FLOAT_EQ(efficacyAfter(appraising, 0.2f, 0.6f), efficacyAfter(appraising, 0.f, 0.f));
  // With the pain share at 1 (mastery = activity without pain) expectation plays no part.
  Params raw = appraising;
  raw.efficacyPainShare = 1.f;
  EXPECT_FLOAT_EQ(efficacyAfter(raw, 0.6f, 0.6f), efficacyAfter(raw, 0.6f, 0.1f));
  EXPECT_LT(efficacyAfter(raw, 0.6f, 0.6f), efficacyAfter(appraising, 0.6f, 0.6f));
  // Expected pain follows pain, by 1/expectation_days of the gap a day, from either side.
  const float expected = nextPainExpected(appraising, 0.2f, 0.6f);
  EXPECT_GT(expected, 0.2f);
  EXPECT_LT(expected, 0.6f);
  EXPECT_NEAR(expected - 0.2f, 0.4f / appraising.efficacyExpectationDays, 1e-6f);
  EXPECT_LT(nextPainExpected(appraising, 0.6f, 0.2f), 0.6f);
  // Whole day: a person in steady pain who expects it keeps more self-efficacy than one
  // for whom the same pain is new.
  const Today t = perturbed([](PersonState& x) { x.painExpected = x.pain; },
                            [] {
                              PersonState s = lowPainPerson();
                              s.painExpected = 0.f;
                              s.nociception = 0.6f;
                              s.pain = 0.5f;
                              return s;
                            }(),
                            kNoCare, kQuiet, appraising);
  EXPECT_GT(t.changed.efficacy, t.base.efficacy);
}

TEST(Links, AvoidancePreservesFear) {
  for (const float threat : {0.1f, 0.9f})
    EXPECT_FLOAT_EQ(nextFear(kP, 0.6f, 0.f, threat), 0.6f) << "no movement, no learning";
  // Only the share of activity that fear does not avoid disconfirms the threat.
  EXPECT_LT(exposure(0.8f, 0.7f), exposure(0.8f, 0.2f));
  EXPECT_LT(exposure(0.3f, 0.5f), exposure(0.8f, 0.5f));
  // The same movement extinguishes a strong fear more slowly, relative to the gap.
  const float threat = 0.05f;
  const float strong = 0.8f, mild = 0.4f;
  EXPECT_LT((strong - nextFear(kP, strong, 0.6f, threat)) / (strong - threat),
            (mild - nextFear(kP, mild, 0.6f, threat)) / (mild - threat));
}

// ======================================================================= boom-bust and disuse

TEST(Links, ActivityBeyondCapacityRaisesFlareRisk) {
  EXPECT_GT(flareHazard(kP, 0.95f, 0.7f, 0.f, 0), flareHazard(kP, 0.75f, 0.7f, 0.f, 0));
  EXPECT_FLOAT_EQ(flareHazard(kP, 0.4f, 0.7f, 0.f, 0), flareHazard(kP, 0.65f, 0.7f, 0.f, 0))
      << "only activity beyond capacity overloads";
  // Recipe: the flare hazard reads yesterday's activity and capacity (a year into the
  // episode, past the window in which pain guards against flares).
  PersonState s = midEpisode();
  s.daysSinceOnset = 365;
  s.activity = 0.6f;
  s.capacity = 0.7f;
  DayDraws d;
  d.flareU = between(flareHazard(kP, 0.6f, 0.7f, 0.f, 0), flareHazard(kP, 1.f, 0.7f, 0.f, 0));
  d.flareSizeU = 0.5f;
  const Today t = perturbed([](PersonState& x) { x.activity = 1.f; }, s, kNoCare, d);
  EXPECT_EQ(t.base.flares, 0);
  EXPECT_EQ(t.changed.flares, 1);
  EXPECT_GT(t.changed.nociception, t.base.nociception);
  EXPECT_GT(t.changed.pain, t.base.pain);
}

TEST(Links, TissueHealsAndFlaresAddNociception) {
  const Nociception n{0.3f, 0.05f};
  const auto next = [&](bool flared, float u) {
    return nextNociception(kP, n, {0.92f, 0.99f, 0.92f}, flared, u).total;
  };
  EXPECT_LT(next(false, 0.5f), 0.3f);
  EXPECT_GT(next(true, 0.5f), next(false, 0.5f));
  EXPECT_GT(next(true, 0.1f), next(true, 0.5f)) << "smaller uniforms, bigger flares";
}

// A flare-up settles on its own time constant: a person whose flares settle faster
// (smaller flare.heal_ratio) carries less of a flare a week later, while the injury's own
// healing is untouched; the parts never exceed the whole. With a ratio of 1 a flare heals
// exactly like the injury's fast phase.
TEST(Links, FlaresSettleOnTheirOwnTimeConstant) {
  const float fast = std::exp(-1.f / 7.f);
  const float size = -kP.flareSizeMean * std::log(0.3f);
  struct Week {
    float total, injury, flare;
  };
  const auto weekAfterFlare = [&](float ratio) {
    Params p = kP;
    p.flareHealRatio = ratio;
    const BasicHealing<float> decay{fast, 1.f, std::exp(-1.f / (ratio * 7.f))};
    Nociception n = nextNociception(p, Nociception{0.2f, 0.f, 0.f}, decay, true, 0.3f);
    EXPECT_NEAR(n.total, 0.2f * fast + size, 1e-6f) << "a flare adds its input";
    for (int d = 0; d < 7; ++d) {
      EXPECT_LE(n.flare + n.slow, n.total + 1e-6f);
      n = nextNociception(p, n, decay, false, 1.f);
    }
    return Week{n.total, n.total - n.flare, n.flare};
  };
  const Week brief = weekAfterFlare(0.2f), longer = weekAfterFlare(0.9f);
  EXPECT_GT(longer.flare, 0.f);
  EXPECT_LT(brief.total, longer.total);
  EXPECT_FLOAT_EQ(brief.injury, longer.injury) << "the injury heals as before";
  const Week asInjury = weekAfterFlare(1.f);
  EXPECT_EQ(asInjury.flare, 0.f) << "ratio 1: the flare joins the fast phase";
  EXPECT_NEAR(asInjury.total, (0.2f * fast + size) * std::pow(fast, 7.f), 1e-6f);
  // A flare's input splits by the slow share like an injury's, whatever the ratio.
  Params p = kP;
  p.slowShare = 0.3f;
  p.flareHealRatio = 0.5f;
  const Nociception n = nextNociception(p, Nociception{}, {fast, 1.f, 0.5f}, true, 0.3f);
  EXPECT_NEAR(n.slow, 0.3f * size, 1e-6f);
  EXPECT_NEAR(n.flare, 0.7f * size, 1e-6f);
}

// Two healing phases: the relative rate of healing slows as the fast part is gone, so
// the course is fast for weeks and slow for months; with no slow share it stays constant.
TEST(Links, HealingIsFastThenSlowWhenPartOfTheInjuryRemodelsSlowly) {
  Params p = kP;
  const float fast = std::exp(-1.f / 7.f), slow = std::exp(-1.f / 90.f);
  const auto after = [&](float share, int days) {
    p.slowShare = share;
    Nociception n = addNociception(p, {}, 0.5f);
    for (int d = 0; d < days; ++d) n = nextNociception(p, n, {fast, slow, fast}, false, 1.f);
    EXPECT_GE(n.slow, 0.f);
    EXPECT_LE(n.slow, n.total);
    return n.total;
  };
  // log-rate of healing over weeks 0-6 and over weeks 6-12
  const auto rates = [&](float share) {
    const float n0 = after(share, 0), n6 = after(share, 42), n12 = after(share, 84);
    return std::pair{std::log(n0 / n6), std::log(n6 / n12)};
  };
  const auto [early, late] = rates(0.2f);
  EXPECT_GT(early, 2.f * late) << "biphasic";
  const auto [early0, late0] = rates(0.f);
  EXPECT_NEAR(early0, late0, 1e-3f * early0) << "one phase: a constant rate";
  EXPECT_GT(after(0.2f, 84), after(0.f, 84)) << "a slow share leaves more at 12 weeks";
}

TEST(Links, LowActivityLowersCapacityOverWeeks) {
  EXPECT_LT(nextCapacity(kP, 0.9f, 0.3f), 0.9f) << "disuse";
  EXPECT_GT(nextCapacity(kP, 0.5f, 0.9f), 0.5f) << "reconditioning";
  // Weeks, not days: one day closes at most 1/7 of the gap for any allowed time constant.
  const float fastest = float(findParameter("capacity.days")->minValue);
  EXPECT_LE(0.9f - nextCapacity(kP, 0.9f, 0.3f), (0.9f - 0.3f) / fastest);
  float capacity = 0.9f;
  for (int day = 0; day < 42; ++day) capacity = nextCapacity(kP, capacity, 0.3f);
  EXPECT_LT(capacity, nextCapacity(kP, 0.9f, 0.3f)) << "disuse accumulates over weeks";
  EXPECT_GT(capacity, 0.3f);
  // Recipe: less activity yesterday, less capacity today; activity held up by a quota
  // keeps more capacity after six weeks.
  const Today t = perturbed([](PersonState& x) { x.activity -= 0.3f; });
  EXPECT_LT(t.changed.capacity, t.base.capacity);
  CareToday quota;
  quota.quota = 1.f;
  quota.quotaAdherence = 1.f;
  EXPECT_GT(after(midEpisode(), 42, quota).capacity, after(midEpisode(), 42).capacity);
}

TEST(Links, PainGuardsAgainstFlaresEarlyInAnEpisode) {
  // Off (0, the model before the mechanism): neither pain nor the episode's age changes
  // the hazard.
  Params off = kP;
  off.flareGuard = 0.f;
  EXPECT_EQ(flareHazard(off, 0.6f, 0.7f, 0.8f, 5), flareHazard(off, 0.6f, 0.7f, 0.f, 500));
  Params on = kP;
  on.flareGuard = 5.f;
  on.flareGuardDays = 100.f;
  const float unguarded = flareHazard(kP, 0.6f, 0.7f, 0.f, 0);
  // Early in an episode, the more pain yesterday, the lower the flare risk ...
  EXPECT_LT(flareHazard(on, 0.6f, 0.7f, 0.6f, 20), flareHazard(on, 0.6f, 0.7f, 0.2f, 20));
  EXPECT_LT(flareHazard(on, 0.6f, 0.7f, 0.2f, 20), unguarded);
  // ... without pain there is nothing to guard ...
  EXPECT_EQ(flareHazard(on, 0.6f, 0.7f, 0.f, 20), unguarded);
  // ... and once the episode is older than the window, pain no longer protects.
  EXPECT_EQ(flareHazard(on, 0.6f, 0.7f, 0.6f, 100), unguarded);
  // Recipe: the hazard reads yesterday's pain and the days since onset.
  PersonState s = midEpisode();
  s.daysSinceOnset = 20;
  DayDraws d;
  d.flareU = between(flareHazard(on, s.activity, s.capacity, s.pain, 20),
                     flareHazard(on, s.activity, s.capacity, 0.05f, 20));
  d.flareSizeU = 0.5f;
  const Today t = perturbed([](PersonState& x) { x.pain = 0.05f; }, s, kNoCare, d, on);
  EXPECT_EQ(t.base.flares, 0) << "in pain, guarded";
  EXPECT_EQ(t.changed.flares, 1) << "nearly free of pain, not guarded";
  EXPECT_GT(t.changed.nociception, t.base.nociception);
  s.daysSinceOnset = 150;
  const Today late = perturbed([](PersonState& x) { x.pain = 0.05f; }, s, kNoCare, d, on);
  EXPECT_EQ(late.base.flares, 1) << "past the window the same pain does not guard";
  EXPECT_EQ(late.changed.flares, 1);
}

TEST(Links, GuardingFadesOnceTheWindowEnds) {
  Params step = kP;
  step.flareGuard = 5.f;
  step.flareGuardDays = 100.f;
  step.flareGuardFadeDays = 0.f;
  Params fade = step;
  fade.flareGuardFadeDays = 60.f;
  const float unguarded = flareHazard(kP, 0.6f, 0.7f, 0.f, 0);
  const auto h = [](const Params& p, int day) { return flareHazard(p, 0.6f, 0.7f, 0.6f, day); };
  // Within the window a fading guard protects exactly as the step does ...
  EXPECT_EQ(h(fade, 20), h(step, 20));
  EXPECT_EQ(h(fade, 100), h(fade, 20)) << "the fade starts when the window ends";
  // ... after it the protection wanes day by day instead of stopping at once ...
  EXPECT_LT(h(fade, 130), h(fade, 200));
  EXPECT_LT(h(fade, 200), h(fade, 400));
  EXPECT_LT(h(fade, 130), unguarded);
  EXPECT_EQ(h(step, 130), unguarded);
  // ... and never turns into a risk: the hazard stays at or under the unguarded one.
  EXPECT_LE(h(fade, 3000), unguarded);
  EXPECT_NEAR(h(fade, 3000), unguarded, 1e-6f * unguarded);
}

TEST(Links, LowCapacityRaisesFlareRiskAndDisability) {
  EXPECT_GT(flareHazard(kP, 0.4f, 0.5f, 0.f, 0), flareHazard(kP, 0.4f, 0.9f, 0.f, 0)) << "disuse";
  EXPECT_GT(disabilityLevel(kP, 0.45f, 0.55f, 0.6f, 0.5f, 0.2f, 0.5f),
            disabilityLevel(kP, 0.45f, 0.55f, 0.6f, 0.9f, 0.2f, 0.5f));
  PersonState s = midEpisode();
  s.daysSinceOnset = 365;  // past the window in which pain guards against flares
  s.activity = 0.4f;       // below both capacities: no overload, only deconditioning differs
  s.capacity = 0.9f;
  DayDraws d;
  d.flareU = between(flareHazard(kP, 0.4f, 0.9f, 0.f, 0), flareHazard(kP, 0.4f, 0.5f, 0.f, 0));
  d.flareSizeU = 0.5f;
  const Today t = perturbed([](PersonState& x) { x.capacity = 0.5f; }, s, kNoCare, d);
  EXPECT_EQ(t.changed.flares, t.base.flares + 1);
  EXPECT_GT(t.changed.disability, t.base.disability);
  const Today quiet = perturbed([](PersonState& x) { x.capacity = 0.5f; }, s);
  EXPECT_FLOAT_EQ(quiet.changed.pain, quiet.base.pain) << "no flare drawn: same pain";
  EXPECT_GT(quiet.changed.disability, quiet.base.disability);
}

// ==================================================================================== mood

TEST(Links, PainDisabilityIsolationAndStressRaiseDepression) {
  const auto target = [](float pain, float disability, float support, float stress) {
    return depressionTarget(kP, 0.12f, pain, 0.5f, disability, support, stress);
  };
  const float base = target(0.4f, 0.3f, 0.6f, 0.3f);
  EXPECT_GT(target(0.6f, 0.3f, 0.6f, 0.3f), base) << "pain";
  EXPECT_GT(target(0.4f, 0.5f, 0.6f, 0.3f), base) << "disability";
  EXPECT_GT(target(0.4f, 0.3f, 0.3f, 0.3f), base) << "isolation (less autonomy support)";
  EXPECT_GT(target(0.4f, 0.3f, 0.6f, 0.5f), base) << "stress";
  // Recipe: today's mood moves toward the target from today's pain, disability, stress and
  // yesterday's support.
  const Today pain = perturbed([](PersonState& x) { x.nociception += 0.2f; });
  EXPECT_GT(pain.changed.depression, pain.base.depression) << "pain";
  const Today disability = perturbed([](PersonState& x) { x.capacity -= 0.4f; });
  EXPECT_GT(disability.changed.disability, disability.base.disability);
  EXPECT_GT(disability.changed.depression, disability.base.depression) << "disability";
  const Today isolation = perturbed([](PersonState& x) { x.supportAutonomy -= 0.4f; });
  EXPECT_GT(isolation.changed.depression, isolation.base.depression) << "isolation";
  const Today stress = perturbed([](PersonState& x) { x.stress += 0.3f; });
  EXPECT_GT(stress.changed.depression, stress.base.depression) << "stress";
}

TEST(Links, AcceptanceWeakensPainToDepression) {
  const auto painCost = [](float acceptance) {
    return depressionTarget(kP, 0.12f, 0.7f, acceptance, 0.3f, 0.6f, 0.3f) -
           depressionTarget(kP, 0.12f, 0.3f, acceptance, 0.3f, 0.6f, 0.3f);
  };
  EXPECT_GT(painCost(0.9f), 0.f);
  EXPECT_LT(painCost(0.9f), painCost(0.1f));
  // Recipe, without fear, so that acceptance acts on mood alone (it also softens fear).
  const auto recipePainCost = [](float acceptance) {
    PersonState s = midEpisode();
    s.fear = 0.f;
    s.acceptance = s.acceptanceTrait = acceptance;
    const Today t = perturbed([](PersonState& x) { x.nociception += 0.3f; }, s);
    return t.changed.depression - t.base.depression;
  };
  EXPECT_GT(recipePainCost(0.9f), 0.f);
  EXPECT_LT(recipePainCost(0.9f), recipePainCost(0.1f));
}

// Psychological flexibility (ACT, MODEL.md 5): acceptance also weakens what disability and
// stress do to mood, but not what missing support does.
TEST(Links, AcceptanceWeakensDisabilityAndStressToDepression) {
  Params p = kP;
  p.acceptanceBurdenBuffer = 0.6f;
  const auto cost = [&](float acceptance, float disability, float support, float stress) {
    return depressionTarget(p, 0.12f, 0.4f, acceptance, disability, support, stress) -
           depressionTarget(p, 0.12f, 0.4f, acceptance, 0.2f, 0.6f, 0.2f);
  };
  EXPECT_GT(cost(0.9f, 0.5f, 0.6f, 0.2f), 0.f) << "disability still lowers mood";
  EXPECT_LT(cost(0.9f, 0.5f, 0.6f, 0.2f), cost(0.1f, 0.5f, 0.6f, 0.2f)) << "less so accepted";
  EXPECT_GT(cost(0.9f, 0.2f, 0.6f, 0.5f), 0.f) << "stress still lowers mood";
  EXPECT_LT(cost(0.9f, 0.2f, 0.6f, 0.5f), cost(0.1f, 0.2f, 0.6f, 0.5f)) << "less so accepted";
  EXPECT_GT(cost(0.9f, 0.2f, 0.3f, 0.2f), 1e-3f) << "isolation lowers mood";
  EXPECT_NEAR(cost(0.9f, 0.2f, 0.3f, 0.2f), cost(0.1f, 0.2f, 0.3f, 0.2f), 1e-6f)
      << "isolation is not buffered";
  p.acceptanceBurdenBuffer = 0.f;
  EXPECT_NEAR(cost(0.9f, 0.5f, 0.6f, 0.5f), cost(0.1f, 0.5f, 0.6f, 0.5f), 1e-6f)
      << "no effect while off";
}

TEST(Links, DepressionCutsActivity) {
  ActivityInputs low = typicalActivityInputs();
  low.depression += 0.3f;
  EXPECT_LT(activityOf(low), activityOf(typicalActivityInputs()));
  const Today t = perturbed([](PersonState& x) { x.depression += 0.3f; });
  EXPECT_LT(t.changed.activity, t.base.activity);
}

TEST(Links, DepressionLowersAdherenceToActivityQuotas) {
  CareToday quota;
  quota.quota = 1.f;
  quota.quotaAdherence = 0.8f;
  // Share of the gap to the quota that is closed.
  const auto closed = [&](float depression) {
    ActivityInputs in = typicalActivityInputs();
    in.depression = depression;
    const float own = activityOf(in);
    return (activityOf(in, quota) - own) / (quota.quota - own);
  };
  EXPECT_GT(closed(0.5f), 0.f);
  EXPECT_LT(closed(0.5f), closed(0.1f));
  // Recipe, with depression's direct cut of activity switched off so that only adherence
  // (and depression's amplification of pain, of the same sign) remains.
  Params p = kP;
  p.activityDepressionWeight = 0.f;
  const Today t =
      perturbed([](PersonState& x) { x.depression += 0.3f; }, midEpisode(), quota, kQuiet, p);
  EXPECT_LT(t.changed.activity, t.base.activity);
}

TEST(Links, StressAndCatastrophizingRaiseWorry) {
  EXPECT_GT(anxietyTarget(kP, 0.1f, 0.5f, 0.4f), anxietyTarget(kP, 0.1f, 0.3f, 0.4f));
  EXPECT_GT(anxietyTarget(kP, 0.1f, 0.3f, 0.6f), anxietyTarget(kP, 0.1f, 0.3f, 0.4f));
  const Today t = perturbed([](PersonState& x) { x.stress += 0.3f; });
  EXPECT_GT(t.changed.anxiety, t.base.anxiety);
}

TEST(Links, PainLostSelfEfficacyAndPoorSleepRaiseCatastrophizing) {
  const float base = catastrophizingTarget(kP, 0.4f, 0.4f, 0.6f, 0.6f, 0.7f);
  EXPECT_GT(catastrophizingTarget(kP, 0.4f, 0.6f, 0.6f, 0.6f, 0.7f), base) << "pain";
  EXPECT_GT(catastrophizingTarget(kP, 0.4f, 0.4f, 0.4f, 0.6f, 0.7f), base) << "lost efficacy";
  EXPECT_GT(catastrophizingTarget(kP, 0.4f, 0.4f, 0.6f, 0.6f, 0.5f), base) << "poor night";
  const Today pain = perturbed([](PersonState& x) { x.nociception += 0.2f; });
  EXPECT_GT(pain.changed.catastrophizing, pain.base.catastrophizing);
  const Today night = perturbed([](PersonState& x) { x.sleepTrait -= 0.2f; });
  EXPECT_GT(night.changed.catastrophizing, night.base.catastrophizing);
}

// =========================================================================== sensitization

TEST(Links, SustainedPainStressAndPoorSleepSensitize) {
  const float z = 0.2f;
  const float base = nextSensitization(kP, kP.sensPainThreshold, z, 0.4f, 0.3f, 0.7f, 0.5f);
  EXPECT_GT(nextSensitization(kP, kP.sensPainThreshold, z, 0.6f, 0.3f, 0.7f, 0.5f), base) << "pain";
  EXPECT_GT(nextSensitization(kP, kP.sensPainThreshold, z, 0.4f, 0.6f, 0.7f, 0.5f), base)
      << "stress";
  EXPECT_GT(nextSensitization(kP, kP.sensPainThreshold, z, 0.4f, 0.3f, 0.4f, 0.5f), base)
      << "poor sleep";
  // Recipe: one day, and pain sustained over eight weeks.
  const Today pain = perturbed([](PersonState& x) { x.nociception += 0.2f; });
  EXPECT_GT(pain.changed.sensitization, pain.base.sensitization);
  const Today stress = perturbed([](PersonState& x) { x.stress += 0.3f; });
  EXPECT_GT(stress.changed.sensitization, stress.base.sensitization);
  const Today night = perturbed([](PersonState& x) { x.sleepTrait -= 0.3f; });
  EXPECT_GT(night.changed.sensitization, night.base.sensitization);
  PersonState slowHealing = midEpisode();
  slowHealing.healDecay = 0.995f;
  EXPECT_GT(after(slowHealing, 56).sensitization, after(midEpisode(), 56).sensitization);
}

TEST(Links, APronociceptivePersonSensitizesUnderLessLoad) {
  // A lower threshold (sigmoid midpoint) gives a higher target under the same load, so
  // sensitization rises more.
  const float h = kP.sensPainThreshold;
  const float z = 0.1f;
  EXPECT_GT(nextSensitization(kP, h - 0.15f, z, h - 0.1f, 0.f, 1.f, 0.5f),
            nextSensitization(kP, h, z, h - 0.1f, 0.f, 1.f, 0.5f));
  // Traits: threshold_sd 0 gives everyone the midpoint; above 0, the person who starts more
  // sensitized (the same draw) has the lower threshold, and the mean threshold is the midpoint
  // (a midpoint of 0.5, so that neither threshold is clipped to [0, 1]).
  Params none = kP;
  none.sensPainThreshold = 0.5f;
  none.sensThresholdSd = 0.f;
  Params spread = none;
  spread.sensThresholdSd = 0.1f;
  BaselineDraws low{}, high{};
  low.sensitization = -1.f;
  high.sensitization = 1.f;
  const auto onset = [](const Params& q, const BaselineDraws& d) {
    return onsetPerson(q, d, DayDraws{}, dayContext(0));
  };
  EXPECT_EQ(onset(none, high).sensThreshold, none.sensPainThreshold);
  const PersonState a = onset(spread, low), b = onset(spread, high);
  EXPECT_GT(b.sensitization, a.sensitization);
  EXPECT_LT(b.sensThreshold, a.sensThreshold);
  EXPECT_NEAR(0.5f * (a.sensThreshold + b.sensThreshold), spread.sensPainThreshold, 1e-6f);
  // Recipe: eight weeks of the same moderate injury; the pronociceptive person ends more
  // sensitized.
  PersonState prone = midEpisode();
  prone.sensThreshold = h - 0.15f;
  EXPECT_GT(after(prone, 56).sensitization, after(midEpisode(), 56).sensitization);
}

TEST(Links, SensitizationRisesFasterThanItDecays) {
  // Loads symmetric about the sigmoid's midpoint give targets symmetric about 1/2, so from
  // Z = 1/2 the gap up and the gap down are equal: only the time constants differ.
  const float h = kP.sensPainThreshold;
  const float d = std::min(h, 1.f - h);
  ASSERT_GT(d, 0.f);
  // Fading is fastest at full activity: even then it is slower than rising, for any
  // activity gain in the parameter's range.
  Params fastest = kP;
  fastest.sensActivityFadeGain =
      float(findParameter("sensitization.activity_fade_gain").value().maxValue);
  for (const Params& q : {kP, fastest}) {
    const float up = nextSensitization(q, h, 0.5f, h + d, 0.f, 1.f, 1.f) - 0.5f;
    const float down = 0.5f - nextSensitization(q, h, 0.5f, h - d, 0.f, 1.f, 1.f);
    EXPECT_GT(up, 0.f);
    EXPECT_GT(down, 0.f);
    EXPECT_GT(up, down) << "rises in weeks, fades in months";
  }
}

TEST(Links, KeepingActiveLetsSensitizationFadeAvoidanceKeepsIt) {
  // With the link switched off (gain 0) activity changes nothing; switched on, below the
  // threshold sensitization fades, the more active the faster.
  const float h = kP.sensPainThreshold;
  Params off = kP;
  off.sensActivityFadeGain = 0.f;
  EXPECT_EQ(nextSensitization(off, h, 0.6f, h / 2.f, 0.f, 1.f, 1.f),
            nextSensitization(off, h, 0.6f, h / 2.f, 0.f, 1.f, 0.2f));
  Params on = kP;
  on.sensActivityFadeGain = 1.f;
  const float fadeActive = 0.6f - nextSensitization(on, h, 0.6f, h / 2.f, 0.f, 1.f, 1.f);
  const float fadeAvoiding = 0.6f - nextSensitization(on, h, 0.6f, h / 2.f, 0.f, 1.f, 0.2f);
  EXPECT_GT(fadeAvoiding, 0.f);
  EXPECT_GT(fadeActive, fadeAvoiding);
  // Rising does not depend on activity (the load drives it).
  EXPECT_EQ(nextSensitization(on, h, 0.1f, h + 0.2f, 0.f, 1.f, 1.f),
            nextSensitization(on, h, 0.1f, h + 0.2f, 0.f, 1.f, 0.2f));
  // Recipe: a sensitized person whose tissue has healed; yesterday's activity cut.
  PersonState healed = midEpisode();
  healed.nociception = 0.f;
  healed.sensitization = 0.5f;
  const Today avoided =
      perturbed([](PersonState& x) { x.activity -= 0.4f; }, healed, kNoCare, kQuiet, on);
  ASSERT_LT(avoided.base.sensitization, healed.sensitization) << "fading";
  EXPECT_GT(avoided.changed.sensitization, avoided.base.sensitization);
}

// =========================================================================== care-seeking

TEST(Links, MorePainAndDisabilityMoreLikelyToConsult) {
  Params q = kP;
  q.careseekPainLogRr = 0.3f;
  q.careseekDisabilityLogRr = 0.1f;
  EXPECT_FLOAT_EQ(consultChance(q, 10.f, 24.f), 1.f) << "relative to the worst";
  const float base = consultChance(q, 5.f, 10.f);
  EXPECT_GT(base, 0.f);
  EXPECT_LT(base, 1.f);
  EXPECT_GT(consultChance(q, 6.f, 10.f), base) << "pain";
  EXPECT_GT(consultChance(q, 5.f, 11.f), base) << "disability";
  EXPECT_NEAR(consultChance(q, 6.f, 10.f) / base, std::exp(0.3f), 1e-5f) << "log-linear";
  q.careseekPainLogRr = q.careseekDisabilityLogRr = 0.f;
  EXPECT_FLOAT_EQ(consultChance(q, 1.f, 0.f), 1.f) << "no selection: everyone consults";
}

TEST(Links, PainPullsOnConsultingLessInLongerEpisodesWhenTheLateRatioIsBelowOne) {
  Params q = kP;
  q.careseekPainLogRr = 0.3f;
  q.careseekEarlyDays = 14.f;
  const auto painRatio = [&](int days) {
    return consultChance(q, 6.f, 10.f, days) / consultChance(q, 5.f, 10.f, days);
  };
  q.careseekLatePainRatio = 1.f;
  EXPECT_NEAR(painRatio(60), painRatio(3), 1e-5f) << "ratio 1: one slope at any duration";
  q.careseekLatePainRatio = 0.5f;
  EXPECT_NEAR(painRatio(3), std::exp(0.3f), 1e-5f) << "early episodes keep the full slope";
  EXPECT_NEAR(painRatio(13), std::exp(0.3f), 1e-5f) << "day 13 is still early";
  EXPECT_NEAR(painRatio(14), std::exp(0.15f), 1e-5f) << "from early_days on, half the slope";
  EXPECT_GT(painRatio(14), 1.f) << "pain still raises consulting";
  EXPECT_LT(painRatio(60), painRatio(3));
}

// ========================================================================== social support

TEST(Links, AutonomySupportLowersStress) {
  // The buffer is kept weak (MODEL.md 3); its size is left to calibration.
  const auto target = [](float support) {
    return stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 0.2f, 0.4f, false, support);
  };
  EXPECT_LT(target(0.9f), target(0.3f));
  const Today t = perturbed([](PersonState& x) { x.supportAutonomy += 0.3f; });
  EXPECT_LT(t.changed.stress, t.base.stress);
}

TEST(Links, AutonomySupportRaisesSelfEfficacy) {
  EXPECT_GT(nextEfficacy(kP, 0.5f, 0.6f, 0.6f, 0.4f, 0.4f, 0.9f),
            nextEfficacy(kP, 0.5f, 0.6f, 0.6f, 0.4f, 0.4f, 0.3f));
  const Today t = perturbed([](PersonState& x) { x.supportAutonomy += 0.3f; });
  EXPECT_GT(t.changed.efficacy, t.base.efficacy);
}

TEST(Links, SolicitousSupportCutsActivityButAutonomySupportDoesNot) {
  ActivityInputs takenOver = typicalActivityInputs();
  takenOver.solicitous += 0.4f;
  EXPECT_LT(activityOf(takenOver), activityOf(typicalActivityInputs()));
  const Today solicitous = perturbed([](PersonState& x) { x.supportSolicitous += 0.4f; });
  EXPECT_LT(solicitous.changed.activity, solicitous.base.activity);
  const Today autonomy = perturbed([](PersonState& x) { x.supportAutonomy += 0.3f; });
  EXPECT_GE(autonomy.changed.activity, autonomy.base.activity);
  // Over weeks: ties who readily take over tasks leave the person less active.
  PersonState s = midEpisode();
  s.solicitousAvailable = 0.1f;
  PersonState readily = s;
  readily.solicitousAvailable = 0.8f;
  EXPECT_LT(after(readily, 28).activity, after(s, 28).activity);
}

TEST(Links, PainInvitesSolicitousSupport) {
  EXPECT_GT(solicitousSupportTarget(0.4f, 0.7f), solicitousSupportTarget(0.4f, 0.3f));
  EXPECT_GT(solicitousSupportTarget(0.7f, 0.5f), solicitousSupportTarget(0.3f, 0.5f));
  EXPECT_EQ(solicitousSupportTarget(0.7f, 0.f), 0.f);
  const Today t = perturbed([](PersonState& x) { x.nociception += 0.3f; });
  EXPECT_GT(t.changed.supportSolicitous, t.base.supportSolicitous);
}

TEST(Links, WithdrawalWeakensAutonomySupport) {
  EXPECT_LT(autonomySupportTarget(kP, 0.65f, 0.3f, 0.2f),
            autonomySupportTarget(kP, 0.65f, 0.8f, 0.2f))
      << "low activity";
  EXPECT_LT(autonomySupportTarget(kP, 0.65f, 0.6f, 0.5f),
            autonomySupportTarget(kP, 0.65f, 0.6f, 0.1f))
      << "depression";
  EXPECT_GT(autonomySupportTarget(kP, 0.8f, 0.6f, 0.2f),
            autonomySupportTarget(kP, 0.5f, 0.6f, 0.2f))
      << "what one's ties can give";
  const Today inactive = perturbed([](PersonState& x) { x.activity -= 0.3f; });
  EXPECT_LT(inactive.changed.supportAutonomy, inactive.base.supportAutonomy);
  const Today low = perturbed([](PersonState& x) { x.depression += 0.3f; });
  EXPECT_LT(low.changed.supportAutonomy, low.base.supportAutonomy);
}

// ==================================================================================== work

TEST(Links, ReturnToWorkFallsWithPainWorkFearDisabilityAndAbsence) {
  const auto hazard = [](float pain, float fearAtWork, float disability, int days) {
    return returnToWorkHazard(kP, pain, fearAtWork, disability, days, {});
  };
  const float base = hazard(0.4f, 0.5f, 0.3f, 14);
  EXPECT_GT(base, 0.f);
  EXPECT_LT(hazard(0.6f, 0.5f, 0.3f, 14), base) << "pain";
  EXPECT_LT(hazard(0.4f, 0.7f, 0.3f, 14), base) << "fear of work";
  EXPECT_LT(hazard(0.4f, 0.5f, 0.5f, 14), base) << "disability";
  EXPECT_LT(hazard(0.4f, 0.5f, 0.3f, 60), base) << "long absence";
  // Fear of work rises with fear of movement and with demanding work while in pain.
  EXPECT_GT(workFear(kP, 0.5f, 0.4f, 0.4f), workFear(kP, 0.3f, 0.4f, 0.4f));
  EXPECT_GT(workFear(kP, 0.4f, 0.8f, 0.4f), workFear(kP, 0.4f, 0.2f, 0.4f));
  EXPECT_FLOAT_EQ(workFear(kP, 0.4f, 0.8f, 0.f), 0.4f) << "job strain matters in pain";
}

TEST(Links, ModifiedDutiesEarlyContactAndGradedReturnRaiseReturnToWork) {
  const auto hazard = [](EmployerSupport e, int days = 14, bool longTerm = false) {
    return returnToWorkHazard(kP, 0.4f, 0.5f, 0.3f, days, e, longTerm);
  };
  const float none = hazard({});
  EXPECT_GT(hazard({1.f, 0.f, 0.f}), none) << "modified duties offered";
  EXPECT_GT(hazard({0.f, 1.f, 0.f}), none) << "early contact";
  EXPECT_GT(hazard({0.f, 0.f, 1.f}), none) << "graded return";
  EXPECT_EQ(hazard({0.f, 1.f, 0.f}, 60), hazard({}, 60)) << "early contact acts early only";
  EXPECT_LT(hazard({}, 200, true), hazard({}, 200)) << "long-term disability lowers return";
  // Job loss: not in the first four weeks, less where modified duties are offered.
  EXPECT_EQ(jobLossHazard(kP, 20, 0.f), 0.f);
  EXPECT_GT(jobLossHazard(kP, 40, 0.f), jobLossHazard(kP, 40, 1.f));
  EXPECT_GT(reemploymentHazard(kP, 0.1f, 0.1f), reemploymentHazard(kP, 0.6f, 0.5f));
}

namespace {

/// Someone on sick leave for two weeks.
PersonState onSickLeave(float accommodation = 0.f) {
  PersonState s = midEpisode();
  s.workStatus = std::int32_t(WorkStatus::kSickLeave);
  s.absenceRun = 14;
  s.accommodation = accommodation;
  return s;
}

float returnHazardOf(const PersonState& s) {
  return returnToWorkHazard(kP, s.pain, workFear(kP, s.fear, s.jobStrain, s.pain), s.disability,
                            s.absenceRun, {s.accommodation, s.earlyContact, s.gradedReturn});
}

}  // namespace

TEST(Links, ReturnToWorkTransitionFollowsItsHazard) {
  // With the same uniform, the person with less pain (or fear, or disability) goes back
  // and the other stays off.
  const PersonState base = onSickLeave();
  const auto check = [&](PersonState worse, const char* what) {
    const float u = between(returnHazardOf(worse), returnHazardOf(base));
    PersonState a = base, b = worse;
    updateWork(kP, a, u);
    updateWork(kP, b, u);
    EXPECT_EQ(a.workStatus, std::int32_t(WorkStatus::kWorking)) << what;
    EXPECT_EQ(b.workStatus, std::int32_t(WorkStatus::kSickLeave)) << what;
  };
  PersonState pain = base;
  pain.pain += 0.2f;
  check(pain, "pain");
  PersonState fear = base;
  fear.fear += 0.2f;
  check(fear, "fear");
  PersonState strain = base;
  strain.jobStrain += 0.4f;
  check(strain, "job strain in pain");
  PersonState disabled = base;
  disabled.disability += 0.2f;
  check(disabled, "disability");
  PersonState longer = base;
  longer.absenceRun = 90;
  check(longer, "long absence");
}

TEST(Links, SickLeaveRaisesMoneyWorriesAndStress) {
  EXPECT_GT(moneyTarget(kP, 0.2f, true, 14), moneyTarget(kP, 0.2f, false, 0));
  EXPECT_GT(moneyTarget(kP, 0.2f, true, 14), moneyTarget(kP, 0.2f, true, 1))
      << "income lost grows over the first weeks";
  EXPECT_FLOAT_EQ(moneyTarget(kP, 0.2f, false, 14), 0.2f);
  EXPECT_GT(stressTarget(kP, 0.3f, 0.f, false, 0.2f, 0.2f, 0.4f, true, 0.6f),
            stressTarget(kP, 0.3f, 0.f, true, 0.2f, 0.2f, 0.4f, false, 0.6f))
      << "absence itself, without job strain";
  EXPECT_GT(stressTarget(kP, 0.3f, 0.4f, true, 0.5f, 0.2f, 0.4f, false, 0.6f),
            stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 0.2f, 0.4f, false, 0.6f))
      << "money worries";
  // Recipe: the same person without job strain, at work or two weeks into sick leave.
  PersonState atWork = midEpisode();
  atWork.jobStrain = 0.f;
  const Today t = perturbed(
      [](PersonState& x) {
        x.workStatus = std::int32_t(WorkStatus::kSickLeave);
        x.absenceRun = 14;
      },
      atWork);
  EXPECT_GT(t.changed.moneyWorries, t.base.moneyWorries);
  EXPECT_GT(t.changed.stress, t.base.stress);
}

TEST(Links, JobStrainRaisesStressOnlyAtWork) {
  const auto target = [](float strain, bool atWork) {
    return stressTarget(kP, 0.3f, strain, atWork, 0.2f, 0.2f, 0.4f, !atWork, 0.6f);
  };
  EXPECT_GT(target(0.8f, true), target(0.2f, true));
  EXPECT_FLOAT_EQ(target(0.8f, false), target(0.2f, false));
  const auto strained = [](PersonState& x) { x.jobStrain = 0.8f; };
  PersonState working = midEpisode();
  working.jobStrain = 0.2f;
  const Today atWork = perturbed(strained, working);
  EXPECT_GT(atWork.changed.stress, atWork.base.stress) << "full duties";
  PersonState modified = working;
  modified.workStatus = std::int32_t(WorkStatus::kModifiedDuties);
  modified.accommodation = 1.f;
  const Today onModified = perturbed(strained, modified);
  EXPECT_GT(onModified.changed.stress, onModified.base.stress) << "modified duties are work";
  PersonState away = working;
  away.workStatus = std::int32_t(WorkStatus::kSickLeave);
  away.absenceRun = 14;
  const Today offWork = perturbed(strained, away);
  EXPECT_FLOAT_EQ(offWork.changed.stress, offWork.base.stress) << "sick leave";
}

TEST(Links, SickLeaveHazardRisesWithDisability) {
  EXPECT_GT(sickLeaveHazard(kP, 0.6f), sickLeaveHazard(kP, 0.3f));
  PersonState base = midEpisode();
  base.disability = 0.3f;
  PersonState disabled = base;
  disabled.disability = 0.6f;
  const float u = between(sickLeaveHazard(kP, 0.3f), sickLeaveHazard(kP, 0.6f));
  updateWork(kP, base, u);
  updateWork(kP, disabled, u);
  EXPECT_EQ(base.workStatus, std::int32_t(WorkStatus::kWorking));
  EXPECT_EQ(disabled.workStatus, std::int32_t(WorkStatus::kSickLeave));
  EXPECT_EQ(disabled.absenceRun, 1);
}

TEST(Work, UpdateWorkMovesBetweenStatusesAsDescribed) {
  const float always = 1e-9f;  // below any positive hazard
  const float never = 1.f;     // no hazard reaches 1 here
  PersonState s = midEpisode();
  updateWork(kP, s, never);
  EXPECT_EQ(s.workStatus, std::int32_t(WorkStatus::kWorking));
  EXPECT_EQ(s.absenceRun, 0);
  updateWork(kP, s, always);
  EXPECT_EQ(s.workStatus, std::int32_t(WorkStatus::kSickLeave)) << "no modified duties offered";
  EXPECT_EQ(s.absenceRun, 1);
  updateWork(kP, s, never);
  EXPECT_EQ(s.workStatus, std::int32_t(WorkStatus::kSickLeave));
  EXPECT_EQ(s.absenceRun, 2) << "the absence lengthens";
  updateWork(kP, s, always);
  EXPECT_EQ(s.workStatus, std::int32_t(WorkStatus::kWorking)) << "back to full duties";
  EXPECT_EQ(s.absenceRun, 0);

  PersonState offered = onSickLeave(1.f);
  updateWork(kP, offered, always);
  EXPECT_EQ(offered.workStatus, std::int32_t(WorkStatus::kModifiedDuties))
      << "sick leave -> modified duties when the employer offers them";
  EXPECT_EQ(offered.absenceRun, 0);
  updateWork(kP, offered, never);
  EXPECT_EQ(offered.workStatus, std::int32_t(WorkStatus::kModifiedDuties));
  updateWork(kP, offered, always);
  EXPECT_EQ(offered.workStatus, std::int32_t(WorkStatus::kWorking)) << "then full duties";

  PersonState accommodated = midEpisode();
  accommodated.accommodation = 1.f;
  updateWork(kP, accommodated, always);
  EXPECT_EQ(accommodated.workStatus, std::int32_t(WorkStatus::kSickLeave))
      << "modified duties are a way back from sick leave, not a way off work";

  PersonState notEmployed = midEpisode();
  notEmployed.workStatus = std::int32_t(WorkStatus::kNotInPaidWork);
  updateWork(kP, notEmployed, always);
  EXPECT_EQ(notEmployed.workStatus, std::int32_t(WorkStatus::kNotInPaidWork));
  EXPECT_EQ(notEmployed.absenceRun, 0);

  EXPECT_GT(fullDutiesHazard(kP, 0.2f), fullDutiesHazard(kP, 0.6f))
      << "disability delays full duties";
}

// =================================================================== self-efficacy, life

// Values-based activity (ACT, MODEL.md 5): with acceptance, pain limits what one does
// less. Off at the defaults (buffer 0) until it is fitted with I2.
TEST(Links, AcceptanceLessensHowFarPainDisablesWhenSwitchedOn) {
  Params p = kP;
  const auto disability = [&](float pain, float acceptance) {
    return disabilityLevel(p, pain, 0.55f, 0.6f, 0.85f, 0.2f, acceptance);
  };
  EXPECT_EQ(p.acceptanceDisabilityBuffer, 0.f) << "off by default";
  EXPECT_EQ(disability(0.5f, 0.9f), disability(0.5f, 0.1f)) << "no effect while off";
  p.acceptanceDisabilityBuffer = 0.5f;
  EXPECT_LT(disability(0.5f, 0.9f), disability(0.5f, 0.1f)) << "acceptance -> disability (-)";
  // Only the pain term: the rest of disability (avoidance, fitness, mood) stays. At the
  // worst pain all of it is put down to back pain, whatever the attribution level (<= 1).
  p.acceptanceDisabilityBuffer = 1.f;
  const float full = disabilityLevel(p, 1.f, 0.55f, 0.6f, 0.85f, 0.2f, 1.f);
  EXPECT_GT(full, 0.f);
  EXPECT_NEAR(
      full, p.disActivityWeight * 0.4f + p.disCapacityWeight * 0.15f + p.disDepressionWeight * 0.2f,
      1e-6f);
}

// disability.attribution_curvature c: below the attribution level P_a the share of
// limitation put down to back pain is a (1 - c + c a), a = P / P_a: a at c = 0 (the
// model before), a^2 at c = 1. At or above P_a everything counts, whatever c.
TEST(Links, AttributionCurvaturePutsLessDownToTheBackInMildPain) {
  Params p = kP;
  const float pain = 0.3f, level = 0.9f;
  const auto disability = [&](float attributionLevel, float curvature) {
    p.disPainAttribution = attributionLevel;
    p.disAttributionCurvature = curvature;
    return disabilityLevel(p, pain, 0.55f, 0.6f, 0.85f, 0.2f, 0.5f);
  };
  EXPECT_EQ(kP.disAttributionCurvature, 0.f) << "off by default";
  const float whole = disability(pain, 0.f);  // pain at the level: everything counts
  ASSERT_GT(whole, 0.f);
  EXPECT_EQ(disability(pain, 1.f), whole) << "at the attribution level curvature does nothing";
  const float a = pain / level;
  EXPECT_NEAR(disability(level, 0.f) / whole, a, 1e-5f) << "in proportion at c = 0";
  EXPECT_NEAR(disability(level, 1.f) / whole, a * a, 1e-5f) << "with the square at c = 1";
  EXPECT_LT(disability(level, 0.5f), disability(level, 0.f)) << "curvature -> disability (-)";
  EXPECT_LT(disability(level, 1.f), disability(level, 0.5f));
  // Disability still rises with pain at full curvature (below where the clamp at 1 binds).
  p.disPainAttribution = level;
  p.disAttributionCurvature = 1.f;
  float before = 0.f;
  for (float x = 0.05f; x < 0.81f; x += 0.05f) {
    const float d = disabilityLevel(p, x, 0.55f, 0.6f, 0.85f, 0.2f, 0.5f);
    EXPECT_GT(d, before) << "pain " << x;
    before = d;
  }
}

TEST(Links, SelfEfficacyModeratesPainToDisability) {
  const auto painCost = [](float efficacy) {
    return disabilityLevel(kP, 0.6f, efficacy, 0.6f, 0.85f, 0.2f, 0.5f) -
           disabilityLevel(kP, 0.3f, efficacy, 0.6f, 0.85f, 0.2f, 0.5f);
  };
  EXPECT_GT(painCost(0.9f), 0.f) << "pain disables";
  EXPECT_GT(painCost(0.2f), painCost(0.9f)) << "more so with low self-efficacy";
  EXPECT_GT(disabilityLevel(kP, 0.45f, 0.55f, 0.4f, 0.85f, 0.2f, 0.5f),
            disabilityLevel(kP, 0.45f, 0.55f, 0.7f, 0.85f, 0.2f, 0.5f))
      << "activity given up";
  EXPECT_GT(disabilityLevel(kP, 0.45f, 0.55f, 0.6f, 0.85f, 0.5f, 0.5f),
            disabilityLevel(kP, 0.45f, 0.55f, 0.6f, 0.85f, 0.2f, 0.5f))
      << "low mood";
  const auto recipePainCost = [](float efficacy) {
    PersonState s = midEpisode();
    s.efficacy = s.efficacyTrait = efficacy;
    const Today t = perturbed([](PersonState& x) { x.nociception += 0.3f; }, s);
    return t.changed.disability - t.base.disability;
  };
  EXPECT_GT(recipePainCost(0.9f), 0.f);
  EXPECT_GT(recipePainCost(0.2f), recipePainCost(0.9f));
}

TEST(Links, LifeEventsRaiseTheirLoadWhichRaisesStress) {
  EXPECT_GT(nextLifeEvents(kP, 0.2f, true, 0.5f), nextLifeEvents(kP, 0.2f, false, 0.5f));
  EXPECT_LT(nextLifeEvents(kP, 0.2f, false, 0.5f), 0.2f) << "the load fades";
  EXPECT_GT(stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 1.f, 0.4f, false, 0.6f),
            stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 0.2f, 0.4f, false, 0.6f));
  DayDraws event;
  event.lifeEventU = 1e-9f;
  event.lifeEventSizeU = 0.5f;
  const PersonState quiet = stepped(midEpisode());
  const PersonState struck = stepped(midEpisode(), kNoCare, event);
  EXPECT_GT(struck.lifeEvents, quiet.lifeEvents);
  EXPECT_GT(struck.stress, quiet.stress);
}

TEST(Links, PainRaisesStress) {
  EXPECT_GT(stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 0.2f, 0.7f, false, 0.6f),
            stressTarget(kP, 0.3f, 0.4f, true, 0.2f, 0.2f, 0.3f, false, 0.6f));
  const Today t = perturbed([](PersonState& x) { x.pain += 0.2f; });
  EXPECT_GT(t.changed.stress, t.base.stress);
}

// ================================================================================== bounds

namespace {

/// Empty if every state of `s` lies in its range, else what is wrong.
std::string outOfRange(const PersonState& s) {
  std::ostringstream why;
#define PAINSIM_CHECK_FINITE(type, name, meaning) \
  if (!std::isfinite(double(s.name))) why << #name " = " << s.name << "; ";
  PAINSIM_STATE(PAINSIM_CHECK_FINITE)
#undef PAINSIM_CHECK_FINITE
  const auto in = [&](const char* name, float x, float lo, float hi) {
    if (!(x >= lo && x <= hi))
      why << name << " = " << x << " outside [" << lo << ", " << hi << "]; ";
  };
  const float unbounded = std::numeric_limits<float>::max();
  in("nociception", s.nociception, 0.f, unbounded);
  in("lifeEvents", s.lifeEvents, 0.f, unbounded);
  const std::pair<const char*, float> unit[] = {{"sensitization", s.sensitization},
                                                {"pain", s.pain},
                                                {"catastrophizing", s.catastrophizing},
                                                {"fear", s.fear},
                                                {"activity", s.activity},
                                                {"capacity", s.capacity},
                                                {"efficacy", s.efficacy},
                                                {"disability", s.disability},
                                                {"stress", s.stress},
                                                {"moneyWorries", s.moneyWorries},
                                                {"sleep", s.sleep},
                                                {"sleepMonth", s.sleepMonth},
                                                {"depression", s.depression},
                                                {"anxiety", s.anxiety},
                                                {"acceptance", s.acceptance},
                                                {"supportAutonomy", s.supportAutonomy},
                                                {"supportSolicitous", s.supportSolicitous},
                                                {"catTrait", s.catTrait}};
  for (const auto& [name, x] : unit) in(name, x, 0.f, 1.f);
  in("painNrs", s.painNrs, 0.f, 10.f);
  in("rmdqScore", s.rmdqScore, 0.f, 24.f);
  if (s.painNrs != std::round(s.painNrs)) why << "painNrs not an integer; ";
  if (s.rmdqScore != std::round(s.rmdqScore)) why << "rmdqScore not an integer; ";
  if (s.workStatus < 0 || s.workStatus > 5) why << "workStatus = " << s.workStatus << "; ";
  if (s.absenceRun < 0) why << "absenceRun < 0; ";
  if ((s.absenceRun > 0) != offWork(s)) why << "absenceRun and sick leave disagree; ";
  return why.str();
}

/// One random person-day: normals scaled by `spread`, uniforms in (0, 1].
DayDraws randomDraws(std::mt19937& g, float spread) {
  std::normal_distribution<float> z(0.f, spread);
  std::uniform_real_distribution<float> u01(0.f, 1.f);
  const auto u = [&] { return std::max(1.f - u01(g), 1e-7f); };
  DayDraws d;
  d.painNoise = z(g);
  d.nrsNoise = z(g);
  d.rmdqNoise = z(g);
  d.sleepNoise = z(g);
  d.onsetSeverity = z(g);
  d.flareU = u();
  d.flareSizeU = u();
  d.lifeEventU = u();
  d.lifeEventSizeU = u();
  d.workU = u();
  d.onsetU = u();
  return d;
}

CareToday randomCare(std::mt19937& g) {
  std::uniform_real_distribution<float> u01(0.f, 1.f);
  CareToday care;
  care.analgesia = 0.9f * u01(g);
  if (u01(g) < 0.05f) {  // an attended session now and then
    care.catastrophizing = 0.2f * u01(g);
    care.selfEfficacy = 0.2f * u01(g);
    care.stress = 0.2f * u01(g);
    care.acceptance = 0.2f * u01(g);
    care.sleep = 0.2f * u01(g);
    care.mood = 0.2f * u01(g);
    care.worry = 0.2f * u01(g);
    care.exposure = 0.5f * u01(g);
  }
  care.workReturnGain = u01(g);
  care.quota = u01(g);
  care.quotaAdherence = u01(g);
  return care;
}

/// Sets a float state; leaves the integer columns (work, trackers) alone.
template <class T>
void setFloat(T& field, float x) {
  if constexpr (std::is_same_v<T, float>) field = x;
}

/// Every float state set to `x` (nociception and the life-event load to `big`).
PersonState uniformPerson(float x, float big, WorkStatus work) {
  PersonState s;
#define PAINSIM_SET_FLOAT(type, name, meaning) setFloat(s.name, x);
  PAINSIM_STATE(PAINSIM_SET_FLOAT)
#undef PAINSIM_SET_FLOAT
  s.nociception = s.lifeEvents = big;
  s.healDecay = std::min(x, 0.999f);
  s.workStatus = std::int32_t(work);
  s.absenceRun = work == WorkStatus::kSickLeave ? 1 : 0;
  return s;
}

PersonState randomPerson(std::mt19937& g) {
  std::uniform_real_distribution<float> u01(0.f, 1.f);
  PersonState s;
#define PAINSIM_SET_RANDOM(type, name, meaning) setFloat(s.name, u01(g));
  PAINSIM_STATE(PAINSIM_SET_RANDOM)
#undef PAINSIM_SET_RANDOM
  s.nociception *= 3.f;
  s.lifeEvents *= 3.f;
  s.healDecay = std::min(s.healDecay, 0.999f);
  s.painNrs = s.rmdqScore = 0.f;
  s.workStatus = std::int32_t(g() % 4);
  s.absenceRun = offWork(s) ? 1 : 0;
  return s;
}

/// Runs `days` random days from each start and reports the first state out of range.
void expectStaysInRange(const Params& p, std::mt19937& g, const PersonState& start, int days,
                        const char* label) {
  PersonState s = start;
  DayContext c = dayContext(0);
  c.onsetHazard = 0.01f;  // exercise new episodes too
  for (int day = 1; day <= days; ++day) {
    c.day = day;
    const float spread = day % 97 == 0 ? 4.f : 1.f;  // now and then an extreme day
    s = stepDay(p, s, randomDraws(g, spread), randomCare(g), c);
    const std::string why = outOfRange(s);
    ASSERT_TRUE(why.empty()) << label << ", day " << day << ": " << why;
  }
}

std::vector<PersonState> extremeStarts(std::mt19937& g) {
  std::vector<PersonState> starts = {midEpisode(), onSickLeave(1.f)};
  for (const WorkStatus w : {WorkStatus::kWorking, WorkStatus::kSickLeave,
                             WorkStatus::kModifiedDuties, WorkStatus::kNotInPaidWork}) {
    starts.push_back(uniformPerson(0.f, 0.f, w));
    starts.push_back(uniformPerson(1.f, 10.f, w));
  }
  for (int i = 0; i < 4; ++i) starts.push_back(randomPerson(g));
  return starts;
}

}  // namespace

TEST(Bounds, StatesStayInRangeOverTwoThousandRandomDaysFromExtremeStarts) {
  std::mt19937 g(20240611u);
  int i = 0;
  for (const PersonState& start : extremeStarts(g)) {
    const std::string label = "start " + std::to_string(i++);
    expectStaysInRange(kP, g, start, 2000, label.c_str());
  }
}

TEST(Bounds, StatesStayInRangeForParametersAnywhereInTheirRanges) {
  std::mt19937 g(7u);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  for (int set = 0; set < 4; ++set) {
    Params p;
    for (const ParamSpec& spec : parameterTable()) {
      // Two sets at the corners of the ranges, two inside them.
      const double w = set == 0 ? 0.0 : set == 1 ? 1.0 : u01(g);
      p.*(spec.member) = float(spec.minValue + w * (spec.maxValue - spec.minValue));
    }
    for (const PersonState& start : {midEpisode(), uniformPerson(1.f, 10.f, WorkStatus::kWorking),
                                     uniformPerson(0.f, 0.f, WorkStatus::kSickLeave)}) {
      const std::string label = "parameter set " + std::to_string(set);
      expectStaysInRange(p, g, start, 2000, label.c_str());
    }
  }
}

// ============================================================================= care

Programme gradedActivity() {
  Programme g;
  g.sessions = 8;
  g.sessionsPerWeek = 1.f;
  g.quotaStart = 0.5f;
  g.quotaEnd = 0.9f;
  g.quotaAdherence = 0.6f;
  return g;
}

TEST(Care, GradedActivityQuotasRiseLinearlyWithinTheProgramme) {
  const Programme g = gradedActivity();
  const int days = g.days();
  ASSERT_EQ(days, 56);
  const auto quota = [&](int day) { return dailyDose(g, day).quota; };
  EXPECT_FLOAT_EQ(quota(0), g.quotaStart);
  EXPECT_FLOAT_EQ(quota(days - 1), g.quotaEnd);
  EXPECT_NEAR(quota(22) - quota(0), quota(44) - quota(22), 1e-6f) << "linear";
  EXPECT_GT(dailyDose(g, 10).quotaAdherence, 0.f);
  EXPECT_EQ(dailyDose(g, days).quotaAdherence, 0.f) << "ended";
  EXPECT_EQ(dailyDose(g, -1).quotaAdherence, 0.f) << "not started";
}

TEST(Care, SessionsAreSpreadAtTheirWeeklyFrequency) {
  Programme g;
  g.sessions = 12;
  g.sessionsPerWeek = 1.5f;
  EXPECT_EQ(g.sessionDay(0), 0);
  EXPECT_EQ(g.sessionDay(3), 14) << "three sessions per two weeks";
  EXPECT_EQ(g.days(), 56);
  for (int k = 1; k < g.sessions; ++k) EXPECT_GT(g.sessionDay(k), g.sessionDay(k - 1));
}

TEST(Care, AnalgesiaLastsForItsCourse) {
  Programme g;
  g.analgesia = 0.15f;
  g.analgesiaDays = 14;
  g.costPerDay = 0.3f;
  EXPECT_GT(dailyDose(g, 13).analgesia, 0.f);
  EXPECT_GT(dailyDose(g, 13).cost, 0.f);
  EXPECT_EQ(dailyDose(g, 14).analgesia, 0.f);
  EXPECT_EQ(dailyDose(g, 5).quotaAdherence, 0.f) << "no activity quota";
}

TEST(Care, CombinedProgrammesTakeTheStrongestDailyDoseAndComposeSessions) {
  CareToday a, b;
  a.analgesia = 0.2f;
  a.quota = 0.5f;
  a.quotaAdherence = 0.3f;
  a.catastrophizing = 0.1f;
  a.cost = 10.f;
  b.analgesia = 0.1f;
  b.quota = 0.8f;
  b.quotaAdherence = 0.6f;
  b.catastrophizing = 0.2f;
  b.cost = 5.f;
  const CareToday both = combine(a, b);
  EXPECT_FLOAT_EQ(both.analgesia, 0.2f);
  EXPECT_FLOAT_EQ(both.quota, 0.8f);
  EXPECT_FLOAT_EQ(both.quotaAdherence, 0.6f);
  EXPECT_FLOAT_EQ(both.catastrophizing, 1.f - 0.9f * 0.8f) << "two moves toward 0 compose";
  EXPECT_FLOAT_EQ(both.cost, 15.f);
}

TEST(Care, EachSessionEffectMovesItsTraitTowardTheHealthyEndWithDiminishingReturns) {
  const PersonState start = midEpisode();
  const auto session = [](float CareToday::*field) {
    CareToday c;
    c.*field = 0.2f;
    return c;
  };
  const PersonState cat = stepped(start, session(&CareToday::catastrophizing));
  EXPECT_LT(cat.catTrait, start.catTrait);
  EXPECT_LT(cat.catastrophizing, stepped(start).catastrophizing);
  EXPECT_GT(stepped(start, session(&CareToday::selfEfficacy)).efficacyTrait, start.efficacyTrait);
  EXPECT_LT(stepped(start, session(&CareToday::stress)).stressTrait, start.stressTrait);
  EXPECT_GT(stepped(start, session(&CareToday::acceptance)).acceptanceTrait, start.acceptanceTrait);
  EXPECT_GT(stepped(start, session(&CareToday::sleep)).sleepTrait, start.sleepTrait);
  const PersonState mood = stepped(start, session(&CareToday::mood));
  EXPECT_LT(mood.moodTrait, start.moodTrait);
  EXPECT_LT(mood.depression, stepped(start).depression) << "and today's mood follows";
  const PersonState worry = stepped(start, session(&CareToday::worry));
  EXPECT_LT(worry.anxietyTrait, start.anxietyTrait);
  EXPECT_LT(worry.anxiety, stepped(start).anxiety);
  EXPECT_FLOAT_EQ(stepped(start).catTrait, start.catTrait) << "only when attended";
  EXPECT_FLOAT_EQ(stepped(start).moodTrait, start.moodTrait);
  // Diminishing returns: the second session moves the trait less than the first.
  const PersonState twice = stepped(cat, session(&CareToday::catastrophizing));
  EXPECT_LT(cat.catTrait - twice.catTrait, start.catTrait - cat.catTrait);
}

TEST(Care, GuidedExposureExtinguishesFearThroughMovement) {
  PersonState s = midEpisode();
  s.fear = 0.7f;
  s.activity = 0.3f;
  CareToday exposure;
  exposure.exposure = 0.4f;
  EXPECT_LT(stepped(s, exposure).fear, stepped(s).fear);
  CareToday stronger = exposure;
  stronger.exposure = 0.8f;
  EXPECT_LT(stepped(s, stronger).fear, stepped(s, exposure).fear);
}

TEST(Care, ActivityQuotasRaiseActivityButNotTodaysPain) {
  // Graded activity acts through activity; pain is computed before activity in the recipe.
  const CareToday ga = dailyDose(gradedActivity(), 50);
  ASSERT_GT(ga.quota, stepped(midEpisode()).activity);
  EXPECT_FLOAT_EQ(stepped(midEpisode(), ga).pain, stepped(midEpisode()).pain);
  EXPECT_GT(stepped(midEpisode(), ga).activity, stepped(midEpisode()).activity);
  ActivityInputs in = typicalActivityInputs();
  CareToday below;
  below.quota = 0.f;
  below.quotaAdherence = 1.f;
  EXPECT_FLOAT_EQ(activityOf(in, below), activityOf(in)) << "a quota below one's own level";
}

TEST(Care, DropoutRisesWithDepressionFearForExerciseAndWaitingAndFallsWithAlliance) {
  Programme g;
  g.dropout = 0.05f;
  const AdherenceInputs base{0.2f, 0.4f, 1.f, 0.f};
  const float p0 = dropoutProbability(kP, g, base);
  EXPECT_NEAR(dropoutProbability(kP, g, {0.f, 0.f, 0.f, 0.f}), 0.05f, 1e-5f);
  AdherenceInputs x = base;
  x.depression = 0.6f;
  EXPECT_GT(dropoutProbability(kP, g, x), p0);
  x = base;
  x.weeksWaited = 12.f;
  EXPECT_GT(dropoutProbability(kP, g, x), p0);
  x = base;
  x.alliance = 1.f;
  EXPECT_LT(dropoutProbability(kP, g, x), p0);
  x = base;
  x.fear = 0.9f;
  EXPECT_FLOAT_EQ(dropoutProbability(kP, g, x), p0) << "fear matters for exercise-based care";
  g.exerciseBased = true;
  EXPECT_GT(dropoutProbability(kP, g, x), dropoutProbability(kP, g, base));
  g.attendance = 0.9f;
  x = base;
  x.depression = 0.8f;
  EXPECT_LT(attendProbability(kP, g, x), attendProbability(kP, g, base));
}

TEST(Care, AWorkProgrammeOffersModifiedDutiesAndSpeedsReturn) {
  PersonState s = midEpisode();
  s.workStatus = std::int32_t(WorkStatus::kSickLeave);
  s.accommodation = 0.f;
  CareToday work;
  work.modifiedDuties = 1.f;
  EXPECT_EQ(stepped(s, work).accommodation, 1.f);
  PersonState retired = s;
  retired.workStatus = std::int32_t(WorkStatus::kNotInPaidWork);
  EXPECT_EQ(stepped(retired, work).accommodation, 0.f) << "only for the employed";
  // The return hazard is multiplied by (1 + gain): a draw between the two hazards decides.
  const float h = returnToWorkHazard(kP, s.pain, workFear(kP, s.fear, s.jobStrain, s.pain),
                                     s.disability, s.absenceRun, {s.accommodation, 0.f, 0.f});
  PersonState a = s, b = s;
  updateWork(kP, a, 1.5f * h, 0.f);
  updateWork(kP, b, 1.5f * h, 1.f);
  EXPECT_EQ(a.workStatus, std::int32_t(WorkStatus::kSickLeave));
  EXPECT_NE(b.workStatus, std::int32_t(WorkStatus::kSickLeave));
}

// ============================================================== population generator

TEST(Baseline, InvalidLoadingsAreRejected) {
  Params p;
  p.loadCat = 1.2f;
  p.loadFear = 1.2f;  // correlation 1.44: not a correlation matrix
  EXPECT_THROW(baselineCholesky(p), std::invalid_argument);
  EXPECT_NO_THROW(baselineCholesky(Params{}));
}

TEST(Baseline, CopulaReproducesTheOneFactorCorrelation) {
  const BaselineFactor factor = baselineCholesky(kP);
  const BaselineFactor r = factor * factor.transpose();
  EXPECT_NEAR(r(0, 1), kP.loadCat * kP.loadFear, 1e-5f);
  EXPECT_NEAR(r(0, 2), kP.loadCat * kP.loadEfficacy, 1e-5f);
  EXPECT_NEAR(r(8, 9), kP.loadSupport * kP.loadAcceptance, 1e-5f);
  for (int i = 0; i < kCorrelatedBaseline; ++i) EXPECT_NEAR(r(i, i), 1.f, 1e-5f);
  BaselineDraws only;
  only.catastrophizing = 1.f;
  only.healing = 0.7f;
  const BaselineDraws z = correlate(factor, only);
  EXPECT_FLOAT_EQ(z.healing, 0.7f) << "independent draws pass through";
  EXPECT_FLOAT_EQ(z.catastrophizing, factor(0, 0));
}

TEST(Baseline, OnsetAndWellPeopleStartInRange) {
  std::mt19937 g(11u);
  std::normal_distribution<float> z(0.f, 1.5f);
  std::uniform_real_distribution<float> u01(0.f, 1.f);
  const auto u = [&] { return std::max(1.f - u01(g), 1e-7f); };
  const BaselineFactor factor = baselineCholesky(kP);
  for (int i = 0; i < 500; ++i) {
    BaselineDraws d;
    for (float* x : {&d.catastrophizing, &d.fear, &d.efficacy, &d.severity, &d.mood, &d.anxiety,
                     &d.sleep, &d.stress, &d.support, &d.acceptance, &d.healing, &d.sensitization,
                     &d.solicitousness, &d.jobStrain, &d.money})
      *x = z(g);
    for (float* x : {&d.employedU, &d.accommodationU, &d.radiatingU, &d.comorbidU, &d.offWorkU,
                     &d.entryBandU, &d.entryDayU})
      *x = u();
    d = correlate(factor, d);
    const PersonState onset = onsetPerson(kP, d, randomDraws(g, 1.f), dayContext(0));
    ASSERT_TRUE(outOfRange(onset).empty()) << "onset " << i << ": " << outOfRange(onset);
    EXPECT_GT(onset.nociception, 0.f);
    const PersonState well = wellPerson(kP, d, randomDraws(g, 1.f), dayContext(0));
    ASSERT_TRUE(outOfRange(well).empty()) << "well " << i << ": " << outOfRange(well);
    EXPECT_EQ(well.nociception, 0.f);
  }
}

}  // namespace painsim::models
