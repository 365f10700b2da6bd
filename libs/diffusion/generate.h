// dolly-sample's engine: reference image + control videos -> a
// generated video, through a model bundle (bundle.h) loaded once
// (bundle_model.h) and the LibTorch-free sampler mathematics of
// //libs/sampler.
//
// Module contracts (TorchScript, every tensor float32 unless the bundle is
// loaded as bf16; F = size.frames, C = latent.channels, H x W = size,
// h x w = size / latent.downsample):
//   denoiser     forward(x: Tensor[F, C, h, w], c_noise: Tensor[1],
//                        cond: Dict[str, Tensor]) -> Tensor[F, C, h, w]
//                x is the scaled model input c_in * x (prediction.h); for
//                flow x is x_s itself and c_noise = 1000 s. c_noise is the
//                fractional training timestep (epsilon / v / x0), 0.25 ln
//                sigma (edm) or 1000 s (flow). cond maps each condition name
//                of "conditions" to its encoded tensor (or the raw frames when
//                the condition has no encoder); a dropped condition (the
//                guidance branches) is zeros_like its tensor. The output is
//                the raw prediction: eps, v, x0, the EDM network F or the
//                flow velocity, per "prediction".
//   vae_encoder  forward(image: Tensor[F, 3, H, W] in [-1, 1]) ->
//                Tensor[F, C, h, w] (the latent mean; multiplied by
//                latent.scale afterwards)
//   vae_decoder  forward(latent / latent.scale: Tensor[F, C, h, w]) ->
//                Tensor[F, 3, H, W] in [-1, 1]
//   encoders     forward(frames: Tensor[F, 3, H, W] (the reference image:
//                [1, 3, H, W]) RGB floats 0..255) -> Tensor of any shape,
//                fixed for the run
// Every module output is checked: a wrong shape or a NaN / Inf value is an
// InvalidInputError naming the module file ("<dir>/unet.pt: output
// [2, 4, 8, 8], expected [16, 4, 8, 8]").
#ifndef DOLLY_LIBS_DIFFUSION_GENERATE_H_
#define DOLLY_LIBS_DIFFUSION_GENERATE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/diffusion/bundle.h"
#include "libs/diffusion/bundle_model.h"

namespace dolly::diffusion {

struct GenerateInputs {
  // RGB, CV_8UC3; resized to the bundle's size when it differs. Needed when a
  // condition is a "reference_image".
  cv::Mat reference_rgb;
  // Condition kind as in the bundle's "conditions" values ("camera_map",
  // "object_map", "trajectory_map", "depth", "warp_preview") -> exactly
  // size.frames RGB CV_8UC3 frames (resized to the bundle's size when they
  // differ). Kinds the bundle does not use are ignored.
  std::map<std::string, std::vector<cv::Mat>> control_frames;
  // Optional SDEdit init: size.frames RGB CV_8UC3 frames (e.g. the warp
  // preview), used with strength < 1.
  std::vector<cv::Mat> init_frames;
};

struct GenerateOptions {
  std::string sampler;  // empty = the bundle's default (bundle.h SamplerFor)
  int steps = 0;        // 0 = the bundle's default
  // NaN = the bundle's default guidance (one scale, per-frame ramp or two
  // scales); a number = that one scale for every frame (uncond vs all
  // conditions). 1 runs the conditional branch only.
  double guidance = std::numeric_limits<double>::quiet_NaN();
  // SDEdit strength in [0, 1]; below 1 needs init_frames. 0 returns the
  // init as the VAE reconstructs it (the init itself without a VAE).
  double strength = 1.0;
  // Stochasticity in [0, 1]: DDIM's eta (NaN = the bundle's defaults.eta)
  // and Euler ancestral's noise scale (NaN = 1, the usual ancestral step).
  double eta = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t seed = 0;
};

// size.frames RGB CV_8UC3 frames of the bundle's size. Conditions are
// encoded once; the start is GaussianNoise(seed) (or the SDEdit start from
// the VAE-encoded init); the same inputs, options and seed give the same
// bytes. `on_step(step, steps)` is called after each sampler step.
// Throws InvalidInputError for missing / malformed inputs or bad module
// outputs, UsageError for out-of-range options ("--sampler: ..." for a
// sampler the bundle cannot use, "--steps: ..." for steps < 0 or more than
// the training timesteps, strength outside [0, 1] or < 1 without init
// frames, guidance not finite or negative, eta outside [0, 1]).
std::vector<cv::Mat> GenerateVideo(const LoadedBundle& loaded, const GenerateInputs& inputs,
                                   const GenerateOptions& options,
                                   const std::function<void(int step, int steps)>& on_step = {});

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_GENERATE_H_
