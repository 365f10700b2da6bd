#define BOOST_TEST_MODULE render_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <set>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libs/inspect/camera_plot.h"
#include "libs/inspect/depth_colormap.h"
#include "libs/inspect/ortho_render.h"
#include "libs/inspect/palette.h"
#include "libs/inspect/plot_panel.h"
#include "libs/inspect/track_painter.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

// Position of `color` on the colormap (0..255), by nearest entry.
int ColormapLevel(const cv::Vec3b& color, Colormap map = Colormap::kTurbo) {
  int best = -1;
  double best_distance = 1e18;
  for (int level = 0; level < 256; ++level) {
    const cv::Vec3b c = MapColor(level / 255.0, map);
    const double d = cv::norm(cv::Vec3d(c) - cv::Vec3d(color));
    if (d < best_distance) {
      best_distance = d;
      best = level;
    }
  }
  return best;
}

int64_t NonBackground(const cv::Mat& rgb, const cv::Vec3b& background) {
  int64_t count = 0;
  for (int y = 0; y < rgb.rows; ++y) {
    for (int x = 0; x < rgb.cols; ++x) count += rgb.at<cv::Vec3b>(y, x) != background;
  }
  return count;
}

BOOST_AUTO_TEST_CASE(histogram_quantiles_are_close_and_extremes_exact) {
  std::vector<float> values;
  for (int i = 1; i <= 10000; ++i) values.push_back(0.001f * i);  // 0.001 .. 10
  values.push_back(0.0f);                                         // unknown: ignored
  values.push_back(std::nanf(""));
  DepthHistogram histogram;
  histogram.Add(values.data(), values.size());
  BOOST_TEST(histogram.count() == 10000);
  BOOST_TEST(histogram.Quantile(0.0) == static_cast<double>(0.001f));
  BOOST_TEST(histogram.Quantile(1.0) == static_cast<double>(10.0f));
  for (double q : {0.02, 0.5, 0.98}) {
    BOOST_TEST(std::abs(histogram.Quantile(q) / (10.0 * q) - 1.0) < 0.01, "quantile " << q);
  }
  const DepthRange range = RobustRange(histogram);
  BOOST_TEST(std::abs(range.low - 0.2) < 0.002);
  BOOST_TEST(std::abs(range.high - 9.8) < 0.1);
}

BOOST_AUTO_TEST_CASE(constant_depth_still_gets_a_usable_range) {
  const std::vector<float> values(50, 3.0f);
  DepthHistogram histogram;
  histogram.Add(values.data(), values.size());
  const DepthRange range = RobustRange(histogram);
  BOOST_TEST(range.low < 3.0);
  BOOST_TEST(range.high > 3.0);
  BOOST_TEST(RobustRange(DepthHistogram()).high > RobustRange(DepthHistogram()).low);
}

BOOST_AUTO_TEST_CASE(depth_colours_follow_depth_order_and_unknown_is_black) {
  // One row from near to far, then an unknown pixel.
  cv::Mat depth(1, 6, CV_32FC1);
  const float row[6] = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 0.0f};
  for (int x = 0; x < 6; ++x) depth.at<float>(0, x) = row[x];
  const cv::Mat rgb = ColorizeDepth(depth, {1.0, 5.0}, /*larger_is_nearer=*/false);
  BOOST_TEST(rgb.type() == CV_8UC3);
  BOOST_TEST((rgb.at<cv::Vec3b>(0, 5) == cv::Vec3b(0, 0, 0)));
  // Nearer is further along turbo (towards red), and strictly so.
  for (int x = 1; x < 5; ++x) {
    BOOST_TEST(ColormapLevel(rgb.at<cv::Vec3b>(0, x - 1)) > ColormapLevel(rgb.at<cv::Vec3b>(0, x)));
  }
  BOOST_TEST(ColormapLevel(rgb.at<cv::Vec3b>(0, 0)) == 255);
  BOOST_TEST(ColormapLevel(rgb.at<cv::Vec3b>(0, 4)) == 0);
  const cv::Vec3b near = rgb.at<cv::Vec3b>(0, 0), far = rgb.at<cv::Vec3b>(0, 4);
  BOOST_TEST(near[0] > far[0]);  // near is red...
  BOOST_TEST(far[2] > near[2]);  // ...far is blue

  // Inverse depth runs the other way.
  const cv::Mat inverse = ColorizeDepth(depth, {1.0, 5.0}, /*larger_is_nearer=*/true);
  BOOST_TEST(ColormapLevel(inverse.at<cv::Vec3b>(0, 4)) == 255);
  BOOST_TEST(ColormapLevel(inverse.at<cv::Vec3b>(0, 0)) == 0);

  // Inferno's far end is kept apart from black.
  const cv::Mat inferno = ColorizeDepth(depth, {1.0, 5.0}, false, Colormap::kInferno);
  BOOST_TEST(cv::norm(cv::Vec3d(inferno.at<cv::Vec3b>(0, 4))) > 30.0);
  BOOST_TEST((inferno.at<cv::Vec3b>(0, 5) == cv::Vec3b(0, 0, 0)));
}

BOOST_AUTO_TEST_CASE(distinct_colours_differ_between_neighbours) {
  std::set<std::tuple<int, int, int>> seen;
  for (int i = 0; i < 64; ++i) {
    const cv::Vec3b a = DistinctColor(i), b = DistinctColor(i + 1);
    BOOST_TEST(cv::norm(cv::Vec3d(a) - cv::Vec3d(b)) > 40.0, "colours " << i << " and " << i + 1);
    seen.insert({a[0], a[1], a[2]});
  }
  BOOST_TEST(seen.size() == 64u);
}

BOOST_AUTO_TEST_CASE(ticks_are_nice_numbers) {
  BOOST_TEST(NiceTickStep(10.0, 5) == 2.0);
  BOOST_TEST(NiceTickStep(1.0, 10) == 0.1);
  BOOST_TEST(NiceTickStep(0.7, 5) == 0.2);
  BOOST_TEST(NiceTickStep(0.0, 5) == 1.0);
  const std::vector<double> ticks = TickValues(-0.3, 0.9, 0.5);
  BOOST_TEST(ticks.size() == 2u);
  BOOST_TEST(ticks[0] == 0.0);
  BOOST_TEST(ticks[1] == 0.5);
}

BOOST_AUTO_TEST_CASE(camera_plot_has_its_size_and_draws_the_path) {
  std::vector<CameraPlotPose> poses;
  for (int i = 0; i < 20; ++i) {
    CameraPlotPose pose;
    pose.rotation = Eigen::Matrix3d::Identity();
    pose.position = Eigen::Vector3d(std::cos(i * 0.3), 0.1 * i, std::sin(i * 0.3));
    poses.push_back(pose);
  }
  const cv::Mat plot = DrawCameraPath(poses, FrustumShape(), "test");
  BOOST_TEST(plot.cols == kCameraPlotWidth);
  BOOST_TEST(plot.rows == kCameraPlotHeight);
  BOOST_TEST(plot.type() == CV_8UC3);
  BOOST_TEST(NonBackground(plot, cv::Vec3b(255, 255, 255)) > plot.total() / 100);
  // The path is coloured by time: the segment into frame 10 has its colour.
  const cv::Vec3b mid = MapColor(10.0 / 19.0);
  BOOST_TEST(NonBackground(plot, mid) < static_cast<int64_t>(plot.total()));

  const cv::Mat single = DrawCameraPath({poses[0]}, FrustumShape(), "one");
  BOOST_TEST(NonBackground(single, cv::Vec3b(255, 255, 255)) > 0);
  BOOST_TEST(DrawCameraPath({}, FrustumShape(), "none").cols == kCameraPlotWidth);
}

BOOST_AUTO_TEST_CASE(orthographic_render_draws_points_and_wires) {
  const std::vector<float> xyz = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
  const std::vector<int32_t> faces = {0, 1, 2, 0, 2, 3};
  Bounds3 bounds;
  bounds.Include(xyz.data(), 4);
  BOOST_TEST((bounds.hi == Eigen::Vector3d(1, 1, 1)));
  PointsView view;
  view.xyz = xyz.data();
  view.count = 4;
  const cv::Mat points = RenderOrthographic(view, bounds, 100);
  BOOST_TEST(points.cols == 300);
  BOOST_TEST(points.rows == 100);
  view.faces = faces.data();
  view.face_count = 2;
  const cv::Mat wires = RenderOrthographic(view, bounds, 100);
  BOOST_TEST(NonBackground(wires, cv::Vec3b(0, 0, 0)) > NonBackground(points, cv::Vec3b(0, 0, 0)));
}

BOOST_AUTO_TEST_CASE(visible_tracks_are_filled_and_occluded_ones_hollow) {
  schema::TrackFrame frame;
  const std::vector<float> positions = {10, 10, 30, 10, std::nanf(""), std::nanf("")};
  frame.__set_positions(MakeTensor<float>({3, 2}, positions.data()));
  frame.__set_visibility(MakeTensor<uint8_t>(std::vector<uint8_t>{1, 0, 0}));
  cv::Mat canvas(20, 40, CV_8UC3, cv::Scalar(0, 0, 0));
  TrackPainter painter(3, {1.0, 1.0}, 4);
  painter.Draw(frame, &canvas);
  BOOST_TEST((canvas.at<cv::Vec3b>(10, 10) == DistinctColor(0)));  // filled centre
  BOOST_TEST((canvas.at<cv::Vec3b>(10, 30) == cv::Vec3b(0, 0, 0)));  // hollow centre
  BOOST_TEST(cv::norm(cv::Vec3d(canvas.at<cv::Vec3b>(10, 34))) > 50.0);  // its ring

  // The next frame draws a tail back to the previous position.
  const std::vector<float> moved = {16, 10, 30, 10, std::nanf(""), std::nanf("")};
  frame.__set_positions(MakeTensor<float>({3, 2}, moved.data()));
  cv::Mat next(20, 40, CV_8UC3, cv::Scalar(0, 0, 0));
  painter.Draw(frame, &next);
  BOOST_TEST(cv::norm(cv::Vec3d(next.at<cv::Vec3b>(10, 8))) == 0.0);  // old dot gone
  BOOST_TEST(cv::norm(cv::Vec3d(next.at<cv::Vec3b>(10, 11))) > 50.0);  // tail
}

}  // namespace
}  // namespace dolly::inspect
