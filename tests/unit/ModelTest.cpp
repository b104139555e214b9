// Mechanism signs of the core model (MODEL.md section 3): perturb one cause,
// hold everything else equal, check the sign of the effect.
#include <gtest/gtest.h>

#include <stdexcept>

#include "models/Baseline.hpp"
#include "models/Care.hpp"
#include "models/CoreModel.hpp"

namespace painsim::models {
namespace {

const Params kP;

PersonState typicalPerson() {
  PersonState s;
  s.nociception = 0.3f;
  s.sensitization = 0.2f;
  s.catTrait = 0.4f;
  s.catastrophizing = 0.45f;
  s.fear = 0.4f;
  s.activity = 0.7f;
  s.capacity = 0.9f;
  s.efficacy = 0.6f;
  s.efficacyTrait = 0.7f;
  s.healDecay = 0.93f;
  s.dayRecoveredPain = -1;
  s.dayRecoveredDisability = -1;
  return s;
}

float pain(float n, float s, float c, float analgesia = 0.f) {
  return painFromDrive(painDrive(kP, n, s, c, analgesia, 0.f));
}

}  // namespace

TEST(Mechanisms, NociceptionSensitizationAndCatastrophizingRaisePain) {
  EXPECT_GT(pain(0.4f, 0.2f, 0.4f), pain(0.3f, 0.2f, 0.4f));
  EXPECT_GT(pain(0.3f, 0.3f, 0.4f), pain(0.3f, 0.2f, 0.4f));
  EXPECT_GT(pain(0.3f, 0.2f, 0.5f), pain(0.3f, 0.2f, 0.4f));
  EXPECT_GT(pain(0.f, 0.5f, 0.4f), 0.f) << "sensitization alone hurts";
  EXPECT_LT(pain(0.3f, 0.2f, 0.4f, 0.2f), pain(0.3f, 0.2f, 0.4f)) << "analgesia damps";
  EXPECT_LE(pain(10.f, 1.f, 1.f), 1.f) << "pain saturates at NRS 10";
  EXPECT_LT(pain(1.f, 0.5f, 0.5f), 1.f);
}

TEST(Mechanisms, SensitizationRisesUnderSustainedPainFasterThanItFades) {
  const float s = 0.3f;
  const float up = nextSensitization(kP, s, 0.8f) - s;
  const float down = s - nextSensitization(kP, s, 0.0f);
  EXPECT_GT(up, 0.f);
  EXPECT_GT(down, 0.f);
  EXPECT_GT(up, down) << "rises in weeks, fades in months";
}

TEST(Mechanisms, PainAndLostSelfEfficacyRaiseCatastrophizing) {
  EXPECT_GT(catastrophizingTarget(kP, 0.4f, 0.6f, 0.7f, 0.7f),
            catastrophizingTarget(kP, 0.4f, 0.2f, 0.7f, 0.7f));
  EXPECT_GT(catastrophizingTarget(kP, 0.4f, 0.4f, 0.5f, 0.7f),
            catastrophizingTarget(kP, 0.4f, 0.4f, 0.7f, 0.7f));
  EXPECT_GT(nextCatastrophizing(kP, 0.3f, 0.6f), 0.3f);
}

TEST(Mechanisms, FearIsAcquiredFromPainfulMovementReadAsThreat) {
  EXPECT_GT(threatAppraisal(kP, 0.6f, 0.8f), threatAppraisal(kP, 0.6f, 0.2f))
      << "catastrophizing makes the same pain more threatening";
  const float fear = 0.2f;
  EXPECT_GT(nextFear(kP, fear, 0.5f, threatAppraisal(kP, 0.7f, 0.8f)), fear);
}

TEST(Mechanisms, FearIsExtinguishedOnlyByExposure) {
  // Exposure to feared movement is the share of activity that fear does not avoid.
  EXPECT_LT(exposure(0.8f, 0.7f), exposure(0.8f, 0.2f));
  const float fear = 0.6f;
  const float threat = threatAppraisal(kP, 0.05f, 0.3f);
  EXPECT_LT(nextFear(kP, fear, 0.9f, threat), fear) << "moving without the feared pain";
  EXPECT_LT(nextFear(kP, fear, 0.9f, threat), nextFear(kP, fear, 0.3f, threat))
      << "more exposure, more extinction";
  EXPECT_FLOAT_EQ(nextFear(kP, fear, 0.0f, threat), fear) << "avoidance preserves fear";
}

TEST(Mechanisms, FearAndPainCutActivityAndQuotasRestoreIt) {
  const CareToday none;
  EXPECT_LT(activityTarget(kP, 0.4f, 0.7f, 0.7f, none), activityTarget(kP, 0.4f, 0.3f, 0.7f, none));
  EXPECT_LT(activityTarget(kP, 0.7f, 0.4f, 0.7f, none), activityTarget(kP, 0.3f, 0.4f, 0.7f, none));
  EXPECT_LT(activityTarget(kP, 0.4f, 0.4f, 0.3f, none), activityTarget(kP, 0.4f, 0.4f, 0.8f, none));
  CareToday quota;
  quota.quota = 0.95f;
  quota.quotaAdherence = 0.6f;
  EXPECT_GT(activityTarget(kP, 0.5f, 0.7f, 0.5f, quota),
            activityTarget(kP, 0.5f, 0.7f, 0.5f, none));
}

TEST(Mechanisms, CapacityFollowsActivityOverWeeks) {
  EXPECT_LT(nextCapacity(kP, 0.9f, 0.3f), 0.9f) << "disuse";
  EXPECT_GT(nextCapacity(kP, 0.5f, 0.9f), 0.5f) << "reconditioning";
  EXPECT_LT(0.9f - nextCapacity(kP, 0.9f, 0.3f), 0.05f) << "slowly: weeks, not days";
}

TEST(Mechanisms, OverloadAndDeconditioningRaiseFlareRisk) {
  EXPECT_GT(flareHazard(kP, 0.9f, 0.6f), flareHazard(kP, 0.6f, 0.6f)) << "boom-bust";
  EXPECT_GT(flareHazard(kP, 0.5f, 0.5f), flareHazard(kP, 0.5f, 0.9f)) << "disuse";
  EXPECT_GT(nextNociception(kP, 0.2f, 0.9f, true, 0.5f),
            nextNociception(kP, 0.2f, 0.9f, false, 0.5f));
  EXPECT_LT(nextNociception(kP, 0.2f, 0.9f, false, 0.5f), 0.2f) << "tissue heals";
}

TEST(Mechanisms, MasteryBuildsSelfEfficacy) {
  EXPECT_GT(nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.1f), nextEfficacy(kP, 0.5f, 0.6f, 0.4f, 0.1f));
  EXPECT_GT(nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.1f), nextEfficacy(kP, 0.5f, 0.6f, 0.9f, 0.7f));
}

TEST(Mechanisms, SelfEfficacyModeratesHowMuchPainDisables) {
  EXPECT_GT(disabilityLevel(kP, 0.6f, 0.6f, 0.7f, 0.9f),
            disabilityLevel(kP, 0.3f, 0.6f, 0.7f, 0.9f));
  EXPECT_GT(disabilityLevel(kP, 0.4f, 0.6f, 0.5f, 0.9f),
            disabilityLevel(kP, 0.4f, 0.6f, 0.8f, 0.9f));
  EXPECT_GT(disabilityLevel(kP, 0.4f, 0.6f, 0.7f, 0.6f),
            disabilityLevel(kP, 0.4f, 0.6f, 0.7f, 0.9f));
  const float painEffectLowEfficacy =
      disabilityLevel(kP, 0.6f, 0.3f, 0.7f, 0.9f) - disabilityLevel(kP, 0.3f, 0.3f, 0.7f, 0.9f);
  const float painEffectHighEfficacy =
      disabilityLevel(kP, 0.6f, 0.9f, 0.7f, 0.9f) - disabilityLevel(kP, 0.3f, 0.9f, 0.7f, 0.9f);
  EXPECT_GT(painEffectLowEfficacy, painEffectHighEfficacy);
}

TEST(Measurement, ScoresAreIntegersInRangeAndZeroStaysZero) {
  EXPECT_EQ(reportPainNrs(kP, 0.f, 3.f), 0.f);
  EXPECT_EQ(reportRmdq(kP, 0.f, -3.f), 0.f);
  for (float noise : {-4.f, -1.f, 0.f, 1.f, 4.f}) {
    for (float latent : {0.f, 0.33f, 0.77f, 1.f}) {
      const float nrs = reportPainNrs(kP, latent, noise);
      EXPECT_GE(nrs, 0.f);
      EXPECT_LE(nrs, 10.f);
      EXPECT_EQ(nrs, std::round(nrs));
      const float tsk = reportTsk(kP, latent, noise);
      EXPECT_GE(tsk, 17.f);
      EXPECT_LE(tsk, 68.f);
      EXPECT_LE(reportPcs(kP, latent, noise), 52.f);
      EXPECT_LE(reportPseq(kP, latent, noise), 60.f);
      EXPECT_LE(reportRmdq(kP, latent, noise), 24.f);
    }
  }
  EXPECT_GT(reportPainNrs(kP, 0.7f, 0.f), reportPainNrs(kP, 0.3f, 0.f));
}

TEST(Outcomes, RecoveryIsTheFirstDayOfASustainedRunAtZero) {
  std::int32_t run = 0, recovered = -1;
  const float scores[] = {3, 0, 0, 1, 0, 0, 0, 0, 2};
  for (int day = 0; day < 9; ++day) trackRecovery(run, recovered, scores[day], day, 3);
  EXPECT_EQ(recovered, 4) << "days 4-6 are the first run of three zeros";
  EXPECT_EQ(run, 0);
}

TEST(Care, GradedActivityQuotasRiseLinearlyWithinTheProgramme) {
  const int days = 56;
  EXPECT_FLOAT_EQ(careOnDay(kP, Programme::kGradedActivity, 0, days).quota, kP.gaStartQuota);
  EXPECT_FLOAT_EQ(careOnDay(kP, Programme::kGradedActivity, days - 1, days).quota, kP.gaEndQuota);
  EXPECT_GT(careOnDay(kP, Programme::kGradedActivity, 30, days).quota,
            careOnDay(kP, Programme::kGradedActivity, 10, days).quota);
  EXPECT_EQ(careOnDay(kP, Programme::kGradedActivity, days, days).quotaAdherence, 0.f) << "ended";
  EXPECT_EQ(careOnDay(kP, Programme::kGradedActivity, -1, days).quotaAdherence, 0.f)
      << "not started";
}

TEST(Care, UsualCareGivesReassuranceOnceAndAnalgesiaForItsCourse) {
  const int days = 28;
  EXPECT_GT(careOnDay(kP, Programme::kUsualCare, 0, days).reassurance, 0.f);
  EXPECT_EQ(careOnDay(kP, Programme::kUsualCare, 1, days).reassurance, 0.f);
  EXPECT_GT(careOnDay(kP, Programme::kUsualCare, 5, days).analgesia, 0.f);
  EXPECT_EQ(careOnDay(kP, Programme::kUsualCare, int(kP.careAnalgesiaDays), days).analgesia, 0.f);
  EXPECT_EQ(careOnDay(kP, Programme::kUsualCare, 5, days).quota, 0.f) << "no activity quota";
}

TEST(Care, NoProgrammeActsOnPainExceptThroughAnalgesia) {
  // Same state, same draws: graded activity changes today's pain only through mechanisms
  // that act after pain in the recipe, never pain itself on the first day.
  const PersonState s = typicalPerson();
  const DayDraws d;
  const CareToday ga = careOnDay(kP, Programme::kGradedActivity, 50, 56);  // quota 0.86
  EXPECT_FLOAT_EQ(stepDay(kP, s, d, ga, 1, 30).pain, stepDay(kP, s, d, CareToday{}, 1, 30).pain);
  EXPECT_GT(stepDay(kP, s, d, ga, 1, 30).activity, stepDay(kP, s, d, CareToday{}, 1, 30).activity);
}

TEST(Baseline, InvalidCorrelationsAreRejected) {
  Params p;
  p.corrCatFear = 0.9f;
  p.corrCatEfficacy = -0.9f;
  p.corrFearEfficacy = 0.9f;  // cannot hold together with the two above
  EXPECT_THROW(baselineCholesky(p), std::invalid_argument);
  EXPECT_NO_THROW(baselineCholesky(Params{}));
}

TEST(Baseline, CopulaReproducesTheRequestedCorrelation) {
  const auto factor = baselineCholesky(kP);
  // z = L e with e standard normal: corr(z0, z1) = (L L^T)(0, 1).
  const Eigen::Matrix4f r = factor * factor.transpose();
  EXPECT_NEAR(r(0, 1), kP.corrCatFear, 1e-5);
  EXPECT_NEAR(r(0, 2), kP.corrCatEfficacy, 1e-5);
  EXPECT_NEAR(r(3, 3), 1.f, 1e-5);
}

}  // namespace painsim::models
