#define BOOST_TEST_MODULE gaussian_noise
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/latent.h"

namespace dolly::sampler {
namespace {

bool SameBytes(const Latent& a, const Latent& b) {
  return a.size() == b.size() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

BOOST_AUTO_TEST_CASE(same_seed_same_bytes_other_seed_other_values) {
  const Latent a = GaussianNoise(42).Next(4096);
  const Latent b = GaussianNoise(42).Next(4096);
  const Latent c = GaussianNoise(43).Next(4096);
  BOOST_REQUIRE(a.size() == 4096);
  BOOST_TEST(SameBytes(a, b));
  BOOST_TEST(!SameBytes(a, c));
  int equal = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) equal += a[i] == c[i];
  BOOST_TEST(equal == 0);
  BOOST_TEST(a.allFinite());
  BOOST_TEST(GaussianNoise(0).Next(0).size() == 0);
}

BOOST_AUTO_TEST_CASE(a_stream_does_not_depend_on_how_it_is_split) {
  const Latent whole = GaussianNoise(7).Next(1001);
  for (const std::size_t first : {0u, 1u, 2u, 333u, 500u, 1001u}) {
    GaussianNoise noise(7);
    const Latent a = noise.Next(first);
    const Latent b = noise.Next(1001 - first);
    Latent joined(1001);
    joined << a, b;
    BOOST_TEST(SameBytes(joined, whole), "split at " << first);
  }
  // Continuing the stream gives new values.
  GaussianNoise noise(7);
  const Latent one = noise.Next(16);
  const Latent two = noise.Next(16);
  BOOST_TEST(!SameBytes(one, two));
}

BOOST_AUTO_TEST_CASE(draws_are_standard_normal) {
  const Latent x = GaussianNoise(20261122).Next(1000000);
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) sum += x[i];
  const double mean = sum / x.size();
  double sq = 0.0, fourth = 0.0;
  int beyond1 = 0, beyond2 = 0, beyond3 = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = x[i] - mean;
    sq += d * d;
    fourth += d * d * d * d;
    beyond1 += std::abs(x[i]) > 1.0;
    beyond2 += std::abs(x[i]) > 2.0;
    beyond3 += std::abs(x[i]) > 3.0;
  }
  const double variance = sq / (x.size() - 1);
  BOOST_TEST_MESSAGE("mean " << mean << " variance " << variance);
  // Standard errors at n = 1e6: mean 0.001, variance 0.0014, so these bounds
  // are 5 and 7 of them.
  BOOST_TEST(std::abs(mean) < 0.005);
  BOOST_TEST(std::abs(variance - 1.0) < 0.01);
  BOOST_TEST(std::abs(fourth / x.size() / (variance * variance) - 3.0) < 0.05);  // kurtosis
  // Tail masses of N(0, 1): 0.317311, 0.0455003, 0.0026998 (each within ~5 standard errors).
  BOOST_TEST(std::abs(beyond1 / 1e6 - 0.317311) < 0.0025);
  BOOST_TEST(std::abs(beyond2 / 1e6 - 0.0455003) < 0.0011);
  BOOST_TEST(std::abs(beyond3 / 1e6 - 0.0026998) < 0.00026);
}

}  // namespace
}  // namespace dolly::sampler
