#include "libs/cli/summary.h"

#include <chrono>

#include "libs/core/sha256.h"

namespace dolly::cli {

void Summary::AddOutput(const std::string& role, const std::string& path) {
  nlohmann::json entry = {{"role", role}, {"path", path}};
  if (path != "-") entry["sha256"] = Sha256File(path);
  json_["outputs"].push_back(entry);
}

void Summary::AddTiming(const std::string& name, double seconds) {
  json_["timings_s"][name] = seconds;
}

void Summary::Set(const std::string& key, nlohmann::json value) { json_[key] = std::move(value); }

namespace {
double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Stopwatch::Stopwatch() : start_(Now()) {}
double Stopwatch::Seconds() const { return Now() - start_; }

}  // namespace dolly::cli
