#define BOOST_TEST_MODULE metrics_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"
#include "libs/trajectory/metrics.h"

namespace dolly::trajectory {
namespace {

// Exact math in double: 1e-9 absolute.
constexpr double kTol = 1e-9;

Trajectory Circle(int n) {
  Trajectory t;
  for (int i = 0; i < n; ++i) {
    const double a = 0.3 * i;
    t.Add(i, geometry::MakeIsometry(geometry::AxisAngle({0, 1, 0}, a),
                                    {std::cos(a), 0.1 * i, std::sin(a)}));
  }
  return t;
}

// world' = similarity * world applied to every pose.
Trajectory Transformed(const Trajectory& t, double s, const Eigen::Matrix3d& r,
                       const Eigen::Vector3d& o) {
  Trajectory out;
  for (size_t i = 0; i < t.size(); ++i) {
    const Eigen::Isometry3d& p = t.world_from_camera[i];
    out.Add(t.timestamps[i], geometry::MakeIsometry(r * p.linear(), s * r * p.translation() + o));
  }
  return out;
}

BOOST_AUTO_TEST_CASE(Sim3AlignmentRecoversAKnownSimilarity) {
  const Trajectory gt = Circle(10);
  const Eigen::Matrix3d r = geometry::AxisAngle({1, 2, 3}, 0.7);
  // est = gt expressed in another world at scale 0.5: gt = 2 R^T (est - o).
  const Trajectory est = Transformed(gt, 0.5, r, {1, -2, 3});
  const AteResult sim3 = AbsoluteTrajectoryError(est, gt, /*with_scale=*/true);
  BOOST_TEST(sim3.rmse < kTol);
  BOOST_TEST(std::abs(sim3.alignment.scale - 2.0) < kTol);
  BOOST_TEST((sim3.alignment.rotation - r.transpose()).norm() < kTol);
  BOOST_TEST(MeanRotationErrorDeg(est, gt, sim3.alignment.rotation) < 1e-6);
  // SE(3) cannot undo the scale: error is clearly non-zero.
  BOOST_TEST(AbsoluteTrajectoryError(est, gt, false).rmse > 0.1);
}

BOOST_AUTO_TEST_CASE(AteOfAConstantOffsetAfterRotationOnlyChange) {
  // Two positions offset by +-0.1 along x around the aligned path: RMSE 0.1.
  Trajectory gt, est;
  for (int i = 0; i < 4; ++i) {
    gt.Add(i, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0, 0, double(i)}));
    const double dx = (i == 0 || i == 3) ? 0.1 : -0.1;
    est.Add(i, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {dx, 0, double(i)}));
  }
  const AteResult se3 = AbsoluteTrajectoryError(est, gt, false);
  // Offsets +,-,-,+ along x have zero mean and zero correlation with z, so
  // no rigid motion does better than the identity (up to a spin about z,
  // which keeps |offset|): RMSE = max = 0.1 exactly.
  BOOST_TEST(std::abs(se3.rmse - 0.1) < 1e-6);
  BOOST_TEST(std::abs(se3.max - 0.1) < 1e-6);
}

BOOST_AUTO_TEST_CASE(StaticCameraFallsBackToCentroidAlignment) {
  Trajectory gt, est;
  for (int i = 0; i < 5; ++i) {
    gt.Add(i, Eigen::Isometry3d::Identity());
    est.Add(i, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0.2, 0, 0}));
  }
  const AteResult r = AbsoluteTrajectoryError(est, gt, true);
  BOOST_TEST(std::isfinite(r.rmse));
  BOOST_TEST(r.rmse < kTol);
  BOOST_TEST(r.alignment.scale == 1.0);
}

BOOST_AUTO_TEST_CASE(RpeOfAKnownRelativeError) {
  // Estimate moves 1.1 m per frame where the truth moves 1.0 m: RPE over
  // delta 2 is 0.2 m translation, 0 rotation.
  Trajectory gt, est;
  for (int i = 0; i < 6; ++i) {
    gt.Add(i, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0, 0, 1.0 * i}));
    est.Add(i, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0, 0, 1.1 * i}));
  }
  const RpeResult r = RelativePoseError(est, gt, 2);
  BOOST_TEST(r.pairs == 4);
  BOOST_TEST(std::abs(r.translation_rmse - 0.2) < kTol);
  BOOST_TEST(r.rotation_mean_deg < kTol);
  BOOST_CHECK_THROW(RelativePoseError(est, gt, 0), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(RotationErrorOfAKnownAngle) {
  Trajectory gt, est;
  for (int i = 0; i < 3; ++i) {
    gt.Add(i, Eigen::Isometry3d::Identity());
    est.Add(i, geometry::MakeIsometry(geometry::AxisAngle({0, 0, 1}, geometry::DegreesToRadians(2.0)),
                                      Eigen::Vector3d::Zero()));
  }
  BOOST_TEST(std::abs(MeanRotationErrorDeg(est, gt) - 2.0) < 1e-9);
  BOOST_TEST(std::abs(RotationAngleDeg(geometry::AxisAngle({1, 0, 0}, M_PI)) - 180.0) < 1e-9);
}

BOOST_AUTO_TEST_CASE(PathLengthAndMismatchedLengths) {
  Trajectory a;
  a.Add(0, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {0, 0, 0}));
  a.Add(1, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {3, 4, 0}));
  a.Add(2, geometry::MakeIsometry(Eigen::Matrix3d::Identity(), {3, 4, 1}));
  BOOST_TEST(std::abs(PathLength(a) - 6.0) < kTol);
  Trajectory b = a;
  b.Add(3, Eigen::Isometry3d::Identity());
  BOOST_CHECK_THROW(AbsoluteTrajectoryError(a, b, true), InvalidInputError);
  BOOST_CHECK_THROW(AbsoluteTrajectoryError(Trajectory(), Trajectory(), true), InvalidInputError);
}

}  // namespace
}  // namespace dolly::trajectory
