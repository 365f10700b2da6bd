// The command-line layer every dolly-<stage> shares: common flags, --help and
// --version, exit codes, one-line errors and the --json summary.
//
//   int main(int argc, char** argv) {
//     Options options;
//     return dolly::cli::RunTool(argc, argv, {"dolly-x", "What it does."},
//         [&](CLI::App& app) { app.add_option("-i,--input", options.input)->required(); },
//         [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
//           RunXImpl(options, summary);
//         });
//   }
#ifndef DOLLY_LIBS_CLI_TOOL_H_
#define DOLLY_LIBS_CLI_TOOL_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "libs/cli/summary.h"

namespace CLI {
class App;
}

namespace dolly::cli {

struct CommonOptions {
  bool json = false;             // --json: print the summary object on stdout
  int threads = 0;               // --threads: 0 = all cores
  std::string device = "cpu";    // --device cpu|cuda
  std::optional<uint64_t> seed;  // --seed
  bool quiet = false;            // --quiet: no progress output
};

struct ToolSpec {
  std::string name;
  std::string description;
  // Help text of --json for tools whose JSON output is their own document.
  std::string json_help = "Print a JSON summary (outputs, digests, timings) on stdout";
};

// Parses argv (tool flags added by `configure`, plus --config FILE, --json,
// --threads, --device, --seed, --quiet, --help, --version), runs `run`, and
// returns the exit code: 0 ok, 1 internal error, 2 usage error, 3 invalid
// input, 4 I/O error, 5 device/resource unavailable.
int RunTool(int argc, char** argv, const ToolSpec& spec,
            const std::function<void(CLI::App&)>& configure,
            const std::function<void(const CommonOptions&, Summary*)>& run);

// The options of the running tool (valid inside `run`), so that libraries can
// ask for e.g. quiet mode without threading it through every call.
const CommonOptions& CurrentOptions();

}  // namespace dolly::cli

#endif  // DOLLY_LIBS_CLI_TOOL_H_
