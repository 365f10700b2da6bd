#include "libs/synth/rng.h"

namespace dolly::synth {

namespace {

// SplitMix64 finaliser: spreads nearby inputs over the whole 64-bit range.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t Rng::DeriveSeed(uint64_t seed, std::string_view stream) {
  // FNV-1a of the stream name, mixed with the seed.
  uint64_t h = 0xCBF29CE484222325ull;
  for (char c : stream) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ull;
  }
  return Mix(Mix(seed) ^ h);
}

uint64_t Rng::Below(uint64_t n) {
  // Accept only values below the largest multiple of n.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return x % n;
}

}  // namespace dolly::synth
