#define BOOST_TEST_MODULE reprojection_cost_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <memory>

#include "libs/odometry/reprojection_cost.h"

namespace dolly::odometry {
namespace {

// Hand-computed projections: exact in double, 1e-12.
constexpr double kTol = 1e-12;

BOOST_AUTO_TEST_CASE(ResidualOfAKnownProjection) {
  // Identity rotation, camera 1 m behind the world origin along z.
  const double q[4] = {1, 0, 0, 0};
  const double t[3] = {0, 0, 1};
  const double point[3] = {0.5, -0.25, 1.0};  // camera: (0.5, -0.25, 2)
  // u = 100 * 0.25 + 64 = 89, v = 100 * -0.125 + 48 = 35.5.
  const ReprojectionCost cost(88.0, 36.0, 100, 100, 64, 48);
  double r[2];
  BOOST_TEST(cost(q, t, point, r));
  BOOST_TEST(std::abs(r[0] - 1.0) < kTol);
  BOOST_TEST(std::abs(r[1] + 0.5) < kTol);
}

BOOST_AUTO_TEST_CASE(RotationIsApplied) {
  // 90 degrees about y, q = (cos 45, 0, sin 45, 0): R x = (0, 0, -1),
  // R z = (1, 0, 0).
  const double h = std::sqrt(0.5);
  const double q[4] = {h, 0, h, 0};
  const double t[3] = {0, 0, 0};
  const double point[3] = {0, 0, 2};  // camera: (2, 0, 0)
  const ReprojectionCost cost(0, 0, 100, 100, 64, 48);
  double r[2];
  cost(q, t, point, r);
  // z = 0: behind/at the camera plane -> the constant residual.
  BOOST_TEST(r[0] == 1e3);
  const double ahead[3] = {-2, 0.2, 0};  // camera: R(-2,0.2,0) = (0, 0.2, 2)
  cost(q, t, ahead, r);
  BOOST_TEST(std::abs(r[0] - 64.0) < kTol);
  BOOST_TEST(std::abs(r[1] - (10.0 + 48.0)) < kTol);
}

BOOST_AUTO_TEST_CASE(AutodiffJacobianMatchesFiniteDifference) {
  std::unique_ptr<ceres::CostFunction> f(ReprojectionCost::Create(60, 50, 120, 110, 64, 48));
  double q[4] = {0.9, 0.1, -0.2, 0.3};
  const double n = std::sqrt(0.81 + 0.01 + 0.04 + 0.09);
  for (double& c : q) c /= n;
  double t[3] = {0.1, -0.2, 0.5};
  double p[3] = {0.3, 0.2, 3.0};
  double* params[3] = {q, t, p};
  double r[2], jq[8], jt[6], jp[6];
  double* jac[3] = {jq, jt, jp};
  BOOST_TEST(f->Evaluate(params, r, jac));
  // d r / d point, by central differences (step 1e-6, agreement 1e-5).
  for (int k = 0; k < 3; ++k) {
    double rp[2], rm[2];
    p[k] += 1e-6;
    f->Evaluate(params, rp, nullptr);
    p[k] -= 2e-6;
    f->Evaluate(params, rm, nullptr);
    p[k] += 1e-6;
    for (int i = 0; i < 2; ++i) BOOST_TEST(std::abs((rp[i] - rm[i]) / 2e-6 - jp[3 * i + k]) < 1e-5);
  }
}

BOOST_AUTO_TEST_CASE(DepthPrior) {
  const double q[4] = {1, 0, 0, 0};
  const double t[3] = {0, 0, 1};
  const DepthPriorCost cost(q, t, 2.0, 0.01);
  const double point[3] = {5, 5, 1.02};  // z in camera 2.02: 1% off
  double r;
  cost(point, &r);
  BOOST_TEST(std::abs(r - 1.0) < 1e-9);
}

}  // namespace
}  // namespace dolly::odometry
