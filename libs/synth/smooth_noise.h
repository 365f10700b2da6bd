// Smooth seeded noise: value noise on an integer lattice with quintic
// interpolation (C2-continuous), used for handheld camera shake (1D) and
// procedural textures (2D, tileable).
#ifndef DOLLY_LIBS_SYNTH_SMOOTH_NOISE_H_
#define DOLLY_LIBS_SYNTH_SMOOTH_NOISE_H_

#include <vector>

#include "libs/synth/rng.h"

namespace dolly::synth {

// Noise over t in [0, knots - 1] with values in [-1, 1]; t outside is clamped.
class ValueNoise1D {
 public:
  ValueNoise1D(Rng* rng, int knots);
  double At(double t) const;

 private:
  std::vector<double> values_;
};

// Noise over the unit square that wraps at its borders (so textures tile),
// with `cells` lattice cells per side; values in [-1, 1].
class TileableNoise2D {
 public:
  TileableNoise2D(Rng* rng, int cells);
  double At(double u, double v) const;

 private:
  int cells_;
  std::vector<double> values_;
};

// Quintic smoothstep 6t^5 - 15t^4 + 10t^3: zero first and second derivative
// at 0 and 1, so the interpolated noise has no visible kinks.
double Fade(double t);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_SMOOTH_NOISE_H_
