// The dolly-sample binary end to end on ControlSignals written here through
// libs/controls: the preview backend's video is the warp preview, frame for
// frame and byte for byte (Video artifact and PNG frames), with an MP4;
// exit codes 0, 2, 3, 4; one-line errors; no output left behind on failure.
#define BOOST_TEST_MODULE dolly_sample_test
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/controls/control_artifact.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/video_types.h"
#include "tools/testing/tool_process.h"

namespace {

using Result = dolly::testing::ProcessResult;
using dolly::testing::FileExists;
using dolly::testing::TestTmpDir;

constexpr int kW = 40, kH = 24, kFrames = 5;

long FileSize(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0 ? long(s.st_size) : -1;
}

Result Run(const std::string& args) {
  return dolly::testing::RunTool("tools/sample/dolly-sample", args);
}

int Lines(const std::string& text) { return int(std::count(text.begin(), text.end(), '\n')); }

std::string MakeDir(const std::string& name) {
  const std::string dir = TestTmpDir() + "/" + name;
  BOOST_REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()) == 0);
  return dir;
}

// Frame t of the warp preview: a gradient that shifts with t (every frame
// and every pixel different).
cv::Mat WarpFrame(int t) {
  cv::Mat rgb(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 6 + t, y * 10, 17 * t);
  }
  return rgb;
}

// kFrames ControlSignals frames: object and camera maps, and the warp
// preview unless `warp` is false (or only up to frame `warp_frames`).
std::string WriteControls(const std::string& path, bool warp = true,
                          int warp_frames = kFrames,
                          dolly::controls::CameraMapMode camera_map =
                              dolly::controls::CameraMapMode::kPac) {
  using namespace dolly;
  controls::ControlSignalsWriter writer(
      path, artifact::MakeHeader("dolly-sample-test"),
      controls::MakeControlSignalsInfo(kW, kH, kFrames, 8.0, controls::ObjectMapMode::kPac,
                                       camera_map));
  for (int t = 0; t < kFrames; ++t) {
    controls::ControlImages images;
    images.object_map = cv::Mat(kH, kW, CV_8UC3, cv::Scalar(0, 0, 0));
    cv::circle(images.object_map, cv::Point(5 + 5 * t, 12), 3, cv::Scalar(255, 0, 0), -1);
    images.camera_map = cv::Mat(kH, kW, CV_8UC3, cv::Scalar(128, 128, 128));
    if (warp && t < warp_frames) {
      images.warp_preview = WarpFrame(t);
      images.warp_coverage = cv::Mat(kH, kW, CV_8UC1, cv::Scalar(255));
    }
    writer.Write(images);
  }
  writer.Finish();
  return path;
}

std::string WriteReference(const std::string& path) {
  cv::Mat bgr;
  cv::cvtColor(WarpFrame(0), bgr, cv::COLOR_RGB2BGR);
  BOOST_REQUIRE(cv::imwrite(path, bgr));
  return path;
}

bool Equal(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(preview_backend_is_the_warp_preview) {
  const std::string dir = MakeDir("ok");
  const std::string controls = WriteControls(dir + "/controls.dolly");
  const std::string image = WriteReference(dir + "/reference.png");
  const Result r = Run("--quiet --json --backend preview --seed 7 --image " + image +
                       " --controls " + controls + " -o " + dir + "/video.dolly --mp4 " + dir +
                       "/video.mp4 --frames " + dir + "/frames");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);

  const auto video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(dir + "/video.dolly");
  BOOST_TEST(video.info.width == kW);
  BOOST_TEST(video.info.height == kH);
  BOOST_TEST(video.info.fps == 8.0);
  BOOST_TEST(video.info.frame_count == kFrames);
  BOOST_TEST(video.header.tool_name == "dolly-sample");
  BOOST_TEST(video.header.parameters.at("backend") == "preview");
  BOOST_TEST(video.header.parameters.at("seed") == "7");
  BOOST_TEST(video.header.inputs.size() == 2u);  // controls and image, with digests
  BOOST_REQUIRE(video.frames.size() == size_t(kFrames));
  for (int t = 0; t < kFrames; ++t) {
    BOOST_TEST_CONTEXT("frame " << t) {
      BOOST_TEST(video.frames[t].index == t);
      BOOST_TEST(video.frames[t].timestamp == t / 8.0);
      BOOST_TEST(Equal(dolly::MatFromTensor(video.frames[t].image), WarpFrame(t)));
      char name[32];
      std::snprintf(name, sizeof name, "/frames/%06d.png", t);
      cv::Mat png = cv::imread(dir + name, cv::IMREAD_COLOR);
      BOOST_REQUIRE(!png.empty());
      cv::cvtColor(png, png, cv::COLOR_BGR2RGB);
      BOOST_TEST(Equal(png, WarpFrame(t)));
    }
  }
  BOOST_TEST(!FileExists(dir + "/frames/000005.png"));
  BOOST_TEST(FileSize(dir + "/video.mp4") > 0);

  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["tool"].get<std::string>() == "dolly-sample");
  BOOST_TEST(j["backend"].get<std::string>() == "preview");
  BOOST_TEST(j["seed"].get<uint64_t>() == 7u);
  BOOST_TEST(j["frames"].get<int>() == kFrames);
  BOOST_TEST(j["frames_dir"].get<std::string>() == dir + "/frames");
  BOOST_REQUIRE(j["outputs"].size() == 2u);
  BOOST_TEST(j["outputs"][0]["role"].get<std::string>() == "video");
  BOOST_TEST(j["outputs"][0]["sha256"].get<std::string>().size() == 64u);
  BOOST_TEST(j["outputs"][1]["role"].get<std::string>() == "mp4");
  BOOST_TEST(j["timings_s"].contains("sample"));
  BOOST_TEST(j["timings_s"].contains("total"));
}

BOOST_AUTO_TEST_CASE(streams_and_a_seed_of_its_own) {
  const std::string dir = MakeDir("pipe");
  const std::string controls = WriteControls(dir + "/controls.dolly");
  // No image, no --seed; ControlSignals on stdin, the video on stdout.
  const Result r = dolly::testing::RunCommand(
      dolly::testing::RunfilePath("tools/sample/dolly-sample") + " --quiet --backend preview "
      "--controls - -o -", controls);
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  std::ofstream(dir + "/video.dolly", std::ios::binary) << r.out;
  const auto video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(dir + "/video.dolly");
  BOOST_REQUIRE(video.frames.size() == size_t(kFrames));
  BOOST_TEST(Equal(dolly::MatFromTensor(video.frames[4].image), WarpFrame(4)));
  BOOST_TEST(video.header.parameters.count("seed") == 1u);

  const Result j = Run("--quiet --json --backend preview --controls " + controls + " -o " + dir + "/v2.dolly");
  BOOST_TEST_REQUIRE(j.code == 0, j.err);
  BOOST_TEST(nlohmann::json::parse(j.out)["seed"].is_number_unsigned());
}

BOOST_AUTO_TEST_CASE(errors_leave_no_output) {
  const std::string dir = MakeDir("bad");
  const std::string controls = WriteControls(dir + "/controls.dolly");
  const std::string outs = " -o " + dir + "/video.dolly --mp4 " + dir + "/video.mp4 --frames " +
                           dir + "/frames";
  const auto none_left = [&] {
    return !FileExists(dir + "/video.dolly") && !FileExists(dir + "/video.mp4") &&
           !FileExists(dir + "/frames");
  };

  // No warp preview at all, or none from frame 3 on (after frames were
  // written): invalid input naming the file and dolly-render.
  for (const std::string& name : {std::string("nowarp"), std::string("partwarp")}) {
    BOOST_TEST_CONTEXT(name) {
      const std::string c =
          WriteControls(dir + "/" + name + ".dolly", name == "partwarp", name == "nowarp" ? 0 : 3);
      const Result r = Run("--quiet --backend preview --controls " + c + outs);
      BOOST_TEST(r.code == 3, r.err);
      BOOST_TEST(Lines(r.err) == 1, r.err);
      BOOST_TEST(r.err.find(c) != std::string::npos, r.err);
      BOOST_TEST(r.err.find("warp_preview") != std::string::npos, r.err);
      BOOST_TEST(r.err.find("dolly-render") != std::string::npos, r.err);
      BOOST_TEST(none_left());
    }
  }
  // Missing controls: I/O error.
  Result r = Run("--quiet --backend preview --controls " + dir + "/nope.dolly" + outs);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(none_left());
  // Not a ControlSignals artifact: invalid input.
  BOOST_REQUIRE(
      Run("--quiet --backend preview --controls " + controls + " -o " + dir + "/other.dolly")
          .code == 0);
  r = Run("--quiet --backend preview --controls " + dir + "/other.dolly" + outs);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("ControlSignals") != std::string::npos, r.err);
  BOOST_TEST(none_left());
  // A reference image that does not decode: invalid input.
  const std::string bad_png = dir + "/bad.png";
  BOOST_REQUIRE(std::system(("echo nope > " + bad_png).c_str()) == 0);
  r = Run("--quiet --backend preview --image " + bad_png + " --controls " + controls + outs);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(none_left());
  // Usage errors: exit 2.
  BOOST_TEST(Run("--controls " + controls + outs + " --backend magic").code == 2);
  const std::string preview = "--backend preview ";
  BOOST_TEST(Run(preview + "--controls " + controls).code == 2);  // no -o
  BOOST_TEST(Run(preview + outs).code == 2);                      // no --controls
  BOOST_TEST(Run(preview + "--controls " + controls + outs + " --mp4 -").code == 2);
  BOOST_TEST(Run(preview + "--controls " + controls + outs + " --strength 2").code == 2);
  // The model backend needs a bundle and a reference image.
  BOOST_TEST(Run("--backend model --controls " + controls + outs).code == 2);
  BOOST_TEST(Run("--backend model --bundle b.json --controls " + controls + outs).code == 2);
  BOOST_TEST(none_left());
  // A frames directory that is taken: I/O error before any work.
  BOOST_REQUIRE(std::system(("mkdir -p " + dir + "/frames && touch " + dir + "/frames/x").c_str()) ==
                0);
  r = Run("--quiet --backend preview --controls " + controls + outs);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(!FileExists(dir + "/video.dolly"));
  BOOST_TEST(!FileExists(dir + "/video.mp4"));
  BOOST_TEST(Run("--help").code == 0);
  BOOST_TEST(Run("--version").code == 0);
}

// The model backend on a tiny bundle (make_tiny_bundle: 40 x 24, 5 frames):
// the frames of the bundle's size, the same seed the same video, another
// seed another one, an SDEdit start from the warp preview, and errors.
BOOST_AUTO_TEST_CASE(model_backend_on_a_tiny_bundle) {
  const std::string dir = MakeDir("model");
  const std::string controls = WriteControls(dir + "/controls.dolly");
  const std::string image = WriteReference(dir + "/reference.png");
  BOOST_REQUIRE(std::system(("mkdir -p " + dir + "/bundle").c_str()) == 0);
  const Result made = dolly::testing::RunTool("tools/sample/make_tiny_bundle", dir + "/bundle");
  BOOST_REQUIRE_MESSAGE(made.code == 0, made.err);
  const std::string common = "--backend model --bundle " + dir + "/bundle/bundle.json --image " +
                             image + " --controls " + controls;

  const auto frames_of = [](const std::string& path) {
    const auto video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(path);
    std::vector<cv::Mat> frames;
    for (const auto& f : video.frames) frames.push_back(dolly::MatFromTensor(f.image));
    return frames;
  };
  const auto same = [](const std::vector<cv::Mat>& a, const std::vector<cv::Mat>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Equal(a[i], b[i])) return false;
    }
    return true;
  };

  Result r = Run("--json " + common + " --seed 5 --steps 3 --guidance 2 -o " + dir +
                 "/a.dolly --mp4 " + dir + "/a.mp4 --frames " + dir + "/a_frames");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  // Progress on stderr with seconds per step, one line per step here (not a
  // terminal: a line per tenth).
  BOOST_TEST(r.err.find("sampling: 100% (3/3, ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(" s/it)\n") != std::string::npos, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  BOOST_TEST(j["backend"].get<std::string>() == "model");
  BOOST_TEST(j["seed"].get<uint64_t>() == 5u);
  BOOST_TEST(j["frames"].get<int>() == kFrames);
  BOOST_TEST(j["timings_s"].contains("sample"));
  const auto video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(dir + "/a.dolly");
  BOOST_TEST(video.info.width == kW);
  BOOST_TEST(video.info.height == kH);
  BOOST_TEST(video.header.parameters.at("backend") == "model");
  BOOST_TEST(video.header.parameters.at("steps") == "3");
  BOOST_TEST(video.header.parameters.at("guidance") == "2");
  BOOST_TEST(video.header.parameters.at("seed") == "5");
  BOOST_TEST(video.header.inputs.size() == 3u);  // controls, image, bundle
  const std::vector<cv::Mat> a = frames_of(dir + "/a.dolly");
  BOOST_REQUIRE(a.size() == size_t(kFrames));
  BOOST_TEST(a[0].type() == CV_8UC3);
  BOOST_TEST(FileSize(dir + "/a.mp4") > 0);
  BOOST_TEST(FileExists(dir + "/a_frames/000004.png"));

  r = Run("--quiet " + common + " --seed 5 --steps 3 --guidance 2 -o " + dir + "/b.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(same(a, frames_of(dir + "/b.dolly")));
  r = Run("--quiet " + common + " --seed 6 --steps 3 --guidance 2 -o " + dir + "/c.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(!same(a, frames_of(dir + "/c.dolly")));
  // Another sampler from the command line: recorded, deterministic, different.
  r = Run("--quiet " + common + " --seed 5 --steps 3 --guidance 2 --sampler euler_a --eta 1 -o " +
          dir + "/f.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  const auto f_video = dolly::artifact::ReadArtifact<dolly::schema::VideoInfo>(dir + "/f.dolly");
  BOOST_TEST(f_video.header.parameters.at("sampler") == "euler_a");
  BOOST_TEST(!same(a, frames_of(dir + "/f.dolly")));
  r = Run("--quiet " + common + " --seed 5 --steps 3 --guidance 2 --sampler euler_a --eta 1 -o " +
          dir + "/g.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(same(frames_of(dir + "/f.dolly"), frames_of(dir + "/g.dolly")));
  r = Run("--quiet " + common + " --sampler lms -o " + dir + "/h.dolly");
  BOOST_TEST(r.code != 0, r.err);
  BOOST_TEST(r.err.find("lms") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(dir + "/h.dolly"));
  // A LoRA that is not there: I/O error naming it, nothing written.
  r = Run("--quiet " + common + " --lora " + dir + "/none.safetensors -o " + dir + "/h.dolly");
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(r.err.find("none.safetensors") != std::string::npos, r.err);
  BOOST_TEST(!FileExists(dir + "/h.dolly"));
  // SDEdit from the warp preview, and from a Video artifact.
  r = Run("--quiet " + common + " --seed 5 --init warp --strength 0.5 -o " + dir + "/d.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);
  BOOST_TEST(!same(a, frames_of(dir + "/d.dolly")));
  r = Run("--quiet " + common + " --seed 5 --init " + dir + "/a.dolly --strength 0.5 -o " + dir +
          "/e.dolly");
  BOOST_TEST_REQUIRE(r.code == 0, r.err);

  // Errors: a missing bundle (4), --init warp without a warp preview (3),
  // strength below 1 without --init (2); nothing written.
  const std::string out = " -o " + dir + "/x.dolly --mp4 " + dir + "/x.mp4";
  r = Run("--quiet --backend model --bundle " + dir + "/nope.json --image " + image +
          " --controls " + controls + out);
  BOOST_TEST(r.code == 4, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  const std::string nowarp = WriteControls(dir + "/nowarp.dolly", false);
  r = Run("--quiet --backend model --bundle " + dir + "/bundle/bundle.json --image " + image +
          " --controls " + nowarp + " --init warp --strength 0.5" + out);
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(r.err.find("dolly-render") != std::string::npos, r.err);
  r = Run("--quiet " + common + " --strength 0.5" + out);
  BOOST_TEST(r.code == 2, r.err);
  BOOST_TEST(!FileExists(dir + "/x.dolly"));
  BOOST_TEST(!FileExists(dir + "/x.mp4"));
}

// Bad bundles through the tool: exit 3 (4 for a missing module), one line
// naming the file at fault, no video, MP4 or frames left behind.
BOOST_AUTO_TEST_CASE(bad_bundles_name_the_file_and_leave_nothing) {
  const std::string dir = dolly::testing::TestTmpDir() + "/bad_bundles";
  BOOST_REQUIRE(std::system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()) == 0);
  const std::string controls = WriteControls(dir + "/controls.dolly", true);
  const std::string image = dir + "/ref.png";
  BOOST_REQUIRE(cv::imwrite(image, cv::Mat(24, 40, CV_8UC3, cv::Scalar(90, 120, 150))));
  auto make = [&](const std::string& name, const std::string& variant) {
    const std::string bundle = dir + "/" + name;
    BOOST_REQUIRE(std::system(("mkdir -p " + bundle).c_str()) == 0);
    const Result made = dolly::testing::RunTool("tools/sample/make_tiny_bundle",
                                                bundle + " --denoiser=" + variant);
    BOOST_REQUIRE_MESSAGE(made.code == 0, made.err);
    return bundle;
  };
  const std::string out =
      " -o " + dir + "/x.dolly --mp4 " + dir + "/x.mp4 --frames " + dir + "/frames";
  auto run = [&](const std::string& bundle) {
    return Run("--quiet --backend model --seed 1 --bundle " + bundle + "/bundle.json --image " +
               image + " --controls " + controls + out);
  };
  auto expect = [&](const Result& r, int code, const std::string& names) {
    BOOST_TEST(r.code == code, r.err);
    BOOST_TEST(Lines(r.err) == 1, r.err);
    BOOST_TEST(r.err.find(names) != std::string::npos, r.err);
    BOOST_TEST(!FileExists(dir + "/x.dolly"));
    BOOST_TEST(!FileExists(dir + "/x.mp4"));
    BOOST_TEST(!FileExists(dir + "/frames"));
  };
  expect(run(make("nan", "nan")), 3, "unet.pt");
  expect(run(make("shape", "shape")), 3, "unet.pt");
  const std::string missing = make("missing", "ok");
  BOOST_REQUIRE(std::remove((missing + "/cam.pt").c_str()) == 0);
  expect(run(missing), 4, "cam.pt");
  const std::string unknown = make("unknown", "ok");
  BOOST_REQUIRE(std::system(("sed -i 's/\"prediction\": \"v\"/\"prediction\": \"magic\"/' " +
                             unknown + "/bundle.json").c_str()) == 0);
  expect(run(unknown), 3, "magic");
}

// A bundle that declares the modes it was trained on takes ControlSignals
// rendered that way and refuses others in one line, before loading.
BOOST_AUTO_TEST_CASE(maps_rendered_in_another_mode_than_the_bundle_declares_are_refused) {
  const std::string dir = MakeDir("modes");
  const std::string image = WriteReference(dir + "/reference.png");
  BOOST_REQUIRE(std::system(("mkdir -p " + dir + "/bundle").c_str()) == 0);
  const Result made = dolly::testing::RunTool("tools/sample/make_tiny_bundle", dir + "/bundle");
  BOOST_REQUIRE_MESSAGE(made.code == 0, made.err);
  const std::string json = dir + "/bundle/bundle.json";
  BOOST_REQUIRE(std::system(("sed -i 's/\"guidance_drop\"/\"controls\": {\"object_map\": \"pac\", "
                             "\"camera_map\": \"pac\"}, \"guidance_drop\"/' " + json).c_str()) == 0);
  const std::string pac = WriteControls(dir + "/pac.dolly");
  const std::string intrinsics = WriteControls(dir + "/intrinsics.dolly", true, kFrames,
                                               dolly::controls::CameraMapMode::kIntrinsics);
  const std::string common = "--quiet --backend model --steps 1 --seed 3 --bundle " + json +
                             " --image " + image + " --controls ";
  Result r = Run(common + pac + " -o " + dir + "/ok.dolly");
  BOOST_TEST(r.code == 0, r.err);
  BOOST_TEST(FileExists(dir + "/ok.dolly"));
  r = Run(common + intrinsics + " -o " + dir + "/x.dolly");
  BOOST_TEST(r.code == 3, r.err);
  BOOST_TEST(Lines(r.err) == 1, r.err);
  BOOST_TEST(r.err.find(intrinsics + ": camera_map was rendered in mode \"intrinsics\" but bundle " +
                        json + " was trained on \"pac\" (render with dolly-render --camera-map "
                        "pac)") != std::string::npos,
             r.err);
  BOOST_TEST(!FileExists(dir + "/x.dolly"));
}
