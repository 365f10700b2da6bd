// Depth lookups in a CV_32F z-depth map (0 = unknown): at a sub-pixel
// position, and the valid values of the map and their median.
#ifndef DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_
#define DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_

#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::geometry {

// Bilinear depth at (x, y) when the 4 surrounding pixels are known and agree
// within `max_ratio` (one surface); 0 at a depth edge, outside the image or
// where depth is unknown, since a point there cannot be lifted reliably.
double SampleDepth(const cv::Mat& depth, double x, double y, double max_ratio = 1.05);

// The valid (finite, > 0) values of a CV_32F depth map (or of a view of
// one, e.g. depth(roi)), row by row.
std::vector<float> ValidDepths(const cv::Mat& depth);

// Median of the valid (finite, > 0) values of a CV_32F depth map; for an even
// count the mean of the two middle values; nullopt when there are none.
std::optional<double> MedianValidDepth(const cv::Mat& depth);

}  // namespace dolly::geometry

#endif  // DOLLY_LIBS_GEOMETRY_DEPTH_SAMPLE_H_
