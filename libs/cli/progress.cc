#include "libs/cli/progress.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "libs/cli/tool.h"

namespace dolly::cli {

namespace {
double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Progress::Progress(std::string label, int64_t total, bool show_rate, double elapsed_s)
    : label_(std::move(label)),
      total_(total),
      tty_(isatty(STDERR_FILENO) != 0),
      quiet_(CurrentOptions().quiet),
      show_rate_(show_rate),
      start_s_(NowSeconds() - elapsed_s) {}

std::string Progress::Rate() const {
  if (!show_rate_ || done_ <= 0) return "";
  char text[48];
  std::snprintf(text, sizeof text, ", %.2f s/it", (NowSeconds() - start_s_) / done_);
  return text;
}

Progress::~Progress() {
  if (!finished_ && tty_ && !quiet_ && last_decile_ >= 0) std::fputc('\n', stderr);
}

void Progress::Advance(int64_t n) {
  done_ += n;
  Print(false);
}

void Progress::Done() {
  if (finished_) return;
  Print(true);
  finished_ = true;
}

void Progress::Print(bool final) {
  if (quiet_) return;
  const std::string rate = Rate();
  const int percent = total_ > 0 ? static_cast<int>(100 * std::min(done_, total_) / total_) : -1;
  if (tty_) {
    constexpr int kWidth = 30;
    if (percent >= 0) {
      const int filled = percent * kWidth / 100;
      std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% (%lld/%lld%s)  ", label_.c_str(), filled,
                   "##############################", kWidth - filled, "", percent,
                   static_cast<long long>(done_), static_cast<long long>(total_), rate.c_str());
    } else {
      std::fprintf(stderr, "\r%s: %lld%s  ", label_.c_str(), static_cast<long long>(done_),
                   rate.c_str());
    }
    if (final) std::fputc('\n', stderr);
    last_decile_ = 0;
    std::fflush(stderr);
    return;
  }
  // Not a terminal: one line per 10% (or per 10 items when the total is unknown).
  const int decile = percent >= 0 ? percent / 10 : static_cast<int>(done_ / 10);
  if (decile == last_decile_ && !(final && printed_done_ != done_)) return;
  last_decile_ = decile;
  printed_done_ = done_;
  if (percent >= 0) {
    std::fprintf(stderr, "%s: %d%% (%lld/%lld%s)\n", label_.c_str(), percent,
                 static_cast<long long>(done_), static_cast<long long>(total_), rate.c_str());
  } else {
    std::fprintf(stderr, "%s: %lld%s\n", label_.c_str(), static_cast<long long>(done_),
                 rate.c_str());
  }
  std::fflush(stderr);
}

}  // namespace dolly::cli
