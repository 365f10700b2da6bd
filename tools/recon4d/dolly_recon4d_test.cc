// The dolly-recon4d binary end to end on a small dolly-synth rig_hinge scene
// (4 views, 128 x 128, 6 frames): every output is there, frame 0 is the asset
// bit for bit, the .glb and .pc2 read back as mesh.dolly, report.json has the
// per-frame stats. Bad input: exit code 3 (4 for a missing file, 2 for bad
// flags) and no output directory left behind.
#define BOOST_TEST_MODULE dolly_recon4d_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/asset/read_asset.h"
#include "libs/mesh_export/animated_mesh.h"
#include "libs/mesh_export/gltf.h"
#include "libs/mesh_export/pc2.h"
#include "schemas/camera_types.h"
#include "tools/testing/tool_process.h"

namespace {

namespace fs = std::filesystem;
using dolly::testing::FileExists;
using dolly::testing::ProcessResult;
using dolly::testing::ReadFile;
using dolly::testing::TestTmpDir;

constexpr int kFrames = 6;
// Small and quick: the accuracy of the fit is libs/recon4d's tests' business.
const char kFitFlags[] = " --nodes 48 --iterations 8 --track-spacing 6 --threads 2 --quiet";

ProcessResult Recon(const std::string& args) {
  return dolly::testing::RunTool("tools/recon4d/dolly-recon4d", args);
}

// The dolly-synth scene, made once for every test case.
const std::string& Scene() {
  static const std::string dir = [] {
    const std::string out = TestTmpDir() + "/rig_hinge";
    fs::remove_all(out);
    const ProcessResult r = dolly::testing::RunTool(
        "tools/synth/dolly-synth", "--scene rig_hinge -o " + out +
                                       " --width 128 --height 128 --frames 6 --no-mp4 --quiet");
    if (r.code != 0) throw std::runtime_error("dolly-synth failed: " + r.err);
    return out;
  }();
  return dir;
}

// The scene's views without camera.dolly (frames only): the default rig,
// which is where dolly-synth's rig put the cameras.
const std::string& RigViews() {
  static const std::string dir = [] {
    const std::string out = TestTmpDir() + "/rig_views";
    fs::remove_all(out);
    for (int k = 0; k < 4; ++k) {
      const std::string view = "/view_0" + std::to_string(k);
      fs::create_directories(out + view);
      fs::copy(Scene() + view + "/frames", out + view + "/frames", fs::copy_options::recursive);
    }
    return out;
  }();
  return dir;
}

std::string Fresh(const std::string& name) {
  const std::string dir = TestTmpDir() + "/" + name;
  fs::remove_all(dir);
  return dir;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// asset.obj with every vertex moved by `dx` along x.
std::string Translated(const std::string& obj, double dx) {
  std::istringstream in(ReadFile(obj));
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("v ", 0) == 0) {
      std::istringstream v(line.substr(2));
      double x, y, z;
      v >> x >> y >> z;
      out << "v " << x + dx << " " << y << " " << z << "\n";
    } else {
      out << line << "\n";
    }
  }
  return out.str();
}

BOOST_AUTO_TEST_CASE(ReconstructsTheHingeSceneIntoEveryFormat) {
  const std::string out = Fresh("recon");
  const ProcessResult r = Recon("--asset " + Scene() + "/asset.obj --views-root " + Scene() +
                                " -o " + out + " --json" + kFitFlags);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.code == 0);
  for (const char* name :
       {"mesh.dolly", "animation.glb", "animation.pc2", "obj/frame_000000.obj",
        "obj/frame_000005.obj", "previews/compare.mp4", "previews/new_view.mp4",
        "previews/compare/000000.png", "previews/compare/000005.png", "report.json"}) {
    BOOST_TEST(FileExists(out + "/" + name), name);
  }
  BOOST_TEST(!FileExists(out + "/obj/frame_000006.obj"));

  // mesh.dolly: 6 frames, rest and frame 0 = asset.obj exactly.
  const dolly::asset::StaticAsset asset = dolly::asset::ReadAsset(Scene() + "/asset.obj");
  const dolly::mesh_export::AnimatedMesh mesh =
      dolly::mesh_export::ReadAnimatedMesh(out + "/mesh.dolly");
  BOOST_REQUIRE(mesh.frames.size() == size_t(kFrames));
  BOOST_REQUIRE(mesh.rest.size() == asset.positions.size());
  BOOST_TEST(mesh.faces.size() == asset.faces.size());
  BOOST_TEST(mesh.colors.size() == asset.positions.size());
  bool exact = true, moved = false;
  for (size_t i = 0; i < asset.positions.size(); ++i) {
    exact = exact && mesh.rest[i] == asset.positions[i] && mesh.frames[0][i] == asset.positions[i];
    moved = moved || (mesh.frames[kFrames - 1][i] - asset.positions[i]).norm() > 1e-3f;
    for (const auto& frame : mesh.frames) {
      BOOST_REQUIRE(frame[i].allFinite());
    }
  }
  BOOST_TEST(exact);
  BOOST_TEST(moved);  // the arm turns 90 degrees over the clip

  // animation.glb: the same mesh, one morph target per frame.
  const dolly::mesh_export::AnimatedMesh glb =
      dolly::mesh_export::ReadGlb(out + "/animation.glb");
  BOOST_REQUIRE(glb.rest.size() == mesh.rest.size());
  BOOST_REQUIRE(glb.frames.size() == size_t(kFrames));
  BOOST_TEST(glb.faces.size() == mesh.faces.size());
  float worst = 0.0f;
  for (int t = 0; t < kFrames; ++t) {
    for (size_t i = 0; i < mesh.rest.size(); ++i) {
      worst = std::max(worst, (glb.frames[t][i] - mesh.frames[t][i]).cwiseAbs().maxCoeff());
    }
  }
  BOOST_TEST(worst <= 1e-5f);
  BOOST_TEST(std::abs(glb.fps - mesh.fps) < 1e-9);

  // animation.pc2: the frames, exactly.
  const dolly::mesh_export::Pc2 pc2 = dolly::mesh_export::ReadPc2(out + "/animation.pc2");
  BOOST_REQUIRE(pc2.samples.size() == size_t(kFrames));
  BOOST_TEST(pc2.num_points == int(mesh.rest.size()));
  BOOST_TEST((pc2.samples[kFrames - 1] == mesh.frames[kFrames - 1]));

  // report.json and the --json summary.
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out + "/report.json"));
  BOOST_REQUIRE(report.at("frame_stats").size() == size_t(kFrames));
  BOOST_TEST(report.at("frame_stats")[1].contains("track_rms_px"));
  BOOST_TEST(report.at("frame_stats")[1].contains("silhouette_iou"));
  BOOST_TEST(report.at("nodes").get<int>() > 0);
  BOOST_TEST(report.at("tracks").get<int>() > 0);
  BOOST_TEST(report.at("views").size() == 4u);
  BOOST_TEST(report.at("normalized").get<bool>() == false);  // camera.dolly cameras
  BOOST_TEST(report.at("options").at("nodes").get<int>() == 48);
  const nlohmann::json summary = nlohmann::json::parse(r.out);
  BOOST_TEST(summary.dump().find("animation.glb") != std::string::npos);

  // Again into the same directory: refused without --overwrite (I/O error).
  BOOST_TEST(Recon("--asset " + Scene() + "/asset.obj --views-root " + Scene() + " -o " + out +
                   kFitFlags)
                 .code == 4);
}

// The default rig normalises the asset (Animate3D's unit cube): an asset 5
// units along +x is fitted around the origin, and the outputs come back in
// its own frame.
BOOST_AUTO_TEST_CASE(DefaultRigFitsNormalisedAndWritesTheAssetsFrame) {
  const std::string shifted = TestTmpDir() + "/shifted.obj";
  WriteText(shifted, Translated(Scene() + "/asset.obj", 5.0));
  const std::string out = Fresh("recon_rig");
  const ProcessResult r =
      Recon("--asset " + shifted + " --views-root " + RigViews() + " -o " + out + kFitFlags);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.code == 0);
  const dolly::asset::StaticAsset asset = dolly::asset::ReadAsset(shifted);
  const dolly::mesh_export::AnimatedMesh mesh =
      dolly::mesh_export::ReadAnimatedMesh(out + "/mesh.dolly");
  BOOST_REQUIRE(mesh.frames.size() == size_t(kFrames));
  BOOST_TEST((mesh.frames[0] == asset.positions));
  BOOST_TEST((mesh.rest == asset.positions));
  Eigen::Vector3f first = Eigen::Vector3f::Zero(), last = Eigen::Vector3f::Zero();
  for (size_t i = 0; i < asset.positions.size(); ++i) {
    first += mesh.frames[0][i];
    last += mesh.frames[kFrames - 1][i];
  }
  first /= float(asset.positions.size());
  last /= float(asset.positions.size());
  // The arm turns about the vertical through the centre: the centroid stays
  // (loosely: the fit's accuracy is libs/recon4d's business) where it was.
  BOOST_TEST((last - first).norm() < 0.3f, "centroid moved from " << first.transpose() << " to "
                                                                  << last.transpose());
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out + "/report.json"));
  BOOST_TEST(report.at("normalized").get<bool>());
  BOOST_TEST(report.at("views")[0].at("cameras").get<std::string>() == "default rig");
}

// asset.obj with one texture coordinate per vertex, a material and a
// 16 x 16 texture image beside it.
std::string Textured(const std::string& obj, const std::string& dir) {
  fs::create_directories(dir);
  cv::Mat image(16, 16, CV_8UC3);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 16; ++x) image.at<cv::Vec3b>(y, x) = cv::Vec3b(16 * x, 16 * y, 128);
  }
  cv::imwrite(dir + "/albedo.png", image);
  WriteText(dir + "/textured.mtl", "newmtl skin\nmap_Kd albedo.png\n");
  std::istringstream in(ReadFile(obj));
  std::ostringstream out;
  out << "mtllib textured.mtl\nusemtl skin\n";
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("v ", 0) == 0) {
      std::istringstream v(line.substr(2));
      double x, y, z;
      v >> x >> y >> z;
      out << line << "\nvt " << x + 0.5 << " " << y + 0.5 << "\n";
    } else if (line.rfind("f ", 0) == 0) {
      std::istringstream f(line.substr(2));
      int a, b, c;
      f >> a >> b >> c;
      out << "f " << a << "/" << a << " " << b << "/" << b << " " << c << "/" << c << "\n";
    }
  }
  WriteText(dir + "/textured.obj", out.str());
  return dir + "/textured.obj";
}

// Views as Video artifacts (video.dolly) with cameras and no masks, and a
// textured asset: the texture travels into the .glb; the fps is the video's.
BOOST_AUTO_TEST_CASE(VideoViewsWithoutMasksAndATexturedAsset) {
  const std::string views = Fresh("video_views");
  for (int k = 0; k < 4; ++k) {
    const std::string view = "/view_0" + std::to_string(k);
    fs::create_directories(views + view);
    for (const char* name : {"/video.dolly", "/camera.dolly"}) {
      fs::copy_file(Scene() + view + name, views + view + name);
    }
  }
  const std::string asset_path = Textured(Scene() + "/asset.obj", TestTmpDir() + "/textured");
  const std::string out = Fresh("recon_video");
  const ProcessResult r =
      Recon("--asset " + asset_path + " --views-root " + views + " -o " + out + kFitFlags);
  BOOST_TEST_INFO(r.err);
  BOOST_REQUIRE(r.code == 0);
  const dolly::asset::StaticAsset asset = dolly::asset::ReadAsset(asset_path);
  BOOST_REQUIRE(!asset.texture.empty());
  dolly::mesh_export::GltfTexture texture;
  const dolly::mesh_export::AnimatedMesh glb =
      dolly::mesh_export::ReadGlb(out + "/animation.glb", &texture);
  BOOST_TEST(glb.frames.size() == size_t(kFrames));
  BOOST_TEST(texture.uvs.size() == asset.positions.size());
  BOOST_TEST(texture.image.cols == 16);
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out + "/report.json"));
  BOOST_TEST(report.at("asset").at("textured").get<bool>());
  BOOST_TEST(report.at("views")[0].at("masks").get<bool>() == false);
  BOOST_TEST(report.at("views")[0].at("frames_source").get<std::string>().find("video.dolly") !=
             std::string::npos);
  BOOST_TEST(report.at("fps").get<double>() == 8.0);  // rig_hinge's
}

// Each bad input: the exit code, one line naming the problem, nothing left.
void ExpectFailure(const std::string& args, int code, const std::string& out,
                   const std::string& what) {
  BOOST_TEST_CONTEXT(what) {
    const ProcessResult r = Recon(args + " -o " + out + kFitFlags);
    BOOST_TEST(r.code == code, what << ": " << r.err);
    BOOST_TEST(!r.err.empty());
    BOOST_TEST(!FileExists(out));
  }
}

BOOST_AUTO_TEST_CASE(BadInputGetsItsExitCodeAndLeavesNothing) {
  const std::string asset = Scene() + "/asset.obj";
  const std::string out = Fresh("bad_out");

  // Views with different frame counts.
  const std::string uneven = Fresh("uneven");
  fs::copy(Scene(), uneven, fs::copy_options::recursive);
  fs::remove(uneven + "/view_01/frames/000005.png");
  ExpectFailure("--asset " + asset + " --views-root " + uneven, 3, out, "uneven frame counts");

  // An OBJ without faces, an OBJ with a NaN vertex.
  const std::string no_faces = TestTmpDir() + "/no_faces.obj";
  WriteText(no_faces, "v 0 0 0\nv 1 0 0\nv 0 1 0\n");
  ExpectFailure("--asset " + no_faces + " --views-root " + Scene(), 3, out, "no faces");
  const std::string nan_vertex = TestTmpDir() + "/nan_vertex.obj";
  WriteText(nan_vertex, "v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n");
  ExpectFailure("--asset " + nan_vertex + " --views-root " + Scene(), 3, out, "NaN vertex");

  // The default rig (views without camera.dolly), not normalised, around an
  // asset 100 units away: no camera sees it.
  const std::string rig_views = RigViews();
  const std::string far = TestTmpDir() + "/far.obj";
  WriteText(far, Translated(asset, 100.0));
  ExpectFailure("--asset " + far + " --views-root " + rig_views + " --normalize off", 3, out,
                "cameras do not see the asset");

  // A view whose camera path is two shots (each segment its own world frame):
  // refused, naming the file and where to cut.
  const std::string shots = Fresh("two_shots");
  fs::copy(Scene(), shots, fs::copy_options::recursive);
  const std::string shot_camera = shots + "/view_01/camera.dolly";
  auto camera = dolly::artifact::ReadArtifact<dolly::schema::CameraTrajectoryInfo>(shot_camera);
  std::vector<dolly::schema::CameraSegment> segments(2);
  segments[0].__set_first_frame(0);
  segments[0].__set_frame_count(3);
  segments[1].__set_first_frame(3);
  segments[1].__set_frame_count(static_cast<int64_t>(camera.frames.size()) - 3);
  camera.info.__set_segments(segments);
  fs::remove(shot_camera);
  dolly::artifact::WriteArtifact(shot_camera, camera);
  ExpectFailure("--asset " + asset + " --views-root " + shots, 3, out, "two shots");
  const ProcessResult refused = Recon("--asset " + asset + " --views-root " + shots + " -o " + out);
  BOOST_TEST(refused.err.find(shot_camera + ": 2 segments (shots starting at frames 0, 3)") !=
                 std::string::npos,
             refused.err);

  // camera.dolly in some views only: a usage error.
  const std::string mixed = Fresh("mixed");
  fs::copy(rig_views, mixed, fs::copy_options::recursive);
  fs::copy_file(Scene() + "/view_00/camera.dolly", mixed + "/view_00/camera.dolly");
  ExpectFailure("--asset " + asset + " --views-root " + mixed, 2, out, "mixed cameras");

  // Missing files and directories: I/O errors.
  ExpectFailure("--asset " + TestTmpDir() + "/missing.obj --views-root " + Scene(), 4, out,
                "missing asset");
  ExpectFailure("--asset " + asset + " --view " + Scene() + "/view_00 --view " + Scene() +
                    "/view_09",
                4, out, "missing view");

  // Bad flags.
  ExpectFailure("--asset " + asset, 2, out, "no views");
  ExpectFailure("--asset " + asset + " --views-root " + Scene() + " --normalize maybe", 2, out,
                "bad --normalize");
  ExpectFailure("--asset " + asset + " --views-root " + Scene() + " --arap-weight -1", 2, out,
                "negative weight");
}

}  // namespace
