#pragma once
// One person's story, day by day, and the stories of people like them: what
// `painsim teach` narrates and `painsim explore` redraws. The person is a real
// member of a scenario's population (their baseline draws) with a chosen
// psychological and social profile laid over it; "people like them" keep every
// trait and the same injury and live other random days (flares, life events,
// night-to-night and day-to-day variation, work transitions).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/CoreModel.hpp"
#include "models/Links.hpp"

namespace painsim::sim {

/// The traits and circumstances a teacher or learner sets (0-1 latent scales).
struct Profile {
  float catastrophizing = 0.3f;  ///< trait and state (PCS/52)
  float fear = 0.3f;             ///< fear of movement at onset ((TSK-17)/51)
  float efficacy = 0.7f;         ///< trait and state self-efficacy (PSEQ/60)
  float sleep = 0.7f;            ///< usual sleep quality
  float support = 0.7f;          ///< support one's ties give
  float jobStrain = 0.3f;        ///< job strain (only while at work)
  float stress = 0.3f;           ///< usual stress
  float injury = 1.f;            ///< size of the injury, times injury.severity_mean
  bool working = true;           ///< has a job and is at work at onset
};

/// A stressful spell: life-event load held at least at `load` on days [first, last].
struct Stressor {
  int firstDay = 0, lastDay = -1;
  float load = 4.f;
};

/// A programme of the built-in library started on `startDay` (no waiting list).
struct CarePlan {
  std::string programme;
  int startDay = 56;
};

struct PathSpec {
  Profile profile;
  std::vector<Stressor> stressors;
  std::optional<CarePlan> care;
};

/// Everything shown of one person per week: weekly means on the scales people know.
enum class Series : int {
  kPain,             ///< NRS 0-10 (10 P, without measurement noise)
  kCatastrophizing,  ///< PCS 0-52
  kFear,             ///< TSK-17 17-68
  kActivity,         ///< % of usual activity
  kCapacity,         ///< % of pre-episode capacity
  kMood,             ///< PHQ-9 0-27
  kSleep,            ///< sleep quality %
  kSupport,          ///< autonomy-promoting support received %
  kWork,             ///< days off work in the week (0-7)
  kDisability,       ///< RMDQ 0-24
  kSensitization,    ///< %
  kEfficacy,         ///< PSEQ 0-60
  kStress,           ///< %
};
inline constexpr int kSeries = 13;

struct SeriesInfo {
  Series series;
  std::string key, label, unit;
  double min, max;
  models::Node node;  ///< the diagram's box for the same state
};
const std::vector<SeriesInfo>& seriesInfo();

/// The week a day falls in: day 0 is week 0, days 7w-6 .. 7w are week w.
inline int weekOfDay(int day) { return (day + 6) / 7; }

/// A care event of the story ("starts graded exposure", "drops out of cbt").
struct CareEvent {
  int day = 0;
  std::string text;
};

/// One person's weeks (index 0 = day 0, week w = days 7w-6 .. 7w).
struct PathResult {
  std::vector<std::array<double, kSeries>> weeks;
  /// Link contributions per week (models::links() order): summed over the week's days
  /// for accumulating effects, averaged for level effects.
  std::vector<models::LinkContributions> links;
  std::vector<CareEvent> events;
  int dayRecoveredPain = -1;  ///< first day of 30 days with NRS 0, or -1
};

/// Where in the population the person comes from, and the model.
struct Setting {
  models::Params params;
  std::uint64_t seed = 2024;
  std::uint32_t person = 0;  ///< whose baseline draws (and, for the person, days)
  int weeks = 26;
};

/// Lays the profile's traits and circumstances (not the injury) over a person: trait and
/// state of catastrophizing, self-efficacy, sleep, support and stress, fear, job strain
/// and work status.
void applyProfile(models::PersonState& s, const Profile& f);

/// The person at onset: `setting.person`'s baseline with the profile laid over it, the
/// injury set, and the fast states settled (models::settle).
models::PersonState personAtOnset(const Setting& setting, const Profile& profile);

/// Lives `spec` for setting.weeks weeks with the random days of `daysOf` (a person id),
/// recording link contributions when `withLinks`.
PathResult livePath(const Setting& setting, const PathSpec& spec, std::uint32_t daysOf,
                    bool withLinks);

/// Quantiles of each series over the people like them, per week.
struct Band {
  std::vector<std::array<double, kSeries>> q10, q25, q50, q75, q90;
  int people = 0;
  double inPainAtEnd = 0;   ///< share with weekly mean NRS >= 1 in the last week
  double recovered = 0;     ///< share with a sustained recovery (30 days NRS 0)
  double offWorkAtEnd = 0;  ///< share off work throughout the last week (0 if not working)
};

/// `people` people like the person: the same onset state, the random days of ids
/// 2^30 + k (k < people), run in parallel; identical for any thread count.
Band peopleLike(const Setting& setting, const PathSpec& spec, int people);

/// How a teaching case picks whose story to show: the most typical of `candidates`
/// people (ids 0 .. candidates-1, each with their own baseline and days) living every
/// path, i.e. the one whose weekly pain over all paths is closest (least squares) to the
/// candidates' week-by-week median.
struct Selection {
  int stuckWeek = -1;      ///< >= 0: only candidates with weekly NRS >= stuckPain in this
  double stuckPain = 0.0;  ///< week on the first path (still in pain when care would start)
  int candidates = 200;
};

/// The person a selection picks (docs/teaching.md). When no candidate qualifies, the
/// rule is applied to all of them.
std::uint32_t choosePerson(const Setting& setting, const std::vector<PathSpec>& paths,
                           const Selection& selection);

// ------------------------------------------------ required behaviours (MODEL.md 6.1, 6.2)
// The people of MODEL.md's required behaviours: tests/science checks them, and the
// calibration carries them as the bounds of target B1 and B2 (docs/calibration.md).

/// 6.1: one who confronts (low catastrophizing, good sleep and support)...
inline constexpr Profile kConfronter{0.10f, 0.20f, 0.85f, 0.85f, 0.85f, 0.10f, 0.15f};
/// ... and one who avoids (high catastrophizing, poor sleep, low support, high job strain).
inline constexpr Profile kAvoider{0.75f, 0.65f, 0.45f, 0.45f, 0.30f, 0.85f, 0.45f};
/// 6.2: a vulnerable person, between the two.
inline constexpr Profile kVulnerable{0.6f, 0.55f, 0.5f, 0.5f, 0.4f, 0.7f, 0.4f};
/// 6.2: a stressful month from week 4 (life-event load held at 4).
inline constexpr Stressor kStressfulMonth{28, 55, 4.f};
/// 6.2: the tipping test looks four months after the stressful month ended.
inline constexpr int kTippingDays = 224;

/// How one person's episode stood at the end of a profile path.
struct PathEnd {
  float painWeek0 = 0;  ///< latent pain (0-1) at onset
  float painNrs = 0, fear = 0, activity = 0, capacity = 0, rmdq = 0, sensitization = 0;
  bool recovered = false;  ///< a sustained recovery (30 days at NRS 0) by the end
};

/// The episodes of person ids 0 .. people-1 of `seed`: each person's drawn baseline
/// and injury at onset with `profile`'s traits and circumstances laid over them, lived
/// `days` days without care under `stressors` with the person's own random days. Every
/// profile meets the same injuries and events. Parallel over people; identical for any
/// thread count.
std::vector<PathEnd> profilePaths(const models::Params& p, const Profile& profile, int people,
                                  int days, std::uint64_t seed,
                                  const std::vector<Stressor>& stressors = {});

/// The built-in programme names (for validation and the explorer's menu).
std::vector<std::string> programmeNames();

}  // namespace painsim::sim
