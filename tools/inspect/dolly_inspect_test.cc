// The dolly-inspect binary end to end: exit codes, one JSON document on
// stdout with --json, stdin, and --help.
#define BOOST_TEST_MODULE dolly_inspect_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "libs/inspect/testing/test_artifacts.h"
#include "tools/testing/tool_process.h"

namespace {

namespace t = dolly::inspect::testing;

using Result = dolly::testing::ProcessResult;

// Runs the tool with `args` (already shell-quoted where needed).
Result Run(const std::string& args, const std::string& stdin_path = "") {
  return dolly::testing::RunTool("tools/inspect/dolly-inspect", args, stdin_path);
}

BOOST_AUTO_TEST_CASE(json_prints_exactly_one_document) {
  const std::string path = t::WriteCamera(t::MakeTestDir("cli_json") + "/c.dolly");
  const Result result = Run("--json --quiet " + path);
  BOOST_TEST(result.code == 0);
  // parse() rejects trailing content, so a second object (the RunTool
  // summary) would fail here.
  const nlohmann::json doc = nlohmann::json::parse(result.out);
  BOOST_TEST(doc["frames"].size() == 5u);
  BOOST_TEST(doc["header"]["tool_name"].get<std::string>() == "dolly-test");
  BOOST_TEST(!doc.contains("timings_s"));
}

BOOST_AUTO_TEST_CASE(summary_and_stdin) {
  const std::string path = t::WriteDepth(t::MakeTestDir("cli_summary") + "/d.dolly");
  const Result result = Run("-", path);
  BOOST_TEST(result.code == 0);
  BOOST_TEST(result.out.find("kind          DepthSequence (schema version 4)") != std::string::npos);
  BOOST_TEST(result.out.find("FLOAT32[3, 4, 6] min 0.5 max 18.25 mean 9.375") != std::string::npos);
  BOOST_TEST(Run("--input " + path).out == Run(path).out);
}

BOOST_AUTO_TEST_CASE(export_from_a_pipe_lists_what_it_wrote) {
  const std::string root = t::MakeTestDir("cli_export");
  const std::string path = t::WriteTracks(root + "/t.dolly");
  const Result result = Run("- --quiet --export " + root + "/out", path);
  BOOST_TEST(result.code == 0);
  BOOST_TEST(result.out.find("exported TrackSet to " + root + "/out/") != std::string::npos);
  BOOST_TEST(result.out.find("tracks/  4 files") != std::string::npos);
  BOOST_TEST(std::filesystem::exists(root + "/out/tracks.mp4"));
}

BOOST_AUTO_TEST_CASE(exit_codes_follow_the_cli_conventions) {
  const std::string root = t::MakeTestDir("cli_errors");
  const Result missing = Run(root + "/missing.dolly");
  BOOST_TEST(missing.code == 4);
  BOOST_TEST(missing.err.rfind("dolly-inspect: " + root + "/missing.dolly", 0) == 0u);
  BOOST_TEST(missing.out.empty());

  t::WriteBytes(root + "/garbage.dolly", "garbage garbage garbage");
  const Result garbage = Run("--json " + root + "/garbage.dolly");
  BOOST_TEST(garbage.code == 3);
  BOOST_TEST(garbage.err.rfind("dolly-inspect: " + root + "/garbage.dolly", 0) == 0u);
  BOOST_TEST(garbage.out.empty());

  const Result exported = Run(root + "/garbage.dolly --export " + root + "/out");
  BOOST_TEST(exported.code == 3);
  BOOST_TEST(!std::filesystem::exists(root + "/out"));

  BOOST_TEST(Run("").code == 2);                                    // no input
  BOOST_TEST(Run("--full " + root + "/garbage.dolly").code == 2);   // --full without --json
  BOOST_TEST(Run("--colormap rainbow x.dolly").code == 2);
  const Result help = Run("--help");
  BOOST_TEST(help.code == 0);
  BOOST_TEST(help.out.find("--export") != std::string::npos);
  BOOST_TEST(Run("--version").code == 0);
}

}  // namespace
