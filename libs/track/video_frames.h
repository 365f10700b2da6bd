// Reads a whole input video for tracking, from anything
// frames::OpenFrameInput accepts: grayscale for LK, RGB for a model.
#ifndef DOLLY_LIBS_TRACK_VIDEO_FRAMES_H_
#define DOLLY_LIBS_TRACK_VIDEO_FRAMES_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::track {

struct GrayVideo {
  std::vector<cv::Mat> frames;  // CV_8UC1 (or CV_8UC3 RGB), all of one size
  double fps = 0.0;             // 0 when unknown
  int width() const { return frames.empty() ? 0 : frames[0].cols; }
  int height() const { return frames.empty() ? 0 : frames[0].rows; }
};

// Throws IoError for a missing or unreadable file, InvalidInputError naming
// `path` for corrupt data, frames of differing sizes, or fewer than 2 frames.
GrayVideo ReadGrayVideo(const std::string& path, bool gray = true);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_VIDEO_FRAMES_H_
