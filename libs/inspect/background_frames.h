// Frames to draw tracks over: a Video artifact, a video file or a directory
// of images, whichever the user has.
#ifndef DOLLY_LIBS_INSPECT_BACKGROUND_FRAMES_H_
#define DOLLY_LIBS_INSPECT_BACKGROUND_FRAMES_H_

#include <memory>
#include <string>

#include <opencv2/core.hpp>

namespace dolly::inspect {

class BackgroundFrames {
 public:
  virtual ~BackgroundFrames() = default;
  // Opens `path` as frames::OpenFrameInput does (Video artifact, image,
  // video file or frame directory).
  static std::unique_ptr<BackgroundFrames> Open(const std::string& path);

  virtual cv::Size size() const = 0;
  // The next RGB frame; once the source runs out, its last frame again (or
  // black if it had none), so a shorter video still backs every frame.
  cv::Mat Next();

 protected:
  virtual bool Read(cv::Mat* rgb) = 0;

 private:
  cv::Mat last_;
  bool exhausted_ = false;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_BACKGROUND_FRAMES_H_
