// Deterministic standard-normal noise: the same seed gives the same values,
// bit for bit, on the same machine (and across standard libraries: neither
// std::normal_distribution nor the engines' distributions are used, only
// std::mt19937_64's specified output and a Box-Muller transform written here).
#ifndef DOLLY_LIBS_SAMPLER_GAUSSIAN_NOISE_H_
#define DOLLY_LIBS_SAMPLER_GAUSSIAN_NOISE_H_

#include <cstddef>
#include <cstdint>
#include <random>

#include "libs/sampler/latent.h"

namespace dolly::sampler {

class GaussianNoise {
 public:
  explicit GaussianNoise(std::uint64_t seed);

  // `n` independent N(0, 1) values, continuing the stream.
  Latent Next(std::size_t n);

 private:
  double Uniform();  // in (0, 1): 53 random bits, never 0
  std::mt19937_64 engine_;
};

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_GAUSSIAN_NOISE_H_
