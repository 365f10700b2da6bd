#define BOOST_TEST_MODULE schema_convert_test
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "libs/core/error.h"
#include "libs/geometry/pose.h"
#include "libs/geometry/schema_convert.h"

namespace dolly::geometry {
namespace {

BOOST_AUTO_TEST_CASE(IntrinsicsRoundTrip) {
  const PinholeCamera c = CameraFromVerticalFov(50.0, 64, 48);
  const schema::Intrinsics k = ToIntrinsics(c);
  BOOST_TEST(k.__isset.fx);
  BOOST_TEST(k.__isset.height);
  const PinholeCamera back = FromIntrinsics(k);
  BOOST_TEST(back.fx == c.fx);
  BOOST_TEST(back.cy == c.cy);
  BOOST_TEST(back.width == 64);
  BOOST_TEST(back.height == 48);
}

BOOST_AUTO_TEST_CASE(IntrinsicsRejectsBadValues) {
  schema::Intrinsics k = ToIntrinsics(CameraFromVerticalFov(50.0, 64, 48));
  k.__set_fx(-1.0);
  BOOST_CHECK_THROW(FromIntrinsics(k, "camera.dolly: info"), InvalidInputError);
  schema::Intrinsics missing;
  missing.__set_fx(1.0);
  try {
    FromIntrinsics(missing, "camera.dolly: info");
    BOOST_FAIL("expected an error");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).rfind("camera.dolly: info", 0) == 0);
  }
}

// The quaternion round trip is exact up to rounding: 1e-12 on the matrix.
BOOST_AUTO_TEST_CASE(PoseRoundTrip) {
  const Eigen::Isometry3d t =
      MakeIsometry(AxisAngle({0.3, -1.0, 0.4}, 2.9), {0.5, -1.25, 3.0});
  const schema::Pose pose = ToPose(t);
  BOOST_TEST(pose.rotation.__isset.w);
  BOOST_TEST(pose.__isset.translation);
  BOOST_TEST(pose.rotation.w >= 0.0);
  const double norm = std::sqrt(pose.rotation.w * pose.rotation.w +
                                pose.rotation.x * pose.rotation.x +
                                pose.rotation.y * pose.rotation.y +
                                pose.rotation.z * pose.rotation.z);
  BOOST_TEST(std::abs(norm - 1.0) < 1e-12);
  const Eigen::Isometry3d back = FromPose(pose);
  BOOST_TEST((back.matrix() - t.matrix()).norm() < 1e-12);
}

// Hamilton quaternion, scalar first: 90 degrees about z maps x to y.
BOOST_AUTO_TEST_CASE(PoseQuaternionConvention) {
  schema::Pose pose = ToPose(MakeIsometry(AxisAngle({0, 0, 1}, M_PI / 2), {0, 0, 0}));
  BOOST_TEST(std::abs(pose.rotation.w - std::sqrt(0.5)) < 1e-12);
  BOOST_TEST(std::abs(pose.rotation.z - std::sqrt(0.5)) < 1e-12);
  BOOST_TEST(std::abs(pose.rotation.x) < 1e-12);
}

BOOST_AUTO_TEST_CASE(PoseRejectsNonUnitQuaternion) {
  schema::Pose pose = ToPose(Eigen::Isometry3d::Identity());
  pose.rotation.__set_w(2.0);
  BOOST_CHECK_THROW(FromPose(pose), InvalidInputError);
  pose.rotation.__set_w(std::nan(""));
  BOOST_CHECK_THROW(FromPose(pose), InvalidInputError);
}

}  // namespace
}  // namespace dolly::geometry
