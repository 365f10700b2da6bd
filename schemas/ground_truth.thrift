include "common.thrift"
namespace cpp dolly.schema

enum ObjectShape {
  GROUND = 1,
  BACKDROP = 2,
  BOX = 3,
  SPHERE = 4,
  CYLINDER = 5,
}

struct SceneObject {
  // Instance id as used in masks and tracks; 0 is reserved for "nothing".
  1: optional i32 id
  2: optional string name
  3: optional ObjectShape shape
  4: optional bool rigid
  // Full extent of the object's box in its own frame.
  5: optional common.Vec3 size
}

// The 3D box of one object in one frame.
struct Box3D {
  1: optional i32 object_id
  2: optional common.Pose world_from_object
  3: optional common.Vec3 size
}

// What dolly-synth knows of a scene beyond depth, tracks, camera and mesh.
struct SceneGroundTruthInfo {
  1: optional list<SceneObject> objects
  2: optional common.Intrinsics intrinsics
  3: optional i64 frame_count
  4: optional double fps
  // The recipe the scene was rendered from (JSON text) and its seed.
  5: optional string recipe
  6: optional i64 seed
  // Multi-view rig: number of cameras (1 for a single camera).
  7: optional i32 view_count
}

struct SceneGroundTruthFrame {
  1: optional i64 index
  // UINT16 [H, W]: object id per pixel, 0 = nothing.
  2: optional common.Tensor instance_mask
  3: optional list<Box3D> boxes
}
