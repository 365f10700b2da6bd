// dolly-sample's "model" backend: the ControlSignals' maps (and the reference
// image) through a diffusion model bundle (//libs/diffusion).
#ifndef DOLLY_LIBS_SAMPLE_MODEL_BACKEND_H_
#define DOLLY_LIBS_SAMPLE_MODEL_BACKEND_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/diffusion/bundle_model.h"  // LibTorch-free
#include "libs/sample/control_modes.h"
#include "libs/sample/sample_options.h"

namespace dolly::sample {

// Every control video of a ControlSignals artifact, as the RGB CV_8UC3
// frames the model conditions on: "object_map", "camera_map",
// "trajectory_map", "warp_preview" as stored, and "depth" as a gray image of
// the inverse depth, 255 at the nearest known depth of the whole clip,
// scaled linearly to 0 at 1/z = 0 (0 where the depth is unknown). A map
// only some frames have is left out.
struct ControlVideos {
  int width = 0, height = 0;
  double fps = 0;
  int64_t frames = 0;
  std::map<std::string, std::vector<cv::Mat>> maps;
  RenderedModes modes;  // what the maps were rendered as (checked against the bundle)
};
// Throws what ArtifactReader throws (IoError, InvalidInputError).
ControlVideos ReadControlVideos(const std::string& path);

// The init frames of --init: none for "", the warp preview for "warp"
// (InvalidInputError when the controls have none), else the frames of that
// Video artifact.
std::vector<cv::Mat> InitFrames(const SampleToolOptions& options, const ControlVideos& controls);

// Loads options.bundle on options.device / dtype with the LoRA, if any;
// `threads` = LibTorch intra-op threads (0 = default).
diffusion::LoadedBundle LoadModel(const SampleToolOptions& options, int threads);

// Generates the video; `on_step(step, steps)` after every sampler step.
std::vector<cv::Mat> GenerateWithModel(const diffusion::LoadedBundle& model,
                                       const SampleToolOptions& options,
                                       const cv::Mat& reference_rgb,
                                       const ControlVideos& controls,
                                       const std::vector<cv::Mat>& init_frames,
                                       const std::function<void(int, int)>& on_step);

}  // namespace dolly::sample

#endif  // DOLLY_LIBS_SAMPLE_MODEL_BACKEND_H_
