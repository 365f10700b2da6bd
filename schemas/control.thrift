include "common.thrift"
namespace cpp dolly.schema

// Control videos that condition the diffusion sampler.
struct ControlSignalsInfo {
  1: optional i32 width
  2: optional i32 height
  3: optional i64 frame_count
  4: optional double fps
}

struct ControlFrame {
  1: optional i64 index
  // UINT8 [H, W, 3]: coloured discs on black, one per tracked point.
  2: optional common.Tensor object_map
  // UINT8 [H, W, 3]: the world-envelope checkerboard seen from this frame.
  3: optional common.Tensor camera_map
  // UINT8 [H, W, 3]: drag trajectories (red lines, green dots).
  4: optional common.Tensor trajectory_map
}
