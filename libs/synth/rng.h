// Seeded randomness whose values are the same on every platform: the engine is
// std::mt19937_64 (fully specified by the standard), but the standard library
// distributions are implementation-defined, so every value is derived from raw
// engine output here.
#ifndef DOLLY_LIBS_SYNTH_RNG_H_
#define DOLLY_LIBS_SYNTH_RNG_H_

#include <cstdint>
#include <random>
#include <string_view>

namespace dolly::synth {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // An independent stream for one purpose ("tracks", "texture/3", ...), so
  // that changing how many values one part draws does not change another's.
  Rng(uint64_t seed, std::string_view stream) : engine_(DeriveSeed(seed, stream)) {}

  static uint64_t DeriveSeed(uint64_t seed, std::string_view stream);

  uint64_t Bits() { return engine_(); }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [0, n), n > 0, without modulo bias (rejection).
  uint64_t Below(uint64_t n);

 private:
  std::mt19937_64 engine_;
};

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_RNG_H_
