#pragma once
// `painsim explore`: a local web server (cpp-httplib) with a page where a learner sets
// a person's traits and circumstances and a programme, and sees that person and 1,000
// people like them re-simulated (docs/teaching.md).
//
//   GET  /              the page (report/teach.js in explorer mode; offline, no CDN)
//   POST /api/simulate  {"catastrophizing": 0.6, ..., "programme": "cbt", "start_week": 8}
//                       -> the result document; 400 {"error": "..."} for bad input

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "sim/Individual.hpp"

namespace painsim::teach {

struct ExplorerOptions {
  std::string host = "127.0.0.1";  ///< loopback only unless asked
  int port = 8080;                 ///< 0 = any free port
  int people = 1000;               ///< people like the person
  sim::Setting setting;            ///< defaults, seed, whose baseline, weeks
};

/// Input the page (or anyone) sent that cannot be used: a 400 with this message.
class RequestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One slider (or the injury): its key, label and range on the 0-1 latent scale.
struct Control {
  std::string key, label, help;
  double min, max, step, value;
  float sim::Profile::*member;
};
const std::vector<Control>& controls();

/// The request as a path to live; throws RequestError naming the key and the range.
sim::PathSpec parseRequest(const std::string& body, const ExplorerOptions& o);

/// The result document for `spec` (one path, with the band), with "elapsed_ms".
nlohmann::json simulate(const ExplorerOptions& o, const sim::PathSpec& spec);

/// The page served at "/".
std::string explorerPage(const ExplorerOptions& o);

/// Serves until `stop` becomes true. Calls `listening(port)` once the socket is bound.
/// Throws std::runtime_error when the address cannot be bound.
void serve(const ExplorerOptions& o, const std::atomic<bool>& stop,
           const std::function<void(int)>& listening);

}  // namespace painsim::teach
