// One exported image sequence: numbered PNGs in <dir>/<name>/ (lossless, one
// per frame) plus <dir>/<name>.mp4 (H.264, to watch it move).
#ifndef DOLLY_LIBS_INSPECT_FRAME_SEQUENCE_H_
#define DOLLY_LIBS_INSPECT_FRAME_SEQUENCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_writer.h"

namespace dolly::inspect {

// Frames per second of exported videos when the artifact names none.
inline constexpr double kDefaultFps = 10.0;

class FrameSequence {
 public:
  FrameSequence(const std::string& dir, const std::string& name, double fps);
  ~FrameSequence();

  // CV_8UC3 RGB. The video takes the first frame's size; a later frame of
  // another size (intrinsics may change mid-sequence) is scaled to it.
  void Write(const cv::Mat& rgb);
  // Finishes the video; without it the video is not kept.
  void Close();
  int64_t frames() const { return frames_; }

 private:
  std::string video_path_;
  double fps_;
  media::PngSequenceWriter png_;
  std::unique_ptr<media::Mp4Writer> video_;
  cv::Size size_;
  int64_t frames_ = 0;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_FRAME_SEQUENCE_H_
