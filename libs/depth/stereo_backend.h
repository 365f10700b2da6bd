// `--backend stereo`: metric depth from a rectified pair (right camera at
// +baseline along the left camera's x axis) with OpenCV's semi-global
// matcher and a left-right consistency check.
#ifndef DOLLY_LIBS_DEPTH_STEREO_BACKEND_H_
#define DOLLY_LIBS_DEPTH_STEREO_BACKEND_H_

#include <opencv2/core.hpp>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"

namespace dolly::depth {

struct StereoParams {
  int num_disparities = 64;  // rounded up to a multiple of 16
  int block_size = 5;        // odd
  // A left pixel whose disparity and the right image's disparity at its match
  // differ by more than this is invalid.
  double lr_max_diff = 1.0;
};

// Disparity of the left image in pixels (CV_32F, x_right = x_left - d), 0
// where SGBM found nothing or the left-right check failed.
cv::Mat StereoDisparity(const cv::Mat& left_rgb, const cv::Mat& right_rgb,
                        const StereoParams& params);

// depth = fx * baseline / disparity, 0 where disparity is 0.
cv::Mat DepthFromDisparity(const cv::Mat& disparity, double fx, double baseline);

// Reads options.input / options.right (two images or two frame sources of
// equal size and length) and writes metric depth. UsageError without --fx or
// a positive finite --baseline; InvalidInputError (naming the right input)
// when sizes or frame counts differ.
DepthResult RunStereoBackend(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_STEREO_BACKEND_H_
