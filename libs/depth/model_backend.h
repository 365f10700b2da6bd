// `--backend model`: a TorchScript monocular depth network (e.g. an exported
// Depth-Anything-V2, tools/depth/export_depth_anything.py). LibTorch headers
// stay inside model_backend.cc.
//
// Contract with the model: input float [B, 3, h, w], RGB in [0, 1]
// normalised with the ImageNet mean (0.485, 0.456, 0.406) and std (0.229,
// 0.224, 0.225), h and w multiples of 14 (long side --input-size, default
// 518); output one depth channel [B, 1, h', w'] or [B, h', w'], resized back
// to the frame size bilinearly.
#ifndef DOLLY_LIBS_DEPTH_MODEL_BACKEND_H_
#define DOLLY_LIBS_DEPTH_MODEL_BACKEND_H_

#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"

namespace dolly::depth {

// The optional JSON beside a model (model.pt -> model.json):
// {"kind": "relative-inverse"|"relative"|"metric", "input_size": 518,
//  "input_height": 392, "input_width": 518}. A traced model only runs at its
// traced size: input_height/input_width (both or neither) fix the network
// input, overriding input_size and the frame aspect.
struct ModelDescription {
  std::string kind;                 // empty when not given
  std::optional<int> input_size;    // unset when not given
  std::optional<cv::Size> fixed_size;
};

// Reads the description beside `model_path`, or returns an empty one when
// there is none. Throws InvalidInputError naming the JSON file when it is
// malformed.
ModelDescription ReadModelDescription(const std::string& model_path);

// Network input size for a width x height frame: the long side is
// `input_size` rounded down to a multiple of 14, the short side keeps the
// aspect ratio rounded to the nearest multiple of 14 (at least 14).
// UsageError for input_size < 14.
cv::Size NetworkInputSize(int width, int height, int input_size);

// Throws IoError for a missing model, InvalidInputError naming the model for
// one that does not load or returns a wrong shape or non-finite values,
// ResourceError for --device cuda without CUDA.
DepthResult RunModelBackend(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_MODEL_BACKEND_H_
