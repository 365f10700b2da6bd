// The scale fits against dolly-synth ground truth. A monocular path is the
// true path in unknown units: here the ground-truth poses and track points of
// orbit_boxes (camera 2 m above the ground) multiplied by kUnits stand for
// it, so every fit must find the factor 1 / kUnits.
#define BOOST_TEST_MODULE scale_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/odometry/scale.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::odometry {
namespace {

namespace st = synth::testing;

constexpr double kUnits = 0.37;       // path units per metre
constexpr double kCameraHeight = 2.0;  // orbit_boxes: camera at z = 2, ground z = 0
constexpr double kScaleTolerance = 0.02;

struct GtScene {
  st::ViewData view;
  mono::MonoPath path;  // ground truth in kUnits
};

const GtScene& Scene() {
  static const GtScene scene = [] {
    synth::SynthOptions o;
    o.scene = "orbit_boxes";
    o.frames = 6;
    o.width = 160;
    o.height = 120;
    o.tracks = 400;
    o.write_mp4 = false;
    o.write_png = false;
    GtScene s;
    s.view = st::ReadView(st::RunSynth(o, "scale_scene").output_dir);
    const int frames = s.view.frames();
    for (int f = 0; f < frames; ++f) {
      Eigen::Isometry3d pose = s.view.WorldFromCamera(f);
      pose.translation() *= kUnits;
      s.path.world_from_camera.push_back(pose);
      s.path.lost.push_back(false);
      s.path.quality.push_back({});
    }
    s.path.segments.push_back({0, frames, mono::MotionKind::GENERAL});
    for (int64_t i = 0; i < s.view.track_count(); ++i) {
      mono::MapPoint point;
      for (int f = 0; f < frames; ++f) {
        if (!s.view.Visible(f, i)) continue;
        if (point.observations.empty()) point.world = s.view.PointWorld(f, i) * kUnits;
        point.observations.push_back({f, s.view.Position(f, i).cast<float>()});
      }
      if (!point.observations.empty()) s.path.points.push_back(point);
    }
    return s;
  }();
  return scene;
}

// A depth model's kind of output: disparity-like, unknown scale and shift.
cv::Mat RelativeInverse(const cv::Mat& depth) {
  cv::Mat out(depth.size(), CV_32FC1);
  for (int y = 0; y < depth.rows; ++y) {
    for (int x = 0; x < depth.cols; ++x) {
      const float z = depth.at<float>(y, x);
      out.at<float>(y, x) = z > 0 ? 3.0f / z + 0.25f : 0.25f;
    }
  }
  return out;
}

BOOST_AUTO_TEST_CASE(sparse_samples_are_the_depth_at_the_rounded_pixel) {
  const GtScene& s = Scene();
  const auto samples = SparseSamples(s.path, 160, 120);
  BOOST_TEST_REQUIRE(samples.size() == 6u);
  std::vector<double> errors;
  for (int f = 0; f < 6; ++f) {
    const cv::Mat depth = s.view.Depth(f);
    for (const SparseSample& sample : samples[f]) {
      const double gt = depth.at<float>(sample.pixel) * kUnits;
      errors.push_back(std::abs(sample.depth - gt) / gt);
    }
  }
  BOOST_TEST_REQUIRE(errors.size() > 600u);
  std::sort(errors.begin(), errors.end());
  // The point lies within half a pixel of the pixel centre the map holds:
  // on these slanted surfaces that moves depth by well under 1 %, except at
  // the few silhouette pixels where the map shows the surface behind.
  BOOST_TEST_MESSAGE("sparse depth relative error: median " << errors[errors.size() / 2]
                                                            << ", 90% " << errors[errors.size() * 9 / 10]);
  BOOST_TEST(errors[errors.size() / 2] < 0.005);
  BOOST_TEST(errors[errors.size() * 9 / 10] < 0.02);
}

BOOST_AUTO_TEST_CASE(metric_depth_gives_the_factor_to_metres) {
  const GtScene& s = Scene();
  const auto samples = SparseSamples(s.path, 160, 120);
  DepthRatioScale scale(1);
  for (int f = 0; f < 6; ++f) scale.AddFrame(0, s.view.Depth(f), samples[f]);
  BOOST_TEST_REQUIRE(scale.Factor(0).has_value());
  BOOST_TEST_MESSAGE("metric depth factor " << *scale.Factor(0) << " (true " << 1 / kUnits << ")");
  BOOST_TEST(std::abs(*scale.Factor(0) * kUnits - 1) < kScaleTolerance);
  BOOST_TEST(!DepthRatioScale(1).Factor(0).has_value());
}

BOOST_AUTO_TEST_CASE(camera_height_over_the_sparse_ground_plane) {
  const GtScene& s = Scene();
  std::vector<Eigen::Vector3d> points;
  for (const mono::MapPoint& p : s.path.points) points.push_back(p.world);
  const auto plane = FitGroundPlane(points, s.path.world_from_camera);
  BOOST_TEST_REQUIRE(plane.has_value());
  // The ground (instance 1), not the backdrop wall nor a box top: every
  // ground track point lies on the plane.
  double worst_ground = 0.0;
  int ground = 0;
  for (int64_t i = 0; i < s.view.track_count(); ++i) {
    if (s.view.InstanceId(i) != 1 || !s.view.Visible(0, i)) continue;
    worst_ground = std::max(worst_ground, std::abs(plane->Distance(s.view.PointWorld(0, i) * kUnits)));
    ++ground;
  }
  BOOST_TEST(ground > 30);
  BOOST_TEST(worst_ground < 0.002 * kUnits);  // 2 mm
  const double factor = CameraHeightFactor(*plane, s.path.world_from_camera, kCameraHeight);
  BOOST_TEST_MESSAGE("camera height factor " << factor << " (true " << 1 / kUnits << "), "
                                             << plane->inliers << " ground points");
  BOOST_TEST(std::abs(factor * kUnits - 1) < kScaleTolerance);
}

BOOST_AUTO_TEST_CASE(relative_model_depth_aligned_to_the_points_then_camera_height) {
  const GtScene& s = Scene();
  const auto samples = SparseSamples(s.path, 160, 120);
  std::vector<Eigen::Vector3d> dense;
  const geometry::PinholeCamera& k = s.view.intrinsics;
  for (int f = 0; f < 6; ++f) {
    const cv::Mat gt = s.view.Depth(f);
    const cv::Mat relative = RelativeInverse(gt);
    const auto fit = FitRelativeToSparse(relative, /*inverse=*/true, samples[f]);
    BOOST_TEST_REQUIRE(fit.has_value());
    // The aligned map is the true depth in the path's units.
    for (int y = 4; y < gt.rows; y += 8) {
      for (int x = 4; x < gt.cols; x += 8) {
        if (gt.at<float>(y, x) <= 0) continue;  // nothing there (background)
        const double z = fit->Apply(relative.at<float>(y, x));
        // The sparse samples sit up to half a pixel off their point: 1 %.
        BOOST_TEST(std::abs(z / (gt.at<float>(y, x) * kUnits) - 1) < 0.01);
        const Eigen::Vector3d ray((x - k.cx) / k.fx, (y - k.cy) / k.fy, 1.0);
        dense.push_back(s.path.world_from_camera[f] * (ray * z));
      }
    }
  }
  const auto plane = FitGroundPlane(dense, s.path.world_from_camera);
  BOOST_TEST_REQUIRE(plane.has_value());
  const double factor = CameraHeightFactor(*plane, s.path.world_from_camera, kCameraHeight);
  BOOST_TEST_MESSAGE("aligned model depth + camera height factor " << factor);
  BOOST_TEST(std::abs(factor * kUnits - 1) < kScaleTolerance);
}

BOOST_AUTO_TEST_CASE(relative_fit_ignores_outliers_and_refuses_too_few_samples) {
  cv::Mat relative(10, 10, CV_32FC1);
  std::vector<SparseSample> samples;
  for (int i = 0; i < 100; ++i) {
    relative.at<float>(i / 10, i % 10) = static_cast<float>(i);
    // depth = 2 r + 5, with every fourth sample wrong by a lot.
    samples.push_back({{i % 10, i / 10}, 2.0 * i + 5 + (i % 4 == 0 ? 300.0 : 0.0)});
  }
  const auto fit = FitRelativeToSparse(relative, false, samples);
  BOOST_TEST_REQUIRE(fit.has_value());
  BOOST_TEST(fit->scale == 2.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(fit->shift == 5.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(fit->inliers == 75);
  samples.resize(2);
  BOOST_TEST(!FitRelativeToSparse(relative, false, samples).has_value());
}

BOOST_AUTO_TEST_CASE(rescaling_a_segment_scales_translations_and_points_only) {
  mono::MonoPath path = Scene().path;
  const mono::MonoPath before = path;
  RescaleSegment(0, 1 / kUnits, &path);
  for (size_t f = 0; f < path.world_from_camera.size(); ++f) {
    BOOST_TEST((path.world_from_camera[f].translation() -
                Scene().view.WorldFromCamera(static_cast<int>(f)).translation())
                   .norm() < 1e-9);
    BOOST_TEST(path.world_from_camera[f].linear().isApprox(before.world_from_camera[f].linear()));
  }
  BOOST_TEST((path.points[0].world - before.points[0].world / kUnits).norm() < 1e-9);
}

}  // namespace
}  // namespace dolly::odometry
