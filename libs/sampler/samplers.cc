#include "libs/sampler/samplers.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "libs/core/error.h"

namespace dolly::sampler {
namespace {

constexpr char kAcceptedSamplers[] =
    "ddim, euler, euler_a (euler_ancestral), heun, dpmpp_2m (dpm++2m), flow_euler";

// Number of steps of a descending schedule; throws for an empty one.
int StepsOf(const std::vector<double>& sigmas, const char* who) {
  if (sigmas.empty()) {
    throw std::invalid_argument(std::string(who) + ": the schedule is empty (need at least "
                                "the final sigma)");
  }
  return static_cast<int>(sigmas.size()) - 1;
}

void Notify(const StepCallback& on_step, int step, int steps) {
  if (on_step) on_step(step, steps);
}

Latent Denoise(const Denoiser& denoise, const Latent& x, double sigma) {
  Latent denoised = denoise(x, sigma);
  if (denoised.size() != x.size()) {
    throw std::invalid_argument("denoiser returned " + std::to_string(denoised.size()) +
                                " values for a latent of " + std::to_string(x.size()));
  }
  return denoised;
}

// k-diffusion's to_d: the probability-flow ODE's derivative dx/dsigma.
Latent Derivative(const Latent& x, const Latent& denoised, double sigma) {
  return (x - denoised) / static_cast<float>(sigma);
}

}  // namespace

SamplerKind ParseSampler(const std::string& name) {
  if (name == "ddim") return SamplerKind::kDdim;
  if (name == "euler") return SamplerKind::kEuler;
  if (name == "euler_a" || name == "euler_ancestral") return SamplerKind::kEulerAncestral;
  if (name == "heun") return SamplerKind::kHeun;
  if (name == "dpmpp_2m" || name == "dpm++2m") return SamplerKind::kDpmpp2m;
  if (name == "flow_euler") return SamplerKind::kFlowEuler;
  throw InvalidInputError("sampler \"" + name + "\" is not one of: " + kAcceptedSamplers);
}

std::string SamplerName(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::kDdim:
      return "ddim";
    case SamplerKind::kEuler:
      return "euler";
    case SamplerKind::kEulerAncestral:
      return "euler_a";
    case SamplerKind::kHeun:
      return "heun";
    case SamplerKind::kDpmpp2m:
      return "dpmpp_2m";
    case SamplerKind::kFlowEuler:
      return "flow_euler";
  }
  throw std::invalid_argument("unknown SamplerKind");
}

// DDIM in the VE form. With abar = 1 / (1 + sigma^2) (so x_vp = sqrt(abar) x)
// and eps_hat = (x - x0) / sigma, DDIM's update
//   x_vp_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - sigma_eta^2) eps_hat
//               + sigma_eta z
// divided by sqrt(abar_prev) gives the VE update below. For eta = 0 the eps
// coefficient is sigma_prev: exactly Euler; for eta = 1 it is k-diffusion's
// ancestral step (sigma_down = sigma_prev^2 / sigma, sigma_up as in Euler a).
Latent SampleDdim(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                  double eta, GaussianNoise* noise, const StepCallback& on_step) {
  const int steps = StepsOf(sigmas, "SampleDdim");
  if (!(eta >= 0.0 && eta <= 1.0)) {
    throw std::invalid_argument("SampleDdim: eta " + std::to_string(eta) +
                                " is outside [0, 1]");
  }
  if (eta > 0.0 && noise == nullptr) {
    throw std::invalid_argument("SampleDdim: eta > 0 needs a noise source");
  }
  for (int i = 0; i < steps; ++i) {
    const double sigma = sigmas[i];
    const double sigma_prev = sigmas[i + 1];
    const Latent x0 = Denoise(denoise, x, sigma);
    if (sigma_prev == 0.0) {
      x = x0;
    } else {
      const double abar_t = 1.0 / (1.0 + sigma * sigma);
      const double abar_prev = 1.0 / (1.0 + sigma_prev * sigma_prev);
      double sigma_eta = 0.0;
      if (eta > 0.0) {
        sigma_eta = eta * std::sqrt((1.0 - abar_prev) / (1.0 - abar_t)) *
                    std::sqrt(std::max(0.0, 1.0 - abar_t / abar_prev));
      }
      const double eps_coef =
          std::sqrt(std::max(0.0, 1.0 - abar_prev - sigma_eta * sigma_eta) / abar_prev);
      const Latent eps_hat = (x - x0) / static_cast<float>(sigma);
      x = x0 + static_cast<float>(eps_coef) * eps_hat;
      if (sigma_eta > 0.0) {
        x += static_cast<float>(sigma_eta / std::sqrt(abar_prev)) *
             noise->Next(static_cast<std::size_t>(x.size()));
      }
    }
    Notify(on_step, i, steps);
  }
  return x;
}

Latent SampleEuler(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                   const StepCallback& on_step) {
  const int steps = StepsOf(sigmas, "SampleEuler");
  for (int i = 0; i < steps; ++i) {
    const Latent denoised = Denoise(denoise, x, sigmas[i]);
    if (sigmas[i + 1] == 0.0) {
      x = denoised;
    } else {
      x += Derivative(x, denoised, sigmas[i]) * static_cast<float>(sigmas[i + 1] - sigmas[i]);
    }
    Notify(on_step, i, steps);
  }
  return x;
}

Latent SampleEulerAncestral(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                            GaussianNoise* noise, double eta, const StepCallback& on_step) {
  const int steps = StepsOf(sigmas, "SampleEulerAncestral");
  if (!(eta >= 0.0)) {
    throw std::invalid_argument("SampleEulerAncestral: eta " + std::to_string(eta) +
                                " is negative");
  }
  if (eta > 0.0 && noise == nullptr) {
    throw std::invalid_argument("SampleEulerAncestral: eta > 0 needs a noise source");
  }
  for (int i = 0; i < steps; ++i) {
    const double sigma = sigmas[i];
    const double sigma_to = sigmas[i + 1];
    const Latent denoised = Denoise(denoise, x, sigma);
    if (sigma_to == 0.0) {
      x = denoised;
    } else {
      // k-diffusion get_ancestral_step.
      double sigma_up = 0.0;
      if (eta > 0.0) {
        sigma_up = std::min(sigma_to, eta * std::sqrt(sigma_to * sigma_to *
                                                      (sigma * sigma - sigma_to * sigma_to) /
                                                      (sigma * sigma)));
      }
      const double sigma_down = std::sqrt(sigma_to * sigma_to - sigma_up * sigma_up);
      x += Derivative(x, denoised, sigma) * static_cast<float>(sigma_down - sigma);
      if (sigma_up > 0.0) {
        x += static_cast<float>(sigma_up) * noise->Next(static_cast<std::size_t>(x.size()));
      }
    }
    Notify(on_step, i, steps);
  }
  return x;
}

Latent SampleHeun(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                  const StepCallback& on_step) {
  const int steps = StepsOf(sigmas, "SampleHeun");
  for (int i = 0; i < steps; ++i) {
    const double sigma = sigmas[i];
    const double sigma_next = sigmas[i + 1];
    const Latent denoised = Denoise(denoise, x, sigma);
    if (sigma_next == 0.0) {
      x = denoised;  // the Euler step to sigma = 0
    } else {
      const float dt = static_cast<float>(sigma_next - sigma);
      const Latent d = Derivative(x, denoised, sigma);
      const Latent x2 = x + d * dt;
      const Latent denoised2 = Denoise(denoise, x2, sigma_next);
      const Latent d2 = Derivative(x2, denoised2, sigma_next);
      x += (d + d2) * (0.5f * dt);
    }
    Notify(on_step, i, steps);
  }
  return x;
}

// k-diffusion sample_dpmpp_2m: with t = -log(sigma) and h = t_next - t,
// x_next = (sigma_next / sigma) x - expm1(-h) D', where D' is the denoised
// estimate extrapolated from the previous one (r = h_last / h):
// D' = (1 + 1/(2r)) D - 1/(2r) D_old; the first step and the step to
// sigma = 0 use D itself.
Latent SampleDpmpp2m(const Denoiser& denoise, Latent x, const std::vector<double>& sigmas,
                     const StepCallback& on_step) {
  const int steps = StepsOf(sigmas, "SampleDpmpp2m");
  Latent old_denoised;
  for (int i = 0; i < steps; ++i) {
    const double sigma = sigmas[i];
    const double sigma_next = sigmas[i + 1];
    Latent denoised = Denoise(denoise, x, sigma);
    if (sigma_next == 0.0) {
      x = denoised;
    } else {
      const double t = -std::log(sigma);
      const double t_next = -std::log(sigma_next);
      const double h = t_next - t;
      const float ratio = static_cast<float>(sigma_next / sigma);
      const float weight = static_cast<float>(-std::expm1(-h));
      if (i == 0) {
        x = ratio * x + weight * denoised;
      } else {
        const double h_last = t - (-std::log(sigmas[i - 1]));
        const double r = h_last / h;
        const float a = static_cast<float>(1.0 + 1.0 / (2.0 * r));
        const float b = static_cast<float>(1.0 / (2.0 * r));
        x = ratio * x + weight * (a * denoised - b * old_denoised);
      }
    }
    old_denoised = std::move(denoised);
    Notify(on_step, i, steps);
  }
  return x;
}

Latent SampleFlowEuler(const VelocityField& velocity, Latent x, const std::vector<double>& s,
                       const StepCallback& on_step) {
  const int steps = StepsOf(s, "SampleFlowEuler");
  for (int i = 0; i < steps; ++i) {
    const Latent u = velocity(x, s[i]);
    if (u.size() != x.size()) {
      throw std::invalid_argument("velocity field returned " + std::to_string(u.size()) +
                                  " values for a latent of " + std::to_string(x.size()));
    }
    x += static_cast<float>(s[i + 1] - s[i]) * u;
    Notify(on_step, i, steps);
  }
  return x;
}

}  // namespace dolly::sampler
