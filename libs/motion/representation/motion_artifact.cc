#include "libs/motion/representation/motion_artifact.h"

#include <cstdint>
#include <vector>

#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::motion {
namespace {

using schema::DType;

std::string Str(size_t v) { return std::to_string(v); }

schema::MotionObject ToObject(const SceneObject& object) {
  schema::MotionObject out;
  out.__set_id(object.id);
  out.__set_name(object.name);
  out.__set_world_from_box(geometry::ToPose(object.world_from_box));
  out.__set_box_size(geometry::ToVec3(object.box_size));
  return out;
}

// A rank-2 [rows, cols] tensor of `dtype` (rows = -1: any), else an error.
template <typename T>
const T* Rows(const schema::Tensor& t, const std::string& what, int64_t rows, int64_t cols) {
  if (cols > 0) {
    CheckTensor(t, what, DTypeOf<T>::value, {rows, cols});
  } else {
    CheckTensor(t, what, DTypeOf<T>::value, {rows});
  }
  return TensorData<T>(t);
}

cv::Mat ReferenceImage(const schema::Tensor& t, int type, const std::string& what) {
  cv::Mat mat = MatFromTensor(t);
  if (mat.type() != type) {
    throw InvalidInputError(what + ": unexpected tensor " + DescribeTensor(t));
  }
  return mat.clone();
}

}  // namespace

MotionArtifact ToMotionArtifact(const MotionScene& scene, const schema::ArtifactHeader& header) {
  ValidateMotionScene(scene, "motion representation");
  const int64_t n = scene.point_count();
  const int64_t t_count = scene.frame_count();
  MotionArtifact out;
  out.header = header;
  schema::MotionRepresentationInfo& info = out.info;
  info.__set_intrinsics(geometry::ToIntrinsics(scene.reference_camera));
  info.__set_point_count(n);
  info.__set_frame_count(t_count);
  info.__set_fps(scene.fps);
  info.__set_source(scene.source);
  info.__set_convention(scene.convention);
  if (!scene.object_map_depth.empty()) {
    info.__set_object_map_depth(MakeTensor<float>({n}, scene.object_map_depth.data()));
  }

  std::vector<uint8_t> colors;
  std::vector<int32_t> ids;
  std::vector<float> radii;
  std::vector<float> pixels;
  colors.reserve(n * 3);
  pixels.reserve(n * 2);
  for (const ScenePoint& p : scene.points) {
    colors.insert(colors.end(), p.rgb.begin(), p.rgb.end());
    ids.push_back(p.object_id);
    radii.push_back(p.radius);
    pixels.push_back(p.reference_pixel.x());
    pixels.push_back(p.reference_pixel.y());
  }
  info.__set_colors(MakeTensor<uint8_t>({n, 3}, colors.data()));
  info.__set_instance_ids(MakeTensor<int32_t>({n}, ids.data()));
  info.__set_point_radii(MakeTensor<float>({n}, radii.data()));
  info.__set_reference_pixels(MakeTensor<float>({n, 2}, pixels.data()));
  if (!scene.reference_rgb.empty()) {
    info.__set_reference_image(TensorFromMat(scene.reference_rgb));
    info.__set_reference_depth(TensorFromMat(scene.reference_depth));
  }
  if (!scene.reference_labels.empty()) {
    info.__set_reference_labels(TensorFromMat(scene.reference_labels));
  }
  std::vector<schema::MotionObject> objects;
  for (const SceneObject& object : scene.objects) objects.push_back(ToObject(object));
  info.__set_objects(objects);
  const int64_t d_count = static_cast<int64_t>(scene.drags.size());
  std::vector<float> paths;
  std::vector<int32_t> drag_ids;
  paths.reserve(d_count * t_count * 3);
  for (const DragPath& drag : scene.drags) {
    drag_ids.push_back(drag.object_id);
    for (const Eigen::Vector3d& p : drag.world) {
      for (int k = 0; k < 3; ++k) paths.push_back(static_cast<float>(p[k]));
    }
  }
  info.__set_drag_paths_world(MakeTensor<float>({d_count, t_count, 3}, paths.data()));
  info.__set_drag_object_ids(MakeTensor<int32_t>({d_count}, drag_ids.data()));

  for (int64_t t = 0; t < t_count; ++t) {
    const SceneFrame& f = scene.frames[t];
    schema::MotionFrame frame;
    frame.__set_index(t);
    frame.__set_world_from_camera(geometry::ToPose(f.world_from_camera));
    frame.__set_intrinsics(geometry::ToIntrinsics(f.camera));
    std::vector<float> xyz;
    xyz.reserve(n * 3);
    for (const Eigen::Vector3f& p : f.points_world) xyz.insert(xyz.end(), p.data(), p.data() + 3);
    frame.__set_points_world(MakeTensor<float>({n, 3}, xyz.data()));
    frame.__set_visibility(MakeTensor<uint8_t>({n}, f.visible.data()));
    std::vector<schema::Pose> motions;
    for (const Eigen::Isometry3d& m : f.object_motions) motions.push_back(geometry::ToPose(m));
    frame.__set_object_motions(motions);
    out.frames.push_back(std::move(frame));
  }
  return out;
}

MotionScene FromMotionArtifact(const MotionArtifact& artifact, const std::string& what) {
  const schema::MotionRepresentationInfo& info = artifact.info;
  if (!info.__isset.intrinsics) throw InvalidInputError(what + ": no intrinsics");
  if (artifact.frames.empty()) throw InvalidInputError(what + ": no frames");
  MotionScene scene;
  scene.source = info.__isset.source ? info.source : "";
  scene.fps = info.__isset.fps ? info.fps : 8.0;
  scene.reference_camera = geometry::FromIntrinsics(info.intrinsics, what + ": intrinsics");
  const schema::MotionFrame& first = artifact.frames.front();
  if (!first.__isset.points_world) throw InvalidInputError(what + ": frame 0 has no points");
  CheckTensor(first.points_world, what + ": frame 0 points_world");
  if (first.points_world.shape.size() != 2) {
    throw InvalidInputError(what + ": frame 0 points_world must be [N, 3], got " +
                            DescribeTensor(first.points_world));
  }
  const int64_t n = first.points_world.shape[0];
  if (info.__isset.point_count && info.point_count != n) {
    throw InvalidInputError(what + ": point_count " + std::to_string(info.point_count) +
                            " but frame 0 has " + std::to_string(n) + " points");
  }
  const int64_t t_count = static_cast<int64_t>(artifact.frames.size());
  scene.points.resize(n);
  if (info.__isset.colors) {
    const uint8_t* c = Rows<uint8_t>(info.colors, what + ": colors", n, 3);
    for (int64_t i = 0; i < n; ++i) scene.points[i].rgb = {c[3 * i], c[3 * i + 1], c[3 * i + 2]};
  } else {
    for (ScenePoint& p : scene.points) p.rgb = {128, 128, 128};
  }
  if (info.__isset.instance_ids) {
    const int32_t* ids = Rows<int32_t>(info.instance_ids, what + ": instance_ids", n, 0);
    for (int64_t i = 0; i < n; ++i) scene.points[i].object_id = ids[i];
  }
  // Absent before schema 3: those artifacts were built the dolly way.
  scene.convention = info.__isset.convention ? info.convention : "dolly";
  if (info.__isset.object_map_depth) {
    const float* d = Rows<float>(info.object_map_depth, what + ": object_map_depth", n, 0);
    scene.object_map_depth.assign(d, d + n);
  }
  if (info.__isset.point_radii) {
    const float* r = Rows<float>(info.point_radii, what + ": point_radii", n, 0);
    for (int64_t i = 0; i < n; ++i) scene.points[i].radius = r[i];
  }
  for (const schema::MotionObject& o : info.objects) {
    SceneObject object;
    object.id = o.id;
    object.name = o.name;
    if (o.__isset.world_from_box) {
      object.world_from_box = geometry::FromPose(o.world_from_box, what + ": object box");
    }
    if (o.__isset.box_size) object.box_size = geometry::FromVec3(o.box_size, what + ": box size");
    scene.objects.push_back(object);
  }
  if (info.__isset.drag_paths_world) {
    CheckTensor(info.drag_paths_world, what + ": drag_paths_world", DType::FLOAT32, {-1, t_count, 3});
    const int64_t d_count = info.drag_paths_world.shape[0];
    const float* p = TensorData<float>(info.drag_paths_world);
    const int32_t* ids = info.__isset.drag_object_ids
                             ? Rows<int32_t>(info.drag_object_ids, what + ": drag_object_ids",
                                             d_count, 0)
                             : nullptr;
    for (int64_t d = 0; d < d_count; ++d) {
      DragPath drag;
      drag.object_id = ids ? ids[d] : -1;
      for (int64_t t = 0; t < t_count; ++t) {
        const float* q = p + (d * t_count + t) * 3;
        drag.world.emplace_back(q[0], q[1], q[2]);
      }
      scene.drags.push_back(std::move(drag));
    }
  }
  if (info.__isset.reference_image) {
    scene.reference_rgb = ReferenceImage(info.reference_image, CV_8UC3, what + ": reference_image");
  }
  if (info.__isset.reference_depth) {
    scene.reference_depth =
        ReferenceImage(info.reference_depth, CV_32FC1, what + ": reference_depth");
  }
  if (info.__isset.reference_labels) {
    scene.reference_labels =
        ReferenceImage(info.reference_labels, CV_32SC1, what + ": reference_labels");
  }

  for (int64_t t = 0; t < t_count; ++t) {
    const schema::MotionFrame& in = artifact.frames[t];
    const std::string where = what + ": frame " + std::to_string(t);
    SceneFrame f;
    if (!in.__isset.world_from_camera) throw InvalidInputError(where + ": no world_from_camera");
    f.world_from_camera = geometry::FromPose(in.world_from_camera, where + ": world_from_camera");
    f.camera = in.__isset.intrinsics ? geometry::FromIntrinsics(in.intrinsics, where)
                                     : scene.reference_camera;
    if (!in.__isset.points_world) throw InvalidInputError(where + ": no points_world");
    const float* xyz = Rows<float>(in.points_world, where + ": points_world", n, 3);
    f.points_world.resize(n);
    for (int64_t i = 0; i < n; ++i) f.points_world[i] = {xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]};
    if (in.__isset.visibility) {
      const uint8_t* v = Rows<uint8_t>(in.visibility, where + ": visibility", n, 0);
      f.visible.assign(v, v + n);
    } else {
      f.visible.assign(n, 1);
    }
    if (in.object_motions.size() != scene.objects.size()) {
      throw InvalidInputError(where + ": " + Str(in.object_motions.size()) +
                              " object motions for " + Str(scene.objects.size()) + " objects");
    }
    for (const schema::Pose& m : in.object_motions) {
      f.object_motions.push_back(geometry::FromPose(m, where + ": object motion"));
    }
    scene.frames.push_back(std::move(f));
  }
  // Schema 1 had no reference pixels: frame 0's projections are the same
  // thing for every point in front of the camera.
  if (info.__isset.reference_pixels) {
    const float* px = Rows<float>(info.reference_pixels, what + ": reference_pixels", n, 2);
    for (int64_t i = 0; i < n; ++i) scene.points[i].reference_pixel = {px[2 * i], px[2 * i + 1]};
  } else {
    const SceneFrame& f0 = scene.frames.front();
    const Eigen::Isometry3d camera_from_world = f0.world_from_camera.inverse();
    for (int64_t i = 0; i < n; ++i) {
      const Eigen::Vector3d c = camera_from_world * f0.points_world[i].cast<double>();
      if (c.z() > 0) scene.points[i].reference_pixel = f0.camera.Project(c).cast<float>();
    }
  }
  ValidateMotionScene(scene, what);
  return scene;
}

MotionScene ReadMotionScene(const std::string& path) {
  return FromMotionArtifact(artifact::ReadArtifact<schema::MotionRepresentationInfo>(path), path);
}

}  // namespace dolly::motion
