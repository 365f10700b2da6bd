#define BOOST_TEST_MODULE noise_schedule
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/sampler/noise_schedule.h"

namespace dolly::sampler {
namespace {

// |actual - expected| <= rel * |expected|.
bool CloseRel(double actual, double expected, double rel) {
  return std::abs(actual - expected) <= rel * std::abs(expected);
}

// True when `f` throws InvalidInputError whose message contains `needle`.
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

bool StrictlyDecreasing(const std::vector<double>& v) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (!(v[i] < v[i - 1])) return false;
  }
  return true;
}

std::vector<double> Sd1AlphasCumprod() {
  return AlphasCumprod(Betas(BetaSchedule::kScaledLinear, 1000, 0.00085, 0.012));
}

BOOST_AUTO_TEST_CASE(names_parse_and_unknown_names_list_the_accepted_ones) {
  BOOST_TEST((ParseBetaSchedule("linear") == BetaSchedule::kLinear));
  BOOST_TEST((ParseBetaSchedule("scaled_linear") == BetaSchedule::kScaledLinear));
  BOOST_TEST((ParseBetaSchedule("cosine") == BetaSchedule::kCosine));
  BOOST_TEST((ParseBetaSchedule("squaredcos_cap_v2") == BetaSchedule::kCosine));
  BOOST_TEST(ThrowsNaming([] { ParseBetaSchedule("quadratic"); }, "quadratic"));
  BOOST_TEST(ThrowsNaming([] { ParseBetaSchedule("quadratic"); }, "scaled_linear"));
  BOOST_TEST((ParseTimestepSpacing("leading") == TimestepSpacing::kLeading));
  BOOST_TEST((ParseTimestepSpacing("trailing") == TimestepSpacing::kTrailing));
  BOOST_TEST((ParseTimestepSpacing("linspace") == TimestepSpacing::kLinspace));
  BOOST_TEST(ThrowsNaming([] { ParseTimestepSpacing("Leading"); }, "Leading"));
  BOOST_TEST(ThrowsNaming([] { ParseTimestepSpacing("Leading"); }, "trailing"));
}

// SD-1.x (and Perception-as-Control): scaled_linear, beta 0.00085 .. 0.012,
// N = 1000. Reference values computed in 40-digit arithmetic (mpmath) from
// the definition; the published ones are Lin et al. 2024 section 3.1
// (sqrt(alphas_cumprod[999]) = 0.068265, terminal SNR 0.004682) and
// k-diffusion / A1111's SD sigma range 0.0292 .. 14.6146.
// (alphas_cumprod[999] itself is 0.0046601, not 0.00468: 0.004682 is the
// terminal SNR = a / (1 - a).)
BOOST_AUTO_TEST_CASE(sd1_scaled_linear_matches_published_values) {
  const std::vector<double> betas = Betas(BetaSchedule::kScaledLinear, 1000, 0.00085, 0.012);
  BOOST_REQUIRE(betas.size() == 1000u);
  BOOST_TEST(CloseRel(betas.front(), 0.00085, 1e-13));
  BOOST_TEST(CloseRel(betas.back(), 0.012, 1e-13));
  // linspace index 499: ((sqrt(0.00085) * 500 + sqrt(0.012) * 499) / 999)^2.
  const double mid = (std::sqrt(0.00085) * 500.0 + std::sqrt(0.012) * 499.0) / 999.0;
  BOOST_TEST(CloseRel(betas[499], mid * mid, 1e-13));

  const std::vector<double> ac = AlphasCumprod(betas);
  BOOST_TEST(CloseRel(ac[0], 0.99915, 1e-13));
  BOOST_TEST(CloseRel(ac[500], 0.27633268382297475, 1e-10));
  BOOST_TEST(CloseRel(ac[999], 0.0046600985130772404, 1e-10));
  BOOST_TEST(std::abs(std::sqrt(ac[999]) - 0.068265) <= 1e-6);          // Lin et al.
  BOOST_TEST(std::abs(ac[999] / (1.0 - ac[999]) - 0.004682) <= 1e-6);   // Lin et al.
  BOOST_TEST(StrictlyDecreasing(ac));

  const std::vector<double> sigmas = DiscreteSigmas(ac);
  BOOST_TEST(CloseRel(sigmas[0], 0.029167158151720067, 1e-12));
  BOOST_TEST(CloseRel(sigmas[999], 14.614641229333636, 1e-10));
  BOOST_TEST(std::abs(sigmas[0] - 0.0292) <= 5e-5);   // k-diffusion's rounded sigma_min
  BOOST_TEST(std::abs(sigmas[999] - 14.6146) <= 5e-5);  // and sigma_max
}

// DDPM linear, beta 1e-4 .. 0.02, N = 1000 (Ho et al. 2020).
BOOST_AUTO_TEST_CASE(ddpm_linear_matches_reference) {
  const std::vector<double> betas = Betas(BetaSchedule::kLinear, 1000, 1e-4, 0.02);
  BOOST_TEST(CloseRel(betas[0], 1e-4, 1e-13));
  BOOST_TEST(CloseRel(betas[999], 0.02, 1e-13));
  BOOST_TEST(CloseRel(betas[333], 1e-4 + (0.02 - 1e-4) * 333.0 / 999.0, 1e-13));
  const std::vector<double> ac = AlphasCumprod(betas);
  BOOST_TEST(CloseRel(ac[0], 0.9999, 1e-13));
  BOOST_TEST(CloseRel(ac[999], 4.0358297653756833e-5, 1e-9));
  BOOST_TEST(std::abs(ac[999] - 4.0358e-5) <= 5e-9);
}

// Nichol & Dhariwal 2021 ("squaredcos_cap_v2"): beta_t = min(1 -
// abar((t+1)/N) / abar(t/N), 0.999), abar(t) = cos((t + 0.008) / 1.008 pi/2)^2.
BOOST_AUTO_TEST_CASE(cosine_is_capped_and_falls_to_almost_zero) {
  const std::vector<double> betas = Betas(BetaSchedule::kCosine, 1000);
  BOOST_REQUIRE(betas.size() == 1000u);
  BOOST_TEST(CloseRel(betas[0], 4.1284224821777802e-5, 1e-9));
  BOOST_TEST(CloseRel(betas[998], 0.74999939290116203, 1e-9));
  BOOST_TEST(betas[999] == 0.999);  // abar(1) = cos(pi/2)^2 ~ 0: the cap
  for (const double b : betas) BOOST_TEST((b > 0.0 && b <= 0.999));
  const std::vector<double> ac = AlphasCumprod(betas);
  BOOST_TEST(StrictlyDecreasing(ac));
  BOOST_TEST(CloseRel(ac[0], 0.99995871577517822, 1e-12));
  BOOST_TEST(CloseRel(ac[500], 0.49228517244880258, 1e-9));
  BOOST_TEST(CloseRel(ac[999], 2.4287669070344684e-9, 1e-6));
  BOOST_TEST(ac[999] < 1e-8);
  // beta_start / beta_end do not enter the cosine schedule.
  BOOST_TEST((Betas(BetaSchedule::kCosine, 1000, 0.5, 0.6) == betas));
}

BOOST_AUTO_TEST_CASE(bad_schedules_are_rejected) {
  BOOST_TEST(ThrowsNaming([] { Betas(BetaSchedule::kLinear, 1); }, "1"));
  BOOST_TEST(ThrowsNaming([] { Betas(BetaSchedule::kScaledLinear, 1000, 0.0, 0.012); }, "0"));
  BOOST_TEST(ThrowsNaming([] { Betas(BetaSchedule::kLinear, 1000, 1e-4, 1.5); }, "1.5"));
  BOOST_TEST(ThrowsNaming([] { Betas(BetaSchedule::kLinear, 1000, -0.25, 0.02); }, "-0.25"));
  BOOST_TEST(ThrowsNaming([] { Betas(BetaSchedule::kCosine, 0); }, "0"));
  BOOST_TEST(AlphasCumprod({}).empty());
}

// Lin et al. 2024, Algorithm 1: sqrt(abar) is shifted by its last value and
// scaled so the first is kept: sqrt(abar'_t) = k (sqrt(abar_t) - sqrt(abar_T)),
// k = sqrt(abar_1) / (sqrt(abar_1) - sqrt(abar_T)).
BOOST_AUTO_TEST_CASE(zero_terminal_snr_rescale) {
  const std::vector<double> ac = Sd1AlphasCumprod();
  const std::vector<double> rescaled = RescaleZeroTerminalSnr(ac);
  BOOST_REQUIRE(rescaled.size() == ac.size());
  BOOST_TEST(rescaled.back() == 0.0);
  BOOST_TEST(std::abs(rescaled.front() - ac.front()) <= 1e-12);
  BOOST_TEST(StrictlyDecreasing(rescaled));
  BOOST_TEST(CloseRel(rescaled[500], 0.24101878275731595, 1e-10));  // mpmath reference
  BOOST_TEST(CloseRel(rescaled[998], 1.9678880566211869e-7, 1e-6));

  // The SNR ratio property: sqrt(abar') is the affine image of sqrt(abar), so
  // ratios of sqrt(abar') equal ratios of sqrt(abar) - sqrt(abar_T) ...
  const double first = std::sqrt(ac.front());
  const double last = std::sqrt(ac.back());
  const double k = first / (first - last);
  for (std::size_t t = 0; t < ac.size(); ++t) {
    BOOST_TEST(std::abs(std::sqrt(rescaled[t]) - k * (std::sqrt(ac[t]) - last)) <= 1e-12);
  }
  // ... every SNR drops (the rescale only removes signal), the terminal one to 0,
  // and the infinite terminal sigma follows.
  for (std::size_t t = 1; t < ac.size(); ++t) {
    BOOST_TEST(rescaled[t] / (1.0 - rescaled[t]) < ac[t] / (1.0 - ac[t]));
  }
  const std::vector<double> sigmas = DiscreteSigmas(rescaled);
  BOOST_TEST(std::isinf(sigmas.back()));
  BOOST_TEST(std::isfinite(sigmas[998]));

  BOOST_TEST(ThrowsNaming([] { RescaleZeroTerminalSnr({0.5}); }, "1"));
  BOOST_TEST(ThrowsNaming([] { RescaleZeroTerminalSnr({0.25, 0.5}); }, "0.25"));
  BOOST_TEST(ThrowsNaming([] { RescaleZeroTerminalSnr({0.9, -0.5}); }, "-0.5"));
}

// diffusers' DDIMScheduler.set_timesteps, N = 1000:
//   leading:  step_ratio = N // steps; (arange(0, steps) * step_ratio).round()[::-1]
//             + steps_offset
//   trailing: np.round(np.arange(N, 0, -N / steps)) - 1
//   linspace: np.linspace(0, N - 1, steps).round()[::-1]
// np.round rounds halves to even.
BOOST_AUTO_TEST_CASE(ddim_timesteps_match_diffusers) {
  std::vector<int> leading1, leading0, trailing;
  for (int i = 0; i < 20; ++i) {
    leading1.push_back(951 - 50 * i);  // SD-1.x scheduler_config: steps_offset 1
    leading0.push_back(950 - 50 * i);
    trailing.push_back(999 - 50 * i);  // 1000, 950, ..., 50, each - 1
  }
  BOOST_TEST(DiscreteTimesteps(1000, 20, TimestepSpacing::kLeading, 1) == leading1,
             boost::test_tools::per_element());
  BOOST_TEST(DiscreteTimesteps(1000, 20, TimestepSpacing::kLeading, 0) == leading0,
             boost::test_tools::per_element());
  BOOST_TEST(DiscreteTimesteps(1000, 20, TimestepSpacing::kTrailing) == trailing,
             boost::test_tools::per_element());
  // round(i * 999 / 19), i = 19 .. 0.
  const std::vector<int> linspace = {999, 946, 894, 841, 789, 736, 684, 631, 578, 526,
                                     473, 421, 368, 315, 263, 210, 158, 105, 53,  0};
  BOOST_TEST(DiscreteTimesteps(1000, 20, TimestepSpacing::kLinspace) == linspace,
             boost::test_tools::per_element());

  // steps not dividing N: leading uses the integer ratio 1000 // 30 = 33.
  const std::vector<int> leading30 = DiscreteTimesteps(1000, 30, TimestepSpacing::kLeading, 1);
  BOOST_REQUIRE(leading30.size() == 30u);
  BOOST_TEST(leading30.front() == 29 * 33 + 1);
  BOOST_TEST(leading30.back() == 1);
  // Trailing with halves (ratio 62.5): 937.5 -> 938, 812.5 -> 812 (half to even).
  const std::vector<int> trailing16 = {999, 937, 874, 811, 749, 687, 624, 561,
                                       499, 437, 374, 311, 249, 187, 124, 61};
  BOOST_TEST(DiscreteTimesteps(1000, 16, TimestepSpacing::kTrailing) == trailing16,
             boost::test_tools::per_element());
  // Trailing with an inexact ratio (1000 / 3): 1000, 666.67, 333.33 -> 999, 666, 332.
  const std::vector<int> trailing3 = {999, 666, 332};
  BOOST_TEST(DiscreteTimesteps(1000, 3, TimestepSpacing::kTrailing) == trailing3,
             boost::test_tools::per_element());
  // round(i * 999 / 29) descending, spot values.
  const std::vector<int> linspace30 = DiscreteTimesteps(1000, 30, TimestepSpacing::kLinspace);
  BOOST_TEST(linspace30[1] == 965);
  BOOST_TEST(linspace30[15] == 482);
  BOOST_TEST(linspace30[28] == 34);
  // One step; every step.
  BOOST_TEST(DiscreteTimesteps(1000, 1, TimestepSpacing::kLeading, 1) == std::vector<int>{1},
             boost::test_tools::per_element());
  BOOST_TEST(DiscreteTimesteps(1000, 1, TimestepSpacing::kTrailing) == std::vector<int>{999},
             boost::test_tools::per_element());
  BOOST_TEST(DiscreteTimesteps(1000, 1, TimestepSpacing::kLinspace) == std::vector<int>{0},
             boost::test_tools::per_element());
  for (const auto spacing :
       {TimestepSpacing::kLeading, TimestepSpacing::kTrailing, TimestepSpacing::kLinspace}) {
    const std::vector<int> all = DiscreteTimesteps(1000, 1000, spacing);
    BOOST_REQUIRE(all.size() == 1000u);
    for (int i = 0; i < 1000; ++i) BOOST_TEST(all[i] == 999 - i);
  }
}

BOOST_AUTO_TEST_CASE(bad_step_counts_are_rejected) {
  BOOST_TEST(ThrowsNaming([] { DiscreteTimesteps(1000, 0, TimestepSpacing::kLeading); }, "0"));
  BOOST_TEST(
      ThrowsNaming([] { DiscreteTimesteps(1000, 1001, TimestepSpacing::kTrailing); }, "1001"));
  BOOST_TEST(ThrowsNaming([] { DiscreteTimesteps(1000, 1000, TimestepSpacing::kLeading, 1); },
                          "steps_offset 1"));
  BOOST_TEST(ThrowsNaming([] { DiscreteTimesteps(1000, 20, TimestepSpacing::kLeading, -1); },
                          "-1"));
}

BOOST_AUTO_TEST_CASE(discrete_sigmas_follow_the_definition) {
  const std::vector<double> sigmas = DiscreteSigmas({1.0, 0.8, 0.5, 0.2, 0.0});
  BOOST_REQUIRE(sigmas.size() == 5u);
  BOOST_TEST(sigmas[0] == 0.0);
  BOOST_TEST(CloseRel(sigmas[1], 0.5, 1e-15));  // sqrt(0.2 / 0.8)
  BOOST_TEST(sigmas[2] == 1.0);
  BOOST_TEST(sigmas[3] == 2.0);  // sqrt(0.8 / 0.2)
  BOOST_TEST(sigmas[4] == std::numeric_limits<double>::infinity());
  const std::vector<double> ac = Sd1AlphasCumprod();
  const std::vector<double> sd = DiscreteSigmas(ac);
  for (std::size_t t = 0; t < ac.size(); t += 111) {
    // x_t / sqrt(a) = x0 + sigma eps: sigma^2 = (1 - a) / a, i.e. a = 1 / (sigma^2 + 1).
    BOOST_TEST(CloseRel(1.0 / (sd[t] * sd[t] + 1.0), ac[t], 1e-13));
  }
  BOOST_TEST(ThrowsNaming([] { DiscreteSigmas({0.5, 1.5}); }, "1.5"));
  BOOST_TEST(ThrowsNaming([] { DiscreteSigmas({-0.125}); }, "-0.125"));
}

// Karras et al. 2022 eq. 5 with SVD's sigma_min 0.002, sigma_max 700, rho 7.
BOOST_AUTO_TEST_CASE(karras_sigmas_for_svd) {
  const std::vector<double> sigmas = KarrasSigmas(25, 0.002, 700.0, 7.0);
  BOOST_REQUIRE(sigmas.size() == 26u);
  BOOST_TEST(sigmas[0] == 700.0);
  BOOST_TEST(sigmas[24] == 0.002);
  BOOST_TEST(sigmas[25] == 0.0);
  BOOST_TEST(StrictlyDecreasing(sigmas));
  // (700^(1/7) + 12/24 (0.002^(1/7) - 700^(1/7)))^7, mpmath.
  BOOST_TEST(CloseRel(sigmas[12], 15.589967799969995, 1e-12));
  for (int i = 1; i < 24; ++i) {
    const double ramp = i / 24.0;
    const double expected = std::pow(
        std::pow(700.0, 1.0 / 7) + ramp * (std::pow(0.002, 1.0 / 7) - std::pow(700.0, 1.0 / 7)),
        7.0);
    BOOST_TEST(CloseRel(sigmas[i], expected, 1e-13));
  }
  BOOST_TEST((KarrasSigmas(1, 0.002, 700.0) == std::vector<double>{700.0, 0.0}));
  BOOST_TEST(ThrowsNaming([] { KarrasSigmas(0, 0.002, 700.0); }, "0"));
  BOOST_TEST(ThrowsNaming([] { KarrasSigmas(25, 700.0, 0.002); }, "700"));
  BOOST_TEST(ThrowsNaming([] { KarrasSigmas(25, 0.0, 700.0); }, "0"));
  BOOST_TEST(ThrowsNaming([] { KarrasSigmas(25, 0.002, 700.0, -7.0); }, "-7"));
}

// Flow matching: linspace(1, 0, steps + 1), then s' = shift s / (1 + (shift - 1) s).
BOOST_AUTO_TEST_CASE(flow_sigmas_with_and_without_shift) {
  const std::vector<double> plain = FlowSigmas(10, 1.0);
  BOOST_REQUIRE(plain.size() == 11u);
  for (int i = 0; i <= 10; ++i) BOOST_TEST(std::abs(plain[i] - (1.0 - i / 10.0)) <= 1e-15);
  BOOST_TEST(plain.front() == 1.0);
  BOOST_TEST(plain.back() == 0.0);

  const std::vector<double> shifted = FlowSigmas(4, 3.0);
  BOOST_REQUIRE(shifted.size() == 5u);
  BOOST_TEST(shifted[0] == 1.0);
  BOOST_TEST(CloseRel(shifted[1], 2.25 / 2.5, 1e-15));   // s = 0.75 -> 0.9
  BOOST_TEST(CloseRel(shifted[2], 0.75, 1e-15));         // s = 0.5 -> 0.75
  BOOST_TEST(CloseRel(shifted[3], 0.75 / 1.5, 1e-15));   // s = 0.25 -> 0.5
  BOOST_TEST(shifted[4] == 0.0);
  BOOST_TEST(StrictlyDecreasing(FlowSigmas(50, 5.0)));
  BOOST_TEST(StrictlyDecreasing(FlowSigmas(50, 0.5)));
  BOOST_TEST((FlowSigmas(1, 3.0) == std::vector<double>{1.0, 0.0}));
  BOOST_TEST(ThrowsNaming([] { FlowSigmas(0); }, "0"));
  BOOST_TEST(ThrowsNaming([] { FlowSigmas(10, 0.0); }, "0"));
  BOOST_TEST(ThrowsNaming([] { FlowSigmas(10, -2.0); }, "-2"));
}

}  // namespace
}  // namespace dolly::sampler
