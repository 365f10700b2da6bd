// The dolly-motion binary end to end (image mode): exit codes (0, 2, 3, 4),
// the --json summary, a readable MotionRepresentation, one-line errors that
// name the bad file, and no output left behind on failure. Inputs are
// written here: a 96x64 RGB PNG, a DepthSequence artifact (plane at z = 3)
// and an 8-bit label PNG with a square of id 2.
#define BOOST_TEST_MODULE dolly_motion_test
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/media/image_io.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/motion/testing/centred_camera.h"
#include "schemas/depth_types.h"
#include "schemas/motion_types.h"
#include "tools/motion/testing/motion_cli_inputs.h"
#include "tools/testing/tool_process.h"

namespace {

constexpr int kWidth = 96, kHeight = 64;

using Result = dolly::testing::ProcessResult;
using dolly::motion::testing::CentredCamera;
using dolly::testing::FileExists;
using dolly::testing::TestTmpDir;

// Runs the dolly-motion binary with the given arguments.
constexpr auto Run = dolly::testing::RunDollyMotion;

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

// A one-frame DepthSequence whose stored values are `values` (f = 80 px).
void WriteDepth(const std::string& path, const cv::Mat& values,
                dolly::schema::DepthKind::type kind) {
  dolly::testing::WriteOneFrameDepth(path, values, kind,
                                     CentredCamera(80.0, values.cols, values.rows),
                                     "dolly_motion_test");
}

// Inputs in TestTmpDir()/inputs: image.png, depth.dolly (METRIC, z = 3),
// inverse.dolly (RELATIVE_INVERSE_DEPTH, v = 1 / 3), small_depth.dolly
// (48x32), masks.png (id 2 at x in [20, 36), y in [16, 32)).
std::string Inputs() {
  const std::string dir = TestTmpDir() + "/inputs";
  if (FileExists(dir + "/masks.png")) return dir;
  mkdir(dir.c_str(), 0755);
  cv::Mat rgb(kHeight, kWidth, CV_8UC3);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x) rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(2 * x, 3 * y, 100);
  dolly::media::WriteImageRgb(dir + "/image.png", rgb);
  WriteDepth(dir + "/depth.dolly", cv::Mat(kHeight, kWidth, CV_32F, cv::Scalar(3.0f)),
             dolly::schema::DepthKind::METRIC);
  WriteDepth(dir + "/inverse.dolly", cv::Mat(kHeight, kWidth, CV_32F, cv::Scalar(1.0f / 3.0f)),
             dolly::schema::DepthKind::RELATIVE_INVERSE_DEPTH);
  WriteDepth(dir + "/small_depth.dolly", cv::Mat(32, 48, CV_32F, cv::Scalar(3.0f)),
             dolly::schema::DepthKind::METRIC);
  cv::Mat labels(kHeight, kWidth, CV_8U, cv::Scalar(0));
  labels(cv::Rect(20, 16, 16, 16)).setTo(2);
  BOOST_REQUIRE(cv::imwrite(dir + "/masks.png", labels));
  return dir;
}

std::string ImageArgs(const std::string& dir, const std::string& depth = "depth.dolly") {
  return "--image " + dir + "/image.png --depth " + dir + "/" + depth + " --masks " + dir +
         "/masks.png";
}

BOOST_AUTO_TEST_CASE(builds_a_readable_motion_representation) {
  const std::string dir = Inputs();
  Write(dir + "/drags.json", R"({"1": [[27.5, 23.5], [50, 30], [70.5, 40.5]]})");
  Write(dir + "/intent.json", R"({
    "frames": 8, "fps": 10,
    "camera": "orbit left 20 degrees",
    "zoom": 1.5,
    "objects": [{"mask_id": 2, "drags": "drags.json", "yaw_follows_path": true}]
  })");
  const std::string out = TestTmpDir() + "/motion.dolly";
  const Result r = Run("--quiet --json " + ImageArgs(dir) + " --intentions " + dir +
                       "/intent.json -o " + out + " --grid 11 --object-stride 4");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["frames"].get<int>() == 8);
  BOOST_TEST(j["objects"].get<int>() == 1);
  BOOST_TEST(j["drags"].get<int>() == 1);
  BOOST_TEST(j.dump().find("motion.dolly") != std::string::npos);

  const dolly::motion::MotionScene scene = dolly::motion::ReadMotionScene(out);
  BOOST_TEST(scene.frame_count() == 8);
  BOOST_TEST(scene.point_count() == j["points"].get<int>());
  // 11 x 11 scene grid + the square's lattice (x, y in {22, 26, 30, 34}) and
  // centroid pixel, less those on grid pixels: more than the grid alone.
  BOOST_TEST(scene.point_count() > 121);
  BOOST_TEST(scene.fps == 10.0);
  BOOST_TEST_REQUIRE(scene.objects.size() == 1u);
  BOOST_TEST(scene.objects[0].id == 2);
  BOOST_TEST(std::abs(scene.frames.back().camera.fx - 1.5 * 80.0) < 1e-6);
  BOOST_TEST(scene.reference_labels.at<int32_t>(20, 25) == 2);
  const int labelled = static_cast<int>(std::count_if(
      scene.points.begin(), scene.points.end(), [](const auto& p) { return p.object_id == 2; }));
  BOOST_TEST(labelled >= 16);

  const auto artifact =
      dolly::artifact::ReadArtifact<dolly::schema::MotionRepresentationInfo>(out);
  const auto& params = artifact.header.parameters;
  BOOST_TEST(params.at("grid") == "11");
  BOOST_TEST(params.at("object_stride") == "4");
  BOOST_TEST(params.at("source") == "intentions");
  BOOST_TEST(artifact.header.inputs.size() == 4u);
}

// Disparity-like depth (1 / z stored) comes back as z-depth, and says so.
BOOST_AUTO_TEST_CASE(relative_inverse_depth_is_inverted) {
  const std::string dir = Inputs();
  Write(dir + "/still.json", R"({"frames": 4})");
  const std::string out = TestTmpDir() + "/inverse_motion.dolly";
  const Result r = Run("--quiet " + ImageArgs(dir, "inverse.dolly") + " --intentions " + dir +
                       "/still.json -o " + out);
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const dolly::motion::MotionScene scene = dolly::motion::ReadMotionScene(out);
  BOOST_TEST(std::abs(scene.reference_depth.at<float>(10, 10) - 3.0f) < 1e-5);
  BOOST_TEST(std::abs(scene.frames[0].points_world[0].z() - 3.0f) < 1e-5);
  const auto artifact =
      dolly::artifact::ReadArtifact<dolly::schema::MotionRepresentationInfo>(out);
  BOOST_TEST(artifact.header.parameters.at("depth_kind") == "RELATIVE_INVERSE_DEPTH");
  BOOST_TEST(artifact.header.parameters.at("depth_conversion").find("1 /") != std::string::npos);
}

// Bad intentions: exit 3, one line on stderr naming the file, no output.
void ExpectInvalid(const std::string& intent, const std::string& named) {
  const std::string dir = Inputs();
  const std::string out = TestTmpDir() + "/never.dolly";
  const Result r = Run(ImageArgs(dir) + " --intentions " + dir + "/" + intent + " -o " + out);
  BOOST_TEST(r.code == 3, intent << ": " << r.err);
  BOOST_TEST(r.err.find(named) != std::string::npos, intent << ": " << r.err);
  BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
  BOOST_TEST(!FileExists(out));
}

BOOST_AUTO_TEST_CASE(bad_intentions_exit_3_naming_the_file) {
  const std::string dir = Inputs();
  // A drag outside the 96x64 image, in a drag file.
  Write(dir + "/outside_drags.json", "[[[10, 10], [200, 20]]]");
  Write(dir + "/outside.json",
        R"({"frames": 8, "objects": [{"mask_id": 2, "drags": "outside_drags.json"}]})");
  ExpectInvalid("outside.json", "outside_drags.json");
  // An unknown camera preset.
  Write(dir + "/preset.json", R"({"frames": 8, "camera": {"preset": "spin", "magnitude": 1}})");
  ExpectInvalid("preset.json", "preset.json");
  // A PAC pose file with 11 numbers on a line.
  Write(dir + "/poses.txt", "1 0 0 0 0 1 0 0 0 0 1 0\n1 0 0 0 0 1 0 0 0 0 1\n");
  Write(dir + "/poses.json",
        R"({"frames": 2, "camera": {"poses": "poses.txt", "format": "pac"}})");
  ExpectInvalid("poses.json", "poses.txt");
  // Three keyframes for a two-frame clip.
  Write(dir + "/keys.json",
        R"({"frames": 2, "objects": [{"mask_id": 2, "drags": [[[27, 23], [30, 25], [33, 27]]]}]})");
  ExpectInvalid("keys.json", "keys.json");
  // A mask id that the label image does not have.
  Write(dir + "/absent.json",
        R"({"frames": 4, "objects": [{"mask_id": 9, "drags": [[[27, 23], [30, 25]]]}]})");
  ExpectInvalid("absent.json", "masks.png");
  // Not JSON at all.
  Write(dir + "/broken.json", "{\"frames\": 4,\n");
  ExpectInvalid("broken.json", "broken.json");
}

// --convention pac: PAC's query grid (W//30 = 3, H//30 = 2 steps: 32 x 32
// points) lifted through its 500 px pinhole, PAC's pan, the convention and
// the object-map depth recorded; the depth's intrinsics (f = 80) are unused.
BOOST_AUTO_TEST_CASE(convention_pac_builds_pacs_scene) {
  const std::string dir = Inputs();
  Write(dir + "/pan.json", R"({"frames": 16, "camera": {"preset": "pan_left", "magnitude": 10}})");
  const std::string out = TestTmpDir() + "/pac.dolly";
  const Result r = Run("--quiet --json " + ImageArgs(dir) + " --intentions " + dir +
                       "/pan.json -o " + out + " --convention pac");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(nlohmann::json::parse(r.out)["convention"].get<std::string>() == "pac");
  const dolly::motion::MotionScene scene = dolly::motion::ReadMotionScene(out);
  BOOST_TEST(scene.convention == "pac");
  BOOST_TEST(scene.point_count() == 32 * 32);
  BOOST_TEST(scene.reference_camera.fx == 500.0);
  BOOST_TEST(scene.reference_camera.cx == kWidth / 2.0);
  BOOST_TEST(scene.frames[15].camera.fx == 500.0);
  BOOST_TEST_REQUIRE(scene.object_map_depth.size() == 1024u);
  // A flat z = 3 map has no range: PAC's depth cue is 0.5 everywhere.
  BOOST_TEST(scene.object_map_depth[7] == 0.5f);
  // Pan left 10 degrees: the last camera looks 10 degrees to the left.
  const Eigen::Vector3d forward = scene.frames[15].world_from_camera.linear().col(2);
  BOOST_TEST(forward.x() < 0.0);
  BOOST_TEST(std::acos(forward.z()) * 180.0 / M_PI == 10.0, boost::test_tools::tolerance(1e-6));
  // PAC ignores intrinsics, so a focal override is a usage error.
  const Result fx = Run(ImageArgs(dir) + " --intentions " + dir + "/pan.json -o " + out +
                        "2 --convention pac --fx 100");
  BOOST_TEST(fx.code == 2, fx.err);
  const Result bad = Run(ImageArgs(dir) + " --intentions " + dir + "/pan.json -o " + out +
                         "2 --convention opengl");
  BOOST_TEST(bad.code == 2, bad.err);
}

// The last gaps of --convention pac, through the binary: a PAC pose file of
// 2 poses (the identity, then a 12 degree turn about y) over 16 frames turns
// 12 * k / 15 degrees at frame k (PAC's interpolate_slerp on a key pair), and
// a segment without "magnitude" takes PAC's default (pan: 10 degrees). The
// dolly convention refuses both (exit 3).
BOOST_AUTO_TEST_CASE(convention_pac_resamples_short_pose_files_and_defaults_magnitudes) {
  const std::string dir = Inputs();
  const double a = 12.0 * M_PI / 180.0;
  char key[200];
  std::snprintf(key, sizeof(key), "%.17g 0 %.17g 0 0 1 0 0 %.17g 0 %.17g 0\n", std::cos(a),
                std::sin(a), -std::sin(a), std::cos(a));
  Write(dir + "/two.txt", std::string("1 0 0 0 0 1 0 0 0 0 1 0\n") + key);
  Write(dir + "/two.json", R"({"frames": 16, "camera": {"poses": "two.txt", "format": "pac"}})");
  Write(dir + "/pan_default.json", R"({"frames": 16, "camera": {"preset": "pan_left"}})");
  const auto turned = [](const dolly::motion::MotionScene& scene, int k) {
    const Eigen::Vector3d forward = scene.frames[k].world_from_camera.linear().col(2);
    return std::acos(std::clamp(forward.z(), -1.0, 1.0)) * 180.0 / M_PI;
  };
  for (const std::string name : {"two", "pan_default"}) {
    BOOST_TEST_INFO(name);
    const std::string out = TestTmpDir() + "/" + name + ".dolly";
    const Result r = Run("--quiet " + ImageArgs(dir) + " --intentions " + dir + "/" + name +
                         ".json -o " + out + " --convention pac");
    BOOST_TEST_REQUIRE(r.code == 0, r.err);
    const dolly::motion::MotionScene scene = dolly::motion::ReadMotionScene(out);
    BOOST_TEST_REQUIRE(scene.frame_count() == 16);
    const double total = name == "two" ? 12.0 : 10.0;
    BOOST_TEST(turned(scene, 15) == total, boost::test_tools::tolerance(1e-6));
    if (name == "two") {
      for (int k = 1; k < 15; ++k) {
        BOOST_TEST(turned(scene, k) == total * k / 15.0, boost::test_tools::tolerance(1e-6));
      }
    }
    const Result dolly = Run(ImageArgs(dir) + " --intentions " + dir + "/" + name + ".json -o " +
                             out + "2");
    BOOST_TEST(dolly.code == 3, dolly.err);
    BOOST_TEST(!FileExists(out + "2"));
  }
}

BOOST_AUTO_TEST_CASE(other_exit_codes) {
  const std::string dir = Inputs();
  Write(dir + "/still.json", R"({"frames": 4})");
  const std::string out = TestTmpDir() + "/never.dolly";
  // Missing --image: usage error listing it.
  Result r = Run("--depth " + dir + "/depth.dolly --intentions " + dir + "/still.json -o " + out);
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(r.err.find("--image") != std::string::npos, r.err);
  // Depth of another size than the image: invalid input naming both.
  r = Run(ImageArgs(dir, "small_depth.dolly") + " --intentions " + dir + "/still.json -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("small_depth.dolly") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("image.png") != std::string::npos, r.err);
  // An RGB image as masks: invalid input naming it.
  r = Run("--image " + dir + "/image.png --depth " + dir + "/depth.dolly --masks " + dir +
          "/image.png --intentions " + dir + "/still.json -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("image.png: label image") != std::string::npos, r.err);
  // Missing intentions file: I/O error.
  r = Run(ImageArgs(dir) + " --intentions " + dir + "/nope.json -o " + out);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(!FileExists(out));
  // Mixing the modes, or a driving mode without its camera: usage errors.
  r = Run("--tracks t.dolly --camera c.dolly --depth " + dir + "/depth.dolly --image " + dir +
          "/image.png -o " + out);
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(r.err.find("--reference-image") != std::string::npos, r.err);
  r = Run("--tracks t.dolly --depth " + dir + "/depth.dolly -o " + out);
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(r.err.find("missing: --camera") != std::string::npos, r.err);
  BOOST_TEST(!std::ifstream(out).good());
  BOOST_TEST(Run("--help").code == 0);
  BOOST_TEST(Run("--version").code == 0);
}

}  // namespace
