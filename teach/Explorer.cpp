#include "teach/Explorer.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "teach/Lesson.hpp"

namespace painsim::teach {
namespace {

nlohmann::json errorJson(const std::string& message) { return {{"error", message}}; }

std::string programmeLabel(const std::string& name) {
  std::string label = name;
  std::replace(label.begin(), label.end(), '_', ' ');
  if (!label.empty()) label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

}  // namespace

const std::vector<Control>& controls() {
  using P = sim::Profile;
  static const std::vector<Control> c = {
      {"catastrophizing", "Catastrophizing", "reading pain as a sign of harm (PCS/52)", 0, 1, 0.01,
       0.4, &P::catastrophizing},
      {"fear", "Fear of movement", "at the start of the episode ((TSK-17)/51)", 0, 1, 0.01, 0.4,
       &P::fear},
      {"sleep", "Sleep quality", "usual sleep (1 = sleeps well)", 0, 1, 0.01, 0.6, &P::sleep},
      {"stress", "Stress", "usual stress outside the episode", 0, 1, 0.01, 0.3, &P::stress},
      {"support", "Support", "support one's people give (autonomy-promoting)", 0, 1, 0.01, 0.6,
       &P::support},
      {"job_strain", "Job strain", "high demands, low control (while at work)", 0, 1, 0.01, 0.4,
       &P::jobStrain},
      {"injury", "Injury", "size of the injury, times the usual (injury.severity_mean)", 0.25, 3,
       0.05, 1, &P::injury},
  };
  return c;
}

sim::PathSpec parseRequest(const std::string& body, const ExplorerOptions& o) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    throw RequestError(fmt::format("the request body is not JSON ({})", e.what()));
  }
  if (!j.is_object())
    throw RequestError("expected a JSON object such as {\"catastrophizing\": 0.5}");
  sim::PathSpec spec;
  std::vector<std::string> known{"programme", "start_week"};
  for (const Control& c : controls()) {
    known.push_back(c.key);
    spec.profile.*c.member = float(c.value);
    const auto it = j.find(c.key);
    if (it == j.end()) continue;
    if (!it->is_number())
      throw RequestError(fmt::format("'{}': expected a number in [{}, {}], got {}", c.key, c.min,
                                     c.max, it->dump()));
    const double v = it->get<double>();
    if (!(v >= c.min && v <= c.max))
      throw RequestError(
          fmt::format("'{}': {} is out of range; allowed [{}, {}]", c.key, v, c.min, c.max));
    spec.profile.*c.member = float(v);
  }
  for (const auto& [key, value] : j.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw RequestError(
          fmt::format("unknown key '{}'; allowed keys: {}", key, fmt::join(known, ", ")));
  std::string programme = "none";
  if (const auto it = j.find("programme"); it != j.end()) {
    if (!it->is_string()) throw RequestError("'programme': expected a programme name (a string)");
    programme = it->get<std::string>();
  }
  const auto names = sim::programmeNames();
  if (programme != "none" && std::find(names.begin(), names.end(), programme) == names.end())
    throw RequestError(
        fmt::format("'programme': unknown programme \"{}\"; expected none or one of {}", programme,
                    fmt::join(names, ", ")));
  int startWeek = 8;
  if (const auto it = j.find("start_week"); it != j.end()) {
    if (!it->is_number_integer())
      throw RequestError(fmt::format("'start_week': expected a whole number of weeks in [0, {}]",
                                     o.setting.weeks));
    const auto w = it->get<std::int64_t>();
    if (w < 0 || w > o.setting.weeks)
      throw RequestError(
          fmt::format("'start_week': {} is out of range; allowed [0, {}]", w, o.setting.weeks));
    startWeek = int(w);
  }
  if (programme != "none") spec.care = sim::CarePlan{programme, 7 * startWeek + 1};
  return spec;
}

nlohmann::json simulate(const ExplorerOptions& o, const sim::PathSpec& spec) {
  const auto start = std::chrono::steady_clock::now();
  CasePath path{"This person", "as set on the left", "the traits and circumstances of the sliders",
                spec};
  nlohmann::json paths = nlohmann::json::array();
  paths.push_back(pathJson(o.setting, path, o.people, 0));
  nlohmann::json j = resultJson(o.setting, std::move(paths));
  j["people"] = o.people;
  j["elapsed_ms"] =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return j;
}

std::string explorerPage(const ExplorerOptions& o) {
  nlohmann::json data;
  data["kind"] = "explorer";
  data["title"] = "painsim explorer: one person and 1,000 like them";
  data["api"] = "/api/simulate";
  nlohmann::json cs = nlohmann::json::array();
  sim::PathSpec initial;
  for (const Control& c : controls()) {
    cs.push_back({{"key", c.key},
                  {"label", c.label},
                  {"help", c.help},
                  {"min", c.min},
                  {"max", c.max},
                  {"step", c.step},
                  {"value", c.value}});
    initial.profile.*c.member = float(c.value);
  }
  data["controls"] = std::move(cs);
  nlohmann::json programmes = nlohmann::json::array();
  programmes.push_back({{"name", "none"}, {"label", "No programme"}});
  for (const auto& name : sim::programmeNames())
    programmes.push_back({{"name", name}, {"label", programmeLabel(name)}});
  data["programmes"] = std::move(programmes);
  data["start_week"] = {{"min", 0}, {"max", o.setting.weeks}, {"value", 8}};
  data["initial"] = simulate(o, initial);
  return teachPage("painsim explorer", data);
}

void serve(const ExplorerOptions& o, const std::atomic<bool>& stop,
           const std::function<void(int)>& listening) {
  httplib::Server server;
  const std::string page = explorerPage(o);
  server.set_payload_max_length(64 * 1024);
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(page, "text/html; charset=utf-8");
  });
  server.Post("/api/simulate", [&](const httplib::Request& req, httplib::Response& res) {
    try {
      const sim::PathSpec spec = parseRequest(req.body, o);
      res.set_content(simulate(o, spec).dump(), "application/json");
    } catch (const RequestError& e) {
      res.status = 400;
      res.set_content(errorJson(e.what()).dump(), "application/json");
    }
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        res.status = 500;
        res.set_content(errorJson("internal error: " + what).dump(), "application/json");
      });
  const int port = o.port == 0 ? server.bind_to_any_port(o.host) : o.port;
  if (port < 0 || (o.port != 0 && !server.bind_to_port(o.host, o.port)))
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{} (in use, or not an address of "
                    "this machine?)",
                    o.host, o.port));
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!stop.load() && !done.load()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
  });
  if (listening) listening(port);
  server.listen_after_bind();
  done.store(true);
  watcher.join();
}

}  // namespace painsim::teach
