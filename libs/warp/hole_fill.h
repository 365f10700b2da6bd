// Classical hole filling of a splatted frame (no photo module here, so no
// cv::inpaint): push-pull over a mask-weighted image pyramid.
#ifndef DOLLY_LIBS_WARP_HOLE_FILL_H_
#define DOLLY_LIBS_WARP_HOLE_FILL_H_

#include <opencv2/core.hpp>

namespace dolly::warp {

// Fills the pixels of `image` (CV_8UC3) where `coverage` (CV_8UC1) is 0 from
// those where it is non-zero; covered pixels are returned unchanged, bit for
// bit. Push-pull (Gortler et al. 1996, "The Lumigraph"): pull builds a
// pyramid by 2x2 mask-weighted averaging, each coarse pixel's weight the
// clamped sum of its children's, until a level has no empty pixel (or is
// 1x1); push goes back down, filling each level's partly or un-covered
// pixels with w * own + (1 - w) * bilinear upsample of the filled coarser
// level. Holes therefore take a smooth blend of the surrounding colours,
// coarser for larger holes; it has no notion of structure or of which side
// is background (a good enough picture of disocclusions for a preview).
// An input with no covered pixel gives an all-black image (nothing to fill
// from). Throws InvalidInputError for wrong types or sizes.
cv::Mat PushPullFill(const cv::Mat& image, const cv::Mat& coverage);

}  // namespace dolly::warp

#endif  // DOLLY_LIBS_WARP_HOLE_FILL_H_
