// RGB frames from whatever the user has: a Video artifact (recognised by its
// magic bytes, or "-" for one on stdin), a single PNG/JPEG image, a video
// file or a directory of frames. Every stage that reads pixels opens its
// input here, so they all accept the same things.
#ifndef DOLLY_LIBS_FRAMES_FRAME_INPUT_H_
#define DOLLY_LIBS_FRAMES_FRAME_INPUT_H_

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/media/frame_source.h"

namespace dolly::frames {

// Throws IoError for a missing or unreadable path, InvalidInputError when
// its content is not frames (a dolly artifact of another kind included),
// UsageError when "-" is opened a second time in this process (stdin can
// feed one input only).
std::unique_ptr<media::FrameSource> OpenFrameInput(const std::string& path);

// Every frame at once, for stages that need random access.
struct Frames {
  std::vector<cv::Mat> images;  // all the same size
  double fps = 0.0;             // 0 when unknown
};
// `gray` converts to CV_8UC1; otherwise frames stay CV_8UC3 RGB.
Frames ReadAllFrames(const std::string& path, bool gray);

}  // namespace dolly::frames

#endif  // DOLLY_LIBS_FRAMES_FRAME_INPUT_H_
