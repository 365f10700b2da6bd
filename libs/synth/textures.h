// Procedural texture images (CV_8UC3, RGB) for the renderer. All tile, since
// the rasterizer repeats textures outside [0, 1].
#ifndef DOLLY_LIBS_SYNTH_TEXTURES_H_
#define DOLLY_LIBS_SYNTH_TEXTURES_H_

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/synth/rng.h"

namespace dolly::synth {

// squares x squares checkerboard of the two colours, `size` pixels a side,
// lightly modulated by seeded noise so that trackers are not confused by
// perfectly repeating squares.
cv::Mat MakeCheckerTexture(const Eigen::Vector3d& color_a, const Eigen::Vector3d& color_b,
                           int squares, int size, Rng* rng);

// Fractal (three octaves) tileable value noise blending the two colours.
cv::Mat MakeNoiseTexture(const Eigen::Vector3d& color_a, const Eigen::Vector3d& color_b,
                         int size, Rng* rng);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_TEXTURES_H_
