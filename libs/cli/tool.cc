#include "libs/cli/tool.h"

#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "libs/core/error.h"
#include "libs/core/version.h"

namespace dolly::cli {
namespace {

CommonOptions g_options;

int Report(const ToolSpec& spec, ExitCode code, const std::string& message) {
  std::cerr << spec.name << ": " << message << std::endl;
  return static_cast<int>(code);
}

}  // namespace

const CommonOptions& CurrentOptions() { return g_options; }

int RunTool(int argc, char** argv, const ToolSpec& spec,
            const std::function<void(CLI::App&)>& configure,
            const std::function<void(const CommonOptions&, Summary*)>& run) {
  CLI::App app(spec.description, spec.name);
  app.set_version_flag("--version", spec.name + " " + kVersion);
  app.set_config("--config", "", "Read flags from a TOML or INI file");
  CommonOptions options;
  uint64_t seed = 0;
  app.add_flag("--json", options.json, spec.json_help);
  app.add_option("--threads", options.threads, "Worker threads (0 = all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--device", options.device, "Where learned stages run")
      ->check(CLI::IsMember({"cpu", "cuda"}));
  CLI::Option* seed_option = app.add_option("--seed", seed, "Random seed (same seed, same bytes)");
  app.add_flag("--quiet", options.quiet, "No progress output on stderr");
  try {
    configure(app);
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << spec.name << " " << kVersion << std::endl;
    return 0;
  } catch (const CLI::ParseError& e) {
    return Report(spec, ExitCode::kUsage, std::string(e.what()) + " (see --help)");
  } catch (const Error& e) {
    return Report(spec, e.code(), e.what());
  }
  if (seed_option->count() > 0) options.seed = seed;
  g_options = options;

  Summary summary;
  summary.Set("tool", spec.name);
  summary.Set("version", kVersion);
  if (options.seed) summary.Set("seed", *options.seed);
  const Stopwatch clock;
  try {
    run(options, &summary);
  } catch (const Error& e) {
    return Report(spec, e.code(), e.what());
  } catch (const std::bad_alloc&) {
    return Report(spec, ExitCode::kResourceUnavailable, "out of memory");
  } catch (const std::exception& e) {
    return Report(spec, ExitCode::kInternal, std::string("internal error: ") + e.what());
  }
  summary.AddTiming("total", clock.Seconds());
  if (options.json && summary.printing()) std::cout << summary.json().dump(2) << std::endl;
  return 0;
}

}  // namespace dolly::cli
