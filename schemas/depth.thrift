include "common.thrift"
namespace cpp dolly.schema

enum DepthKind {
  // z-depth along the optical axis in scene units.
  METRIC = 1,
  // z-depth known up to an affine map: depth = scale * value + shift.
  RELATIVE_DEPTH = 2,
  // Disparity-like (what Depth-Anything outputs): 1 / depth = scale * value + shift.
  RELATIVE_INVERSE_DEPTH = 3,
}

struct DepthSequenceInfo {
  1: optional DepthKind kind
  2: optional double scale
  3: optional double shift
  4: optional common.Intrinsics intrinsics
  5: optional i64 frame_count
  6: optional double fps
  // Version 4. True for sparse depth (e.g. the triangulated points of
  // monocular odometry): most pixels are 0, meaning "no measurement".
  7: optional bool sparse
  // Where the unit of length comes from when it is the unit of a camera
  // trajectory (monocular odometry); absent for depth of any other origin.
  8: optional common.ScaleKind scale_kind
}

// One frame: depth is H x W FLOAT32, 0 where unknown, never NaN or Inf.
struct DepthFrame {
  1: optional i64 index
  2: optional double timestamp
  3: optional common.Tensor depth
  4: optional common.Tensor confidence
  // Only where the camera's intrinsics change over the sequence.
  5: optional common.Intrinsics intrinsics
}
