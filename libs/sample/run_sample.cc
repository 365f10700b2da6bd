#include "libs/sample/run_sample.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"
#include "libs/fileio/staging_dir.h"
#include "libs/media/frame_rate.h"
#include "libs/media/image_io.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_writer.h"
#include "libs/sample/check_bundle.h"
#include "libs/sample/model_backend.h"
#include "libs/cli/tool.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/control_types.h"
#include "schemas/video_types.h"

namespace dolly::sample {
namespace {

// Frames per second of the video when the ControlSignals name none.
constexpr double kDefaultFps = 8.0;

const char* const kBackends[] = {"model", "preview", nullptr};

std::string BackendList() {
  std::string list;
  for (const char* const* b = kBackends; *b; ++b) list += std::string(list.empty() ? "" : "|") + *b;
  return list;
}

bool KnownBackend(const std::string& name) {
  for (const char* const* b = kBackends; *b; ++b) {
    if (name == *b) return true;
  }
  return false;
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

void CheckOptions(const SampleToolOptions& o) {
  if (o.controls.empty()) throw UsageError("--controls is required");
  if (o.output.empty()) throw UsageError("-o/--output is required");
  if (!KnownBackend(o.backend)) {
    throw UsageError("--backend " + o.backend + ": unknown backend (this build has " +
                     BackendList() + ")");
  }
  if (o.steps < 0) throw UsageError("--steps " + std::to_string(o.steps) + ": must be >= 0");
  if (!(o.strength >= 0 && o.strength <= 1)) {
    throw UsageError("--strength " + Number(o.strength) + ": must be in [0, 1]");
  }
  if (!std::isnan(o.eta) && !(o.eta >= 0)) throw UsageError("--eta " + Number(o.eta) + ": must be >= 0");
  if (!std::isnan(o.guidance) && !(o.guidance >= 0)) {
    throw UsageError("--guidance " + Number(o.guidance) + ": must be >= 0");
  }
  if (!std::isfinite(o.lora_scale)) throw UsageError("--lora-scale: must be finite");
  if (o.mp4 == "-" || o.frames_dir == "-") {
    throw UsageError("--mp4 and --frames need file names, not '-'");
  }
  if (o.backend == "model") {
    if (o.bundle.empty()) throw UsageError("--backend model needs --bundle (the model bundle JSON)");
    if (o.image.empty()) throw UsageError("--backend model needs --image (the reference image)");
    if (o.init == "-") throw UsageError("--init: '-' is not accepted (give a Video artifact file)");
  }
  // A frames directory that is taken fails now, before any work.
  std::error_code ec;
  if (!o.frames_dir.empty() && std::filesystem::exists(o.frames_dir, ec) &&
      !(std::filesystem::is_directory(o.frames_dir, ec) &&
        std::filesystem::is_empty(o.frames_dir, ec))) {
    throw IoError("--frames " + o.frames_dir + ": exists and is not an empty directory");
  }
}

// The parameters recorded in the Video artifact's header.
std::map<std::string, std::string> HeaderParameters(const SampleToolOptions& o, int width,
                                                    int height) {
  std::map<std::string, std::string> p = {
      {"backend", o.backend},
      {"seed", std::to_string(o.seed)},
      {"width", std::to_string(width)},
      {"height", std::to_string(height)},
  };
  if (o.backend != "preview") {
    p["sampler"] = o.sampler;
    p["steps"] = std::to_string(o.steps);
    p["guidance"] = std::isnan(o.guidance) ? "bundle" : Number(o.guidance);
    p["strength"] = Number(o.strength);
    p["eta"] = std::isnan(o.eta) ? "bundle" : Number(o.eta);
    p["init"] = o.init;
    p["device"] = o.device;
    p["dtype"] = o.dtype;
    if (!o.lora.empty()) p["lora_scale"] = Number(o.lora_scale);
  }
  return p;
}

// Every output of a run, each committed only at the end.
class Outputs {
 public:
  Outputs(const SampleToolOptions& o, schema::ArtifactHeader header, int width, int height,
          double fps, int64_t frame_count)
      : options_(o), fps_(fps) {
    // The frames directory first: it refuses a target that is taken before
    // anything is written.
    if (!o.frames_dir.empty()) {
      staging_ = std::make_unique<fileio::StagingDir>(o.frames_dir);
      png_ = std::make_unique<media::PngSequenceWriter>(staging_->path());
    }
    schema::VideoInfo info;
    info.__set_width(width);
    info.__set_height(height);
    info.__set_fps(fps);
    info.__set_frame_count(frame_count);
    video_ = std::make_unique<artifact::ArtifactWriter<schema::VideoInfo>>(o.output,
                                                                           std::move(header), info);
    if (!o.mp4.empty()) {
      mp4_ = media::Mp4Writer::Open(o.mp4, width, height, media::FrameRateFromDouble(fps));
    }
  }

  void Write(const cv::Mat& rgb) {
    const int64_t index = video_->frames_written();
    schema::VideoFrame frame;
    frame.__set_index(index);
    frame.__set_timestamp(index / fps_);
    frame.__set_image(TensorFromMat(rgb));
    video_->WriteFrame(frame);
    if (mp4_) mp4_->Write(rgb);
    if (png_) png_->Write(rgb);
  }

  int64_t frames() const { return video_->frames_written(); }

  // Moves every output into place; when one fails, those already in place
  // are removed again.
  void Commit() {
    std::vector<std::string> committed;
    try {
      if (mp4_) {
        mp4_->Close();
        committed.push_back(options_.mp4);
      }
      video_->Finish();
      if (options_.output != "-") committed.push_back(options_.output);
      if (staging_) staging_->Commit();
    } catch (...) {
      for (const std::string& path : committed) fileio::RemoveFileQuietly(path);
      throw;
    }
  }

 private:
  const SampleToolOptions& options_;
  double fps_;
  std::unique_ptr<fileio::StagingDir> staging_;
  std::unique_ptr<media::PngSequenceWriter> png_;
  std::unique_ptr<artifact::ArtifactWriter<schema::VideoInfo>> video_;
  std::unique_ptr<media::Mp4Writer> mp4_;
};

// Backend "preview": the warp preview of every control frame, unchanged.
void RunPreview(const SampleToolOptions& o, const cv::Mat& reference, cli::Summary* summary) {
  artifact::ArtifactReader<schema::ControlSignalsInfo> reader(o.controls);
  const schema::ControlSignalsInfo& info = reader.info();
  const int width = info.width, height = info.height;
  const double fps = info.__isset.fps && info.fps > 0 ? info.fps : kDefaultFps;
  const int64_t frame_count = info.__isset.frame_count ? info.frame_count : 0;
  const auto missing = [&](int64_t t) {
    return InvalidInputError(o.controls + ": frame " + std::to_string(t) +
                             " has no warp_preview; render it with dolly-render (warp preview "
                             "on, from a motion representation with a reference image)");
  };

  schema::ArtifactHeader header =
      artifact::MakeHeader("dolly-sample", HeaderParameters(o, width, height),
                           static_cast<int64_t>(o.seed));
  artifact::AddInput(&header, "controls", o.controls);
  if (!o.image.empty()) artifact::AddInput(&header, "image", o.image);
  (void)reference;

  cli::Stopwatch sample_time;
  Outputs outputs(o, std::move(header), width, height, fps, frame_count);
  cli::Progress progress("sampling (preview)", frame_count);
  schema::ControlFrame frame;
  while (reader.NextFrame(&frame)) {
    const int64_t t = reader.frames_read() - 1;
    if (!frame.__isset.warp_preview) throw missing(t);
    outputs.Write(MatFromTensor(frame.warp_preview));
    progress.Advance();
  }
  progress.Done();
  if (outputs.frames() == 0) throw InvalidInputError(o.controls + ": the ControlSignals have no frames");
  outputs.Commit();
  summary->AddTiming("sample", sample_time.Seconds());
  summary->Set("frames", outputs.frames());
  summary->Set("width", width);
  summary->Set("height", height);
  summary->Set("fps", fps);
}

// Backend "model": the bundle's generator on the control videos.
void RunModel(const SampleToolOptions& o, const cv::Mat& reference, cli::Summary* summary) {
  cli::Stopwatch read_time;
  const ControlVideos controls = ReadControlVideos(o.controls);
  // Maps drawn in a mode the model was not trained on give a wrong video:
  // refuse them before the (slow) load.
  CheckControlModes(diffusion::ReadBundle(o.bundle), controls.modes, o.controls);
  const std::vector<cv::Mat> init = InitFrames(o, controls);
  summary->AddTiming("read", read_time.Seconds());

  cli::Stopwatch load_time;
  const diffusion::LoadedBundle model = LoadModel(o, cli::CurrentOptions().threads);
  summary->AddTiming("load", load_time.Seconds());

  // The number of steps is known after the first (s/it counts that one too).
  cli::Stopwatch sample_time;
  std::unique_ptr<cli::Progress> progress;
  const std::vector<cv::Mat> frames =
      GenerateWithModel(model, o, reference, controls, init, [&](int, int steps) {
        if (!progress) {
          progress = std::make_unique<cli::Progress>("sampling", steps, /*show_rate=*/true,
                                                     sample_time.Seconds());
        }
        progress->Advance();
      });
  if (progress) progress->Done();
  summary->AddTiming("sample", sample_time.Seconds());
  if (frames.empty()) throw InvalidInputError(o.bundle + ": the model generated no frames");

  const int width = frames[0].cols, height = frames[0].rows;
  const double fps = controls.fps > 0 ? controls.fps : kDefaultFps;
  schema::ArtifactHeader header =
      artifact::MakeHeader("dolly-sample", HeaderParameters(o, width, height),
                           static_cast<int64_t>(o.seed));
  artifact::AddInput(&header, "controls", o.controls);
  artifact::AddInput(&header, "image", o.image);
  artifact::AddInput(&header, "bundle", o.bundle);
  if (!o.init.empty() && o.init != "warp") artifact::AddInput(&header, "init", o.init);
  if (!o.lora.empty()) artifact::AddInput(&header, "lora", o.lora);

  cli::Stopwatch write_time;
  Outputs outputs(o, std::move(header), width, height, fps, static_cast<int64_t>(frames.size()));
  for (const cv::Mat& frame : frames) outputs.Write(frame);
  outputs.Commit();
  summary->AddTiming("write", write_time.Seconds());
  summary->Set("frames", outputs.frames());
  summary->Set("width", width);
  summary->Set("height", height);
  summary->Set("fps", fps);
}

}  // namespace

const char* const* SampleBackends() { return kBackends; }

void RunSampleImpl(const SampleToolOptions& options, cli::Summary* summary) {
  if (!options.check_bundle.empty()) {
    RunCheckBundle(options, cli::CurrentOptions().threads, cli::CurrentOptions().json, summary);
    return;
  }
  CheckOptions(options);
  cli::Stopwatch total;
  cv::Mat reference;
  if (!options.image.empty()) reference = media::ReadImageRgb(options.image);

  if (options.backend == "model") {
    RunModel(options, reference, summary);
  } else {
    RunPreview(options, reference, summary);
  }

  summary->AddOutput("video", options.output);
  if (!options.mp4.empty()) summary->AddOutput("mp4", options.mp4);
  if (!options.frames_dir.empty()) summary->Set("frames_dir", options.frames_dir);
  summary->Set("backend", options.backend);
  summary->Set("seed", options.seed);
  summary->AddTiming("total", total.Seconds());
}

}  // namespace dolly::sample
