#define BOOST_TEST_MODULE prediction
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "libs/core/error.h"
#include "libs/sampler/noise_schedule.h"
#include "libs/sampler/prediction.h"

namespace dolly::sampler {
namespace {

bool Close(double actual, double expected, double tol) {
  return std::abs(actual - expected) <= tol;
}

template <typename F>
bool ThrowsNaming(F f, const std::string& needle) {
  try {
    f();
  } catch (const InvalidInputError& e) {
    const std::string message = e.what();
    BOOST_TEST_MESSAGE(message);
    return message.find(needle) != std::string::npos && message.find('\n') == std::string::npos;
  }
  return false;
}

std::vector<double> Sd1Sigmas() {
  return DiscreteSigmas(AlphasCumprod(Betas(BetaSchedule::kScaledLinear, 1000, 0.00085, 0.012)));
}

// What a perfect network of each prediction type outputs for the sample
// x = x0 + sigma * eps (VE form), so that c_skip x + c_out F must give x0:
//   epsilon: eps
//   v:       alpha eps - sigma_vp x0 on the VP sample alpha x0 + sigma_vp eps,
//            alpha = 1 / sqrt(sigma^2 + 1), sigma_vp = sigma / sqrt(sigma^2 + 1)
//   x0:      x0
//   edm:     the training target F = (x0 - c_skip x) / c_out
double ExactNetworkOutput(Prediction prediction, double x0, double eps, double sigma,
                          const Scalings& s) {
  const double alpha = 1.0 / std::sqrt(sigma * sigma + 1.0);
  const double sigma_vp = sigma * alpha;
  switch (prediction) {
    case Prediction::kEpsilon:
      return eps;
    case Prediction::kV:
      return alpha * eps - sigma_vp * x0;
    case Prediction::kX0:
      return x0;
    case Prediction::kEdm:
      return (x0 - s.c_skip * (x0 + sigma * eps)) / s.c_out;
    case Prediction::kFlow:
      break;
  }
  throw std::logic_error("no flow here");
}

BOOST_AUTO_TEST_CASE(names_round_trip) {
  for (const auto p : {Prediction::kEpsilon, Prediction::kV, Prediction::kX0, Prediction::kEdm,
                       Prediction::kFlow}) {
    BOOST_TEST((ParsePrediction(PredictionName(p)) == p));
  }
  BOOST_TEST(PredictionName(Prediction::kEpsilon) == "epsilon");
  BOOST_TEST(PredictionName(Prediction::kV) == "v");
  BOOST_TEST(PredictionName(Prediction::kX0) == "x0");
  BOOST_TEST((ParsePrediction("sample") == Prediction::kX0));
  BOOST_TEST((ParsePrediction("v_prediction") == Prediction::kV));
  BOOST_TEST(ThrowsNaming([] { ParsePrediction("vee"); }, "vee"));
  BOOST_TEST(ThrowsNaming([] { ParsePrediction("vee"); }, "epsilon"));
}

BOOST_AUTO_TEST_CASE(epsilon_v_x0_scalings) {
  const std::vector<double> table = Sd1Sigmas();
  for (const double sigma : {0.0291675, 0.5, 1.0, 3.0, 14.6}) {
    const double norm = std::sqrt(sigma * sigma + 1.0);
    const Scalings eps = ScalingsFor(Prediction::kEpsilon, sigma, table);
    BOOST_TEST(eps.c_skip == 1.0);
    BOOST_TEST(eps.c_out == -sigma);
    BOOST_TEST(Close(eps.c_in, 1.0 / norm, 1e-15));
    const Scalings v = ScalingsFor(Prediction::kV, sigma, table);
    BOOST_TEST(Close(v.c_skip, 1.0 / (sigma * sigma + 1.0), 1e-15));
    BOOST_TEST(Close(v.c_out, -sigma / norm, 1e-15));
    BOOST_TEST(Close(v.c_in, 1.0 / norm, 1e-15));
    const Scalings x0 = ScalingsFor(Prediction::kX0, sigma, table);
    BOOST_TEST(x0.c_skip == 0.0);
    BOOST_TEST(x0.c_out == 1.0);
    BOOST_TEST(Close(x0.c_in, 1.0 / norm, 1e-15));
    BOOST_TEST(eps.c_noise == v.c_noise);
    BOOST_TEST(eps.c_noise == x0.c_noise);
  }
  // sigma = 1: c_skip(v) = 1 / 2, c_out(v) = -1 / sqrt(2).
  const Scalings v1 = ScalingsFor(Prediction::kV, 1.0, table);
  BOOST_TEST(Close(v1.c_skip, 0.5, 1e-15));
  BOOST_TEST(Close(v1.c_out, -std::sqrt(0.5), 1e-15));
  // An infinite sigma (zero terminal SNR, unclamped) has the v limits.
  const Scalings vinf = ScalingsFor(Prediction::kV, INFINITY, table);
  BOOST_TEST(vinf.c_skip == 0.0);
  BOOST_TEST(vinf.c_out == -1.0);
  BOOST_TEST(vinf.c_in == 0.0);
  BOOST_TEST(vinf.c_noise == 999.0);
}

// Stable Video Diffusion's preconditioning (VScalingWithEDMcNoise: c_out is
// negative, as diffusers' v-prediction Euler step for SVD), sigma_data = 1
// (and 0.5, EDM's).
BOOST_AUTO_TEST_CASE(edm_scalings) {
  for (const double sigma : {0.002, 0.5, 1.0, 7.0, 700.0}) {
    const Scalings s = ScalingsFor(Prediction::kEdm, sigma);
    const double norm = std::sqrt(sigma * sigma + 1.0);
    BOOST_TEST(Close(s.c_skip, 1.0 / (sigma * sigma + 1.0), 1e-15));
    BOOST_TEST(Close(s.c_out, -sigma / norm, 1e-15));
    BOOST_TEST(Close(s.c_in, 1.0 / norm, 1e-15));
    BOOST_TEST(Close(s.c_noise, 0.25 * std::log(sigma), 1e-15));
  }
  const Scalings one = ScalingsFor(Prediction::kEdm, 1.0);
  BOOST_TEST(one.c_noise == 0.0);
  BOOST_TEST(Close(one.c_skip, 0.5, 1e-15));
  BOOST_TEST(Close(one.c_out, -std::sqrt(0.5), 1e-15));
  BOOST_TEST(Close(ScalingsFor(Prediction::kEdm, 700.0).c_noise, 1.637770083760851, 1e-12));
  const Scalings half = ScalingsFor(Prediction::kEdm, 2.0, {}, 0.5);
  BOOST_TEST(Close(half.c_skip, 0.25 / 4.25, 1e-15));
  BOOST_TEST(Close(half.c_out, -1.0 / std::sqrt(4.25), 1e-15));
  BOOST_TEST(Close(half.c_in, 1.0 / std::sqrt(4.25), 1e-15));
  BOOST_TEST(ThrowsNaming([] { ScalingsFor(Prediction::kEdm, 0.0); }, "0"));
  BOOST_TEST(ThrowsNaming([] { ScalingsFor(Prediction::kEdm, 1.0, {}, -1.0); }, "-1"));
}

BOOST_AUTO_TEST_CASE(c_noise_is_the_fractional_training_timestep) {
  const std::vector<double> table = Sd1Sigmas();
  for (const int t : {0, 1, 250, 500, 998, 999}) {
    BOOST_TEST(ScalingsFor(Prediction::kEpsilon, table[t], table).c_noise == t);
  }
  // Between two: linear in log sigma.
  for (const int t : {0, 100, 600, 998}) {
    for (const double w : {0.25, 0.5, 0.9}) {
      const double sigma =
          std::exp((1.0 - w) * std::log(table[t]) + w * std::log(table[t + 1]));
      BOOST_TEST(Close(ScalingsFor(Prediction::kV, sigma, table).c_noise, t + w, 1e-9));
    }
  }
  // Clamped at both ends.
  BOOST_TEST(ScalingsFor(Prediction::kEpsilon, 1e-4, table).c_noise == 0.0);
  BOOST_TEST(ScalingsFor(Prediction::kEpsilon, 0.0, table).c_noise == 0.0);
  BOOST_TEST(ScalingsFor(Prediction::kEpsilon, 100.0, table).c_noise == 999.0);
  // A zero-terminal-SNR table: the last sigma is infinite.
  const std::vector<double> zsnr = DiscreteSigmas(RescaleZeroTerminalSnr(
      AlphasCumprod(Betas(BetaSchedule::kScaledLinear, 1000, 0.00085, 0.012))));
  BOOST_TEST(ScalingsFor(Prediction::kV, zsnr[998], zsnr).c_noise == 998.0);
  BOOST_TEST(ScalingsFor(Prediction::kV, zsnr[998] * 2.0, zsnr).c_noise == 998.0);
  BOOST_TEST(ScalingsFor(Prediction::kV, INFINITY, zsnr).c_noise == 999.0);

  BOOST_TEST(ThrowsNaming([] { ScalingsFor(Prediction::kEpsilon, 1.0, {}); }, "discrete_sigmas"));
  BOOST_TEST(
      ThrowsNaming([] { ScalingsFor(Prediction::kEpsilon, 1.0, {1.0, 0.5}); }, "0.5"));
  BOOST_TEST(ThrowsNaming([&] { ScalingsFor(Prediction::kEpsilon, -1.0, table); }, "-1"));
  BOOST_TEST(ThrowsNaming([&] { ScalingsFor(Prediction::kEpsilon, NAN, table); }, "nan"));
}

BOOST_AUTO_TEST_CASE(flow_has_no_sigma_scalings) {
  BOOST_CHECK_THROW(ScalingsFor(Prediction::kFlow, 0.5), std::invalid_argument);
}

// x = x0 + sigma eps: every prediction type's exact output, fed back through
// c_skip x + c_out F, gives x0 again.
BOOST_AUTO_TEST_CASE(exact_outputs_reconstruct_x0) {
  const std::vector<double> table = Sd1Sigmas();
  for (const auto p : {Prediction::kEpsilon, Prediction::kV, Prediction::kX0, Prediction::kEdm}) {
    for (const double sigma : {0.002, 0.0291675, 0.3, 1.0, 2.5, 14.6, 80.0, 700.0}) {
      for (const auto& [x0, eps] : std::vector<std::pair<double, double>>{
               {0.7, -1.3}, {-2.0, 0.4}, {0.0, 1.0}, {1.5, 0.0}}) {
        const Scalings s = ScalingsFor(p, sigma, table);
        const double x = x0 + sigma * eps;
        const double denoised = s.c_skip * x + s.c_out * ExactNetworkOutput(p, x0, eps, sigma, s);
        BOOST_TEST(Close(denoised, x0, 1e-6), PredictionName(p)
                                                  << " sigma " << sigma << ": " << denoised
                                                  << " vs " << x0);
      }
    }
  }
}

}  // namespace
}  // namespace dolly::sampler
