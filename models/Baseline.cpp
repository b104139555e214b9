#include "models/Baseline.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace painsim::models {
namespace {

std::array<float, kCorrelatedBaseline> loadings(const Params& p) {
  return {p.loadCat,     p.loadFear,  p.loadEfficacy, p.loadSeverity, p.loadMood,
          p.loadAnxiety, p.loadSleep, p.loadStress,   p.loadSupport,  p.loadAcceptance};
}

// Log-normal with the given mean and sd: exp(mu + sigma z).
float lognormal(float mean, float sd, float z) {
  if (mean <= 0.f) return 0.f;
  const float sigma = std::sqrt(std::log1p(sd * sd / (mean * mean)));
  return mean * std::exp(sigma * z - 0.5f * sigma * sigma);
}

float bernoulli(float share, float u) { return u <= share ? 1.f : 0.f; }

/// Traits and the slow states that start at their trait level.
PersonState traits(const Params& p, const BaselineDraws& z) {
  PersonState s;
  s.catTrait = clamp01(p.catTraitMean + p.catTraitSd * z.catastrophizing);
  s.efficacyTrait = clamp01(p.efficacyTraitMean + p.efficacyTraitSd * z.efficacy);
  // One between-person healing factor scales both phases: a slow healer is slow in both.
  const float healFactor = std::exp(p.healDaysSdLog * z.healing);
  s.healDecay = std::exp(-1.f / (p.healDaysMedian * healFactor));
  s.slowHealDecay = std::exp(-1.f / (p.slowHealDays * healFactor));
  s.flareHealDecay = std::exp(-1.f / (p.flareHealRatio * (p.healDaysMedian * healFactor)));
  s.stressTrait = clamp01(p.stressTraitMean + p.stressTraitSd * z.stress);
  s.sleepTrait = clamp01(p.sleepTraitMean + p.sleepTraitSd * z.sleep);
  s.moodTrait = clamp01(lognormal(p.moodTraitMean, p.moodTraitSd, z.mood));
  s.anxietyTrait = clamp01(lognormal(p.anxietyTraitMean, p.anxietyTraitSd, z.anxiety));
  s.acceptanceTrait = clamp01(p.acceptanceTraitMean + p.acceptanceTraitSd * z.acceptance);
  s.networkSupport = clamp01(p.networkSupportMean + p.networkSupportSd * z.support);
  s.solicitousness = clamp01(p.solicitousnessMean + p.solicitousnessSd * z.solicitousness);
  s.moneyTrait = clamp01(p.moneyTraitMean + p.moneyTraitSd * z.money);
  s.radiatingPain = bernoulli(p.radiatingShare, z.radiatingU);
  s.comorbidPain = bernoulli(p.comorbidShare, z.comorbidU);
  s.age = std::clamp(p.ageMean + p.ageSd * z.age, 18.f, 95.f);
  const bool isEmployed = z.employedU <= p.employedShare;
  s.workStatus = std::int32_t(isEmployed ? WorkStatus::kWorking : WorkStatus::kNotInPaidWork);
  s.jobStrain = isEmployed ? clamp01(p.jobStrainMean + p.jobStrainSd * z.jobStrain) : 0.f;
  const float offered = z.accommodationShare >= 0.f ? z.accommodationShare : p.accommodationShare;
  s.accommodation = isEmployed ? bernoulli(offered, z.accommodationU) : 0.f;
  // Slow states start at their trait level, as before the episode.
  s.catastrophizing = s.catTrait;
  s.efficacy = s.efficacyTrait;
  s.acceptance = s.acceptanceTrait;
  s.supportAutonomy = s.supportAvailable = s.networkSupport;
  s.solicitousAvailable = s.solicitousness;
  s.tieEngagement = 1.f;
  s.moneyWorries = s.moneyTrait;
  s.stress = s.stressTrait;
  s.sleep = s.sleepMonth = s.sleepTrait;
  s.depression = s.moodTrait;
  s.anxiety = s.anxietyTrait;
  s.capacity = 1.f;  // capacity is measured relative to before the episode
  s.activity = 1.f;
  // One pronociceptive factor: who starts more sensitized also sensitizes under less load.
  s.sensitization =
      clamp01(p.sensInitialMean * std::exp(p.sensInitialSdLog * z.sensitization -
                                           0.5f * p.sensInitialSdLog * p.sensInitialSdLog));
  s.sensThreshold = clamp01(p.sensPainThreshold - p.sensThresholdSd * z.sensitization);
  return s;
}

}  // namespace

void settle(const Params& p, PersonState& s, const DayDraws& today, const DayContext& c) {
  s.pain = painFromDrive(painDrive(p, s.nociception,
                                   {s.sensitization, s.catTrait, s.stress, s.sleep, s.depression},
                                   0.f, today.painNoise));
  s.catastrophizing =
      catastrophizingTarget(p, s.catTrait, s.pain, s.efficacy, s.efficacyTrait, s.sleep);
  s.painExpected = s.pain;
  s.supportSolicitous = solicitousSupportTarget(s.solicitousAvailable, s.pain);
  s.activity = activityTarget(
      p, {s.pain, s.fear, s.efficacy, s.acceptance, s.depression, s.supportSolicitous}, {});
  s.disability =
      disabilityLevel(p, s.pain, s.efficacy, s.activity, s.capacity, s.depression, s.acceptance);
  s.depression = depressionTarget(p, s.moodTrait, s.pain, s.acceptance, s.disability,
                                  s.supportAutonomy, s.stress);
  s.anxiety = anxietyTarget(p, s.anxietyTrait, s.stress, s.catastrophizing);
  s.dayRecoveredPain = s.dayRecoveredDisability = s.dayFirstRecurrence = -1;
  s.dayReturnedWork = -2;
  observeDay(p, s, today, c);
}

BaselineMatrix baselineCorrelation(const Params& p) {
  const auto l = loadings(p);
  BaselineMatrix r;
  for (int i = 0; i < kCorrelatedBaseline; ++i)
    for (int j = 0; j < kCorrelatedBaseline; ++j)
      r(i, j) = i == j ? 1.0 : double(l[std::size_t(i)]) * double(l[std::size_t(j)]);
  return r;
}

BaselineFactor baselineCholesky(const Params& p) {
  const Eigen::LLT<BaselineMatrix> llt(baselineCorrelation(p));
  if (llt.info() != Eigen::Success)
    throw std::invalid_argument(
        "the population.loading_* parameters do not give a positive-definite correlation "
        "matrix (every loading must lie strictly between -1 and 1)");
  return llt.matrixL().toDenseMatrix().cast<float>();
}

BaselineDraws correlate(const BaselineFactor& factor, BaselineDraws z) {
  Eigen::Matrix<float, kCorrelatedBaseline, 1> raw;
  raw << z.catastrophizing, z.fear, z.efficacy, z.severity, z.mood, z.anxiety, z.sleep, z.stress,
      z.support, z.acceptance;
  const Eigen::Matrix<float, kCorrelatedBaseline, 1> c = factor * raw;
  z.catastrophizing = c[0];
  z.fear = c[1];
  z.efficacy = c[2];
  z.severity = c[3];
  z.mood = c[4];
  z.anxiety = c[5];
  z.sleep = c[6];
  z.stress = c[7];
  z.support = c[8];
  z.acceptance = c[9];
  return z;
}

PersonState onsetPerson(const Params& p, const BaselineDraws& z, const DayDraws& today,
                        const DayContext& c) {
  PersonState s = traits(p, z);
  s.fear = clamp01(p.fearInitialMean + p.fearInitialSd * z.fear);
  const Nociception injury = addNociception(p, {}, injurySize(p, z.severity));
  s.nociception = injury.total;
  s.nociceptionSlow = injury.slow;
  settle(p, s, today, c);
  // Off work at onset: employed people with high disability, with probability
  // work.off_at_entry * sigmoid(k_off (Dis - h_off)).
  if (s.workStatus == std::int32_t(WorkStatus::kWorking) &&
      z.offWorkU <
          p.workOffAtEntry * sigmoid(p.workOffSteepness * (s.disability - p.workOffThreshold)))
    s.workStatus = std::int32_t(WorkStatus::kSickLeave);
  s.absenceRun = offWork(s) ? 1 : 0;
  return s;
}

PersonState wellPerson(const Params& p, const BaselineDraws& z, const DayDraws& today,
                       const DayContext& c) {
  PersonState s = traits(p, z);
  // Fear of movement outside an episode: the population level of TSK.
  s.fear = clamp01(p.fearPopulationMean + p.fearInitialSd * z.fear);
  s.nociception = s.nociceptionSlow = 0.f;
  s.daysSinceOnset = kNoEpisodeDays;
  settle(p, s, today, c);
  return s;
}

}  // namespace painsim::models
