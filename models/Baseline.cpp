#include "models/Baseline.hpp"

#include <Eigen/Cholesky>
#include <cmath>
#include <stdexcept>

namespace painsim::models {

BaselineFactor baselineCholesky(const Params& p) {
  // Order: catastrophizing, fear, self-efficacy, injury severity.
  Eigen::Matrix4d r = Eigen::Matrix4d::Identity();
  r(0, 1) = r(1, 0) = p.corrCatFear;
  r(0, 2) = r(2, 0) = p.corrCatEfficacy;
  r(1, 2) = r(2, 1) = p.corrFearEfficacy;
  r(0, 3) = r(3, 0) = p.corrSeverityCat;
  const Eigen::LLT<Eigen::Matrix4d> llt(r);
  if (llt.info() != Eigen::Success)
    throw std::invalid_argument(
        "the population.corr_* parameters do not form a positive-definite correlation matrix");
  return llt.matrixL().toDenseMatrix().cast<float>();
}

BaselineDraws correlate(const BaselineFactor& factor, BaselineDraws z) {
  const Eigen::Vector4f raw(z.catastrophizing, z.fear, z.efficacy, z.severity);
  const Eigen::Vector4f c = factor * raw;
  z.catastrophizing = c[0];
  z.fear = c[1];
  z.efficacy = c[2];
  z.severity = c[3];
  return z;
}

namespace {
// Log-normal with the given mean and sd: exp(mu + sigma z).
float lognormal(float mean, float sd, float z) {
  const float sigma = std::sqrt(std::log1p(sd * sd / (mean * mean)));
  return mean * std::exp(sigma * z - 0.5f * sigma * sigma);
}
}  // namespace

PersonState baselinePerson(const Params& p, const BaselineDraws& z, const DayDraws& day0,
                           int recoveryDays) {
  PersonState s;
  // Traits and states at consultation (clamped normals; log-normal for positive quantities).
  s.catTrait = clamp01(p.catTraitMean + p.catTraitSd * z.catastrophizing);
  s.fear = clamp01(p.fearInitialMean + p.fearInitialSd * z.fear);
  s.efficacyTrait = clamp01(p.efficacyTraitMean + p.efficacyTraitSd * z.efficacy);
  s.efficacy = s.efficacyTrait;
  s.nociception = lognormal(p.injurySeverityMean, p.injurySeveritySd, z.severity);
  s.healDecay = std::exp(-1.f / (p.healDaysMedian * std::exp(p.healDaysSdLog * z.healing)));
  s.sensitization =
      clamp01(p.sensInitialMean * std::exp(p.sensInitialSdLog * z.sensitization -
                                           0.5f * p.sensInitialSdLog * p.sensInitialSdLog));
  s.capacity = 1.f;  // capacity is measured relative to before the episode
  // Day-0 pain, then the fast states that follow it on the same day.
  s.pain =
      painFromDrive(painDrive(p, s.nociception, s.sensitization, s.catTrait, 0.f, day0.painNoise));
  s.catastrophizing = catastrophizingTarget(p, s.catTrait, s.pain, s.efficacy, s.efficacyTrait);
  s.activity = activityTarget(p, s.pain, s.fear, s.efficacy, CareToday{});
  s.disability = disabilityLevel(p, s.pain, s.efficacy, s.activity, s.capacity);
  s.dayRecoveredPain = -1;
  s.dayRecoveredDisability = -1;
  observeDay(p, s, day0, 0, recoveryDays);
  return s;
}

}  // namespace painsim::models
