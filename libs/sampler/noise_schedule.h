// Noise schedules of the diffusion families dolly samples from:
// DDPM-style discrete schedules (SD-1.x, Perception-as-Control), Karras/EDM
// sigmas (Stable Video Diffusion) and flow-matching sigmas (Wan-style).
//
// Conventions. A discrete schedule has num_train_timesteps steps t = 0..N-1
// with betas[t] and alphas_cumprod[t] = prod_{s<=t} (1 - betas[s]). Its noise
// level in "sigma" form (the variance-exploding view that every sampler here
// works in) is sigma_t = sqrt((1 - alphas_cumprod[t]) / alphas_cumprod[t]);
// x_t / sqrt(alphas_cumprod[t]) = x0 + sigma_t * eps. Sampling timesteps are
// listed in descending order (first = noisiest). Flow matching uses
// x_t = (1 - s) * x0 + s * eps with s in [0, 1].
#ifndef DOLLY_LIBS_SAMPLER_NOISE_SCHEDULE_H_
#define DOLLY_LIBS_SAMPLER_NOISE_SCHEDULE_H_

#include <string>
#include <vector>

namespace dolly::sampler {

enum class BetaSchedule {
  kLinear,        // linspace(beta_start, beta_end, N)
  kScaledLinear,  // linspace(sqrt(beta_start), sqrt(beta_end), N)^2 (SD-1.x)
  kCosine,        // Nichol & Dhariwal "squaredcos_cap_v2", betas clipped at 0.999
};

// "linear", "scaled_linear", "cosine" (also diffusers' "squaredcos_cap_v2");
// throws InvalidInputError naming the accepted names.
BetaSchedule ParseBetaSchedule(const std::string& name);

// Throws InvalidInputError for N < 2 or betas outside (0, 1).
std::vector<double> Betas(BetaSchedule schedule, int num_train_timesteps = 1000,
                          double beta_start = 0.00085, double beta_end = 0.012);

std::vector<double> AlphasCumprod(const std::vector<double>& betas);

// Lin et al. 2024, "Common Diffusion Noise Schedules and Sample Steps are
// Flawed", Algorithm 1: shift and scale sqrt(alphas_cumprod) so that the last
// step has zero SNR (alphas_cumprod.back() == 0 exactly) while the first keeps
// its value. Returns the rescaled alphas_cumprod.
std::vector<double> RescaleZeroTerminalSnr(const std::vector<double>& alphas_cumprod);

enum class TimestepSpacing {
  kLeading,   // arange(0, steps) * (N // steps) + offset, descending (SD default)
  kTrailing,  // round(arange(N, 0, -N / steps)) - 1 (needed with zero SNR)
  kLinspace,  // round(linspace(0, N - 1, steps)), descending
};

TimestepSpacing ParseTimestepSpacing(const std::string& name);  // "leading", ...

// `steps` training timesteps to sample at, descending, as diffusers' DDIM
// scheduler computes them. Throws InvalidInputError for steps < 1 or > N.
std::vector<int> DiscreteTimesteps(int num_train_timesteps, int steps, TimestepSpacing spacing,
                                   int steps_offset = 0);

// sigma_t of every training timestep (see the header comment); infinite
// where alphas_cumprod is 0 (zero terminal SNR).
std::vector<double> DiscreteSigmas(const std::vector<double>& alphas_cumprod);

// Karras et al. 2022 (EDM) eq. 5: `steps` sigmas from sigma_max down to
// sigma_min with exponent rho, followed by a final 0 (steps + 1 values).
std::vector<double> KarrasSigmas(int steps, double sigma_min, double sigma_max, double rho = 7.0);

// Flow matching: linspace(1, 0, steps + 1) shifted by
// s' = shift * s / (1 + (shift - 1) * s) (SD3 / Wan "shift"; 1 = no shift):
// steps + 1 values from 1 down to 0.
std::vector<double> FlowSigmas(int steps, double shift = 1.0);

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_NOISE_SCHEDULE_H_
