#define BOOST_TEST_MODULE cli_tool
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "libs/cli/tool.h"
#include "libs/core/error.h"

namespace dolly::cli {
namespace {

// Runs a tool body with argv and captures exit code, stdout and stderr.
struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome Run(std::vector<std::string> args, const std::function<void(const CommonOptions&, Summary*)>& body,
            std::string* input = nullptr) {
  std::vector<char*> argv;
  std::string name = "dolly-test";
  argv.push_back(name.data());
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  std::string dummy;
  const int code = RunTool(
      static_cast<int>(argv.size()), argv.data(), {"dolly-test", "A test tool."},
      [&](CLI::App& app) { app.add_option("-i,--input", input ? *input : dummy); }, body);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {code, out.str(), err.str()};
}

void Nothing(const CommonOptions&, Summary*) {}

}  // namespace

BOOST_AUTO_TEST_CASE(help_and_version_exit_zero) {
  Outcome help = Run({"--help"}, Nothing);
  BOOST_TEST(help.code == 0);
  BOOST_TEST(help.out.find("--input") != std::string::npos);
  BOOST_TEST(help.out.find("--json") != std::string::npos);
  Outcome version = Run({"--version"}, Nothing);
  BOOST_TEST(version.code == 0);
  BOOST_TEST(version.out.find("dolly-test 0.") == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_flag_is_a_usage_error_on_one_line) {
  Outcome o = Run({"--no-such-flag"}, Nothing);
  BOOST_TEST(o.code == 2);
  BOOST_TEST(o.err.find("dolly-test: ") == 0u);
  BOOST_TEST(o.err.find('\n') == o.err.size() - 1);
  BOOST_TEST(Run({"--device", "tpu"}, Nothing).code == 2);
}

BOOST_AUTO_TEST_CASE(errors_map_to_their_exit_codes) {
  auto throwing = [](auto error) {
    return [error](const CommonOptions&, Summary*) { throw error; };
  };
  BOOST_TEST(Run({}, throwing(InvalidInputError("x.dolly: bad magic"))).code == 3);
  BOOST_TEST(Run({}, throwing(IoError("x.dolly: cannot open"))).code == 4);
  BOOST_TEST(Run({}, throwing(ResourceError("cuda: not available"))).code == 5);
  BOOST_TEST(Run({}, throwing(UsageError("--frames: must be positive"))).code == 2);
  BOOST_TEST(Run({}, throwing(std::runtime_error("boom"))).code == 1);
  BOOST_TEST(Run({}, throwing(std::bad_alloc())).code == 5);
  const Outcome o = Run({}, throwing(InvalidInputError("x.dolly: bad magic")));
  BOOST_TEST(o.err == "dolly-test: x.dolly: bad magic\n");
}

BOOST_AUTO_TEST_CASE(json_summary_holds_seed_outputs_and_timings) {
  const Outcome o = Run({"--json", "--seed", "7", "--threads", "1"},
                        [](const CommonOptions& common, Summary* summary) {
                          BOOST_TEST(common.threads == 1);
                          BOOST_TEST(*common.seed == 7u);
                          summary->Set("frames", 16);
                        });
  BOOST_TEST(o.code == 0);
  const auto json = nlohmann::json::parse(o.out);
  BOOST_TEST(json["seed"].get<int>() == 7);
  BOOST_TEST(json["frames"].get<int>() == 16);
  BOOST_TEST(json["tool"].get<std::string>() == "dolly-test");
  BOOST_TEST(json["timings_s"]["total"].get<double>() >= 0.0);
}

BOOST_AUTO_TEST_CASE(config_file_supplies_flags) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir ? dir : "/tmp") + "/tool.toml";
  FILE* f = fopen(path.c_str(), "w");
  std::fputs("input = \"from-config.dolly\"\n", f);
  fclose(f);
  std::string input;
  const Outcome o = Run({"--config", path}, Nothing, &input);
  BOOST_TEST(o.code == 0);
  BOOST_TEST(input == "from-config.dolly");
  BOOST_TEST(Run({"--config", "/nonexistent/x.toml"}, Nothing).code == 2);
}

}  // namespace dolly::cli

#include "libs/cli/progress.h"

namespace dolly::cli {

// Off a terminal (as under Bazel), progress is a short log: at most one line
// per tenth of the work, ending with the final count.
BOOST_AUTO_TEST_CASE(progress_off_a_terminal_prints_a_line_per_tenth) {
  char path[] = "/tmp/progress-XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  dup2(fd, STDERR_FILENO);
  {
    Progress progress("work", 1000);
    for (int i = 0; i < 1000; ++i) progress.Advance();
    progress.Done();
  }
  {
    Progress unknown("items", 0);
    for (int i = 0; i < 25; ++i) unknown.Advance();
    unknown.Done();
  }
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  close(fd);
  unlink(path);
  BOOST_REQUIRE(!lines.empty());
  int work_lines = 0;
  for (const auto& line : lines) work_lines += line.rfind("work: ", 0) == 0;
  BOOST_TEST(work_lines <= 11);
  BOOST_TEST(work_lines >= 10);
  BOOST_TEST((std::find(lines.begin(), lines.end(), "work: 100% (1000/1000)") != lines.end()));
  BOOST_TEST(lines.back() == "items: 25");
}

// With show_rate each line ends in the mean seconds per item, counting the
// time spent before the Progress existed.
BOOST_AUTO_TEST_CASE(progress_shows_seconds_per_item) {
  char path[] = "/tmp/progress-XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  fflush(stderr);
  const int saved = dup(STDERR_FILENO);
  dup2(fd, STDERR_FILENO);
  {
    Progress steps("sampling", 4, true, 8.0);  // 8 s already spent
    for (int i = 0; i < 4; ++i) steps.Advance();
    steps.Done();
  }
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  close(fd);
  unlink(path);
  BOOST_REQUIRE(lines.size() == 4u);
  // "sampling: 25% (1/4, 8.00 s/it)": at least 8 s for the first item, at
  // least 2 s per item over all four (lower bounds only: no wall-clock limits).
  const auto rate = [](const std::string& line, const std::string& prefix) {
    BOOST_TEST_REQUIRE(line.rfind(prefix, 0) == 0u, line);
    BOOST_TEST_REQUIRE(line.substr(line.size() - 6) == " s/it)", line);
    return std::stod(line.substr(prefix.size()));
  };
  BOOST_TEST(rate(lines[0], "sampling: 25% (1/4, ") >= 8.0);
  BOOST_TEST(rate(lines[3], "sampling: 100% (4/4, ") >= 2.0);
}

}  // namespace dolly::cli
