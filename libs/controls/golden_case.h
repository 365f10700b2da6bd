// The fixed object-map case behind testdata/golden/controls/object_map_pac.png,
// shared by the generator and the golden test so they cannot drift apart.
#ifndef DOLLY_LIBS_CONTROLS_GOLDEN_CASE_H_
#define DOLLY_LIBS_CONTROLS_GOLDEN_CASE_H_

#include <vector>

#include "libs/controls/object_map.h"

namespace dolly::controls::golden {

inline constexpr int kWidth = 96;
inline constexpr int kHeight = 64;

// 12 points of frame 1 of a short clip, with raw depths normalised as PAC
// does. Covers overlaps in both depth orders, an equal-depth tie, an
// invisible point, a disc cut by the border, a disc wholly outside, and
// positions at exact .5 (cvRound rounds those to even).
std::vector<ControlPoint> ObjectMapCase();

// The rendered case as RGB.
cv::Mat RenderObjectMapCase();

}  // namespace dolly::controls::golden

#endif  // DOLLY_LIBS_CONTROLS_GOLDEN_CASE_H_
