include "common.thrift"
namespace cpp dolly.schema

// Control videos that condition the diffusion sampler, and the previews of
// the motion a person looks at. Written by dolly-render.
struct ControlSignalsInfo {
  1: optional i32 width
  2: optional i32 height
  3: optional i64 frame_count
  4: optional double fps
  // Fields 5-6: schema version 2.
  // How object_map was drawn: "pac" (Perception-as-Control discs) or
  // "spheres" (perspective spheres, z-buffered).
  5: optional string object_map_mode
  // How camera_map was drawn: "pac" (the world envelope through PAC's fixed
  // camera) or "intrinsics" (through each frame's real intrinsics).
  6: optional string camera_map_mode
  // Field 7: schema version 3.
  // How trajectory_map was drawn: "dolly" (the whole path up to the frame,
  // red polyline, green dot) or "posetraj" (PoseTraj's ControlNet input:
  // map k shows only the segment k -> k+1 and a dot at k+1; the last map is
  // black).
  7: optional string trajectory_map_mode
}

struct ControlFrame {
  1: optional i64 index
  // UINT8 [H, W, 3]: coloured discs on black, one per tracked point.
  2: optional common.Tensor object_map
  // UINT8 [H, W, 3]: the world-envelope checkerboard seen from this frame.
  3: optional common.Tensor camera_map
  // UINT8 [H, W, 3]: drag trajectories (red lines, green dots).
  4: optional common.Tensor trajectory_map
  // Fields 5-8: schema version 2.
  // FLOAT32 [H, W] z-depth of the scene seen from this frame (the warped
  // reference), 0 where nothing is known.
  5: optional common.Tensor depth
  // UINT8 [H, W, 3]: the reference image carried through the motion, holes
  // filled (a model-free picture of the requested motion).
  6: optional common.Tensor warp_preview
  // UINT8 [H, W]: 255 where warp_preview shows reference pixels, 0 where
  // it was filled.
  7: optional common.Tensor warp_coverage
  // UINT8 [H, W, 3]: the moving objects' 3D bounding boxes as wireframes.
  8: optional common.Tensor box_wireframes
}
