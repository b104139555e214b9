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
#include "models/Simd.hpp"
#include "models/State.hpp"

namespace painsim::models {

/// Random inputs of one person-day (or of simd::kLanes people: F = simd::floats).
/// Normals are standard; uniforms in (0, 1].
template <simd::Real F>
struct BasicDayDraws {
  F painNoise{};                           ///< day-to-day pain variation
  F nrsNoise{};                            ///< measurement noise of reported pain
  F rmdqNoise{};                           ///< measurement noise of RMDQ
  F sleepNoise{};                          ///< night-to-night variation of sleep
  F onsetSeverity{};                       ///< size of a new episode (general population)
  F flareU = simd::splat<F>(1.f);          ///< flare occurs when flareU < hazard
  F flareSizeU = simd::splat<F>(1.f);      ///< flare size by inversion of the exponential
  F lifeEventU = simd::splat<F>(1.f);      ///< a stressful life event occurs when < its rate
  F lifeEventSizeU = simd::splat<F>(1.f);  ///< its size by inversion of the exponential
  F workU = simd::splat<F>(1.f);           ///< work transition occurs when < its hazard
  F onsetU = simd::splat<F>(1.f);          ///< new episode (general population) when < incidence
};
using DayDraws = BasicDayDraws<float>;

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
        entryBandU = 1.f, entryDayU = 1.f,  ///< episode duration at entry (cohorts)
      consultU = 0.f;                       ///< whether a candidate consults (care-seeking)
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

// Every function below is a template over the number type F (models/Simd.hpp): float
// for one person, simd::floats for eight side by side; I = simd::IntOf<F> and
// M = simd::MaskOf<F> are the matching integer and comparison types. A condition
// computes both sides and picks with simd::select, so one recipe serves both.
using simd::IntOf;
using simd::MaskOf;
using simd::Real;

template <Real F>
inline F clamp01(F x) {
  return simd::clamp(x, 0.f, 1.f);
}
template <Real F>
inline F sigmoid(F x) {
  return 1.f / (1.f + simd::exp(-x));
}
/// Exponential variate of mean `mean` by inversion of u in (0, 1].
template <Real F>
inline F exponential(float mean, F u) {
  return -mean * simd::log(u);
}
/// One step of first-order relaxation toward a target at rate r per day.
template <Real F>
inline F relax(F x, std::type_identity_t<F> target, float rate) {
  return x + rate * (target - x);
}
/// Absent from one's job because of back pain: sick leave or long-term work disability.
template <simd::Integer I>
inline auto offWork(I status) {
  using M = decltype(status == 0);
  return M((status == std::int32_t(WorkStatus::kSickLeave)) |
           (status == std::int32_t(WorkStatus::kLongTermDisability)));
}
template <class F, class I>
inline auto offWork(const BasicState<F, I>& s) {
  return offWork(s.workStatus);
}
/// Has a job (at work or absent from it).
template <simd::Integer I>
inline auto employed(I status) {
  using M = decltype(status == 0);
  return M((status != std::int32_t(WorkStatus::kNotInPaidWork)) &
           (status != std::int32_t(WorkStatus::kJobLost)));
}
template <class F, class I>
inline auto employed(const BasicState<F, I>& s) {
  return employed(s.workStatus);
}
/// At work today: full, modified or graded duties.
template <simd::Integer I>
inline auto atWork(I status) {
  using M = decltype(status == 0);
  return M((status == std::int32_t(WorkStatus::kWorking)) |
           (status == std::int32_t(WorkStatus::kModifiedDuties)));
}
template <class F, class I>
inline auto atWork(const BasicState<F, I>& s) {
  return atWork(s.workStatus);
}
/// Lost income: absent beyond sick pay, or out of the job one had.
template <class F, class I>
inline auto lostIncome(const BasicState<F, I>& s) {
  using M = decltype(s.workStatus == 0);
  return M(offWork(s) | (s.workStatus == std::int32_t(WorkStatus::kJobLost)));
}

// ---------------------------------------------------------------- nociception
// Flare hazard per day:  h = r0 * (1 + g_over * max(0, A - K)) * (1 + g_dec * (1 - K)) * G,
// G = exp(-g_guard * P * w(t)), w = 1 while the episode is t < guard_days days old and
// w = exp(-(t - guard_days) / fade) after (fade = guard_fade_days; 0 = w drops to 0, a step).
// Doing more than one's capacity (boom) and deconditioning (disuse) both raise it; early in
// an episode pain makes one move protectively, which spares the healing tissue flare-ups
// (yesterday's pain P and the days since onset); the protection then wanes. With g_guard = 0
// G is not computed: the hazard is bit for bit the one before guarding was added, and with
// fade = 0 bit for bit the step window.
template <Real F, class I>
inline F flareHazard(const Params& p, F activity, F capacity, F pain, I daysSinceOnset) {
  const F h = p.flareRate * (1.f + p.flareOverloadGain * simd::max(activity - capacity, 0.f)) *
              (1.f + p.flareDeconditionGain * (1.f - capacity));
  if (!(p.flareGuard > 0.f)) return h;
  const F days = simd::toFloat(daysSinceOnset);
  if (!(p.flareGuardFadeDays > 0.f))
    return simd::select(days < p.flareGuardDays, h * simd::exp(-p.flareGuard * pain), h);
  const F past = simd::max(days - p.flareGuardDays, 0.f);
  return h * simd::exp(-p.flareGuard * pain * simd::exp(-past / p.flareGuardFadeDays));
}

// Healing in two phases. Nociception N = F + S + R: a fast (inflammatory) part F, a
// slow (remodelling) part S and the part R left by flare-ups. Any input splits by
// phi = nociception.slow_share: an injury's input I as S += phi I, F += (1 - phi) I; a
// flare's input J ~ Exponential(mean = flare.size_mean) as S += phi J, R += (1 - phi) J.
// Each part decays with its own time constant:
//   F_t = F_{t-1} exp(-1/tau_fast) + (1-phi) I_t,   S_t = S_{t-1} exp(-1/tau_slow) + phi (I_t +
//   J_t), R_t = R_{t-1} exp(-1/(rho tau_fast)) + (1-phi) J_t.
// A flare-up is irritation without new tissue damage, and settles faster than the injury
// did when rho = flare.heal_ratio < 1 (Suri et al. 2018: most flares last hours to a
// day); with rho = 1 R decays exactly like F.
template <Real F>
struct BasicNociception {
  F total{};  ///< N = F + S + R
  F slow{};   ///< S
  F flare{};  ///< R
};
using Nociception = BasicNociception<float>;

/// Adds input split by phi into the slow part and the rest: the flare part R when
/// `toFlarePart`, else the fast part F (which is total - slow - flare).
template <Real F>
inline BasicNociception<F> addNociception(const Params& p, BasicNociception<F> n, F input,
                                          bool toFlarePart = false) {
  const F slowInput = p.slowShare * input;
  return {n.total + input, n.slow + slowInput,
          toFlarePart ? n.flare + (input - slowInput) : n.flare};
}

/// Daily decay factors of the three parts of nociception (one person's traits).
template <Real F>
struct BasicHealing {
  F fast{}, slow{}, flare{};
};

template <Real F>
inline BasicNociception<F> nextNociception(const Params& p, BasicNociception<F> n,
                                           const BasicHealing<F>& decay, MaskOf<F> flared,
                                           F sizeU) {
  // The parts never exceed the whole (guards states set from outside the recipe).
  const F slowBefore = simd::min(n.slow, n.total);
  const F flareBefore = simd::min(n.flare, n.total - slowBefore);
  const F slow = slowBefore * decay.slow;
  const F settled = flareBefore * decay.flare;
  const BasicNociception<F> healed{
      (n.total - slowBefore - flareBefore) * decay.fast + slow + settled, slow, settled};
  // With rho = 1 R would decay exactly like F, so the flare's input joins F instead (R
  // stays 0): the same model, and results bitwise those from before R was separated.
  const BasicNociception<F> flare =
      addNociception(p, healed, exponential(p.flareSizeMean, sizeU), p.flareHealRatio != 1.f);
  return {simd::select(flared, flare.total, healed.total),
          simd::select(flared, flare.slow, healed.slow),
          simd::select(flared, flare.flare, healed.flare)};
}

// Nociceptive input of a new injury: log-normal with mean injury.severity_mean and
// sd injury.severity_sd, from a standard normal z.
template <Real F>
inline F injurySize(const Params& p, F z) {
  const float m = p.injurySeverityMean;
  const float sigma = std::sqrt(std::log1p(p.injurySeveritySd * p.injurySeveritySd / (m * m)));
  return m * simd::exp(sigma * z - 0.5f * sigma * sigma);
}

// ------------------------------------------------------------- stress and life
// Life events arrive as a Poisson process (rate lambda per day) with exponential sizes;
// their load decays:  L_t = L * exp(-1/tau_L) + event * size.
template <Real F>
inline F nextLifeEvents(const Params& p, F load, MaskOf<F> event, F sizeU) {
  return load * simd::exp(-1.f / p.lifeEventDays) +
         simd::select(event, exponential(p.lifeEventSizeMean, sizeU), simd::splat<F>(0.f));
}

// Money worries follow income lost to sick leave, growing over the first weeks:
//   W* = clamp(W0 + w_inc * off * min(1, absence / tau_inc));  W_t = relax(W, W*, r_W)
template <Real F>
inline F moneyTarget(const Params& p, F moneyTrait, MaskOf<F> onSickLeave, IntOf<F> absenceRun) {
  const F lost =
      simd::select(onSickLeave, simd::min(simd::toFloat(absenceRun) / p.moneyIncomeDays, 1.f),
                   simd::splat<F>(0.f));
  return clamp01(moneyTrait + p.moneyIncomeWeight * lost);
}

// Perceived stress relaxes toward
//   S* = clamp(S0 + w_J J at work + w_W W + w_L (1 - e^{-L}) + w_P P + w_off off - w_sup U_a)
// Job strain J counts only while at work; the support buffer w_sup is kept weak (MODEL.md 3).
template <Real F>
inline F stressTarget(const Params& p, F trait, F jobStrain, MaskOf<F> atWork, F money, F lifeLoad,
                      F pain, MaskOf<F> onSickLeave, F supportAutonomy) {
  return clamp01(trait + p.stressJobWeight * simd::select(atWork, jobStrain, simd::splat<F>(0.f)) +
                 p.stressMoneyWeight * money + p.stressLifeWeight * (1.f - simd::exp(-lifeLoad)) +
                 p.stressPainWeight * pain +
                 p.stressAbsenceWeight * simd::indicator<F>(onSickLeave) -
                 p.stressSupportWeight * supportAutonomy);
}

// ----------------------------------------------------------------------- sleep
// Last night's sleep, set by the evening before: pre-sleep stress and worry drive
// poor sleep more than pain does (Tang 2012):
//   Q_t = clamp(Q0 - w_S S - w_X X - w_P P + sigma_Q eps)    (values of day t-1)
template <Real F>
inline F sleepQuality(const Params& p, F trait, F stress, F anxiety, F pain, F noise) {
  return clamp01(trait - p.sleepStressWeight * stress - p.sleepAnxietyWeight * anxiety -
                 p.sleepPainWeight * pain + p.sleepNoiseSd * noise);
}

// PSQI reports about a month of sleep: an exponential moving average, tau 30 days.
template <Real F>
inline F nextSleepMonth(F month, F lastNight) {
  return relax(month, lastNight, 1.f / 30.f);
}

// ------------------------------------------------------------------------ pain
// Drive:  u = (max(N - theta (1 - Z), 0) + c_S * Z) * (1 + g_Z Z + g_C C + g_S S + g_Q (1 - Q)
//             + g_D D) * (1 - analgesia) * exp(sigma * eps - sigma^2 / 2)
// Nociception below the threshold theta is not felt; sensitization Z lowers the threshold
// (allodynia), so a sensitized person feels the last of a healing injury that others no
// longer notice. Nociception is amplified by sensitization, catastrophizing C
// (hypervigilance), stress S, last night's poor sleep 1 - Q and depression D; sensitization
// alone produces pain once tissue has healed.
template <Real F>
struct BasicPainAmplifiers {
  F sensitization{}, catastrophizing{}, stress{}, sleep = simd::splat<F>(1.f), depression{};
};
using PainAmplifiers = BasicPainAmplifiers<float>;
template <Real F>
inline F painDrive(const Params& p, F nociception, const BasicPainAmplifiers<F>& a,
                   std::type_identity_t<F> analgesia, std::type_identity_t<F> noise) {
  const F felt = simd::max(nociception - p.painNociThreshold * (1.f - a.sensitization), 0.f);
  const F input = felt + p.painCentralGain * a.sensitization;
  const F gain = 1.f + p.painSensGain * a.sensitization + p.painCatGain * a.catastrophizing +
                 p.painStressGain * a.stress + p.painSleepGain * (1.f - a.sleep) +
                 p.painDepressionGain * a.depression;
  const F dayToDay = simd::exp(p.painNoiseSd * noise - 0.5f * p.painNoiseSd * p.painNoiseSd);
  return input * gain * (1.f - analgesia) * dayToDay;
}

// Pain saturates:  P = 1 - exp(-u)   (0 <= P < 1, NRS = 10 P before measurement)
template <Real F>
inline F painFromDrive(F drive) {
  return 1.f - simd::exp(-drive);
}

// ---------------------------------------------------------------- sensitization
// Sigmoid target:  Z* = sigmoid(k * (P + w_S S + w_Q (1 - Q) - h));  Z_t = Z + (Z* - Z) / tau,
// tau = rise_days when Z* > Z, decay_days / (1 + g_A A) otherwise (rises in weeks, fades
// in months), A = yesterday's activity: keeping active speeds the fading (endogenous pain
// inhibition), avoidance keeps one sensitized. Sustained pain, stress and poor sleep
// sensitize; with pain.central_gain the loop is bistable: enough sustained pain keeps
// itself going. The midpoint h is one's own (trait sensThreshold): a pronociceptive
// person sensitizes under a load that leaves others unchanged.
template <Real F>
inline F nextSensitization(const Params& p, F threshold, F sensitization, F pain, F stress, F sleep,
                           F activity) {
  const F load = pain + p.sensStressWeight * stress + p.sensSleepWeight * (1.f - sleep);
  const F target = sigmoid(p.sensSteepness * (load - threshold));
  const F tau = simd::select(target > sensitization, simd::splat<F>(p.sensRiseDays),
                             p.sensDecayDays / (1.f + p.sensActivityFadeGain * activity));
  return clamp01(sensitization + (target - sensitization) / tau);
}

// ------------------------------------------------------------ catastrophizing
// Target:  C* = clamp(Ct + w_P (1 - Ct) P + w_E (Et - E) + w_Q (1 - Q));  C_t = relax(C, C*, r_C)
// Pain raises catastrophizing above its trait; losing self-efficacy raises it, mastery
// lowers it; a poor night raises it next morning (Gerhart 2017).
template <Real F>
inline F catastrophizingTarget(const Params& p, F trait, F pain, F efficacy, F efficacyTrait,
                               F sleep) {
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
template <Real F>
struct BasicActivityInputs {
  F pain{}, fear{}, efficacy = simd::splat<F>(1.f), acceptance{}, depression{}, solicitous{};
};
using ActivityInputs = BasicActivityInputs<float>;
template <Real F>
inline F activityTarget(const Params& p, const BasicActivityInputs<F>& in,
                        const BasicCareToday<F>& care) {
  const F own = simd::clamp(
      (1.f - p.activityPainWeight * in.pain) *
          (1.f - p.activityFearWeight * in.fear * (1.f - p.acceptanceFearBuffer * in.acceptance)) *
          (1.f - p.activityEfficacyWeight * (1.f - in.efficacy) * in.pain) *
          (1.f - p.activityDepressionWeight * in.depression) *
          (1.f - p.activitySolicitousWeight * in.solicitous),
      p.activityMin, 1.f);
  const F adherence = care.quotaAdherence * (1.f - p.adherenceDepressionWeight * in.depression);
  return own + adherence * (simd::max(own, care.quota) - own);
}
inline float activityTarget(const Params& p, const ActivityInputs& in, const CareToday& care) {
  return activityTarget<float>(p, in, care);
}

// ------------------------------------------------------------ fear of movement
// Threat read from today's pain:  T = clamp(P * (theta_0 + theta_C * C))
// Rescorla-Wagner learning, only through movement:
//   acquisition (T > F):  F_t = F + alpha_acq * A * (T - F)        any painful movement can teach
//   fear extinction  (T < F):  F_t = F + alpha_ext * A (1 - F) * (T - F)
// Extinction needs exposure to the feared movements themselves; someone who fears
// movement avoids exactly those, so only the share A (1 - F) of activity disconfirms
// the threat. Avoidance (low A, high F) preserves fear: the fear-avoidance trap.
template <Real F>
inline F threatAppraisal(const Params& p, F pain, F catastrophizing) {
  return clamp01(pain * (p.fearThreatBase + p.fearThreatCat * catastrophizing));
}

template <Real F>
inline F exposure(F activity, F fear) {
  return activity * (1.f - fear);
}

template <Real F>
inline F nextFear(const Params& p, F fear, F activity, F threat) {
  const F step = simd::select(threat > fear, p.fearAcquisitionRate * activity,
                              p.fearExtinctionRate * exposure(activity, fear));
  return clamp01(fear + step * (threat - fear));
}

// Work-related fear (FABQ work): fear of movement, heightened by demanding work while in pain.
//   F_w = clamp(F + w_J J P)
template <Real F>
inline F workFear(const Params& p, F fear, F jobStrain, F pain) {
  return clamp01(fear + p.fabqWorkStrainWeight * jobStrain * pain);
}

// -------------------------------------------------------------------- capacity
// Capacity follows activity over weeks:  K_t = K + (A - K) / tau_K   (disuse, reconditioning)
template <Real F>
inline F nextCapacity(const Params& p, F capacity, F activity) {
  return clamp01(capacity + (activity - capacity) / p.capacityDays);
}

// --------------------------------------------------------------- self-efficacy
// Mastery is activity done without a setback, M = A (1 - B). The setback is a share
// omega of today's pain whatever one expected, plus the rest of it only as far as pain
// exceeds the pain one expects (a spike above X, yesterday's running average):
//   B = omega P + (1 - omega) max(0, P - X)      (omega = 1: mastery is activity without pain)
// Autonomy-promoting support encourages:
//   E_t = E + eta_M (M - E) + eta_T (Et - E) + eta_U (U_a - 1/2) (1 - E)
template <Real F>
inline F masterySetback(const Params& p, F pain, F painExpected) {
  return p.efficacyPainShare * pain +
         (1.f - p.efficacyPainShare) * simd::max(pain - painExpected, simd::splat<F>(0.f));
}

template <Real F>
inline F nextEfficacy(const Params& p, F efficacy, F trait, F activity, F pain, F painExpected,
                      F supportAutonomy) {
  const F mastery = activity * (1.f - masterySetback(p, pain, painExpected));
  return clamp01(efficacy + p.efficacyMasteryRate * (mastery - efficacy) +
                 p.efficacyTraitRate * (trait - efficacy) +
                 p.efficacySupportRate * (supportAutonomy - 0.5f) * (1.f - efficacy));
}

// The pain one expects follows one's pain over expectation_days:  X_t = X + (P - X) / tau_X
template <Real F>
inline F nextPainExpected(const Params& p, F painExpected, F pain) {
  return painExpected + (pain - painExpected) / p.efficacyExpectationDays;
}

// ------------------------------------------------------------------- mood
// Depression relaxes slowly (weeks) toward
//   D* = clamp(D0 + w_P P (1 - a_D Acc) + w_dis Dis (1 - a_B Acc) + w_iso (1 - U_a)
//              + w_S S (1 - a_B Acc))
// Pain, disability, isolation and stress lower mood. Acceptance (psychological
// flexibility) weakens what pain (a_D) and what disability and stress (a_B) do to mood;
// isolation is a loss of support, not a burden one relates to, and is not buffered.
template <Real F>
inline F depressionTarget(const Params& p, F trait, F pain, F acceptance, F disability,
                          F supportAutonomy, F stress) {
  const F burdenKept = 1.f - p.acceptanceBurdenBuffer * acceptance;
  return clamp01(trait + p.depPainWeight * pain * (1.f - p.acceptanceDistressBuffer * acceptance) +
                 p.depDisabilityWeight * disability * burdenKept +
                 p.depIsolationWeight * (1.f - supportAutonomy) +
                 p.depStressWeight * stress * burdenKept);
}

// Anxiety (worry) relaxes toward  X* = clamp(X0 + w_S S + w_C C)
template <Real F>
inline F anxietyTarget(const Params& p, F trait, F stress, F catastrophizing) {
  return clamp01(trait + p.anxStressWeight * stress + p.anxCatWeight * catastrophizing);
}

// ------------------------------------------------------------- social support
// Autonomy-promoting support: what one's ties give, weakened over weeks by withdrawal
// (low activity, depression):  U_a* = clamp(U0 (1 - w_A (1 - A) - w_D D))
// Solicitous support: ties take over tasks when pain is high:  U_s* = sol * P
template <Real F>
inline F autonomySupportTarget(const Params& p, F network, F activity, F depression) {
  return clamp01(network * (1.f - p.supportWithdrawalWeight * (1.f - activity) -
                            p.supportDepressionWeight * depression));
}
// In a social network (sim/Network.hpp) each person gives according to how they are
// doing: withdrawn (low activity), depressed or in pain, they give less:
//   g_j = U_j (1 - w_wd (1 - A_j) - w_dep D_j - w_gp P_j), clamped to [0, 1],
// and what person i can count on is the sum over ties, scaled by network.support_norm:
//   U_avail,i = clamp(sum_j w_ij g_j / norm).
template <Real F>
inline F givingCapacity(const Params& p, F networkSupport, F activity, F depression, F pain) {
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
template <Real F>
inline F nextTieEngagement(const Params& p, F engagement, F activity, F depression) {
  const F target = clamp01(1.f - p.supportWithdrawalWeight * (1.f - activity) -
                           p.supportDepressionWeight * depression);
  return relax(engagement, target, 1.f / p.tieEngagementDays);
}
template <Real F>
inline F solicitousSupportTarget(F solicitousness, F pain) {
  return clamp01(solicitousness * pain);
}

// ------------------------------------------------------------------ disability
// Dis = clamp([P (w_P + w_E (1 - E)) + w_A (1 - A) + w_K (1 - K) + w_D D] * a (1 - c + c a)),
// a = min(1, P / P_a).
// Self-efficacy moderates how much pain disables (the strongest mediator, Lee 2015);
// avoidance (activity given up), deconditioning and low mood add to it. The RMDQ counts
// limits "because of my back": below the attribution level P_a only a share of the
// limitation is put down to back pain, and none once pain has gone: the share a at
// curvature c = 0, a^2 at c = 1 (limits stop being put down to the back sooner as pain
// eases). At c = 0 the factor is a exactly.
template <Real F>
inline F disabilityLevel(const Params& p, F pain, F efficacy, F activity, F capacity, F depression,
                         F acceptance) {
  const F share = simd::min(pain / p.disPainAttribution, 1.f);
  const F attributed =
      share * (1.f - p.disAttributionCurvature + p.disAttributionCurvature * share);
  return clamp01((pain * (p.disPainWeight + p.disEfficacyWeight * (1.f - efficacy)) *
                      (1.f - p.acceptanceDisabilityBuffer * acceptance) +
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
template <Real F>
inline F sickLeaveHazard(const Params& p, F disability) {
  return p.workOffRate * sigmoid(p.workOffSteepness * (disability - p.workOffThreshold));
}
inline constexpr int kEarlyContactDays = 28;  ///< early contact acts in the first four weeks off
inline constexpr int kJobLossAfterDays = 28;  ///< the job is secure for the first four weeks off

/// What an employer does for an absent worker (0 or 1 each; models::PersonState columns).
template <Real F>
struct BasicEmployerSupport {
  F accommodation{}, earlyContact{}, gradedReturn{};
};
using EmployerSupport = BasicEmployerSupport<float>;
template <Real F>
inline F returnToWorkHazard(const Params& p, F pain, F fearAtWork, F disability,
                            IntOf<F> absenceDays, const BasicEmployerSupport<F>& e,
                            MaskOf<F> longTerm = {}) {
  const F early =
      simd::select(absenceDays <= kEarlyContactDays, e.earlyContact, simd::splat<F>(0.f));
  return p.workReturnRate * (1.f + p.workAccommodationGain * e.accommodation) *
         (1.f + p.earlyContactGain * early) * (1.f + p.gradedReturnGain * e.gradedReturn) *
         simd::select(longTerm, simd::splat<F>(p.longTermReturnFactor), simd::splat<F>(1.f)) *
         simd::exp(-p.workReturnPainWeight * pain - p.workReturnFearWeight * fearAtWork -
                   p.workReturnDisabilityWeight * disability -
                   p.workReturnDurationWeight * simd::log1p(simd::toFloat(absenceDays) / 7.f));
}
template <Real F>
inline F fullDutiesHazard(const Params& p, F disability) {
  return p.workFullDutiesRate * (1.f - disability);
}
template <Real F>
inline F jobLossHazard(const Params& p, IntOf<F> absenceDays, F accommodation) {
  return simd::select(absenceDays > kJobLossAfterDays,
                      p.jobLossRate * (1.f - p.jobLossAccommodationProtection * accommodation),
                      simd::splat<F>(0.f));
}
template <Real F>
inline F reemploymentHazard(const Params& p, F pain, F disability) {
  return p.reemploymentRate *
         simd::exp(-p.workReturnPainWeight * pain - p.workReturnDisabilityWeight * disability);
}

// Productivity lost today, in working days: 1 absent or out of the job one had,
// the reduced-duties loss on modified duties, presenteeism w_pres P at full duties.
template <class F, class I>
inline F productivityLoss(const Params& p, const BasicState<F, I>& s) {
  const I w = s.workStatus;
  F lost = simd::select(w == std::int32_t(WorkStatus::kWorking), p.presenteeismWeight * s.pain,
                        simd::splat<F>(0.f));
  lost = simd::select(w == std::int32_t(WorkStatus::kModifiedDuties),
                      simd::splat<F>(p.modifiedProductivityLoss), lost);
  return simd::select(offWork(w) | (w == std::int32_t(WorkStatus::kJobLost)), simd::splat<F>(1.f),
                      lost);
}

/// Today's work transition from yesterday's status, driven by today's state. Every
/// hazard is computed and the status picked by masks (one code path for 1 or 8 people).
template <class F, class I>
inline void updateWork(const Params& p, BasicState<F, I>& s, std::type_identity_t<F> u,
                       std::type_identity_t<F> returnGain = {}) {
  using simd::select;
  using simd::splat;
  const I w = s.workStatus;
  const BasicEmployerSupport<F> employer{s.accommodation, s.earlyContact, s.gradedReturn};
  const auto longTerm = w == std::int32_t(WorkStatus::kLongTermDisability);
  const auto absent = offWork(w);
  // Working: sick leave starts.
  I next =
      select((w == std::int32_t(WorkStatus::kWorking)) & (u < sickLeaveHazard(p, s.disability)),
             splat<I>(std::int32_t(WorkStatus::kSickLeave)), w);
  // Absent: back (to modified duties where offered), the job lost, or long-term disability.
  const F back =
      (1.f + returnGain) * returnToWorkHazard(p, s.pain, workFear(p, s.fear, s.jobStrain, s.pain),
                                              s.disability, s.absenceRun, employer, longTerm);
  const I returnTo = select((s.accommodation > 0.5f) | (s.gradedReturn > 0.5f),
                            splat<I>(std::int32_t(WorkStatus::kModifiedDuties)),
                            splat<I>(std::int32_t(WorkStatus::kWorking)));
  const I absentNext = select(
      u < back, returnTo,
      select(u < back + jobLossHazard(p, s.absenceRun, s.accommodation),
             splat<I>(std::int32_t(WorkStatus::kJobLost)),
             select(simd::negate(longTerm) & (simd::toFloat(s.absenceRun + 1) > p.longTermDays),
                    splat<I>(std::int32_t(WorkStatus::kLongTermDisability)), w)));
  next = select(absent, absentNext, next);
  // Modified duties become full duties; after a job loss, work may be found again.
  next = select(
      (w == std::int32_t(WorkStatus::kModifiedDuties)) & (u < fullDutiesHazard(p, s.disability)),
      splat<I>(std::int32_t(WorkStatus::kWorking)), next);
  next = select(
      (w == std::int32_t(WorkStatus::kJobLost)) & (u < reemploymentHazard(p, s.pain, s.disability)),
      splat<I>(std::int32_t(WorkStatus::kWorking)), next);
  s.workStatus = next;
  s.absenceRun = select(offWork(next), s.absenceRun + 1, splat<I>(0));
}

// ----------------------------------------------------------------- measurement
// Reported scores: relative (log-normal) noise for NRS and RMDQ, so zero is
// reported as zero; additive noise for the questionnaires; rounded to integers.
template <Real F>
inline F reportRelative(F latent, float maxScore, float sd, std::type_identity_t<F> noise) {
  return simd::round(
      simd::min(maxScore * latent * simd::exp(sd * noise - 0.5f * sd * sd), maxScore));
}
template <Real F>
inline F reportAdditive(F latent, float minScore, float maxScore, float sd,
                        std::type_identity_t<F> noise) {
  return simd::round(
      simd::clamp(minScore + (maxScore - minScore) * latent + sd * noise, minScore, maxScore));
}
template <Real F>
inline F reportPainNrs(const Params& p, F pain, std::type_identity_t<F> noise) {
  return reportRelative(pain, 10.f, p.measPainSd, noise);
}
template <Real F>
inline F reportRmdq(const Params& p, F disability, std::type_identity_t<F> noise) {
  return reportRelative(disability, 24.f, p.measRmdqSd, noise);
}

// EQ-5D-3L utility from disability and pain (linear guide after Khan 2014:
// about 0.90 - 0.025 RMDQ), clamped to the tariff's range [-0.594, 1]:
//   u = u0 - b_R 24 Dis - b_P P + sigma eps
template <Real F>
inline F linearUtility(const UtilityMap& u, F disability, std::type_identity_t<F> pain,
                       float shift = 0.f) {
  return simd::clamp(u.intercept - u.rmdqSlope * 24.f * disability - u.painSlope * pain + shift,
                     -0.594f, 1.f);
}
inline UtilityMap eq5dMap(const Params& p) {
  return {p.eq5dIntercept, p.eq5dRmdqSlope, p.eq5dPainSlope};
}
inline float eq5dUtility(const Params& p, float disability, float pain, float noise) {
  return linearUtility(eq5dMap(p), disability, pain, p.measEq5dSd * noise);
}

// ---------------------------------------------------------------- care-seeking
// Who consults. Of the people in an episode, those in more pain and more disabled are
// likelier to see a doctor (Waxman 1998; Ferreira 2010). In a consulting cohort a
// candidate on the day of consultation consults with the chance, relative to someone at
// NRS 10 and RMDQ 24,
//   c = exp(b_P (NRS - 10) + b_D (RMDQ - 24))   (0 < c <= 1)
// from what they would report that day.
// `episodeDays` is the time since onset: from careseeking.early_days on, the pain slope is
// careseeking.late_pain_ratio times the early one (Waxman 1998: pain early, disability later).
inline float consultChance(const Params& p, float painNrs, float rmdq, int episodeDays = 0) {
  const float painSlope = float(episodeDays) < p.careseekEarlyDays
                              ? p.careseekPainLogRr
                              : p.careseekPainLogRr * p.careseekLatePainRatio;
  return std::exp(painSlope * (painNrs - 10.f) + p.careseekDisabilityLogRr * (rmdq - 24.f));
}

// ------------------------------------------------------------- health economics
// Output lost today under the friction-cost method: absence counts only within the first
// `frictionDays` of an absence (then the job is covered); reduced duties and presenteeism
// count in full; after a job loss nothing more is lost to the employer.
template <class F, class I>
inline F frictionLoss(const BasicState<F, I>& s, std::type_identity_t<F> lostToday,
                      std::int32_t frictionDays) {
  const auto none = (s.workStatus == std::int32_t(WorkStatus::kJobLost)) |
                    (offWork(s) & (s.absenceRun > frictionDays));
  return simd::select(none, simd::splat<F>(0.f), lostToday);
}

// Health economics of one day: QALYs (utility / 365.25 a day, also discounted) and lost
// output (discounted) under the human-capital and friction methods. Care costs are
// discounted where they arise (stepDay).
template <class F, class I>
inline void accountDay(BasicState<F, I>& s, std::type_identity_t<F> lostToday,
                       const DayContext& c) {
  s.productivityLostDiscounted += c.costDiscount * lostToday;
  s.frictionLostDiscounted += c.costDiscount * frictionLoss(s, lostToday, c.frictionDays);
  const F qaly = linearUtility(c.utility, s.disability, s.pain) / 365.25f;
  s.qalys += qaly;
  s.qalysDiscounted += c.effectDiscount * qaly;
}

// ------------------------------------------------------------- outcome tracking
// Recovery = the first day of the first run of `recoveryDays` consecutive days at 0.
template <Real F>
inline void trackRecovery(IntOf<F>& zeroRun, IntOf<F>& dayRecovered, F score, int day,
                          int recoveryDays) {
  using I = IntOf<F>;
  zeroRun = simd::select(score == 0.f, zeroRun + 1, simd::splat<I>(0));
  dayRecovered = simd::select((dayRecovered < 0) & (zeroRun >= recoveryDays),
                              simd::splat<I>(day - recoveryDays + 1), dayRecovered);
}

/// Pain-free days before pain returns that make it a recurrence.
inline constexpr int kRecurrenceFreeDays = 7;
/// Reported pain that counts as a recurrence after a pain-free spell.
inline constexpr float kRecurrenceNrs = 2.f;

/// Measurement and outcome bookkeeping of one day (shared by day 0 and stepDay).
template <class F, class I>
inline void observeDay(const Params& p, BasicState<F, I>& s, const BasicDayDraws<F>& d,
                       const DayContext& c) {
  using simd::select;
  using simd::splat;
  const I zeroRunYesterday = s.painZeroRun;
  s.painNrs = reportPainNrs(p, s.pain, d.nrsNoise);
  s.rmdqScore = reportRmdq(p, s.disability, d.rmdqNoise);
  trackRecovery<F>(s.painZeroRun, s.dayRecoveredPain, s.painNrs, c.day, c.recoveryDays);
  trackRecovery<F>(s.rmdqZeroRun, s.dayRecoveredDisability, s.rmdqScore, c.day, c.recoveryDays);
  s.dayFirstRecurrence =
      select((s.dayFirstRecurrence < 0) & (zeroRunYesterday >= kRecurrenceFreeDays) &
                 (s.painNrs >= kRecurrenceNrs),
             splat<I>(c.day), s.dayFirstRecurrence);
  s.dayReturnedWork =
      select((s.dayReturnedWork == -1) & (s.workStatus == std::int32_t(WorkStatus::kWorking)),
             splat<I>(c.day), s.dayReturnedWork);
  s.daysInPain += simd::indicator<I>(s.painNrs >= 1.f);
  s.daysOffWork += simd::indicator<I>(offWork(s));
  const F lost = productivityLoss(p, s);
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
//   Acc0 <- Acc0 + e_Acc (1 - Acc0),  Q0 <- Q0 + e_Q (1 - Q0),  D0 <- D0 (1 - e_D),
//   X0 <- X0 (1 - e_X).
//   e <- e + e_tie (1 - e)   (tie engagement: a social programme re-engages one's ties)
// Costs and sessions are counted; modified duties, once offered, stay offered.
template <class F, class I>
inline void applySessions(BasicState<F, I>& s, const BasicCareToday<F>& care) {
  s.tieEngagement += care.tieEngagement * (1.f - s.tieEngagement);
  s.catTrait *= 1.f - care.catastrophizing;
  s.efficacyTrait += care.selfEfficacy * (1.f - s.efficacyTrait);
  s.stressTrait *= 1.f - care.stress;
  s.acceptanceTrait += care.acceptance * (1.f - s.acceptanceTrait);
  s.sleepTrait += care.sleep * (1.f - s.sleepTrait);
  s.moodTrait *= 1.f - care.mood;
  s.anxietyTrait *= 1.f - care.worry;
  s.accommodation =
      simd::select(employed(s), simd::max(s.accommodation, care.modifiedDuties), s.accommodation);
  s.careCost += care.cost;
  s.sessionsAttended += simd::truncate(care.sessions);
}

// ------------------------------------------------------------------- the recipe
/// One day of one person (F = float) or of simd::kLanes people side by side (F =
/// simd::floats). Reads yesterday's state `s`, returns today's.
template <class F, class I>
inline BasicState<F, I> stepDay(const Params& p, BasicState<F, I> s, const BasicDayDraws<F>& d,
                                const BasicCareToday<F>& care, const DayContext& c) {
  using simd::select;
  using simd::splat;
  // 1. An attended care session moves traits toward their healthy end (a fraction of
  //    the gap: diminishing returns); a work programme may bring modified duties.
  applySessions(s, care);
  s.careCostDiscounted += c.costDiscount * care.cost;
  // 2. Last night's sleep, from yesterday evening's stress, worry and pain.
  s.sleep = sleepQuality(p, s.sleepTrait, s.stress, s.anxiety, s.pain, d.sleepNoise);
  s.sleepMonth = nextSleepMonth(s.sleepMonth, s.sleep);
  // 3. Life events, money worries and stress (job strain, absence, yesterday's pain).
  const auto lifeEvent = d.lifeEventU < p.lifeEventRate;
  s.lifeEvents = nextLifeEvents<F>(p, s.lifeEvents, lifeEvent, d.lifeEventSizeU);
  s.moneyWorries = relax(s.moneyWorries,
                         moneyTarget<F>(p, s.moneyTrait, lostIncome(s), s.absenceRun), p.moneyRate);
  s.stress = relax(s.stress,
                   stressTarget<F>(p, s.stressTrait, s.jobStrain, atWork(s), s.moneyWorries,
                                   s.lifeEvents, s.pain, lostIncome(s), s.supportAutonomy),
                   p.stressRate);
  // 4. Tissue heals; a flare or re-injury may add nociception (hazard from yesterday's
  //    activity and capacity: boom-bust and disuse; early in an episode yesterday's pain
  //    guards); in the general population a new episode may start.
  const auto flared = d.flareU < flareHazard(p, s.activity, s.capacity, s.pain, s.daysSinceOnset);
  BasicNociception<F> n =
      nextNociception<F>(p, {s.nociception, s.nociceptionSlow, s.nociceptionFlare},
                         {s.healDecay, s.slowHealDecay, s.flareHealDecay}, flared, d.flareSizeU);
  s.daysSinceOnset = simd::min(s.daysSinceOnset, kNoEpisodeDays - 1) + 1;
  const auto onset = d.onsetU < c.onsetHazard;
  const BasicNociception<F> injured = addNociception(p, n, injurySize(p, d.onsetSeverity));
  n = {select(onset, injured.total, n.total), select(onset, injured.slow, n.slow), n.flare};
  s.daysSinceOnset = select(onset, splat<I>(0), s.daysSinceOnset);
  s.nociception = n.total;
  s.nociceptionSlow = n.slow;
  s.nociceptionFlare = n.flare;
  s.flares += simd::indicator<I>(flared);
  // 5. Today's pain: nociception amplified by sensitization, catastrophizing, stress,
  //    last night's sleep and mood; damped a little by analgesia.
  s.pain = painFromDrive(painDrive<F>(
      p, s.nociception, {s.sensitization, s.catastrophizing, s.stress, s.sleep, s.depression},
      care.analgesia, d.painNoise));
  // 6. Sustained pain, stress and poor sleep sensitize; sensitization fades slowly, less
  //    slowly in those who keep active (yesterday's activity).
  s.sensitization =
      nextSensitization(p, s.sensThreshold, s.sensitization, s.pain, s.stress, s.sleep, s.activity);
  // 7. Pain, lost self-efficacy and a poor night feed catastrophizing.
  s.catastrophizing =
      relax(s.catastrophizing,
            catastrophizingTarget(p, s.catTrait, s.pain, s.efficacy, s.efficacyTrait, s.sleep),
            p.catRate);
  // 8. Today's activity (avoidance = the shortfall).
  s.activity = clamp01(relax(
      s.activity,
      activityTarget<F>(
          p, {s.pain, s.fear, s.efficacy, s.acceptance, s.depression, s.supportSolicitous}, care),
      p.activityRate));
  // 9. Fear is learned from what today's movement felt like, and only through movement.
  //    A guided exposure session does the feared movements in full and disconfirms
  //    a share of the expected harm.
  s.fear = nextFear(p, s.fear, select(care.exposure > 0.f, splat<F>(1.f), s.activity),
                    threatAppraisal(p, s.pain, s.catastrophizing) * (1.f - care.exposure));
  // 10. Capacity follows activity over weeks.
  s.capacity = nextCapacity(p, s.capacity, s.activity);
  // 11. Mastery (activity without a setback against the pain one expected) and
  //     encouragement build self-efficacy; then today's pain updates what one expects.
  s.efficacy = nextEfficacy(p, s.efficacy, s.efficacyTrait, s.activity, s.pain, s.painExpected,
                            s.supportAutonomy);
  s.painExpected = nextPainExpected(p, s.painExpected, s.pain);
  // 12. Disability from pain (moderated by self-efficacy), avoidance, deconditioning, mood.
  s.disability =
      disabilityLevel(p, s.pain, s.efficacy, s.activity, s.capacity, s.depression, s.acceptance);
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
