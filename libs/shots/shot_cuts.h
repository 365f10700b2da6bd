// Shot cuts in a stream of frames: a frame starts a new shot when its content
// cannot have come from the previous frame by camera motion, blur, noise or
// an exposure change. Streaming (one frame at a time, a few frames held), so
// it runs inside any stage that reads a video.
#ifndef DOLLY_LIBS_SHOTS_SHOT_CUTS_H_
#define DOLLY_LIBS_SHOTS_SHOT_CUTS_H_

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::shots {

struct ShotCutParams {
  // A shot is at least this many frames long (cuts closer than this to the
  // previous one are not reported).
  int min_shot_frames = 2;
};

class ShotCutDetector {
 public:
  explicit ShotCutDetector(const ShotCutParams& params = {});
  ~ShotCutDetector();
  // The next frame (CV_8UC3 RGB or CV_8UC1, every frame the same size).
  // Returns true when this frame starts a new shot (never for the first).
  bool Push(const cv::Mat& frame);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every frame at once: the indices of the frames that start a new shot.
std::vector<int> DetectShotCuts(const std::vector<cv::Mat>& frames,
                                const ShotCutParams& params = {});

}  // namespace dolly::shots

#endif  // DOLLY_LIBS_SHOTS_SHOT_CUTS_H_
