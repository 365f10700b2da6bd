// The camera path of a video from its frames alone (no depth): two-view
// initialisation choosing between an essential matrix and a homography,
// triangulation, PnP against the map, keyframes, sliding-window bundle
// adjustment and, when the focal length is not given, its refinement.
// Frames arrive one at a time (Push), so a clip of any length is processed
// holding only the keyframes' features, never the video.
//
// Poses are world_from_camera (x right, y down, z forward); each segment
// (shot) has its own world: the camera of its first frame. Scale: the first
// baseline of a segment has length 1 (the caller may rescale afterwards).
#ifndef DOLLY_LIBS_ODOMETRY_MONO_MONOCULAR_H_
#define DOLLY_LIBS_ODOMETRY_MONO_MONOCULAR_H_

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

namespace dolly::odometry::mono {

// What the camera did in a segment. Depth is observable only for GENERAL.
enum class MotionKind { GENERAL = 1, ROTATION_ONLY = 2, STATIC = 3 };
const char* MotionKindName(MotionKind kind);  // "general", "rotation_only", "static"

struct MonoParams {
  // Focal length in pixels (fx = fy, principal point at the image centre)
  // when known; otherwise it starts at 1.2 * max(W, H) and is refined.
  std::optional<double> focal_px;
  int max_features = 1000;
  double min_feature_distance_px = 8.0;
  double forward_backward_px = 1.0;
  double ransac_px = 1.5;
  // Fewer PnP inliers than this and the frame is lost.
  int min_inliers = 20;
  // Sliding window of keyframes refined together.
  int window_keyframes = 6;
  // Median feature motion (px, rotation compensated) below which a segment
  // counts as static / a homography explains it as rotation only.
  double static_motion_px = 0.5;
  // Smallest triangulation angle (degrees) of a map point.
  double min_parallax_deg = 1.0;
  bool bundle_adjust = true;
};

// Per-frame quality, in the artifact and the --json summary.
struct FrameQuality {
  int tracked = 0;                   // features followed into this frame
  int inliers = 0;                   // PnP (or two-view) inliers
  double reprojection_rms_px = 0.0;  // over the inliers, after refinement
  double parallax_deg = 0.0;         // median angle to the segment's map points since their first view
};

struct Segment {
  int first_frame = 0;  // frames [first_frame, end_frame)
  int end_frame = 0;
  MotionKind motion = MotionKind::GENERAL;
  bool depth_observable() const { return motion == MotionKind::GENERAL; }
};

// A triangulated map point, in its segment's world, with the frames that
// observed it (pixel positions), so callers can make sparse depth maps.
struct MapPoint {
  int segment = 0;
  Eigen::Vector3d world = Eigen::Vector3d::Zero();
  std::vector<std::pair<int, Eigen::Vector2f>> observations;  // (frame, pixel)
};

struct MonoPath {
  std::vector<Eigen::Isometry3d> world_from_camera;  // one per frame
  std::vector<bool> lost;                            // could not be placed (pose = last placed)
  std::vector<int> keyframes;
  std::vector<FrameQuality> quality;
  std::vector<Segment> segments;  // cover all frames, in order
  double focal_px = 0.0;          // the one used (refined unless given)
  bool focal_refined = false;
  std::vector<MapPoint> points;
  std::vector<int> LostFrames() const;
  int SegmentOf(int frame) const;
};

class MonocularEstimator {
 public:
  MonocularEstimator(int width, int height, const MonoParams& params);
  ~MonocularEstimator();
  // The next frame (CV_8UC1, width x height). `cut_before` starts a new
  // segment at this frame (a shot cut found by the caller).
  void Push(const cv::Mat& gray, bool cut_before = false);
  // Final refinement of every segment; call once after the last Push.
  MonoPath Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dolly::odometry::mono

#endif  // DOLLY_LIBS_ODOMETRY_MONO_MONOCULAR_H_
