#include "libs/sampler/prediction.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/sampler/number_text.h"

namespace dolly::sampler {
namespace {

// The fractional training timestep whose log sigma interpolates linearly to
// log(sigma) (k-diffusion's DiscreteSchedule.sigma_to_t), clamped to
// [0, N - 1]. `sigmas` must be strictly increasing and positive; the last may
// be infinite (zero terminal SNR).
double TimestepOf(double sigma, const std::vector<double>& sigmas) {
  if (sigmas.empty()) {
    throw InvalidInputError(
        "discrete_sigmas is empty: epsilon, v and x0 predictions need the training schedule's "
        "sigmas to find the timestep");
  }
  for (std::size_t i = 0; i < sigmas.size(); ++i) {
    if (!(sigmas[i] > 0.0) || (i > 0 && !(sigmas[i] > sigmas[i - 1]))) {
      throw InvalidInputError("discrete_sigmas[" + std::to_string(i) + "] = " + Num(sigmas[i]) +
                              " breaks the strictly increasing, positive training sigmas");
    }
  }
  const double last = static_cast<double>(sigmas.size() - 1);
  if (sigma <= sigmas.front()) return 0.0;
  if (sigma >= sigmas.back()) return last;
  // sigmas[i] <= sigma < sigmas[i + 1].
  const auto high = std::upper_bound(sigmas.begin(), sigmas.end(), sigma);
  const std::size_t i = static_cast<std::size_t>(high - sigmas.begin()) - 1;
  const double log_low = std::log(sigmas[i]);
  const double log_high = std::log(sigmas[i + 1]);  // may be +inf: w = 0
  const double w = std::clamp((std::log(sigma) - log_low) / (log_high - log_low), 0.0, 1.0);
  return std::min(static_cast<double>(i) + w, last);
}

}  // namespace

Prediction ParsePrediction(const std::string& name) {
  if (name == "epsilon") return Prediction::kEpsilon;
  if (name == "v" || name == "v_prediction") return Prediction::kV;
  if (name == "x0" || name == "sample") return Prediction::kX0;
  if (name == "edm") return Prediction::kEdm;
  if (name == "flow") return Prediction::kFlow;
  throw InvalidInputError("prediction \"" + name +
                          "\" is not one of epsilon, v, x0 (or sample), edm, flow");
}

std::string PredictionName(Prediction prediction) {
  switch (prediction) {
    case Prediction::kEpsilon:
      return "epsilon";
    case Prediction::kV:
      return "v";
    case Prediction::kX0:
      return "x0";
    case Prediction::kEdm:
      return "edm";
    case Prediction::kFlow:
      return "flow";
  }
  throw std::invalid_argument("unknown Prediction value " +
                              std::to_string(static_cast<int>(prediction)));
}

Scalings ScalingsFor(Prediction prediction, double sigma,
                     const std::vector<double>& discrete_sigmas, double sigma_data) {
  if (prediction == Prediction::kFlow) {
    throw std::invalid_argument(
        "ScalingsFor: flow prediction has no sigma scalings; flow samplers work in s");
  }
  if (!(sigma >= 0.0)) {
    throw InvalidInputError("noise level sigma " + Num(sigma) + " must be >= 0");
  }
  Scalings out;
  if (prediction == Prediction::kEdm) {
    if (!(sigma > 0.0 && std::isfinite(sigma))) {
      throw InvalidInputError("noise level sigma " + Num(sigma) +
                              " must be positive and finite for edm (c_noise = 0.25 ln sigma)");
    }
    if (!(sigma_data > 0.0 && std::isfinite(sigma_data))) {
      throw InvalidInputError("sigma_data " + Num(sigma_data) + " must be positive and finite");
    }
    const double sd2 = sigma_data * sigma_data;
    const double norm = std::sqrt(sigma * sigma + sd2);
    out.c_skip = sd2 / (sigma * sigma + sd2);
    out.c_out = -sigma * sigma_data / norm;
    out.c_in = 1.0 / norm;
    out.c_noise = 0.25 * std::log(sigma);
    return out;
  }
  const bool infinite = std::isinf(sigma);  // zero terminal SNR, unclamped
  const double norm = std::sqrt(sigma * sigma + 1.0);
  out.c_in = infinite ? 0.0 : 1.0 / norm;
  out.c_noise = TimestepOf(sigma, discrete_sigmas);
  switch (prediction) {
    case Prediction::kEpsilon:
      out.c_skip = 1.0;
      out.c_out = -sigma;
      break;
    case Prediction::kV:
      out.c_skip = infinite ? 0.0 : 1.0 / (sigma * sigma + 1.0);
      out.c_out = infinite ? -1.0 : -sigma / norm;
      break;
    case Prediction::kX0:
      out.c_skip = 0.0;
      out.c_out = 1.0;
      break;
    case Prediction::kEdm:
    case Prediction::kFlow:
      break;  // handled above
  }
  return out;
}

}  // namespace dolly::sampler
