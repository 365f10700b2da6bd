// RenderControlFrame against analytic ground truth on a small hand-built
// MotionScene (world = camera of frame 0, fx = fy = 200, 160 x 120):
//  - a still camera and still object reproduce frame 0's maps exactly;
//  - an object translated by a known amount moves its box wireframe and its
//    drag's trajectory dot to the analytic pixels (< 1 px);
//  - the warp preview of frame 0 is the reference image, bit for bit, and the
//    object's pixels move by the analytic (integer) shift in later frames.
#define BOOST_TEST_MODULE render_controls
#include "libs/controls/render_controls.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/controls/control_artifact.h"
#include "libs/controls/trajectory_map.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

constexpr int kW = 160;
constexpr int kH = 120;
constexpr double kF = 200.0;
constexpr double kBackgroundZ = 5.0;
constexpr double kObjectZ = 4.0;  // the object's box centre and the depth of its pixels
// The object's square in the reference image: x in [60, 99], y in [40, 79].
const cv::Rect kObjectRect(60, 40, 40, 40);

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

Eigen::Vector2d Project(const Eigen::Vector3d& p) {
  return {kF * p.x() / p.z() + (kW - 1) / 2.0, kF * p.y() / p.z() + (kH - 1) / 2.0};
}

// Points on a 5 x 4 grid of the background plane plus 4 on the object;
// object 1 (box 1 x 1 x 1 centred at (0, 0, 4)) moves by `step` per frame;
// one drag follows the box centre. The reference image is a texture with
// the object's square (label 1, depth 4) in front of the plane (depth 5).
motion::MotionScene Scene(int frames, const Eigen::Vector3d& step) {
  motion::MotionScene s;
  s.source = "intentions";
  s.fps = 8.0;
  s.reference_camera = Camera();
  std::vector<Eigen::Vector3d> p0;
  std::vector<int> ids;
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 5; ++i) {
      const Eigen::Vector2d px(10 + 35 * i, 10 + 30 * j);
      p0.push_back(Eigen::Vector3d((px.x() - Camera().cx) / kF, (px.y() - Camera().cy) / kF, 1.0) *
                   kBackgroundZ);
      ids.push_back(-1);
    }
  }
  for (const auto& [dx, dy] : {std::pair{-0.3, -0.3}, {0.3, -0.3}, {-0.3, 0.3}, {0.3, 0.3}}) {
    p0.push_back({dx, dy, kObjectZ - 0.5});
    ids.push_back(1);
  }
  for (size_t i = 0; i < p0.size(); ++i) {
    motion::ScenePoint p;
    p.radius = 0.05f;
    p.reference_pixel = Project(p0[i]).cast<float>();
    p.rgb = {200, 100, 50};
    p.object_id = ids[i];
    s.points.push_back(p);
  }
  motion::SceneObject object;
  object.id = 1;
  object.name = "box";
  object.world_from_box = Eigen::Translation3d(0, 0, kObjectZ) * Eigen::Isometry3d::Identity();
  object.box_size = Eigen::Vector3d(1, 1, 1);
  s.objects.push_back(object);
  motion::DragPath drag;
  drag.object_id = 1;
  for (int t = 0; t < frames; ++t) {
    const Eigen::Isometry3d motion(Eigen::Translation3d(step * t));
    drag.world.push_back(motion * Eigen::Vector3d(0, 0, kObjectZ));
    motion::SceneFrame f;
    f.camera = Camera();
    for (size_t i = 0; i < p0.size(); ++i) {
      f.points_world.push_back((ids[i] == 1 ? motion * p0[i] : p0[i]).cast<float>());
      f.visible.push_back(1);
    }
    f.object_motions.push_back(t == 0 ? Eigen::Isometry3d::Identity() : motion);
    s.frames.push_back(f);
  }
  s.drags.push_back(drag);

  s.reference_rgb.create(kH, kW, CV_8UC3);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      s.reference_rgb.at<cv::Vec3b>(y, x) =
          cv::Vec3b((x * 7) % 256, (y * 11) % 256, ((x + y) * 5) % 256);
    }
  }
  s.reference_depth = cv::Mat(kH, kW, CV_32FC1, cv::Scalar(kBackgroundZ));
  s.reference_depth(kObjectRect).setTo(kObjectZ);
  s.reference_labels = cv::Mat(kH, kW, CV_32SC1, cv::Scalar(0));
  s.reference_labels(kObjectRect).setTo(1);
  motion::ValidateMotionScene(s, "test scene");
  return s;
}

bool Same(const cv::Mat& a, const cv::Mat& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty();
  if (a.size() != b.size() || a.type() != b.type()) return false;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::countNonZero(diff.reshape(1)) == 0;
}

void RequireSameImages(const ControlImages& a, const ControlImages& b) {
  BOOST_TEST(Same(a.object_map, b.object_map));
  BOOST_TEST(Same(a.camera_map, b.camera_map));
  BOOST_TEST(Same(a.trajectory_map, b.trajectory_map));
  BOOST_TEST(Same(a.box_wireframes, b.box_wireframes));
  BOOST_TEST(Same(a.warp_preview, b.warp_preview));
  BOOST_TEST(Same(a.warp_coverage, b.warp_coverage));
  BOOST_TEST(Same(a.depth, b.depth));
}

// Bounding box of the pixels of `image` that differ from black.
cv::Rect NonBlackBox(const cv::Mat& image) {
  int x0 = image.cols, y0 = image.rows, x1 = -1, y1 = -1;
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      if (image.at<cv::Vec3b>(y, x) == cv::Vec3b(0, 0, 0)) continue;
      x0 = std::min(x0, x);
      y0 = std::min(y0, y);
      x1 = std::max(x1, x);
      y1 = std::max(y1, y);
    }
  }
  return {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

// Centroid of the pixels of exactly `colour`; count in *n.
Eigen::Vector2d Centroid(const cv::Mat& image, const cv::Vec3b& colour, int* n) {
  Eigen::Vector2d sum(0, 0);
  *n = 0;
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      if (image.at<cv::Vec3b>(y, x) != colour) continue;
      sum += Eigen::Vector2d(x, y);
      ++*n;
    }
  }
  return *n > 0 ? Eigen::Vector2d(sum / *n) : sum;
}

}  // namespace

BOOST_AUTO_TEST_CASE(still_scene_repeats_frame_zero) {
  const motion::MotionScene scene = Scene(5, Eigen::Vector3d::Zero());
  for (const ObjectMapMode mode : {ObjectMapMode::kPac, ObjectMapMode::kSpheres}) {
    RenderOptions options;
    options.object_map = mode;
    options.camera_map =
        mode == ObjectMapMode::kPac ? CameraMapMode::kPac : CameraMapMode::kIntrinsics;
    const ControlImages first = RenderControlFrame(scene, 0, options);
    BOOST_TEST_REQUIRE(!first.object_map.empty());
    BOOST_TEST(cv::countNonZero(first.object_map.reshape(1)) > 0);
    BOOST_TEST(!first.warp_preview.empty());
    BOOST_TEST(!first.depth.empty());
    for (int t = 1; t < scene.frame_count(); ++t) {
      BOOST_TEST_CONTEXT("frame " << t) {
        RequireSameImages(RenderControlFrame(scene, t, options), first);
      }
    }
  }
}

// Box 1 x 1 x 1 at (0, 0, 4) translated by (0.2, 0.1, 0) per frame: the
// wireframe's outer pixels are the extreme projected corners widened by the
// line's half thickness (1 px for thickness 2), and the trajectory's green
// dot is centred on the projected box centre.
BOOST_AUTO_TEST_CASE(translated_object_lands_on_analytic_pixels) {
  const Eigen::Vector3d step(0.2, 0.1, 0.0);
  const motion::MotionScene scene = Scene(4, step);
  const RenderOptions options;
  for (int t = 0; t < scene.frame_count(); ++t) {
    BOOST_TEST_CONTEXT("frame " << t) {
      const ControlImages images = RenderControlFrame(scene, t, options);
      double u_min = 1e9, u_max = -1e9, v_min = 1e9, v_max = -1e9;
      for (int c = 0; c < 8; ++c) {
        const Eigen::Vector3d corner(step.x() * t + ((c & 1) ? 0.5 : -0.5),
                                     step.y() * t + ((c & 2) ? 0.5 : -0.5),
                                     kObjectZ + ((c & 4) ? 0.5 : -0.5));
        const Eigen::Vector2d uv = Project(corner);
        u_min = std::min(u_min, uv.x());
        u_max = std::max(u_max, uv.x());
        v_min = std::min(v_min, uv.y());
        v_max = std::max(v_max, uv.y());
      }
      const cv::Rect box = NonBlackBox(images.box_wireframes);
      const double half = 1.0;  // WireframeStyle::thickness 2
      BOOST_TEST(std::abs(box.x + half - u_min) < 1.0);
      BOOST_TEST(std::abs(box.x + box.width - 1 - half - u_max) < 1.0);
      BOOST_TEST(std::abs(box.y + half - v_min) < 1.0);
      BOOST_TEST(std::abs(box.y + box.height - 1 - half - v_max) < 1.0);
      BOOST_TEST(images.box_wireframes.at<cv::Vec3b>(cvRound((v_min + v_max) / 2),
                                                     cvRound((u_min + u_max) / 2)) ==
                 cv::Vec3b(0, 0, 0));

      int n = 0;
      const Eigen::Vector2d dot = Centroid(images.trajectory_map, cv::Vec3b(0, 255, 0), &n);
      const Eigen::Vector2d want = Project(Eigen::Vector3d(0, 0, kObjectZ) + step * t);
      BOOST_TEST(n > 0);
      BOOST_TEST((dot - want).norm() < 1.0,
                 "dot " << dot.transpose() << " want " << want.transpose());
      // The red path runs from frame 0's position to the dot.
      if (t > 0) {
        const Eigen::Vector2d start = Project(Eigen::Vector3d(0, 0, kObjectZ));
        BOOST_TEST(images.trajectory_map.at<cv::Vec3b>(cvRound(start.y()), cvRound(start.x())) ==
                   cv::Vec3b(255, 0, 0));
      }
    }
  }
}

// Posetraj mode: map t is RenderPoseTrajMap of the drag's 2D track, where
// sample k is its frame-k position through frame k's own (moving) camera;
// the last map is black. The track here is computed analytically.
BOOST_AUTO_TEST_CASE(posetraj_mode_draws_the_2d_track_step_of_each_frame) {
  const Eigen::Vector3d step(0.2, 0.1, 0.0);
  motion::MotionScene scene = Scene(4, step);
  const Eigen::Vector3d camera_step(-0.15, 0.05, 0.1);
  for (int t = 0; t < scene.frame_count(); ++t) {
    scene.frames[t].world_from_camera = Eigen::Translation3d(camera_step * t) * Eigen::Isometry3d::Identity();
  }
  Track track;
  for (int k = 0; k < scene.frame_count(); ++k) {
    const Eigen::Vector2d uv = Project(Eigen::Vector3d(0, 0, kObjectZ) + (step - camera_step) * k);
    track.push_back({float(uv.x()), float(uv.y()), true});
  }
  RenderOptions options;
  options.trajectory_map = TrajectoryMapMode::kPosetraj;
  for (int t = 0; t < scene.frame_count(); ++t) {
    BOOST_TEST_CONTEXT("frame " << t) {
      const cv::Mat map = RenderControlFrame(scene, t, options).trajectory_map;
      const cv::Mat want = RenderPoseTrajMap(kW, kH, {track}, t, scene.frame_count());
      BOOST_TEST(Same(map, want));
      BOOST_TEST((cv::countNonZero(map.reshape(1)) > 0) == (t + 1 < scene.frame_count()));
    }
  }
  BOOST_TEST(TrajectoryMapModeName(ParseTrajectoryMapMode("posetraj")) == "posetraj");
  BOOST_TEST(TrajectoryMapModeName(ParseTrajectoryMapMode("dolly")) == "dolly");
  BOOST_CHECK_THROW(ParseTrajectoryMapMode("paths"), UsageError);
  const schema::ControlSignalsInfo info = MakeControlSignalsInfo(
      kW, kH, 4, 8.0, ObjectMapMode::kPac, CameraMapMode::kPac, TrajectoryMapMode::kPosetraj);
  BOOST_TEST(info.trajectory_map_mode == "posetraj");
  BOOST_TEST(MakeControlSignalsInfo(kW, kH, 4, 8.0, ObjectMapMode::kPac, CameraMapMode::kPac)
                 .trajectory_map_mode == "dolly");
}

// Frame 0 has identity camera and object motion: the reference itself. At
// frame t the object (depth 4) moves by 200 * (0.2, 0.1) * t / 4 = (10, 5) * t
// pixels; its interior pixels keep their reference colours (bicubic at
// integer positions) and depth; the background does not move.
BOOST_AUTO_TEST_CASE(warp_preview_is_reference_then_moves_the_object) {
  const Eigen::Vector3d step(0.2, 0.1, 0.0);
  const motion::MotionScene scene = Scene(3, step);
  const RenderOptions options;
  const ControlImages first = RenderControlFrame(scene, 0, options);
  BOOST_TEST(Same(first.warp_preview, scene.reference_rgb));
  BOOST_TEST(Same(first.depth, scene.reference_depth));
  BOOST_TEST(cv::countNonZero(first.warp_coverage) == kW * kH);

  for (int t = 1; t < scene.frame_count(); ++t) {
    const ControlImages images = RenderControlFrame(scene, t, options);
    const int sx = 10 * t, sy = 5 * t;
    int worst = 0;
    double worst_depth = 0;
    for (int y = kObjectRect.y + 3; y < kObjectRect.br().y - 3; ++y) {
      for (int x = kObjectRect.x + 3; x < kObjectRect.br().x - 3; ++x) {
        const cv::Vec3b a = images.warp_preview.at<cv::Vec3b>(y + sy, x + sx);
        const cv::Vec3b b = scene.reference_rgb.at<cv::Vec3b>(y, x);
        for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(int(a[c]) - int(b[c])));
        worst_depth =
            std::max(worst_depth, std::abs(images.depth.at<float>(y + sy, x + sx) - kObjectZ));
        BOOST_TEST_REQUIRE(images.warp_coverage.at<uchar>(y + sy, x + sx) == 255);
      }
    }
    BOOST_TEST(worst <= 1, "frame " << t << ": object pixels differ by " << worst);
    BOOST_TEST(worst_depth < 1e-4);
    // A background corner far from the object stays put.
    BOOST_TEST(images.warp_preview.at<cv::Vec3b>(5, 5) == scene.reference_rgb.at<cv::Vec3b>(5, 5));
    BOOST_TEST(std::abs(images.depth.at<float>(5, 5) - kBackgroundZ) < 1e-4);
  }
}

BOOST_AUTO_TEST_CASE(options_skip_maps_and_scale_the_output) {
  motion::MotionScene scene = Scene(2, Eigen::Vector3d(0.2, 0, 0));
  RenderOptions options;
  options.warp_preview = false;
  options.wireframes = false;
  options.width = 80;
  BOOST_TEST((OutputSize(scene, options) == cv::Size(80, 60)));
  ControlImages images = RenderControlFrame(scene, 1, options);
  BOOST_TEST(images.warp_preview.empty());
  BOOST_TEST(images.box_wireframes.empty());
  BOOST_TEST((images.object_map.size() == cv::Size(80, 60)));
  BOOST_TEST((images.depth.size() == cv::Size(80, 60)));
  // Half size: pixel centres map as (c + 0.5) / 2 - 0.5.
  const geometry::PinholeCamera half = ScaleCamera(Camera(), 80, 60);
  BOOST_TEST(half.fx == kF / 2);
  BOOST_TEST(half.cx == ((kW - 1) / 2.0 + 0.5) / 2 - 0.5);
  // Three times the reference's size: the warp is done at the reference's
  // size and scaled up, so frame 0 is the reference enlarged and its depth
  // has no holes.
  options = RenderOptions();
  options.width = 3 * kW;
  images = RenderControlFrame(scene, 0, options);
  cv::Mat enlarged;
  cv::resize(scene.reference_rgb, enlarged, cv::Size(3 * kW, 3 * kH), 0, 0, cv::INTER_LINEAR);
  BOOST_TEST(Same(images.warp_preview, enlarged));
  BOOST_TEST(cv::countNonZero(images.depth) == 9 * kW * kH);
  images = RenderControlFrame(scene, 1, options);
  BOOST_TEST(cv::countNonZero(images.warp_coverage) > 0.95 * 9 * kW * kH);
  // No reference image: no warp, no depth, the rest as before.
  scene.reference_rgb = cv::Mat();
  scene.reference_depth = cv::Mat();
  scene.reference_labels = cv::Mat();
  images = RenderControlFrame(scene, 1, RenderOptions());
  BOOST_TEST(images.warp_preview.empty());
  BOOST_TEST(images.depth.empty());
  BOOST_TEST(!images.camera_map.empty());
  BOOST_CHECK_THROW(RenderControlFrame(scene, 2, RenderOptions()), InvalidInputError);
  BOOST_CHECK_THROW(ParseObjectMapMode("discs"), UsageError);
  BOOST_TEST((ParseCameraMapMode("intrinsics") == CameraMapMode::kIntrinsics));
}

BOOST_AUTO_TEST_CASE(control_frame_round_trips) {
  const motion::MotionScene scene = Scene(2, Eigen::Vector3d(0.2, 0, 0));
  const ControlImages images = RenderControlFrame(scene, 1, RenderOptions());
  const schema::ControlFrame frame = ToControlFrame(images, 1, kW, kH);
  BOOST_TEST(frame.index == 1);
  RequireSameImages(FromControlFrame(frame), images);
  BOOST_CHECK_THROW(ToControlFrame(images, 1, kW + 1, kH), InvalidInputError);
}

}  // namespace dolly::controls
