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
  // Frames are analysed at most this wide (downscaled; cost and noise fall).
  int working_width = 160;
  // Corners tracked from each frame.
  int max_corners = 200;
  // A frame is a cut when fewer than `cut_fraction` of the previous frame's
  // corners (those its motion keeps in view) track to it with one consistent
  // motion, or fewer than `confirmed_fraction` and its colour histogram jumps
  // (the other side of the same set keeps colours alike, so colour alone is
  // weak) ...
  double cut_fraction = 0.3;
  double confirmed_fraction = 0.6;
  // ... and that share is below this ratio of its median over the recent
  // frames of the shot (a shot that tracks poorly throughout is no cut).
  double relative_drop = 0.6;
  // A colour jump: the rg-chromaticity histogram distance exceeds
  // `chroma_floor` and `chroma_ratio` x its median over the recent frames.
  double chroma_floor = 0.004;
  double chroma_ratio = 4.0;
  // With fewer corners than this, motion says nothing and a colour jump of
  // twice the floor alone is a cut.
  int min_corners = 12;
};

// What the detector measured between the last two frames (for logs and tests).
struct ShotCutCues {
  int corners = 0;                // of the previous frame
  int tracked = 0;                // tracked there and back
  int consistent = 0;             // agreeing with one global motion
  int in_view = 0;                // corners that motion keeps inside this frame
  double continuity = 0.0;        // consistent / in_view
  double recent_continuity = 0.0; // median over the recent frames of the shot (0: none yet)
  double chroma_distance = 0.0;   // colour histogram change
  bool cut = false;
};

class ShotCutDetector {
 public:
  explicit ShotCutDetector(const ShotCutParams& params = {});
  ~ShotCutDetector();
  // The next frame (CV_8UC3 RGB or CV_8UC1, every frame the same size).
  // Returns true when this frame starts a new shot (never for the first).
  bool Push(const cv::Mat& frame);
  // The cues of the last Push (all zero after the first frame).
  const ShotCutCues& last_cues() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every frame at once: the indices of the frames that start a new shot.
std::vector<int> DetectShotCuts(const std::vector<cv::Mat>& frames,
                                const ShotCutParams& params = {});

}  // namespace dolly::shots

#endif  // DOLLY_LIBS_SHOTS_SHOT_CUTS_H_
