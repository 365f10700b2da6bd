// Test helper: the exact (Bayes-optimal) denoiser of Gaussian data, built for
// every prediction type the way a perfect network would have to behave, so
// that samplers, prediction scalings and schedules can be checked against
// closed-form answers instead of reference dumps.
//
// Data: x0 ~ N(mu, diag s^2). A latent holds many draws of a D-dimensional
// vector back to back: element i belongs to dimension i % D.
//
// VE form, x = x0 + sigma * eps: x ~ N(mu, s^2 + sigma^2) per dimension and
//   E[x0 | x] = mu + s^2 / (s^2 + sigma^2) * (x - mu).
// Flow path, x_t = (1 - t) x0 + t eps: x_t ~ N((1 - t) mu, (1 - t)^2 s^2 + t^2),
// Cov(x0, x_t) = (1 - t) s^2, so
//   E[x0 | x_t] = mu + (1 - t) s^2 / ((1 - t)^2 s^2 + t^2) * (x_t - (1 - t) mu).
#ifndef DOLLY_LIBS_SAMPLER_EXACT_DENOISER_H_
#define DOLLY_LIBS_SAMPLER_EXACT_DENOISER_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/latent.h"
#include "libs/sampler/prediction.h"
#include "libs/sampler/samplers.h"

namespace dolly::sampler::testing {

struct GaussianData {
  std::vector<double> mu;
  std::vector<double> s;
  Eigen::Index dims() const { return static_cast<Eigen::Index>(mu.size()); }
  double Mu(Eigen::Index i) const { return mu[static_cast<std::size_t>(i % dims())]; }
  double S(Eigen::Index i) const { return s[static_cast<std::size_t>(i % dims())]; }
};

inline double PosteriorMean(double mu, double s, double x, double sigma) {
  return mu + s * s / (s * s + sigma * sigma) * (x - mu);
}

inline double FlowPosteriorMean(double mu, double s, double x, double t) {
  const double a = 1.0 - t;
  return mu + a * s * s / (a * a * s * s + t * t) * (x - a * mu);
}

// The ideal x0 estimate computed directly (no prediction type in between).
inline Denoiser DirectDenoiser(const GaussianData& data) {
  return [data](const Latent& x, double sigma) {
    Latent out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      out[i] = static_cast<float>(PosteriorMean(data.Mu(i), data.S(i), x[i], sigma));
    }
    return out;
  };
}

// A network knows the noise level only through c_noise: check that it gives
// sigma back as prediction.h documents (edm: sigma = exp(4 c_noise); the
// others: the fractional training timestep, linear in log sigma between
// neighbouring discrete sigmas, clamped to [0, N - 1]). Throws
// std::logic_error otherwise, failing the test that samples.
inline void CheckNoiseLevel(Prediction prediction, double sigma, double c_noise,
                            const std::vector<double>& discrete_sigmas) {
  double expected_sigma = sigma;
  double recovered = 0.0;
  if (prediction == Prediction::kEdm) {
    recovered = std::exp(4.0 * c_noise);
  } else {
    const double last = static_cast<double>(discrete_sigmas.size() - 1);
    if (!(c_noise >= 0.0 && c_noise <= last)) {
      throw std::logic_error("c_noise " + std::to_string(c_noise) + " is outside [0, N - 1]");
    }
    const std::size_t i = std::min(static_cast<std::size_t>(c_noise), discrete_sigmas.size() - 2);
    const double frac = c_noise - static_cast<double>(i);
    recovered = std::exp((1.0 - frac) * std::log(discrete_sigmas[i]) +
                         frac * std::log(discrete_sigmas[i + 1]));
    expected_sigma = std::min(std::max(sigma, discrete_sigmas.front()), discrete_sigmas.back());
  }
  if (!(std::abs(std::log(recovered) - std::log(expected_sigma)) <= 1e-9)) {
    throw std::logic_error("c_noise " + std::to_string(c_noise) + " gives sigma " +
                           std::to_string(recovered) + ", not " + std::to_string(expected_sigma));
  }
}

// The denoiser D(x) = c_skip x + c_out network(c_in x) with ScalingsFor's
// scalings around the ideal network of `prediction`. The network sees only
// c_in x (in float, as a real one would) and the noise level; it undoes the
// input scaling prediction.h documents (the VP sample x / sqrt(sigma^2 + 1),
// or x / sqrt(sigma^2 + sd^2) for edm), forms E[x0 | x] and outputs what a
// network of that type is trained to output:
//   epsilon  eps_hat = (x - x0_hat) / sigma
//   v        alpha eps_hat - sigma_vp x0_hat, alpha = 1 / sqrt(1 + sigma^2),
//            sigma_vp = sigma / sqrt(1 + sigma^2) (the VP sample's v)
//   x0       x0_hat
//   edm      (x0_hat - c_skip x) / c_out with the documented SVD c_skip, c_out
// Targets use the documented formulas, written here independently, so a wrong
// c_in, c_skip or c_out in ScalingsFor shows up as a wrong x0 estimate.
inline Denoiser ExactDenoiser(const GaussianData& data, Prediction prediction,
                              std::vector<double> discrete_sigmas = {}, double sigma_data = 1.0) {
  if (prediction == Prediction::kFlow) {
    throw std::invalid_argument("ExactDenoiser: flow uses ExactVelocity");
  }
  return [data, prediction, discrete_sigmas, sigma_data](const Latent& x, double sigma) {
    const Scalings sc = ScalingsFor(prediction, sigma, discrete_sigmas, sigma_data);
    CheckNoiseLevel(prediction, sigma, sc.c_noise, discrete_sigmas);
    const Latent input = static_cast<float>(sc.c_in) * x;  // what the network sees
    const double sd2 = sigma_data * sigma_data;
    const double input_scale = prediction == Prediction::kEdm
                                   ? 1.0 / std::sqrt(sigma * sigma + sd2)
                                   : 1.0 / std::sqrt(sigma * sigma + 1.0);
    const double alpha = 1.0 / std::sqrt(1.0 + sigma * sigma);
    const double sigma_vp = sigma / std::sqrt(1.0 + sigma * sigma);
    const double edm_skip = sd2 / (sigma * sigma + sd2);
    const double edm_out = -sigma * sigma_data / std::sqrt(sigma * sigma + sd2);  // SVD sign
    Latent network(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double xi = static_cast<double>(input[i]) / input_scale;
      const double x0 = PosteriorMean(data.Mu(i), data.S(i), xi, sigma);
      const double eps = (xi - x0) / sigma;
      double target = 0.0;
      switch (prediction) {
        case Prediction::kEpsilon:
          target = eps;
          break;
        case Prediction::kV:
          target = alpha * eps - sigma_vp * x0;
          break;
        case Prediction::kX0:
          target = x0;
          break;
        case Prediction::kEdm:
          target = (x0 - edm_skip * xi) / edm_out;
          break;
        case Prediction::kFlow:
          break;
      }
      network[i] = static_cast<float>(target);
    }
    Latent out(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      out[i] = static_cast<float>(sc.c_skip * static_cast<double>(x[i]) +
                                  sc.c_out * static_cast<double>(network[i]));
    }
    return out;
  };
}

// The ideal flow network: u = eps_hat - x0_hat with x0_hat = E[x0 | x_t] and
// eps_hat = (x_t - (1 - t) x0_hat) / t (then x_t - t u = x0_hat, prediction.h).
inline VelocityField ExactVelocity(const GaussianData& data) {
  return [data](const Latent& x, double t) {
    Latent u(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double x0 = FlowPosteriorMean(data.Mu(i), data.S(i), x[i], t);
      const double eps = (x[i] - (1.0 - t) * x0) / t;
      u[i] = static_cast<float>(eps - x0);
    }
    return u;
  };
}

// `draws` vectors from the exact marginal at sigma: mu + sqrt(s^2 + sigma^2) n.
inline Latent DrawMarginal(const GaussianData& data, int draws, double sigma,
                           GaussianNoise* noise) {
  Latent x = noise->Next(static_cast<std::size_t>(draws * data.dims()));
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double s = data.S(i);
    x[i] = static_cast<float>(data.Mu(i) + std::sqrt(s * s + sigma * sigma) * x[i]);
  }
  return x;
}

struct Moments {
  std::vector<double> mean;
  std::vector<double> std;  // with the n - 1 denominator
};

inline Moments MomentsOf(const GaussianData& data, const Latent& x) {
  const Eigen::Index d = data.dims();
  const Eigen::Index n = x.size() / d;
  Moments m{std::vector<double>(static_cast<std::size_t>(d), 0.0),
            std::vector<double>(static_cast<std::size_t>(d), 0.0)};
  for (Eigen::Index i = 0; i < n * d; ++i) m.mean[static_cast<std::size_t>(i % d)] += x[i];
  for (double& v : m.mean) v /= static_cast<double>(n);
  for (Eigen::Index i = 0; i < n * d; ++i) {
    const double r = x[i] - m.mean[static_cast<std::size_t>(i % d)];
    m.std[static_cast<std::size_t>(i % d)] += r * r;
  }
  for (double& v : m.std) v = std::sqrt(v / static_cast<double>(n - 1));
  return m;
}

}  // namespace dolly::sampler::testing

#endif  // DOLLY_LIBS_SAMPLER_EXACT_DENOISER_H_
