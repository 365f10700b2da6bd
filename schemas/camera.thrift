include "common.thrift"
namespace cpp dolly.schema

// What the camera did within a segment; depth is observable only for GENERAL.
enum MotionKind {
  GENERAL = 1,
  ROTATION_ONLY = 2,
  STATIC = 3,
}

// A shot: frames [first_frame, first_frame + frame_count), with its own world
// frame (the camera of first_frame). A video without cuts has one.
struct CameraSegment {
  1: optional i64 first_frame
  2: optional i64 frame_count
  3: optional MotionKind motion
  // False for STATIC and ROTATION_ONLY: no depth can come from this motion.
  4: optional bool depth_observable
}

// How well an estimator placed one frame.
struct FrameQuality {
  // Features followed into the frame.
  1: optional i32 tracked
  // Inliers of the pose estimate.
  2: optional i32 inliers
  // Reprojection RMS over the inliers, pixels.
  3: optional double reprojection_rms_px
  // Median triangulation angle of the frame's map points, degrees.
  4: optional double parallax_deg
}

struct CameraTrajectoryInfo {
  1: optional common.Intrinsics intrinsics
  2: optional i64 frame_count
  3: optional double fps
  // What the world frame is, e.g. "camera of frame 0".
  4: optional string world_frame
  // Version 4. Absent in older files: one GENERAL segment over every frame,
  // scale GIVEN_DEPTH, focal given.
  5: optional common.ScaleKind scale_kind
  6: optional list<CameraSegment> segments
  // True where the estimator refined the focal length (intrinsics hold the result).
  7: optional bool focal_estimated
}

struct CameraFrame {
  1: optional i64 index
  2: optional double timestamp
  3: optional common.Pose world_from_camera
  // Only where the intrinsics change over the sequence.
  4: optional common.Intrinsics intrinsics
  // True where the estimator could not place this frame; its pose is then
  // the last placed one, not a measurement.
  5: optional bool lost
  // Version 4: the index into CameraTrajectoryInfo.segments of this frame's shot.
  6: optional i32 segment
  7: optional FrameQuality quality
}
