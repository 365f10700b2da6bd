#define BOOST_TEST_MODULE samplers
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/sampler/exact_denoiser.h"
#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/noise_schedule.h"
#include "libs/sampler/prediction.h"
#include "libs/sampler/samplers.h"

namespace dolly::sampler {
namespace {

using testing::DrawMarginal;
using testing::ExactDenoiser;
using testing::ExactVelocity;
using testing::GaussianData;
using testing::Moments;
using testing::MomentsOf;

// Four dimensions with different means and spreads (one above sigma_data = 1,
// one well below the last DDIM sigma of SD-1.x).
const GaussianData kData{{0.5, -1.0, 2.0, 0.0}, {1.0, 0.5, 0.25, 2.0}};
constexpr int kDraws = 8000;  // draws of the 4-vector: 32000 values

// SD-1.x as Perception-as-Control runs it: scaled-linear betas, zero terminal
// SNR, alphas_cumprod clamped to kMinAlphaCumprod (samplers.h), sigma of every
// training timestep.
std::vector<double> SdDiscreteSigmas() {
  std::vector<double> abar =
      RescaleZeroTerminalSnr(AlphasCumprod(Betas(BetaSchedule::kScaledLinear, 1000)));
  for (double& a : abar) a = std::max(a, kMinAlphaCumprod);
  return DiscreteSigmas(abar);
}

// 20 DDIM steps with trailing spacing, then the final sigma 0.
std::vector<double> SdDdimSigmas(const std::vector<double>& discrete, int steps = 20) {
  std::vector<double> sigmas;
  for (int t : DiscreteTimesteps(1000, steps, TimestepSpacing::kTrailing)) {
    sigmas.push_back(discrete[static_cast<std::size_t>(t)]);
  }
  sigmas.push_back(0.0);
  return sigmas;
}

std::vector<double> KarrasSchedule() { return KarrasSigmas(40, 0.002, 80.0); }

using Run = std::function<Latent(const Denoiser&, Latent, const std::vector<double>&,
                                 GaussianNoise*)>;

// What the sampler's output std is checked against (IdealStd, FirstOrderStd).
enum class Order { kFirst, kFirstAncestral, kSecond };

struct SamplerCase {
  std::string name;
  bool ddim_schedule;  // SD-1.x discrete sigmas instead of Karras
  Order order;
  Run run;
};

std::vector<SamplerCase> SamplerCases() {
  return {
      {"ddim eta 0", true, Order::kFirst,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise* n) {
         return SampleDdim(d, std::move(x), s, 0.0, n);
       }},
      {"ddim eta 1", true, Order::kFirstAncestral,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise* n) {
         return SampleDdim(d, std::move(x), s, 1.0, n);
       }},
      {"euler", false, Order::kFirst,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise*) {
         return SampleEuler(d, std::move(x), s);
       }},
      {"euler_a", false, Order::kFirstAncestral,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise* n) {
         return SampleEulerAncestral(d, std::move(x), s, n);
       }},
      {"heun", false, Order::kSecond,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise*) {
         return SampleHeun(d, std::move(x), s);
       }},
      {"dpmpp_2m", false, Order::kSecond,
       [](const Denoiser& d, Latent x, const std::vector<double>& s, GaussianNoise*) {
         return SampleDpmpp2m(d, std::move(x), s);
       }},
  };
}

// Expected output std. The last step goes from the last nonzero sigma to 0
// and returns the ideal denoiser's estimate there, E[x0 | x]; from the exact
// marginal that has mean mu and std s^2 / sqrt(s^2 + sigma_last^2) (below s;
// for Karras' sigma_min = 0.002 it is s to 1e-5).
double IdealStd(double s, double sigma_last) {
  return s * s / std::sqrt(s * s + sigma_last * sigma_last);
}

// The first-order samplers' discretisation error is known in closed form:
// with the ideal denoiser every step maps x - mu linearly (so the mean stays
// mu) and the variance of the discretised chain follows exactly:
//   Euler / DDIM eta 0:    x' - mu = (s^2 + sigma' sigma) / (s^2 + sigma^2) (x - mu)
//   Euler a / DDIM eta 1:  x' - mu = (s^2 + sigma_d sigma) / (s^2 + sigma^2) (x - mu)
//                                    + sigma_u z
// (sigma_u = sigma' sqrt(1 - sigma'^2 / sigma^2), sigma_d^2 = sigma'^2 -
// sigma_u^2; DDIM eta 1 in VE form is exactly this step), and the step to
// sigma' = 0 multiplies by s^2 / (s^2 + sigma^2). Start: s^2 + sigma_0^2.
double FirstOrderStd(double s, const std::vector<double>& sigmas, bool ancestral) {
  const double s2 = s * s;
  double var = s2 + sigmas.front() * sigmas.front();
  for (std::size_t i = 0; i + 1 < sigmas.size(); ++i) {
    const double sigma = sigmas[i];
    const double next = sigmas[i + 1];
    const double up =
        ancestral && next > 0.0 ? next * std::sqrt(1.0 - next * next / (sigma * sigma)) : 0.0;
    const double down = std::sqrt(next * next - up * up);
    const double a = (s2 + down * sigma) / (s2 + sigma * sigma);
    var = a * a * var + up * up;
  }
  return std::sqrt(var);
}

// Flow Euler likewise: with y = x_t - (1 - t) mu and c = (1 - t) s^2 /
// ((1 - t)^2 s^2 + t^2), a step maps y' = (1 + (t' - t)(1 - c) / t) y
// (mean preserved); the start (pure noise) has variance 1.
double FlowEulerStd(double s, const std::vector<double>& ts) {
  double var = 1.0;
  for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
    const double t = ts[i];
    const double a = 1.0 - t;
    const double c = a * s * s / (a * a * s * s + t * t);
    const double g = 1.0 + (ts[i + 1] - t) * (1.0 - c) / t;
    var *= g * g;
  }
  return std::sqrt(var);
}

// Tolerances: 4 Monte-Carlo standard errors (std / sqrt(N) for the mean,
// std / sqrt(2N) for the std) plus an allowance relative to the data's s:
// 0.5% (float rounding) where the discretised std is known exactly (first
// order), 1.5% for the second-order samplers, whose discretisation error at
// 40 Karras steps the convergence test measures at about 1% of s.
constexpr double kExactAllowance = 0.005;
constexpr double kSecondOrderAllowance = 0.015;

void CheckMoments(const Moments& m, const std::vector<double>& expected_std, double allowance,
                  const std::string& label) {
  std::ostringstream line;
  line << label << ":";
  for (std::size_t d = 0; d < kData.mu.size(); ++d) {
    const double s = kData.s[d];
    const double es = expected_std[d];
    const double mean_tol = 4.0 * es / std::sqrt(kDraws) + allowance * s;
    const double std_tol = 4.0 * es / std::sqrt(2.0 * kDraws) + allowance * s;
    BOOST_TEST_CONTEXT(label << " dim " << d << " mean " << m.mean[d] << " (mu " << kData.mu[d]
                             << ") std " << m.std[d] << " (expected " << es << ")") {
      BOOST_TEST(std::abs(m.mean[d] - kData.mu[d]) <= mean_tol);
      BOOST_TEST(std::abs(m.std[d] - es) <= std_tol);
    }
    line << "  [mean " << m.mean[d] << " vs " << kData.mu[d] << ", std " << m.std[d] << " vs "
         << es << "]";
  }
  BOOST_TEST_MESSAGE(line.str());
}

BOOST_AUTO_TEST_CASE(every_sampler_and_prediction_reproduces_gaussian_data) {
  const std::vector<double> discrete = SdDiscreteSigmas();
  const std::vector<double> ddim = SdDdimSigmas(discrete);
  const std::vector<double> karras = KarrasSchedule();
  BOOST_TEST_MESSAGE("SD-1.x zero-SNR trailing DDIM sigmas: " << ddim.front() << " ... "
                                                             << ddim[ddim.size() - 2] << ", 0");
  // The zero-SNR clamp makes the first sigma sqrt((1 - 2^-24) / 2^-24) ~ 4096.
  BOOST_TEST(ddim.front() == std::sqrt((1.0 - kMinAlphaCumprod) / kMinAlphaCumprod),
             boost::test_tools::tolerance(1e-9));
  for (const SamplerCase& c : SamplerCases()) {
    const std::vector<double>& sigmas = c.ddim_schedule ? ddim : karras;
    const double sigma_last = sigmas[sigmas.size() - 2];
    std::vector<double> expected_std;
    std::ostringstream line;
    line << c.name << " expected std (discretised vs ideal):";
    for (double s : kData.s) {
      expected_std.push_back(c.order == Order::kSecond
                                 ? IdealStd(s, sigma_last)
                                 : FirstOrderStd(s, sigmas, c.order == Order::kFirstAncestral));
      line << " " << expected_std.back() << " vs " << IdealStd(s, sigma_last);
    }
    BOOST_TEST_MESSAGE(line.str());
    const double allowance = c.order == Order::kSecond ? kSecondOrderAllowance : kExactAllowance;
    for (Prediction p : {Prediction::kEpsilon, Prediction::kV, Prediction::kX0, Prediction::kEdm}) {
      GaussianNoise noise(1234);
      const Latent start = DrawMarginal(kData, kDraws, sigmas.front(), &noise);
      const Latent out = c.run(ExactDenoiser(kData, p, discrete), start, sigmas, &noise);
      BOOST_REQUIRE(out.size() == start.size());
      BOOST_REQUIRE(out.allFinite());
      CheckMoments(MomentsOf(kData, out), expected_std, allowance,
                   c.name + " / " + PredictionName(p));
    }
  }
}

BOOST_AUTO_TEST_CASE(flow_euler_reproduces_gaussian_data) {
  // Wan-style shifted schedule; start from pure noise at s = 1.
  const std::vector<double> s = FlowSigmas(50, 5.0);
  const double t_last = s[s.size() - 2];
  std::vector<double> expected_std;
  std::ostringstream line;
  line << "flow_euler expected std (discretised vs ideal):";
  for (double sd : kData.s) {
    // Ideal: E[x0 | x_t] at the last t, std (1 - t) s^2 / sqrt((1 - t)^2 s^2 + t^2).
    const double a = 1.0 - t_last;
    expected_std.push_back(FlowEulerStd(sd, s));
    line << " " << expected_std.back() << " vs "
         << a * sd * sd / std::sqrt(a * a * sd * sd + t_last * t_last);
  }
  BOOST_TEST_MESSAGE(line.str());
  GaussianNoise noise(1234);
  const Latent start = noise.Next(static_cast<std::size_t>(kDraws * kData.dims()));
  const Latent out = SampleFlowEuler(ExactVelocity(kData), start, s);
  BOOST_REQUIRE(out.allFinite());
  CheckMoments(MomentsOf(kData, out), expected_std, kExactAllowance, "flow_euler / flow");
}

// The noise the samplers add at eta > 0 comes from the GaussianNoise stream
// only: the same seed gives the same bytes.
BOOST_AUTO_TEST_CASE(samplers_are_deterministic) {
  const std::vector<double> discrete = SdDiscreteSigmas();
  const std::vector<double> karras = KarrasSchedule();
  const std::vector<double> ddim = SdDdimSigmas(discrete);
  for (const SamplerCase& c : SamplerCases()) {
    const std::vector<double>& sigmas = c.ddim_schedule ? ddim : karras;
    Latent out[2];
    for (Latent& o : out) {
      GaussianNoise noise(99);
      const Latent start = DrawMarginal(kData, 64, sigmas.front(), &noise);
      o = c.run(ExactDenoiser(kData, Prediction::kV, discrete), start, sigmas, &noise);
    }
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_REQUIRE(out[0].size() == out[1].size());
      BOOST_TEST(std::memcmp(out[0].data(), out[1].data(), sizeof(float) * out[0].size()) == 0);
    }
  }
}

BOOST_AUTO_TEST_CASE(ancestral_samplers_use_the_noise_stream) {
  const std::vector<double> sigmas = KarrasSchedule();
  const Denoiser d = testing::DirectDenoiser(kData);
  GaussianNoise start_noise(5);
  const Latent start = DrawMarginal(kData, 16, sigmas.front(), &start_noise);
  GaussianNoise a(1);
  GaussianNoise b(2);
  BOOST_TEST((SampleEulerAncestral(d, start, sigmas, &a) -
              SampleEulerAncestral(d, start, sigmas, &b)).abs().maxCoeff() > 1e-3f);
  // eta 0 draws nothing and is Euler.
  GaussianNoise c(1);
  BOOST_TEST((SampleEulerAncestral(d, start, sigmas, &c, 0.0) - SampleEuler(d, start, sigmas))
                 .abs()
                 .maxCoeff() == 0.0f);
}

BOOST_AUTO_TEST_CASE(ddim_eta_0_is_euler_and_eta_1_is_euler_ancestral) {
  const std::vector<double> discrete = SdDiscreteSigmas();
  const std::vector<double> sigmas = SdDdimSigmas(discrete);
  const Denoiser d = ExactDenoiser(kData, Prediction::kV, discrete);
  GaussianNoise start_noise(5);
  const Latent start = DrawMarginal(kData, 256, sigmas.front(), &start_noise);
  const Latent ddim0 = SampleDdim(d, start, sigmas, 0.0, nullptr);
  const Latent euler = SampleEuler(d, start, sigmas);
  BOOST_TEST((ddim0 - euler).abs().maxCoeff() <= 1e-4f);
  GaussianNoise n1(6);
  GaussianNoise n2(6);
  const Latent ddim1 = SampleDdim(d, start, sigmas, 1.0, &n1);
  const Latent ancestral = SampleEulerAncestral(d, start, sigmas, &n2);
  BOOST_TEST((ddim1 - ancestral).abs().maxCoeff() <= 1e-4f);
}

BOOST_AUTO_TEST_CASE(a_final_sigma_of_zero_returns_the_denoised_estimate) {
  const Latent target = Latent::LinSpaced(10, -1.0f, 1.0f);
  const Denoiser constant = [&](const Latent&, double) { return target; };
  const std::vector<double> sigmas = {14.6, 3.0, 0.5, 0.0};
  GaussianNoise noise(1);
  const Latent x = 14.6f * noise.Next(10);
  for (const Latent& out :
       {SampleDdim(constant, x, sigmas, 0.0, nullptr), SampleDdim(constant, x, sigmas, 1.0, &noise),
        SampleEuler(constant, x, sigmas), SampleEulerAncestral(constant, x, sigmas, &noise),
        SampleHeun(constant, x, sigmas), SampleDpmpp2m(constant, x, sigmas)}) {
    BOOST_TEST(std::memcmp(out.data(), target.data(), sizeof(float) * 10) == 0);
  }
  // Flow: x - s u with u = (x - x0) / s reaches x0 (to rounding).
  const VelocityField to_target = [&](const Latent& xs, double s) {
    return Latent((xs - target) / static_cast<float>(s));
  };
  const Latent flow = SampleFlowEuler(to_target, noise.Next(10), FlowSigmas(4, 3.0));
  BOOST_TEST((flow - target).abs().maxCoeff() <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(on_step_is_called_once_per_step) {
  const std::vector<double> sigmas = KarrasSigmas(7, 0.1, 10.0);  // 7 steps
  const Denoiser d = testing::DirectDenoiser(kData);
  GaussianNoise noise(3);
  const Latent x = DrawMarginal(kData, 4, sigmas.front(), &noise);
  std::vector<int> seen;
  const StepCallback record = [&](int step, int steps) {
    BOOST_TEST(steps == 7);
    seen.push_back(step);
  };
  const std::vector<int> expected = {0, 1, 2, 3, 4, 5, 6};
  const std::vector<std::function<void()>> runs = {
      [&] { SampleDdim(d, x, sigmas, 0.0, nullptr, record); },
      [&] { SampleDdim(d, x, sigmas, 1.0, &noise, record); },
      [&] { SampleEuler(d, x, sigmas, record); },
      [&] { SampleEulerAncestral(d, x, sigmas, &noise, 1.0, record); },
      [&] { SampleHeun(d, x, sigmas, record); },  // 13 denoiser calls, 7 steps
      [&] { SampleDpmpp2m(d, x, sigmas, record); },
      [&] { SampleFlowEuler(ExactVelocity(kData), x, FlowSigmas(7), record); },
  };
  for (const auto& run : runs) {
    seen.clear();
    run();
    BOOST_TEST(seen == expected, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(heun_calls_the_denoiser_twice_per_step_but_once_for_the_last) {
  int calls = 0;
  const Denoiser counting = [&](const Latent& x, double sigma) {
    ++calls;
    return testing::DirectDenoiser(kData)(x, sigma);
  };
  GaussianNoise noise(3);
  const Latent x = DrawMarginal(kData, 4, 10.0, &noise);
  SampleHeun(counting, x, KarrasSigmas(7, 0.1, 10.0));
  BOOST_TEST(calls == 2 * 6 + 1);
}

BOOST_AUTO_TEST_CASE(sampler_names_parse) {
  BOOST_TEST(static_cast<int>(ParseSampler("ddim")) == static_cast<int>(SamplerKind::kDdim));
  BOOST_TEST(static_cast<int>(ParseSampler("euler")) == static_cast<int>(SamplerKind::kEuler));
  BOOST_TEST(static_cast<int>(ParseSampler("euler_a")) ==
             static_cast<int>(SamplerKind::kEulerAncestral));
  BOOST_TEST(static_cast<int>(ParseSampler("euler_ancestral")) ==
             static_cast<int>(SamplerKind::kEulerAncestral));
  BOOST_TEST(static_cast<int>(ParseSampler("heun")) == static_cast<int>(SamplerKind::kHeun));
  BOOST_TEST(static_cast<int>(ParseSampler("dpmpp_2m")) ==
             static_cast<int>(SamplerKind::kDpmpp2m));
  BOOST_TEST(static_cast<int>(ParseSampler("dpm++2m")) ==
             static_cast<int>(SamplerKind::kDpmpp2m));
  BOOST_TEST(static_cast<int>(ParseSampler("flow_euler")) ==
             static_cast<int>(SamplerKind::kFlowEuler));
  for (SamplerKind k : {SamplerKind::kDdim, SamplerKind::kEuler, SamplerKind::kEulerAncestral,
                        SamplerKind::kHeun, SamplerKind::kDpmpp2m, SamplerKind::kFlowEuler}) {
    BOOST_TEST(static_cast<int>(ParseSampler(SamplerName(k))) == static_cast<int>(k));
  }
  BOOST_CHECK_THROW(ParseSampler("DDIM"), InvalidInputError);
  BOOST_CHECK_THROW(ParseSampler(""), InvalidInputError);
  try {
    ParseSampler("lms");
    BOOST_FAIL("ParseSampler(\"lms\") did not throw");
  } catch (const InvalidInputError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("lms") != std::string::npos);
    BOOST_TEST(what.find("dpmpp_2m") != std::string::npos);
    BOOST_TEST(what.find("flow_euler") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(bad_arguments_throw) {
  const Denoiser wrong_size = [](const Latent& x, double) { return Latent(Latent::Zero(x.size() + 1)); };
  const Latent x = Latent::Ones(8);
  const std::vector<double> sigmas = {2.0, 1.0, 0.0};
  BOOST_CHECK_THROW(SampleEuler(wrong_size, x, sigmas), std::invalid_argument);
  BOOST_CHECK_THROW(SampleDpmpp2m(wrong_size, x, sigmas), std::invalid_argument);
  const Denoiser d = testing::DirectDenoiser(kData);
  BOOST_CHECK_THROW(SampleEuler(d, x, {}), std::invalid_argument);
  BOOST_CHECK_THROW(SampleDdim(d, x, sigmas, 0.5, nullptr), std::invalid_argument);
  GaussianNoise noise(1);
  BOOST_CHECK_THROW(SampleDdim(d, x, sigmas, 1.5, &noise), std::invalid_argument);
  BOOST_CHECK_THROW(SampleEulerAncestral(d, x, sigmas, nullptr), std::invalid_argument);
  // A schedule of only the final sigma walks no step.
  const Latent same = SampleEuler(d, x, {0.0});
  BOOST_TEST(std::memcmp(same.data(), x.data(), sizeof(float) * 8) == 0);
}

}  // namespace
}  // namespace dolly::sampler
