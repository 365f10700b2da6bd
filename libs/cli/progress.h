// Progress of long work on stderr: a redrawn bar on a terminal, otherwise a
// plain line at every 10% (so logs of pipelines stay short).
#ifndef DOLLY_LIBS_CLI_PROGRESS_H_
#define DOLLY_LIBS_CLI_PROGRESS_H_

#include <cstdint>
#include <string>

namespace dolly::cli {

class Progress {
 public:
  // total <= 0 means unknown: counts are printed without a percentage.
  Progress(std::string label, int64_t total);
  ~Progress();
  void Advance(int64_t n = 1);
  void Done();

 private:
  void Print(bool final);

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  int last_decile_ = -1;
  int64_t printed_done_ = -1;
  bool tty_;
  bool quiet_;
  bool finished_ = false;
};

}  // namespace dolly::cli

#endif  // DOLLY_LIBS_CLI_PROGRESS_H_
