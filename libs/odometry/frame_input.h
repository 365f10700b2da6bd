// Reads the input frames of dolly-odometry as 8-bit grayscale: a Video
// artifact (recognised by its magic), a video file or a frame directory.
#ifndef DOLLY_LIBS_ODOMETRY_FRAME_INPUT_H_
#define DOLLY_LIBS_ODOMETRY_FRAME_INPUT_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::odometry {

struct GrayFrames {
  std::vector<cv::Mat> frames;  // CV_8UC1, all the same size
  double fps = 0.0;             // 0 when unknown
};

// Throws IoError when `path` does not exist or cannot be read,
// InvalidInputError when its content is not frames.
GrayFrames ReadGrayFrames(const std::string& path);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_FRAME_INPUT_H_
