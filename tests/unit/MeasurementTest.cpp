// The measurement layer: questionnaires, the STarT Back tool, EQ-5D, measureValue, and the
// outcome trackers (resetOutcomes, observeDay). Scores must stay on their scales, be
// integers, and rise with the latent state they read; the trackers count recovery,
// recurrence and return to work as docs/model.md defines them.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <vector>

#include "models/CoreModel.hpp"
#include "models/Measures.hpp"

namespace painsim::models {
namespace {

const Params kP;

using Items = std::array<bool, 9>;

/// STarT Back items from a list of endorsed item numbers (1-9, as in Hill 2008).
Items endorsed(std::initializer_list<int> numbers) {
  Items items{};
  for (const int n : numbers) items[std::size_t(n - 1)] = true;
  return items;
}

/// A person whose states read by the questionnaires all equal `x`.
PersonState latentAt(float x) {
  PersonState s;
  s.pain = s.disability = s.fear = s.anxiety = s.catastrophizing = s.depression = x;
  s.efficacy = s.sleep = s.sleepMonth = 1.f - x;
  s.jobStrain = 0.4f;
  return s;
}

int countEndorsed(const Items& items) {
  int n = 0;
  for (const bool b : items) n += b ? 1 : 0;
  return n;
}

struct Scale {
  const char* name;
  float lo, hi;
  float (*report)(const Params&, float, float);  ///< reported score of a latent "badness"
};

/// Every questionnaire as a function of the latent state it reads. PSQI reads poor sleep,
/// 1 - monthly sleep quality; PSEQ rises with self-efficacy.
const Scale kScales[] = {
    {"PCS", 0.f, 52.f, reportPcs},
    {"TSK", 17.f, 68.f, reportTsk},
    {"FABQ-PA", 0.f, 24.f, reportFabqPa},
    {"FABQ-W", 0.f, 42.f, reportFabqW},
    {"PHQ-9", 0.f, 27.f, reportPhq9},
    {"GAD-7", 0.f, 21.f, reportGad7},
    {"PSEQ", 0.f, 60.f, reportPseq},
    {"PSQI", 0.f, 21.f,
     [](const Params& p, float poorSleep, float noise) {
       return reportPsqi(p, 1.f - poorSleep, noise);
     }},
    {"NRS", 0.f, 10.f, reportPainNrs},
    {"RMDQ", 0.f, 24.f, reportRmdq},
};

const float kNoises[] = {-6.f, -2.f, -1.f, -0.3f, 0.f, 0.3f, 1.f, 2.f, 6.f};

}  // namespace

// ========================================================================== STarT Back tool

TEST(Measurement, StartBackScoringFollowsHill2008) {
  // Total <= 3: low risk, whatever the items.
  EXPECT_EQ(scoreStartBack(endorsed({})).group, 0);
  EXPECT_EQ(scoreStartBack(endorsed({5, 6, 7})).group, 0) << "3 items, all psychosocial";
  EXPECT_EQ(scoreStartBack(endorsed({1, 2, 3})).group, 0);
  // Total >= 4: psychosocial subscale (items 5-9) <= 3 medium, 4-5 high.
  EXPECT_EQ(scoreStartBack(endorsed({1, 2, 3, 4})).group, 1) << "4 items, none psychosocial";
  EXPECT_EQ(scoreStartBack(endorsed({1, 5, 6, 7})).group, 1) << "psychosocial 3";
  EXPECT_EQ(scoreStartBack(endorsed({1, 2, 3, 4, 5, 6, 7})).group, 1) << "total 7, sub 3";
  EXPECT_EQ(scoreStartBack(endorsed({5, 6, 7, 8})).group, 2) << "total 4, psychosocial 4";
  EXPECT_EQ(scoreStartBack(endorsed({6, 7, 8, 9})).group, 2);
  EXPECT_EQ(scoreStartBack(endorsed({1, 2, 3, 4, 5, 6, 7, 8, 9})).group, 2);
  const StartBack all = scoreStartBack(endorsed({1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(all.total, 9);
  EXPECT_EQ(all.psychosocial, 5);
}

TEST(Measurement, StartBackPsychosocialSubscaleIsItemsFiveToNine) {
  for (int n = 1; n <= 9; ++n) {
    const StartBack r = scoreStartBack(endorsed({n}));
    EXPECT_EQ(r.total, 1) << "item " << n;
    EXPECT_EQ(r.psychosocial, n >= 5 ? 1 : 0) << "item " << n;
  }
}

TEST(Measurement, StartBackItemsReadTheirLatentStates) {
  // Hill 2008: 1 leg pain, 2 shoulder or neck pain, 3 walking, 4 dressing (disability),
  // 5 unsafe to be active (fear), 6 worry, 7 "never going to get better" (catastrophizing),
  // 8 not enjoying things (mood), 9 bothersomeness (pain).
  const ScaleDraws none;
  EXPECT_EQ(countEndorsed(startBackItems(kP, latentAt(0.f), none)), 0);
  PersonState legs = latentAt(0.f);
  legs.radiatingPain = 1.f;
  EXPECT_EQ(startBackItems(kP, legs, none), endorsed({1}));
  PersonState neck = latentAt(0.f);
  neck.comorbidPain = 1.f;
  EXPECT_EQ(startBackItems(kP, neck, none), endorsed({2}));
  const auto only = [&](float PersonState::*state, float threshold) {
    PersonState s = latentAt(0.f);
    s.*state = std::min(1.f, threshold + 0.05f);
    return startBackItems(kP, s, none);
  };
  EXPECT_EQ(only(&PersonState::disability, std::max(kP.startWalkThreshold, kP.startDressThreshold)),
            endorsed({3, 4}));
  EXPECT_EQ(only(&PersonState::fear, kP.startFearThreshold), endorsed({5}));
  EXPECT_EQ(only(&PersonState::anxiety, kP.startWorryThreshold), endorsed({6}));
  EXPECT_EQ(only(&PersonState::catastrophizing, kP.startCatThreshold), endorsed({7}));
  EXPECT_EQ(only(&PersonState::depression, kP.startMoodThreshold), endorsed({8}));
  EXPECT_EQ(only(&PersonState::pain, kP.startBotherThreshold), endorsed({9}));
  // Positive item noise endorses an item the latent state alone would not.
  ScaleDraws high;
  for (float& z : high.startBack) z = 40.f;
  EXPECT_EQ(countEndorsed(startBackItems(kP, latentAt(0.f), high)), 7);
}

TEST(Measurement, StartBackEndorsesMoreItemsAsLatentStatesRise) {
  const ScaleDraws none;
  int lastCount = -1, lastGroup = -1;
  for (float x = 0.f; x <= 1.0001f; x += 0.02f) {
    const Items items = startBackItems(kP, latentAt(x), none);
    const int count = countEndorsed(items);
    const int group = scoreStartBack(items).group;
    EXPECT_GE(count, lastCount) << "latent " << x;
    EXPECT_GE(group, lastGroup) << "latent " << x;
    lastCount = count;
    lastGroup = group;
  }
  EXPECT_EQ(countEndorsed(startBackItems(kP, latentAt(0.99f), none)), 7);
  EXPECT_EQ(scoreStartBack(startBackItems(kP, latentAt(0.99f), none)).group, 2);
}

// ========================================================================== questionnaires

TEST(Measurement, QuestionnairesAreIntegersWithinTheirScales) {
  for (const Scale& scale : kScales)
    for (const float noise : kNoises)
      for (float x = 0.f; x <= 1.0001f; x += 0.05f) {
        const float score = scale.report(kP, std::min(x, 1.f), noise);
        EXPECT_GE(score, scale.lo) << scale.name << " latent " << x << " noise " << noise;
        EXPECT_LE(score, scale.hi) << scale.name << " latent " << x << " noise " << noise;
        EXPECT_EQ(score, std::round(score)) << scale.name << " latent " << x;
      }
}

TEST(Measurement, QuestionnairesRiseWithTheirLatentState) {
  for (const Scale& scale : kScales) {
    for (const float noise : kNoises) {
      float last = scale.lo;
      for (float x = 0.f; x <= 1.0001f; x += 0.05f) {
        const float score = scale.report(kP, std::min(x, 1.f), noise);
        EXPECT_GE(score, last) << scale.name << " latent " << x << " noise " << noise;
        last = score;
      }
    }
    EXPECT_GT(scale.report(kP, 0.8f, 0.f), scale.report(kP, 0.2f, 0.f)) << scale.name;
    EXPECT_EQ(scale.report(kP, 0.f, 0.f), scale.lo) << scale.name;
  }
  EXPECT_GT(reportPsqi(kP, 0.3f, 0.f), reportPsqi(kP, 0.8f, 0.f)) << "PSQI rises as sleep worsens";
  EXPECT_GT(reportPseq(kP, 0.8f, 0.f), reportPseq(kP, 0.3f, 0.f));
}

TEST(Measurement, NrsAndRmdqReportZeroAsZero) {
  for (const float noise : kNoises) {
    EXPECT_EQ(reportPainNrs(kP, 0.f, noise), 0.f) << noise;
    EXPECT_EQ(reportRmdq(kP, 0.f, noise), 0.f) << noise;
  }
}

TEST(Measurement, Eq5dFallsWithDisabilityAndPainWithinTheTariffRange) {
  EXPECT_LT(eq5dUtility(kP, 0.6f, 0.4f, 0.f), eq5dUtility(kP, 0.2f, 0.4f, 0.f)) << "disability";
  EXPECT_LT(eq5dUtility(kP, 0.3f, 0.8f, 0.f), eq5dUtility(kP, 0.3f, 0.2f, 0.f)) << "pain";
  for (const float noise : {-100.f, -3.f, 0.f, 3.f, 100.f})
    for (const float dis : {0.f, 0.5f, 1.f})
      for (const float pain : {0.f, 0.5f, 1.f}) {
        const float u = eq5dUtility(kP, dis, pain, noise);
        EXPECT_GE(u, -0.594f);
        EXPECT_LE(u, 1.f);
      }
  EXPECT_EQ(eq5dUtility(kP, 0.f, 0.f, 100.f), 1.f);
  EXPECT_EQ(eq5dUtility(kP, 1.f, 1.f, -100.f), -0.594f);
}

TEST(Measurement, MeasureValueAgreesWithTheReportFunctions) {
  PersonState s;
  s.nociception = 0.3f;
  s.sensitization = 0.2f;
  s.pain = 0.45f;
  s.catastrophizing = 0.5f;
  s.fear = 0.55f;
  s.activity = 0.6f;
  s.capacity = 0.8f;
  s.efficacy = 0.4f;
  s.disability = 0.45f;
  s.stress = 0.35f;
  s.sleep = 0.6f;
  s.sleepMonth = 0.55f;
  s.depression = 0.35f;
  s.anxiety = 0.4f;
  s.acceptance = 0.5f;
  s.supportAutonomy = 0.6f;
  s.supportSolicitous = 0.2f;
  s.jobStrain = 0.5f;
  s.radiatingPain = 1.f;
  s.workStatus = std::int32_t(WorkStatus::kSickLeave);
  s.daysOffWork = 12;
  s.painNrs = 4.f;
  s.rmdqScore = 11.f;
  ScaleDraws d;
  d.pcs = 0.5f;
  d.tsk = -0.7f;
  d.pseq = 1.1f;
  d.fabqPa = -0.2f;
  d.fabqW = 0.9f;
  d.phq9 = -1.3f;
  d.gad7 = 0.4f;
  d.psqi = 0.8f;
  d.eq5d = -0.6f;
  for (std::size_t i = 0; i < 7; ++i) d.startBack[i] = 0.1f * float(i) - 0.3f;
  const auto value = [&](Measure m) { return measureValue(kP, m, s, d); };
  EXPECT_EQ(value(Measure::kPainNrs), s.painNrs);
  EXPECT_EQ(value(Measure::kRmdq), s.rmdqScore);
  EXPECT_EQ(value(Measure::kPcs), reportPcs(kP, s.catastrophizing, d.pcs));
  EXPECT_EQ(value(Measure::kTsk), reportTsk(kP, s.fear, d.tsk));
  EXPECT_EQ(value(Measure::kFabqPa), reportFabqPa(kP, s.fear, d.fabqPa));
  EXPECT_EQ(value(Measure::kFabqW),
            reportFabqW(kP, workFear(kP, s.fear, s.jobStrain, s.pain), d.fabqW));
  EXPECT_EQ(value(Measure::kPhq9), reportPhq9(kP, s.depression, d.phq9));
  EXPECT_EQ(value(Measure::kGad7), reportGad7(kP, s.anxiety, d.gad7));
  EXPECT_EQ(value(Measure::kPsqi), reportPsqi(kP, s.sleepMonth, d.psqi));
  EXPECT_EQ(value(Measure::kPseq), reportPseq(kP, s.efficacy, d.pseq));
  EXPECT_EQ(value(Measure::kEq5d), eq5dUtility(kP, s.disability, s.pain, d.eq5d));
  const StartBack sb = scoreStartBack(startBackItems(kP, s, d));
  EXPECT_EQ(value(Measure::kStartBackScore), float(sb.total));
  EXPECT_EQ(value(Measure::kStartBackGroup), float(sb.group));
  EXPECT_EQ(value(Measure::kInPain), 1.f);
  EXPECT_EQ(value(Measure::kInPainLenient), 1.f);
  EXPECT_EQ(value(Measure::kOffWork), 1.f);
  EXPECT_EQ(value(Measure::kDaysOffWork), 12.f);
  EXPECT_EQ(value(Measure::kNociception), s.nociception);
  EXPECT_EQ(value(Measure::kSensitization), s.sensitization);
  EXPECT_EQ(value(Measure::kPainLatent), s.pain);
  EXPECT_EQ(value(Measure::kCatastrophizing), s.catastrophizing);
  EXPECT_EQ(value(Measure::kFear), s.fear);
  EXPECT_EQ(value(Measure::kActivity), s.activity);
  EXPECT_EQ(value(Measure::kCapacity), s.capacity);
  EXPECT_EQ(value(Measure::kSelfEfficacy), s.efficacy);
  EXPECT_EQ(value(Measure::kDisabilityLatent), s.disability);
  EXPECT_EQ(value(Measure::kStress), s.stress);
  EXPECT_EQ(value(Measure::kSleep), s.sleep);
  EXPECT_EQ(value(Measure::kDepression), s.depression);
  EXPECT_EQ(value(Measure::kAnxiety), s.anxiety);
  EXPECT_EQ(value(Measure::kAcceptance), s.acceptance);
  EXPECT_EQ(value(Measure::kSupportAutonomy), s.supportAutonomy);
  EXPECT_EQ(value(Measure::kSupportSolicitous), s.supportSolicitous);
  // The pain thresholds: NRS >= 1 strict, NRS >= 3 lenient; modified duties are not off work.
  s.painNrs = 2.f;
  s.workStatus = std::int32_t(WorkStatus::kModifiedDuties);
  EXPECT_EQ(value(Measure::kInPain), 1.f);
  EXPECT_EQ(value(Measure::kInPainLenient), 0.f);
  EXPECT_EQ(value(Measure::kOffWork), 0.f);
  s.painNrs = 0.f;
  EXPECT_EQ(value(Measure::kInPain), 0.f);
}

TEST(Measurement, EveryMeasureHasAUniqueNameAndAFiniteValue) {
  const PersonState s = latentAt(0.5f);
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    const Measure m = static_cast<Measure>(i);
    const auto back = measureFromName(measureInfo(m).name);
    ASSERT_TRUE(back.has_value()) << measureInfo(m).name;
    EXPECT_EQ(*back, m) << measureInfo(m).name;
    EXPECT_TRUE(std::isfinite(measureValue(kP, m, s, ScaleDraws{}))) << measureInfo(m).name;
  }
  EXPECT_FALSE(measureFromName("pain_nrz").has_value());
}

// ======================================================================== outcome trackers

namespace {

/// Parameters without measurement noise on NRS and RMDQ, so latent x reports round(10 x).
Params exactReports() {
  Params p = kP;
  p.measPainSd = 0.f;
  p.measRmdqSd = 0.f;
  return p;
}

/// Observes one day with the given reported NRS and RMDQ (recovery after `recoveryDays`).
void observe(PersonState& s, float nrs, float rmdq, int day, int recoveryDays = 3) {
  static const Params exact = exactReports();
  s.pain = nrs / 10.f;
  s.disability = rmdq / 24.f;
  DayContext c;
  c.day = day;
  c.recoveryDays = recoveryDays;
  observeDay(exact, s, DayDraws{}, c);
  ASSERT_EQ(s.painNrs, nrs);
  ASSERT_EQ(s.rmdqScore, rmdq);
}

PersonState atEntry(WorkStatus work) {
  PersonState s;
  s.workStatus = std::int32_t(work);
  resetOutcomes(s);
  return s;
}

}  // namespace

TEST(Outcomes, ResetStartsEveryTrackerAtConsultation) {
  PersonState s;
  s.painZeroRun = s.rmdqZeroRun = 5;
  s.dayRecoveredPain = s.dayRecoveredDisability = s.dayFirstRecurrence = s.dayReturnedWork = 9;
  s.daysInPain = s.daysOffWork = s.flares = 4;
  s.painNrsSum = 17.f;
  resetOutcomes(s);
  EXPECT_EQ(s.painZeroRun, 0);
  EXPECT_EQ(s.rmdqZeroRun, 0);
  EXPECT_EQ(s.dayRecoveredPain, -1);
  EXPECT_EQ(s.dayRecoveredDisability, -1);
  EXPECT_EQ(s.dayFirstRecurrence, -1);
  EXPECT_EQ(s.daysInPain, 0);
  EXPECT_EQ(s.daysOffWork, 0);
  EXPECT_EQ(s.flares, 0);
  EXPECT_EQ(s.painNrsSum, 0.f);
  // Return to work is pending only for those away from full duties at consultation.
  EXPECT_EQ(atEntry(WorkStatus::kSickLeave).dayReturnedWork, -1);
  EXPECT_EQ(atEntry(WorkStatus::kModifiedDuties).dayReturnedWork, -1);
  EXPECT_EQ(atEntry(WorkStatus::kWorking).dayReturnedWork, -2);
  EXPECT_EQ(atEntry(WorkStatus::kNotInPaidWork).dayReturnedWork, -2);
}

TEST(Outcomes, RecoveryIsTheFirstDayOfTheFirstSustainedRunAtZero) {
  PersonState s = atEntry(WorkStatus::kWorking);
  // Pain: a run of two zeros is too short; days 4-6 are the first run of three.
  const float nrs[] = {3, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0};
  // Disability recovers on its own schedule: days 1-3.
  const float rmdq[] = {6, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0};
  for (int day = 0; day < 13; ++day) {
    observe(s, nrs[day], rmdq[day], day);
    if (day == 5) {
      EXPECT_EQ(s.dayRecoveredPain, -1) << "not yet sustained";
    }
    if (day == 6) {
      EXPECT_EQ(s.dayRecoveredPain, 4);
    }
  }
  EXPECT_EQ(s.dayRecoveredPain, 4) << "a later run does not move it";
  EXPECT_EQ(s.dayRecoveredDisability, 1);
  EXPECT_EQ(s.painZeroRun, 4);
}

TEST(Outcomes, RecurrenceIsPainOfTwoOrMoreAfterAPainFreeWeek) {
  // Six pain-free days are not enough.
  PersonState s = atEntry(WorkStatus::kWorking);
  int day = 0;
  observe(s, 5, 5, day++);
  for (int i = 0; i < kRecurrenceFreeDays - 1; ++i) observe(s, 0, 0, day++);
  observe(s, 6, 5, day++);
  EXPECT_EQ(s.dayFirstRecurrence, -1) << "only six pain-free days";
  // A week pain-free, then NRS 1 is not a recurrence (and ends the pain-free run).
  for (int i = 0; i < kRecurrenceFreeDays; ++i) observe(s, 0, 0, day++);
  observe(s, 1, 0, day++);
  EXPECT_EQ(s.dayFirstRecurrence, -1) << "NRS 1 is below the threshold";
  observe(s, 3, 0, day++);
  EXPECT_EQ(s.dayFirstRecurrence, -1) << "the pain-free run ended the day before";
  // A week pain-free, then NRS 2: a recurrence on that day, and only the first counts.
  for (int i = 0; i < kRecurrenceFreeDays; ++i) observe(s, 0, 0, day++);
  const int recurrence = day;
  observe(s, 2, 0, day++);
  EXPECT_EQ(s.dayFirstRecurrence, recurrence);
  for (int i = 0; i < kRecurrenceFreeDays; ++i) observe(s, 0, 0, day++);
  observe(s, 7, 0, day++);
  EXPECT_EQ(s.dayFirstRecurrence, recurrence) << "the first recurrence is kept";
}

TEST(Outcomes, ReturnToWorkIsTheFirstDayBackAtFullDuties) {
  PersonState away = atEntry(WorkStatus::kSickLeave);
  observe(away, 4, 8, 0);
  EXPECT_EQ(away.dayReturnedWork, -1) << "still off";
  away.workStatus = std::int32_t(WorkStatus::kModifiedDuties);
  observe(away, 3, 6, 1);
  EXPECT_EQ(away.dayReturnedWork, -1) << "modified duties are not full duties";
  away.workStatus = std::int32_t(WorkStatus::kWorking);
  observe(away, 2, 4, 2);
  EXPECT_EQ(away.dayReturnedWork, 2);
  away.workStatus = std::int32_t(WorkStatus::kSickLeave);
  observe(away, 5, 8, 3);
  away.workStatus = std::int32_t(WorkStatus::kWorking);
  observe(away, 2, 4, 4);
  EXPECT_EQ(away.dayReturnedWork, 2) << "the first return is kept";

  PersonState atWork = atEntry(WorkStatus::kWorking);
  atWork.workStatus = std::int32_t(WorkStatus::kSickLeave);
  observe(atWork, 6, 10, 0);
  atWork.workStatus = std::int32_t(WorkStatus::kWorking);
  observe(atWork, 2, 4, 1);
  EXPECT_EQ(atWork.dayReturnedWork, -2) << "not away at consultation: does not apply";
}

TEST(Outcomes, DailyCountsAccumulate) {
  PersonState s = atEntry(WorkStatus::kSickLeave);
  const float nrs[] = {4, 1, 0, 3};
  const WorkStatus work[] = {WorkStatus::kSickLeave, WorkStatus::kSickLeave,
                             WorkStatus::kModifiedDuties, WorkStatus::kWorking};
  for (int day = 0; day < 4; ++day) {
    s.workStatus = std::int32_t(work[day]);
    observe(s, nrs[day], 2, day);
  }
  EXPECT_EQ(s.daysInPain, 3) << "NRS >= 1";
  EXPECT_EQ(s.daysOffWork, 2) << "sick leave only";
  EXPECT_EQ(s.painNrsSum, 8.f);
}

}  // namespace painsim::models
