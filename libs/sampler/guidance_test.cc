#define BOOST_TEST_MODULE guidance
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <stdexcept>
#include <vector>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/guidance.h"

namespace dolly::sampler {
namespace {

bool SameBytes(const Latent& a, const Latent& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

struct Inputs {
  Latent uncond, cond_a, cond_ab;
  Inputs() {
    GaussianNoise noise(17);
    uncond = noise.Next(24);
    cond_a = noise.Next(24);
    cond_ab = noise.Next(24);
  }
};

BOOST_AUTO_TEST_CASE(scale_one_is_cond_and_scale_zero_is_uncond_exactly) {
  const Inputs in;
  BOOST_TEST(SameBytes(Guide(in.cond_a, in.uncond, 1.0), in.cond_a));
  BOOST_TEST(SameBytes(Guide(in.cond_a, in.uncond, 0.0), in.uncond));
}

BOOST_AUTO_TEST_CASE(guidance_is_linear) {
  const Inputs in;
  const Latent g = Guide(in.cond_a, in.uncond, 3.5);
  const Latent expected = in.uncond + 3.5f * (in.cond_a - in.uncond);
  BOOST_TEST((g - expected).abs().maxCoeff() <= 1e-6f);
  // Linear in the scale: G(a) + G(b) = G(a + b) + uncond.
  const Latent sum = Guide(in.cond_a, in.uncond, 1.5) + Guide(in.cond_a, in.uncond, 2.0);
  BOOST_TEST((sum - (g + in.uncond)).abs().maxCoeff() <= 1e-5f);
  // Linear in the inputs: guiding 2 cond, 2 uncond doubles the result.
  const Latent doubled = Guide(2.0f * in.cond_a, 2.0f * in.uncond, 3.5);
  BOOST_TEST((doubled - 2.0f * g).abs().maxCoeff() <= 1e-5f);
  // Extrapolates past cond: scale 2 mirrors uncond through cond.
  const Latent two = Guide(in.cond_a, in.uncond, 2.0);
  BOOST_TEST((two - (2.0f * in.cond_a - in.uncond)).abs().maxCoeff() <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(two_condition_guidance_reduces_to_guide) {
  const Inputs in;
  // cond_a = uncond: only the combined condition guides.
  BOOST_TEST((Guide2(in.uncond, in.uncond, in.cond_ab, 2.5, 2.5) -
              Guide(in.cond_ab, in.uncond, 2.5))
                 .abs()
                 .maxCoeff() <= 1e-5f);
  // Equal scales: the cond_a terms cancel, whatever cond_a is.
  BOOST_TEST((Guide2(in.uncond, in.cond_a, in.cond_ab, 4.0, 4.0) -
              Guide(in.cond_ab, in.uncond, 4.0))
                 .abs()
                 .maxCoeff() <= 1e-5f);
  // scale_b = 0: only the first condition guides.
  BOOST_TEST((Guide2(in.uncond, in.cond_a, in.cond_ab, 3.0, 0.0) -
              Guide(in.cond_a, in.uncond, 3.0))
                 .abs()
                 .maxCoeff() <= 1e-5f);
  // Both scales 1: the fully conditioned output.
  BOOST_TEST((Guide2(in.uncond, in.cond_a, in.cond_ab, 1.0, 1.0) - in.cond_ab).abs().maxCoeff() <=
             1e-6f);
  BOOST_CHECK_THROW(Guide2(in.uncond, in.cond_a, Latent::Zero(5), 1.0, 1.0),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(svd_frame_ramp) {
  const std::vector<double> ramp = FrameGuidanceRamp(14, 1.0, 3.0);
  BOOST_REQUIRE(ramp.size() == 14u);
  BOOST_TEST(ramp.front() == 1.0);
  BOOST_TEST(ramp.back() == 3.0);
  for (std::size_t f = 1; f < ramp.size(); ++f) {
    BOOST_TEST(ramp[f] - ramp[f - 1] == 2.0 / 13.0, boost::test_tools::tolerance(1e-12));
  }
  const std::vector<double> one = FrameGuidanceRamp(1, 1.0, 3.0);
  BOOST_REQUIRE(one.size() == 1u);
  BOOST_TEST(one[0] == 1.0);
  BOOST_CHECK_THROW(FrameGuidanceRamp(0, 1.0, 3.0), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(per_frame_guidance_applies_each_frames_scale_to_its_block) {
  const Inputs in;  // 24 values: 4 frames of 6
  const std::vector<double> scales = {0.0, 1.0, 2.5, 7.0};
  const Latent g = GuidePerFrame(in.cond_a, in.uncond, scales);
  BOOST_REQUIRE(g.size() == 24);
  for (int f = 0; f < 4; ++f) {
    BOOST_TEST_CONTEXT("frame " << f) {
      BOOST_TEST(SameBytes(g.segment(f * 6, 6),
                           Guide(in.cond_a.segment(f * 6, 6), in.uncond.segment(f * 6, 6),
                                 scales[static_cast<std::size_t>(f)])));
    }
  }
  BOOST_TEST(SameBytes(g.segment(0, 6), in.uncond.segment(0, 6)));
  BOOST_TEST(SameBytes(g.segment(6, 6), in.cond_a.segment(6, 6)));
  // One scale for everything is plain Guide.
  BOOST_TEST(SameBytes(GuidePerFrame(in.cond_a, in.uncond, {3.5}), Guide(in.cond_a, in.uncond, 3.5)));
}

BOOST_AUTO_TEST_CASE(size_mismatches_throw) {
  const Inputs in;
  BOOST_CHECK_THROW(Guide(in.cond_a, Latent::Zero(23), 2.0), std::invalid_argument);
  BOOST_CHECK_THROW(Guide(in.cond_a, Latent::Zero(23), 1.0), std::invalid_argument);
  BOOST_CHECK_THROW(GuidePerFrame(in.cond_a, Latent::Zero(23), {1.0, 2.0}),
                    std::invalid_argument);
  BOOST_CHECK_THROW(GuidePerFrame(in.cond_a, in.uncond, std::vector<double>(5, 1.0)),
                    std::invalid_argument);  // 24 values are not 5 equal frames
  BOOST_CHECK_THROW(GuidePerFrame(in.cond_a, in.uncond, {}), std::invalid_argument);
}

}  // namespace
}  // namespace dolly::sampler
