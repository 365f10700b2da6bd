#include "libs/artifact/test_artifacts.h"

#include <cmath>
#include <cstring>

#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/tensor/tensor.h"

namespace dolly::artifact::testing {
namespace {

schema::Intrinsics Camera(int width, int height) {
  return MakeIntrinsics(width, width, (width - 1) / 2.0, (height - 1) / 2.0, width, height);
}

// A rotation of `angle` radians about +y, moved `t` along x.
schema::Pose Pose(double angle, double t) {
  return MakePose(MakeQuaternion(std::cos(angle / 2), 0, std::sin(angle / 2), 0),
                  MakeVec3(t, 0, 0));
}

schema::Vec3 Vec(double x, double y, double z) { return MakeVec3(x, y, z); }

schema::ArtifactHeader Header(int schema_version = 1) {
  schema::ArtifactHeader header = MakeHeader("dolly-test", {{"purpose", "test"}}, 7);
  schema::InputDigest input;
  input.__set_role("image");
  input.__set_path("input.png");
  input.__set_sha256(std::string(64, '0'));
  header.__set_inputs({input});
  // Stamp the version the golden files were written with, not the build's.
  header.__set_tool_version("0." + std::to_string(schema_version) + ".0");
  return header;
}

schema::Tensor Image(int width, int height, int seed) {
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height * 3);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>((i * 7 + seed * 31) % 256);
  return MakeTensor<uint8_t>({height, width, 3}, pixels.data());
}

schema::Mesh Tetrahedron() {
  const std::vector<float> vertices = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  const std::vector<int32_t> faces = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
  const std::vector<uint8_t> colors = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
  schema::Mesh mesh;
  mesh.__set_vertices(MakeTensor<float>({4, 3}, vertices.data()));
  mesh.__set_faces(MakeTensor<int32_t>({4, 3}, faces.data()));
  mesh.__set_vertex_colors(MakeTensor<uint8_t>({4, 3}, colors.data()));
  mesh.__set_vertex_object_ids(MakeTensor(std::vector<int32_t>{1, 1, 1, 1}));
  mesh.__set_object_names({"tetrahedron"});
  return mesh;
}

}  // namespace

Artifact<schema::DepthSequenceInfo> MakeDepthSequence(int width, int height, int frames) {
  Artifact<schema::DepthSequenceInfo> a;
  a.header = Header();
  a.info.__set_kind(schema::DepthKind::METRIC);
  a.info.__set_scale(1.0);
  a.info.__set_shift(0.0);
  a.info.__set_intrinsics(Camera(width, height));
  a.info.__set_frame_count(frames);
  a.info.__set_fps(8);
  for (int t = 0; t < frames; ++t) {
    std::vector<float> depth(static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) depth[y * width + x] = 1.f + 0.01f * x + 0.02f * y + 0.5f * t;
    }
    schema::DepthFrame frame;
    frame.__set_index(t);
    frame.__set_timestamp(t / 8.0);
    frame.__set_depth(MakeTensor<float>({height, width}, depth.data()));
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::TrackSetInfo> MakeTrackSet() {
  Artifact<schema::TrackSetInfo> a;
  a.header = Header();
  a.info.__set_track_count(3);
  a.info.__set_frame_count(2);
  a.info.__set_intrinsics(Camera(8, 6));
  a.info.__set_query_frames(MakeTensor(std::vector<int64_t>{0, 0, 1}));
  a.info.__set_instance_ids(MakeTensor(std::vector<int32_t>{1, 2, -1}));
  a.info.__set_labels(MakeTensor(std::vector<uint8_t>{1, 2, 0}));
  a.info.__set_has_points_3d(true);
  a.info.__set_fps(8);
  for (int t = 0; t < 2; ++t) {
    schema::TrackFrame frame;
    frame.__set_index(t);
    const std::vector<float> positions = {1.f + t, 2.f, 3.5f, 4.25f + t, NAN, NAN};
    frame.__set_positions(MakeTensor<float>({3, 2}, positions.data()));
    frame.__set_visibility(MakeTensor(std::vector<uint8_t>{1, 1, 0}));
    frame.__set_confidence(MakeTensor(std::vector<float>{1.f, 0.5f, 0.f}));
    const std::vector<float> points = {0, 0, 2, 1, 1, 3, 0, 0, -1};
    frame.__set_points_world(MakeTensor<float>({3, 3}, points.data()));
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::CameraTrajectoryInfo> MakeCameraTrajectory(int schema_version) {
  Artifact<schema::CameraTrajectoryInfo> a;
  a.header = Header();
  a.info.__set_intrinsics(Camera(8, 6));
  a.info.__set_frame_count(3);
  a.info.__set_fps(8);
  a.info.__set_world_frame(schema_version >= 4 ? "camera of each segment's first frame"
                                               : "camera of frame 0");
  if (schema_version >= 4) {
    // Two shots: frames 0-1 moving, frame 2 a rotation-only shot.
    a.info.__set_scale_kind(schema::ScaleKind::FIRST_BASELINE);
    a.info.__set_focal_estimated(true);
    std::vector<schema::CameraSegment> segments(2);
    segments[0].__set_first_frame(0);
    segments[0].__set_frame_count(2);
    segments[0].__set_motion(schema::MotionKind::GENERAL);
    segments[0].__set_depth_observable(true);
    segments[1].__set_first_frame(2);
    segments[1].__set_frame_count(1);
    segments[1].__set_motion(schema::MotionKind::ROTATION_ONLY);
    segments[1].__set_depth_observable(false);
    a.info.__set_segments(segments);
  }
  for (int t = 0; t < 3; ++t) {
    schema::CameraFrame frame;
    frame.__set_index(t);
    frame.__set_timestamp(t / 8.0);
    frame.__set_world_from_camera(Pose(0.1 * t, 0.25 * t));
    if (schema_version >= 4) {
      frame.__set_segment(t < 2 ? 0 : 1);
      schema::FrameQuality quality;
      quality.__set_tracked(40 - t);
      quality.__set_inliers(30 - t);
      quality.__set_reprojection_rms_px(0.25 + 0.125 * t);
      quality.__set_parallax_deg(t < 2 ? 1.5 * t : 0.0);
      frame.__set_quality(quality);
    }
    if (schema_version >= 4 && t == 1) frame.__set_lost(true);
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::DepthSequenceInfo> MakeSparseDepthSequence() {
  Artifact<schema::DepthSequenceInfo> a = MakeDepthSequence(8, 6, 2);
  a.info.__set_sparse(true);
  a.info.__set_scale_kind(schema::ScaleKind::FIRST_BASELINE);
  // Keep every fifth pixel: the others are "no measurement" (0).
  for (schema::DepthFrame& frame : a.frames) {
    std::vector<float> depth(48);
    std::memcpy(depth.data(), frame.depth.data.data(), depth.size() * sizeof(float));
    for (size_t i = 0; i < depth.size(); ++i) {
      if (i % 5 != 0) depth[i] = 0.f;
    }
    frame.__set_depth(MakeTensor<float>({6, 8}, depth.data()));
  }
  return a;
}

Artifact<schema::MotionRepresentationInfo> MakeMotionRepresentation(int schema_version) {
  Artifact<schema::MotionRepresentationInfo> a;
  a.header = Header(schema_version);
  a.info.__set_intrinsics(Camera(8, 6));
  a.info.__set_point_count(2);
  a.info.__set_frame_count(2);
  a.info.__set_colors(MakeTensor<uint8_t>({2, 3}, std::vector<uint8_t>{255, 0, 0, 0, 0, 255}.data()));
  a.info.__set_instance_ids(MakeTensor(std::vector<int32_t>{-1, 1}));
  a.info.__set_fps(8);
  if (schema_version >= 2) {
    a.info.__set_point_radii(MakeTensor(std::vector<float>{0.125f, 0.25f}));
    a.info.__set_reference_pixels(
        MakeTensor<float>({2, 2}, std::vector<float>{3.5f, 2.5f, 3.5f, 2.5f}.data()));
    a.info.__set_reference_image(Image(8, 6, 3));
    std::vector<float> depth(48, 2.0f);
    a.info.__set_reference_depth(MakeTensor<float>({6, 8}, depth.data()));
    std::vector<int32_t> labels(48, 0);
    labels[3 * 8 + 3] = 1;
    a.info.__set_reference_labels(MakeTensor<int32_t>({6, 8}, labels.data()));
    schema::MotionObject object;
    object.__set_id(1);
    object.__set_name("object 1");
    object.__set_world_from_box(Pose(0, 0));
    object.__set_box_size(Vec(0.5, 0.5, 0.5));
    a.info.__set_objects({object});
    a.info.__set_drag_paths_world(
        MakeTensor<float>({1, 2, 3}, std::vector<float>{0, 0, 3, 0.1f, 0, 3}.data()));
    a.info.__set_drag_object_ids(MakeTensor(std::vector<int32_t>{1}));
    a.info.__set_source("intentions");
  }
  if (schema_version >= 3) {
    a.info.__set_convention("pac");
    a.info.__set_object_map_depth(MakeTensor(std::vector<float>{0.0f, 0.75f}));
  }
  for (int t = 0; t < 2; ++t) {
    schema::MotionFrame frame;
    frame.__set_index(t);
    frame.__set_world_from_camera(Pose(0, 0.1 * t));
    const std::vector<float> points = {0, 0, 2, 0.1f * t, 0, 3};
    frame.__set_points_world(MakeTensor<float>({2, 3}, points.data()));
    if (schema_version >= 2) {
      schema::Intrinsics zoomed = Camera(8, 6);
      zoomed.__set_fx(8 + t);
      zoomed.__set_fy(8 + t);
      frame.__set_intrinsics(zoomed);
      frame.__set_visibility(MakeTensor(std::vector<uint8_t>{1, static_cast<uint8_t>(1 - t)}));
      frame.__set_object_motions({Pose(0, 0.1 * t)});
    }
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::ControlSignalsInfo> MakeControlSignals(int schema_version) {
  Artifact<schema::ControlSignalsInfo> a;
  a.header = Header(schema_version);
  a.info.__set_width(8);
  a.info.__set_height(6);
  a.info.__set_frame_count(2);
  a.info.__set_fps(8);
  if (schema_version >= 2) {
    a.info.__set_object_map_mode("pac");
    a.info.__set_camera_map_mode("intrinsics");
  }
  if (schema_version >= 3) {
    a.info.__set_camera_map_mode("pac");
    a.info.__set_trajectory_map_mode("posetraj");
  }
  for (int t = 0; t < 2; ++t) {
    schema::ControlFrame frame;
    frame.__set_index(t);
    frame.__set_object_map(Image(8, 6, t));
    frame.__set_camera_map(Image(8, 6, t + 10));
    if (schema_version >= 2) {
      frame.__set_trajectory_map(Image(8, 6, t + 20));
      std::vector<float> depth(48, 2.0f + t);
      frame.__set_depth(MakeTensor<float>({6, 8}, depth.data()));
      frame.__set_warp_preview(Image(8, 6, t + 30));
      std::vector<uint8_t> coverage(48, 255);
      coverage[t] = 0;
      frame.__set_warp_coverage(MakeTensor<uint8_t>({6, 8}, coverage.data()));
      frame.__set_box_wireframes(Image(8, 6, t + 40));
    }
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::VideoInfo> MakeVideo() {
  Artifact<schema::VideoInfo> a;
  a.header = Header();
  a.info.__set_width(8);
  a.info.__set_height(6);
  a.info.__set_fps(8);
  a.info.__set_frame_count(2);
  for (int t = 0; t < 2; ++t) {
    schema::VideoFrame frame;
    frame.__set_index(t);
    frame.__set_timestamp(t / 8.0);
    frame.__set_image(Image(8, 6, t));
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::MeshInfo> MakeMesh() {
  Artifact<schema::MeshInfo> a;
  a.header = Header();
  a.info.__set_mesh(Tetrahedron());
  return a;
}

Artifact<schema::AnimatedMeshInfo> MakeAnimatedMesh() {
  Artifact<schema::AnimatedMeshInfo> a;
  a.header = Header();
  a.info.__set_rest(Tetrahedron());
  a.info.__set_frame_count(2);
  a.info.__set_fps(8);
  for (int t = 0; t < 2; ++t) {
    schema::AnimatedMeshFrame frame;
    frame.__set_index(t);
    std::vector<float> vertices = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    vertices[11] += 0.5f * t;
    frame.__set_vertices(MakeTensor<float>({4, 3}, vertices.data()));
    a.frames.push_back(frame);
  }
  return a;
}

Artifact<schema::MetricsInfo> MakeMetrics() {
  Artifact<schema::MetricsInfo> a;
  a.header = Header();
  schema::Metric metric;
  metric.__set_name("subject_drift");
  metric.__set_value(1.25);
  metric.__set_unit("px");
  metric.__set_description("sqrt(var x + var y) of the subject centroid");
  a.info.__set_metrics({metric});
  return a;
}

Artifact<schema::SceneGroundTruthInfo> MakeSceneGroundTruth() {
  Artifact<schema::SceneGroundTruthInfo> a;
  a.header = Header();
  schema::SceneObject ground;
  ground.__set_id(1);
  ground.__set_name("ground");
  ground.__set_shape(schema::ObjectShape::GROUND);
  ground.__set_rigid(true);
  ground.__set_size(Vec(10, 0, 10));
  schema::SceneObject box = ground;
  box.__set_id(2);
  box.__set_name("box");
  box.__set_shape(schema::ObjectShape::BOX);
  box.__set_size(Vec(1, 1, 1));
  a.info.__set_objects({ground, box});
  a.info.__set_intrinsics(Camera(8, 6));
  a.info.__set_frame_count(2);
  a.info.__set_fps(8);
  a.info.__set_recipe("{\"preset\": \"test\"}");
  a.info.__set_seed(7);
  a.info.__set_view_count(1);
  for (int t = 0; t < 2; ++t) {
    schema::SceneGroundTruthFrame frame;
    frame.__set_index(t);
    std::vector<uint16_t> mask(48, 1);
    mask[20 + t] = 2;
    frame.__set_instance_mask(MakeTensor<uint16_t>({6, 8}, mask.data()));
    schema::Box3D box3d;
    box3d.__set_object_id(2);
    box3d.__set_world_from_object(Pose(0.2 * t, 1.0));
    box3d.__set_size(Vec(1, 1, 1));
    frame.__set_boxes({box3d});
    a.frames.push_back(frame);
  }
  return a;
}

std::vector<std::pair<std::string, schema::ArtifactKind::type>> OneOfEachKindFiles() {
  using K = schema::ArtifactKind;
  return {{"depth_sequence.dolly", K::DEPTH_SEQUENCE},
          {"track_set.dolly", K::TRACK_SET},
          {"camera_trajectory.dolly", K::CAMERA_TRAJECTORY},
          {"motion_representation.dolly", K::MOTION_REPRESENTATION},
          {"control_signals.dolly", K::CONTROL_SIGNALS},
          {"video.dolly", K::VIDEO},
          {"mesh.dolly", K::MESH},
          {"animated_mesh.dolly", K::ANIMATED_MESH},
          {"metrics.dolly", K::METRICS},
          {"scene_ground_truth.dolly", K::SCENE_GROUND_TRUTH}};
}

void WriteOneOfEachKind(const std::string& dir) {
  WriteArtifact(dir + "depth_sequence.dolly", MakeDepthSequence(8, 6, 2));
  WriteArtifact(dir + "track_set.dolly", MakeTrackSet());
  WriteArtifact(dir + "camera_trajectory.dolly", MakeCameraTrajectory());
  WriteArtifact(dir + "sparse_depth_sequence.dolly", MakeSparseDepthSequence());
  WriteArtifact(dir + "motion_representation.dolly", MakeMotionRepresentation());
  WriteArtifact(dir + "control_signals.dolly", MakeControlSignals());
  WriteArtifact(dir + "video.dolly", MakeVideo());
  WriteArtifact(dir + "mesh.dolly", MakeMesh());
  WriteArtifact(dir + "animated_mesh.dolly", MakeAnimatedMesh());
  WriteArtifact(dir + "metrics.dolly", MakeMetrics());
  WriteArtifact(dir + "scene_ground_truth.dolly", MakeSceneGroundTruth());
}

}  // namespace dolly::artifact::testing
