#include "libs/cli/progress.h"

#include <unistd.h>

#include <cstdio>

#include "libs/cli/tool.h"

namespace dolly::cli {

Progress::Progress(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      tty_(isatty(STDERR_FILENO) != 0),
      quiet_(CurrentOptions().quiet) {}

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
  const int percent = total_ > 0 ? static_cast<int>(100 * std::min(done_, total_) / total_) : -1;
  if (tty_) {
    constexpr int kWidth = 30;
    if (percent >= 0) {
      const int filled = percent * kWidth / 100;
      std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% (%lld/%lld)", label_.c_str(), filled,
                   "##############################", kWidth - filled, "", percent,
                   static_cast<long long>(done_), static_cast<long long>(total_));
    } else {
      std::fprintf(stderr, "\r%s: %lld", label_.c_str(), static_cast<long long>(done_));
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
    std::fprintf(stderr, "%s: %d%% (%lld/%lld)\n", label_.c_str(), percent,
                 static_cast<long long>(done_), static_cast<long long>(total_));
  } else {
    std::fprintf(stderr, "%s: %lld\n", label_.c_str(), static_cast<long long>(done_));
  }
  std::fflush(stderr);
}

}  // namespace dolly::cli
