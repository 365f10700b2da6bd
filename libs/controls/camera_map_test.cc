#define BOOST_TEST_MODULE camera_map
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/controls/camera_map.h"
#include "libs/core/error.h"
#include "libs/geometry/pose.h"

namespace dolly::controls {
namespace {

// Odd sizes put the PAC principal point ((W-1)/2, (H-1)/2) = (32, 24) on a
// pixel centre, whose ray is exactly (0, 0, 1).
constexpr int kW = 65;
constexpr int kH = 49;
const cv::Vec3b kEven(200, 200, 200);
const cv::Vec3b kOdd(56, 56, 56);

Eigen::Isometry3d At(const Eigen::Vector3d& position) {
  return geometry::MakeIsometry(Eigen::Matrix3d::Identity(), position);
}

Eigen::Isometry3d Turned(const Eigen::Vector3d& axis, double degrees) {
  return geometry::MakeIsometry(geometry::AxisAngle(axis, geometry::DegreesToRadians(degrees)),
                                Eigen::Vector3d::Zero());
}

cv::Vec3b Centre(const cv::Mat& map) { return map.at<cv::Vec3b>(kH / 2, kW / 2); }

bool Equal(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(pac_intrinsics_are_60_degrees_centred) {
  const auto k = PacCameraMapIntrinsics(kW, kH);
  BOOST_TEST(std::abs(geometry::VerticalFovDegrees(k) - 60.0) < 1e-9);
  BOOST_TEST(k.fx == k.fy);
  BOOST_TEST(k.cx == 32.0);
  BOOST_TEST(k.cy == 24.0);
  BOOST_TEST(k.width == kW);
  BOOST_TEST(k.height == kH);
}

// By hand: the optical axis leaves the cube at (0, 0, 100) on the z = +100
// face; the in-face coordinates (0, 0) are in squares round(0/12.5) = 0 and
// 0, sum 0: even, the light gray.
BOOST_AUTO_TEST_CASE(identity_pose_sees_z_face_centre_even) {
  const EnvelopeHit hit = TraceEnvelope(Eigen::Vector3d::Zero(), Eigen::Vector3d(0, 0, 1));
  BOOST_TEST(hit.axis == 2);
  BOOST_TEST(hit.sign == 1);
  BOOST_TEST(hit.t == 100.0);
  BOOST_TEST(hit.point == Eigen::Vector3d(0, 0, 100));
  BOOST_TEST(EnvelopeCheckerParity(hit) == 0);

  const cv::Mat map = RenderPacCameraMap(Eigen::Isometry3d::Identity(), kW, kH);
  BOOST_TEST(map.type() == CV_8UC3);
  BOOST_TEST(map.cols == kW);
  BOOST_TEST(map.rows == kH);
  BOOST_TEST(Centre(map) == kEven);
}

BOOST_AUTO_TEST_CASE(both_gray_levels_appear) {
  // At 60 degrees the view spans about +-57.7 units of the z face: many squares.
  const cv::Mat map = RenderPacCameraMap(Eigen::Isometry3d::Identity(), kW, kH);
  int even = 0, odd = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const cv::Vec3b p = map.at<cv::Vec3b>(y, x);
      even += p == kEven;
      odd += p == kOdd;
    }
  }
  BOOST_TEST(even + odd == kW * kH);
  BOOST_TEST(even > 0);
  BOOST_TEST(odd > 0);
}

BOOST_AUTO_TEST_CASE(camera_turned_90_about_y_sees_x_face) {
  const Eigen::Isometry3d pose = Turned(Eigen::Vector3d::UnitY(), 90.0);
  const Eigen::Vector3d forward = pose.linear() * Eigen::Vector3d(0, 0, 1);
  const EnvelopeHit hit = TraceEnvelope(Eigen::Vector3d::Zero(), forward);
  BOOST_TEST(hit.axis == 0);
  BOOST_TEST(hit.sign == 1);
  BOOST_TEST(hit.point.x() == 100.0);
  BOOST_TEST(std::abs(hit.point.y()) < 1e-9);
  BOOST_TEST(std::abs(hit.point.z()) < 1e-9);

  // Shifted one square along z, the turned camera's centre hits (100, 0,
  // 12.5): squares 0 and 1, odd; facing forward from the same spot it hits
  // (0, 0, 100): even. So the map shows the x face, not the z face.
  const Eigen::Vector3d shift(0, 0, 12.5);
  Eigen::Isometry3d turned = pose;
  turned.translation() = shift;
  BOOST_TEST(Centre(RenderPacCameraMap(turned, kW, kH)) == kOdd);
  BOOST_TEST(Centre(RenderPacCameraMap(At(shift), kW, kH)) == kEven);
}

BOOST_AUTO_TEST_CASE(one_square_along_x_flips_centre_parity) {
  // (12.5, 0, 100): squares 1 and 0, odd; (25, 0, 100): 2 and 0, even.
  BOOST_TEST(Centre(RenderPacCameraMap(At({12.5, 0, 0}), kW, kH)) == kOdd);
  BOOST_TEST(Centre(RenderPacCameraMap(At({-12.5, 0, 0}), kW, kH)) == kOdd);
  BOOST_TEST(Centre(RenderPacCameraMap(At({25.0, 0, 0}), kW, kH)) == kEven);
}

BOOST_AUTO_TEST_CASE(real_intrinsics_are_used) {
  // Off-centre principal point (10, 8); with fx = 40, pixel x = 15 looks
  // along (5/40, 0, 1) and hits (12.5, 0, 100): odd.
  geometry::PinholeCamera k;
  k.fx = 40.0;
  k.fy = 55.0;
  k.cx = 10.0;
  k.cy = 8.0;
  k.width = 40;
  k.height = 30;
  const cv::Mat map = RenderCameraMap(Eigen::Isometry3d::Identity(), k);
  BOOST_TEST(map.cols == 40);
  BOOST_TEST(map.rows == 30);
  BOOST_TEST(map.at<cv::Vec3b>(8, 10) == kEven);
  BOOST_TEST(map.at<cv::Vec3b>(8, 15) == kOdd);
}

BOOST_AUTO_TEST_CASE(mirrored_cameras_give_mirrored_maps) {
  const auto flip_x = [](const cv::Mat& m) {
    cv::Mat out;
    cv::flip(m, out, 1);
    return out;
  };
  const auto flip_y = [](const cv::Mat& m) {
    cv::Mat out;
    cv::flip(m, out, 0);
    return out;
  };
  // Yaw +-30 degrees: mirror images about the vertical centre line.
  BOOST_TEST(Equal(RenderPacCameraMap(Turned(Eigen::Vector3d::UnitY(), 30.0), kW, kH),
                   flip_x(RenderPacCameraMap(Turned(Eigen::Vector3d::UnitY(), -30.0), kW, kH))));
  // Pitch +-20 degrees: mirror images about the horizontal centre line.
  BOOST_TEST(Equal(RenderPacCameraMap(Turned(Eigen::Vector3d::UnitX(), 20.0), kW, kH),
                   flip_y(RenderPacCameraMap(Turned(Eigen::Vector3d::UnitX(), -20.0), kW, kH))));
  // Positions mirrored in x.
  BOOST_TEST(Equal(RenderPacCameraMap(At({20, 7, 3}), kW, kH),
                   flip_x(RenderPacCameraMap(At({-20, 7, 3}), kW, kH))));
}

BOOST_AUTO_TEST_CASE(identical_calls_give_identical_maps) {
  const Eigen::Isometry3d pose = geometry::MakeIsometry(
      geometry::AxisAngle(Eigen::Vector3d(0.3, 1.0, -0.2), 0.7), Eigen::Vector3d(13.1, -4.2, 40.0));
  const cv::Mat a = RenderPacCameraMap(pose, kW, kH);
  const cv::Mat b = RenderPacCameraMap(pose, kW, kH);
  BOOST_TEST(Equal(a, b));
  const auto maps = RenderCameraMaps({Eigen::Isometry3d::Identity(), pose}, PacCameraMapIntrinsics(kW, kH));
  BOOST_TEST(maps.size() == 2u);
  BOOST_TEST(Equal(maps[1], a));
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  BOOST_CHECK_THROW(RenderPacCameraMap(Eigen::Isometry3d::Identity(), 0, kH), InvalidInputError);
  BOOST_CHECK_THROW(RenderPacCameraMap(At({100, 0, 0}), kW, kH), InvalidInputError);
  BOOST_CHECK_THROW(RenderPacCameraMap(At({0, 0, -150}), kW, kH), InvalidInputError);
  BOOST_CHECK_THROW(TraceEnvelope(Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()), InvalidInputError);
  geometry::PinholeCamera k = PacCameraMapIntrinsics(kW, kH);
  k.fx = 0.0;
  BOOST_CHECK_THROW(RenderCameraMap(Eigen::Isometry3d::Identity(), k), InvalidInputError);
}

}  // namespace dolly::controls
