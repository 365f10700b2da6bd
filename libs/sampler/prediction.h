// What a denoising network predicts, and how its input and output are scaled
// so that every family becomes one denoiser D(x, sigma) -> estimate of x0 in
// the variance-exploding form x = x0 + sigma * eps (noise_schedule.h).
//
//   epsilon   network(c_in x, t) = eps;        x0 = x - sigma * eps
//   v         network(c_in x, t) = v (Salimans & Ho 2022) of the VP sample;
//             x0 = c_skip x + c_out v with c_skip = 1 / (sigma^2 + 1),
//             c_out = -sigma / sqrt(sigma^2 + 1)
//   x0        network(c_in x, t) = x0
//   (for these three c_in = 1 / sqrt(sigma^2 + 1): the VP sample, and t is
//   the training timestep of sigma, interpolated in log sigma)
//   edm       Stable Video Diffusion's preconditioning (generative-models'
//             VScalingWithEDMcNoise; Karras et al. 2022 with the sign of c_out
//             flipped, so an SVD UNet's raw output is used as is), sigma_data
//             sd (1 for SVD): c_skip = sd^2 / (sigma^2 + sd^2),
//             c_out = -sigma sd / sqrt(sigma^2 + sd^2), c_in = 1 / sqrt(sigma^2 +
//             sd^2), c_noise = 0.25 ln sigma
//   flow      network(x_s, s * 1000) = velocity u = eps - x0 on the flow path
//             x_s = (1 - s) x0 + s eps; x0 = x_s - s u. Flow samplers work in
//             s directly (samplers.h), not in sigma.
#ifndef DOLLY_LIBS_SAMPLER_PREDICTION_H_
#define DOLLY_LIBS_SAMPLER_PREDICTION_H_

#include <string>
#include <vector>

namespace dolly::sampler {

enum class Prediction { kEpsilon, kV, kX0, kEdm, kFlow };

// "epsilon", "v" (also "v_prediction"), "x0" (also "sample"), "edm", "flow"; throws
// InvalidInputError naming the accepted names.
Prediction ParsePrediction(const std::string& name);
std::string PredictionName(Prediction prediction);

// Scalings of one noise level: D(x) = c_skip * x + c_out * network(c_in * x, c_noise).
// For epsilon / v / x0, c_noise is the (fractional) training timestep.
struct Scalings {
  double c_skip = 0.0;
  double c_out = 1.0;
  double c_in = 1.0;
  double c_noise = 0.0;
};

// `discrete_sigmas` (DiscreteSigmas of the training schedule) maps sigma to
// the training timestep for epsilon / v / x0: the fractional index whose
// log sigma interpolates linearly to log(sigma); clamped to [0, N - 1]. Not
// used by edm. Throws std::invalid_argument for kFlow (flow uses s).
Scalings ScalingsFor(Prediction prediction, double sigma,
                     const std::vector<double>& discrete_sigmas = {}, double sigma_data = 1.0);

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_PREDICTION_H_
