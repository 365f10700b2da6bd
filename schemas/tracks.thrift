include "common.thrift"
namespace cpp dolly.schema

enum TrackLabel {
  UNKNOWN = 0,
  STATIC = 1,
  DYNAMIC = 2,
}

// N point tracks over T frames; per-track arrays are indexed by track.
struct TrackSetInfo {
  1: optional i64 track_count
  2: optional i64 frame_count
  3: optional common.Intrinsics intrinsics
  // INT64 [N]: frame where each track was queried.
  4: optional common.Tensor query_frames
  // INT32 [N]: instance id of the surface a track lies on (-1 unknown).
  5: optional common.Tensor instance_ids
  // UINT8 [N]: TrackLabel per track.
  6: optional common.Tensor labels
  7: optional bool has_points_3d
  8: optional double fps
}

struct TrackFrame {
  1: optional i64 index
  // FLOAT32 [N, 2] pixel positions (x right, y down).
  2: optional common.Tensor positions
  // UINT8 [N]: 1 where the point is visible in this frame.
  3: optional common.Tensor visibility
  // FLOAT32 [N] in [0, 1].
  4: optional common.Tensor confidence
  // FLOAT32 [N, 3] positions in the world frame.
  5: optional common.Tensor points_world
}
