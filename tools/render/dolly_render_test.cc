// The dolly-render binary end to end: a small MotionRepresentation (written
// here through libs/motion/representation) rendered with previews; exit codes
// 0, 2, 3, 4; one-line errors; no output left behind on failure.
#define BOOST_TEST_MODULE dolly_render_test
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/controls/control_artifact.h"
#include "libs/motion/representation/motion_artifact.h"
#include "tools/testing/tool_process.h"

namespace {

using Result = dolly::testing::ProcessResult;
using dolly::testing::FileExists;
using dolly::testing::ReadFile;
using dolly::testing::TestTmpDir;

long FileSize(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0 ? long(s.st_size) : -1;
}

Result Run(const std::string& args) {
  return dolly::testing::RunTool("tools/render/dolly-render", args);
}

// 64 x 48, 6 frames: the camera trucks right while object 1 (a labelled
// square of the reference image, with a box and a drag) moves right.
std::string WriteMotion(const std::string& path, double truck = 0.02) {
  using namespace dolly;
  constexpr int kW = 64, kH = 48, kFrames = 6;
  motion::MotionScene s;
  s.source = "intentions";
  s.fps = 8.0;
  geometry::PinholeCamera k;
  k.fx = k.fy = 60.0;
  k.cx = (kW - 1) / 2.0;
  k.cy = (kH - 1) / 2.0;
  k.width = kW;
  k.height = kH;
  s.reference_camera = k;
  std::vector<Eigen::Vector3d> p0;
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 6; ++i)
      p0.push_back(k.Unproject(Eigen::Vector2d(4 + 11 * i, 4 + 12 * j), 3.0));
  }
  for (size_t i = 0; i < p0.size(); ++i) {
    motion::ScenePoint p;
    p.radius = 0.04f;
    p.reference_pixel = k.Project(p0[i]).cast<float>();
    p.object_id = i >= 12 && i < 15 ? 1 : -1;
    s.points.push_back(p);
  }
  motion::SceneObject object;
  object.id = 1;
  object.name = "square";
  object.world_from_box = Eigen::Isometry3d(Eigen::Translation3d(0, 0, 2.5));
  object.box_size = Eigen::Vector3d(0.6, 0.6, 0.6);
  s.objects.push_back(object);
  motion::DragPath drag;
  drag.object_id = 1;
  for (int t = 0; t < kFrames; ++t) {
    const Eigen::Isometry3d motion(Eigen::Translation3d(0.05 * t, 0, 0));
    drag.world.push_back(motion * Eigen::Vector3d(0, 0, 2.5));
    motion::SceneFrame f;
    f.world_from_camera = Eigen::Isometry3d(Eigen::Translation3d(truck * t, 0, 0));
    f.camera = k;
    for (size_t i = 0; i < p0.size(); ++i) {
      f.points_world.push_back((s.points[i].object_id == 1 ? motion * p0[i] : p0[i]).cast<float>());
      f.visible.push_back(1);
    }
    f.object_motions.push_back(motion);
    s.frames.push_back(f);
  }
  s.drags.push_back(drag);
  s.reference_rgb.create(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) s.reference_rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 4, y * 5, 128);
  }
  s.reference_depth = cv::Mat(kH, kW, CV_32FC1, cv::Scalar(3.0f));
  s.reference_labels = cv::Mat(kH, kW, CV_32SC1, cv::Scalar(0));
  const cv::Rect square(24, 16, 16, 16);
  s.reference_depth(square).setTo(2.5f);
  s.reference_labels(square).setTo(1);
  artifact::WriteArtifact(path,
                          motion::ToMotionArtifact(s, artifact::MakeHeader("dolly-render-test")));
  return path;
}

int Lines(const std::string& text) { return int(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

BOOST_AUTO_TEST_CASE(renders_controls_and_previews) {
  const std::string dir = TestTmpDir() + "/ok";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string motion = WriteMotion(dir + "/motion.dolly");
  const Result r = Run("--quiet --json -i " + motion + " -o " + dir +
                       "/controls.dolly --previews " + dir + "/previews");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["frames"].get<int>() == 6);

  dolly::artifact::ArtifactReader<dolly::schema::ControlSignalsInfo> reader(dir +
                                                                            "/controls.dolly");
  BOOST_TEST(reader.info().width == 64);
  BOOST_TEST(reader.info().height == 48);
  BOOST_TEST(reader.info().frame_count == 6);
  BOOST_TEST(reader.info().object_map_mode == "pac");
  BOOST_TEST(reader.info().camera_map_mode == "pac");
  BOOST_TEST(reader.header().tool_name == "dolly-render");
  BOOST_TEST(reader.header().inputs.size() == 1u);
  dolly::schema::ControlFrame frame;
  int frames = 0;
  while (reader.NextFrame(&frame)) {
    const dolly::controls::ControlImages images = dolly::controls::FromControlFrame(frame);
    BOOST_TEST(!images.object_map.empty());
    BOOST_TEST(!images.camera_map.empty());
    BOOST_TEST(!images.trajectory_map.empty());
    BOOST_TEST(!images.box_wireframes.empty());
    BOOST_TEST(!images.warp_preview.empty());
    BOOST_TEST(!images.warp_coverage.empty());
    BOOST_TEST(images.depth.type() == CV_32FC1);
    ++frames;
  }
  BOOST_TEST(frames == 6);

  const char* names[] = {"object_map",   "camera_map",    "trajectory_map", "box_wireframes",
                         "warp_preview", "warp_coverage", "depth"};
  for (const char* name : names) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(j["previews"].contains(name));
      const std::string mp4 = j["previews"][name].get<std::string>();
      BOOST_TEST(FileSize(mp4) > 0);
      BOOST_TEST(FileExists(dir + "/previews/" + name + "/000005.png"));
    }
  }
}

BOOST_AUTO_TEST_CASE(modes_sizes_and_skipped_maps) {
  const std::string dir = TestTmpDir() + "/modes";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string motion = WriteMotion(dir + "/motion.dolly");
  const Result r = Run("--quiet -i " + motion + " -o " + dir +
                       "/c.dolly --object-map spheres --camera-map intrinsics "
                       "--width 32 --no-warp "
                       "--no-depth");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const auto a = dolly::artifact::ReadArtifact<dolly::schema::ControlSignalsInfo>(dir + "/c.dolly");
  BOOST_TEST(a.info.width == 32);
  BOOST_TEST(a.info.height == 24);
  BOOST_TEST(a.info.object_map_mode == "spheres");
  BOOST_TEST(a.info.camera_map_mode == "intrinsics");
  BOOST_REQUIRE(a.frames.size() == 6u);
  BOOST_TEST(!a.frames[0].__isset.warp_preview);
  BOOST_TEST(!a.frames[0].__isset.depth);
  BOOST_TEST(a.frames[0].__isset.object_map);
}

BOOST_AUTO_TEST_CASE(bad_input_and_usage) {
  const std::string dir = TestTmpDir() + "/bad";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string motion = WriteMotion(dir + "/motion.dolly");
  const std::string out = dir + "/never.dolly";

  // Truncated MotionRepresentation: invalid input, one line, no output.
  const std::string bytes = ReadFile(motion);
  const std::string truncated = dir + "/truncated.dolly";
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  Result r = Run("--quiet -i " + truncated + " -o " + out + " --previews " + dir + "/p1");
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(!FileExists(out));
  BOOST_TEST(!FileExists(dir + "/p1"));

  // Not a motion artifact: a text file, and an artifact of another kind.
  std::ofstream(dir + "/text.dolly") << "hello\n";
  r = Run("--quiet -i " + dir + "/text.dolly -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(!FileExists(out));
  BOOST_REQUIRE(Run("--quiet -i " + motion + " -o " + dir + "/controls.dolly").code == 0);
  r = Run("--quiet -i " + dir + "/controls.dolly -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("ControlSignals") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(out));

  // Usage errors: exit 2, nothing written.
  BOOST_TEST(Run("-i " + motion + " -o " + out + " --object-map discs").code == 2);
  BOOST_TEST(Run("-i " + motion + " -o " + out + " --camera-map fisheye").code == 2);
  BOOST_TEST(Run("-i " + motion + " -o " + out + " --width -4").code == 2);
  BOOST_TEST(Run("-i " + motion).code == 2);
  BOOST_TEST(Run("-i " + motion + " -o - --previews " + dir + "/p2").code == 2);
  BOOST_TEST(!FileExists(out));
  // A camera that leaves the camera map's envelope (x = 100 at frame 2):
  // invalid input after frames were streamed, and still no output.
  const std::string far = WriteMotion(dir + "/far.dolly", 50.0);
  r = Run("--quiet -i " + far + " -o " + out + " --previews " + dir + "/p4");
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("frame 2") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(out));
  BOOST_TEST(!FileExists(dir + "/p4"));
  // A previews directory that is not empty: I/O error before any work.
  BOOST_REQUIRE(std::system(("mkdir -p " + dir + "/p3 && touch " + dir + "/p3/x").c_str()) == 0);
  r = Run("--quiet -i " + motion + " -o " + out + " --previews " + dir + "/p3");
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(!FileExists(out));
  // Missing input: I/O error.
  r = Run("--quiet -i " + dir + "/nope.dolly -o " + out);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(!FileExists(out));
  BOOST_TEST(Run("--help").code == 0);
  BOOST_TEST(Run("--version").code == 0);
}
