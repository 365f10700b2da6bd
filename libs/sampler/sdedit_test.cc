#define BOOST_TEST_MODULE sdedit
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/noise_schedule.h"
#include "libs/sampler/samplers.h"
#include "libs/sampler/sdedit.h"

namespace dolly::sampler {
namespace {

bool SameBytes(const Latent& a, const Latent& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

Latent Init() { return Latent::LinSpaced(32, -2.0f, 3.0f); }

// A denoiser that would move the latent anywhere it is called.
Latent Pull(const Latent& x, double) { return Latent(0.5f * x + 1.0f); }

BOOST_AUTO_TEST_CASE(strength_zero_returns_the_init_through_any_sampler) {
  const Latent init = Init();
  const std::vector<double> sigmas = KarrasSigmas(20, 0.002, 80.0);
  GaussianNoise noise(8);
  const SdeditStart start = StartFromInit(init, sigmas, 0.0, &noise);
  BOOST_TEST(SameBytes(start.x, init));
  BOOST_REQUIRE(start.sigmas.size() == 1u);
  BOOST_TEST(start.sigmas[0] == sigmas.back());
  const Denoiser pull = Pull;
  BOOST_TEST(SameBytes(SampleDdim(pull, start.x, start.sigmas, 0.0, nullptr), init));
  BOOST_TEST(SameBytes(SampleDdim(pull, start.x, start.sigmas, 1.0, &noise), init));
  BOOST_TEST(SameBytes(SampleEuler(pull, start.x, start.sigmas), init));
  BOOST_TEST(SameBytes(SampleEulerAncestral(pull, start.x, start.sigmas, &noise), init));
  BOOST_TEST(SameBytes(SampleHeun(pull, start.x, start.sigmas), init));
  BOOST_TEST(SameBytes(SampleDpmpp2m(pull, start.x, start.sigmas), init));
  // No noise is needed to keep nothing.
  BOOST_TEST(SameBytes(StartFromInit(init, sigmas, 0.0, nullptr).x, init));
}

BOOST_AUTO_TEST_CASE(strength_one_keeps_every_step) {
  const Latent init = Init();
  const std::vector<double> sigmas = KarrasSigmas(20, 0.002, 80.0);
  GaussianNoise noise(8);
  const SdeditStart start = StartFromInit(init, sigmas, 1.0, &noise);
  BOOST_TEST(start.sigmas == sigmas, boost::test_tools::per_element());
  // x = init + sigmas[0] * z with the stream's first values.
  GaussianNoise replay(8);
  const Latent expected = init + static_cast<float>(sigmas[0]) * replay.Next(32);
  BOOST_TEST(SameBytes(start.x, expected));
}

BOOST_AUTO_TEST_CASE(intermediate_strengths_keep_the_rounded_tail) {
  const std::vector<double> sigmas = KarrasSigmas(20, 0.002, 80.0);
  for (double strength : {0.01, 0.024, 0.026, 0.3, 0.5, 0.62, 0.75, 0.975, 0.99}) {
    const std::size_t keep = static_cast<std::size_t>(std::lround(strength * 20));
    GaussianNoise noise(2);
    const SdeditStart start = StartFromInit(Init(), sigmas, strength, &noise);
    BOOST_TEST_CONTEXT("strength " << strength << " keeps " << keep) {
      BOOST_REQUIRE(start.sigmas.size() == keep + 1);
      const std::vector<double> tail(sigmas.end() - static_cast<long>(keep + 1), sigmas.end());
      BOOST_TEST(start.sigmas == tail, boost::test_tools::per_element());
      if (keep > 0) {
        GaussianNoise replay(2);
        BOOST_TEST(SameBytes(start.x, Init() + static_cast<float>(tail[0]) * replay.Next(32)));
      } else {
        BOOST_TEST(SameBytes(start.x, Init()));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(flow_variant) {
  const Latent init = Init();
  const std::vector<double> s = FlowSigmas(10, 3.0);
  GaussianNoise noise(4);
  const SdeditStart none = StartFlowFromInit(init, s, 0.0, &noise);
  BOOST_TEST(SameBytes(none.x, init));
  BOOST_REQUIRE(none.sigmas.size() == 1u);
  BOOST_TEST(none.sigmas[0] == 0.0);
  const VelocityField move = [](const Latent& x, double) { return Latent(x + 1.0f); };
  BOOST_TEST(SameBytes(SampleFlowEuler(move, none.x, none.sigmas), init));

  GaussianNoise n1(4);
  const SdeditStart all = StartFlowFromInit(init, s, 1.0, &n1);
  BOOST_TEST(all.sigmas == s, boost::test_tools::per_element());
  GaussianNoise r1(4);
  BOOST_TEST((all.x - r1.Next(32)).abs().maxCoeff() == 0.0f);  // s0 = 1: pure noise

  GaussianNoise n2(4);
  const SdeditStart half = StartFlowFromInit(init, s, 0.5, &n2);
  BOOST_REQUIRE(half.sigmas.size() == 6u);
  const std::vector<double> tail(s.end() - 6, s.end());
  BOOST_TEST(half.sigmas == tail, boost::test_tools::per_element());
  GaussianNoise r2(4);
  const double s0 = tail[0];
  const Latent expected = static_cast<float>(1.0 - s0) * init + static_cast<float>(s0) * r2.Next(32);
  BOOST_TEST(SameBytes(half.x, expected));
}

BOOST_AUTO_TEST_CASE(bad_strengths_throw) {
  const std::vector<double> sigmas = KarrasSigmas(10, 0.002, 80.0);
  GaussianNoise noise(1);
  for (double bad : {-0.01, 1.01, std::nan("")}) {
    BOOST_CHECK_THROW(StartFromInit(Init(), sigmas, bad, &noise), std::invalid_argument);
    BOOST_CHECK_THROW(StartFlowFromInit(Init(), FlowSigmas(10), bad, &noise),
                      std::invalid_argument);
  }
  BOOST_CHECK_THROW(StartFromInit(Init(), sigmas, 0.5, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace dolly::sampler
