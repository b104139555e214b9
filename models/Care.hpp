#pragma once
// Care programmes of the first model, as the mechanisms they move. No
// programme lowers pain directly except analgesia (MODEL.md section 5).

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "models/Parameters.hpp"

namespace painsim::models {

enum class Programme {
  kUsualCare,       ///< GP advice and reassurance, a course of analgesics
  kGradedActivity,  ///< physiotherapy: time-contingent activity quotas
};

inline constexpr std::array<std::string_view, 2> kProgrammeNames = {"usual_care",
                                                                    "graded_activity"};

inline constexpr std::string_view programmeName(Programme p) {
  return kProgrammeNames[static_cast<std::size_t>(p)];
}

inline std::optional<Programme> programmeFromName(std::string_view name) {
  for (std::size_t i = 0; i < kProgrammeNames.size(); ++i)
    if (kProgrammeNames[i] == name) return static_cast<Programme>(i);
  return std::nullopt;
}

/// What care does to one person on one day. Neutral values mean no care.
struct CareToday {
  float analgesia = 0.f;       ///< fractional damping of the pain drive
  float reassurance = 0.f;     ///< one-off fall of trait catastrophizing (first day only)
  float quota = 0.f;           ///< activity quota (fraction of pre-episode activity)
  float quotaAdherence = 0.f;  ///< share of the gap to the quota that is closed
};

/// Care delivered on day `dayInStep` (0 = first contact) of a step lasting
/// `stepDays` days. Outside [0, stepDays) the programme does nothing.
inline CareToday careOnDay(const Params& p, Programme programme, int dayInStep, int stepDays) {
  CareToday care;
  if (dayInStep < 0 || dayInStep >= stepDays) return care;
  switch (programme) {
    case Programme::kUsualCare:
      if (float(dayInStep) < p.careAnalgesiaDays) care.analgesia = p.careAnalgesiaEffect;
      if (dayInStep == 0) care.reassurance = p.careReassuranceEffect;
      break;
    case Programme::kGradedActivity: {
      // Quotas rise linearly from the first to the last session.
      const float progress = stepDays > 1 ? float(dayInStep) / float(stepDays - 1) : 1.f;
      care.quota = p.gaStartQuota + (p.gaEndQuota - p.gaStartQuota) * progress;
      care.quotaAdherence = p.gaAdherence;
      break;
    }
  }
  return care;
}

/// Several programmes at once: each mechanism takes the strongest dose.
inline CareToday combine(const CareToday& a, const CareToday& b) {
  return {std::max(a.analgesia, b.analgesia), std::max(a.reassurance, b.reassurance),
          std::max(a.quota, b.quota), std::max(a.quotaAdherence, b.quotaAdherence)};
}

}  // namespace painsim::models
