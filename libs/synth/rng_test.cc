#define BOOST_TEST_MODULE rng_test
#include <boost/test/unit_test.hpp>

#include <set>
#include <vector>

#include "libs/synth/rng.h"
#include "libs/synth/smooth_noise.h"

namespace dolly::synth {
namespace {

// The engine is the standard's: its 10000th output for the default seed is
// fixed by [rand.predef] to 9981545732273789042.
BOOST_AUTO_TEST_CASE(EngineIsStandardMt19937_64) {
  Rng rng(5489u);
  uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = rng.Bits();
  BOOST_TEST(x == 9981545732273789042ull);
}

// Values are derived from raw bits only: 2^-53 * (bits >> 11), exactly.
BOOST_AUTO_TEST_CASE(UniformIsDerivedFromRawBits) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) {
    const uint64_t bits = a.Bits();
    BOOST_TEST(b.Uniform() == static_cast<double>(bits >> 11) * 0x1.0p-53);
  }
  Rng c(7);
  for (int i = 0; i < 1000; ++i) {
    const double u = c.Uniform(-2.0, 3.0);
    BOOST_TEST((u >= -2.0 && u < 3.0));
  }
}

BOOST_AUTO_TEST_CASE(BelowCoversTheRangeOnly) {
  Rng rng(3);
  std::set<uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const uint64_t v = rng.Below(7);
    BOOST_TEST(v < 7u);
    seen.insert(v);
  }
  BOOST_TEST(seen.size() == 7u);
}

BOOST_AUTO_TEST_CASE(StreamsAreIndependentAndReproducible) {
  BOOST_TEST(Rng::DeriveSeed(1, "tracks") == Rng::DeriveSeed(1, "tracks"));
  BOOST_TEST(Rng::DeriveSeed(1, "tracks") != Rng::DeriveSeed(2, "tracks"));
  BOOST_TEST(Rng::DeriveSeed(1, "tracks") != Rng::DeriveSeed(1, "ground"));
  Rng a(9, "x"), b(9, "x");
  for (int i = 0; i < 10; ++i) BOOST_TEST(a.Bits() == b.Bits());
}

// Value noise passes through its knots, stays in [-1, 1] and is smooth: the
// change over 1/1000 of a knot is below 2e-3 (|slope| <= 1.875 * 2 per knot).
BOOST_AUTO_TEST_CASE(ValueNoiseIsSmoothAndBounded) {
  Rng rng(11);
  const ValueNoise1D noise(&rng, 10);
  double previous = noise.At(0.0);
  for (int i = 1; i <= 9000; ++i) {
    const double v = noise.At(i / 1000.0);
    BOOST_TEST((v >= -1.0 && v <= 1.0));
    BOOST_TEST(std::abs(v - previous) < 4e-3);
    previous = v;
  }
  Rng rng2(12);
  const TileableNoise2D tile(&rng2, 4);
  // Tiles: the value at u and u + 1 agree (1e-12).
  BOOST_TEST(std::abs(tile.At(0.3, 0.7) - tile.At(1.3, -0.3)) < 1e-12);
  BOOST_TEST(std::abs(tile.At(0.999999, 0.5) - tile.At(0.0, 0.5)) < 1e-4);
}

}  // namespace
}  // namespace dolly::synth
