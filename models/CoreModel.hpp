#pragma once
// The daily update of one person: the core fear-avoidance / sensitization
// loop. Each equation is a small pure function with its maths above it;
// stepDay() is the recipe that applies them in order. docs/model.md documents
// every equation and parameter with its source.
//
// Time step: one day. Latent states live on 0..1 (nociception >= 0).
// Random numbers arrive as arguments (DayDraws): the model never draws itself.

#include <algorithm>
#include <cmath>

#include "models/Care.hpp"
#include "models/Parameters.hpp"
#include "models/State.hpp"

namespace painsim::models {

/// Random inputs of one person-day. Normals are standard; uniforms in (0, 1].
struct DayDraws {
  float painNoise = 0.f;   ///< day-to-day pain variation
  float flareU = 1.f;      ///< flare occurs when flareU < hazard
  float flareSizeU = 1.f;  ///< flare size by inversion of the exponential
  float nrsNoise = 0.f;    ///< measurement noise of reported pain
  float rmdqNoise = 0.f;   ///< measurement noise of RMDQ
};

/// Measurement noise of the questionnaires given on recording days.
struct ScaleDraws {
  float pcs = 0.f;
  float tsk = 0.f;
  float pseq = 0.f;
};

/// Standard normals behind one person's baseline (Gaussian copula). The first
/// four are correlated by the engine with baselineCholesky(); the rest are independent.
struct BaselineDraws {
  float catastrophizing = 0.f;
  float fear = 0.f;
  float efficacy = 0.f;
  float severity = 0.f;
  float healing = 0.f;
  float sensitization = 0.f;
};

inline float clamp01(float x) { return std::clamp(x, 0.f, 1.f); }
inline float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

// ---------------------------------------------------------------- nociception
// Flare hazard per day:  h = r0 * (1 + g_over * max(0, A - K)) * (1 + g_dec * (1 - K))
// Doing more than one's capacity (boom) and deconditioning (disuse) both raise it.
inline float flareHazard(const Params& p, float activity, float capacity) {
  return p.flareRate * (1.f + p.flareOverloadGain * std::max(0.f, activity - capacity)) *
         (1.f + p.flareDeconditionGain * (1.f - capacity));
}

// Healing and flares:  N_t = N_{t-1} * exp(-1/tau_heal) + flare * size,
// size ~ Exponential(mean = flare.size_mean) by inversion of u in (0, 1].
inline float nextNociception(const Params& p, float nociception, float healDecay, bool flared,
                             float sizeU) {
  const float size = -p.flareSizeMean * std::log(sizeU);
  return nociception * healDecay + (flared ? size : 0.f);
}

// ------------------------------------------------------------------------ pain
// Drive:  u = (N + c_S * S) * (1 + g_S * S + g_C * C) * (1 - analgesia)
//             * exp(sigma * eps - sigma^2 / 2)
// Nociception is amplified by central sensitization and by catastrophizing
// (hypervigilance); sensitization alone produces pain once tissue has healed.
inline float painDrive(const Params& p, float nociception, float sensitization,
                       float catastrophizing, float analgesia, float noise) {
  const float input = nociception + p.painCentralGain * sensitization;
  const float gain = 1.f + p.painSensGain * sensitization + p.painCatGain * catastrophizing;
  const float dayToDay = std::exp(p.painNoiseSd * noise - 0.5f * p.painNoiseSd * p.painNoiseSd);
  return input * gain * (1.f - analgesia) * dayToDay;
}

// Pain saturates:  P = 1 - exp(-u)   (0 <= P < 1, NRS = 10 P before measurement)
inline float painFromDrive(float drive) { return 1.f - std::exp(-drive); }

// ---------------------------------------------------------------- sensitization
// Sigmoid target:  S* = sigmoid(k * (P - h));  S_t = S + (S* - S) / tau,
// tau = rise_days when S* > S, decay_days otherwise (rises in weeks, fades in months).
// With pain.central_gain this loop is bistable: enough sustained pain keeps itself going.
inline float nextSensitization(const Params& p, float sensitization, float pain) {
  const float target = sigmoid(p.sensSteepness * (pain - p.sensPainThreshold));
  const float tau = target > sensitization ? p.sensRiseDays : p.sensDecayDays;
  return clamp01(sensitization + (target - sensitization) / tau);
}

// ------------------------------------------------------------ catastrophizing
// Target:  C* = clamp(Ct + w_P * (1 - Ct) * P + w_E * (Et - E));  C_t = C + r_C (C* - C)
// Pain raises catastrophizing above its trait; losing self-efficacy raises it, mastery lowers it.
inline float catastrophizingTarget(const Params& p, float trait, float pain, float efficacy,
                                   float efficacyTrait) {
  return clamp01(trait + p.catPainWeight * (1.f - trait) * pain +
                 p.catEfficacyWeight * (efficacyTrait - efficacy));
}

inline float nextCatastrophizing(const Params& p, float catastrophizing, float target) {
  return clamp01(catastrophizing + p.catRate * (target - catastrophizing));
}

// -------------------------------------------------------------------- activity
// Target:  A* = clamp((1 - w_P P) (1 - w_F F) (1 - w_E (1 - E) P), A_min, 1)
// Pain and fear cut activity (avoidance); low self-efficacy (confidence to function
// despite pain) cuts it in proportion to pain, so a pain-free person is not held back.
// Graded activity pulls the target toward a time-contingent quota q:
//   A* <- A* + adherence * (max(A*, q) - A*).
inline float activityTarget(const Params& p, float pain, float fear, float efficacy,
                            const CareToday& care) {
  const float own =
      std::clamp((1.f - p.activityPainWeight * pain) * (1.f - p.activityFearWeight * fear) *
                     (1.f - p.activityEfficacyWeight * (1.f - efficacy) * pain),
                 p.activityMin, 1.f);
  return own + care.quotaAdherence * (std::max(own, care.quota) - own);
}

inline float nextActivity(const Params& p, float activity, float target) {
  return clamp01(activity + p.activityRate * (target - activity));
}

// ------------------------------------------------------------ fear of movement
// Threat read from today's pain:  T = clamp(P * (theta_0 + theta_C * C))
// Rescorla-Wagner learning, only through movement:
//   acquisition (T > F):  F_t = F + alpha_acq * A * (T - F)        any painful movement can teach fear
//   extinction  (T < F):  F_t = F + alpha_ext * A (1 - F) * (T - F)
// Extinction needs exposure to the feared movements themselves; someone who fears
// movement avoids exactly those, so only the share A (1 - F) of activity disconfirms
// the threat. Avoidance (low A, high F) preserves fear: the fear-avoidance trap.
inline float threatAppraisal(const Params& p, float pain, float catastrophizing) {
  return clamp01(pain * (p.fearThreatBase + p.fearThreatCat * catastrophizing));
}

inline float exposure(float activity, float fear) { return activity * (1.f - fear); }

inline float nextFear(const Params& p, float fear, float activity, float threat) {
  const float step = threat > fear ? p.fearAcquisitionRate * activity
                                   : p.fearExtinctionRate * exposure(activity, fear);
  return clamp01(fear + step * (threat - fear));
}

// -------------------------------------------------------------------- capacity
// Capacity follows activity over weeks:  K_t = K + (A - K) / tau_K   (disuse, reconditioning)
inline float nextCapacity(const Params& p, float capacity, float activity) {
  return clamp01(capacity + (activity - capacity) / p.capacityDays);
}

// --------------------------------------------------------------- self-efficacy
// Mastery M = A (1 - P): activity done without pain.
//   E_t = E + eta_M (M - E) + eta_T (Et - E)
inline float nextEfficacy(const Params& p, float efficacy, float trait, float activity,
                          float pain) {
  const float mastery = activity * (1.f - pain);
  return clamp01(efficacy + p.efficacyMasteryRate * (mastery - efficacy) +
                 p.efficacyTraitRate * (trait - efficacy));
}

// ------------------------------------------------------------------ disability
// D = clamp(P (w_P + w_E (1 - E)) + w_A (1 - A) + w_K (1 - K))
// Self-efficacy moderates how much pain disables (the strongest mediator, Lee 2015);
// avoidance (activity given up) and deconditioning add to it.
inline float disabilityLevel(const Params& p, float pain, float efficacy, float activity,
                             float capacity) {
  return clamp01(pain * (p.disPainWeight + p.disEfficacyWeight * (1.f - efficacy)) +
                 p.disActivityWeight * (1.f - activity) + p.disCapacityWeight * (1.f - capacity));
}

// ----------------------------------------------------------------- measurement
// Reported scores: relative (log-normal) noise for NRS and RMDQ, so zero is
// reported as zero; additive noise for the questionnaires; rounded to integers.
inline float reportRelative(float latent, float maxScore, float sd, float noise) {
  return std::round(std::min(maxScore, maxScore * latent * std::exp(sd * noise - 0.5f * sd * sd)));
}
inline float reportAdditive(float latent, float minScore, float maxScore, float sd, float noise) {
  return std::round(
      std::clamp(minScore + (maxScore - minScore) * latent + sd * noise, minScore, maxScore));
}
inline float reportPainNrs(const Params& p, float pain, float noise) {
  return reportRelative(pain, 10.f, p.measPainSd, noise);
}
inline float reportRmdq(const Params& p, float disability, float noise) {
  return reportRelative(disability, 24.f, p.measRmdqSd, noise);
}
inline float reportPcs(const Params& p, float catastrophizing, float noise) {
  return reportAdditive(catastrophizing, 0.f, 52.f, p.measPcsSd, noise);
}
inline float reportTsk(const Params& p, float fear, float noise) {
  return reportAdditive(fear, 17.f, 68.f, p.measTskSd, noise);
}
inline float reportPseq(const Params& p, float efficacy, float noise) {
  return reportAdditive(efficacy, 0.f, 60.f, p.measPseqSd, noise);
}

// ------------------------------------------------------------- outcome tracking
// Recovery = the first day of the first run of `recoveryDays` consecutive days at 0.
inline void trackRecovery(std::int32_t& zeroRun, std::int32_t& dayRecovered, float score, int day,
                          int recoveryDays) {
  zeroRun = score == 0.f ? zeroRun + 1 : 0;
  if (dayRecovered < 0 && zeroRun >= recoveryDays) dayRecovered = day - recoveryDays + 1;
}

/// Measurement and outcome bookkeeping of day `day` (shared by day 0 and stepDay).
inline void observeDay(const Params& p, PersonState& s, const DayDraws& d, int day,
                       int recoveryDays) {
  s.painNrs = reportPainNrs(p, s.pain, d.nrsNoise);
  s.rmdqScore = reportRmdq(p, s.disability, d.rmdqNoise);
  trackRecovery(s.painZeroRun, s.dayRecoveredPain, s.painNrs, day, recoveryDays);
  trackRecovery(s.rmdqZeroRun, s.dayRecoveredDisability, s.rmdqScore, day, recoveryDays);
  s.daysInPain += s.painNrs >= 1.f ? 1 : 0;
  s.painNrsSum += s.painNrs;
}

// ------------------------------------------------------------------- the recipe
/// One day of one person. Reads yesterday's state `s`, returns today's.
inline PersonState stepDay(const Params& p, PersonState s, const DayDraws& d, const CareToday& care,
                           int day, int recoveryDays) {
  // 1. Care given once at first contact (reassurance) shifts the trait.
  s.catTrait = clamp01(s.catTrait - care.reassurance);
  // 2. Tissue heals; a flare or re-injury may add nociception (hazard from yesterday's
  //    activity and capacity: boom-bust and disuse).
  const bool flared = d.flareU < flareHazard(p, s.activity, s.capacity);
  s.nociception = nextNociception(p, s.nociception, s.healDecay, flared, d.flareSizeU);
  s.flares += flared ? 1 : 0;
  // 3. Today's pain: nociception amplified by sensitization and catastrophizing.
  s.pain = painFromDrive(
      painDrive(p, s.nociception, s.sensitization, s.catastrophizing, care.analgesia, d.painNoise));
  // 4. Sustained pain sensitizes; low pain lets sensitization fade slowly.
  s.sensitization = nextSensitization(p, s.sensitization, s.pain);
  // 5. Pain and lost self-efficacy feed catastrophizing.
  s.catastrophizing = nextCatastrophizing(
      p, s.catastrophizing,
      catastrophizingTarget(p, s.catTrait, s.pain, s.efficacy, s.efficacyTrait));
  // 6. Pain, fear and self-efficacy set today's activity (avoidance = the shortfall).
  s.activity = nextActivity(p, s.activity, activityTarget(p, s.pain, s.fear, s.efficacy, care));
  // 7. Fear is learned from what today's movement felt like, and only through movement.
  s.fear = nextFear(p, s.fear, s.activity, threatAppraisal(p, s.pain, s.catastrophizing));
  // 8. Capacity follows activity over weeks.
  s.capacity = nextCapacity(p, s.capacity, s.activity);
  // 9. Mastery builds self-efficacy.
  s.efficacy = nextEfficacy(p, s.efficacy, s.efficacyTrait, s.activity, s.pain);
  // 10. Disability from pain (moderated by self-efficacy), avoidance and deconditioning.
  s.disability = disabilityLevel(p, s.pain, s.efficacy, s.activity, s.capacity);
  // 11. What the person reports, and outcome bookkeeping.
  observeDay(p, s, d, day, recoveryDays);
  return s;
}

}  // namespace painsim::models
