// Peak memory of monocular dolly-odometry on a long video: the frames must
// be streamed, never held. A child process renders a dolly-synth orbit of
// the whole set (360 degrees, so the clip loops seamlessly) and writes it
// `--loops` times into one MP4; this process then (1) reads and converts the
// frames only (the baseline: decoder and frame buffers), (2) runs the
// monocular odometry with --points on the same file, and prints the peak
// resident set size (getrusage) after each, and their ratio.
//
//   bazel run -c opt //tools/odometry:mono_memory_benchmark -- [--frames 1000]
//       [--width 640] [--height 480] [--clip 200] [--dir DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/cli/summary.h"
#include "libs/frames/frame_input.h"
#include "libs/media/video_writer.h"
#include "libs/odometry/monocular_run.h"
#include "libs/synth/presets.h"
#include "libs/synth/synth.h"

namespace {

double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux: kilobytes
}

// orbit_boxes without the backdrop (a full orbit would see it from behind),
// turning once around the set (the path's frames span 0..360 degrees).
std::string WriteRecipe(const std::string& dir) {
  nlohmann::json recipe = nlohmann::json::parse(*dolly::synth::PresetJson("orbit_boxes"));
  recipe["name"] = "orbit360";
  recipe["camera"]["motion"]["degrees"] = 360;
  recipe.erase("backdrop");
  const std::string path = dir + "/orbit360.json";
  std::ofstream(path) << recipe.dump(2);
  return path;
}

// In a child process, so its memory (the clip held to loop it) does not
// count in this process's peak.
void MakeVideo(const std::string& dir, const std::string& mp4, int frames, int clip, int width,
               int height) {
  const pid_t child = fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    try {
      dolly::synth::SynthOptions o;
      // One frame more than a turn: the clip's last frame would repeat its first.
      o.scene = WriteRecipe(dir);
      o.frames = clip + 1;
      o.width = width;
      o.height = height;
      o.tracks = 0;
      o.supersample = 1;
      o.write_mp4 = false;
      o.write_png = false;
      o.overwrite = true;
      o.output = dir + "/clip";
      dolly::synth::RunSynthImpl(o);
      const dolly::frames::Frames rgb =
          dolly::frames::ReadAllFrames(dir + "/clip/video.dolly", /*gray=*/false);
      auto writer = dolly::media::Mp4Writer::Open(mp4, width, height, {25, 1}, 18);
      for (int f = 0; f < frames; ++f) writer->Write(rgb.images[f % clip]);
      writer->Close();
      _exit(0);
    } catch (const std::exception& e) {
      std::cerr << "making the video: " << e.what() << std::endl;
      _exit(1);
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("making the video failed");
  }
}

}  // namespace

int main(int argc, char** argv) {
  int frames = 1000, width = 640, height = 480, clip = 200;
  std::string dir = "/tmp/dolly_mono_memory";
  CLI::App app("Peak memory of monocular dolly-odometry on a long video");
  app.add_option("--frames", frames, "Frames of the video")->capture_default_str();
  app.add_option("--width", width)->capture_default_str();
  app.add_option("--height", height)->capture_default_str();
  app.add_option("--clip", clip, "Frames of one turn around the set (looped)")
      ->capture_default_str();
  app.add_option("--dir", dir, "Working directory")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::system(("mkdir -p " + dir).c_str());
  const std::string mp4 = dir + "/orbit_loop.mp4";
  dolly::cli::Stopwatch make;
  MakeVideo(dir, mp4, frames, clip, width, height);
  std::printf("video: %d frames of %dx%d (%d-frame orbit looped) in %.1f s\n", frames, width,
              height, clip, make.Seconds());
  const double start = PeakRssMiB();

  // Baseline: what any stage that streams these frames pays.
  dolly::cli::Stopwatch read;
  {
    auto source = dolly::frames::OpenFrameInput(mp4);
    cv::Mat rgb, gray;
    int n = 0;
    while (source->Next(&rgb)) {
      cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
      ++n;
    }
    if (n != frames) std::printf("warning: read %d frames\n", n);
  }
  const double read_seconds = read.Seconds();
  const double baseline = PeakRssMiB();

  dolly::odometry::OdometryOptions options;
  options.input = mp4;
  options.output = dir + "/camera.dolly";
  options.points = dir + "/points.dolly";
  dolly::cli::Summary summary;
  dolly::cli::Stopwatch run;
  const dolly::odometry::OdometryResult result =
      dolly::odometry::RunMonocularOdometry(options, &summary);
  const double run_seconds = run.Seconds();
  const double peak = PeakRssMiB();

  std::printf("peak RSS before reading: %.0f MiB\n", start);
  std::printf("baseline (stream + gray only): peak %.0f MiB, %.1f s\n", baseline, read_seconds);
  std::printf("monocular odometry (--points): peak %.0f MiB, %.1f s, %zu segment(s), %zu lost, "
              "%zu keyframes, %lld points\n",
              peak, run_seconds, result.segments.size(), result.lost_frames.size(),
              result.keyframes.size(), summary.json()["points"].get<long long>());
  std::printf("ratio run / baseline peak: %.2f (target: run peak <= 2048 MiB)\n", peak / baseline);
  return peak <= 2048.0 ? 0 : 1;
}
