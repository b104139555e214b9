#pragma once
// What can be recorded and summarized: the observed scales (with measurement
// noise, as questionnaires report them) and the latent states. Listed once.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "models/CoreModel.hpp"

namespace painsim::models {

// clang-format off
//  X(enumerator,        name,                unit,                  description)
#define PAINSIM_MEASURES(X)                                                                         \
  X(kPainNrs,          "pain_nrs",          "NRS 0-10",            "Reported pain intensity, numeric rating scale") \
  X(kRmdq,             "rmdq",              "RMDQ 0-24",           "Roland-Morris Disability Questionnaire")        \
  X(kPcs,              "pcs",               "PCS 0-52",            "Pain Catastrophizing Scale")                     \
  X(kTsk,              "tsk",               "TSK-17 17-68",        "Tampa Scale for Kinesiophobia (fear of movement)") \
  X(kFabqPa,           "fabq_pa",           "FABQ-PA 0-24",        "Fear-Avoidance Beliefs Questionnaire, physical activity") \
  X(kFabqW,            "fabq_w",            "FABQ-W 0-42",         "Fear-Avoidance Beliefs Questionnaire, work")     \
  X(kPhq9,             "phq9",              "PHQ-9 0-27",          "Patient Health Questionnaire (depression)")      \
  X(kGad7,             "gad7",              "GAD-7 0-21",          "Generalized Anxiety Disorder scale")             \
  X(kPsqi,             "psqi",              "PSQI 0-21",           "Pittsburgh Sleep Quality Index (past month; > 5 poor)") \
  X(kPseq,             "pseq",              "PSEQ 0-60",           "Pain Self-Efficacy Questionnaire")               \
  X(kEq5d,             "eq5d",              "EQ-5D-3L -0.594-1",   "Health utility (EQ-5D), mapped from disability and pain") \
  X(kStartBackScore,   "start_back_score",  "0-9",                 "STarT Back tool total score")                    \
  X(kStartBackGroup,   "start_back_group",  "0/1/2",               "STarT Back risk group: 0 low, 1 medium, 2 high") \
  X(kInPain,           "in_pain",           "0/1",                 "Still in pain: reported NRS >= 1 (strict definition)") \
  X(kInPainLenient,    "in_pain_lenient",   "0/1",                 "Still in pain beyond mild: reported NRS >= 3 (lenient definition)") \
  X(kOffWork,          "off_work",          "0/1",                 "On sick leave today")                            \
  X(kDaysOffWork,      "days_off_work",     "day",                 "Days on sick leave since consultation")         \
  X(kWorkStatus,       "work_status",       "code 0-5",            "Work status: 0 working, 1 sick leave, 2 modified duties, 3 not in paid work, 4 long-term work disability, 5 job lost") \
  X(kAge,              "age",               "year",                "Age")                                            \
  X(kWeeksSinceOnset,  "weeks_since_onset", "week",                "Weeks since the onset of the current episode (whole weeks)") \
  X(kCareCost,         "care_cost",         "currency",            "Care cost since consultation (sessions, contacts, drugs)") \
  X(kSessions,         "sessions",          "count",               "Care sessions attended since consultation")     \
  X(kNociception,      "nociception",       "latent >= 0",         "Tissue-driven nociceptive input")                \
  X(kSensitization,    "sensitization",     "latent 0-1",          "Central sensitization (gain)")                   \
  X(kPainLatent,       "pain_latent",       "latent 0-1",          "Pain before measurement (NRS/10)")               \
  X(kCatastrophizing,  "catastrophizing",   "latent 0-1",          "State catastrophizing (PCS/52)")                 \
  X(kFear,             "fear",              "latent 0-1",          "Fear of movement ((TSK-17)/51)")                 \
  X(kActivity,         "activity",          "fraction 0-1",        "Activity done, fraction of pre-episode activity") \
  X(kCapacity,         "capacity",          "fraction 0-1",        "Physical capacity, fraction of pre-episode")     \
  X(kSelfEfficacy,     "self_efficacy",     "latent 0-1",          "Pain self-efficacy (PSEQ/60)")                   \
  X(kDisabilityLatent, "disability_latent", "latent 0-1",          "Disability before measurement (RMDQ/24)")        \
  X(kStress,           "stress",            "latent 0-1",          "Perceived stress")                               \
  X(kSleep,            "sleep",             "latent 0-1",          "Quality of last night's sleep (1 = good)")       \
  X(kDepression,       "depression",        "latent 0-1",          "Low mood (PHQ-9/27)")                            \
  X(kAnxiety,          "anxiety",           "latent 0-1",          "Worry (GAD-7/21)")                               \
  X(kAcceptance,       "acceptance",        "latent 0-1",          "Pain acceptance")                                \
  X(kSupportAutonomy,  "support_autonomy",  "latent 0-1",          "Autonomy-promoting support received")           \
  X(kSupportSolicitous, "support_solicitous", "latent 0-1",        "Solicitous support received (others take over)")
// clang-format on

enum class Measure {
#define PAINSIM_MEASURE_ENUM(e, name, unit, desc) e,
  PAINSIM_MEASURES(PAINSIM_MEASURE_ENUM)
#undef PAINSIM_MEASURE_ENUM
};

struct MeasureInfo {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
};

inline constexpr std::array kMeasureTable = {
#define PAINSIM_MEASURE_ROW(e, name, unit, desc) MeasureInfo{name, unit, desc},
    PAINSIM_MEASURES(PAINSIM_MEASURE_ROW)
#undef PAINSIM_MEASURE_ROW
};
inline constexpr std::size_t kMeasureCount = kMeasureTable.size();

inline constexpr const MeasureInfo& measureInfo(Measure m) {
  return kMeasureTable[static_cast<std::size_t>(m)];
}

inline std::optional<Measure> measureFromName(std::string_view name) {
  for (std::size_t i = 0; i < kMeasureCount; ++i)
    if (kMeasureTable[i].name == name) return static_cast<Measure>(i);
  return std::nullopt;
}

// ------------------------------------------------------------ questionnaires
// Each questionnaire maps its latent state linearly onto the scale's range, adds
// normal measurement noise (sd in scale points) and rounds to an integer.
inline float reportPcs(const Params& p, float c, float noise) {
  return reportAdditive(c, 0.f, 52.f, p.measPcsSd, noise);
}
inline float reportTsk(const Params& p, float fear, float noise) {
  return reportAdditive(fear, 17.f, 68.f, p.measTskSd, noise);
}
inline float reportPseq(const Params& p, float efficacy, float noise) {
  return reportAdditive(efficacy, 0.f, 60.f, p.measPseqSd, noise);
}
// FABQ physical activity (0-24) reads fear of movement; FABQ work (0-42) reads work fear.
inline float reportFabqPa(const Params& p, float fear, float noise) {
  return reportAdditive(fear, 0.f, 24.f, p.measFabqPaSd, noise);
}
inline float reportFabqW(const Params& p, float fearAtWork, float noise) {
  return reportAdditive(fearAtWork, 0.f, 42.f, p.measFabqWSd, noise);
}
inline float reportPhq9(const Params& p, float depression, float noise) {
  return reportAdditive(depression, 0.f, 27.f, p.measPhq9Sd, noise);
}
inline float reportGad7(const Params& p, float anxiety, float noise) {
  return reportAdditive(anxiety, 0.f, 21.f, p.measGad7Sd, noise);
}
// PSQI is a past-month index of poor sleep: 21 (1 - monthly sleep quality).
inline float reportPsqi(const Params& p, float sleepMonth, float noise) {
  return reportAdditive(1.f - sleepMonth, 0.f, 21.f, p.measPsqiSd, noise);
}

// ------------------------------------------------------------ STarT Back tool
// Hill et al. 2008: nine yes/no items. Items 1-2 (leg pain, shoulder or neck pain) are
// person traits; items 3-9 are endorsed when their latent state plus item noise
// exceeds a threshold. Item 9 (bothersomeness) counts only "very much" or "extremely".
struct StartBack {
  int total = 0;         ///< 0-9
  int psychosocial = 0;  ///< items 5-9, 0-5
  int group = 0;         ///< 0 low, 1 medium, 2 high
};

/// Scoring (Hill 2008): total <= 3 -> low; otherwise psychosocial subscale <= 3 -> medium,
/// 4-5 -> high.
inline StartBack scoreStartBack(const std::array<bool, 9>& items) {
  StartBack r;
  for (std::size_t i = 0; i < 9; ++i) r.total += items[i] ? 1 : 0;
  for (std::size_t i = 4; i < 9; ++i) r.psychosocial += items[i] ? 1 : 0;
  r.group = r.total <= 3 ? 0 : (r.psychosocial <= 3 ? 1 : 2);
  return r;
}

inline std::array<bool, 9> startBackItems(const Params& p, const PersonState& s,
                                          const ScaleDraws& d) {
  const auto item = [&](float latent, float threshold, float noise) {
    return latent + p.measStartItemSd * noise > threshold;
  };
  return {s.radiatingPain > 0.5f,
          s.comorbidPain > 0.5f,
          item(s.disability, p.startWalkThreshold, d.startBack[0]),
          item(s.disability, p.startDressThreshold, d.startBack[1]),
          item(s.fear, p.startFearThreshold, d.startBack[2]),
          item(s.anxiety, p.startWorryThreshold, d.startBack[3]),
          item(s.catastrophizing, p.startCatThreshold, d.startBack[4]),
          item(s.depression, p.startMoodThreshold, d.startBack[5]),
          item(s.pain, p.startBotherThreshold, d.startBack[6])};
}

/// Whether measure `m` reads the questionnaire noise (ScaleDraws).
inline constexpr bool usesScaleDraws(Measure m) {
  switch (m) {
    case Measure::kPcs:
    case Measure::kTsk:
    case Measure::kFabqPa:
    case Measure::kFabqW:
    case Measure::kPhq9:
    case Measure::kGad7:
    case Measure::kPsqi:
    case Measure::kPseq:
    case Measure::kEq5d:
    case Measure::kStartBackScore:
    case Measure::kStartBackGroup:
      return true;
    default:
      return false;
  }
}

/// Value of measure `m` for one person today. Questionnaires use `draws`.
inline float measureValue(const Params& p, Measure m, const PersonState& s,
                          const ScaleDraws& draws) {
  switch (m) {
    case Measure::kPainNrs:
      return s.painNrs;
    case Measure::kRmdq:
      return s.rmdqScore;
    case Measure::kPcs:
      return reportPcs(p, s.catastrophizing, draws.pcs);
    case Measure::kTsk:
      return reportTsk(p, s.fear, draws.tsk);
    case Measure::kFabqPa:
      return reportFabqPa(p, s.fear, draws.fabqPa);
    case Measure::kFabqW:
      return reportFabqW(p, workFear(p, s.fear, s.jobStrain, s.pain), draws.fabqW);
    case Measure::kPhq9:
      return reportPhq9(p, s.depression, draws.phq9);
    case Measure::kGad7:
      return reportGad7(p, s.anxiety, draws.gad7);
    case Measure::kPsqi:
      return reportPsqi(p, s.sleepMonth, draws.psqi);
    case Measure::kPseq:
      return reportPseq(p, s.efficacy, draws.pseq);
    case Measure::kEq5d:
      return eq5dUtility(p, s.disability, s.pain, draws.eq5d);
    case Measure::kStartBackScore:
      return float(scoreStartBack(startBackItems(p, s, draws)).total);
    case Measure::kStartBackGroup:
      return float(scoreStartBack(startBackItems(p, s, draws)).group);
    case Measure::kInPain:
      return s.painNrs >= 1.f ? 1.f : 0.f;
    case Measure::kInPainLenient:
      return s.painNrs >= 3.f ? 1.f : 0.f;
    case Measure::kOffWork:
      return offWork(s) ? 1.f : 0.f;
    case Measure::kDaysOffWork:
      return float(s.daysOffWork);
    case Measure::kWorkStatus:
      return float(s.workStatus);
    case Measure::kAge:
      return s.age;
    case Measure::kWeeksSinceOnset:
      return float(s.daysSinceOnset / 7);
    case Measure::kCareCost:
      return s.careCost;
    case Measure::kSessions:
      return float(s.sessionsAttended);
    case Measure::kNociception:
      return s.nociception;
    case Measure::kSensitization:
      return s.sensitization;
    case Measure::kPainLatent:
      return s.pain;
    case Measure::kCatastrophizing:
      return s.catastrophizing;
    case Measure::kFear:
      return s.fear;
    case Measure::kActivity:
      return s.activity;
    case Measure::kCapacity:
      return s.capacity;
    case Measure::kSelfEfficacy:
      return s.efficacy;
    case Measure::kDisabilityLatent:
      return s.disability;
    case Measure::kStress:
      return s.stress;
    case Measure::kSleep:
      return s.sleep;
    case Measure::kDepression:
      return s.depression;
    case Measure::kAnxiety:
      return s.anxiety;
    case Measure::kAcceptance:
      return s.acceptance;
    case Measure::kSupportAutonomy:
      return s.supportAutonomy;
    case Measure::kSupportSolicitous:
      return s.supportSolicitous;
  }
  return 0.f;
}

}  // namespace painsim::models
