include "common.thrift"
namespace cpp dolly.schema

// The 3D motion representation: points in the world frame that move per
// frame, seen by a camera per frame. Written by dolly-motion from a reference
// image + intentions or from a driving video; read by dolly-render.

// One moving object: an instance of the reference's label image, or a group
// of a driving video's dynamic tracks. (Schema version 2.)
struct MotionObject {
  // The label value (image) or object id (driving video); matches instance_ids.
  1: optional i32 id
  2: optional string name
  // Oriented 3D box around the object's points at frame 0, world frame: the
  // box spans [-box_size/2, box_size/2] in its own frame.
  3: optional common.Pose world_from_box
  4: optional common.Vec3 box_size
}

struct MotionRepresentationInfo {
  // The reference camera (frame 0). Frames may override it (zoom).
  1: optional common.Intrinsics intrinsics
  2: optional i64 point_count
  3: optional i64 frame_count
  // UINT8 [N, 3] RGB colour of each point.
  4: optional common.Tensor colors
  // INT32 [N] instance id of each point (-1 background).
  5: optional common.Tensor instance_ids
  6: optional double fps
  // Fields 7-15: schema version 2.
  // FLOAT32 [N] radius of each point's sphere, world units.
  7: optional common.Tensor point_radii
  // FLOAT32 [N, 2] each point's pixel (x0, y0) in the reference image: its
  // colour code in the object map.
  8: optional common.Tensor reference_pixels
  // UINT8 [H, W, 3] RGB reference image (frame 0), for the warp preview.
  9: optional common.Tensor reference_image
  // FLOAT32 [H, W] z-depth of the reference image (0 = unknown).
  10: optional common.Tensor reference_depth
  // INT32 [H, W] instance label of each reference pixel (0 = none); pixels
  // of a moving object follow its motion in the warp preview.
  11: optional common.Tensor reference_labels
  12: optional list<MotionObject> objects
  // FLOAT32 [D, T, 3] world positions per frame of D drag paths (the user's
  // drags, or a driving object's centroid path): the trajectory map.
  13: optional common.Tensor drag_paths_world
  // INT32 [D] object id each drag path belongs to (-1 none).
  14: optional common.Tensor drag_object_ids
  // "intentions" or "driving_video".
  15: optional string source
  // Fields 16-17: schema version 3.
  // "dolly" (absent = dolly) or "pac": built the way Perception-as-Control's
  // inference builds its inputs (its preset poses and interpolation, its
  // query grid, points lifted through its fixed pinhole), so that the same
  // image, depth and poses give PAC's object map.
  16: optional string convention
  // FLOAT32 [N] each point's normalised depth in [0, 1] for the object
  // map's disc size (0 = nearest). Absent: dolly-render normalises the
  // points' frame-0 depths itself.
  17: optional common.Tensor object_map_depth
}

struct MotionFrame {
  1: optional i64 index
  2: optional common.Pose world_from_camera
  // FLOAT32 [N, 3] point positions in the world frame.
  3: optional common.Tensor points_world
  // Fields 4-6: schema version 2.
  // This frame's camera (zoom changes the focal length); info.intrinsics
  // when absent.
  4: optional common.Intrinsics intrinsics
  // UINT8 [N] 1 where the point exists at this frame, 0 where it is not
  // known (a driving-video track that is hidden or lost). All 1 when absent.
  5: optional common.Tensor visibility
  // One per info.objects entry, same order: the rigid motion taking the
  // object's frame-0 world points to this frame (world_t_from_world_0).
  6: optional list<common.Pose> object_motions
}
