// The one JSON object a tool prints on stdout with --json.
#ifndef DOLLY_LIBS_CLI_SUMMARY_H_
#define DOLLY_LIBS_CLI_SUMMARY_H_

#include <string>

#include <nlohmann/json.hpp>

namespace dolly::cli {

class Summary {
 public:
  // Records an output file with its SHA-256 (computed now; "-" has none).
  void AddOutput(const std::string& role, const std::string& path);
  void AddTiming(const std::string& name, double seconds);
  void Set(const std::string& key, nlohmann::json value);
  // For tools whose --json output is their own document (dolly-inspect):
  // RunTool then prints nothing more on stdout.
  void SuppressPrinting() { printing_ = false; }
  bool printing() const { return printing_; }
  nlohmann::json& json() { return json_; }
  const nlohmann::json& json() const { return json_; }

 private:
  nlohmann::json json_ = nlohmann::json::object();
  bool printing_ = true;
};

// Wall-clock seconds since construction; for the summary's timings.
class Stopwatch {
 public:
  Stopwatch();
  double Seconds() const;

 private:
  double start_;
};

}  // namespace dolly::cli

#endif  // DOLLY_LIBS_CLI_SUMMARY_H_
