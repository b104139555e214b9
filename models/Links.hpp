#pragma once
// What each causal link of MODEL.md section 3 did to one person on one day: the
// model's own equations evaluated twice, once as the day happened and once with the
// cause held at its healthy reference value, all else equal. The difference is the
// link's contribution (docs/teaching.md, "Link contributions"). `painsim teach` and
// `painsim explore` draw the fear-avoidance cycle and write their sentences from it.

#include <array>
#include <string_view>

#include "models/CoreModel.hpp"

namespace painsim::models {

/// The boxes of the cycle diagram: states of the model (and care).
enum class Node : int {
  kNociception,
  kSensitization,
  kPain,
  kCatastrophizing,
  kFear,
  kActivity,
  kCapacity,
  kEfficacy,
  kDisability,
  kMood,
  kSleep,
  kWorry,
  kStress,
  kSupport,
  kWork,
  kLife,
  kCare,
};
inline constexpr int kNodes = 17;

struct NodeInfo {
  Node node;
  std::string_view key;    ///< machine name (lesson data)
  std::string_view label;  ///< for the diagram
};
const std::array<NodeInfo, kNodes>& nodes();
const NodeInfo& nodeInfo(Node n);

/// How the effect of a link is read.
enum class EffectKind {
  kLevel,  ///< the effect is recomputed each day (pain, sleep, disability): the
           ///< contribution is how much higher today's level is because of the cause
  kRate,   ///< the effect accumulates (catastrophizing, fear, capacity, ...): the
           ///< contribution is how much more it moved today because of the cause
};

struct LinkInfo {
  std::string_view key;  ///< "cause->effect"
  Node cause, effect;
  EffectKind kind;
  /// What the cause is compared with: the healthy end ("pain 0", "full activity").
  std::string_view reference;
  std::string_view meaning;  ///< one line, for the diagram's tooltip and docs
};

inline constexpr int kLinks = 62;
const std::array<LinkInfo, kLinks>& links();

/// Contributions of every link on one day, in links() order, in the units of the
/// effect (0-1 latent scales; work: probability per day of being off work tomorrow;
/// nociception: expected flare input).
using LinkContributions = std::array<float, kLinks>;

/// Traits as they were before any care session moved them (care -> ... links compare
/// today's traits with these). Take them from the person at entry.
struct UntreatedTraits {
  float catastrophizing = 0.f, efficacy = 1.f, stress = 0.f, sleep = 1.f, acceptance = 0.f,
        mood = 0.f, anxiety = 0.f;
};
UntreatedTraits untreatedTraits(const PersonState& atEntry);

/// The contributions of day `c.day`: `before` is yesterday's state, `after` the state
/// models::stepDay(p, before, d, care, c) returned.
LinkContributions dayLinks(const Params& p, const PersonState& before, const PersonState& after,
                           const DayDraws& d, const CareToday& care,
                           const UntreatedTraits& untreated);

/// The model's own update of each effect, recomputed from (before, after, draws, care):
/// the values dayLinks() starts from. Equal, bit for bit, to the values stepDay wrote
/// (tests/unit/LinksTest.cpp checks it), so the contributions follow the recipe.
struct ReplayedDay {
  float sleep, stress, pain, sensitization, catastrophizing, activity, fear, capacity, efficacy,
      disability, depression, anxiety, supportAutonomy, supportSolicitous;
};
ReplayedDay replayDay(const Params& p, const PersonState& before, const PersonState& after,
                      const DayDraws& d, const CareToday& care);

}  // namespace painsim::models
