// Helpers of the dolly-synth tests: run the tool in-process into $TEST_TMPDIR
// and read its artifacts back from disk (the tests check what was written,
// never the in-memory structures).
#ifndef DOLLY_TOOLS_SYNTH_SYNTH_TEST_UTIL_H_
#define DOLLY_TOOLS_SYNTH_SYNTH_TEST_UTIL_H_

#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/geometry/schema_convert.h"
#include "libs/synth/synth.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::synth::testing {

inline std::string TestTmpDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir ? dir : "/tmp";
}

inline std::string Runfile(const std::string& path) {
  return std::string(std::getenv("TEST_SRCDIR")) + "/" + std::getenv("TEST_WORKSPACE") + "/" +
         path;
}

inline std::string TestScene(const std::string& name) {
  return Runfile("testdata/scenes/" + name);
}

// Runs dolly-synth into $TEST_TMPDIR/<name> (replacing it). The MP4 and PNG
// outputs follow `options`: tests that do not read them switch them off
// (write_mp4 / write_png), the determinism test keeps them.
inline SynthResult RunSynth(SynthOptions options, const std::string& name) {
  options.output = TestTmpDir() + "/" + name;
  options.overwrite = true;
  return RunSynthImpl(options);
}

// Everything one camera's directory holds, read back with ArtifactReader.
struct ViewData {
  artifact::Artifact<schema::CameraTrajectoryInfo> camera;
  artifact::Artifact<schema::DepthSequenceInfo> depth;
  artifact::Artifact<schema::TrackSetInfo> tracks;
  artifact::Artifact<schema::SceneGroundTruthInfo> scene;
  geometry::PinholeCamera intrinsics;

  int frames() const { return static_cast<int>(camera.frames.size()); }
  int64_t track_count() const { return tracks.info.track_count; }
  Eigen::Isometry3d WorldFromCamera(int f) const {
    return geometry::FromPose(camera.frames[f].world_from_camera);
  }
  cv::Mat Depth(int f) const { return MatFromTensor(depth.frames[f].depth); }
  cv::Mat Mask(int f) const { return MatFromTensor(scene.frames[f].instance_mask); }
  Eigen::Vector2d Position(int f, int64_t i) const {
    const float* p = TensorData<float>(tracks.frames[f].positions);
    return {p[2 * i], p[2 * i + 1]};
  }
  Eigen::Vector3d PointWorld(int f, int64_t i) const {
    const float* p = TensorData<float>(tracks.frames[f].points_world);
    return {p[3 * i], p[3 * i + 1], p[3 * i + 2]};
  }
  bool Visible(int f, int64_t i) const { return tracks.frames[f].visibility.data[i] != 0; }
  int32_t InstanceId(int64_t i) const { return TensorData<int32_t>(tracks.info.instance_ids)[i]; }
};

inline ViewData ReadView(const std::string& dir) {
  ViewData v;
  v.camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(dir + "/camera.dolly");
  v.depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(dir + "/depth.dolly");
  v.tracks = artifact::ReadArtifact<schema::TrackSetInfo>(dir + "/tracks.dolly");
  v.scene = artifact::ReadArtifact<schema::SceneGroundTruthInfo>(dir + "/scene.dolly");
  v.intrinsics = geometry::FromIntrinsics(v.camera.info.intrinsics);
  return v;
}

struct MeshData {
  artifact::Artifact<schema::AnimatedMeshInfo> mesh;
  int64_t face_count() const { return mesh.info.rest.faces.shape[0]; }
  Eigen::Vector3i Face(int64_t t) const {
    const int32_t* f = TensorData<int32_t>(mesh.info.rest.faces);
    return {f[3 * t], f[3 * t + 1], f[3 * t + 2]};
  }
  Eigen::Vector3d Vertex(int frame, int64_t v) const {
    const float* p = TensorData<float>(mesh.frames[frame].vertices);
    return {p[3 * v], p[3 * v + 1], p[3 * v + 2]};
  }
  int32_t VertexObject(int64_t v) const {
    return TensorData<int32_t>(mesh.info.rest.vertex_object_ids)[v];
  }
};

inline MeshData ReadMesh(const std::string& dir) {
  return {artifact::ReadArtifact<schema::AnimatedMeshInfo>(dir + "/mesh.dolly")};
}

// Barycentrics of the point of triangle (a, b, c)'s plane nearest to p, and
// p's distance to that plane.
struct PlaneHit {
  Eigen::Vector3d bary;
  double distance = 0.0;
};

inline PlaneHit ProjectOntoTriangle(const Eigen::Vector3d& p, const Eigen::Vector3d& a,
                                    const Eigen::Vector3d& b, const Eigen::Vector3d& c) {
  const Eigen::Vector3d e1 = b - a, e2 = c - a, d = p - a;
  const double d11 = e1.dot(e1), d12 = e1.dot(e2), d22 = e2.dot(e2);
  const double r1 = d.dot(e1), r2 = d.dot(e2);
  const double det = d11 * d22 - d12 * d12;
  PlaneHit hit;
  const double b1 = (d22 * r1 - d12 * r2) / det;
  const double b2 = (d11 * r2 - d12 * r1) / det;
  hit.bary = {1.0 - b1 - b2, b1, b2};
  hit.distance = (a + b1 * e1 + b2 * e2 - p).norm();
  return hit;
}

// The triangle a track lies on, recovered from its points: dolly-synth keeps
// sampled barycentrics >= 1e-3 from every edge, so the track's frame-0 point
// lies inside its triangle with a clear margin. Coplanar surfaces (a box
// standing on the ground) can hold the same point in frame 0; of those
// candidates the one whose barycentric combination reproduces the track in
// every frame is taken (`points` holds the track's point per frame).
struct TrackTriangle {
  int64_t face = -1;
  Eigen::Vector3d bary;
  double worst_deviation = 0.0;  // max over frames of |combination - point|
};

inline TrackTriangle FindTrackTriangle(const MeshData& mesh,
                                       const std::vector<Eigen::Vector3d>& points) {
  TrackTriangle best;
  for (int64_t t = 0; t < mesh.face_count(); ++t) {
    const Eigen::Vector3i f = mesh.Face(t);
    const PlaneHit hit = ProjectOntoTriangle(points[0], mesh.Vertex(0, f[0]),
                                             mesh.Vertex(0, f[1]), mesh.Vertex(0, f[2]));
    // 1e-5 m: float rounding of world coordinates of a few metres is ~5e-7.
    if (hit.distance > 1e-5 || hit.bary.minCoeff() < 5e-4) continue;
    double worst = 0.0;
    for (size_t frame = 0; frame < points.size(); ++frame) {
      const Eigen::Vector3d p = hit.bary[0] * mesh.Vertex(frame, f[0]) +
                                hit.bary[1] * mesh.Vertex(frame, f[1]) +
                                hit.bary[2] * mesh.Vertex(frame, f[2]);
      worst = std::max(worst, (p - points[frame]).norm());
    }
    if (best.face < 0 || worst < best.worst_deviation) {
      best.face = t;
      best.bary = hit.bary;
      best.worst_deviation = worst;
    }
  }
  return best;
}

// z-depth of triangle `face`'s plane (frame `frame`) along the ray through
// pixel (x, y), computed directly: z = n.v0 / n.ray.
inline double PlaneDepthAt(const MeshData& mesh, int frame, int64_t face,
                           const Eigen::Isometry3d& camera_from_world,
                           const geometry::PinholeCamera& camera, double x, double y) {
  const Eigen::Vector3i f = mesh.Face(face);
  const Eigen::Vector3d a = camera_from_world * mesh.Vertex(frame, f[0]);
  const Eigen::Vector3d b = camera_from_world * mesh.Vertex(frame, f[1]);
  const Eigen::Vector3d c = camera_from_world * mesh.Vertex(frame, f[2]);
  const Eigen::Vector3d n = (b - a).cross(c - a);
  const Eigen::Vector3d ray((x - camera.cx) / camera.fx, (y - camera.cy) / camera.fy, 1.0);
  return n.dot(a) / n.dot(ray);
}

}  // namespace dolly::synth::testing

#endif  // DOLLY_TOOLS_SYNTH_SYNTH_TEST_UTIL_H_
