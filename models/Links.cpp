#include "models/Links.hpp"

#include <stdexcept>

namespace painsim::models {
namespace {

using N = Node;
using K = EffectKind;

constexpr std::array<NodeInfo, kNodes> kNodeTable = {{
    {N::kNociception, "nociception", "Tissue irritation"},
    {N::kSensitization, "sensitization", "Sensitization"},
    {N::kPain, "pain", "Pain"},
    {N::kCatastrophizing, "catastrophizing", "Catastrophizing"},
    {N::kFear, "fear", "Fear of movement"},
    {N::kActivity, "activity", "Activity (avoidance)"},
    {N::kCapacity, "capacity", "Capacity (fitness)"},
    {N::kEfficacy, "efficacy", "Self-efficacy"},
    {N::kDisability, "disability", "Disability"},
    {N::kMood, "mood", "Low mood"},
    {N::kSleep, "sleep", "Sleep"},
    {N::kWorry, "worry", "Worry"},
    {N::kStress, "stress", "Stress"},
    {N::kSupport, "support", "Support"},
    {N::kWork, "work", "Work"},
    {N::kLife, "life", "Life events"},
    {N::kCare, "care", "Care"},
}};

// clang-format off
constexpr std::array<LinkInfo, kLinks> kLinkTable = {{
  // last night's sleep (step 2)
  {"stress->sleep", N::kStress, N::kSleep, K::kLevel, "stress 0", "pre-sleep stress spoils sleep"},
  {"worry->sleep", N::kWorry, N::kSleep, K::kLevel, "worry 0", "worry keeps one awake"},
  {"pain->sleep", N::kPain, N::kSleep, K::kLevel, "pain 0", "pain disturbs sleep (less than sleep drives pain)"},
  {"care->sleep", N::kCare, N::kSleep, K::kLevel, "usual sleep before care", "sleep therapy improves usual sleep"},
  // stress (step 3)
  {"pain->stress", N::kPain, N::kStress, K::kRate, "pain 0", "pain is a stressor"},
  {"life->stress", N::kLife, N::kStress, K::kRate, "no recent life events", "stressful life events"},
  {"work->stress", N::kWork, N::kStress, K::kRate, "no job strain, no absence, usual money worries", "job strain at work; absence and lost income"},
  {"support->stress", N::kSupport, N::kStress, K::kRate, "full support", "support buffers stress (weakly)"},
  {"care->stress", N::kCare, N::kStress, K::kRate, "usual stress before care", "coping skills lower usual stress"},
  // flares (step 4): expected nociceptive input of a flare today
  {"activity->nociception", N::kActivity, N::kNociception, K::kRate, "activity within capacity", "doing more than one's capacity raises flare risk (boom-bust)"},
  {"capacity->nociception", N::kCapacity, N::kNociception, K::kRate, "full capacity", "deconditioning raises flare risk"},
  {"pain->nociception", N::kPain, N::kNociception, K::kRate, "pain 0", "early in an episode, pain makes one guard, which spares the tissue flare-ups"},
  // pain (step 5)
  {"nociception->pain", N::kNociception, N::kPain, K::kLevel, "no tissue input", "tissue irritation drives pain"},
  {"sensitization->pain", N::kSensitization, N::kPain, K::kLevel, "no sensitization", "a sensitized nervous system amplifies (and produces) pain"},
  {"catastrophizing->pain", N::kCatastrophizing, N::kPain, K::kLevel, "catastrophizing 0", "hypervigilance amplifies pain"},
  {"stress->pain", N::kStress, N::kPain, K::kLevel, "stress 0", "stress amplifies pain"},
  {"sleep->pain", N::kSleep, N::kPain, K::kLevel, "a good night", "a poor night amplifies next-day pain"},
  {"mood->pain", N::kMood, N::kPain, K::kLevel, "mood not low", "low mood amplifies pain"},
  {"care->pain", N::kCare, N::kPain, K::kLevel, "no analgesia", "analgesics damp pain a little"},
  // sensitization (step 6)
  {"pain->sensitization", N::kPain, N::kSensitization, K::kRate, "pain 0", "sustained pain sensitizes"},
  {"stress->sensitization", N::kStress, N::kSensitization, K::kRate, "stress 0", "stress sensitizes"},
  {"sleep->sensitization", N::kSleep, N::kSensitization, K::kRate, "a good night", "poor sleep sensitizes"},
  {"activity->sensitization", N::kActivity, N::kSensitization, K::kRate, "full activity", "keeping active lets sensitization fade; avoidance keeps it"},
  // catastrophizing (step 7)
  {"pain->catastrophizing", N::kPain, N::kCatastrophizing, K::kRate, "pain 0", "pain feeds catastrophic thoughts"},
  {"efficacy->catastrophizing", N::kEfficacy, N::kCatastrophizing, K::kRate, "usual self-efficacy", "losing confidence feeds catastrophizing; mastery calms it"},
  {"sleep->catastrophizing", N::kSleep, N::kCatastrophizing, K::kRate, "a good night", "a poor night feeds catastrophizing next morning"},
  {"care->catastrophizing", N::kCare, N::kCatastrophizing, K::kRate, "trait before care", "CBT and graded exposure lower catastrophizing"},
  // activity (step 8)
  {"pain->activity", N::kPain, N::kActivity, K::kRate, "pain 0", "pain cuts activity"},
  {"fear->activity", N::kFear, N::kActivity, K::kRate, "fear 0", "fear of movement drives avoidance"},
  {"efficacy->activity", N::kEfficacy, N::kActivity, K::kRate, "full self-efficacy", "low confidence cuts activity when in pain"},
  {"mood->activity", N::kMood, N::kActivity, K::kRate, "mood not low", "low mood cuts activity"},
  {"support->activity", N::kSupport, N::kActivity, K::kRate, "nobody takes over tasks", "others taking over tasks (solicitous support) cut activity"},
  {"care->activity", N::kCare, N::kActivity, K::kRate, "no activity quota", "graded activity quotas raise activity"},
  // fear of movement (step 9)
  {"pain->fear", N::kPain, N::kFear, K::kRate, "pain 0", "movement that hurts teaches fear"},
  {"catastrophizing->fear", N::kCatastrophizing, N::kFear, K::kRate, "catastrophizing 0", "pain read as harm teaches fear"},
  {"activity->fear", N::kActivity, N::kFear, K::kRate, "full activity", "avoidance keeps fear from being unlearned"},
  {"care->fear", N::kCare, N::kFear, K::kRate, "no guided exposure", "guided exposure unlearns fear"},
  // capacity (step 10)
  {"activity->capacity", N::kActivity, N::kCapacity, K::kRate, "full activity", "avoidance deconditions; activity reconditions"},
  // self-efficacy (step 11)
  {"activity->efficacy", N::kActivity, N::kEfficacy, K::kRate, "full activity", "activity done is mastery"},
  {"pain->efficacy", N::kPain, N::kEfficacy, K::kRate, "pain 0", "activity that hurts is not mastery"},
  {"support->efficacy", N::kSupport, N::kEfficacy, K::kRate, "full support", "encouragement builds self-efficacy"},
  {"care->efficacy", N::kCare, N::kEfficacy, K::kRate, "trait before care", "programmes build self-efficacy"},
  // disability (step 12)
  {"pain->disability", N::kPain, N::kDisability, K::kLevel, "pain 0", "pain limits what one does (nothing is put down to back pain without pain)"},
  {"efficacy->disability", N::kEfficacy, N::kDisability, K::kLevel, "full self-efficacy", "low self-efficacy lets pain disable"},
  {"activity->disability", N::kActivity, N::kDisability, K::kLevel, "full activity", "activities given up"},
  {"capacity->disability", N::kCapacity, N::kDisability, K::kLevel, "full capacity", "deconditioning limits"},
  {"mood->disability", N::kMood, N::kDisability, K::kLevel, "mood not low", "low mood limits"},
  // mood (step 13)
  {"pain->mood", N::kPain, N::kMood, K::kRate, "pain 0", "pain lowers mood"},
  {"disability->mood", N::kDisability, N::kMood, K::kRate, "no disability", "disability lowers mood"},
  {"support->mood", N::kSupport, N::kMood, K::kRate, "full support", "isolation lowers mood"},
  {"stress->mood", N::kStress, N::kMood, K::kRate, "stress 0", "stress lowers mood"},
  {"care->mood", N::kCare, N::kMood, K::kRate, "vulnerability before care", "therapy lowers the vulnerability to low mood"},
  {"stress->worry", N::kStress, N::kWorry, K::kRate, "stress 0", "stress breeds worry"},
  {"catastrophizing->worry", N::kCatastrophizing, N::kWorry, K::kRate, "catastrophizing 0", "catastrophizing breeds worry"},
  {"care->worry", N::kCare, N::kWorry, K::kRate, "trait anxiety before care", "therapy lowers trait anxiety"},
  // support (step 14)
  {"activity->support", N::kActivity, N::kSupport, K::kRate, "full activity", "withdrawal weakens one's ties"},
  {"mood->support", N::kMood, N::kSupport, K::kRate, "mood not low", "low mood weakens one's ties"},
  {"pain->support", N::kPain, N::kSupport, K::kRate, "pain 0", "pain invites others to take over tasks"},
  // work (step 16): change in the probability of being off work tomorrow
  {"pain->work", N::kPain, N::kWork, K::kRate, "pain 0", "pain delays the return to work"},
  {"fear->work", N::kFear, N::kWork, K::kRate, "fear 0", "fear of movement at work delays the return"},
  {"disability->work", N::kDisability, N::kWork, K::kRate, "no disability", "disability leads to sick leave and delays the return"},
  {"care->work", N::kCare, N::kWork, K::kRate, "no work programme", "work-focused care speeds the return"},
}};
// clang-format on

consteval int L(std::string_view key) {
  for (int i = 0; i < kLinks; ++i)
    if (kLinkTable[std::size_t(i)].key == key) return i;
  throw "unknown link";  // a compile error: every key used below must be in the table
}

float sleepOf(const Params& p, const DayDraws& d, float trait, float stress, float anxiety,
              float pain) {
  return sleepQuality(p, trait, stress, anxiety, pain, d.sleepNoise);
}

struct StressIn {
  float trait, jobStrain, money, life, pain, support;
  bool atWork, lostIncome;
};
float stressOf(const Params& p, float previous, const StressIn& in) {
  return relax(previous,
               stressTarget<float>(p, in.trait, in.jobStrain, in.atWork, in.money, in.life, in.pain,
                                   in.lostIncome, in.support),
               p.stressRate);
}

struct PainIn {
  float nociception, sensitization, catastrophizing, stress, sleep, depression, analgesia;
};
float painOf(const Params& p, const PainIn& in, const DayDraws& d) {
  return painFromDrive(painDrive<float>(
      p, in.nociception, {in.sensitization, in.catastrophizing, in.stress, in.sleep, in.depression},
      in.analgesia, d.painNoise));
}

float activityOf(const Params& p, float previous, const ActivityInputs& in, const CareToday& care) {
  return clamp01(relax(previous, activityTarget(p, in, care), p.activityRate));
}

struct FearIn {
  float activity, pain, catastrophizing, exposure;
};
float fearOf(const Params& p, float previous, const FearIn& in) {
  return nextFear(p, previous, in.exposure > 0.f ? 1.f : in.activity,
                  threatAppraisal(p, in.pain, in.catastrophizing) * (1.f - in.exposure));
}

/// Probability of being off work tomorrow, from today's transition hazards.
struct WorkIn {
  float pain, fear, disability, returnGain;
};
float offTomorrow(const Params& p, const PersonState& b, const PersonState& a, const WorkIn& in) {
  const auto w = WorkStatus(b.workStatus);
  if (w == WorkStatus::kWorking) return std::min(sickLeaveHazard(p, in.disability), 1.f);
  if (!offWork(b.workStatus)) return 0.f;
  const EmployerSupport employer{a.accommodation, a.earlyContact, a.gradedReturn};
  const float back =
      (1.f + in.returnGain) *
      returnToWorkHazard(p, in.pain, workFear(p, in.fear, a.jobStrain, in.pain), in.disability,
                         b.absenceRun, employer, w == WorkStatus::kLongTermDisability);
  return 1.f - std::min(back, 1.f);
}

}  // namespace

const std::array<NodeInfo, kNodes>& nodes() { return kNodeTable; }
const NodeInfo& nodeInfo(Node n) { return kNodeTable[std::size_t(n)]; }
const std::array<LinkInfo, kLinks>& links() { return kLinkTable; }

UntreatedTraits untreatedTraits(const PersonState& s) {
  return {s.catTrait,        s.efficacyTrait, s.stressTrait, s.sleepTrait,
          s.acceptanceTrait, s.moodTrait,     s.anxietyTrait};
}

ReplayedDay replayDay(const Params& p, const PersonState& b, const PersonState& a,
                      const DayDraws& d, const CareToday& care) {
  ReplayedDay r{};
  r.sleep = sleepOf(p, d, a.sleepTrait, b.stress, b.anxiety, b.pain);
  r.stress = stressOf(p, b.stress,
                      {a.stressTrait, a.jobStrain, a.moneyWorries, a.lifeEvents, b.pain,
                       b.supportAutonomy, bool(atWork(b)), bool(lostIncome(b))});
  r.pain = painOf(p,
                  {a.nociception, b.sensitization, b.catastrophizing, r.stress, r.sleep,
                   b.depression, care.analgesia},
                  d);
  r.sensitization =
      nextSensitization(p, a.sensThreshold, b.sensitization, r.pain, r.stress, r.sleep, b.activity);
  r.catastrophizing =
      relax(b.catastrophizing,
            catastrophizingTarget(p, a.catTrait, r.pain, b.efficacy, a.efficacyTrait, r.sleep),
            p.catRate);
  r.activity = activityOf(
      p, b.activity, {r.pain, b.fear, b.efficacy, b.acceptance, b.depression, b.supportSolicitous},
      care);
  r.fear = fearOf(p, b.fear, {r.activity, r.pain, r.catastrophizing, care.exposure});
  r.capacity = nextCapacity(p, b.capacity, r.activity);
  r.efficacy = nextEfficacy(p, b.efficacy, a.efficacyTrait, r.activity, r.pain, b.painExpected,
                            b.supportAutonomy);
  r.disability =
      disabilityLevel(p, r.pain, r.efficacy, r.activity, r.capacity, b.depression, b.acceptance);
  r.depression = relax(b.depression,
                       depressionTarget(p, a.moodTrait, r.pain, b.acceptance, r.disability,
                                        b.supportAutonomy, r.stress),
                       p.depRate);
  r.anxiety =
      relax(b.anxiety, anxietyTarget(p, a.anxietyTrait, r.stress, r.catastrophizing), p.anxRate);
  r.supportAutonomy = relax(b.supportAutonomy,
                            autonomySupportTarget(p, a.supportAvailable, r.activity, r.depression),
                            1.f / p.supportDays);
  r.supportSolicitous =
      relax(b.supportSolicitous, solicitousSupportTarget(a.solicitousAvailable, r.pain),
            p.solicitousRate);
  return r;
}

LinkContributions dayLinks(const Params& p, const PersonState& b, const PersonState& a,
                           const DayDraws& d, const CareToday& care, const UntreatedTraits& u) {
  const ReplayedDay r = replayDay(p, b, a, d, care);
  LinkContributions c{};
  // Each contribution: the effect as it happened minus the effect with the cause at its
  // reference, everything else as it happened.
  c[L("stress->sleep")] = r.sleep - sleepOf(p, d, a.sleepTrait, 0.f, b.anxiety, b.pain);
  c[L("worry->sleep")] = r.sleep - sleepOf(p, d, a.sleepTrait, b.stress, 0.f, b.pain);
  c[L("pain->sleep")] = r.sleep - sleepOf(p, d, a.sleepTrait, b.stress, b.anxiety, 0.f);
  c[L("care->sleep")] = r.sleep - sleepOf(p, d, u.sleep, b.stress, b.anxiety, b.pain);

  const StressIn stressIn{a.stressTrait, a.jobStrain,       a.moneyWorries,  a.lifeEvents,
                          b.pain,        b.supportAutonomy, bool(atWork(b)), bool(lostIncome(b))};
  const auto stressWith = [&](auto change) {
    StressIn in = stressIn;
    change(in);
    return r.stress - stressOf(p, b.stress, in);
  };
  c[L("pain->stress")] = stressWith([](StressIn& in) { in.pain = 0.f; });
  c[L("life->stress")] = stressWith([](StressIn& in) { in.life = 0.f; });
  c[L("work->stress")] = stressWith([&](StressIn& in) {
    in.jobStrain = 0.f;
    in.money = std::min(in.money, a.moneyTrait);
    in.lostIncome = false;
  });
  c[L("support->stress")] = stressWith([](StressIn& in) { in.support = 1.f; });
  c[L("care->stress")] = stressWith([&](StressIn& in) { in.trait = u.stress; });

  // Expected flare input today; each cause set to its reference in turn (pain 0, then
  // activity within capacity, then full capacity), so the three add up.
  const auto flareInput = [&](float activity, float capacity, float pain) {
    return p.flareSizeMean * flareHazard(p, activity, capacity, pain, b.daysSinceOnset);
  };
  const float within = std::min(b.activity, b.capacity);
  const float unguarded = flareInput(b.activity, b.capacity, 0.f);
  const float flareWithin = flareInput(within, b.capacity, 0.f);
  c[L("pain->nociception")] = flareInput(b.activity, b.capacity, b.pain) - unguarded;
  c[L("activity->nociception")] = unguarded - flareWithin;
  c[L("capacity->nociception")] = flareWithin - flareInput(within, 1.f, 0.f);

  const PainIn painIn{a.nociception, b.sensitization, b.catastrophizing, r.stress,
                      r.sleep,       b.depression,    care.analgesia};
  const auto painWith = [&](auto change) {
    PainIn in = painIn;
    change(in);
    return r.pain - painOf(p, in, d);
  };
  c[L("nociception->pain")] = painWith([](PainIn& in) { in.nociception = 0.f; });
  c[L("sensitization->pain")] = painWith([](PainIn& in) { in.sensitization = 0.f; });
  c[L("catastrophizing->pain")] = painWith([](PainIn& in) { in.catastrophizing = 0.f; });
  c[L("stress->pain")] = painWith([](PainIn& in) { in.stress = 0.f; });
  c[L("sleep->pain")] = painWith([](PainIn& in) { in.sleep = 1.f; });
  c[L("mood->pain")] = painWith([](PainIn& in) { in.depression = 0.f; });
  c[L("care->pain")] = painWith([](PainIn& in) { in.analgesia = 0.f; });

  const auto sensWith = [&](float pain, float stress, float sleep, float activity) {
    return r.sensitization -
           nextSensitization(p, a.sensThreshold, b.sensitization, pain, stress, sleep, activity);
  };
  c[L("pain->sensitization")] = sensWith(0.f, r.stress, r.sleep, b.activity);
  c[L("stress->sensitization")] = sensWith(r.pain, 0.f, r.sleep, b.activity);
  c[L("sleep->sensitization")] = sensWith(r.pain, r.stress, 1.f, b.activity);
  c[L("activity->sensitization")] = sensWith(r.pain, r.stress, r.sleep, 1.f);

  const auto catWith = [&](float trait, float pain, float efficacy, float sleep) {
    return r.catastrophizing -
           relax(b.catastrophizing,
                 catastrophizingTarget(p, trait, pain, efficacy, a.efficacyTrait, sleep),
                 p.catRate);
  };
  c[L("pain->catastrophizing")] = catWith(a.catTrait, 0.f, b.efficacy, r.sleep);
  c[L("efficacy->catastrophizing")] = catWith(a.catTrait, r.pain, a.efficacyTrait, r.sleep);
  c[L("sleep->catastrophizing")] = catWith(a.catTrait, r.pain, b.efficacy, 1.f);
  c[L("care->catastrophizing")] = catWith(u.catastrophizing, r.pain, b.efficacy, r.sleep);

  const ActivityInputs activityIn{r.pain,       b.fear,       b.efficacy,
                                  b.acceptance, b.depression, b.supportSolicitous};
  const auto activityWith = [&](auto change, const CareToday& withCare) {
    ActivityInputs in = activityIn;
    change(in);
    return r.activity - activityOf(p, b.activity, in, withCare);
  };
  const auto same = [](ActivityInputs&) {};
  CareToday noQuota = care;
  noQuota.quotaAdherence = 0.f;
  c[L("pain->activity")] = activityWith([](ActivityInputs& in) { in.pain = 0.f; }, care);
  c[L("fear->activity")] = activityWith([](ActivityInputs& in) { in.fear = 0.f; }, care);
  c[L("efficacy->activity")] = activityWith([](ActivityInputs& in) { in.efficacy = 1.f; }, care);
  c[L("mood->activity")] = activityWith([](ActivityInputs& in) { in.depression = 0.f; }, care);
  c[L("support->activity")] = activityWith([](ActivityInputs& in) { in.solicitous = 0.f; }, care);
  c[L("care->activity")] = activityWith(same, noQuota);

  const FearIn fearIn{r.activity, r.pain, r.catastrophizing, care.exposure};
  const auto fearWith = [&](auto change) {
    FearIn in = fearIn;
    change(in);
    return r.fear - fearOf(p, b.fear, in);
  };
  c[L("pain->fear")] = fearWith([](FearIn& in) { in.pain = 0.f; });
  c[L("catastrophizing->fear")] = fearWith([](FearIn& in) { in.catastrophizing = 0.f; });
  c[L("activity->fear")] = fearWith([](FearIn& in) { in.activity = 1.f; });
  c[L("care->fear")] = fearWith([](FearIn& in) { in.exposure = 0.f; });

  c[L("activity->capacity")] = r.capacity - nextCapacity(p, b.capacity, 1.f);

  const auto efficacyWith = [&](float trait, float activity, float pain, float support) {
    return r.efficacy - nextEfficacy(p, b.efficacy, trait, activity, pain, b.painExpected, support);
  };
  c[L("activity->efficacy")] = efficacyWith(a.efficacyTrait, 1.f, r.pain, b.supportAutonomy);
  c[L("pain->efficacy")] = efficacyWith(a.efficacyTrait, r.activity, 0.f, b.supportAutonomy);
  c[L("support->efficacy")] = efficacyWith(a.efficacyTrait, r.activity, r.pain, 1.f);
  c[L("care->efficacy")] = efficacyWith(u.efficacy, r.activity, r.pain, b.supportAutonomy);

  const auto disabilityWith = [&](float pain, float efficacy, float activity, float capacity,
                                  float depression) {
    return r.disability -
           disabilityLevel(p, pain, efficacy, activity, capacity, depression, b.acceptance);
  };
  c[L("pain->disability")] = disabilityWith(0.f, r.efficacy, r.activity, r.capacity, b.depression);
  c[L("efficacy->disability")] = disabilityWith(r.pain, 1.f, r.activity, r.capacity, b.depression);
  c[L("activity->disability")] = disabilityWith(r.pain, r.efficacy, 1.f, r.capacity, b.depression);
  c[L("capacity->disability")] = disabilityWith(r.pain, r.efficacy, r.activity, 1.f, b.depression);
  c[L("mood->disability")] = disabilityWith(r.pain, r.efficacy, r.activity, r.capacity, 0.f);

  const auto moodWith = [&](float trait, float pain, float disability, float support,
                            float stress) {
    return r.depression -
           relax(b.depression,
                 depressionTarget(p, trait, pain, b.acceptance, disability, support, stress),
                 p.depRate);
  };
  c[L("pain->mood")] = moodWith(a.moodTrait, 0.f, r.disability, b.supportAutonomy, r.stress);
  c[L("disability->mood")] = moodWith(a.moodTrait, r.pain, 0.f, b.supportAutonomy, r.stress);
  c[L("support->mood")] = moodWith(a.moodTrait, r.pain, r.disability, 1.f, r.stress);
  c[L("stress->mood")] = moodWith(a.moodTrait, r.pain, r.disability, b.supportAutonomy, 0.f);
  c[L("care->mood")] = moodWith(u.mood, r.pain, r.disability, b.supportAutonomy, r.stress);

  const auto worryWith = [&](float trait, float stress, float catastrophizing) {
    return r.anxiety -
           relax(b.anxiety, anxietyTarget(p, trait, stress, catastrophizing), p.anxRate);
  };
  c[L("stress->worry")] = worryWith(a.anxietyTrait, 0.f, r.catastrophizing);
  c[L("catastrophizing->worry")] = worryWith(a.anxietyTrait, r.stress, 0.f);
  c[L("care->worry")] = worryWith(u.anxiety, r.stress, r.catastrophizing);

  const auto supportWith = [&](float activity, float depression) {
    return r.supportAutonomy -
           relax(b.supportAutonomy,
                 autonomySupportTarget(p, a.supportAvailable, activity, depression),
                 1.f / p.supportDays);
  };
  c[L("activity->support")] = supportWith(1.f, r.depression);
  c[L("mood->support")] = supportWith(r.activity, 0.f);
  c[L("pain->support")] =
      r.supportSolicitous - relax(b.supportSolicitous,
                                  solicitousSupportTarget(a.solicitousAvailable, 0.f),
                                  p.solicitousRate);

  const WorkIn workIn{r.pain, r.fear, r.disability, care.workReturnGain};
  const float off = offTomorrow(p, b, a, workIn);
  const auto workWith = [&](auto change) {
    WorkIn in = workIn;
    change(in);
    return off - offTomorrow(p, b, a, in);
  };
  c[L("pain->work")] = workWith([](WorkIn& in) { in.pain = 0.f; });
  c[L("fear->work")] = workWith([](WorkIn& in) { in.fear = 0.f; });
  c[L("disability->work")] = workWith([](WorkIn& in) { in.disability = 0.f; });
  c[L("care->work")] = workWith([](WorkIn& in) { in.returnGain = 0.f; });
  return c;
}

}  // namespace painsim::models
