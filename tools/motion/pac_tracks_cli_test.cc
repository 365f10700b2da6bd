// dolly-motion on Perception-as-Control's own input: a track file without
// masks (testdata/intentions/pac_tracks.json, PAC's structure), given
// directly as --intentions and named by an intentions file. The reference
// is written here at the examples' 512 x 320: a red disc (centre (150, 170),
// radius 40, z = 2) and a blue box (x in [330, 390), y in [95, 145), z = 3)
// before a grey backdrop at z = 6. Tracks 0 and 4 start on the disc, track 1
// on the box, tracks 2 and 3 are pins on the backdrop.
#define BOOST_TEST_MODULE pac_tracks_cli_test
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/media/image_io.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/motion/testing/centred_camera.h"
#include "schemas/depth_types.h"
#include "tools/motion/testing/motion_cli_inputs.h"
#include "tools/testing/tool_process.h"

namespace {

constexpr int kWidth = 512, kHeight = 320;

using Result = dolly::testing::ProcessResult;
using dolly::testing::FileExists;
using dolly::testing::TestTmpDir;

// Runs the dolly-motion binary with the given arguments.
constexpr auto Run = dolly::testing::RunDollyMotion;

std::string Testdata(const std::string& name) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/" + std::getenv("TEST_WORKSPACE") +
         "/testdata/intentions/" + name;
}

struct Reference {
  std::string dir;
  cv::Mat disc, box;  // the true masks
};

Reference Inputs() {
  Reference ref;
  ref.dir = TestTmpDir() + "/pac_inputs";
  mkdir(ref.dir.c_str(), 0755);
  cv::Mat rgb(kHeight, kWidth, CV_8UC3, cv::Scalar(0));
  cv::Mat depth(kHeight, kWidth, CV_32F, cv::Scalar(6.0f));
  cv::randu(rgb, cv::Scalar(110, 110, 110), cv::Scalar(140, 140, 140));
  ref.disc = cv::Mat(kHeight, kWidth, CV_8U, cv::Scalar(0));
  cv::circle(ref.disc, {150, 170}, 40, 255, cv::FILLED);
  ref.box = cv::Mat(kHeight, kWidth, CV_8U, cv::Scalar(0));
  ref.box(cv::Rect(330, 95, 60, 50)).setTo(255);
  rgb.setTo(cv::Scalar(220, 40, 30), ref.disc);
  depth.setTo(2.0f, ref.disc);
  rgb.setTo(cv::Scalar(40, 60, 210), ref.box);
  depth.setTo(3.0f, ref.box);
  dolly::media::WriteImageRgb(ref.dir + "/image.png", rgb);
  dolly::testing::WriteOneFrameDepth(ref.dir + "/depth.dolly", depth,
                                     dolly::schema::DepthKind::METRIC,
                                     dolly::motion::testing::CentredCamera(400.0, kWidth, kHeight),
                                     "pac_tracks_cli_test");
  return ref;
}

std::string ImageArgs(const Reference& ref) {
  return "--image " + ref.dir + "/image.png --depth " + ref.dir + "/depth.dolly";
}

double Iou(const cv::Mat& a, const cv::Mat& b) {
  return double(cv::countNonZero(a & b)) / cv::countNonZero(a | b);
}

// What every run of the track file must give: five points (the tracks), the
// disc and the box segmented and moved, the pins still.
void CheckScene(const dolly::motion::MotionScene& scene, const Reference& ref) {
  BOOST_TEST_REQUIRE(scene.point_count() == 5);
  BOOST_TEST(scene.frame_count() == 16);
  BOOST_TEST_REQUIRE(scene.objects.size() == 2u);  // tracks 0 and 4 share the disc
  BOOST_TEST(scene.drags.size() == 3u);
  BOOST_TEST(scene.points[0].object_id == scene.points[4].object_id);
  BOOST_TEST(scene.points[2].object_id == -1);
  BOOST_TEST(scene.points[3].object_id == -1);
  BOOST_TEST(scene.points[2].reference_pixel.x() == 60.0f);
  const cv::Mat disc = scene.reference_labels == scene.points[0].object_id;
  const cv::Mat box = scene.reference_labels == scene.points[1].object_id;
  BOOST_TEST_MESSAGE("disc IoU " << Iou(disc, ref.disc) << ", box IoU " << Iou(box, ref.box));
  BOOST_TEST(Iou(disc, ref.disc) >= 0.95);
  BOOST_TEST(Iou(box, ref.box) >= 0.95);
  // The regions move by their tracks' mean displacement, in pixels of the
  // reference camera at the region's depth: the disc (120 + 86) / 2 px right
  // at z = 2 (its two tracks keep their heading: no turn), the box 35 px up
  // at z = 3.
  const Eigen::Isometry3d& disc_motion =
      scene.frames.back().object_motions[scene.points[0].object_id == scene.objects[0].id ? 0 : 1];
  const Eigen::Isometry3d& box_motion =
      scene.frames.back().object_motions[scene.points[1].object_id == scene.objects[0].id ? 0 : 1];
  const double f = scene.reference_camera.fx;
  BOOST_TEST(std::abs(f * disc_motion.translation().x() / 2.0 - 103.0) < 1e-3);
  BOOST_TEST(std::abs(f * box_motion.translation().y() / 3.0 + 35.0) < 1e-3);
  // The pins stay where they were in every frame.
  for (const auto& frame : scene.frames) {
    BOOST_TEST((frame.points_world[2] - scene.frames[0].points_world[2]).norm() == 0.0f);
  }
}

BOOST_AUTO_TEST_CASE(the_track_file_runs_as_the_intentions) {
  const Reference ref = Inputs();
  const std::string out = TestTmpDir() + "/direct.dolly";
  const Result r = Run("--quiet --json " + ImageArgs(ref) + " --intentions " +
                       Testdata("pac_tracks.json") + " -o " + out);
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["points"].get<int>() == 5);
  BOOST_TEST(j["objects"].get<int>() == 2);
  const dolly::motion::MotionScene scene = dolly::motion::ReadMotionScene(out);
  CheckScene(scene, ref);
  // Still camera: the object map shows each track at its interpolated pixel;
  // track 2 (a pin) at (60, 60) in every frame, track 0 at its last point.
  const auto& last = scene.frames.back();
  const Eigen::Vector3d p = last.world_from_camera.inverse() * last.points_world[0].cast<double>();
  BOOST_TEST(std::abs(last.camera.fx * p.x() / p.z() + last.camera.cx - 270.0) < 1e-3);
  BOOST_TEST(std::abs(last.camera.fy * p.y() / p.z() + last.camera.cy - 180.0) < 1e-3);
}

BOOST_AUTO_TEST_CASE(the_track_file_runs_from_an_intentions_file_in_both_conventions) {
  const Reference ref = Inputs();
  for (const std::string convention : {"dolly", "pac"}) {
    const std::string out = TestTmpDir() + "/named_" + convention + ".dolly";
    const Result r = Run("--quiet " + ImageArgs(ref) + " --convention " + convention +
                         " --intentions " + Testdata("pac_tracks_intent.json") + " -o " + out);
    BOOST_TEST_REQUIRE(r.code == 0, convention << ": " << r.err);
    CheckScene(dolly::motion::ReadMotionScene(out), ref);
  }
}

// Malformed PAC track files: exit 3, one line naming the file and the
// position, no output.
BOOST_AUTO_TEST_CASE(malformed_track_files_exit_3_with_one_line) {
  const Reference ref = Inputs();
  const struct {
    const char* name;
    const char* text;
    const char* message;
  } cases[] = {
      {"two_numbers.json", "[[[150, 170, 0.5], [190, 165, 0.5]],\n [[60, 60]]]",
       "two_numbers.json:2: track 1 point 0: expected 3 numbers [x, y, d] like the file's first "
       "point, got 2"},
      {"empty_track.json", "[[[150, 170, 0.5]],\n [],\n [[60, 60, 0.5]]]",
       "empty_track.json:2: track 1: expected a non-empty list of points"},
      {"outside.json", "[[[150, 170, 0.5], [512, 165, 0.5]]]",
       "outside.json:1: track 0 point 1: (512, 165) is outside the 512x320 image"},
  };
  for (const auto& c : cases) {
    const std::string path = ref.dir + "/" + c.name;
    std::ofstream(path) << c.text;
    const std::string out = TestTmpDir() + "/never.dolly";
    const Result r = Run(ImageArgs(ref) + " --intentions " + path + " -o " + out);
    BOOST_TEST(r.code == 3, c.name << ": " << r.err);
    BOOST_TEST(r.err.find(ref.dir + "/" + c.message) != std::string::npos, r.err);
    BOOST_TEST(std::count(r.err.begin(), r.err.end(), '\n') == 1, r.err);
    BOOST_TEST(!FileExists(out));
  }
}

}  // namespace
