// The dolly-odometry binary end to end: exit codes (0, 2, 3, 4), the --json
// summary, and no output left behind on failure.
#define BOOST_TEST_MODULE dolly_odometry_test
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/synth/synth_test_util.h"
#include "tools/testing/tool_process.h"

namespace {

namespace st = dolly::synth::testing;

using Result = dolly::testing::ProcessResult;
using dolly::testing::FileExists;

Result Run(const std::string& args) {
  return dolly::testing::RunTool("tools/odometry/dolly-odometry", args);
}

std::string Scene(const std::string& name, int frames, int width, int height,
                  bool png = false) {
  dolly::synth::SynthOptions o;
  o.scene = "orbit_boxes";
  o.frames = frames;
  o.width = width;
  o.height = height;
  o.tracks = 64;
  o.write_mp4 = false;
  o.write_png = png;
  return st::RunSynth(o, name).output_dir;
}

// The pose columns of each TUM line (all but the timestamp).
std::vector<std::string> TumPoses(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> poses;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    poses.push_back(line.substr(line.find(' ') + 1));
  }
  return poses;
}

BOOST_AUTO_TEST_CASE(JsonSummaryAndOutputs) {
  const std::string dir = Scene("ok", 8, 128, 96);
  const Result r = Run("--quiet --json -i " + dir + "/video.dolly --depth " + dir +
                       "/depth.dolly --tracks " + dir + "/tracks.dolly -o " + dir +
                       "/odo.dolly --labelled-tracks " + dir + "/labelled.dolly --export-tum " +
                       dir + "/odo.tum");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["lost_frames"].is_array());
  BOOST_TEST(j["frames"].get<int>() == 8);
  BOOST_TEST(j.dump().find("odo.dolly") != std::string::npos);
  BOOST_TEST(FileExists(dir + "/odo.dolly"));
  BOOST_TEST(FileExists(dir + "/labelled.dolly"));
  BOOST_TEST(FileExists(dir + "/odo.tum"));
}

// A folder of PNG frames is an input like the Video artifact holding the
// same pixels: same poses (it used to fail at the end, digesting the folder
// as a file).
BOOST_AUTO_TEST_CASE(FrameDirectoryGivesTheVideosPoses) {
  const std::string dir = Scene("frames_dir", 6, 128, 96, /*png=*/true);
  const std::string common = " --depth " + dir + "/depth.dolly --tracks " + dir + "/tracks.dolly";
  Result r = Run("--quiet -i " + dir + "/video.dolly" + common + " -o " + dir +
                 "/from_video.dolly --export-tum " + dir + "/from_video.tum");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  r = Run("--quiet -i " + dir + "/frames" + common + " -o " + dir +
          "/from_frames.dolly --export-tum " + dir + "/from_frames.tum");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  // Same poses; the timestamps differ only because a folder of PNGs has no
  // frame rate (frame indices) where the Video artifact has its 8 fps.
  const std::vector<std::string> video = TumPoses(dir + "/from_video.tum");
  BOOST_TEST(video.size() == 6u);
  BOOST_TEST(TumPoses(dir + "/from_frames.tum") == video, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ExitCodes) {
  const std::string a = Scene("a", 4, 128, 96);
  const std::string b = Scene("b", 4, 96, 64);
  const std::string one = Scene("one", 1, 128, 96);
  const std::string out = st::TestTmpDir() + "/never.dolly";
  // Mismatched video/depth sizes: invalid input.
  Result r = Run("-i " + a + "/video.dolly --depth " + b + "/depth.dolly -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  // One frame: invalid input.
  r = Run("-i " + one + "/video.dolly --depth " + one + "/depth.dolly -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  // Missing file: I/O error.
  r = Run("-i " + a + "/nope.dolly --depth " + a + "/depth.dolly -o " + out);
  BOOST_TEST(r.code == 4, r.err);
  // Labelled tracks without tracks: usage error.
  r = Run("-i " + a + "/video.dolly --depth " + a + "/depth.dolly --labelled-tracks " + out);
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(!FileExists(out));
  BOOST_TEST(Run("--help").code == 0);
  // Neither frames nor --import: usage error.
  BOOST_TEST(Run("-o " + out).code == 2);
}

// --import: an estimated path exported as TUM comes back as the same
// CameraTrajectory (TUM keeps 9 decimals: poses agree to 1e-6).
BOOST_AUTO_TEST_CASE(ImportRoundTripsAnExport) {
  const std::string a = Scene("import_scene", 6, 96, 64);
  const std::string tum = st::TestTmpDir() + "/path.tum";
  const std::string estimated = st::TestTmpDir() + "/estimated.dolly";
  Result r = Run("-i " + a + "/video.dolly --depth " + a + "/depth.dolly -o " + estimated +
                 " --export-tum " + tum + " --quiet");
  BOOST_REQUIRE(r.code == 0);
  const std::string imported = st::TestTmpDir() + "/imported.dolly";
  r = Run("--import " + tum + " --intrinsics-from " + a + "/depth.dolly -o " + imported +
          " --quiet --json");
  BOOST_REQUIRE(r.code == 0);
  BOOST_TEST(nlohmann::json::parse(r.out)["import_format"] == "tum");
  const auto want = dolly::artifact::ReadArtifact<dolly::schema::CameraTrajectoryInfo>(estimated);
  const auto got = dolly::artifact::ReadArtifact<dolly::schema::CameraTrajectoryInfo>(imported);
  BOOST_REQUIRE(got.frames.size() == want.frames.size());
  BOOST_TEST(got.info.intrinsics.fx == want.info.intrinsics.fx);
  for (size_t i = 0; i < got.frames.size(); ++i) {
    const auto& p = got.frames[i].world_from_camera.translation;
    const auto& q = want.frames[i].world_from_camera.translation;
    BOOST_TEST(std::abs(p.x - q.x) + std::abs(p.y - q.y) + std::abs(p.z - q.z) < 1e-6);
  }
  // A malformed file: exit 3 naming it, nothing written.
  std::ofstream(st::TestTmpDir() + "/bad.tum") << "0 1 2\n";
  const std::string bad_out = st::TestTmpDir() + "/bad_import.dolly";
  r = Run("--import " + st::TestTmpDir() + "/bad.tum -o " + bad_out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("bad.tum") != std::string::npos);
  BOOST_TEST(!FileExists(bad_out));
}

}  // namespace
