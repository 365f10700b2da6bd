// Shared records of every dolly artifact: header, tensor, camera, pose.
// Rules (see CHANGES.md): never reuse or renumber a field id; every field is
// optional; log every change in CHANGES.md and keep a golden file per version.
namespace cpp dolly.schema

// Version of the record layout inside artifacts written by this build.
const i32 SCHEMA_VERSION = 4

// A Pose's rotation must have |q| within this of 1 (readers normalise it).
const double UNIT_QUATERNION_TOLERANCE = 1e-5

enum ArtifactKind {
  DEPTH_SEQUENCE = 1,
  TRACK_SET = 2,
  CAMERA_TRAJECTORY = 3,
  MOTION_REPRESENTATION = 4,
  CONTROL_SIGNALS = 5,
  VIDEO = 6,
  MESH = 7,
  ANIMATED_MESH = 8,
  METRICS = 9,
  SCENE_GROUND_TRUTH = 10,
}

enum DType {
  UINT8 = 1,
  UINT16 = 2,
  INT32 = 3,
  INT64 = 4,
  FLOAT32 = 5,
  FLOAT64 = 6,
}

// A dense array: little-endian elements in row-major (C) order.
// data holds exactly product(shape) * sizeof(dtype) bytes.
struct Tensor {
  1: optional DType dtype
  2: optional list<i64> shape
  3: optional binary data
}

// Pinhole camera. Pixel (0,0) is the centre of the top-left pixel; camera
// frame x right, y down, z forward.
struct Intrinsics {
  1: optional double fx
  2: optional double fy
  3: optional double cx
  4: optional double cy
  5: optional i32 width
  6: optional i32 height
}

struct Vec3 {
  1: optional double x
  2: optional double y
  3: optional double z
}

// Unit quaternion, Hamilton convention, scalar first.
struct Quaternion {
  1: optional double w
  2: optional double x
  3: optional double y
  4: optional double z
}

// A rigid transform target_from_source: p_target = rotation * p_source + translation.
// The field holding a Pose names its frames, e.g. world_from_camera.
struct Pose {
  1: optional Quaternion rotation
  2: optional Vec3 translation
}

// Content digest of a file an artifact was made from.
struct InputDigest {
  1: optional string role
  2: optional string path
  3: optional string sha256
}

// First record of every artifact: what it is and where it came from.
struct ArtifactHeader {
  1: optional ArtifactKind kind
  2: optional i32 schema_version
  3: optional string tool_name
  4: optional string tool_version
  5: optional map<string, string> parameters
  6: optional list<InputDigest> inputs
  7: optional i64 seed
}

// Last record of every artifact; a file without it is truncated.
struct ArtifactEnd {
  1: optional i64 frame_count
}

// Where the unit of length of a trajectory (and of the depth that comes with
// it) comes from.
enum ScaleKind {
  // Metric depth was given to the estimator (dolly-odometry --depth).
  GIVEN_DEPTH = 1,
  // Monocular: the first baseline of each segment has length 1; consistent
  // within a segment, arbitrary between segments.
  FIRST_BASELINE = 2,
  // Monocular, rescaled to a metric DepthSequence (--scale-from depth).
  METRIC_DEPTH = 3,
  // Monocular, rescaled to a relative model depth aligned to the sparse points.
  ALIGNED_MODEL_DEPTH = 4,
  // Monocular, rescaled so the camera is a given height above the ground plane.
  CAMERA_HEIGHT = 5,
}
