#include "libs/sampler/noise_schedule.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/sampler/number_text.h"

namespace dolly::sampler {
namespace {

// numpy.linspace(start, stop, num) with endpoint=True: start + i * step with
// step = (stop - start) / (num - 1) and the last value set to stop exactly.
std::vector<double> Linspace(double start, double stop, int num) {
  std::vector<double> out(num);
  if (num == 1) {
    out[0] = start;
    return out;
  }
  const double step = (stop - start) / (num - 1);
  for (int i = 0; i < num; ++i) out[i] = start + i * step;
  out[num - 1] = stop;
  return out;
}

// Nichol & Dhariwal's alpha_bar(t) for the "squaredcos_cap_v2" schedule.
double CosineAlphaBar(double t) {
  const double pi = std::acos(-1.0);
  const double c = std::cos((t + 0.008) / 1.008 * pi / 2.0);
  return c * c;
}

}  // namespace

BetaSchedule ParseBetaSchedule(const std::string& name) {
  if (name == "linear") return BetaSchedule::kLinear;
  if (name == "scaled_linear") return BetaSchedule::kScaledLinear;
  if (name == "cosine" || name == "squaredcos_cap_v2") return BetaSchedule::kCosine;
  throw InvalidInputError("beta schedule \"" + name +
                          "\" is not one of linear, scaled_linear, cosine");
}

std::vector<double> Betas(BetaSchedule schedule, int num_train_timesteps, double beta_start,
                          double beta_end) {
  const int n = num_train_timesteps;
  if (n < 2) {
    throw InvalidInputError("num_train_timesteps " + std::to_string(n) +
                            " is too small: at least 2 are needed");
  }
  std::vector<double> betas;
  switch (schedule) {
    case BetaSchedule::kLinear:
    case BetaSchedule::kScaledLinear:
      for (const double b : {beta_start, beta_end}) {
        if (!(b > 0.0 && b < 1.0)) {
          throw InvalidInputError("beta " + Num(b) + " (beta_start " + Num(beta_start) +
                                  ", beta_end " + Num(beta_end) +
                                  ") is outside the open interval (0, 1)");
        }
      }
      if (schedule == BetaSchedule::kLinear) {
        betas = Linspace(beta_start, beta_end, n);
      } else {
        betas = Linspace(std::sqrt(beta_start), std::sqrt(beta_end), n);
        for (double& b : betas) b *= b;
      }
      break;
    case BetaSchedule::kCosine:
      // diffusers' betas_for_alpha_bar: beta_start and beta_end are unused.
      betas.resize(n);
      for (int i = 0; i < n; ++i) {
        const double t1 = static_cast<double>(i) / n;
        const double t2 = static_cast<double>(i + 1) / n;
        betas[i] = std::min(1.0 - CosineAlphaBar(t2) / CosineAlphaBar(t1), 0.999);
      }
      break;
  }
  for (int i = 0; i < n; ++i) {
    if (!(betas[i] > 0.0 && betas[i] < 1.0)) {
      throw InvalidInputError("beta[" + std::to_string(i) + "] = " + Num(betas[i]) +
                              " is outside the open interval (0, 1)");
    }
  }
  return betas;
}

std::vector<double> AlphasCumprod(const std::vector<double>& betas) {
  std::vector<double> out(betas.size());
  double product = 1.0;
  for (std::size_t i = 0; i < betas.size(); ++i) {
    product *= 1.0 - betas[i];
    out[i] = product;
  }
  return out;
}

std::vector<double> RescaleZeroTerminalSnr(const std::vector<double>& alphas_cumprod) {
  if (alphas_cumprod.size() < 2) {
    throw InvalidInputError("zero terminal SNR rescaling got " +
                            std::to_string(alphas_cumprod.size()) +
                            " alphas_cumprod values; at least 2 are needed");
  }
  for (std::size_t i = 0; i < alphas_cumprod.size(); ++i) {
    const double a = alphas_cumprod[i];
    if (!(a >= 0.0 && a <= 1.0)) {
      throw InvalidInputError("alphas_cumprod[" + std::to_string(i) + "] = " + Num(a) +
                              " is outside [0, 1]");
    }
  }
  const double first = std::sqrt(alphas_cumprod.front());
  const double last = std::sqrt(alphas_cumprod.back());
  if (!(first > last)) {
    throw InvalidInputError("zero terminal SNR rescaling needs alphas_cumprod to fall: first " +
                            Num(alphas_cumprod.front()) + " is not above last " +
                            Num(alphas_cumprod.back()));
  }
  const double scale = first / (first - last);
  std::vector<double> out(alphas_cumprod.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double s = (std::sqrt(alphas_cumprod[i]) - last) * scale;
    out[i] = s * s;
  }
  // Exactly, not through sqrt, subtraction and squaring: the first keeps its
  // value and the last is (last - last) * scale = 0.
  out.front() = alphas_cumprod.front();
  out.back() = 0.0;
  return out;
}

TimestepSpacing ParseTimestepSpacing(const std::string& name) {
  if (name == "leading") return TimestepSpacing::kLeading;
  if (name == "trailing") return TimestepSpacing::kTrailing;
  if (name == "linspace") return TimestepSpacing::kLinspace;
  throw InvalidInputError("timestep spacing \"" + name +
                          "\" is not one of leading, trailing, linspace");
}

std::vector<int> DiscreteTimesteps(int num_train_timesteps, int steps, TimestepSpacing spacing,
                                   int steps_offset) {
  const int n = num_train_timesteps;
  if (n < 1) {
    throw InvalidInputError("num_train_timesteps " + std::to_string(n) + " must be at least 1");
  }
  if (steps < 1 || steps > n) {
    throw InvalidInputError("sampling steps " + std::to_string(steps) + " must be in [1, " +
                            std::to_string(n) + "] (num_train_timesteps)");
  }
  std::vector<int> out(steps);
  switch (spacing) {
    case TimestepSpacing::kLeading: {
      // diffusers: step_ratio = N // steps (integer division);
      // (arange(0, steps) * step_ratio)[::-1] + steps_offset.
      if (steps_offset < 0 || (steps - 1) * (n / steps) + steps_offset > n - 1) {
        throw InvalidInputError("steps_offset " + std::to_string(steps_offset) +
                                " puts leading timesteps outside [0, " + std::to_string(n - 1) +
                                "] for " + std::to_string(steps) + " steps");
      }
      const int ratio = n / steps;
      for (int i = 0; i < steps; ++i) out[i] = (steps - 1 - i) * ratio + steps_offset;
      break;
    }
    case TimestepSpacing::kTrailing: {
      // diffusers: round(arange(N, 0, -N / steps)) - 1, with numpy's arange
      // fill (start + i * delta, delta = (start + step) - start) and
      // round-half-to-even; steps_offset is not used.
      const double start = n;
      const double step = -static_cast<double>(n) / steps;
      const double second = start + step;
      const double delta = second - start;
      for (int i = 0; i < steps; ++i) {
        const double value = i == 0 ? start : i == 1 ? second : start + i * delta;
        out[i] = static_cast<int>(std::nearbyint(value)) - 1;
      }
      break;
    }
    case TimestepSpacing::kLinspace: {
      // diffusers: round(linspace(0, N - 1, steps))[::-1]; steps_offset unused.
      const std::vector<double> values = Linspace(0.0, n - 1, steps);
      for (int i = 0; i < steps; ++i) {
        out[i] = static_cast<int>(std::nearbyint(values[steps - 1 - i]));
      }
      break;
    }
  }
  return out;
}

std::vector<double> DiscreteSigmas(const std::vector<double>& alphas_cumprod) {
  std::vector<double> out(alphas_cumprod.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double a = alphas_cumprod[i];
    if (!(a >= 0.0 && a <= 1.0)) {
      throw InvalidInputError("alphas_cumprod[" + std::to_string(i) + "] = " + Num(a) +
                              " is outside [0, 1]");
    }
    out[i] = a == 0.0 ? std::numeric_limits<double>::infinity() : std::sqrt((1.0 - a) / a);
  }
  return out;
}

std::vector<double> KarrasSigmas(int steps, double sigma_min, double sigma_max, double rho) {
  if (steps < 1) {
    throw InvalidInputError("Karras sigmas need at least 1 step, got " + std::to_string(steps));
  }
  if (!(sigma_min > 0.0 && sigma_min < sigma_max && std::isfinite(sigma_max))) {
    throw InvalidInputError("Karras sigma range [" + Num(sigma_min) + ", " + Num(sigma_max) +
                            "] must satisfy 0 < sigma_min < sigma_max < infinity");
  }
  if (!(rho > 0.0 && std::isfinite(rho))) {
    throw InvalidInputError("Karras rho " + Num(rho) + " must be positive and finite");
  }
  // k-diffusion get_sigmas_karras: ramp = linspace(0, 1, steps).
  const double min_inv_rho = std::pow(sigma_min, 1.0 / rho);
  const double max_inv_rho = std::pow(sigma_max, 1.0 / rho);
  const std::vector<double> ramp = Linspace(0.0, 1.0, steps);
  std::vector<double> out(steps + 1);
  for (int i = 0; i < steps; ++i) {
    out[i] = std::pow(max_inv_rho + ramp[i] * (min_inv_rho - max_inv_rho), rho);
  }
  // The endpoints exactly, not through pow(pow(sigma, 1 / rho), rho).
  out[0] = sigma_max;
  if (steps > 1) out[steps - 1] = sigma_min;
  out[steps] = 0.0;
  return out;
}

std::vector<double> FlowSigmas(int steps, double shift) {
  if (steps < 1) {
    throw InvalidInputError("flow sigmas need at least 1 step, got " + std::to_string(steps));
  }
  if (!(shift > 0.0 && std::isfinite(shift))) {
    throw InvalidInputError("flow shift " + Num(shift) + " must be positive and finite");
  }
  std::vector<double> out(steps + 1);
  for (int i = 0; i <= steps; ++i) {
    const double s = static_cast<double>(steps - i) / steps;  // linspace(1, 0, steps + 1)
    out[i] = shift * s / (1.0 + (shift - 1.0) * s);
  }
  out[0] = 1.0;
  out[steps] = 0.0;
  return out;
}

}  // namespace dolly::sampler
