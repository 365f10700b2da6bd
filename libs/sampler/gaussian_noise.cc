#include "libs/sampler/gaussian_noise.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace dolly::sampler {

GaussianNoise::GaussianNoise(std::uint64_t seed) : engine_(seed) {}

double GaussianNoise::Uniform() {
  // The top 53 bits of one 64-bit draw as a multiple of 2^-53 in [0, 1);
  // the (probability 2^-53) zero is drawn again, so the result is in (0, 1).
  constexpr double kScale = 1.0 / 9007199254740992.0;  // 2^-53
  for (;;) {
    const std::uint64_t bits = engine_() >> 11;
    if (bits != 0) return static_cast<double>(bits) * kScale;
  }
}

Latent GaussianNoise::Next(std::size_t n) {
  // Box-Muller, cosine branch only: every value takes its own two uniforms,
  // so the stream does not depend on how it is split into Next calls (the
  // class keeps no spare sine value).
  const double two_pi = 2.0 * std::acos(-1.0);
  Latent out(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const double u1 = Uniform();
    const double u2 = Uniform();
    out[static_cast<Eigen::Index>(i)] =
        static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2));
  }
  return out;
}

}  // namespace dolly::sampler
