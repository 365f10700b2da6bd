// dolly-synth's ground truth is self-consistent, checked on the artifacts as
// written (read back with ArtifactReader) for the shipped test recipes: a
// static camera with an object passing in front of ground tracks, an orbiting
// camera, and a bending (non-rigid) object under a handheld camera.
#define BOOST_TEST_MODULE ground_truth_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tools/synth/synth_test_util.h"

namespace dolly::synth {
namespace {

using testing::FindTrackTriangle;
using testing::MeshData;
using testing::PlaneDepthAt;
using testing::TrackTriangle;
using testing::ViewData;

struct SceneRun {
  ViewData view;
  MeshData mesh;
  std::vector<TrackTriangle> triangles;  // per track
  nlohmann::json recipe;
};

const std::vector<std::string>& Scenes() {
  static const std::vector<std::string> scenes = {"posetraj_halfcircle", "orbit_boxes",
                                                  "bending_cylinder"};
  return scenes;
}

// Renders each scene once (seed 11) and reads it back.
const SceneRun& Run(const std::string& scene) {
  static std::map<std::string, SceneRun> runs;
  auto it = runs.find(scene);
  if (it != runs.end()) return it->second;
  SynthOptions options;
  options.scene = testing::TestScene(scene + ".json");
  options.seed = 11;
  options.write_mp4 = false;
  options.write_png = false;
  const SynthResult result = testing::RunSynth(options, "gt_" + scene);
  SceneRun run;
  run.view = testing::ReadView(result.output_dir);
  run.mesh = testing::ReadMesh(result.output_dir);
  run.recipe = nlohmann::json::parse(run.view.scene.info.recipe);
  for (int64_t i = 0; i < run.view.track_count(); ++i) {
    std::vector<Eigen::Vector3d> points;
    for (int f = 0; f < run.view.frames(); ++f) points.push_back(run.view.PointWorld(f, i));
    run.triangles.push_back(FindTrackTriangle(run.mesh, points));
  }
  return runs.emplace(scene, std::move(run)).first->second;
}

BOOST_AUTO_TEST_CASE(ArtifactsAgreeOnTheBasics) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const SceneRun& run = Run(scene);
      const ViewData& v = run.view;
      const int frames = run.recipe["frames"];
      BOOST_TEST(v.frames() == frames);
      BOOST_TEST(v.depth.frames.size() == static_cast<size_t>(frames));
      BOOST_TEST(v.tracks.frames.size() == static_cast<size_t>(frames));
      BOOST_TEST(v.scene.frames.size() == static_cast<size_t>(frames));
      BOOST_TEST(run.mesh.mesh.frames.size() == static_cast<size_t>(frames));
      BOOST_TEST(v.track_count() == run.recipe["tracks"].get<int64_t>());
      BOOST_TEST(v.camera.info.world_frame == "camera of frame 0");
      BOOST_TEST(v.depth.info.kind == schema::DepthKind::METRIC);
      BOOST_TEST(v.tracks.info.has_points_3d);
      // World = camera of frame 0: its pose is the identity (1e-12).
      BOOST_TEST((v.WorldFromCamera(0).matrix() - Eigen::Matrix4d::Identity()).norm() < 1e-12);
      BOOST_TEST(v.intrinsics.width == run.recipe["width"].get<int>());
      // Query frames hold visible points.
      const int64_t* query = TensorData<int64_t>(v.tracks.info.query_frames);
      for (int64_t i = 0; i < v.track_count(); ++i) BOOST_TEST(v.Visible(query[i], i));
    }
  }
}

// GT 3D tracks projected with the GT pose (camera.dolly world_from_camera,
// inverted) and intrinsics land on the GT 2D tracks to < 1e-3 px for every
// visible track of every frame. Budget: points are stored as float32
// (~5e-7 m at a few metres, i.e. < 1e-4 px at these focal lengths).
BOOST_AUTO_TEST_CASE(TracksProjectOntoTheirPixels) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const ViewData& v = Run(scene).view;
      int64_t checked = 0;
      double worst = 0.0;
      for (int f = 0; f < v.frames(); ++f) {
        const Eigen::Isometry3d camera_from_world = v.WorldFromCamera(f).inverse();
        for (int64_t i = 0; i < v.track_count(); ++i) {
          const Eigen::Vector3d pc = camera_from_world * v.PointWorld(f, i);
          if (pc.z() <= 0.0) continue;
          const Eigen::Vector2d p = v.intrinsics.Project(pc);
          if (!v.Visible(f, i) && !v.intrinsics.InImage(p)) continue;
          worst = std::max(worst, (p - v.Position(f, i)).norm());
          ++checked;
        }
      }
      BOOST_TEST(checked > v.track_count());
      BOOST_TEST(worst < 1e-3);
    }
  }
}

// Every track is a fixed point of the mesh: its frame-0 point lies inside a
// triangle of mesh.dolly, and in every later frame its point is the same
// barycentric combination of that triangle's vertices (< 2e-5 m: float32
// storage of points and vertices, and barycentrics recovered from float
// data). Its instance id is the triangle's object.
BOOST_AUTO_TEST_CASE(TracksFollowTheMesh) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const SceneRun& run = Run(scene);
      double worst = 0.0;
      for (int64_t i = 0; i < run.view.track_count(); ++i) {
        const TrackTriangle& t = run.triangles[i];
        BOOST_REQUIRE(t.face >= 0);
        const Eigen::Vector3i face = run.mesh.Face(t.face);
        BOOST_TEST(run.mesh.VertexObject(face[0]) == run.view.InstanceId(i));
        worst = std::max(worst, t.worst_deviation);
      }
      BOOST_TEST(worst < 2e-5);
    }
  }
}

double InverseDepth(const cv::Mat& depth, int x, int y) { return 1.0 / depth.at<float>(y, x); }

// The 4x4 pixels around (x0, y0)..(x0+1, y0+1) show one plane: inverse depth
// is affine in screen space on a plane, so all its second differences
// (horizontal, vertical, mixed) vanish. Threshold 1e-6 relative: float32
// depth rounding contributes at most 4 x 6e-8; a crease between facets whose
// slope change is below it moves the interpolated depth by less than that.
bool PlanarWindow(const cv::Mat& depth, int x0, int y0) {
  if (x0 < 1 || y0 < 1 || x0 + 2 >= depth.cols || y0 + 2 >= depth.rows) return false;
  for (int y = y0 - 1; y <= y0 + 2; ++y) {
    for (int x = x0 - 1; x <= x0 + 2; ++x) {
      if (!(depth.at<float>(y, x) > 0.0f)) return false;
    }
  }
  const double scale = 1e-6 * InverseDepth(depth, x0, y0);
  auto w = [&](int x, int y) { return InverseDepth(depth, x, y); };
  for (int y = y0 - 1; y <= y0 + 2; ++y) {
    for (int x = x0; x <= x0 + 1; ++x) {
      if (std::abs(w(x - 1, y) - 2 * w(x, y) + w(x + 1, y)) > scale) return false;
    }
  }
  for (int x = x0 - 1; x <= x0 + 2; ++x) {
    for (int y = y0; y <= y0 + 1; ++y) {
      if (std::abs(w(x, y - 1) - 2 * w(x, y) + w(x, y + 1)) > scale) return false;
    }
  }
  for (int y = y0 - 1; y <= y0 + 1; ++y) {
    for (int x = x0 - 1; x <= x0 + 1; ++x) {
      if (std::abs(w(x + 1, y + 1) - w(x + 1, y) - w(x, y + 1) + w(x, y)) > scale) return false;
    }
  }
  return true;
}

// GT depth at visible tracks equals the track's camera-space depth (< 1e-4
// relative): inverse depth is interpolated bilinearly from the 4 pixel
// centres around the sub-pixel track position, which is exact where those
// pixels and the track lie on one plane (detected from the depth map itself,
// PlanarWindow). At least half of the visible observations must be checked
// so that the test cannot pass vacuously (the rest sit within 2 px of a
// silhouette or crease, mostly on the small objects).
BOOST_AUTO_TEST_CASE(DepthMatchesVisibleTracks) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const ViewData& v = Run(scene).view;
      int64_t visible = 0, checked = 0;
      double worst = 0.0;
      for (int f = 0; f < v.frames(); ++f) {
        const cv::Mat depth = v.Depth(f);
        const Eigen::Isometry3d camera_from_world = v.WorldFromCamera(f).inverse();
        for (int64_t i = 0; i < v.track_count(); ++i) {
          if (!v.Visible(f, i)) continue;
          ++visible;
          const Eigen::Vector2d p = v.Position(f, i);
          const int x0 = static_cast<int>(std::floor(p.x()));
          const int y0 = static_cast<int>(std::floor(p.y()));
          if (!PlanarWindow(depth, x0, y0)) continue;
          const double ax = p.x() - x0, ay = p.y() - y0;
          const double w = (1 - ay) * ((1 - ax) * InverseDepth(depth, x0, y0) +
                                       ax * InverseDepth(depth, x0 + 1, y0)) +
                           ay * ((1 - ax) * InverseDepth(depth, x0, y0 + 1) +
                                 ax * InverseDepth(depth, x0 + 1, y0 + 1));
          const double z = (camera_from_world * v.PointWorld(f, i)).z();
          worst = std::max(worst, std::abs(1.0 / w - z) / z);
          ++checked;
        }
      }
      BOOST_TEST_MESSAGE(scene << ": depth checked at " << checked << " of " << visible
                               << " visible observations");
      BOOST_TEST(visible > 0);
      BOOST_TEST(checked >= 0.5 * visible);
      BOOST_TEST(worst < 1e-4);
    }
  }
}

// The visibility rule, re-derived from the artifacts: a track is visible iff
// it is in front of the camera and in the image, and at its nearest pixel
// the depth map is empty or not smaller than its own triangle's plane depth
// there by more than 1e-4 relative (own plane from mesh.dolly; nearer than
// the near plane is not drawn). Observations within 1e-6 relative of the
// threshold, or within 1e-3 px of a pixel boundary (where the float32
// position could round to the other pixel), are not judged.
BOOST_AUTO_TEST_CASE(VisibilityFollowsTheDepthMap) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const SceneRun& run = Run(scene);
      const ViewData& v = run.view;
      const double near = run.recipe["camera"]["near"];
      int64_t judged = 0, occluded = 0;
      for (int f = 0; f < v.frames(); ++f) {
        const cv::Mat depth = v.Depth(f);
        const Eigen::Isometry3d camera_from_world = v.WorldFromCamera(f).inverse();
        for (int64_t i = 0; i < v.track_count(); ++i) {
          const Eigen::Vector3d pc = camera_from_world * v.PointWorld(f, i);
          bool expected = false;
          if (pc.z() > 0.0) {
            const Eigen::Vector2d p = v.intrinsics.Project(pc);
            if (v.intrinsics.InImage(p)) {
              const double fx = p.x() + 0.5 - std::floor(p.x() + 0.5);
              const double fy = p.y() + 0.5 - std::floor(p.y() + 0.5);
              if (std::min({fx, 1 - fx, fy, 1 - fy}) < 1e-3) continue;
              const int x = static_cast<int>(std::floor(p.x() + 0.5));
              const int y = static_cast<int>(std::floor(p.y() + 0.5));
              const double own = PlaneDepthAt(run.mesh, f, run.triangles[i].face,
                                              camera_from_world, v.intrinsics, x, y);
              const double zbuffer = depth.at<float>(y, x);
              const double threshold = own * (1.0 - 1e-4);
              if (zbuffer > 0.0 && std::abs(zbuffer - threshold) < 1e-6 * own) continue;
              expected = own >= near && (zbuffer == 0.0 || zbuffer >= threshold);
              if (!expected && zbuffer > 0.0 && zbuffer < threshold) ++occluded;
            }
          }
          BOOST_TEST(v.Visible(f, i) == expected, "track " << i << " frame " << f);
          ++judged;
        }
      }
      BOOST_TEST(judged > 0.99 * v.frames() * v.track_count());
      BOOST_TEST_MESSAGE(scene << ": " << occluded << " occluded in-image observations");
    }
  }
}

// The occlusion scenario: in posetraj_halfcircle the camera is static and
// the car drives in front of the ground; ground tracks it passes over go
// invisible exactly while the car (or the ball) covers them, and for each
// such observation the depth map there is nearer than the ground's plane.
BOOST_AUTO_TEST_CASE(MovingObjectOccludesGroundTracks) {
  const SceneRun& run = Run("posetraj_halfcircle");
  const ViewData& v = run.view;
  const int ground = 1, car = 3;  // ground first, then backdrop, then objects
  BOOST_TEST(v.scene.info.objects[0].name == "ground");
  BOOST_TEST(v.scene.info.objects[car - 1].name == "car");
  int covered_by_car = 0;
  for (int64_t i = 0; i < v.track_count(); ++i) {
    if (v.InstanceId(i) != ground) continue;
    bool seen = false, hidden_by_car = false;
    for (int f = 0; f < v.frames(); ++f) {
      const Eigen::Vector2d p = v.Position(f, i);
      BOOST_REQUIRE(v.intrinsics.InImage(p));  // static camera: ground stays in view
      const int x = static_cast<int>(std::floor(p.x() + 0.5));
      const int y = static_cast<int>(std::floor(p.y() + 0.5));
      const int mask = v.Mask(f).at<uint16_t>(y, x);
      if (v.Visible(f, i)) {
        seen = true;
        continue;
      }
      // Hidden by an object, which is nearer than the ground there.
      BOOST_TEST(mask != ground);
      const double own = PlaneDepthAt(run.mesh, f, run.triangles[i].face,
                                      v.WorldFromCamera(f).inverse(), v.intrinsics, x, y);
      BOOST_TEST(v.Depth(f).at<float>(y, x) < own);
      if (mask == car) hidden_by_car = true;
    }
    if (seen && hidden_by_car) ++covered_by_car;
  }
  BOOST_TEST_MESSAGE("ground tracks passed over by the car: " << covered_by_car);
  BOOST_TEST(covered_by_car >= 3);
}

// Instance masks agree with the object a visible track lies on: at the
// nearest pixel for >= 95% of visible observations, and every exception is
// on that object's mask boundary: a track just inside a silhouette whose
// nearest pixel centre already sees the background behind (nothing is in
// front of the track, so it is visible), or a depth tie at a contact crease.
BOOST_AUTO_TEST_CASE(InstanceMasksAgreeWithVisibleTracks) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const ViewData& v = Run(scene).view;
      int64_t visible = 0, exact = 0;
      for (int f = 0; f < v.frames(); ++f) {
        const cv::Mat mask = v.Mask(f);
        for (int64_t i = 0; i < v.track_count(); ++i) {
          if (!v.Visible(f, i)) continue;
          ++visible;
          const Eigen::Vector2d p = v.Position(f, i);
          const int x = static_cast<int>(std::floor(p.x() + 0.5));
          const int y = static_cast<int>(std::floor(p.y() + 0.5));
          if (mask.at<uint16_t>(y, x) == v.InstanceId(i)) {
            ++exact;
            continue;
          }
          bool boundary = false;
          for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
              const int xx = std::clamp(x + dx, 0, mask.cols - 1);
              const int yy = std::clamp(y + dy, 0, mask.rows - 1);
              boundary = boundary || mask.at<uint16_t>(yy, xx) == v.InstanceId(i);
            }
          }
          BOOST_TEST(boundary, "track " << i << " frame " << f);
        }
      }
      BOOST_TEST_MESSAGE(scene << ": mask equals the track's object at " << exact << " of "
                               << visible << " visible observations");
      BOOST_TEST(exact >= 0.95 * visible);
    }
  }
}

// 3D boxes: in its box frame, every vertex of an object lies within +-size/2
// and the box is tight (each face touched), to 1e-5 m (float32 vertices).
BOOST_AUTO_TEST_CASE(BoxesBoundTheirObjects) {
  for (const std::string& scene : Scenes()) {
    BOOST_TEST_CONTEXT(scene) {
      const SceneRun& run = Run(scene);
      const int64_t vertices = run.mesh.mesh.info.rest.vertices.shape[0];
      for (int f = 0; f < run.view.frames(); ++f) {
        const auto& boxes = run.view.scene.frames[f].boxes;
        BOOST_TEST(boxes.size() == run.recipe["objects"].size());
        for (const schema::Box3D& box : boxes) {
          const Eigen::Isometry3d box_from_world =
              geometry::FromPose(box.world_from_object).inverse();
          const Eigen::Vector3d half = 0.5 * geometry::FromVec3(box.size);
          Eigen::Vector3d lo = Eigen::Vector3d::Constant(1e9), hi = -lo;
          for (int64_t k = 0; k < vertices; ++k) {
            if (run.mesh.VertexObject(k) != box.object_id) continue;
            const Eigen::Vector3d p = box_from_world * run.mesh.Vertex(f, k);
            lo = lo.cwiseMin(p);
            hi = hi.cwiseMax(p);
          }
          BOOST_TEST((lo + half).cwiseAbs().maxCoeff() < 1e-5);
          BOOST_TEST((hi - half).cwiseAbs().maxCoeff() < 1e-5);
        }
      }
    }
  }
}

}  // namespace
}  // namespace dolly::synth
