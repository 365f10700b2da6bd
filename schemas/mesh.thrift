include "common.thrift"
namespace cpp dolly.schema

// A triangle mesh. Faces wind counter-clockwise seen from outside.
struct Mesh {
  // FLOAT32 [V, 3].
  1: optional common.Tensor vertices
  // INT32 [F, 3].
  2: optional common.Tensor faces
  // UINT8 [V, 3] RGB.
  3: optional common.Tensor vertex_colors
  // INT32 [V]: which object each vertex belongs to (-1 none).
  4: optional common.Tensor vertex_object_ids
  5: optional list<string> object_names
}

// A mesh artifact has this one info record and no frames.
struct MeshInfo {
  1: optional Mesh mesh
}

// A mesh with fixed topology whose vertices move per frame.
struct AnimatedMeshInfo {
  1: optional Mesh rest
  2: optional i64 frame_count
  3: optional double fps
}

struct AnimatedMeshFrame {
  1: optional i64 index
  // FLOAT32 [V, 3] in the world frame.
  2: optional common.Tensor vertices
}
