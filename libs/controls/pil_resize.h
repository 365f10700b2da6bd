// Pillow's Image.resize for 8-bit single-channel ("L") images, bit for bit:
// the separable two-pass convolution of its libImaging Resample.c (a
// horizontal pass into an 8-bit intermediate, then a vertical pass), with the
// kernel widened by the scale factor when shrinking (so a downscale
// averages instead of aliasing), weights normalised per output pixel and
// rounded to 22-bit fixed point. Perception-as-Control's inference resizes
// its camera-map frames this way (PIL's default filter for "L" is bicubic),
// so a map meant for its model is resized with the same arithmetic.
#ifndef DOLLY_LIBS_CONTROLS_PIL_RESIZE_H_
#define DOLLY_LIBS_CONTROLS_PIL_RESIZE_H_

#include <opencv2/core.hpp>

namespace dolly::controls {

enum class PilFilter {
  kBilinear,  // triangle, support 1
  kBicubic,   // Keys cubic with a = -0.5, support 2 (Pillow's default for "L")
};

// `gray` (CV_8UC1) resized to width x height. The same size returns a copy,
// as Pillow does. Throws InvalidInputError on another type, an empty input
// or a non-positive size.
cv::Mat PilResize(const cv::Mat& gray, int width, int height,
                  PilFilter filter = PilFilter::kBicubic);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_PIL_RESIZE_H_
