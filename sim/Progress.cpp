#include "sim/Progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace painsim::sim {

ProgressBar::ProgressBar(bool enabled, std::FILE* out)
    : m_enabled(enabled), m_out(out), m_start(std::chrono::steady_clock::now()), m_lastDraw() {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::isTerminal(std::FILE* out) { return ::isatty(::fileno(out)) == 1; }

void ProgressBar::update(std::int64_t done, std::int64_t total, const std::string& label) {
  if (!m_enabled || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - m_lastDraw < std::chrono::milliseconds(100)) return;
  m_lastDraw = now;
  const double fraction = double(done) / double(total);
  const double elapsed = std::chrono::duration<double>(now - m_start).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  constexpr int kWidth = 30;
  const int filled = int(fraction * kWidth);
  fmt::print(m_out, "\r[{:=<{}}{: <{}}] {:3.0f}%  {:<20.20}  elapsed {:.0f}s  ETA {:.0f}s ", "",
             filled, "", kWidth - filled, 100 * fraction, label, elapsed, eta);
  std::fflush(m_out);
  m_drawn = true;
}

void ProgressBar::finish() {
  if (!m_drawn) return;
  fmt::print(m_out, "\r{: <90}\r", "");
  std::fflush(m_out);
  m_drawn = false;
}

}  // namespace painsim::sim
