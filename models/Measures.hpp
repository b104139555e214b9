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
  X(kPseq,             "pseq",              "PSEQ 0-60",           "Pain Self-Efficacy Questionnaire")               \
  X(kInPain,           "in_pain",           "0/1",                 "Still in pain: reported NRS >= 1 (strict definition)") \
  X(kNociception,      "nociception",       "latent >= 0",         "Tissue-driven nociceptive input")                \
  X(kSensitization,    "sensitization",     "latent 0-1",          "Central sensitization (gain)")                   \
  X(kPainLatent,       "pain_latent",       "latent 0-1",          "Pain before measurement (NRS/10)")               \
  X(kCatastrophizing,  "catastrophizing",   "latent 0-1",          "State catastrophizing (PCS/52)")                 \
  X(kFear,             "fear",              "latent 0-1",          "Fear of movement ((TSK-17)/51)")                 \
  X(kActivity,         "activity",          "fraction 0-1",        "Activity done, fraction of pre-episode activity") \
  X(kCapacity,         "capacity",          "fraction 0-1",        "Physical capacity, fraction of pre-episode")     \
  X(kSelfEfficacy,     "self_efficacy",     "latent 0-1",          "Pain self-efficacy (PSEQ/60)")                   \
  X(kDisabilityLatent, "disability_latent", "latent 0-1",          "Disability before measurement (RMDQ/24)")
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
    case Measure::kPseq:
      return reportPseq(p, s.efficacy, draws.pseq);
    case Measure::kInPain:
      return s.painNrs >= 1.f ? 1.f : 0.f;
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
  }
  return 0.f;
}

}  // namespace painsim::models
