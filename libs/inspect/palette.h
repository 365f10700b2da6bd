// Colours for things a person must tell apart (tracks, object ids) and for
// values along a scale (time, depth).
#ifndef DOLLY_LIBS_INSPECT_PALETTE_H_
#define DOLLY_LIBS_INSPECT_PALETTE_H_

#include <cstdint>

#include <opencv2/core.hpp>

namespace dolly::inspect {

// RGB colour of item `index`: hues a golden angle apart, so neighbouring
// indices (tracks 7 and 8, objects 1 and 2) never look alike.
cv::Vec3b DistinctColor(int64_t index);

enum class Colormap { kTurbo, kInferno };

// RGB of `t` in [0, 1] (clamped) on the colormap.
cv::Vec3b MapColor(double t, Colormap map = Colormap::kTurbo);

inline cv::Scalar ToScalar(const cv::Vec3b& c) { return cv::Scalar(c[0], c[1], c[2]); }

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_PALETTE_H_
