// Depth lookup at a sub-pixel position of a CV_32F z-depth map (0 = unknown).
#ifndef DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_
#define DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_

#include <opencv2/core.hpp>

namespace dolly::geometry {

// Bilinear depth at (x, y) when the 4 surrounding pixels are known and agree
// within `max_ratio` (one surface); 0 at a depth edge, outside the image or
// where depth is unknown, since a point there cannot be lifted reliably.
double SampleDepth(const cv::Mat& depth, double x, double y, double max_ratio = 1.05);

}  // namespace dolly::geometry

#endif  // DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_
