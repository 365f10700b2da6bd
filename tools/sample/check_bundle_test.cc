// dolly-sample --check-bundle on tiny bundles with the interfaces of a PAC,
// an SVD and a PoseTraj export (make_interface_bundle): each passes; one with
// a wrong output shape or dtype, a missing or ignored condition, or "svd"
// values the modules do not hold fails with exit 3 naming the module.
#define BOOST_TEST_MODULE check_bundle_test
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/controls/control_artifact.h"
#include "schemas/video_types.h"
#include "tools/testing/tool_process.h"

namespace {

using Result = dolly::testing::ProcessResult;

Result Run(const std::string& args) {
  return dolly::testing::RunTool("tools/sample/dolly-sample", args);
}

int Lines(const std::string& text) { return int(std::count(text.begin(), text.end(), '\n')); }

std::string MakeDir(const std::string& name) {
  const std::string dir = dolly::testing::TestTmpDir() + "/" + name;
  BOOST_REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()) == 0);
  return dir;
}

// make_interface_bundle KIND into a new directory; returns the directory.
std::string MakeInterfaceBundle(const std::string& kind, const std::string& broken = "") {
  const std::string dir = MakeDir("interface_" + kind + (broken.empty() ? "" : "_" + broken));
  const Result made = dolly::testing::RunTool(
      "tools/sample/make_interface_bundle",
      kind + " " + dir + (broken.empty() ? "" : " --break=" + broken));
  BOOST_REQUIRE_MESSAGE(made.code == 0, made.err);
  return dir;
}

}  // namespace

// Bundles with the interfaces of a PAC, an SVD and a PoseTraj export pass
// the check, and the report shows what went in and out of every module.
BOOST_AUTO_TEST_CASE(check_bundle_passes_pac_svd_and_posetraj_interfaces) {
  const std::string pac = MakeInterfaceBundle("pac");
  Result r = Run("--check-bundle " + pac);
  BOOST_TEST_REQUIRE(r.code == 0, r.err + r.out);
  BOOST_TEST(r.out.find("MISMATCH") == std::string::npos, r.out);
  for (const char* line :
       {"controls.camera_map = pac", "encoders.camera  " , "forward(frames)",
        "in    frames (camera_map, RGB 0..255)  [16, 3, 32, 48]  Float  0 .. 255",
        "out   output  [1, 6, 16, 4, 6]  Float", "vae_decoder  ",
        "out   output  [16, 3, 32, 48]  Float", "denoiser  ", "forward(x, c_noise, cond)",
        "in    cond.clip  [1, 1, 8]  Float", "out   output (uncond)  [16, 4, 4, 6]  Float"}) {
    BOOST_TEST(r.out.find(line) != std::string::npos, line << "\n" << r.out);
  }
  // The JSON path works as well as its directory; --json puts the report on
  // stderr and the per-module verdicts in the summary.
  r = Run("--json --check-bundle " + pac + "/bundle.json");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["modules"].size() == 7u);  // 4 encoders, 2 VAE halves, denoiser
  for (const auto& m : j["modules"]) BOOST_TEST(m["passed"].get<bool>());
  BOOST_TEST(r.err.find("denoiser  ") != std::string::npos, r.err);

  r = Run("--check-bundle " + MakeInterfaceBundle("svd"));
  BOOST_TEST_REQUIRE(r.code == 0, r.err + r.out);
  BOOST_TEST(r.out.find("note svd.added_time_ids [6, 127, 0.02] = buffer net.added_time_ids") !=
                 std::string::npos, r.out);
  BOOST_TEST(r.out.find("note svd.noise_aug_strength [0.02] = buffer noise_aug_strength") !=
                 std::string::npos, r.out);

  r = Run("--check-bundle " + MakeInterfaceBundle("posetraj"));
  BOOST_TEST_REQUIRE(r.code == 0, r.err + r.out);
  for (const char* line :
       {"controls.trajectory_map = posetraj", "in    cond.trajectory  [14, 3, 40, 72]  Float  0 .. 255",
        "note svd.added_time_ids [6, 128, 0.02] = buffer net.added_time_ids",
        "note svd.decode_chunk [8] = buffer decode_chunk",
        "out   output (uncond)  [14, 4, 5, 9]  Float"}) {
    BOOST_TEST(r.out.find(line) != std::string::npos, line << "\n" << r.out);
  }
}

// One thing wrong: exit 3, one line naming the module at fault, the report
// with the mismatch on stdout.
BOOST_AUTO_TEST_CASE(check_bundle_fails_naming_the_module_at_fault) {
  struct Case {
    const char* kind;
    const char* broken;
    const char* module;
    const char* problem;
  };
  const Case cases[] = {
      {"pac", "denoiser-shape", "denoiser (", "output [1, 4, 4, 6], expected [16, 4, 4, 6]"},
      {"pac", "denoiser-dtype", "denoiser (", "output has dtype Double, expected Float"},
      {"pac", "encoder-dtype", "encoders.camera (", "output has dtype Double, expected Float"},
      {"pac", "vae-shape", "vae_decoder (", "output [16, 3, 24, 48], expected [16, 3, 32, 48]"},
      {"pac", "missing-condition", "denoiser (", "KeyError: object"},
      {"svd", "denoiser-shape", "denoiser (", "output [1, 4, 5, 9], expected [14, 4, 5, 9]"},
      {"svd", "encoder-dtype", "encoders.image_embeddings (", "dtype Double, expected Float"},
      {"svd", "missing-condition", "denoiser (", "KeyError: image_latents"},
      {"svd", "svd-values", "denoiser (",
       "svd.added_time_ids [6, 128, 0.02] but buffer net.added_time_ids holds [6, 127, 0.02]"},
      {"posetraj", "denoiser-dtype", "denoiser (", "dtype Double, expected Float"},
      {"posetraj", "vae-shape", "vae_decoder (", "output [14, 3, 32, 72], expected [14, 3, 40, 72]"},
      {"posetraj", "missing-condition", "denoiser (", "KeyError: trajectory"},
      {"posetraj", "ignored-condition", "denoiser (",
       "condition 'trajectory' (trajectory_map) does not reach the output"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.kind << " --break=" << c.broken) {
      const Result r = Run("--check-bundle " + MakeInterfaceBundle(c.kind, c.broken));
      BOOST_TEST(r.code == 3, r.err);
      BOOST_TEST(Lines(r.err) == 1, r.err);
      BOOST_TEST(r.err.find(std::string("/bundle.json: ") + c.module) != std::string::npos, r.err);
      BOOST_TEST(r.err.find(c.problem) != std::string::npos, r.err);
      BOOST_TEST(r.out.find(std::string("MISMATCH ")) != std::string::npos, r.out);
    }
  }
}

// PoseTraj's shape end to end: 14 trajectory maps (map k: the segment
// k -> k+1 and a dot at k+1, the last map black) rendered in "posetraj"
// mode go through the PoseTraj interface bundle; maps in "dolly" mode are
// refused before the model loads.
std::string WriteTrajectoryControls(const std::string& path,
                                    dolly::controls::TrajectoryMapMode mode) {
  using namespace dolly;
  const int w = 72, h = 40, frames = 14;
  controls::ControlSignalsWriter writer(
      path, artifact::MakeHeader("check-bundle-test"),
      controls::MakeControlSignalsInfo(w, h, frames, 7.0, controls::ObjectMapMode::kPac,
                                       controls::CameraMapMode::kPac, mode));
  for (int k = 0; k < frames; ++k) {
    controls::ControlImages images;
    images.trajectory_map = cv::Mat(h, w, CV_8UC3, cv::Scalar(0, 0, 0));
    if (k + 1 < frames) {
      const cv::Point a(4 + 4 * k, 20), b(8 + 4 * k, 20);
      cv::line(images.trajectory_map, a, b, cv::Scalar(255, 0, 0), 3);
      cv::circle(images.trajectory_map, b, 2, cv::Scalar(0, 255, 0), -1);
    }
    writer.Write(images);
  }
  writer.Finish();
  return path;
}

BOOST_AUTO_TEST_CASE(posetraj_bundle_samples_posetraj_maps_and_refuses_dolly_maps) {
  const std::string bundle = MakeInterfaceBundle("posetraj");
  const std::string dir = MakeDir("posetraj_sample");
  const std::string image = dir + "/reference.png";
  BOOST_REQUIRE(cv::imwrite(image, cv::Mat(40, 72, CV_8UC3, cv::Scalar(40, 120, 200))));
  const std::string posetraj = WriteTrajectoryControls(
      dir + "/posetraj.dolly", dolly::controls::TrajectoryMapMode::kPosetraj);
  const std::string dolly_maps =
      WriteTrajectoryControls(dir + "/dolly.dolly", dolly::controls::TrajectoryMapMode::kDolly);
  const std::string common = "--quiet --backend model --steps 2 --seed 1 --bundle " + bundle +
                             "/bundle.json --image " + image + " --controls ";
  Result r = Run(common + posetraj + " -o " + dir + "/video.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const auto video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(dir + "/video.dolly");
  BOOST_TEST(video.frames.size() == 14u);
  BOOST_TEST(video.info.width == 72);
  BOOST_TEST(video.info.height == 40);
  r = Run(common + dolly_maps + " -o " + dir + "/x.dolly");
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(r.err.find("trajectory_map was rendered in mode \"dolly\"") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("--trajectory-map posetraj") != std::string::npos, r.err);
}
