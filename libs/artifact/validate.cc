#include "libs/artifact/validate.h"

#include <cmath>
#include <limits>
#include <set>

#include "libs/tensor/tensor.h"
#include "schemas/common_constants.h"

namespace dolly::artifact {
namespace {

[[noreturn]] void Fail(const std::string& where, const std::string& what) {
  throw InvalidInputError(where + ": " + what);
}

void Require(bool isset, const std::string& where, const char* field) {
  if (!isset) Fail(where, std::string("missing field '") + field + "'");
}

void RequireFinite(double v, const std::string& where, const char* field) {
  if (!std::isfinite(v)) Fail(where, std::string("field '") + field + "' is not finite");
}

void RequireEnum(int value, const std::map<int, const char*>& names, const std::string& where,
                 const char* field) {
  if (names.count(value) == 0) {
    Fail(where, std::string("field '") + field + "' has unknown value " + std::to_string(value));
  }
}

// Checks a tensor field; -1 in shape matches any size.
void Tensor(const schema::Tensor& t, bool isset, const std::string& where, const char* field,
            schema::DType::type dtype, const std::vector<int64_t>& shape, bool finite) {
  Require(isset, where, field);
  const std::string what = where + ": " + field;
  CheckTensor(t, what, dtype, shape);
  if (finite) CheckFinite(t, what);
}

int64_t Rows(const schema::Intrinsics& k, bool isset) { return isset ? k.height : -1; }
int64_t Cols(const schema::Intrinsics& k, bool isset) { return isset ? k.width : -1; }

void ValidateSize(int64_t width, int64_t height, const std::string& where) {
  if (width < 1 || height < 1 || width > 65536 || height > 65536) {
    Fail(where, "image size " + std::to_string(width) + "x" + std::to_string(height) +
                    " is outside 1..65536");
  }
}

void ValidateCount(bool isset, int64_t count, const std::string& where, const char* field) {
  if (isset && count < 0) Fail(where, std::string("negative ") + field);
}

void ValidateVec3(const schema::Vec3& v, const std::string& where, const char* field) {
  Require(v.__isset.x && v.__isset.y && v.__isset.z, where, field);
  if (!std::isfinite(v.x) || !std::isfinite(v.y) || !std::isfinite(v.z)) {
    Fail(where, std::string("field '") + field + "' is not finite");
  }
}

}  // namespace

void ValidateIntrinsics(const schema::Intrinsics& k, const std::string& where) {
  Require(k.__isset.fx && k.__isset.fy && k.__isset.cx && k.__isset.cy && k.__isset.width &&
              k.__isset.height,
          where, "intrinsics (fx fy cx cy width height)");
  RequireFinite(k.fx, where, "fx");
  RequireFinite(k.fy, where, "fy");
  RequireFinite(k.cx, where, "cx");
  RequireFinite(k.cy, where, "cy");
  if (k.fx <= 0 || k.fy <= 0) Fail(where, "focal lengths must be positive");
  ValidateSize(k.width, k.height, where);
}

void ValidatePose(const schema::Pose& pose, const std::string& where) {
  Require(pose.__isset.rotation && pose.__isset.translation, where, "pose rotation/translation");
  const schema::Quaternion& q = pose.rotation;
  Require(q.__isset.w && q.__isset.x && q.__isset.y && q.__isset.z, where, "quaternion w x y z");
  for (double v : {q.w, q.x, q.y, q.z}) RequireFinite(v, where, "rotation");
  const double norm = std::sqrt(q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z);
  if (std::abs(norm - 1.0) > schema::g_common_constants.UNIT_QUATERNION_TOLERANCE) {
    Fail(where, "rotation quaternion has norm " + std::to_string(norm) + ", expected 1");
  }
  ValidateVec3(pose.translation, where, "translation");
}

void ValidateMesh(const schema::Mesh& mesh, const std::string& where) {
  Tensor(mesh.vertices, mesh.__isset.vertices, where, "vertices", schema::DType::FLOAT32, {-1, 3},
         true);
  const int64_t v = mesh.vertices.shape[0];
  Tensor(mesh.faces, mesh.__isset.faces, where, "faces", schema::DType::INT32, {-1, 3}, false);
  const int32_t* faces = TensorData<int32_t>(mesh.faces);
  for (int64_t i = 0, n = mesh.faces.shape[0] * 3; i < n; ++i) {
    if (faces[i] < 0 || faces[i] >= v) {
      Fail(where, "face " + std::to_string(i / 3) + " refers to vertex " +
                      std::to_string(faces[i]) + " of " + std::to_string(v));
    }
  }
  if (mesh.__isset.vertex_colors) {
    Tensor(mesh.vertex_colors, true, where, "vertex_colors", schema::DType::UINT8, {v, 3}, false);
  }
  if (mesh.__isset.vertex_object_ids) {
    Tensor(mesh.vertex_object_ids, true, where, "vertex_object_ids", schema::DType::INT32, {v},
           false);
  }
}

// ------------------------------------------------------------ depth

void ValidateInfo(const schema::DepthSequenceInfo& info, const std::string& where) {
  Require(info.__isset.kind, where, "kind");
  RequireEnum(info.kind, schema::_DepthKind_VALUES_TO_NAMES, where,
                                       "kind");
  if (info.__isset.scale) RequireFinite(info.scale, where, "scale");
  if (info.__isset.shift) RequireFinite(info.shift, where, "shift");
  if (info.__isset.intrinsics) ValidateIntrinsics(info.intrinsics, where + ": intrinsics");
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
}

void ValidateFrame(const schema::DepthSequenceInfo& info, const schema::DepthFrame& frame,
                   const std::string& where) {
  const schema::Intrinsics& k = frame.__isset.intrinsics ? frame.intrinsics : info.intrinsics;
  const bool has_k = frame.__isset.intrinsics || info.__isset.intrinsics;
  if (frame.__isset.intrinsics) ValidateIntrinsics(frame.intrinsics, where + ": intrinsics");
  Tensor(frame.depth, frame.__isset.depth, where, "depth", schema::DType::FLOAT32,
         {Rows(k, has_k), Cols(k, has_k)}, false);
  CheckFiniteNonNegative(frame.depth, where + ": depth");
  if (frame.__isset.confidence) {
    Tensor(frame.confidence, true, where, "confidence", schema::DType::FLOAT32,
           frame.depth.shape, true);
  }
}

// ------------------------------------------------------------ tracks

void ValidateInfo(const schema::TrackSetInfo& info, const std::string& where) {
  Require(info.__isset.track_count, where, "track_count");
  ValidateCount(true, info.track_count, where, "track_count");
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
  if (info.__isset.intrinsics) ValidateIntrinsics(info.intrinsics, where + ": intrinsics");
  const int64_t n = info.track_count;
  if (info.__isset.query_frames) {
    Tensor(info.query_frames, true, where, "query_frames", schema::DType::INT64, {n}, false);
  }
  if (info.__isset.instance_ids) {
    Tensor(info.instance_ids, true, where, "instance_ids", schema::DType::INT32, {n}, false);
  }
  if (info.__isset.labels) {
    Tensor(info.labels, true, where, "labels", schema::DType::UINT8, {n}, false);
    for (uint8_t label : info.labels.data) {
      if (label > schema::TrackLabel::DYNAMIC) Fail(where, "labels: unknown label value");
    }
  }
}

void ValidateFrame(const schema::TrackSetInfo& info, const schema::TrackFrame& frame,
                   const std::string& where) {
  const int64_t n = info.track_count;
  Tensor(frame.visibility, frame.__isset.visibility, where, "visibility", schema::DType::UINT8,
         {n}, false);
  Tensor(frame.positions, frame.__isset.positions, where, "positions", schema::DType::FLOAT32,
         {n, 2}, false);
  // Positions of invisible tracks may be NaN (e.g. behind the camera).
  const float* p = TensorData<float>(frame.positions);
  for (int64_t i = 0; i < n; ++i) {
    if (frame.visibility.data[i] != 0 && !(std::isfinite(p[2 * i]) && std::isfinite(p[2 * i + 1]))) {
      Fail(where, "positions: visible track " + std::to_string(i) + " is not finite");
    }
  }
  if (frame.__isset.confidence) {
    Tensor(frame.confidence, true, where, "confidence", schema::DType::FLOAT32, {n}, true);
  }
  if (info.__isset.has_points_3d && info.has_points_3d) {
    Require(frame.__isset.points_world, where, "points_world");
  }
  if (frame.__isset.points_world) {
    Tensor(frame.points_world, true, where, "points_world", schema::DType::FLOAT32, {n, 3}, true);
  }
}

// ------------------------------------------------------------ camera

void ValidateInfo(const schema::CameraTrajectoryInfo& info, const std::string& where) {
  if (info.__isset.intrinsics) ValidateIntrinsics(info.intrinsics, where + ": intrinsics");
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
  if (info.__isset.scale_kind) {
    RequireEnum(info.scale_kind, schema::_ScaleKind_VALUES_TO_NAMES, where, "scale_kind");
  }
  // Coverage of the frames is checked where segments are used
  // (trajectory::TrajectorySegments): the frame count is not known here.
  for (size_t i = 0; i < info.segments.size(); ++i) {
    const schema::CameraSegment& segment = info.segments[i];
    const std::string at = where + ": segments[" + std::to_string(i) + "]";
    if (segment.__isset.motion) {
      RequireEnum(segment.motion, schema::_MotionKind_VALUES_TO_NAMES, at, "motion");
    }
  }
}

void ValidateFrame(const schema::CameraTrajectoryInfo& info, const schema::CameraFrame& frame,
                   const std::string& where) {
  Require(frame.__isset.world_from_camera, where, "world_from_camera");
  ValidatePose(frame.world_from_camera, where + ": world_from_camera");
  if (frame.__isset.intrinsics) ValidateIntrinsics(frame.intrinsics, where + ": intrinsics");
  if (frame.__isset.segment) {
    const int64_t count = info.__isset.segments ? static_cast<int64_t>(info.segments.size()) : 1;
    if (frame.segment < 0 || frame.segment >= count) {
      Fail(where, "field 'segment' is " + std::to_string(frame.segment) + " but there are " +
                      std::to_string(count) + " segment(s)");
    }
  }
  if (frame.__isset.quality) {
    RequireFinite(frame.quality.reprojection_rms_px, where, "quality.reprojection_rms_px");
    RequireFinite(frame.quality.parallax_deg, where, "quality.parallax_deg");
  }
}

// ------------------------------------------------------------ motion

void ValidateInfo(const schema::MotionRepresentationInfo& info, const std::string& where) {
  Require(info.__isset.point_count, where, "point_count");
  ValidateCount(true, info.point_count, where, "point_count");
  if (info.__isset.intrinsics) ValidateIntrinsics(info.intrinsics, where + ": intrinsics");
  if (info.__isset.colors) {
    Tensor(info.colors, true, where, "colors", schema::DType::UINT8, {info.point_count, 3}, false);
  }
  if (info.__isset.instance_ids) {
    Tensor(info.instance_ids, true, where, "instance_ids", schema::DType::INT32,
           {info.point_count}, false);
  }
  if (info.__isset.point_radii) {
    Tensor(info.point_radii, true, where, "point_radii", schema::DType::FLOAT32,
           {info.point_count}, true);
  }
  if (info.__isset.reference_pixels) {
    Tensor(info.reference_pixels, true, where, "reference_pixels", schema::DType::FLOAT32,
           {info.point_count, 2}, true);
  }
  const int64_t rows = Rows(info.intrinsics, info.__isset.intrinsics);
  const int64_t cols = Cols(info.intrinsics, info.__isset.intrinsics);
  if (info.__isset.reference_image) {
    Tensor(info.reference_image, true, where, "reference_image", schema::DType::UINT8,
           {rows, cols, 3}, false);
  }
  if (info.__isset.reference_depth) {
    Tensor(info.reference_depth, true, where, "reference_depth", schema::DType::FLOAT32,
           {rows, cols}, true);
  }
  if (info.__isset.reference_labels) {
    Tensor(info.reference_labels, true, where, "reference_labels", schema::DType::INT32,
           {rows, cols}, false);
  }
  if (info.__isset.drag_paths_world) {
    Tensor(info.drag_paths_world, true, where, "drag_paths_world", schema::DType::FLOAT32,
           {-1, info.__isset.frame_count ? info.frame_count : -1, 3}, true);
  }
  if (info.__isset.drag_object_ids) {
    const int64_t drags = info.__isset.drag_paths_world && !info.drag_paths_world.shape.empty()
                              ? info.drag_paths_world.shape[0]
                              : -1;
    Tensor(info.drag_object_ids, true, where, "drag_object_ids", schema::DType::INT32, {drags},
           false);
  }
  if (info.__isset.object_map_depth) {
    Tensor(info.object_map_depth, true, where, "object_map_depth", schema::DType::FLOAT32,
           {info.point_count}, true);
    const float* d = TensorData<float>(info.object_map_depth);
    for (int64_t i = 0; i < info.point_count; ++i) {
      if (!(d[i] >= 0.0f && d[i] <= 1.0f)) Fail(where, "object_map_depth: value outside [0, 1]");
    }
  }
  if (info.__isset.convention && info.convention != "dolly" && info.convention != "pac") {
    Fail(where, "convention: \"" + info.convention + "\" is not one of: dolly, pac");
  }
  for (const schema::MotionObject& object : info.objects) {
    if (object.__isset.world_from_box) ValidatePose(object.world_from_box, where + ": object box");
  }
}

void ValidateFrame(const schema::MotionRepresentationInfo& info, const schema::MotionFrame& frame,
                   const std::string& where) {
  Require(frame.__isset.world_from_camera, where, "world_from_camera");
  ValidatePose(frame.world_from_camera, where + ": world_from_camera");
  Tensor(frame.points_world, frame.__isset.points_world, where, "points_world",
         schema::DType::FLOAT32, {info.point_count, 3}, true);
  if (frame.__isset.intrinsics) ValidateIntrinsics(frame.intrinsics, where + ": intrinsics");
  if (frame.__isset.visibility) {
    Tensor(frame.visibility, true, where, "visibility", schema::DType::UINT8, {info.point_count},
           false);
  }
  if (frame.__isset.object_motions && frame.object_motions.size() != info.objects.size()) {
    Fail(where, std::to_string(frame.object_motions.size()) + " object motions for " +
                    std::to_string(info.objects.size()) + " objects");
  }
  for (const schema::Pose& motion : frame.object_motions) {
    ValidatePose(motion, where + ": object motion");
  }
}

// ------------------------------------------------------------ control

void ValidateInfo(const schema::ControlSignalsInfo& info, const std::string& where) {
  Require(info.__isset.width && info.__isset.height, where, "width/height");
  ValidateSize(info.width, info.height, where);
}

void ValidateFrame(const schema::ControlSignalsInfo& info, const schema::ControlFrame& frame,
                   const std::string& where) {
  const std::vector<int64_t> shape = {info.height, info.width, 3};
  if (frame.__isset.object_map) {
    Tensor(frame.object_map, true, where, "object_map", schema::DType::UINT8, shape, false);
  }
  if (frame.__isset.camera_map) {
    Tensor(frame.camera_map, true, where, "camera_map", schema::DType::UINT8, shape, false);
  }
  if (frame.__isset.trajectory_map) {
    Tensor(frame.trajectory_map, true, where, "trajectory_map", schema::DType::UINT8, shape,
           false);
  }
  const std::vector<int64_t> plane = {info.height, info.width};
  if (frame.__isset.depth) {
    Tensor(frame.depth, true, where, "depth", schema::DType::FLOAT32, plane, true);
  }
  if (frame.__isset.warp_preview) {
    Tensor(frame.warp_preview, true, where, "warp_preview", schema::DType::UINT8, shape, false);
  }
  if (frame.__isset.warp_coverage) {
    Tensor(frame.warp_coverage, true, where, "warp_coverage", schema::DType::UINT8, plane, false);
  }
  if (frame.__isset.box_wireframes) {
    Tensor(frame.box_wireframes, true, where, "box_wireframes", schema::DType::UINT8, shape,
           false);
  }
}

// ------------------------------------------------------------ video

void ValidateInfo(const schema::VideoInfo& info, const std::string& where) {
  Require(info.__isset.width && info.__isset.height, where, "width/height");
  ValidateSize(info.width, info.height, where);
  if (info.__isset.fps && !(std::isfinite(info.fps) && info.fps > 0)) {
    Fail(where, "fps must be positive");
  }
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
}

void ValidateFrame(const schema::VideoInfo& info, const schema::VideoFrame& frame,
                   const std::string& where) {
  Tensor(frame.image, frame.__isset.image, where, "image", schema::DType::UINT8,
         {info.height, info.width, 3}, false);
}

// ------------------------------------------------------------ meshes

void ValidateInfo(const schema::MeshInfo& info, const std::string& where) {
  Require(info.__isset.mesh, where, "mesh");
  ValidateMesh(info.mesh, where + ": mesh");
}

void ValidateInfo(const schema::AnimatedMeshInfo& info, const std::string& where) {
  Require(info.__isset.rest, where, "rest");
  ValidateMesh(info.rest, where + ": rest");
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
}

void ValidateFrame(const schema::AnimatedMeshInfo& info, const schema::AnimatedMeshFrame& frame,
                   const std::string& where) {
  Tensor(frame.vertices, frame.__isset.vertices, where, "vertices", schema::DType::FLOAT32,
         {info.rest.vertices.shape[0], 3}, true);
}

// ------------------------------------------------------------ metrics

void ValidateInfo(const schema::MetricsInfo& info, const std::string& where) {
  for (size_t i = 0; i < info.metrics.size(); ++i) {
    const std::string at = where + ": metric " + std::to_string(i);
    Require(info.metrics[i].__isset.name && !info.metrics[i].name.empty(), at, "name");
    Require(info.metrics[i].__isset.value, at, "value");
    RequireFinite(info.metrics[i].value, at, "value");
  }
}

// ------------------------------------------------------------ ground truth

void ValidateInfo(const schema::SceneGroundTruthInfo& info, const std::string& where) {
  if (info.__isset.intrinsics) ValidateIntrinsics(info.intrinsics, where + ": intrinsics");
  ValidateCount(info.__isset.frame_count, info.frame_count, where, "frame_count");
  std::set<int32_t> ids;
  for (const schema::SceneObject& object : info.objects) {
    Require(object.__isset.id, where, "object id");
    if (object.id < 1 || object.id > 65535 || !ids.insert(object.id).second) {
      Fail(where, "object id " + std::to_string(object.id) + " is out of 1..65535 or repeated");
    }
    if (object.__isset.shape) {
      RequireEnum(object.shape, schema::_ObjectShape_VALUES_TO_NAMES,
                                             where, "shape");
    }
  }
}

void ValidateFrame(const schema::SceneGroundTruthInfo& info,
                   const schema::SceneGroundTruthFrame& frame, const std::string& where) {
  if (frame.__isset.instance_mask) {
    Tensor(frame.instance_mask, true, where, "instance_mask", schema::DType::UINT16,
           {Rows(info.intrinsics, info.__isset.intrinsics),
            Cols(info.intrinsics, info.__isset.intrinsics)},
           false);
  }
  for (const schema::Box3D& box : frame.boxes) {
    Require(box.__isset.world_from_object, where, "box world_from_object");
    ValidatePose(box.world_from_object, where + ": box");
    ValidateVec3(box.size, where + ": box", "size");
  }
}

}  // namespace dolly::artifact
