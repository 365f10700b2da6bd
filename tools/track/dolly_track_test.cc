// dolly-track as a process: exit codes, one-line errors and no output left
// behind on bad input, and a run with depth,
// --json and --posetraj-json on a small synthetic video, and --model.
#define BOOST_TEST_MODULE dolly_track_test
#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <boost/test/unit_test.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/script.h>  // via //libs/track (builds a tiny module for --model)

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"
#include "libs/track/posetraj_json.h"

namespace dolly {
namespace {

std::string Tmp(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

std::string Binary() {
  return std::string(std::getenv("TEST_SRCDIR")) + "/" + std::getenv("TEST_WORKSPACE") +
         "/tools/track/dolly-track";
}

// Runs dolly-track with `args`; returns the exit code, stderr in *err.
int Run(const std::string& args, std::string* err = nullptr, std::string* out = nullptr) {
  const std::string err_path = Tmp("stderr.txt"), out_path = Tmp("stdout.txt");
  const int status =
      std::system((Binary() + " --quiet " + args + " >" + out_path + " 2>" + err_path).c_str());
  auto slurp = [](const std::string& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  if (err) *err = slurp(err_path);
  if (out) *out = slurp(out_path);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A smooth random texture shifted by (frame, frame / 2) pixels per frame.
cv::Mat Frame(int f, int width, int height) {
  cv::RNG rng(1);
  cv::Mat noise(height + 40, width + 40, CV_8UC3);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 1.5);
  return noise(cv::Rect(20 - f, 20 - f / 2, width, height)).clone();
}

void WriteVideo(const std::string& path, int frames, int width, int height) {
  schema::VideoInfo info;
  info.__set_width(width);
  info.__set_height(height);
  info.__set_fps(10.0);
  info.__set_frame_count(frames);
  artifact::ArtifactWriter<schema::VideoInfo> w(path, artifact::MakeHeader("test"), info);
  for (int f = 0; f < frames; ++f) {
    schema::VideoFrame frame;
    frame.__set_index(f);
    frame.__set_image(TensorFromMat(Frame(f, width, height)));
    w.WriteFrame(frame);
  }
  w.Finish();
}

void WriteDepth(const std::string& path, int frames, int width, int height, float value) {
  schema::DepthSequenceInfo info;
  info.__set_kind(schema::DepthKind::METRIC);
  info.__set_intrinsics(artifact::MakeIntrinsics(50, 50, (width - 1) / 2.0, (height - 1) / 2.0,
                                                 width, height));
  info.__set_frame_count(frames);
  artifact::ArtifactWriter<schema::DepthSequenceInfo> w(path, artifact::MakeHeader("test"), info);
  for (int f = 0; f < frames; ++f) {
    schema::DepthFrame frame;
    frame.__set_index(f);
    cv::Mat depth(height, width, CV_32F, cv::Scalar(value));
    depth(cv::Rect(0, 0, width / 4, height)).setTo(0.0f);  // unknown on the left
    frame.__set_depth(TensorFromMat(depth));
    w.WriteFrame(frame);
  }
  w.Finish();
}

void CheckFails(const std::string& args, int code, const std::string& names,
                const std::string& output) {
  std::string err;
  BOOST_TEST(Run(args, &err) == code, args);
  BOOST_TEST(err.find(names) != std::string::npos, "stderr '" << err << "' names " << names);
  BOOST_TEST(!std::filesystem::exists(output));
}

BOOST_AUTO_TEST_CASE(bad_input_exit_codes_and_no_output) {
  const std::string out = Tmp("bad_out.dolly");
  WriteVideo(Tmp("one.dolly"), 1, 64, 48);
  CheckFails("-i " + Tmp("one.dolly") + " -o " + out, 3, Tmp("one.dolly"), out);
  CheckFails("-i " + Tmp("missing.dolly") + " -o " + out, 4, Tmp("missing.dolly"), out);

  WriteVideo(Tmp("v.dolly"), 4, 64, 48);
  WriteDepth(Tmp("small_depth.dolly"), 4, 32, 24, 2.0f);
  CheckFails("-i " + Tmp("v.dolly") + " --depth " + Tmp("small_depth.dolly") + " -o " + out, 3,
             Tmp("small_depth.dolly"), out);
  WriteDepth(Tmp("short_depth.dolly"), 3, 64, 48, 2.0f);
  CheckFails("-i " + Tmp("v.dolly") + " --depth " + Tmp("short_depth.dolly") + " -o " + out, 3,
             Tmp("short_depth.dolly"), out);

  // NaN depth: write a sentinel value, then patch its bytes to a NaN (the
  // writer itself refuses NaN); the reader must reject the file.
  WriteDepth(Tmp("nan_depth.dolly"), 4, 64, 48, 12345.0f);
  {
    std::fstream f(Tmp("nan_depth.dolly"), std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), {});
    float sentinel = 12345.0f, nan = std::nanf("");
    const size_t at = bytes.find(std::string(reinterpret_cast<char*>(&sentinel), 4));
    BOOST_REQUIRE(at != std::string::npos);
    f.seekp(static_cast<std::streamoff>(at));
    f.write(reinterpret_cast<char*>(&nan), 4);
  }
  CheckFails("-i " + Tmp("v.dolly") + " --depth " + Tmp("nan_depth.dolly") + " -o " + out, 3,
             Tmp("nan_depth.dolly"), out);

  CheckFails("-i " + Tmp("v.dolly") + " --grid 10 --stride 4 -o " + out, 2, "--stride", out);
  CheckFails("-i " + Tmp("v.dolly") + " --window 8 -o " + out, 2, "--window", out);
  CheckFails("-i " + Tmp("v.dolly") + " --jump-share 1.5 -o " + out, 2, "--jump-share", out);
  std::ofstream(Tmp("q.csv")) << "0,500,3\n";
  CheckFails("-i " + Tmp("v.dolly") + " --queries " + Tmp("q.csv") + " -o " + out, 3,
             Tmp("q.csv"), out);
}

BOOST_AUTO_TEST_CASE(tracks_lifts_and_exports) {
  WriteVideo(Tmp("ok.dolly"), 6, 96, 72);
  WriteDepth(Tmp("ok_depth.dolly"), 6, 96, 72, 2.0f);
  const std::string out = Tmp("ok_tracks.dolly"), json = Tmp("ok_tracks.json");
  std::string err, stdout_text;
  BOOST_REQUIRE_EQUAL(Run("-i " + Tmp("ok.dolly") + " --depth " + Tmp("ok_depth.dolly") +
                              " --grid 48 --json --posetraj-json " + json + " -o " + out,
                          &err, &stdout_text),
                      0);
  BOOST_TEST(stdout_text.find("\"points_frame\"") != std::string::npos, stdout_text);
  BOOST_TEST(stdout_text.find("\"camera\"") != std::string::npos, stdout_text);
  const auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(out);
  const int64_t n = tracks.info.track_count;
  BOOST_TEST(n >= 40);
  BOOST_TEST(tracks.info.has_points_3d);
  BOOST_TEST(tracks.info.__isset.intrinsics);
  BOOST_REQUIRE_EQUAL(tracks.frames.size(), 6u);
  // The content shifts by (f, f/2) pixels; interior points follow it.
  const auto& last = tracks.frames[5];
  const float* p0 = TensorData<float>(tracks.frames[0].positions);
  const float* p5 = TensorData<float>(last.positions);
  const float* w5 = TensorData<float>(last.points_world);
  const float* c5 = TensorData<float>(last.confidence);
  int checked = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) BOOST_TEST(std::isfinite(w5[3 * i + k]));
    if (!last.visibility.data[i]) continue;
    ++checked;
    // Near the border the LK window reaches outside the image, where border
    // replication does not move with the content: check interior points.
    if (p0[2 * i] < 16 || p0[2 * i] > 96 - 24 || p0[2 * i + 1] < 16 || p0[2 * i + 1] > 72 - 20) {
      continue;
    }
    BOOST_TEST(std::abs(p5[2 * i] - (p0[2 * i] + 5.0f)) < 0.1f);
    BOOST_TEST(std::abs(p5[2 * i + 1] - (p0[2 * i + 1] + 2.0f)) < 0.1f);
    if (p5[2 * i] >= 96 / 4 + 1) {  // depth known: z = 2, confidence > 0
      BOOST_TEST(std::abs(w5[3 * i + 2] - 2.0f) < 1e-4f);
      BOOST_TEST(c5[i] > 0.0f);
    }
  }
  BOOST_TEST(checked > n / 2);
  const track::PoseTrajTracks exported = track::ReadPoseTrajJson(json);
  BOOST_REQUIRE_EQUAL(exported.points.size(), static_cast<size_t>(n));
  BOOST_TEST(exported.points[0].size() == 6u);
  BOOST_TEST(exported.points[3][5].first == p5[6]);
}

// A frame directory is an input too (recorded in the header without a digest).
BOOST_AUTO_TEST_CASE(reads_a_frame_directory) {
  const std::string dir = Tmp("frames");
  std::filesystem::create_directories(dir);
  for (int f = 0; f < 3; ++f) {
    cv::imwrite(dir + "/00000" + std::to_string(f) + ".png", Frame(f, 64, 48));
  }
  const std::string out = Tmp("dir_tracks.dolly");
  std::string err;
  BOOST_REQUIRE_EQUAL(Run("-i " + dir + " --stride 16 -o " + out, &err), 0);
  const auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(out);
  BOOST_TEST(tracks.info.track_count == 12);  // x 8,24,40,56; y 8,24,40
  BOOST_TEST(tracks.frames.size() == 3u);
}

// The camera-motion prior and the gain can be switched off (the tracker as
// it was before them); same points, same frames.
BOOST_AUTO_TEST_CASE(priors_switch_off) {
  WriteVideo(Tmp("priors.dolly"), 4, 64, 48);
  const std::string out = Tmp("priors_tracks.dolly");
  BOOST_REQUIRE_EQUAL(Run("-i " + Tmp("priors.dolly") +
                          " --stride 16 --no-global-motion --no-gain --jump-share 0.5 -o " + out),
                      0);
  const auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(out);
  BOOST_TEST(tracks.info.track_count == 12);  // x 8,24,40,56; y 8,24,40
  BOOST_TEST(tracks.frames.size() == 4u);
}

// --model with a tiny TorchScript tracker (points stand still, visible), run
// in overlapping windows; a malformed or missing model fails with no output.
BOOST_AUTO_TEST_CASE(model_backend_runs_and_fails_cleanly) {
  torch::jit::Module m("m");
  m.define(
      "def forward(self, video, queries):\n"
      "    T = video.size(1)\n"
      "    N = queries.size(1)\n"
      "    return queries[:, :, 1:3].unsqueeze(1).expand(1, T, N, 2), "
      "torch.ones([1, T, N]) > 0.0\n");
  m.save(Tmp("still.pt"));
  WriteVideo(Tmp("model_video.dolly"), 20, 64, 48);
  const std::string out = Tmp("model_tracks.dolly");
  std::string err;
  BOOST_REQUIRE_EQUAL(Run("-i " + Tmp("model_video.dolly") + " --model " + Tmp("still.pt") +
                              " --model-window 8 --stride 16 -o " + out,
                          &err),
                      0);
  const auto tracks = artifact::ReadArtifact<schema::TrackSetInfo>(out);
  BOOST_TEST(tracks.info.frame_count == 20);
  BOOST_REQUIRE_EQUAL(tracks.frames.size(), 20u);
  BOOST_TEST(tracks.info.track_count == 12);
  const float* p0 = TensorData<float>(tracks.frames[0].positions);
  const float* p19 = TensorData<float>(tracks.frames[19].positions);
  for (int k = 0; k < 24; ++k) BOOST_TEST(p19[k] == p0[k]);

  const std::string bad_out = Tmp("model_bad.dolly");
  std::ofstream(Tmp("bad.pt")) << "not a TorchScript archive";
  CheckFails("-i " + Tmp("model_video.dolly") + " --model " + Tmp("bad.pt") + " -o " + bad_out, 3,
             Tmp("bad.pt"), bad_out);
  CheckFails("-i " + Tmp("model_video.dolly") + " --model " + Tmp("nope.pt") + " -o " + bad_out,
             4, Tmp("nope.pt"), bad_out);
}

}  // namespace
}  // namespace dolly
