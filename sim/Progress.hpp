#pragma once
// A progress bar with ETA for terminals. Silent when disabled (--quiet, or
// standard error is not a terminal).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace painsim::sim {

class ProgressBar {
 public:
  /// enabled = false makes every call a no-op.
  explicit ProgressBar(bool enabled, std::FILE* out = stderr);
  ~ProgressBar();

  /// Redraws at most ten times a second.
  void update(std::int64_t done, std::int64_t total, const std::string& label);
  /// Clears the bar's line.
  void finish();

  /// True when `out` is an interactive terminal.
  static bool isTerminal(std::FILE* out);

 private:
  bool m_enabled;
  bool m_drawn = false;
  std::FILE* m_out;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace painsim::sim
