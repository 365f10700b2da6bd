// An orbit_left camera (libs/motion/camera ComputeCameraMotion) around a
// horizontal ring of spheres centred on the orbit pivot, rendered by
// RenderControlFrame's "spheres" object map. Ground truth is computed here
// from the orbit geometry alone: at angle theta the camera centre is
// pivot + D * (-sin theta, 0, -cos theta) (on the circle of radius D about
// the pivot, moving to its left) and it looks at the pivot with its y axis
// kept vertical. On every frame, the centroid of each sphere's colour must
// lie within 0.5 px of the pinhole projection of the sphere's centre.
#define BOOST_TEST_MODULE orbit_ring
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "libs/controls/object_map.h"
#include "libs/controls/render_controls.h"
#include "libs/motion/camera/camera_presets.h"

namespace dolly::controls {
namespace {

constexpr int kW = 320;
constexpr int kH = 240;
constexpr double kF = 250.0;
constexpr int kFrames = 16;
constexpr double kOrbitDegrees = 40.0;
constexpr double kPivot = 4.0;       // pivot depth = ring centre depth (CameraRig::pivot_distance)
constexpr double kRingRadius = 1.2;  // world units
constexpr double kRingHeight =
    1.2;  // below the camera (y down), so the ring projects as an ellipse
constexpr double kSphereRadius = 0.08;
constexpr int kPoints = 8;
const double kPi = std::acos(-1.0);

geometry::PinholeCamera Camera() {
  geometry::PinholeCamera k;
  k.fx = kF;
  k.fy = kF;
  k.cx = (kW - 1) / 2.0;
  k.cy = (kH - 1) / 2.0;
  k.width = kW;
  k.height = kH;
  return k;
}

Eigen::Vector3d RingPoint(int k) {
  const double phi = 2.0 * kPi * k / kPoints + 0.2;
  return {kRingRadius * std::sin(phi), kRingHeight, kPivot + kRingRadius * std::cos(phi)};
}

// The analytic camera of frame f (world = camera of frame 0): centre on the
// orbit circle, rotation = look-at the pivot with y kept (0, 1, 0).
Eigen::Vector2d AnalyticPixel(int f, const Eigen::Vector3d& world) {
  const double theta = kOrbitDegrees * kPi / 180.0 * f / (kFrames - 1);  // linear easing
  const Eigen::Vector3d pivot(0, 0, kPivot);
  const Eigen::Vector3d centre =
      pivot + kPivot * Eigen::Vector3d(-std::sin(theta), 0, -std::cos(theta));
  const Eigen::Vector3d z = (pivot - centre).normalized();
  const Eigen::Vector3d y(0, 1, 0);
  const Eigen::Vector3d x = y.cross(z);
  const Eigen::Vector3d d = world - centre;
  const Eigen::Vector3d c(x.dot(d), y.dot(d), z.dot(d));
  return {kF * c.x() / c.z() + (kW - 1) / 2.0, kF * c.y() / c.z() + (kH - 1) / 2.0};
}

motion::MotionScene OrbitScene() {
  motion::CameraSegment orbit;
  orbit.preset = motion::CameraPreset::kOrbitLeft;
  orbit.magnitude = kOrbitDegrees;
  orbit.start_frame = 0;
  orbit.end_frame = kFrames;
  motion::CameraRig rig;
  rig.pivot_distance = kPivot;
  const motion::CameraMotion camera_motion = motion::ComputeCameraMotion({orbit}, kFrames, rig);

  motion::MotionScene s;
  s.fps = 8.0;
  s.reference_camera = Camera();
  for (int k = 0; k < kPoints; ++k) {
    motion::ScenePoint p;
    p.radius = float(kSphereRadius);
    p.reference_pixel = AnalyticPixel(0, RingPoint(k)).cast<float>();
    s.points.push_back(p);
  }
  for (int f = 0; f < kFrames; ++f) {
    motion::SceneFrame frame;
    frame.world_from_camera = camera_motion.reference_from_camera[f];
    frame.camera = Camera();
    for (int k = 0; k < kPoints; ++k) {
      frame.points_world.push_back(RingPoint(k).cast<float>());
      frame.visible.push_back(1);
    }
    s.frames.push_back(frame);
  }
  motion::ValidateMotionScene(s, "orbit ring");
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sphere_centres_follow_the_analytic_orbit) {
  const motion::MotionScene scene = OrbitScene();
  // Each sphere's colour comes from its frame-0 pixel; all must differ.
  std::vector<cv::Vec3b> colours;
  std::set<std::tuple<int, int, int>> distinct;
  for (const motion::ScenePoint& p : scene.points) {
    colours.push_back(PacColour(p.reference_pixel.x(), p.reference_pixel.y(), kW, kH));
    distinct.insert({colours.back()[0], colours.back()[1], colours.back()[2]});
  }
  BOOST_TEST_REQUIRE(distinct.size() == size_t(kPoints));

  RenderOptions options;
  options.object_map = ObjectMapMode::kSpheres;
  options.warp_preview = false;
  options.depth = false;
  double worst = 0.0;
  for (int f = 0; f < kFrames; ++f) {
    const cv::Mat map = RenderControlFrame(scene, f, options).object_map;
    std::vector<Eigen::Vector2d> want(kPoints);
    std::vector<double> radius_px(kPoints);
    for (int k = 0; k < kPoints; ++k) {
      want[k] = AnalyticPixel(f, RingPoint(k));
      // Distance to the camera along its axis, for the disc radius.
      const Eigen::Isometry3d cam_from_world = scene.frames[f].world_from_camera.inverse();
      radius_px[k] = kF * kSphereRadius / (cam_from_world * RingPoint(k)).z();
      BOOST_TEST_REQUIRE(radius_px[k] > 3.0);
    }
    // Precondition: discs are apart (no occlusion) and inside the image.
    for (int a = 0; a < kPoints; ++a) {
      BOOST_TEST_REQUIRE(want[a].x() - radius_px[a] > 1);
      BOOST_TEST_REQUIRE(want[a].x() + radius_px[a] < kW - 2);
      BOOST_TEST_REQUIRE(want[a].y() - radius_px[a] > 1);
      BOOST_TEST_REQUIRE(want[a].y() + radius_px[a] < kH - 2);
      for (int b = a + 1; b < kPoints; ++b) {
        BOOST_TEST_REQUIRE((want[a] - want[b]).norm() > radius_px[a] + radius_px[b] + 2);
      }
    }
    for (int k = 0; k < kPoints; ++k) {
      Eigen::Vector2d sum(0, 0);
      int n = 0;
      for (int y = 0; y < kH; ++y) {
        for (int x = 0; x < kW; ++x) {
          if (map.at<cv::Vec3b>(y, x) != colours[k]) continue;
          sum += Eigen::Vector2d(x, y);
          ++n;
        }
      }
      BOOST_TEST_REQUIRE(n > 0, "frame " << f << " point " << k << " not drawn");
      const double error = (sum / n - want[k]).norm();
      worst = std::max(worst, error);
      BOOST_TEST(error < 0.5, "frame " << f << " point " << k << ": centroid "
                                       << (sum / n).transpose() << ", analytic "
                                       << want[k].transpose());
    }
  }
  std::printf("worst sphere-centre error %.4f px over %d frames x %d points\n", worst, kFrames,
              kPoints);
}

}  // namespace dolly::controls
