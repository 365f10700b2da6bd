// K nearest neighbours of 2D points, by a uniform grid (no index library:
// OpenCV's flann is not among the linked modules, and a grid is exact and
// fast for image points).
#ifndef DOLLY_LIBS_TRACK_NEIGHBOURS_H_
#define DOLLY_LIBS_TRACK_NEIGHBOURS_H_

#include <vector>

#include <opencv2/core.hpp>

namespace dolly::track {

// For each point, the indices of its (at most) k nearest other points within
// max_distance, nearest first (ties by index).
std::vector<std::vector<int>> NearestNeighbours(const std::vector<cv::Point2f>& points, int k,
                                                float max_distance);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_NEIGHBOURS_H_
