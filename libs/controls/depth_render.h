// Colour-mapped depth for previews: depth is hard to read as gray, and a
// perceptual colormap makes near and far apparent at a glance.
#ifndef DOLLY_LIBS_CONTROLS_DEPTH_RENDER_H_
#define DOLLY_LIBS_CONTROLS_DEPTH_RENDER_H_

#include <opencv2/core.hpp>

namespace dolly::controls {

// Renders a CV_32F or CV_64F z-depth map as CV_8UC3 RGB through OpenCV's
// Turbo colormap (cv::COLORMAP_TURBO). Depth d in [near, far] maps to level
// cvRound(255 * (far - d) / (far - near)): the nearest depth gets Turbo's
// top entry (dark red, RGB (122, 4, 3)) and the farthest its bottom entry
// (dark blue, RGB (48, 18, 59)), warm = near as in most depth previews.
// Depths outside [near, far] are clamped to it. Invalid pixels, those not
// finite or <= 0 (the rasterizer's "no surface"), are black, which Turbo
// never produces. Throws InvalidInputError on an empty map, another type,
// or a range that is not finite with 0 < near < far.
cv::Mat RenderDepthPreview(const cv::Mat& depth, double near, double far);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_DEPTH_RENDER_H_
