// Foreground masks of the input views and what the silhouette term needs.
#ifndef DOLLY_LIBS_RECON4D_SILHOUETTE_H_
#define DOLLY_LIBS_RECON4D_SILHOUETTE_H_

#include <opencv2/core.hpp>

namespace dolly::recon4d {

// The median colour of the image's border pixels (the backdrop of a rendered
// or generated multi-view video), RGB.
cv::Vec3b BorderColour(const cv::Mat& rgb);

// 255 where some channel differs from `background` by more than `threshold`,
// after a 3x3 opening against speckle (compression noise).
cv::Mat KeyForeground(const cv::Mat& rgb, const cv::Vec3b& background, int threshold);

// CV_32F: for every pixel the distance (pixels) to the nearest mask pixel,
// 0 on the mask. An empty mask gives a map of the image diagonal.
cv::Mat OutsideDistance(const cv::Mat& mask);

// CV_32F signed distance to the mask's boundary: OutsideDistance outside,
// minus the distance to the nearest pixel off the mask inside.
cv::Mat SignedDistance(const cv::Mat& mask);

// Intersection over union of two masks (non-zero = inside); 1 for two empty.
double MaskIou(const cv::Mat& a, const cv::Mat& b);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_SILHOUETTE_H_
