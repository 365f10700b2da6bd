// Progress of long work on stderr: a redrawn bar on a terminal, otherwise a
// plain line at every 10% (so logs of pipelines stay short). With show_rate,
// each line also gives the mean seconds per item so far ("(3/20, 1.52 s/it)"),
// for slow steps such as a sampler's.
#ifndef DOLLY_LIBS_CLI_PROGRESS_H_
#define DOLLY_LIBS_CLI_PROGRESS_H_

#include <cstdint>
#include <string>

namespace dolly::cli {

class Progress {
 public:
  // total <= 0 means unknown: counts are printed without a percentage.
  // show_rate: append the mean seconds per item; `elapsed_s` is time already
  // spent on the work before this object existed (e.g. the first item, when
  // the total is only known once it is done).
  Progress(std::string label, int64_t total, bool show_rate = false, double elapsed_s = 0);
  ~Progress();
  void Advance(int64_t n = 1);
  void Done();

 private:
  void Print(bool final);
  // ", 1.52 s/it" with show_rate and at least one item done, else "".
  std::string Rate() const;

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  int last_decile_ = -1;
  int64_t printed_done_ = -1;
  bool tty_;
  bool quiet_;
  bool finished_ = false;
  bool show_rate_;
  double start_s_;  // steady clock at construction, less elapsed_s
};

}  // namespace dolly::cli

#endif  // DOLLY_LIBS_CLI_PROGRESS_H_
