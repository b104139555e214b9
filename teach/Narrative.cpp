#include "teach/Narrative.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace painsim::teach {
namespace {

using sim::Series;

// clang-format off
/// Words for each link: `up` when the link pushed its effect up (or up more than the
/// week before), `down` when it pushed it down (or up less than the week before).
const std::map<std::string_view, LinkWords>& words() {
  static const std::map<std::string_view, LinkWords> w = {
    {"stress->sleep", {"stress eased at bedtime", "stress kept sleep light"}},
    {"worry->sleep", {"there was less to worry about at night", "worry kept sleep away"}},
    {"pain->sleep", {"pain disturbed the nights less", "pain broke up the nights"}},
    {"care->sleep", {"sleep therapy improved the nights", ""}},
    {"pain->stress", {"pain itself was a strain", "pain weighed less"}},
    {"life->stress", {"life events piled on", "life events passed"}},
    {"work->stress", {"job strain, absence and lost income weighed", "work weighed less"}},
    {"support->stress", {"there was little support to share the load", "support shared the load"}},
    {"care->stress", {"", "coping skills from care eased usual stress"}},
    {"activity->nociception", {"doing more than the body was ready for risked flares", "activity came within capacity"}},
    {"capacity->nociception", {"a deconditioned back flared more easily", "regained fitness made flares less likely"}},
    {"pain->nociception", {"", "guarding the sore back spared it flare-ups"}},
    {"nociception->pain", {"the tissue flared", "the tissue healed"}},
    {"sensitization->pain", {"a sensitized nervous system amplified pain", "sensitization faded"}},
    {"catastrophizing->pain", {"catastrophic thinking turned up pain", "catastrophic thinking eased"}},
    {"stress->pain", {"stress turned up pain", "stress eased"}},
    {"sleep->pain", {"poor nights turned up pain the next day", "better nights turned pain down"}},
    {"mood->pain", {"low mood turned up pain", "mood lifted"}},
    {"care->pain", {"", "analgesics damped pain"}},
    {"pain->sensitization", {"sustained pain sensitized the nervous system", "pain let up"}},
    {"stress->sensitization", {"stress sensitized the nervous system", "stress let up"}},
    {"sleep->sensitization", {"poor sleep sensitized the nervous system", "sleep recovered"}},
    {"activity->sensitization",
     {"avoiding movement kept the nervous system sensitized", "keeping active let sensitization fade"}},
    {"pain->catastrophizing", {"pain fed catastrophic thoughts", "pain eased, so catastrophic thoughts quietened"}},
    {"efficacy->catastrophizing", {"lost confidence fed catastrophic thoughts", "regained confidence calmed them"}},
    {"sleep->catastrophizing", {"poor nights fed catastrophic thoughts", "better nights calmed them"}},
    {"care->catastrophizing", {"", "care challenged catastrophic thoughts"}},
    {"pain->activity", {"pain let up enough to do more", "pain cut activity"}},
    {"fear->activity", {"fear loosened its grip", "fear of movement drove avoidance"}},
    {"efficacy->activity", {"confidence returned", "low confidence held activity back"}},
    {"mood->activity", {"mood lifted", "low mood held activity back"}},
    {"support->activity", {"others took over fewer tasks", "others took over tasks"}},
    {"care->activity", {"the programme's activity goals raised activity", ""}},
    {"pain->fear", {"movement hurt", "movement hurt less"}},
    {"catastrophizing->fear", {"the pain was read as harm", "the pain was read less as harm"}},
    {"activity->fear", {"avoidance kept fear from being unlearned", "avoidance eased, so fear could be unlearned"}},
    {"care->fear", {"", "guided exposure disproved the expected harm"}},
    {"activity->capacity", {"activity rebuilt fitness", "avoidance deconditioned the body"}},
    {"activity->efficacy", {"activity gave chances to master", "doing less gave fewer chances to master"}},
    {"pain->efficacy", {"activity hurt less, so it counted as mastery", "activity hurt, so it did not feel like mastery"}},
    {"support->efficacy", {"encouragement built confidence", "there was little encouragement"}},
    {"care->efficacy", {"care built confidence", ""}},
    {"pain->disability", {"pain limited daily tasks", "pain limited less"}},
    {"efficacy->disability", {"low confidence let pain disable", "confidence kept pain from disabling"}},
    {"activity->disability", {"activities were given up", "activities were taken up again"}},
    {"capacity->disability", {"lost fitness limited", "fitness returned"}},
    {"mood->disability", {"low mood limited", "mood lifted"}},
    {"pain->mood", {"pain lowered mood", "pain eased"}},
    {"disability->mood", {"disability lowered mood", "doing more lifted mood"}},
    {"support->mood", {"isolation lowered mood", "company lifted mood"}},
    {"stress->mood", {"stress lowered mood", "stress eased"}},
    {"care->mood", {"", "therapy's work on low mood lifted it"}},
    {"stress->worry", {"stress bred worry", "stress eased"}},
    {"catastrophizing->worry", {"catastrophizing bred worry", "catastrophizing eased"}},
    {"care->worry", {"", "therapy's work on worry eased it"}},
    {"activity->support", {"activity kept ties engaged", "withdrawal weakened ties"}},
    {"mood->support", {"mood lifted, and ties with it", "low mood weakened ties"}},
    {"pain->support", {"pain invited others to take over", "pain invited less help"}},
    {"pain->work", {"pain made work hard to return to", "pain no longer stood in the way of work"}},
    {"fear->work", {"fear of movement at work delayed the return", "fear of work eased"}},
    {"disability->work", {"disability pushed toward sick leave", "disability no longer stood in the way of work"}},
    {"care->work", {"", "the programme helped the return to work"}},
  };
  return w;
}
// clang-format on

/// Latent units (0-1) of a node to the units of its series: the width of its scale
/// (NRS 10, TSK-17 68 - 17 = 51, % 100, days off 7, ...).
double displayScale(Series s) {
  const auto& info = sim::seriesInfo()[std::size_t(s)];
  return info.max - info.min;
}

/// The questionnaire a change is reported on, or "" for percentages and days.
std::string_view scaleName(Series s) {
  switch (s) {
    case Series::kPain:
      return "NRS ";
    case Series::kCatastrophizing:
      return "PCS ";
    case Series::kFear:
      return "TSK ";
    case Series::kMood:
      return "PHQ-9 ";
    case Series::kDisability:
      return "RMDQ ";
    case Series::kEfficacy:
      return "PSEQ ";
    default:
      return "";
  }
}

std::string valueText(Series s, double v) {
  if (s == Series::kPain) return fmt::format("{:.1f}", v);
  const bool percent = scaleName(s).empty() && s != Series::kWork;
  return fmt::format("{:.0f}{}", v, percent ? "%" : "");
}

std::string changeText(Series s, double from, double to) {
  return fmt::format("{}{} \u2192 {}{}", scaleName(s), valueText(s, from), valueText(s, to),
                     s == Series::kWork ? " days off" : "");
}

struct Driver {
  int link;
  double value;  ///< in the series' units; its sign picks the words
};

/// The links that moved series `s` in week `w` in the direction of `delta`.
std::vector<Driver> drivers(const sim::PathResult& r, Series s, std::size_t w, double delta) {
  const auto& info = sim::seriesInfo()[std::size_t(s)];
  const double scale = displayScale(s);
  std::vector<Driver> direct, changed;
  for (int l = 0; l < models::kLinks; ++l) {
    const auto& link = models::links()[std::size_t(l)];
    if (link.effect != info.node) continue;
    const double now = scale * r.links[w][std::size_t(l)];
    const double before = scale * r.links[w - 1][std::size_t(l)];
    if (link.kind == models::EffectKind::kRate && now * delta > 0) direct.push_back({l, now});
    if ((now - before) * delta > 0) changed.push_back({l, now - before});
  }
  // Accumulating states moved by a push this week; otherwise (and for levels) by the
  // pushes that changed since last week.
  const auto total = [](const std::vector<Driver>& d) {
    double t = 0;
    for (const Driver& x : d) t += std::abs(x.value);
    return t;
  };
  std::vector<Driver> chosen = total(direct) >= 0.25 * std::abs(delta) ? direct : changed;
  std::sort(chosen.begin(), chosen.end(),
            [](const Driver& a, const Driver& b) { return std::abs(a.value) > std::abs(b.value); });
  std::vector<Driver> out;
  for (const Driver& d : chosen) {
    if (out.size() == 2 || std::abs(d.value) < 0.3 * std::abs(chosen.front().value)) break;
    const LinkWords lw = linkWords(models::links()[std::size_t(d.link)].key);
    if (!(d.value > 0 ? lw.up : lw.down).empty()) out.push_back(d);
  }
  return out;
}

}  // namespace

LinkWords linkWords(std::string_view key) {
  const auto it = words().find(key);
  return it == words().end() ? LinkWords{} : it->second;
}

double notableChange(Series s) {
  switch (s) {
    case Series::kPain:
      return 0.5;
    case Series::kCatastrophizing:
    case Series::kFear:
    case Series::kEfficacy:
      return 1.5;
    case Series::kMood:
      return 1.0;
    case Series::kWork:
      return 1.0;
    case Series::kDisability:
      return 1.5;
    case Series::kCapacity:
      return 3.0;
    case Series::kSleep:  // night-to-night variation moves weekly sleep by several points
      return 8.0;
    default:
      return 5.0;
  }
}

std::vector<PathEvent> pathEvents(const sim::PathResult& r, const sim::PathSpec& spec) {
  std::vector<PathEvent> out;
  for (const sim::Stressor& s : spec.stressors) {
    out.push_back({sim::weekOfDay(s.firstDay), "the stressful spell begins", false});
    out.push_back({sim::weekOfDay(s.lastDay) + 1, "the stressful spell is over", false});
  }
  for (const sim::CareEvent& e : r.events) out.push_back({sim::weekOfDay(e.day), e.text, true});
  return out;
}

std::vector<Sentence> narrate(const sim::PathResult& r, const std::string& name,
                              const sim::PathSpec& spec, int perWeek) {
  std::vector<Sentence> out;
  std::map<int, std::vector<std::string>> events;
  for (const PathEvent& e : pathEvents(r, spec))
    events[e.week].push_back(e.personal ? name + " " + e.text : e.text);
  for (std::size_t w = 1; w < r.weeks.size() && w < r.links.size(); ++w) {
    struct Move {
      Series s;
      double delta, score;
    };
    std::vector<Move> moves;
    for (int k = 0; k < sim::kSeries; ++k) {
      const auto s = Series(k);
      if (s == Series::kStress && spec.stressors.empty()) continue;
      const double delta = r.weeks[w][std::size_t(k)] - r.weeks[w - 1][std::size_t(k)];
      const double score = std::abs(delta) / notableChange(s);
      if (score >= 1.0) moves.push_back({s, delta, score});
    }
    std::sort(moves.begin(), moves.end(),
              [](const Move& a, const Move& b) { return a.score > b.score; });
    std::vector<std::string> parts;
    if (const auto it = events.find(int(w)); it != events.end())
      for (const auto& e : it->second) parts.push_back(e);
    int described = 0;
    for (const Move& m : moves) {
      if (described == perWeek) break;
      const auto& info = sim::seriesInfo()[std::size_t(m.s)];
      const std::vector<Driver> ds = drivers(r, m.s, w, m.delta);
      if (ds.empty()) continue;
      std::string part = fmt::format(
          "{} {} ({})", m.s == Series::kWork ? std::string("Time off work") : info.label,
          m.delta > 0 ? "rose" : "fell",
          changeText(m.s, r.weeks[w - 1][std::size_t(m.s)], r.weeks[w][std::size_t(m.s)]));
      std::vector<std::string> why;
      for (const Driver& d : ds) {
        const LinkWords lw = linkWords(models::links()[std::size_t(d.link)].key);
        why.emplace_back(d.value > 0 ? lw.up : lw.down);
      }
      part += ": " + fmt::format("{}", fmt::join(why, "; "));
      parts.push_back(part);
      ++described;
    }
    if (parts.empty()) continue;
    std::string text = fmt::format("Week {}: ", w);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      std::string p = parts[i];
      if (!p.empty()) p[0] = char(std::toupper(static_cast<unsigned char>(p[0])));
      text += p + (i + 1 < parts.size() ? ". " : ".");
    }
    out.push_back({int(w), text});
  }
  return out;
}

}  // namespace painsim::teach
