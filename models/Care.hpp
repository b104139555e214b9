#pragma once
// Care as data (MODEL.md section 5). A programme is the mechanisms each attended
// session moves and by how much, plus what acts daily while one is enrolled
// (analgesia, activity quotas, work arrangements), adherence and costs. No
// programme lowers pain directly except analgesia: benefits flow through the
// mechanisms of the model. The built-in library is data too
// (scenarios/programmes.toml); docs/care.md lists it with sources.

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "models/Parameters.hpp"

namespace painsim::models {

/// One care programme. Session effects are fractions of the gap to the healthy end
/// of a trait closed by one attended session, so repeated sessions have diminishing
/// returns: after n sessions the gap is (1 - e)^n of what it was.
struct Programme {
  std::string name;
  std::string description;
  std::string source;
  bool group = false;          ///< group sessions (cost per participant) or individual
  bool exerciseBased = false;  ///< fear of movement raises dropout
  int sessions = 1;            ///< sessions offered
  float sessionsPerWeek = 1.f;
  int minDays = 1;  ///< the programme lasts at least this many days (e.g. a course of analgesics)
  // Acting every day while enrolled (and not dropped out):
  float analgesia = 0.f;        ///< fractional damping of the pain drive
  int analgesiaDays = 0;        ///< days of analgesia from the start
  float quotaStart = 0.f;       ///< activity quota at the first session (fraction of pre-episode)
  float quotaEnd = 0.f;         ///< activity quota at the last session (time-contingent rise)
  float quotaAdherence = 0.f;   ///< share of the gap to the quota closed
  float workReturnGain = 0.f;   ///< relative rise of the return-to-work hazard
  bool modifiedDuties = false;  ///< the employer offers modified duties from enrolment on
  // Per attended session (fraction of the gap closed):
  float catastrophizing = 0.f;  ///< trait catastrophizing toward 0
  float selfEfficacy = 0.f;     ///< trait self-efficacy toward 1
  float stress = 0.f;           ///< usual stress toward 0 (coping, stress reactivity)
  float acceptance = 0.f;       ///< trait acceptance toward 1
  float sleep = 0.f;            ///< usual sleep quality toward 1
  float mood = 0.f;             ///< vulnerability to low mood toward 0
  float worry = 0.f;            ///< trait anxiety toward 0
  float exposure = 0.f;         ///< guided exposure: share of the expected harm disconfirmed
  float tieEngagement = 0.f;    ///< tie engagement toward 1 (social programmes)
  float newTies = 0.f;          ///< new ties made over the programme (expected; needs [network])
  // Adherence:
  float attendance = 1.f;  ///< probability of attending a scheduled session (before modifiers)
  float dropout = 0.f;  ///< probability of dropping out at a scheduled session (before modifiers)
  // Costs (currency units of the scenario):
  float costPerSession = 0.f;  ///< per attended session, per participant
  float costPerContact = 0.f;  ///< once, at referral (assessment, screening)
  float costPerDay = 0.f;      ///< per day enrolled while the daily dose lasts (e.g. drugs)

  /// Days from the first session to the end of the programme.
  int days() const {
    const int span = int(std::ceil(float(sessions) * 7.f / std::max(sessionsPerWeek, 1e-3f)));
    return std::max({span, minDays, analgesiaDays, 1});
  }
  /// Day of session k (0-based) counted from the first session.
  int sessionDay(int k) const {
    return int(std::floor(float(k) * 7.f / std::max(sessionsPerWeek, 1e-3f)));
  }
};

/// One numeric or yes/no field of a programme, as scenario files and docs name it.
struct ProgrammeField {
  enum class Kind { kNumber, kInteger, kFlag };
  std::string_view key;
  Kind kind;
  float Programme::*number = nullptr;
  int Programme::*integer = nullptr;
  bool Programme::*flag = nullptr;
  double lo = 0, hi = 0;
  std::string_view unit;
  std::string_view meaning;
};

inline const std::array<ProgrammeField, 26>& programmeFields() {
  using K = ProgrammeField::Kind;
  using P = Programme;
  static const std::array<ProgrammeField, 26> fields = {{
      {"exercise_based", K::kFlag, nullptr, nullptr, &P::exerciseBased, 0, 1, "yes/no",
       "fear of movement raises dropout"},
      {"sessions", K::kInteger, nullptr, &P::sessions, nullptr, 1, 200, "count",
       "sessions offered"},
      {"sessions_per_week", K::kNumber, &P::sessionsPerWeek, nullptr, nullptr, 0.05, 7, "1/week",
       "session frequency"},
      {"min_days", K::kInteger, nullptr, &P::minDays, nullptr, 1, 3650, "day",
       "the programme lasts at least this long"},
      {"analgesia", K::kNumber, &P::analgesia, nullptr, nullptr, 0, 0.9, "fraction",
       "damping of the pain drive while taking analgesics"},
      {"analgesia_days", K::kInteger, nullptr, &P::analgesiaDays, nullptr, 0, 3650, "day",
       "days of analgesia from the start"},
      {"quota_start", K::kNumber, &P::quotaStart, nullptr, nullptr, 0, 1, "fraction",
       "activity quota at the start (of pre-episode activity)"},
      {"quota_end", K::kNumber, &P::quotaEnd, nullptr, nullptr, 0, 1, "fraction",
       "activity quota at the end (time-contingent, linear rise)"},
      {"quota_adherence", K::kNumber, &P::quotaAdherence, nullptr, nullptr, 0, 1, "fraction",
       "share of the gap between own activity and the quota closed"},
      {"work_return_gain", K::kNumber, &P::workReturnGain, nullptr, nullptr, 0, 10, "fraction",
       "relative rise of the return-to-work hazard while enrolled"},
      {"modified_duties", K::kFlag, nullptr, nullptr, &P::modifiedDuties, 0, 1, "yes/no",
       "the employer offers modified duties from enrolment on"},
      {"catastrophizing", K::kNumber, &P::catastrophizing, nullptr, nullptr, 0, 1,
       "fraction/session", "trait catastrophizing: share of the gap to 0 closed"},
      {"self_efficacy", K::kNumber, &P::selfEfficacy, nullptr, nullptr, 0, 1, "fraction/session",
       "trait self-efficacy: share of the gap to 1 closed"},
      {"stress", K::kNumber, &P::stress, nullptr, nullptr, 0, 1, "fraction/session",
       "usual stress: share of the gap to 0 closed (coping, stress reactivity)"},
      {"acceptance", K::kNumber, &P::acceptance, nullptr, nullptr, 0, 1, "fraction/session",
       "trait acceptance: share of the gap to 1 closed"},
      {"sleep", K::kNumber, &P::sleep, nullptr, nullptr, 0, 1, "fraction/session",
       "usual sleep quality: share of the gap to 1 closed"},
      {"mood", K::kNumber, &P::mood, nullptr, nullptr, 0, 1, "fraction/session",
       "vulnerability to low mood: share of the gap to 0 closed"},
      {"worry", K::kNumber, &P::worry, nullptr, nullptr, 0, 1, "fraction/session",
       "trait anxiety: share of the gap to 0 closed"},
      {"exposure", K::kNumber, &P::exposure, nullptr, nullptr, 0, 1, "fraction/session",
       "guided exposure: feared movements done, share of the expected harm disconfirmed"},
      {"tie_engagement", K::kNumber, &P::tieEngagement, nullptr, nullptr, 0, 1, "fraction/session",
       "engagement with one's ties: share of the gap to 1 closed"},
      {"new_ties", K::kNumber, &P::newTies, nullptr, nullptr, 0, 20, "ties",
       "new ties made over the programme, one chance per attended session (with [network])"},
      {"attendance", K::kNumber, &P::attendance, nullptr, nullptr, 0, 1, "probability",
       "attending a scheduled session (lowered by depression)"},
      {"dropout", K::kNumber, &P::dropout, nullptr, nullptr, 0, 0.99, "probability/session",
       "dropping out at a scheduled session (before depression, fear, wait, alliance)"},
      {"cost_per_session", K::kNumber, &P::costPerSession, nullptr, nullptr, 0, 1e6, "currency",
       "per attended session and participant"},
      {"cost_per_contact", K::kNumber, &P::costPerContact, nullptr, nullptr, 0, 1e6, "currency",
       "once, at referral (assessment, screening)"},
      {"cost_per_day", K::kNumber, &P::costPerDay, nullptr, nullptr, 0, 1e6, "currency/day",
       "per day of the daily dose (e.g. analgesics)"},
  }};
  return fields;
}

/// The session effects, each a member of both Programme and BasicCareToday: one
/// attended session closes that share of a gap (combined across programmes as
/// 1 - (1 - a)(1 - b)).
#define PAINSIM_SESSION_EFFECTS(X) \
  X(catastrophizing)               \
  X(selfEfficacy)                  \
  X(stress)                        \
  X(acceptance)                    \
  X(sleep)                         \
  X(mood)                          \
  X(worry)                         \
  X(exposure)                      \
  X(tieEngagement)

/// What care does to one person on one day. Neutral values mean no care.
template <class F>
struct BasicCareToday {
  // daily
  F analgesia{};       ///< fractional damping of the pain drive
  F quota{};           ///< activity quota (fraction of pre-episode activity)
  F quotaAdherence{};  ///< share of the gap to the quota that is closed
  F workReturnGain{};  ///< relative rise of the return-to-work hazard
  F modifiedDuties{};  ///< 1: modified duties offered from today on
  // attended session today
#define PAINSIM_DECLARE(name) F name{};
  PAINSIM_SESSION_EFFECTS(PAINSIM_DECLARE)
#undef PAINSIM_DECLARE
  F newTies{};   ///< ties made today (whole number)
  F sessions{};  ///< sessions attended today
  F cost{};      ///< care cost incurred today
};
/// One person's care today.
using CareToday = BasicCareToday<float>;

/// Several programmes at once: daily doses take the strongest; session moves compose
/// (two moves toward the same end close 1 - (1 - a)(1 - b) of the gap); costs add.
inline CareToday combine(const CareToday& a, const CareToday& b) {
  const auto both = [](float x, float y) { return 1.f - (1.f - x) * (1.f - y); };
  CareToday c;
  c.analgesia = std::max(a.analgesia, b.analgesia);
  if (b.quotaAdherence > a.quotaAdherence) {
    c.quota = b.quota;
    c.quotaAdherence = b.quotaAdherence;
  } else {
    c.quota = a.quota;
    c.quotaAdherence = a.quotaAdherence;
  }
  c.workReturnGain = std::max(a.workReturnGain, b.workReturnGain);
  c.modifiedDuties = std::max(a.modifiedDuties, b.modifiedDuties);
#define PAINSIM_COMPOSE(name) c.name = both(a.name, b.name);
  PAINSIM_SESSION_EFFECTS(PAINSIM_COMPOSE)
#undef PAINSIM_COMPOSE
  c.newTies = a.newTies + b.newTies;
  c.sessions = a.sessions + b.sessions;
  c.cost = a.cost + b.cost;
  return c;
}

/// The daily part of a programme on day `day` since its start (0 = first session),
/// for someone still enrolled. Quotas rise linearly over the programme.
inline CareToday dailyDose(const Programme& g, int day) {
  CareToday c;
  const int days = g.days();
  if (day < 0 || day >= days) return c;
  if (day < g.analgesiaDays) {
    c.analgesia = g.analgesia;
    c.cost += g.costPerDay;
  }
  if (g.quotaAdherence > 0.f) {
    const float progress = days > 1 ? float(day) / float(days - 1) : 1.f;
    c.quota = g.quotaStart + (g.quotaEnd - g.quotaStart) * progress;
    c.quotaAdherence = g.quotaAdherence;
  }
  c.workReturnGain = g.workReturnGain;
  c.modifiedDuties = g.modifiedDuties ? 1.f : 0.f;
  return c;
}

/// What one attended session adds.
inline CareToday sessionDose(const Programme& g) {
  CareToday c;
#define PAINSIM_COPY(name) c.name = g.name;
  PAINSIM_SESSION_EFFECTS(PAINSIM_COPY)
#undef PAINSIM_COPY
  c.sessions = 1.f;
  c.cost = g.costPerSession;
  return c;
}

inline float logit(float p) {
  p = std::clamp(p, 1e-6f, 1.f - 1e-6f);
  return std::log(p / (1.f - p));
}

/// Who is doing the programme, as far as adherence is concerned.
struct AdherenceInputs {
  float depression = 0.f;
  float fear = 0.f;
  float weeksWaited = 0.f;
  float alliance = 0.f;  ///< standard normal: the therapeutic alliance with this person
};

/// Probability of attending a scheduled session: lower with depression.
///   p_att = attendance * (1 - d_D D)
inline float attendProbability(const Params& p, const Programme& g, const AdherenceInputs& in) {
  return g.attendance * (1.f - p.adherenceDepressionWeight * in.depression);
}

/// Probability of dropping out at a scheduled session:
///   logit p_drop = logit(dropout) + b_D D + b_F F [exercise-based] + b_W weeks waited
///                  - b_A alliance
inline float dropoutProbability(const Params& p, const Programme& g, const AdherenceInputs& in) {
  if (g.dropout <= 0.f) return 0.f;
  const float x = logit(g.dropout) + p.dropoutDepressionWeight * in.depression +
                  (g.exerciseBased ? p.dropoutFearWeight * in.fear : 0.f) +
                  p.dropoutWaitWeight * in.weeksWaited - p.dropoutAllianceWeight * in.alliance;
  return 1.f / (1.f + std::exp(-x));
}

}  // namespace painsim::models
