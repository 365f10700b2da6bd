// BuildFromIntentions against analytic ground truth on a synthetic scene: a
// plane tilted about the camera's vertical axis, z(x) = 4 + 0.01 (x - cx),
// seen by a 160x120 camera (fx = fy = 150), with a labelled square (id 2)
// and a static labelled patch (id 9).
#define BOOST_TEST_MODULE from_intentions_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/core/error.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/build/from_intentions.h"
#include "libs/motion/camera/camera_presets.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/representation/motion_scene.h"
#include "libs/motion/testing/centred_camera.h"

namespace {

using dolly::geometry::PinholeCamera;
using namespace dolly::motion;

constexpr int kWidth = 160, kHeight = 120;
constexpr double kPi = 3.14159265358979323846;

PinholeCamera Camera() { return dolly::motion::testing::CentredCamera(150.0, kWidth, kHeight); }

double PlaneDepth(double x) { return 4.0 + 0.01 * (x - 79.5); }

// The analytic 3D point (reference camera frame) of pixel (x, y).
Eigen::Vector3d PlanePoint(double x, double y) {
  const PinholeCamera c = Camera();
  const double z = PlaneDepth(x);
  return {(x - c.cx) / c.fx * z, (y - c.cy) / c.fy * z, z};
}

Eigen::Vector2d ProjectK(const PinholeCamera& c, const Eigen::Vector3d& p) {
  return {c.fx * p.x() / p.z() + c.cx, c.fy * p.y() / p.z() + c.cy};
}

struct Inputs {
  cv::Mat rgb, depth, labels;
};

// Square id 2 at x in [40, 60), y in [30, 50); id 9 at x in [120, 130),
// y in [80, 90). With `flat`, depth is 4 everywhere.
Inputs MakeInputs(bool flat = false) {
  Inputs in;
  in.rgb = cv::Mat(kHeight, kWidth, CV_8UC3);
  in.depth = cv::Mat(kHeight, kWidth, CV_32F);
  in.labels = cv::Mat(kHeight, kWidth, CV_16U, cv::Scalar(0));
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      in.rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(x, y, (x + y) % 256);
      in.depth.at<float>(y, x) = static_cast<float>(flat ? 4.0 : PlaneDepth(x));
      if (x >= 40 && x < 60 && y >= 30 && y < 50) in.labels.at<uint16_t>(y, x) = 2;
      if (x >= 120 && x < 130 && y >= 80 && y < 90) in.labels.at<uint16_t>(y, x) = 9;
    }
  }
  return in;
}

Drag StraightDrag(Eigen::Vector2d from, Eigen::Vector2d to) {
  Drag d;
  d.id = "0";
  d.points = {from, to};
  return d;
}

std::string ErrorOf(const Inputs& in, const Intentions& intentions) {
  BuildOptions options;
  options.intentions_name = "intent.json";
  options.labels_name = "masks.png";
  try {
    BuildFromIntentions(in.rgb, in.depth, in.labels, Camera(), intentions, options);
  } catch (const dolly::InvalidInputError& e) {
    return e.what();
  }
  return "";
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// (a) Orbit left 30 degrees about the pivot at the median depth (4: the plane
// is symmetric about the centre column): world points stay put and each
// frame's projection equals that of the analytic pose
//   world_from_camera(a) = [R_y(a) | (-d sin a, 0, d (1 - cos a))].
// Tolerance 1e-3 px (float storage of points ~ 1e-6 relative).
BOOST_AUTO_TEST_CASE(orbit_keeps_points_and_matches_analytic_projection) {
  const Inputs in = MakeInputs();
  Intentions intentions;
  intentions.frames = 9;
  CameraSegment orbit;
  orbit.preset = CameraPreset::kOrbitLeft;
  orbit.magnitude = 30.0;
  orbit.start_frame = 0;
  orbit.end_frame = 9;
  intentions.camera_segments = {orbit};
  const MotionScene scene =
      BuildFromIntentions(in.rgb, in.depth, cv::Mat(), Camera(), intentions, {});

  BOOST_TEST_REQUIRE(scene.frame_count() == 9);
  BOOST_TEST(scene.point_count() == 31 * 31);  // every grid pixel has depth
  BOOST_TEST(scene.objects.empty());
  const double d = 4.0;
  for (int t = 0; t < scene.frame_count(); ++t) {
    const SceneFrame& f = scene.frames[t];
    const double a = 30.0 * kPi / 180.0 * t / 8.0;
    Eigen::Isometry3d analytic = Eigen::Isometry3d::Identity();
    analytic.linear() = Eigen::AngleAxisd(a, Eigen::Vector3d::UnitY()).toRotationMatrix();
    analytic.translation() = Eigen::Vector3d(-d * std::sin(a), 0.0, d * (1.0 - std::cos(a)));
    const Eigen::Isometry3d camera_from_world = analytic.inverse();
    BOOST_TEST(f.camera.fx == 150.0);
    double worst = 0.0;
    for (int k = 0; k < scene.point_count(); ++k) {
      const ScenePoint& p = scene.points[k];
      BOOST_TEST_REQUIRE(p.object_id == -1);
      BOOST_TEST_REQUIRE(f.visible[k] == 1);
      const Eigen::Vector3d truth = PlanePoint(p.reference_pixel.x(), p.reference_pixel.y());
      const Eigen::Vector2d want = ProjectK(Camera(), camera_from_world * truth);
      const Eigen::Vector2d got =
          ProjectK(f.camera, f.world_from_camera.inverse() * f.points_world[k].cast<double>());
      worst = std::max(worst, (got - want).norm());
      // World points do not move under a camera-only plan.
      BOOST_TEST_REQUIRE((f.points_world[k] - scene.frames[0].points_world[k]).norm() == 0.0f);
    }
    BOOST_TEST(worst < 1e-3, "frame " << t << ": worst reprojection " << worst << " px");
  }
  // Grid pixels at cell centres; radius covers the cell: z * spacing / (2 fx).
  const ScenePoint& first = scene.points[0];
  BOOST_TEST(first.reference_pixel.x() == std::lround(0.5 * 160.0 / 31 - 0.5));
  BOOST_TEST(first.reference_pixel.y() == std::lround(0.5 * 120.0 / 31 - 0.5));
  const double z0 = PlaneDepth(first.reference_pixel.x());
  BOOST_TEST(std::abs(first.radius - z0 * (160.0 / 31) / 300.0) < 1e-6);
  const int x0 = static_cast<int>(first.reference_pixel.x());
  const int y0 = static_cast<int>(first.reference_pixel.y());
  BOOST_TEST(first.rgb[0] == x0);
  BOOST_TEST(first.rgb[1] == y0);
  BOOST_TEST(scene.reference_rgb.size() == in.rgb.size());
  BOOST_TEST(scene.source == "intentions");
}

// (b) A drag on the square (id 2, flat depth 4) from its centroid pixel
// (49.5, 39.5) to (110.5, 80.5): at the last frame the projected region
// centroid lands on the drag's end (< 1 px; it is exact up to float
// storage), every object point is shifted by the drag vector, and the static
// patch (id 9, not in the intentions) and the background stay put.
BOOST_AUTO_TEST_CASE(drag_moves_region_centroid_to_drag_end) {
  const Inputs in = MakeInputs(/*flat=*/true);
  Intentions intentions;
  intentions.frames = 6;
  ObjectIntention object;
  object.mask_id = 2;
  const Eigen::Vector2d start(49.5, 39.5), end(110.5, 80.5);
  object.drags = {StraightDrag(start, end)};
  intentions.objects = {object};
  const MotionScene scene =
      BuildFromIntentions(in.rgb, in.depth, in.labels, Camera(), intentions, {});

  BOOST_CHECK_NO_THROW(ValidateMotionScene(scene, "scene"));
  BOOST_TEST_REQUIRE(scene.objects.size() == 1u);
  BOOST_TEST(scene.objects[0].id == 2);
  BOOST_TEST(scene.objects[0].name == "object 2");
  BOOST_TEST_REQUIRE(scene.drags.size() == 1u);
  BOOST_TEST(scene.drags[0].object_id == 2);
  BOOST_TEST_REQUIRE(scene.drags[0].world.size() == 6u);
  BOOST_TEST((ProjectK(Camera(), scene.drags[0].world.back()) - end).norm() < 1e-6);

  // Region centroid (mean of the square's 3D points) moved by the last
  // frame's object motion.
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
  for (int y = 30; y < 50; ++y)
    for (int x = 40; x < 60; ++x) centroid += Camera().Unproject(Eigen::Vector2d(x, y), 4.0);
  centroid /= 400.0;
  const SceneFrame& last = scene.frames.back();
  BOOST_TEST_REQUIRE(last.object_motions.size() == 1u);
  const Eigen::Vector2d moved = ProjectK(last.camera, last.object_motions[0] * centroid);
  BOOST_TEST((moved - end).norm() < 1.0, "centroid at " << moved.transpose());
  BOOST_TEST((moved - end).norm() < 1e-6);

  int object_points = 0;
  bool centroid_pixel = false;
  for (int k = 0; k < scene.point_count(); ++k) {
    const ScenePoint& p = scene.points[k];
    const Eigen::Vector2d pixel = p.reference_pixel.cast<double>();
    const int label =
        in.labels.at<uint16_t>(static_cast<int>(pixel.y()), static_cast<int>(pixel.x()));
    BOOST_TEST_REQUIRE(p.object_id == (label == 2 ? 2 : -1));
    const Eigen::Vector2d got = ProjectK(last.camera, last.points_world[k].cast<double>());
    const Eigen::Vector2d want = p.object_id == 2 ? Eigen::Vector2d(pixel + end - start) : pixel;
    BOOST_TEST_REQUIRE((got - want).norm() < 1e-3, "point " << k << " at " << got.transpose());
    if (p.object_id == 2) {
      ++object_points;
      // Square pixels 40..59: the nearest to (49.5, 39.5) is (49, 39).
      if (pixel == Eigen::Vector2d(49, 39)) centroid_pixel = true;
      // Object lattice spacing 8 px at z = 4 (or the scene grid's cell).
      BOOST_TEST((std::abs(p.radius - 4.0 * 8 / 300.0) < 1e-6 ||
                  std::abs(p.radius - 4.0 * (160.0 / 31) / 300.0) < 1e-6));
    }
  }
  // Lattice x, y in {44, 52} (stride 8, offset 4) -> 4 points, plus the
  // centroid pixel, plus scene grid cells inside the square.
  BOOST_TEST(object_points >= 5);
  BOOST_TEST(centroid_pixel);

  // Box: axis-aligned, around the 2nd..98th percentile of the square's
  // points; centre at the centroid, width ~ 19 px * 4 / 150 less the tails.
  const SceneObject& box = scene.objects[0];
  BOOST_TEST((box.world_from_box.translation() - centroid).norm() < 1e-9);
  BOOST_TEST(box.box_size.x() > 0.9 * 19 * 4 / 150.0);
  BOOST_TEST(box.box_size.x() <= 19 * 4 / 150.0 + 1e-9);
  BOOST_TEST(std::abs(box.box_size.z()) < 1e-9);
}

// A drag drawn on the moving camera's frames (truck right 0.25 scene units =
// 1 world unit at median depth 4, while zooming 1.5x) from the square's
// centroid pixel to (100.5, 70.5): at the last frame the region centroid is
// seen at that pixel by the last frame's camera, pose and zoomed intrinsics
// (< 1e-6 px: analytic up to rounding).
BOOST_AUTO_TEST_CASE(moving_camera_drag_lands_in_the_moving_zoomed_view) {
  const Inputs in = MakeInputs(/*flat=*/true);
  Intentions intentions;
  intentions.frames = 7;
  intentions.zoom = 1.5;
  CameraSegment truck;
  truck.preset = CameraPreset::kTruckRight;
  truck.magnitude = 0.25;
  truck.start_frame = 0;
  truck.end_frame = 7;
  intentions.camera_segments = {truck};
  ObjectIntention object;
  object.mask_id = 2;
  object.drag_space = DragSpace::kMovingCamera;
  const Eigen::Vector2d start(49.5, 39.5), end(100.5, 70.5);
  object.drags = {StraightDrag(start, end)};
  intentions.objects = {object};
  const MotionScene scene =
      BuildFromIntentions(in.rgb, in.depth, in.labels, Camera(), intentions, {});
  const SceneFrame& last = scene.frames.back();
  BOOST_TEST((last.world_from_camera.translation() - Eigen::Vector3d(1.0, 0, 0)).norm() < 1e-9);
  BOOST_TEST(std::abs(last.camera.fx - 225.0) < 1e-9);
  const Eigen::Vector3d centroid = Camera().Unproject(start, 4.0);
  const Eigen::Vector2d seen =
      ProjectK(last.camera, last.world_from_camera.inverse() * (last.object_motions[0] * centroid));
  BOOST_TEST((seen - end).norm() < 1e-6, "seen at " << seen.transpose());
}

// (c) zoom 2: fx, fy double by the last frame, geometric in between
// (sqrt 2 half way), principal point unchanged, poses still.
BOOST_AUTO_TEST_CASE(zoom_scales_focal_length) {
  const Inputs in = MakeInputs();
  Intentions intentions;
  intentions.frames = 5;
  intentions.zoom = 2.0;
  const MotionScene scene =
      BuildFromIntentions(in.rgb, in.depth, cv::Mat(), Camera(), intentions, {});
  BOOST_TEST(std::abs(scene.frames[0].camera.fx - 150.0) < 1e-12);
  BOOST_TEST(std::abs(scene.frames[2].camera.fx - 150.0 * std::sqrt(2.0)) < 1e-9);
  BOOST_TEST(std::abs(scene.frames[4].camera.fx - 300.0) < 1e-9);
  BOOST_TEST(std::abs(scene.frames[4].camera.fy - 300.0) < 1e-9);
  BOOST_TEST(scene.frames[4].camera.cx == 79.5);
  BOOST_TEST(scene.frames[4].camera.cy == 59.5);
  BOOST_TEST(scene.frames[4].world_from_camera.matrix().isIdentity(1e-12));
  BOOST_TEST(scene.reference_camera.fx == 150.0);
}

// Explicit poses are used as given.
BOOST_AUTO_TEST_CASE(explicit_poses_are_world_from_camera) {
  const Inputs in = MakeInputs();
  Intentions intentions;
  intentions.frames = 3;
  std::vector<Eigen::Isometry3d> poses(3, Eigen::Isometry3d::Identity());
  poses[1].translation() = Eigen::Vector3d(0.1, 0, 0);
  poses[2].translation() = Eigen::Vector3d(0.2, 0, 0.3);
  intentions.reference_from_camera = poses;
  const MotionScene scene =
      BuildFromIntentions(in.rgb, in.depth, cv::Mat(), Camera(), intentions, {});
  for (int t = 0; t < 3; ++t) {
    BOOST_TEST(scene.frames[t].world_from_camera.isApprox(poses[t], 1e-12));
  }
}

// (d) Errors name the input at fault.
BOOST_AUTO_TEST_CASE(errors_name_mask_id_and_file) {
  Inputs in = MakeInputs();
  Intentions intentions;
  intentions.frames = 4;
  ObjectIntention object;
  object.mask_id = 7;  // not in the label image
  object.drags = {StraightDrag({10, 10}, {20, 20})};
  intentions.objects = {object};
  std::string msg = ErrorOf(in, intentions);
  BOOST_TEST(Contains(msg, "masks.png"), msg);
  BOOST_TEST(Contains(msg, "mask id 7"), msg);

  // Labels of another size than the image.
  intentions.objects[0].mask_id = 2;
  Inputs wrong = in;
  wrong.labels = cv::Mat(60, 80, CV_16U, cv::Scalar(2));
  msg = ErrorOf(wrong, intentions);
  BOOST_TEST(Contains(msg, "masks.png"), msg);
  BOOST_TEST(Contains(msg, "80x60"), msg);

  // Objects but no label image: the intentions are named.
  Inputs unlabelled = in;
  unlabelled.labels = cv::Mat();
  msg = ErrorOf(unlabelled, intentions);
  BOOST_TEST(Contains(msg, "intent.json"), msg);

  // A mask without valid depth.
  Inputs holes = in;
  holes.depth = in.depth.clone();  // cv::Mat copies share pixels
  holes.depth(cv::Rect(40, 30, 20, 20)).setTo(0.0f);
  msg = ErrorOf(holes, intentions);
  BOOST_TEST(Contains(msg, "mask id 2"), msg);

  // No valid depth at all.
  Inputs empty = in;
  empty.depth = in.depth.clone();
  empty.depth.setTo(0.0f);
  BOOST_TEST(Contains(ErrorOf(empty, intentions), "depth"));

  // A valid request still builds.
  BOOST_TEST(ErrorOf(in, intentions).empty());
}

}  // namespace
