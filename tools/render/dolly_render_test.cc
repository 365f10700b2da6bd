// The dolly-render binary end to end: a small MotionRepresentation (written
// here through libs/motion/representation) rendered with previews; exit codes
// 0, 2, 3, 4; one-line errors; no output left behind on failure. Asset mode
// (--asset): a cube OBJ written here rendered from the multi-view rig.
#define BOOST_TEST_MODULE dolly_render_test
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/asset/normalize.h"
#include "libs/asset/read_asset.h"
#include "libs/controls/control_artifact.h"
#include "libs/media/image_io.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/rig/asset_views.h"
#include "libs/rig/multiview_rig.h"
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
                       "--trajectory-map posetraj --width 32 --no-warp "
                       "--no-depth");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const auto a = dolly::artifact::ReadArtifact<dolly::schema::ControlSignalsInfo>(dir + "/c.dolly");
  BOOST_TEST(a.info.width == 32);
  BOOST_TEST(a.info.height == 24);
  BOOST_TEST(a.info.object_map_mode == "spheres");
  BOOST_TEST(a.info.camera_map_mode == "intrinsics");
  BOOST_TEST(a.info.trajectory_map_mode == "posetraj");
  BOOST_REQUIRE(a.frames.size() == 6u);
  BOOST_TEST(!a.frames[0].__isset.warp_preview);
  BOOST_TEST(!a.frames[0].__isset.depth);
  BOOST_TEST(a.frames[0].__isset.object_map);
}

// A bundle (JSON + module files; rendering reads only the JSON) that was
// trained on PoseTraj's trajectory maps at 32 x 24.
std::string WritePosetrajBundle(const std::string& dir) {
  BOOST_REQUIRE(std::system(("mkdir -p " + dir + " && touch " + dir + "/unet.pt").c_str()) == 0);
  std::ofstream(dir + "/bundle.json") << R"({"name": "posetraj-like", "prediction": "edm",
  "schedule": {"type": "karras", "sigma_min": 0.002, "sigma_max": 700, "rho": 7},
  "defaults": {"sampler": "euler", "steps": 4, "guidance": {"min": 1.0, "max": 3.0}},
  "size": {"width": 32, "height": 24, "frames": 6},
  "modules": {"denoiser": "unet.pt"},
  "conditions": {"trajectory": "trajectory_map"},
  "controls": {"trajectory_map": "posetraj"}})";
  return dir;
}

BOOST_AUTO_TEST_CASE(bundle_sets_the_modes_and_size_it_was_trained_on) {
  const std::string dir = TestTmpDir() + "/bundle";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string motion = WriteMotion(dir + "/motion.dolly");
  const std::string bundle = WritePosetrajBundle(dir + "/posetraj");
  Result r = Run("--quiet -i " + motion + " -o " + dir + "/c.dolly --bundle " + bundle);
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const auto controls = dolly::artifact::ReadArtifact<dolly::schema::ControlSignalsInfo>(dir + "/c.dolly");
  BOOST_TEST(controls.info.width == 32);
  BOOST_TEST(controls.info.height == 24);
  BOOST_TEST(controls.info.trajectory_map_mode == "posetraj");

  // A mode the bundle was not trained on: usage error naming both, no output.
  r = Run("--quiet -i " + motion + " -o " + dir + "/never.dolly --trajectory-map dolly --bundle " +
          bundle + "/bundle.json");
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(r.err.find("--trajectory-map dolly, but bundle") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(dir + "/never.dolly"));
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

  // Cut inside the last frame: the frames before it are rendered and
  // streamed out first, and still nothing is left behind.
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() - 64);
  r = Run("--quiet -i " + truncated + " -o " + out + " --previews " + dir + "/p1");
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
  BOOST_TEST(Run("-i " + motion + " -o " + out + " --trajectory-map paths").code == 2);
  BOOST_TEST(Run("-i " + motion + " -o " + out + " --width -4").code == 2);
  BOOST_TEST(Run("-i " + motion).code == 2);
  BOOST_TEST(Run("-i " + motion + " -o - --previews " + dir + "/p2").code == 2);
  BOOST_TEST(!FileExists(out));
  // A camera that leaves PAC's camera-map envelope (x = 100 at frame 2) is
  // rendered as PyTorch3D renders it, the cube seen from outside: no error.
  const std::string far = WriteMotion(dir + "/far.dolly", 50.0);
  r = Run("--quiet -i " + far + " -o " + dir + "/far_controls.dolly");
  BOOST_TEST(r.code == 0, r.err);
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

// --- Asset mode: a static asset rendered from the multi-view rig.

namespace {

// A cube with corners at `lo` and lo + 2 (so normalising scales it by 0.5),
// per-vertex colours, six quads; `faces` false writes the vertices only.
std::string WriteCubeObj(const std::string& path, double lo = 0.0, bool faces = true) {
  std::ofstream out(path);
  for (int c = 0; c < 8; ++c) {
    const int x = c & 1, y = (c >> 1) & 1, z = (c >> 2) & 1;
    out << "v " << lo + 2 * x << " " << lo + 2 * y << " " << lo + 2 * z << " " << 0.2 + 0.6 * x
        << " " << 0.2 + 0.6 * y << " " << 0.2 + 0.6 * z << "\n";
  }
  if (faces) {
    out << "f 1 3 4 2\nf 5 6 8 7\nf 1 2 6 5\nf 3 7 8 4\nf 1 5 7 3\nf 2 4 8 6\n";
  }
  return path;
}

cv::Mat ReadUnchanged(const std::string& path) { return cv::imread(path, cv::IMREAD_UNCHANGED); }

}  // namespace

BOOST_AUTO_TEST_CASE(asset_views) {
  const std::string dir = TestTmpDir() + "/asset";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string obj = WriteCubeObj(dir + "/cube.obj");
  const std::string out = dir + "/views";
  const Result r = Run("--quiet --json --asset " + obj + " -o " + out + " --size 64");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  BOOST_TEST(summary["views"].get<int>() == 4);
  BOOST_TEST(summary["mode"].get<std::string>() == "asset");

  // The reference: the library's render of the normalised asset.
  dolly::asset::StaticAsset asset = dolly::asset::ReadAsset(obj);
  dolly::asset::NormalizeToUnitCube(&asset);
  dolly::rig::RigSpec spec;
  spec.width = spec.height = 64;
  const std::vector<dolly::rig::RigCamera> rig = dolly::rig::MakeRig(spec);
  const std::vector<dolly::rig::AssetView> expected = dolly::rig::RenderAssetViews(asset, rig);

  for (int k = 0; k < 4; ++k) {
    BOOST_TEST_CONTEXT("view " << k) {
      const std::string view = out + "/view_0" + std::to_string(k);
      const cv::Mat rgb = dolly::media::ReadImageRgb(view + "/rgb.png");
      const cv::Mat mask = ReadUnchanged(view + "/mask.png");
      const cv::Mat depth = ReadUnchanged(view + "/depth_mm.png");
      BOOST_REQUIRE(rgb.size() == cv::Size(64, 64));
      BOOST_REQUIRE(mask.type() == CV_8UC1);
      BOOST_REQUIRE(depth.type() == CV_16UC1);
      BOOST_TEST(cv::countNonZero(mask) > 100);
      BOOST_TEST(cv::norm(rgb, expected[k].rgb, cv::NORM_INF) == 0.0);
      BOOST_TEST(cv::norm(mask, expected[k].mask, cv::NORM_INF) == 0.0);
      // Depth: the library's camera z in millimetres (rounded), exactly on
      // the mask, 0 elsewhere.
      cv::Mat expected_mm;
      expected[k].depth.convertTo(expected_mm, CV_16UC1, 1000.0);  // rounds, saturates
      expected_mm.setTo(0, expected[k].mask == 0);
      BOOST_TEST(cv::norm(depth, expected_mm, cv::NORM_INF) == 0.0);
      BOOST_TEST(cv::norm(cv::Mat(depth > 0), mask, cv::NORM_INF) == 0.0);
      double lo = 0, hi = 0;
      cv::minMaxLoc(depth, &lo, &hi, nullptr, nullptr, mask);
      BOOST_TEST(lo > 2000.0);  // unit cube seen from distance 3
      BOOST_TEST(hi < 4000.0);
    }
  }
  BOOST_TEST(!FileExists(out + "/view_04"));

  const cv::Mat preview = dolly::media::ReadImageRgb(out + "/views.png");
  BOOST_TEST(preview.cols == 4 * 64);
  BOOST_TEST(preview.rows == 64);
  BOOST_TEST(cv::norm(preview(cv::Rect(64, 0, 64, 64)), expected[1].rgb, cv::NORM_INF) == 0.0);

  const nlohmann::json cameras = nlohmann::json::parse(ReadFile(out + "/cameras.json"));
  BOOST_TEST(cameras["normalized"].get<bool>());
  BOOST_TEST(cameras["normalization"]["scale"].get<double>() == 0.5);
  BOOST_TEST(cameras["rig"]["views"].get<int>() == 4);
  BOOST_REQUIRE(cameras["views"].size() == 4u);
  const nlohmann::json& v1 = cameras["views"][1];
  BOOST_TEST(v1["dir"].get<std::string>() == "view_01");
  BOOST_TEST(v1["intrinsics"]["width"].get<int>() == 64);
  BOOST_TEST(v1["intrinsics"]["fx"].get<double>() == rig[1].intrinsics.fx);
  const nlohmann::json& m = v1["world_from_camera"];
  BOOST_REQUIRE(m.size() == 4u);
  const double x = m[0][3].get<double>(), y = m[1][3].get<double>(), z = m[2][3].get<double>();
  const double kPi = 3.14159265358979323846;
  BOOST_TEST(std::atan2(y, x) * 180.0 / kPi == 90.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(std::sqrt(x * x + y * y + z * z) == 3.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(std::asin(z / 3.0) * 180.0 / kPi == 15.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(v1["eye"][1].get<double>() == y);
  for (int row = 0; row < 4; ++row) {
    for (int col = 0; col < 4; ++col) {
      BOOST_TEST(m[row][col].get<double>() == rig[1].world_from_camera.matrix()(row, col));
    }
  }

  // A taken output directory: I/O error, untouched; --overwrite replaces it.
  const Result taken = Run("--quiet --asset " + obj + " -o " + out + " --size 32");
  BOOST_TEST(taken.code == 4, taken.err);
  BOOST_TEST(ReadUnchanged(out + "/view_00/rgb.png").cols == 64);
  const Result replaced = Run("--quiet --asset " + obj + " -o " + out +
                              " --width 32 --height 24 --views 3 "
                              "--background 0,0,0 --overwrite");
  BOOST_TEST_REQUIRE(replaced.code == 0, replaced.err);
  BOOST_TEST(ReadUnchanged(out + "/view_00/rgb.png").cols == 32);
  BOOST_TEST(ReadUnchanged(out + "/view_00/rgb.png").rows == 24);
  BOOST_TEST(FileExists(out + "/view_02/rgb.png"));
  BOOST_TEST(!FileExists(out + "/view_03"));
  BOOST_TEST(ReadUnchanged(out + "/views.png").cols == 3 * 32);
}

BOOST_AUTO_TEST_CASE(asset_bad_input_and_usage) {
  const std::string dir = TestTmpDir() + "/asset_bad";
  BOOST_REQUIRE(std::system(("mkdir -p " + dir).c_str()) == 0);
  const std::string obj = WriteCubeObj(dir + "/cube.obj");
  const std::string out = dir + "/never";

  // No faces: invalid input, one line, no directory.
  Result r = Run("--quiet --asset " + WriteCubeObj(dir + "/points.obj", 0.0, false) + " -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(!FileExists(out));
  // A point set (PLY without faces): invalid input.
  std::ofstream(dir + "/points.ply") << "ply\nformat ascii 1.0\nelement vertex 3\n"
                                        "property float x\nproperty float y\nproperty float z\n"
                                        "end_header\n0 0 0\n1 0 0\n0 1 0\n";
  r = Run("--quiet --asset " + dir + "/points.ply -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(!FileExists(out));
  // Not normalised and far away: view 0 is named.
  r = Run("--quiet --no-normalize --asset " + WriteCubeObj(dir + "/far.obj", 100.0) + " -o " + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("view 0") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(out));
  // Missing file: I/O error.
  r = Run("--quiet --asset " + dir + "/nope.obj -o " + out);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(!FileExists(out));

  // Usage errors: exit 2, nothing written.
  const std::string motion = WriteMotion(dir + "/motion.dolly");
  BOOST_TEST(Run("--asset " + obj + " -i " + motion + " -o " + out).code == 2);
  BOOST_TEST(Run("--asset " + obj).code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o -").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --previews " + dir + "/p").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --object-map spheres").code == 2);
  BOOST_TEST(Run("-i " + motion + " -o " + dir + "/c.dolly --views 4").code == 2);
  BOOST_TEST(Run("-i " + motion + " -o " + dir + "/c.dolly --no-normalize").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --views 0").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --elevation 90").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --size 0").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --background 1,2").code == 2);
  BOOST_TEST(Run("--asset " + obj + " -o " + out + " --background 1,2,256").code == 2);
  BOOST_TEST(!FileExists(out));
  BOOST_TEST(!FileExists(dir + "/c.dolly"));
}
