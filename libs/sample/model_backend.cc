#include "libs/sample/model_backend.h"

#include <algorithm>
#include <cmath>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/diffusion/generate.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/control_types.h"
#include "schemas/video_types.h"

namespace dolly::sample {
namespace {

// Inverse depth as gray RGB: 255 * (1/z) / max(1/z) over the clip.
std::vector<cv::Mat> DepthAsRgb(const std::vector<cv::Mat>& depth) {
  float max_inverse = 0;
  for (const cv::Mat& z : depth) {
    for (int y = 0; y < z.rows; ++y) {
      const float* row = z.ptr<float>(y);
      for (int x = 0; x < z.cols; ++x) {
        if (row[x] > 0 && std::isfinite(row[x])) max_inverse = std::max(max_inverse, 1 / row[x]);
      }
    }
  }
  std::vector<cv::Mat> out;
  for (const cv::Mat& z : depth) {
    cv::Mat rgb(z.size(), CV_8UC3, cv::Scalar(0, 0, 0));
    for (int y = 0; y < z.rows; ++y) {
      const float* row = z.ptr<float>(y);
      cv::Vec3b* dst = rgb.ptr<cv::Vec3b>(y);
      for (int x = 0; x < z.cols; ++x) {
        if (!(row[x] > 0 && std::isfinite(row[x])) || max_inverse <= 0) continue;
        const auto v = cv::saturate_cast<uchar>(255.0 * (1 / row[x]) / max_inverse);
        dst[x] = cv::Vec3b(v, v, v);
      }
    }
    out.push_back(rgb);
  }
  return out;
}

}  // namespace

ControlVideos ReadControlVideos(const std::string& path) {
  artifact::ArtifactReader<schema::ControlSignalsInfo> reader(path);
  ControlVideos out;
  out.width = reader.info().width;
  out.height = reader.info().height;
  out.fps = reader.info().__isset.fps ? reader.info().fps : 0;
  out.modes = ModesOf(reader.info(), reader.header().schema_version);
  std::map<std::string, std::vector<cv::Mat>> maps;
  std::vector<cv::Mat> depth;
  schema::ControlFrame frame;
  const auto add = [&](bool isset, const schema::Tensor& tensor, const char* name) {
    if (isset) maps[name].push_back(MatFromTensor(tensor));
  };
  while (reader.NextFrame(&frame)) {
    add(frame.__isset.object_map, frame.object_map, "object_map");
    add(frame.__isset.camera_map, frame.camera_map, "camera_map");
    add(frame.__isset.trajectory_map, frame.trajectory_map, "trajectory_map");
    add(frame.__isset.warp_preview, frame.warp_preview, "warp_preview");
    if (frame.__isset.depth) depth.push_back(MatFromTensor(frame.depth));
  }
  out.frames = reader.frames_read();
  if (static_cast<int64_t>(depth.size()) == out.frames && !depth.empty()) {
    maps["depth"] = DepthAsRgb(depth);
  }
  for (auto& [name, frames] : maps) {
    if (static_cast<int64_t>(frames.size()) == out.frames) out.maps[name] = std::move(frames);
  }
  return out;
}

std::vector<cv::Mat> InitFrames(const SampleToolOptions& options, const ControlVideos& controls) {
  if (options.init.empty()) return {};
  if (options.init == "warp") {
    const auto it = controls.maps.find("warp_preview");
    if (it == controls.maps.end()) {
      throw InvalidInputError(options.controls +
                              ": --init warp: the ControlSignals have no warp_preview; render it "
                              "with dolly-render (warp preview on)");
    }
    return it->second;
  }
  artifact::ArtifactReader<schema::VideoInfo> reader(options.init);
  std::vector<cv::Mat> frames;
  schema::VideoFrame frame;
  while (reader.NextFrame(&frame)) {
    if (!frame.__isset.image) {
      throw InvalidInputError(options.init + ": frame " + std::to_string(frames.size()) +
                              " has no image");
    }
    frames.push_back(MatFromTensor(frame.image));
  }
  return frames;
}

diffusion::LoadedBundle LoadModel(const SampleToolOptions& options, int threads) {
  diffusion::LoadOptions load;
  load.device = options.device;
  load.dtype = options.dtype;
  load.lora_path = options.lora;
  load.lora_scale = options.lora_scale;
  load.threads = threads;
  return diffusion::LoadBundle(options.bundle, load);
}

std::vector<cv::Mat> GenerateWithModel(const diffusion::LoadedBundle& loaded,
                                       const SampleToolOptions& options,
                                       const cv::Mat& reference_rgb,
                                       const ControlVideos& controls,
                                       const std::vector<cv::Mat>& init_frames,
                                       const std::function<void(int, int)>& on_step) {

  diffusion::GenerateInputs inputs;
  inputs.reference_rgb = reference_rgb;
  inputs.control_frames = controls.maps;
  inputs.init_frames = init_frames;
  diffusion::GenerateOptions generate;
  generate.sampler = options.sampler;
  generate.steps = options.steps;
  generate.guidance = options.guidance;
  generate.strength = options.strength;
  generate.eta = options.eta;
  generate.seed = options.seed;
  return diffusion::GenerateVideo(loaded, inputs, generate, on_step);
}

}  // namespace dolly::sample
