// A Perception-as-Control track file (no masks) through BuildFromIntentions,
// against an independent restatement of how PAC's inference draws the
// user's tracks (inference.py get_control_objs: interpolate_trajectory_3d
// with scipy's PchipInterpolator over t = linspace(0, 1, n), evaluated at
// linspace(0, 1, 16); single-point tracks repeated; depth code = the whole
// depth map min-max normalised at the rounded first point), and the region
// dolly segments for the warp preview against the known object mask.
//
// Scene: 96 x 64, fx = fy = 80; a backdrop plane at z = 5 with a grey
// checker, a red square (x in [24, 48), y in [20, 44)) on a plane at z = 2.
#define BOOST_TEST_MODULE track_objects_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/controls/pac_object_points.h"
#include "libs/controls/render_controls.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/build/from_intentions.h"
#include "libs/motion/build/track_objects.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/objects/drag_region.h"
#include "libs/motion/representation/motion_scene.h"
#include "libs/motion/testing/centred_camera.h"

namespace {

using dolly::geometry::PinholeCamera;
using namespace dolly::motion;

constexpr int kWidth = 96, kHeight = 64;
const cv::Rect kSquare(24, 20, 24, 24);

// Track 0 and 2 start on the square; track 1 is a pin on the backdrop.
const char kTracks[] = R"([
  [[30, 30, 0.5], [40, 27, 0.5], [52, 33, 0.5]],
  [[80, 10, 0.5]],
  [[40, 38, 0.5], [55, 36, 0.5]]
])";

PinholeCamera Camera() { return dolly::motion::testing::CentredCamera(80.0, kWidth, kHeight); }

struct Inputs {
  cv::Mat rgb, depth, truth;
};

Inputs MakeInputs() {
  Inputs in;
  in.rgb = cv::Mat(kHeight, kWidth, CV_8UC3);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const uint8_t v = ((x / 8) + (y / 8)) % 2 ? 170 : 90;
      in.rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(v, v, v);
    }
  }
  in.depth = cv::Mat(kHeight, kWidth, CV_32F, cv::Scalar(5.0f));
  in.truth = cv::Mat(kHeight, kWidth, CV_8U, cv::Scalar(0));
  in.truth(kSquare).setTo(255);
  in.rgb(kSquare).setTo(cv::Vec3b(210, 50, 40));
  in.depth(kSquare).setTo(2.0f);
  return in;
}

// scipy.interpolate.PchipInterpolator on (t, y), written from its
// documentation: interior slopes the weighted harmonic mean of the secants
// (0 where they change sign), end slopes the shape-preserving three-point
// formula, two samples a straight line.
double ReferencePchip(const std::vector<double>& t, const std::vector<double>& y, double q) {
  const size_t n = t.size();
  if (n == 1) return y[0];
  std::vector<double> h(n - 1), delta(n - 1), d(n, 0.0);
  for (size_t k = 0; k + 1 < n; ++k) {
    h[k] = t[k + 1] - t[k];
    delta[k] = (y[k + 1] - y[k]) / h[k];
  }
  if (n == 2) {
    d[0] = d[1] = delta[0];
  } else {
    for (size_t k = 1; k + 1 < n; ++k) {
      if (delta[k - 1] * delta[k] <= 0.0) continue;
      const double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
      d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
    }
    auto end = [](double h0, double h1, double m0, double m1) {
      double s = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
      if (s * m0 <= 0.0) return 0.0;
      if (m0 * m1 < 0.0 && std::abs(s) > 3 * std::abs(m0)) return 3 * m0;
      return s;
    };
    d[0] = end(h[0], h[1], delta[0], delta[1]);
    d[n - 1] = end(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  }
  size_t k = 0;
  while (k + 2 < n && q > t[k + 1]) ++k;
  const double s = (q - t[k]) / h[k];
  const double h00 = (1 + 2 * s) * (1 - s) * (1 - s), h10 = s * (1 - s) * (1 - s);
  const double h01 = s * s * (3 - 2 * s), h11 = s * s * (s - 1);
  return h00 * y[k] + h10 * h[k] * d[k] + h01 * y[k + 1] + h11 * h[k] * d[k + 1];
}

// PAC's frame-f position of a track of `points` in a clip of `frames`.
Eigen::Vector2d PacPosition(const std::vector<Eigen::Vector2d>& points, int f, int frames) {
  const size_t n = points.size();
  std::vector<double> t(n), xs(n), ys(n);
  for (size_t i = 0; i < n; ++i) {
    t[i] = n == 1 ? 0.0 : static_cast<double>(i) / (n - 1);
    xs[i] = points[i].x();
    ys[i] = points[i].y();
  }
  const double q = static_cast<double>(f) / (frames - 1);
  return {ReferencePchip(t, xs, q), ReferencePchip(t, ys, q)};
}

Eigen::Vector2d Project(const PinholeCamera& c, const Eigen::Vector3d& p) {
  return {c.fx * p.x() / p.z() + c.cx, c.fy * p.y() / p.z() + c.cy};
}

const std::vector<std::vector<Eigen::Vector2d>> kTrackPoints = {
    {{30, 30}, {40, 27}, {52, 33}}, {{80, 10}}, {{40, 38}, {55, 36}}};

MotionScene Build(const std::string& convention) {
  const Inputs in = MakeInputs();
  const Intentions intentions = ParseIntentions(kTracks, "tracks.json", "", kWidth, kHeight);
  BuildOptions options;
  options.convention = convention;
  return BuildFromIntentions(in.rgb, in.depth, cv::Mat(), Camera(), intentions, options);
}

// The object map's points, in both conventions, are exactly PAC's tracks.
BOOST_AUTO_TEST_CASE(tracks_become_the_object_map_points_as_pac_draws_them) {
  const Inputs in = MakeInputs();
  for (const std::string convention : {"dolly", "pac"}) {
    BOOST_TEST_CONTEXT("convention " << convention) {
      const MotionScene scene = Build(convention);
      BOOST_TEST_REQUIRE(scene.point_count() == 3);  // the tracks only, no grid
      BOOST_TEST_REQUIRE(scene.frame_count() == kPacClipFrames);
      BOOST_TEST_REQUIRE(scene.object_map_depth.size() == 3u);
      double worst = 0.0;
      for (int k = 0; k < 3; ++k) {
        const Eigen::Vector2d start = kTrackPoints[k][0];
        // Colour key: the first point.
        BOOST_TEST(scene.points[k].reference_pixel.cast<double>() == start);
        // Depth code: (z - min) / (max - min) over the whole map, z at the
        // rounded first point (here 2 on the square, 5 on the backdrop).
        const double z = in.depth.at<float>(static_cast<int>(std::lround(start.y())),
                                            static_cast<int>(std::lround(start.x())));
        BOOST_TEST(scene.object_map_depth[k] == (z - 2.0) / (5.0 - 2.0), boost::test_tools::tolerance(1e-6));
        for (int f = 0; f < scene.frame_count(); ++f) {
          const SceneFrame& frame = scene.frames[f];
          BOOST_TEST(frame.visible[k] == 1);
          const Eigen::Vector3d c =
              frame.world_from_camera.inverse() * frame.points_world[k].cast<double>();
          const Eigen::Vector2d uv = Project(frame.camera, c);
          worst = std::max(worst, (uv - PacPosition(kTrackPoints[k], f, scene.frame_count())).norm());
        }
      }
      BOOST_TEST_MESSAGE("largest position error " << worst << " px");
      BOOST_TEST(worst <= 1e-4);  // float32 world points
    }
  }
}

// What dolly-render draws in convention pac: each track's disc at PAC's
// truncated position every frame, its colour key the truncated first point,
// its depth code as above. Points are stored in float32 (as PAC computes
// them): a position within 1e-3 px of an integer may truncate to either
// side of it, elsewhere the truncation must agree.
bool PacTruncationAgrees(float got, double want) {
  const double nearest = std::round(want);
  if (std::abs(want - nearest) < 1e-3) return got == nearest || got == nearest - 1.0;
  return got == std::floor(want);
}

BOOST_AUTO_TEST_CASE(pac_render_points_are_the_truncated_tracks) {
  const MotionScene scene = Build("pac");
  int off = 0;
  for (int f = 0; f < scene.frame_count(); ++f) {
    const std::vector<dolly::controls::ControlPoint> points =
        dolly::controls::PacConventionControlPoints(scene, f, cv::Size(kWidth, kHeight));
    BOOST_TEST_REQUIRE(points.size() == 3u);
    for (int k = 0; k < 3; ++k) {
      const Eigen::Vector2d want = PacPosition(kTrackPoints[k], f, scene.frame_count());
      BOOST_TEST(points[k].visible);
      BOOST_TEST(PacTruncationAgrees(points[k].x0, kTrackPoints[k][0].x()));
      BOOST_TEST(PacTruncationAgrees(points[k].y0, kTrackPoints[k][0].y()));
      BOOST_TEST(points[k].depth == scene.object_map_depth[k]);
      off += !PacTruncationAgrees(points[k].x, want.x()) || !PacTruncationAgrees(points[k].y, want.y());
    }
  }
  BOOST_TEST(off == 0);
}

// The pin holds still; the two tracks that start on the square move one
// region, the square, segmented by dolly; the warp preview moves it.
BOOST_AUTO_TEST_CASE(the_square_is_segmented_and_moves_in_the_warp_preview) {
  const Inputs in = MakeInputs();
  const MotionScene scene = Build("dolly");
  BOOST_TEST_REQUIRE(scene.objects.size() == 1u);
  BOOST_TEST(scene.drags.size() == 2u);
  BOOST_TEST(scene.points[1].object_id == -1);
  BOOST_TEST(scene.points[0].object_id == scene.objects[0].id);
  BOOST_TEST(scene.points[2].object_id == scene.objects[0].id);
  const cv::Mat region = scene.reference_labels == scene.objects[0].id;
  const double iou = MaskIou(region, in.truth);
  BOOST_TEST_MESSAGE("region IoU " << iou);
  BOOST_TEST(iou >= 0.95);

  dolly::controls::RenderOptions options;
  options.wireframes = false;
  const int last = scene.frame_count() - 1;
  const cv::Mat warped = dolly::controls::RenderControlFrame(scene, last, options).warp_preview;
  // Red pixels of the last frame: where the square went.
  double sx = 0, sy = 0;
  int count = 0;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const cv::Vec3b c = warped.at<cv::Vec3b>(y, x);
      if (c[0] > 180 && c[1] < 100) {
        sx += x;
        sy += y;
        ++count;
      }
    }
  }
  BOOST_TEST_REQUIRE(count > 300);
  // The rigid fit to the two drags (a turn about the vertical and the
  // translation of their midpoint) carries the square's centre by the
  // drags' mean displacement: (18.5, 0.5) px on the plane z = 2.
  const Eigen::Vector2d moved(sx / count - 35.5, sy / count - 31.5);
  BOOST_TEST_MESSAGE("square centre moved by " << moved.transpose());
  BOOST_TEST(std::abs(moved.x() - 18.5) <= 1.5);
  BOOST_TEST(std::abs(moved.y() - 0.5) <= 1.5);
}

}  // namespace
