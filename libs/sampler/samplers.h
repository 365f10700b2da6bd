// Sampler functions over a denoise callback (the stable-diffusion.cpp split:
// schedules in noise_schedule.h, per-prediction scalings in prediction.h,
// samplers here, guidance in guidance.h). Every sampler but the flow one
// works in the variance-exploding form x = x0 + sigma * eps: start from
// x = sigmas[0] * noise (or an SDEdit start, sdedit.h) and walk the
// descending `sigmas` (the last may be 0) down to an estimate of x0.
//
// Zero terminal SNR makes the first discrete sigma infinite. As diffusers'
// Euler scheduler does, callers clamp alphas_cumprod to >= 2^-24 before
// taking sigmas (kMinAlphaCumprod), which keeps every sigma finite (<= 4096)
// and changes the first step by less than float precision in the model input.
#ifndef DOLLY_LIBS_SAMPLER_SAMPLERS_H_
#define DOLLY_LIBS_SAMPLER_SAMPLERS_H_

#include <functional>
#include <string>
#include <vector>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/latent.h"

namespace dolly::sampler {

inline constexpr double kMinAlphaCumprod = 1.0 / 16777216.0;  // 2^-24

// Estimate of x0 from x at noise level sigma (VE form). Classifier-free
// guidance, prediction scalings and the network live inside it.
using Denoiser = std::function<Latent(const Latent& x, double sigma)>;
// Flow matching: velocity u = eps - x0 at x_s, s in [0, 1].
using VelocityField = std::function<Latent(const Latent& x, double s)>;
// Called after each step with (step index from 0, number of steps).
using StepCallback = std::function<void(int step, int steps)>;

enum class SamplerKind { kDdim, kEuler, kEulerAncestral, kHeun, kDpmpp2m, kFlowEuler };

// "ddim", "euler", "euler_a" (also "euler_ancestral"), "heun", "dpmpp_2m"
// (also "dpm++2m"), "flow_euler"; throws InvalidInputError naming the
// accepted names.
SamplerKind ParseSampler(const std::string& name);
std::string SamplerName(SamplerKind kind);

// DDIM (Song et al. 2021) with eta in [0, 1]; eta = 0 is deterministic and
// equals Euler in this form; `noise` is used only when eta > 0.
Latent SampleDdim(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                  double eta, GaussianNoise* noise, const StepCallback& on_step = {});

// Euler (Karras et al. 2022, Algorithm 1 without churn).
Latent SampleEuler(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                   const StepCallback& on_step = {});

// Euler ancestral (k-diffusion): each step goes to sigma_down, then adds
// fresh noise of sigma_up (eta scales it; 1 = the usual ancestral step).
Latent SampleEulerAncestral(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                            GaussianNoise* noise, double eta = 1.0,
                            const StepCallback& on_step = {});

// Heun's second-order method (Karras et al. 2022, Algorithm 1); the step to
// sigma = 0 is a plain Euler step. Two denoiser calls per step otherwise.
Latent SampleHeun(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                  const StepCallback& on_step = {});

// DPM-Solver++(2M) (Lu et al. 2022), multistep, as in k-diffusion.
Latent SampleDpmpp2m(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                     const StepCallback& on_step = {});

// Flow matching Euler over descending s values (FlowSigmas): x_next = x +
// (s_next - s) * u(x, s). Start from x = noise (s = 1).
Latent SampleFlowEuler(const VelocityField& velocity, Latent x, const std::vector<double>& s,
                       const StepCallback& on_step = {});

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_SAMPLERS_H_
