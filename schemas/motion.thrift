include "common.thrift"
namespace cpp dolly.schema

// The 3D motion representation: points in the world frame that move per
// frame, seen by a camera per frame. Issue 4 fills in the intention fields.
struct MotionRepresentationInfo {
  1: optional common.Intrinsics intrinsics
  2: optional i64 point_count
  3: optional i64 frame_count
  // UINT8 [N, 3] RGB colour of each point.
  4: optional common.Tensor colors
  // INT32 [N] instance id of each point (-1 background).
  5: optional common.Tensor instance_ids
  6: optional double fps
}

struct MotionFrame {
  1: optional i64 index
  2: optional common.Pose world_from_camera
  // FLOAT32 [N, 3] point positions in the world frame.
  3: optional common.Tensor points_world
}
