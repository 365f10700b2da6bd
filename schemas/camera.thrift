include "common.thrift"
namespace cpp dolly.schema

struct CameraTrajectoryInfo {
  1: optional common.Intrinsics intrinsics
  2: optional i64 frame_count
  3: optional double fps
  // What the world frame is, e.g. "camera of frame 0".
  4: optional string world_frame
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
}
