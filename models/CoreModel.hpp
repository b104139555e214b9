#pragma once
// The daily update of one person: the fear-avoidance / central-sensitization
// loop and the biopsychosocial states that feed it (MODEL.md sections 2-3).
// Each equation is a small pure function with its maths above it; stepDay()
// is the recipe that applies them in order. docs/model.md documents every
// equation and parameter with its source.
//
// Time step: one day. Latent states live on 0..1 (nociception and the
// life-event load >= 0). Random numbers arrive as arguments (DayDraws): the
// model never draws itself. Couplings between states read the values named in
// each step of the recipe; "yesterday" means the value before today's update.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "models/Care.hpp"
#include "models/Parameters.hpp"
#include "models/State.hpp"

namespace painsim::models {

/// Random inputs of one person-day. Normals are standard; uniforms in (0, 1].
struct DayDraws {
  float painNoise = 0.f;       ///< day-to-day pain variation
  float nrsNoise = 0.f;        ///< measurement noise of reported pain
  float rmdqNoise = 0.f;       ///< measurement noise of RMDQ
  float sleepNoise = 0.f;      ///< night-to-night variation of sleep
  float onsetSeverity = 0.f;   ///< size of a new episode (general population)
  float flareU = 1.f;          ///< flare occurs when flareU < hazard
  float flareSizeU = 1.f;      ///< flare size by inversion of the exponential
  float lifeEventU = 1.f;      ///< a stressful life event occurs when < its rate
  float lifeEventSizeU = 1.f;  ///< its size by inversion of the exponential
  float workU = 1.f;           ///< work transition occurs when < its hazard
  float onsetU = 1.f;          ///< new episode (general population) when < incidence
};

/// Measurement noise of the questionnaires given on recording days.
struct ScaleDraws {
  float pcs = 0.f, tsk = 0.f, pseq = 0.f, fabqPa = 0.f, fabqW = 0.f, phq9 = 0.f, gad7 = 0.f,
        psqi = 0.f, eq5d = 0.f;
  float startBack[7] = {};  ///< items 3-9 of the STarT Back tool (items 1-2 are traits)
};

/// Standard normals and uniforms behind one person's baseline. The first
/// kCorrelatedBaseline normals are correlated by the Gaussian copula
/// (models/Baseline.hpp); the rest are independent.
struct BaselineDraws {
  // correlated (order matters: see baselineLoadings)
  float catastrophizing = 0.f, fear = 0.f, efficacy = 0.f, severity = 0.f, mood = 0.f,
        anxiety = 0.f, sleep = 0.f, stress = 0.f, support = 0.f, acceptance = 0.f;
  // independent normals
  float healing = 0.f, sensitization = 0.f, solicitousness = 0.f, jobStrain = 0.f, money = 0.f,
        age = 0.f;
  // independent uniforms in (0, 1]
  float employedU = 1.f, accommodationU = 1.f, radiatingU = 1.f, comorbidU = 1.f, offWorkU = 1.f,
        entryBandU = 1.f, entryDayU = 1.f;  ///< episode duration at entry (cohorts)
  /// Not a draw: the share of employers like one's own offering modified duties, which
  /// accommodationU is compared with (sim/Workplaces.hpp); < 0 = work.accommodation_share.
  float accommodationShare = -1.f;
};

/// A linear map from disability and pain to a health utility (EQ-5D-3L), clamped to the
/// UK tariff's range [-0.594, 1]: u = intercept - rmdqSlope 24 Dis - painSlope P.
struct UtilityMap {
  float intercept = 0.9f;
  float rmdqSlope = 0.025f;  ///< utility per RMDQ point
  float painSlope = 0.1f;    ///< utility per unit of pain (NRS/10)
};

/// What else a day needs to know besides the person and the draws.
struct DayContext {
  int day = 0;              ///< day index; day 0 = consultation (entry)
  int recoveryDays = 30;    ///< consecutive days at 0 that count as recovery
  float onsetHazard = 0.f;  ///< daily probability of a new episode (general population only)
  // Health economics (docs/economics.md): today's discount factors, the utility map
  // for QALYs and the friction period.
  float costDiscount = 1.f;    ///< (1 + economics.discount_costs)^(-day / 365.25)
  float effectDiscount = 1.f;  ///< (1 + economics.discount_effects)^(-day / 365.25)
  UtilityMap utility;
  std::int32_t frictionDays = 85;  ///< days of an absence whose output is lost (friction method)
};

inline float clamp01(float x) { return std::clamp(x, 0.f, 1.f); }
inline float sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }
/// Exponential variate of mean `mean` by inversion of u in (0, 1].
inline float exponential(float mean, float u) { return -mean * std::log(u); }
/// One step of first-order relaxation toward a target at rate r per day.
inline float relax(float x, float target, float rate) { return x + rate * (target - x); }
/// Absent from one's job because of back pain: sick leave or long-term work disability.
inline bool offWork(std::int32_t status) {
  return status == std::int32_t(WorkStatus::kSickLeave) ||
         status == std::int32_t(WorkStatus::kLongTermDisability);
}
inline bool offWork(const PersonState& s) { return offWork(s.workStatus); }
/// Has a job (at work or absent from it).
inline bool employed(std::int32_t status) {
  return status != std::int32_t(WorkStatus::kNotInPaidWork) &&
         status != std::int32_t(WorkStatus::kJobLost);
}
inline bool employed(const PersonState& s) { return employed(s.workStatus); }
/// At work today: full, modified or graded duties.
inline bool atWork(std::int32_t status) {
  return status == std::int32_t(WorkStatus::kWorking) ||
         status == std::int32_t(WorkStatus::kModifiedDuties);
}
inline bool atWork(const PersonState& s) { return atWork(s.workStatus); }
/// Lost income: absent beyond sick pay, or out of the job one had.
inline bool lostIncome(const PersonState& s) {
  return offWork(s) || s.workStatus == std::int32_t(WorkStatus::kJobLost);
}

// ---------------------------------------------------------------- nociception
// Flare hazard per day:  h = r0 * (1 + g_over * max(0, A - K)) * (1 + g_dec * (1 - K))
// Doing more than one's capacity (boom) and deconditioning (disuse) both raise it.
inline float flareHazard(const Params& p, float activity, float capacity) {
  return p.flareRate * (1.f + p.flareOverloadGain * std::max(0.f, activity - capacity)) *
         (1.f + p.flareDeconditionGain * (1.f - capacity));
}

// Healing in two phases. Nociception N = F + S: a fast (inflammatory) part F and a
// slow (remodelling) part S. New input I (injury, flare) splits as S += phi I,
// F += (1 - phi) I, with phi = nociception.slow_share; each part decays with its own
// time constant:  F_t = F_{t-1} exp(-1/tau_fast) + (1-phi) I_t,
//                 S_t = S_{t-1} exp(-1/tau_slow) + phi I_t.
// A flare adds I ~ Exponential(mean = flare.size_mean).
struct Nociception {
  float total = 0.f;  ///< N = F + S
  float slow = 0.f;   ///< S
};

inline Nociception addNociception(const Params& p, Nociception n, float input) {
  return {n.total + input, n.slow + p.slowShare * input};
}

inline Nociception nextNociception(const Params& p, Nociception n, float healDecay,
                                   float slowHealDecay, bool flared, float sizeU) {
  // The slow part never exceeds the whole (guards states set from outside the recipe).
  const float slowBefore = std::min(n.slow, n.total);
  const float slow = slowBefore * slowHealDecay;
  const Nociception healed{(n.total - slowBefore) * healDecay + slow, slow};
  return flared ? addNociception(p, healed, exponential(p.flareSizeMean, sizeU)) : healed;
}

// Nociceptive input of a new injury: log-normal with mean injury.severity_mean and
// sd injury.severity_sd, from a standard normal z.
inline float injurySize(const Params& p, float z) {
  const float m = p.injurySeverityMean;
  const float sigma = std::sqrt(std::log1p(p.injurySeveritySd * p.injurySeveritySd / (m * m)));
  return m * std::exp(sigma * z - 0.5f * sigma * sigma);
}

// ------------------------------------------------------------- stress and life
// Life events arrive as a Poisson process (rate lambda per day) with exponential sizes;
// their load decays:  L_t = L * exp(-1/tau_L) + event * size.
inline float nextLifeEvents(const Params& p, float load, bool event, float sizeU) {
  return load * std::exp(-1.f / p.lifeEventDays) +
         (event ? exponential(p.lifeEventSizeMean, sizeU) : 0.f);
}

// Money worries follow income lost to sick leave, growing over the first weeks:
//   W* = clamp(W0 + w_inc * off * min(1, absence / tau_inc));  W_t = relax(W, W*, r_W)
inline float moneyTarget(const Params& p, float moneyTrait, bool onSickLeave, int absenceRun) {
  const float lost = onSickLeave ? std::min(1.f, float(absenceRun) / p.moneyIncomeDays) : 0.f;
  return clamp01(moneyTrait + p.moneyIncomeWeight * lost);
}

// Perceived stress relaxes toward
//   S* = clamp(S0 + w_J J at work + w_W W + w_L (1 - e^{-L}) + w_P P + w_off off - w_sup U_a)
// Job strain J counts only while at work; the support buffer w_sup is kept weak (MODEL.md 3).
inline float stressTarget(const Params& p, float trait, float jobStrain, bool atWork, float money,
                          float lifeLoad, float pain, bool onSickLeave, float supportAutonomy) {
  return clamp01(trait + p.stressJobWeight * (atWork ? jobStrain : 0.f) +
                 p.stressMoneyWeight * money + p.stressLifeWeight * (1.f - std::exp(-lifeLoad)) +
                 p.stressPainWeight * pain + p.stressAbsenceWeight * (onSickLeave ? 1.f : 0.f) -
                 p.stressSupportWeight * supportAutonomy);
}

// ----------------------------------------------------------------------- sleep
// Last night's sleep, set by the evening before: pre-sleep stress and worry drive
// poor sleep more than pain does (Tang 2012):
//   Q_t = clamp(Q0 - w_S S - w_X X - w_P P + sigma_Q eps)    (values of day t-1)
inline float sleepQuality(const Params& p, float trait, float stress, float anxiety, float pain,
                          float noise) {
  return clamp01(trait - p.sleepStressWeight * stress - p.sleepAnxietyWeight * anxiety -
                 p.sleepPainWeight * pain + p.sleepNoiseSd * noise);
}

// PSQI reports about a month of sleep: an exponential moving average, tau 30 days.
inline float nextSleepMonth(float month, float lastNight) {
  return relax(month, lastNight, 1.f / 30.f);
}

// ------------------------------------------------------------------------ pain
// Drive:  u = (N + c_S * Z) * (1 + g_Z Z + g_C C + g_S S + g_Q (1 - Q) + g_D D)
//             * (1 - analgesia) * exp(sigma * eps - sigma^2 / 2)
// Nociception N is amplified by central sensitization Z, catastrophizing C
// (hypervigilance), stress S, last night's poor sleep 1 - Q and depression D;
// sensitization alone produces pain once tissue has healed.
struct PainAmplifiers {
  float sensitization = 0.f, catastrophizing = 0.f, stress = 0.f, sleep = 1.f, depression = 0.f;
};
inline float painDrive(const Params& p, float nociception, const PainAmplifiers& a, float analgesia,
                       float noise) {
  const float input = nociception + p.painCentralGain * a.sensitization;
  const float gain = 1.f + p.painSensGain * a.sensitization + p.painCatGain * a.catastrophizing +
                     p.painStressGain * a.stress + p.painSleepGain * (1.f - a.sleep) +
                     p.painDepressionGain * a.depression;
  const float dayToDay = std::exp(p.painNoiseSd * noise - 0.5f * p.painNoiseSd * p.painNoiseSd);
  return input * gain * (1.f - analgesia) * dayToDay;
}

// Pain saturates:  P = 1 - exp(-u)   (0 <= P < 1, NRS = 10 P before measurement)
inline float painFromDrive(float drive) { return 1.f - std::exp(-drive); }

// ---------------------------------------------------------------- sensitization
// Sigmoid target:  Z* = sigmoid(k * (P + w_S S + w_Q (1 - Q) - h));  Z_t = Z + (Z* - Z) / tau,
// tau = rise_days when Z* > Z, decay_days otherwise (rises in weeks, fades in months).
// Sustained pain, stress and poor sleep sensitize; with pain.central_gain the loop is
// bistable: enough sustained pain keeps itself going.
inline float nextSensitization(const Params& p, float sensitization, float pain, float stress,
                               float sleep) {
  const float load = pain + p.sensStressWeight * stress + p.sensSleepWeight * (1.f - sleep);
  const float target = sigmoid(p.sensSteepness * (load - p.sensPainThreshold));
  const float tau = target > sensitization ? p.sensRiseDays : p.sensDecayDays;
  return clamp01(sensitization + (target - sensitization) / tau);
}

// ------------------------------------------------------------ catastrophizing
// Target:  C* = clamp(Ct + w_P (1 - Ct) P + w_E (Et - E) + w_Q (1 - Q));  C_t = relax(C, C*, r_C)
// Pain raises catastrophizing above its trait; losing self-efficacy raises it, mastery
// lowers it; a poor night raises it next morning (Gerhart 2017).
inline float catastrophizingTarget(const Params& p, float trait, float pain, float efficacy,
                                   float efficacyTrait, float sleep) {
  return clamp01(trait + p.catPainWeight * (1.f - trait) * pain +
                 p.catEfficacyWeight * (efficacyTrait - efficacy) +
                 p.catSleepWeight * (1.f - sleep));
}

// -------------------------------------------------------------------- activity
// Target:  A* = clamp((1 - w_P P) (1 - w_F F (1 - a_F Acc)) (1 - w_E (1 - E) P)
//                     (1 - w_D D) (1 - w_sol U_s), A_min, 1)
// Pain and fear cut activity (avoidance), acceptance weakens fear's grip, low self-efficacy
// cuts it in proportion to pain, low mood cuts it, and ties who take over tasks
// (solicitous support) cut it further. Care may pull the target toward a quota q with
// adherence lowered by depression:  A* <- A* + adh (1 - d_D D) (max(A*, q) - A*).
struct ActivityInputs {
  float pain = 0.f, fear = 0.f, efficacy = 1.f, acceptance = 0.f, depression = 0.f,
        solicitous = 0.f;
};
inline float activityTarget(const Params& p, const ActivityInputs& in, const CareToday& care) {
  const float own = std::clamp(
      (1.f - p.activityPainWeight * in.pain) *
          (1.f - p.activityFearWeight * in.fear * (1.f - p.acceptanceFearBuffer * in.acceptance)) *
          (1.f - p.activityEfficacyWeight * (1.f - in.efficacy) * in.pain) *
          (1.f - p.activityDepressionWeight * in.depression) *
          (1.f - p.activitySolicitousWeight * in.solicitous),
      p.activityMin, 1.f);
  const float adherence = care.quotaAdherence * (1.f - p.adherenceDepressionWeight * in.depression);
  return own + adherence * (std::max(own, care.quota) - own);
}

// ------------------------------------------------------------ fear of movement
// Threat read from today's pain:  T = clamp(P * (theta_0 + theta_C * C))
// Rescorla-Wagner learning, only through movement:
//   acquisition (T > F):  F_t = F + alpha_acq * A * (T - F)        any painful movement can teach
//   fear extinction  (T < F):  F_t = F + alpha_ext * A (1 - F) * (T - F)
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

// Work-related fear (FABQ work): fear of movement, heightened by demanding work while in pain.
//   F_w = clamp(F + w_J J P)
inline float workFear(const Params& p, float fear, float jobStrain, float pain) {
  return clamp01(fear + p.fabqWorkStrainWeight * jobStrain * pain);
}

// -------------------------------------------------------------------- capacity
// Capacity follows activity over weeks:  K_t = K + (A - K) / tau_K   (disuse, reconditioning)
inline float nextCapacity(const Params& p, float capacity, float activity) {
  return clamp01(capacity + (activity - capacity) / p.capacityDays);
}

// --------------------------------------------------------------- self-efficacy
// Mastery M = A (1 - P): activity done without pain. Autonomy-promoting support
// encourages:  E_t = E + eta_M (M - E) + eta_T (Et - E) + eta_U (U_a - 1/2) (1 - E)
inline float nextEfficacy(const Params& p, float efficacy, float trait, float activity, float pain,
                          float supportAutonomy) {
  const float mastery = activity * (1.f - pain);
  return clamp01(efficacy + p.efficacyMasteryRate * (mastery - efficacy) +
                 p.efficacyTraitRate * (trait - efficacy) +
                 p.efficacySupportRate * (supportAutonomy - 0.5f) * (1.f - efficacy));
}

// ------------------------------------------------------------------- mood
// Depression relaxes slowly (weeks) toward
//   D* = clamp(D0 + w_P P (1 - a_D Acc) + w_dis Dis + w_iso (1 - U_a) + w_S S)
// Pain (less so with acceptance), disability, isolation and stress lower mood.
inline float depressionTarget(const Params& p, float trait, float pain, float acceptance,
                              float disability, float supportAutonomy, float stress) {
  return clamp01(trait + p.depPainWeight * pain * (1.f - p.acceptanceDistressBuffer * acceptance) +
                 p.depDisabilityWeight * disability +
                 p.depIsolationWeight * (1.f - supportAutonomy) + p.depStressWeight * stress);
}

// Anxiety (worry) relaxes toward  X* = clamp(X0 + w_S S + w_C C)
inline float anxietyTarget(const Params& p, float trait, float stress, float catastrophizing) {
  return clamp01(trait + p.anxStressWeight * stress + p.anxCatWeight * catastrophizing);
}

// ------------------------------------------------------------- social support
// Autonomy-promoting support: what one's ties give, weakened over weeks by withdrawal
// (low activity, depression):  U_a* = clamp(U0 (1 - w_A (1 - A) - w_D D))
// Solicitous support: ties take over tasks when pain is high:  U_s* = sol * P
inline float autonomySupportTarget(const Params& p, float network, float activity,
                                   float depression) {
  return clamp01(network * (1.f - p.supportWithdrawalWeight * (1.f - activity) -
                            p.supportDepressionWeight * depression));
}
// In a social network (sim/Network.hpp) each person gives according to how they are
// doing: withdrawn (low activity), depressed or in pain, they give less:
//   g_j = U_j (1 - w_wd (1 - A_j) - w_dep D_j - w_gp P_j), clamped to [0, 1],
// and what person i can count on is the sum over ties, scaled by network.support_norm:
//   U_avail,i = clamp(sum_j w_ij g_j / norm).
inline float givingCapacity(const Params& p, float networkSupport, float activity, float depression,
                            float pain) {
  return clamp01(networkSupport *
                 (1.f - p.supportWithdrawalWeight * (1.f - activity) -
                  p.supportDepressionWeight * depression - p.giverPainWeight * pain));
}
inline float givingCapacity(const Params& p, const PersonState& giver) {
  return givingCapacity(p, giver.networkSupport, giver.activity, giver.depression, giver.pain);
}
inline float supportFromTies(const Params& p, float weightedGiving) {
  return clamp01(weightedGiving / p.networkSupportNorm);
}
// Solicitous support comes from ties too: how readily they take over tasks,
//   sol_avail,i = clamp(sum_j w_ij e_j sol_j / norm_sol)   (e: tie engagement).
inline float solicitousnessFromTies(const Params& p, float weightedSolicitousness) {
  return clamp01(weightedSolicitousness / p.solicitousNorm);
}
// Ties weaken when one withdraws and recover with activity, over weeks:
//   e_t = e + (clamp(1 - w_wd (1 - A) - w_dep D) - e) / tau_e
// In a network a tie i - j carries w_ij e_i e_j: one's own engagement scales both
// what one receives and what one's contacts receive from one.
inline float nextTieEngagement(const Params& p, float engagement, float activity,
                               float depression) {
  const float target = clamp01(1.f - p.supportWithdrawalWeight * (1.f - activity) -
                               p.supportDepressionWeight * depression);
  return relax(engagement, target, 1.f / p.tieEngagementDays);
}
inline float solicitousSupportTarget(float solicitousness, float pain) {
  return clamp01(solicitousness * pain);
}

// ------------------------------------------------------------------ disability
// Dis = clamp([P (w_P + w_E (1 - E)) + w_A (1 - A) + w_K (1 - K) + w_D D] * min(1, P / P_a))
// Self-efficacy moderates how much pain disables (the strongest mediator, Lee 2015);
// avoidance (activity given up), deconditioning and low mood add to it. The RMDQ counts
// limits "because of my back": below the attribution level P_a only the share P / P_a of
// the limitation is put down to back pain, and none once pain has gone.
inline float disabilityLevel(const Params& p, float pain, float efficacy, float activity,
                             float capacity, float depression) {
  const float attributed = std::min(1.f, pain / p.disPainAttribution);
  return clamp01((pain * (p.disPainWeight + p.disEfficacyWeight * (1.f - efficacy)) +
                  p.disActivityWeight * (1.f - activity) + p.disCapacityWeight * (1.f - capacity) +
                  p.disDepressionWeight * depression) *
                 attributed);
}

// ------------------------------------------------------------------------ work
// States (docs/work.md): working, sick leave, modified (or graded) duties, long-term
// work disability, job lost, not in paid work. One uniform u per day decides the
// day's transition; competing hazards take consecutive slices of (0, 1].
//
// Sick leave starts with hazard  h_off = r_off * sigmoid(k_off (Dis - h_off)).
// Return to work, sooner where the employer offers modified duties, keeps in touch
// early, or offers a graded return:
//   h_rtw = r_rtw (1 + g_acc acc) (1 + g_ec ec [absence <= 28 d]) (1 + g_gr gr)
//           (f_LT in long-term disability) exp(-b_P P - b_F F_w - b_D Dis - b_T ln(1 + days/7))
// Returners go to modified duties where offered (or on a graded return), else to full
// duties. Modified duties become full duties with  h_full = r_full (1 - Dis).
// Sick leave becomes long-term work disability after work.long_term_days.
// After four weeks off, the job may be lost:  h_loss = r_loss (1 - pi_acc acc).
// After job loss, work is found again with  h_re = r_re exp(-b_P P - b_D Dis).
inline float sickLeaveHazard(const Params& p, float disability) {
  return p.workOffRate * sigmoid(p.workOffSteepness * (disability - p.workOffThreshold));
}
inline constexpr int kEarlyContactDays = 28;  ///< early contact acts in the first four weeks off
inline constexpr int kJobLossAfterDays = 28;  ///< the job is secure for the first four weeks off

/// What an employer does for an absent worker (0 or 1 each; models::PersonState columns).
struct EmployerSupport {
  float accommodation = 0.f, earlyContact = 0.f, gradedReturn = 0.f;
};
inline float returnToWorkHazard(const Params& p, float pain, float fearAtWork, float disability,
                                int absenceDays, const EmployerSupport& e, bool longTerm = false) {
  const float early = absenceDays <= kEarlyContactDays ? e.earlyContact : 0.f;
  return p.workReturnRate * (1.f + p.workAccommodationGain * e.accommodation) *
         (1.f + p.earlyContactGain * early) * (1.f + p.gradedReturnGain * e.gradedReturn) *
         (longTerm ? p.longTermReturnFactor : 1.f) *
         std::exp(-p.workReturnPainWeight * pain - p.workReturnFearWeight * fearAtWork -
                  p.workReturnDisabilityWeight * disability -
                  p.workReturnDurationWeight * std::log1p(float(absenceDays) / 7.f));
}
inline float fullDutiesHazard(const Params& p, float disability) {
  return p.workFullDutiesRate * (1.f - disability);
}
inline float jobLossHazard(const Params& p, int absenceDays, float accommodation) {
  return absenceDays > kJobLossAfterDays
             ? p.jobLossRate * (1.f - p.jobLossAccommodationProtection * accommodation)
             : 0.f;
}
inline float reemploymentHazard(const Params& p, float pain, float disability) {
  return p.reemploymentRate *
         std::exp(-p.workReturnPainWeight * pain - p.workReturnDisabilityWeight * disability);
}

// Productivity lost today, in working days: 1 absent or out of the job one had,
// the reduced-duties loss on modified duties, presenteeism w_pres P at full duties.
inline float productivityLoss(const Params& p, const PersonState& s) {
  switch (WorkStatus(s.workStatus)) {
    case WorkStatus::kWorking:
      return p.presenteeismWeight * s.pain;
    case WorkStatus::kModifiedDuties:
      return p.modifiedProductivityLoss;
    case WorkStatus::kSickLeave:
    case WorkStatus::kLongTermDisability:
    case WorkStatus::kJobLost:
      return 1.f;
    case WorkStatus::kNotInPaidWork:
      break;
  }
  return 0.f;
}

/// Today's work transition from yesterday's status, driven by today's state.
inline void updateWork(const Params& p, PersonState& s, float u, float returnGain = 0.f) {
  const EmployerSupport employer{s.accommodation, s.earlyContact, s.gradedReturn};
  switch (WorkStatus(s.workStatus)) {
    case WorkStatus::kWorking:
      if (u < sickLeaveHazard(p, s.disability)) s.workStatus = std::int32_t(WorkStatus::kSickLeave);
      break;
    case WorkStatus::kSickLeave:
    case WorkStatus::kLongTermDisability: {
      const bool longTerm = s.workStatus == std::int32_t(WorkStatus::kLongTermDisability);
      const float back = (1.f + returnGain) *
                         returnToWorkHazard(p, s.pain, workFear(p, s.fear, s.jobStrain, s.pain),
                                            s.disability, s.absenceRun, employer, longTerm);
      if (u < back)
        s.workStatus = std::int32_t(s.accommodation > 0.5f || s.gradedReturn > 0.5f
                                        ? WorkStatus::kModifiedDuties
                                        : WorkStatus::kWorking);
      else if (u < back + jobLossHazard(p, s.absenceRun, s.accommodation))
        s.workStatus = std::int32_t(WorkStatus::kJobLost);
      else if (!longTerm && float(s.absenceRun + 1) > p.longTermDays)
        s.workStatus = std::int32_t(WorkStatus::kLongTermDisability);
      break;
    }
    case WorkStatus::kModifiedDuties:
      if (u < fullDutiesHazard(p, s.disability)) s.workStatus = std::int32_t(WorkStatus::kWorking);
      break;
    case WorkStatus::kJobLost:
      if (u < reemploymentHazard(p, s.pain, s.disability))
        s.workStatus = std::int32_t(WorkStatus::kWorking);
      break;
    case WorkStatus::kNotInPaidWork:
      break;
  }
  s.absenceRun = offWork(s) ? s.absenceRun + 1 : 0;
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

// EQ-5D-3L utility from disability and pain (linear guide after Khan 2014:
// about 0.90 - 0.025 RMDQ), clamped to the tariff's range [-0.594, 1]:
//   u = u0 - b_R 24 Dis - b_P P + sigma eps
inline float linearUtility(const UtilityMap& u, float disability, float pain, float shift = 0.f) {
  return std::clamp(u.intercept - u.rmdqSlope * 24.f * disability - u.painSlope * pain + shift,
                    -0.594f, 1.f);
}
inline UtilityMap eq5dMap(const Params& p) {
  return {p.eq5dIntercept, p.eq5dRmdqSlope, p.eq5dPainSlope};
}
inline float eq5dUtility(const Params& p, float disability, float pain, float noise) {
  return linearUtility(eq5dMap(p), disability, pain, p.measEq5dSd * noise);
}

// ------------------------------------------------------------- health economics
// Output lost today under the friction-cost method: absence counts only within the first
// `frictionDays` of an absence (then the job is covered); reduced duties and presenteeism
// count in full; after a job loss nothing more is lost to the employer.
inline float frictionLoss(const PersonState& s, float lostToday, std::int32_t frictionDays) {
  if (s.workStatus == std::int32_t(WorkStatus::kJobLost)) return 0.f;
  if (offWork(s) && s.absenceRun > frictionDays) return 0.f;
  return lostToday;
}

// Health economics of one day: QALYs (utility / 365.25 a day, also discounted) and lost
// output (discounted) under the human-capital and friction methods. Care costs are
// discounted where they arise (stepDay).
inline void accountDay(PersonState& s, float lostToday, const DayContext& c) {
  s.productivityLostDiscounted += c.costDiscount * lostToday;
  s.frictionLostDiscounted += c.costDiscount * frictionLoss(s, lostToday, c.frictionDays);
  const float qaly = linearUtility(c.utility, s.disability, s.pain) / 365.25f;
  s.qalys += qaly;
  s.qalysDiscounted += c.effectDiscount * qaly;
}

// ------------------------------------------------------------- outcome tracking
// Recovery = the first day of the first run of `recoveryDays` consecutive days at 0.
inline void trackRecovery(std::int32_t& zeroRun, std::int32_t& dayRecovered, float score, int day,
                          int recoveryDays) {
  zeroRun = score == 0.f ? zeroRun + 1 : 0;
  if (dayRecovered < 0 && zeroRun >= recoveryDays) dayRecovered = day - recoveryDays + 1;
}

/// Pain-free days before pain returns that make it a recurrence.
inline constexpr int kRecurrenceFreeDays = 7;
/// Reported pain that counts as a recurrence after a pain-free spell.
inline constexpr float kRecurrenceNrs = 2.f;

/// Measurement and outcome bookkeeping of one day (shared by day 0 and stepDay).
inline void observeDay(const Params& p, PersonState& s, const DayDraws& d, const DayContext& c) {
  const std::int32_t zeroRunYesterday = s.painZeroRun;
  s.painNrs = reportPainNrs(p, s.pain, d.nrsNoise);
  s.rmdqScore = reportRmdq(p, s.disability, d.rmdqNoise);
  trackRecovery(s.painZeroRun, s.dayRecoveredPain, s.painNrs, c.day, c.recoveryDays);
  trackRecovery(s.rmdqZeroRun, s.dayRecoveredDisability, s.rmdqScore, c.day, c.recoveryDays);
  if (s.dayFirstRecurrence < 0 && zeroRunYesterday >= kRecurrenceFreeDays &&
      s.painNrs >= kRecurrenceNrs)
    s.dayFirstRecurrence = c.day;
  if (s.dayReturnedWork == -1 && s.workStatus == std::int32_t(WorkStatus::kWorking))
    s.dayReturnedWork = c.day;
  s.daysInPain += s.painNrs >= 1.f ? 1 : 0;
  s.daysOffWork += offWork(s) ? 1 : 0;
  const float lost = productivityLoss(p, s);
  s.productivityLost += lost;
  s.painNrsSum += s.painNrs;
  accountDay(s, lost, c);
}

/// Starts the outcome trackers at entry (day 0): recovery, recurrence and return to work
/// are counted from consultation. Someone off work or on modified duties at entry is
/// waiting to return to full duties (dayReturnedWork = -1); otherwise it does not apply (-2).
inline void resetOutcomes(PersonState& s) {
  s.painZeroRun = s.rmdqZeroRun = 0;
  s.dayRecoveredPain = s.dayRecoveredDisability = s.dayFirstRecurrence = -1;
  const bool away = offWork(s) || s.workStatus == std::int32_t(WorkStatus::kModifiedDuties);
  s.dayReturnedWork = away ? -1 : -2;
  s.daysInPain = s.daysOffWork = s.flares = 0;
  s.productivityLost = 0.f;
  s.painNrsSum = 0.f;
  s.careCost = s.careCostDiscounted = 0.f;
  s.sessionsAttended = 0;
  s.productivityLostDiscounted = s.frictionLostDiscounted = 0.f;
  s.qalys = s.qalysDiscounted = 0.f;
}

// ---------------------------------------------------------------------- care
/// Days since onset for someone who has not had an episode (general population).
inline constexpr std::int32_t kNoEpisodeDays = 1'000'000;

// An attended session closes a fraction e of the gap to the healthy end of a trait:
//   C0 <- C0 (1 - e_C),  E0 <- E0 + e_E (1 - E0),  S0 <- S0 (1 - e_S),
//   Acc0 <- Acc0 + e_Acc (1 - Acc0),  Q0 <- Q0 + e_Q (1 - Q0).
//   e <- e + e_tie (1 - e)   (tie engagement: a social programme re-engages one's ties)
// Costs and sessions are counted; modified duties, once offered, stay offered.
inline void applySessions(PersonState& s, const CareToday& care) {
  s.tieEngagement += care.tieEngagement * (1.f - s.tieEngagement);
  s.catTrait *= 1.f - care.catastrophizing;
  s.efficacyTrait += care.selfEfficacy * (1.f - s.efficacyTrait);
  s.stressTrait *= 1.f - care.stress;
  s.acceptanceTrait += care.acceptance * (1.f - s.acceptanceTrait);
  s.sleepTrait += care.sleep * (1.f - s.sleepTrait);
  if (employed(s)) s.accommodation = std::max(s.accommodation, care.modifiedDuties);
  s.careCost += care.cost;
  s.sessionsAttended += std::int32_t(care.sessions);
}

// ------------------------------------------------------------------- the recipe
/// One day of one person. Reads yesterday's state `s`, returns today's.
inline PersonState stepDay(const Params& p, PersonState s, const DayDraws& d, const CareToday& care,
                           const DayContext& c) {
  // 1. An attended care session moves traits toward their healthy end (a fraction of
  //    the gap: diminishing returns); a work programme may bring modified duties.
  applySessions(s, care);
  s.careCostDiscounted += c.costDiscount * care.cost;
  // 2. Last night's sleep, from yesterday evening's stress, worry and pain.
  s.sleep = sleepQuality(p, s.sleepTrait, s.stress, s.anxiety, s.pain, d.sleepNoise);
  s.sleepMonth = nextSleepMonth(s.sleepMonth, s.sleep);
  // 3. Life events, money worries and stress (job strain, absence, yesterday's pain).
  const bool lifeEvent = d.lifeEventU < p.lifeEventRate;
  s.lifeEvents = nextLifeEvents(p, s.lifeEvents, lifeEvent, d.lifeEventSizeU);
  s.moneyWorries =
      relax(s.moneyWorries, moneyTarget(p, s.moneyTrait, lostIncome(s), s.absenceRun), p.moneyRate);
  s.stress = relax(s.stress,
                   stressTarget(p, s.stressTrait, s.jobStrain, atWork(s), s.moneyWorries,
                                s.lifeEvents, s.pain, lostIncome(s), s.supportAutonomy),
                   p.stressRate);
  // 4. Tissue heals; a flare or re-injury may add nociception (hazard from yesterday's
  //    activity and capacity: boom-bust and disuse); in the general population a new
  //    episode may start.
  const bool flared = d.flareU < flareHazard(p, s.activity, s.capacity);
  Nociception n = nextNociception(p, {s.nociception, s.nociceptionSlow}, s.healDecay,
                                  s.slowHealDecay, flared, d.flareSizeU);
  s.daysSinceOnset = std::min(s.daysSinceOnset, kNoEpisodeDays - 1) + 1;
  if (d.onsetU < c.onsetHazard) {
    n = addNociception(p, n, injurySize(p, d.onsetSeverity));
    s.daysSinceOnset = 0;
  }
  s.nociception = n.total;
  s.nociceptionSlow = n.slow;
  s.flares += flared ? 1 : 0;
  // 5. Today's pain: nociception amplified by sensitization, catastrophizing, stress,
  //    last night's sleep and mood; damped a little by analgesia.
  s.pain = painFromDrive(painDrive(
      p, s.nociception, {s.sensitization, s.catastrophizing, s.stress, s.sleep, s.depression},
      care.analgesia, d.painNoise));
  // 6. Sustained pain, stress and poor sleep sensitize; sensitization fades slowly.
  s.sensitization = nextSensitization(p, s.sensitization, s.pain, s.stress, s.sleep);
  // 7. Pain, lost self-efficacy and a poor night feed catastrophizing.
  s.catastrophizing =
      relax(s.catastrophizing,
            catastrophizingTarget(p, s.catTrait, s.pain, s.efficacy, s.efficacyTrait, s.sleep),
            p.catRate);
  // 8. Today's activity (avoidance = the shortfall).
  s.activity = clamp01(relax(
      s.activity,
      activityTarget(
          p, {s.pain, s.fear, s.efficacy, s.acceptance, s.depression, s.supportSolicitous}, care),
      p.activityRate));
  // 9. Fear is learned from what today's movement felt like, and only through movement.
  //    A guided exposure session does the feared movements in full and disconfirms
  //    a share of the expected harm.
  s.fear = nextFear(p, s.fear, care.exposure > 0.f ? 1.f : s.activity,
                    threatAppraisal(p, s.pain, s.catastrophizing) * (1.f - care.exposure));
  // 10. Capacity follows activity over weeks.
  s.capacity = nextCapacity(p, s.capacity, s.activity);
  // 11. Mastery and encouragement build self-efficacy.
  s.efficacy = nextEfficacy(p, s.efficacy, s.efficacyTrait, s.activity, s.pain, s.supportAutonomy);
  // 12. Disability from pain (moderated by self-efficacy), avoidance, deconditioning, mood.
  s.disability = disabilityLevel(p, s.pain, s.efficacy, s.activity, s.capacity, s.depression);
  // 13. Mood and worry.
  s.depression = relax(s.depression,
                       depressionTarget(p, s.moodTrait, s.pain, s.acceptance, s.disability,
                                        s.supportAutonomy, s.stress),
                       p.depRate);
  s.anxiety =
      relax(s.anxiety, anxietyTarget(p, s.anxietyTrait, s.stress, s.catastrophizing), p.anxRate);
  // 14. Support: withdrawal weakens ties over weeks; pain invites others to take over.
  s.supportAutonomy = relax(s.supportAutonomy,
                            autonomySupportTarget(p, s.supportAvailable, s.activity, s.depression),
                            1.f / p.supportDays);
  s.tieEngagement = nextTieEngagement(p, s.tieEngagement, s.activity, s.depression);
  s.supportSolicitous =
      relax(s.supportSolicitous, solicitousSupportTarget(s.solicitousAvailable, s.pain),
            p.solicitousRate);
  // 15. Acceptance returns slowly to its trait (care may raise it).
  s.acceptance = relax(s.acceptance, s.acceptanceTrait, 1.f / p.acceptanceDays);
  // 16. Work: sick leave, return to modified or full duties.
  updateWork(p, s, d.workU, care.workReturnGain);
  // 17. What the person reports, and outcome bookkeeping.
  observeDay(p, s, d, c);
  return s;
}

}  // namespace painsim::models
