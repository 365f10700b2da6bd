// Classifier-free guidance: combining the denoiser's outputs with and
// without (some of) the conditions. Which inputs are dropped for the
// unconditional branch is the model bundle's business; these functions only
// combine. All work on any prediction (x0 estimates, eps, v, velocities):
// the combination is linear.
#ifndef DOLLY_LIBS_SAMPLER_GUIDANCE_H_
#define DOLLY_LIBS_SAMPLER_GUIDANCE_H_

#include <vector>

#include "libs/sampler/latent.h"

namespace dolly::sampler {

// uncond + scale * (cond - uncond); scale 1 returns cond exactly.
Latent Guide(const Latent& cond, const Latent& uncond, double scale);

// Two conditions (e.g. reference image and control signals; InstructPix2Pix
// style): uncond + scale_a * (cond_a - uncond) + scale_b * (cond_ab - cond_a),
// where cond_a has only the first condition and cond_ab both.
Latent Guide2(const Latent& uncond, const Latent& cond_a, const Latent& cond_ab, double scale_a,
              double scale_b);

// Stable Video Diffusion's per-frame ramp: frame f of F gets
// min_scale + (max_scale - min_scale) * f / (F - 1) (min_scale for F = 1).
std::vector<double> FrameGuidanceRamp(int frames, double min_scale, double max_scale);

// Guide with one scale per frame; the latent is frame-major: `frames` equal
// consecutive blocks. Throws std::invalid_argument when sizes disagree.
Latent GuidePerFrame(const Latent& cond, const Latent& uncond, const std::vector<double>& scales);

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_GUIDANCE_H_
