// The dolly-depth binary end to end: exit codes, one-line errors naming the
// input, the --json summary, and no output on failure.
#define BOOST_TEST_MODULE dolly_depth_test
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "libs/depth/testing/depth_test_util.h"
#include "libs/depth/testing/monocular_inputs.h"
#include "tools/testing/tool_process.h"

namespace {

namespace t = dolly::depth::testing;
namespace fs = std::filesystem;

using Result = dolly::testing::ProcessResult;

Result Run(const std::string& args) {
  return dolly::testing::RunTool("tools/depth/dolly-depth", args);
}

BOOST_AUTO_TEST_CASE(import_with_json_summary) {
  const std::string dir = t::MakeTestDir("cli_import");
  t::WriteBytes(dir + "/d.npy", t::NpyOf(cv::Mat(3, 5, CV_32F, cv::Scalar(2.0f))));
  const Result r = Run("--quiet --json --fx 50 -i " + dir + "/d.npy -o " + dir + "/d.dolly");
  BOOST_TEST(r.code == 0, r.err);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  BOOST_TEST(doc["frames"].get<int>() == 1);
  BOOST_TEST(doc["width"].get<int>() == 5);
  BOOST_TEST(doc["kind"].get<std::string>() == "metric");
  BOOST_TEST(doc["valid_fraction"].get<double>() == 1.0);
  BOOST_TEST(fs::exists(dir + "/d.dolly"));
}

BOOST_AUTO_TEST_CASE(exit_codes_follow_the_cli_conventions) {
  const std::string dir = t::MakeTestDir("cli_errors");
  const Result missing = Run("-i " + dir + "/missing.npy -o " + dir + "/o.dolly");
  BOOST_TEST(missing.code == 4);
  BOOST_TEST(missing.err.rfind("dolly-depth: " + dir + "/missing.npy", 0) == 0u, missing.err);

  t::WriteBytes(dir + "/bad.npy", "\x93NUMPY garbage");
  const Result bad = Run("-i " + dir + "/bad.npy -o " + dir + "/o.dolly");
  BOOST_TEST(bad.code == 3);
  BOOST_TEST(bad.err.find(dir + "/bad.npy") != std::string::npos, bad.err);
  BOOST_TEST(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
  BOOST_TEST(!fs::exists(dir + "/o.dolly"));

  BOOST_TEST(Run("--backend bogus -i x -o y").code == 2);
  BOOST_TEST(Run("--help").code == 0);
  BOOST_TEST(Run("--version").code == 0);
}

std::string Synth() {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return std::string(runfiles ? runfiles : ".") + "/dolly/tools/synth/dolly-synth";
}

// Every backend through the binary: success, and bad input -> exit 3 with
// no output file.
BOOST_AUTO_TEST_CASE(backends_through_the_binary) {
  const std::string dir = t::MakeTestDir("cli_backends");
  for (int frames : {1, 3}) {
    const std::string command = Synth() + " --quiet --scene orbit_boxes --frames " +
                                std::to_string(frames) +
                                " --width 64 --height 48 --no-mp4 --no-png -o " + dir + "/s" +
                                std::to_string(frames) + " > /dev/null 2>&1";
    BOOST_REQUIRE(std::system(command.c_str()) == 0);
  }
  const std::string s1 = dir + "/s1", s3 = dir + "/s3";
  const Result mvs = Run("--quiet --json --backend mvs --min-depth 1 --max-depth 20 --planes 32 -i " +
                         s3 + "/video.dolly --poses " + s3 + "/camera.dolly -o " + dir + "/mvs.dolly");
  BOOST_TEST(mvs.code == 0, mvs.err);
  BOOST_TEST(nlohmann::json::parse(mvs.out)["frames"].get<int>() == 3);

  const Result one = Run("--backend mvs -i " + s1 + "/video.dolly --poses " + s1 +
                         "/camera.dolly -o " + dir + "/one.dolly");
  BOOST_TEST(one.code == 3, one.err);
  BOOST_TEST(one.err.find(s1 + "/video.dolly") != std::string::npos, one.err);
  const Result mismatch = Run("--backend mvs -i " + s3 + "/video.dolly --poses " + s1 +
                              "/camera.dolly -o " + dir + "/mismatch.dolly");
  BOOST_TEST(mismatch.code == 3, mismatch.err);

  const Result planar = Run("--quiet --backend planar --horizon-row 10 --fx 60 -i " + s3 +
                            "/video.dolly -o " + dir + "/planar.dolly");
  BOOST_TEST(planar.code == 0, planar.err);
  const Result stereo = Run("--backend stereo --baseline 0.1 -i " + s1 + "/video.dolly --right " +
                            s1 + "/video.dolly -o " + dir + "/stereo.dolly");
  BOOST_TEST(stereo.code == 2, stereo.err);  // no --fx
  const Result model = Run("--backend model --model " + dir + "/none.pt -i " + s1 +
                           "/video.dolly -o " + dir + "/model.dolly");
  BOOST_TEST(model.code == 4, model.err);
  for (const char* name : {"one", "mismatch", "stereo", "model"}) {
    BOOST_TEST(!fs::exists(dir + "/" + name + ".dolly"), name);
  }
}

// Poses of monocular odometry: a static camera is refused in one line that
// says what to add (exit 3, no output); a general one takes its depth range
// from the sparse points and says so in the header.
BOOST_AUTO_TEST_CASE(mvs_on_monocular_poses_through_the_binary) {
  const std::string dir = t::MakeTestDir("cli_mvs_mono");
  const std::string command = Synth() + " --quiet --scene orbit_boxes --frames 3 --width 64 "
                              "--height 48 --no-mp4 --no-png -o " + dir + "/s > /dev/null 2>&1";
  BOOST_REQUIRE(std::system(command.c_str()) == 0);
  const std::string scene = dir + "/s";
  t::WriteScaledTrajectory(scene, {{0, 3, 0.5}}, dir + "/general.dolly");
  t::WriteScaledSparseDepth(scene, {{0, 3, 0.5}}, dir + "/sparse.dolly", 100);
  const std::string video = " -i " + scene + "/video.dolly";
  const Result general = Run("--quiet --json --backend mvs --planes 32 --range-from " + dir +
                             "/sparse.dolly --poses " + dir + "/general.dolly" + video + " -o " +
                             dir + "/general_depth.dolly");
  BOOST_TEST(general.code == 0, general.err);
  BOOST_TEST(nlohmann::json::parse(general.out)["frames"].get<int>() == 3);

  const Result both = Run("--backend mvs --min-depth 1 --range-from " + dir + "/sparse.dolly" +
                          " --poses " + dir + "/general.dolly" + video + " -o " + dir +
                          "/both.dolly");
  BOOST_TEST(both.code == 2, both.err);

  t::WriteScaledTrajectory(scene, {{0, 3, 1.0, dolly::schema::MotionKind::STATIC}},
                           dir + "/static.dolly");
  const Result still = Run("--backend mvs --range-from " + dir + "/sparse.dolly --poses " + dir +
                           "/static.dolly" + video + " -o " + dir + "/static_depth.dolly");
  BOOST_TEST(still.code == 3, still.err);
  BOOST_TEST(std::count(still.err.begin(), still.err.end(), '\n') == 1, still.err);
  BOOST_TEST(still.err.rfind("dolly-depth: " + dir + "/static.dolly: segment 0", 0) == 0u,
             still.err);
  BOOST_TEST(still.err.find("static camera") != std::string::npos, still.err);
  BOOST_TEST(still.err.find("add a depth model") != std::string::npos, still.err);
  BOOST_TEST(still.err.find("or a depth file") != std::string::npos, still.err);
  BOOST_TEST(!fs::exists(dir + "/static_depth.dolly"));
  BOOST_TEST(!fs::exists(dir + "/both.dolly"));
}

}  // namespace
