#include "libs/inspect/testing/test_artifacts.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect::testing {
namespace {

schema::ArtifactHeader Header() {
  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-test", {{"alpha", "1"}, {"quote", "say \"hi\"\n"}}, kSeed);
  schema::InputDigest input;
  input.__set_role("image");
  input.__set_path("ref.png");
  input.__set_sha256(std::string(64, 'a'));
  header.__set_inputs({input});
  return header;
}

schema::Intrinsics Intrinsics(double fx, double fy, double cx, double cy, int w, int h) {
  return artifact::MakeIntrinsics(fx, fy, cx, cy, w, h);
}

schema::Pose Pose(double w, double x, double y, double z, double tx, double ty, double tz) {
  return artifact::MakePose(artifact::MakeQuaternion(w, x, y, z), artifact::MakeVec3(tx, ty, tz));
}

schema::Vec3 Vec(double x, double y, double z) { return artifact::MakeVec3(x, y, z); }

schema::Mesh Tetrahedron() {
  const std::vector<float> vertices = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  const std::vector<int32_t> faces = {0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3};
  const std::vector<uint8_t> colors = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0};
  schema::Mesh mesh;
  mesh.__set_vertices(MakeTensor<float>({4, 3}, vertices.data()));
  mesh.__set_faces(MakeTensor<int32_t>({4, 3}, faces.data()));
  mesh.__set_vertex_colors(MakeTensor<uint8_t>({4, 3}, colors.data()));
  mesh.__set_object_names({"tetra"});
  return mesh;
}

}  // namespace

std::string MakeTestDir(const std::string& name) {
  const char* root = std::getenv("TEST_TMPDIR");
  const std::filesystem::path dir = std::filesystem::path(root ? root : "/tmp") / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

float DefaultDepth(int f, int y, int x) {
  return 0.5f + 0.25f * static_cast<float>(f * kDepthRows * kDepthCols + y * kDepthCols + x);
}

std::string WriteDepth(const std::string& path, int frames,
                       const std::function<float(int, int, int)>& value,
                       schema::DepthKind::type kind) {
  schema::DepthSequenceInfo info;
  info.__set_kind(kind);
  info.__set_scale(1.0);
  info.__set_shift(0.0);
  info.__set_intrinsics(Intrinsics(kFx, kFy, kCx, kCy, kDepthCols, kDepthRows));
  info.__set_frame_count(frames);
  info.__set_fps(8.0);
  artifact::ArtifactWriter<schema::DepthSequenceInfo> writer(path, Header(), info);
  for (int f = 0; f < frames; ++f) {
    std::vector<float> depth(kDepthRows * kDepthCols);
    for (int y = 0; y < kDepthRows; ++y) {
      for (int x = 0; x < kDepthCols; ++x) depth[y * kDepthCols + x] = value(f, y, x);
    }
    schema::DepthFrame frame;
    frame.__set_index(f);
    frame.__set_timestamp(f / 8.0);
    frame.__set_depth(MakeTensor<float>({kDepthRows, kDepthCols}, depth.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteLargeDepth(const std::string& path, int frames, int rows, int cols) {
  schema::DepthSequenceInfo info;
  info.__set_kind(schema::DepthKind::METRIC);
  info.__set_intrinsics(Intrinsics(cols, cols, cols / 2.0 - 0.5, rows / 2.0 - 0.5, cols, rows));
  info.__set_frame_count(frames);
  info.__set_fps(16.0);
  artifact::ArtifactWriter<schema::DepthSequenceInfo> writer(path, Header(), info);
  std::vector<float> depth(static_cast<size_t>(rows) * cols);
  for (int f = 0; f < frames; ++f) {
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < cols; ++x) {
        const bool border = y == 0 || x == 0 || y == rows - 1 || x == cols - 1;
        depth[static_cast<size_t>(y) * cols + x] =
            border ? 0.0f
                   : 5.5f + 5.0f * static_cast<float>(std::sin(0.01 * x + 0.2 * f) *
                                                      std::cos(0.013 * y));
      }
    }
    schema::DepthFrame frame;
    frame.__set_index(f);
    frame.__set_depth(MakeTensor<float>({rows, cols}, depth.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteVideo(const std::string& path, int frames) {
  schema::VideoInfo info;
  info.__set_width(8);
  info.__set_height(6);
  info.__set_fps(12.0);
  info.__set_frame_count(frames);
  artifact::ArtifactWriter<schema::VideoInfo> writer(path, Header(), info);
  for (int f = 0; f < frames; ++f) {
    std::vector<uint8_t> rgb(6 * 8 * 3);
    for (int y = 0; y < 6; ++y) {
      for (int x = 0; x < 8; ++x) {
        uint8_t* p = &rgb[(y * 8 + x) * 3];
        p[0] = static_cast<uint8_t>(10 * x);
        p[1] = static_cast<uint8_t>(20 * y);
        p[2] = static_cast<uint8_t>(50 * f);
      }
    }
    schema::VideoFrame frame;
    frame.__set_index(f);
    frame.__set_timestamp(f / 12.0);
    frame.__set_image(MakeTensor<uint8_t>({6, 8, 3}, rgb.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteTracks(const std::string& path) {
  constexpr int kTracks = 3, kFrames = 4;
  schema::TrackSetInfo info;
  info.__set_track_count(kTracks);
  info.__set_frame_count(kFrames);
  info.__set_intrinsics(Intrinsics(60, 60, 31.5, 23.5, 64, 48));
  info.__set_query_frames(MakeTensor<int64_t>(std::vector<int64_t>{0, 0, 1}));
  info.__set_labels(MakeTensor<uint8_t>(std::vector<uint8_t>{1, 2, 0}));
  info.__set_fps(6.0);
  artifact::ArtifactWriter<schema::TrackSetInfo> writer(path, Header(), info);
  for (int f = 0; f < kFrames; ++f) {
    std::vector<float> positions;
    std::vector<uint8_t> visible;
    for (int i = 0; i < kTracks; ++i) {
      positions.push_back(10.0f + 5 * i + 2 * f);
      positions.push_back(10.0f + 3 * i + f);
      visible.push_back(i == 1 && f == 2 ? 0 : 1);
    }
    schema::TrackFrame frame;
    frame.__set_index(f);
    frame.__set_positions(MakeTensor<float>({kTracks, 2}, positions.data()));
    frame.__set_visibility(MakeTensor<uint8_t>(visible));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteCamera(const std::string& path) {
  schema::CameraTrajectoryInfo info;
  info.__set_intrinsics(Intrinsics(60, 60, 31.5, 23.5, 64, 48));
  info.__set_frame_count(5);
  info.__set_fps(10.0);
  info.__set_world_frame("camera of frame 0");
  artifact::ArtifactWriter<schema::CameraTrajectoryInfo> writer(path, Header(), info);
  for (int f = 0; f < 5; ++f) {
    const double half = 5.0 * f * M_PI / 180.0;
    schema::CameraFrame frame;
    frame.__set_index(f);
    frame.__set_timestamp(f / 10.0);
    frame.__set_world_from_camera(Pose(std::cos(half), 0, std::sin(half), 0, 0.1 * f, 0, 0.2 * f));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteMotion(const std::string& path) {
  schema::MotionRepresentationInfo info;
  info.__set_intrinsics(Intrinsics(20, 20, 15.5, 11.5, 32, 24));
  info.__set_point_count(4);
  info.__set_frame_count(2);
  info.__set_colors(MakeTensor<uint8_t>({4, 3}, std::vector<uint8_t>{255, 0, 0, 0, 255, 0, 0, 0,
                                                                      255, 255, 255, 255}
                                                     .data()));
  info.__set_instance_ids(MakeTensor<int32_t>(std::vector<int32_t>{-1, 1, 1, 2}));
  artifact::ArtifactWriter<schema::MotionRepresentationInfo> writer(path, Header(), info);
  for (int f = 0; f < 2; ++f) {
    const std::vector<float> points = {0, 0, 2, 0.5f + 0.1f * f, 0, 2, 0, 0.5f, 3, -0.5f, -0.25f, 4};
    schema::MotionFrame frame;
    frame.__set_index(f);
    frame.__set_world_from_camera(Pose(1, 0, 0, 0, 0, 0, 0));
    frame.__set_points_world(MakeTensor<float>({4, 3}, points.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteControl(const std::string& path) {
  schema::ControlSignalsInfo info;
  info.__set_width(16);
  info.__set_height(12);
  info.__set_frame_count(2);
  info.__set_fps(8.0);
  artifact::ArtifactWriter<schema::ControlSignalsInfo> writer(path, Header(), info);
  for (int f = 0; f < 2; ++f) {
    std::vector<uint8_t> object(12 * 16 * 3, static_cast<uint8_t>(7 * f));
    std::vector<uint8_t> camera(12 * 16 * 3, static_cast<uint8_t>(100 + f));
    schema::ControlFrame frame;
    frame.__set_index(f);
    frame.__set_object_map(MakeTensor<uint8_t>({12, 16, 3}, object.data()));
    frame.__set_camera_map(MakeTensor<uint8_t>({12, 16, 3}, camera.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteMesh(const std::string& path) {
  schema::MeshInfo info;
  info.__set_mesh(Tetrahedron());
  artifact::ArtifactWriter<schema::MeshInfo> writer(path, Header(), info);
  writer.Finish();
  return path;
}

std::string WriteAnimatedMesh(const std::string& path) {
  schema::AnimatedMeshInfo info;
  info.__set_rest(Tetrahedron());
  info.__set_frame_count(3);
  info.__set_fps(4.0);
  artifact::ArtifactWriter<schema::AnimatedMeshInfo> writer(path, Header(), info);
  for (int f = 0; f < 3; ++f) {
    std::vector<float> vertices = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (int v = 0; v < 4; ++v) vertices[3 * v] += 0.5f * f;
    schema::AnimatedMeshFrame frame;
    frame.__set_index(f);
    frame.__set_vertices(MakeTensor<float>({4, 3}, vertices.data()));
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::string WriteMetrics(const std::string& path) {
  schema::Metric psnr;
  psnr.__set_name("psnr");
  psnr.__set_value(31.5);
  psnr.__set_unit("dB");
  schema::Metric odd;
  odd.__set_name("odd \"name\"\n");
  odd.__set_value(0.125);
  odd.__set_description("tab\there");
  schema::MetricsInfo info;
  info.__set_metrics({psnr, odd});
  artifact::ArtifactWriter<schema::MetricsInfo> writer(path, Header(), info);
  writer.Finish();
  return path;
}

std::string WriteGroundTruth(const std::string& path) {
  schema::SceneObject box;
  box.__set_id(1);
  box.__set_name("box");
  box.__set_shape(schema::ObjectShape::BOX);
  box.__set_rigid(true);
  box.__set_size(Vec(1, 2, 3));
  schema::SceneObject ball;
  ball.__set_id(2);
  ball.__set_name("ball");
  ball.__set_shape(schema::ObjectShape::SPHERE);
  ball.__set_rigid(true);
  ball.__set_size(Vec(1, 1, 1));
  schema::SceneGroundTruthInfo info;
  info.__set_objects({box, ball});
  info.__set_intrinsics(Intrinsics(8, 8, 3.5, 2.5, 8, 6));
  info.__set_frame_count(2);
  info.__set_fps(5.0);
  info.__set_recipe("{\"scene\": \"two objects\"}");
  info.__set_seed(7);
  info.__set_view_count(1);
  artifact::ArtifactWriter<schema::SceneGroundTruthInfo> writer(path, Header(), info);
  for (int f = 0; f < 2; ++f) {
    std::vector<uint16_t> mask(6 * 8);
    for (int y = 1; y < 6; ++y) {
      for (int x = 0; x < 8; ++x) mask[y * 8 + x] = x < 4 ? 1 : 2;
    }
    schema::Box3D box3d;
    box3d.__set_object_id(1);
    box3d.__set_world_from_object(Pose(1, 0, 0, 0, f, 0, 5));
    box3d.__set_size(Vec(1, 2, 3));
    schema::SceneGroundTruthFrame frame;
    frame.__set_index(f);
    frame.__set_instance_mask(MakeTensor<uint16_t>({6, 8}, mask.data()));
    frame.__set_boxes({box3d});
    writer.WriteFrame(frame);
  }
  writer.Finish();
  return path;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace dolly::inspect::testing
