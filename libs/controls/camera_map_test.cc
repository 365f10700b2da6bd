#define BOOST_TEST_MODULE camera_map
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "libs/controls/camera_map.h"
#include "libs/controls/pil_resize.h"
#include "libs/core/error.h"
#include "libs/geometry/pose.h"
#include "libs/trajectory/formats.h"

namespace dolly::controls {
namespace {

Eigen::Matrix3d Rot(double degrees, const Eigen::Vector3d& axis) {
  return geometry::AxisAngle(axis, geometry::DegreesToRadians(degrees));
}

// One PAC camera-txt line (row-major 3x4).
std::string PacLine(const Eigen::Matrix3d& r, const Eigen::Vector3d& t) {
  std::string line;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 4; ++j) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.17g ", j < 3 ? r(i, j) : t(i));
      line += buf;
    }
  }
  return line + "\n";
}

int CountDifferent(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  return cv::countNonZero(diff.reshape(1));
}

}  // namespace

// PAC: Render(img_size=(H, W)) with focal 100 gives FoVPerspectiveCameras a
// fov of 2 atan((H // 2) / 100), aspect 1; PyTorch3D spans NDC [-1, 1] over
// the shorter side, so the focal is 100 px when H is the shorter side.
BOOST_AUTO_TEST_CASE(pac_intrinsics_focal_100_at_the_even_reference_size) {
  const geometry::PinholeCamera k = PacCameraMapIntrinsics(768, 512);
  BOOST_TEST(k.fx == 100.0);
  BOOST_TEST(k.fy == 100.0);
  BOOST_TEST(k.cx == 383.5);
  BOOST_TEST(k.cy == 255.5);
  BOOST_TEST(std::abs(geometry::VerticalFovDegrees(k) - 137.3257) < 1e-3);  // 2 atan(2.56)
  // Odd sizes round down to even, as PAC saves its reference image.
  const geometry::PinholeCamera odd = PacCameraMapIntrinsics(769, 513);
  BOOST_TEST(odd.width == 768);
  BOOST_TEST(odd.height == 512);
  BOOST_TEST(odd.fx == 100.0);
  // Portrait: the angle 2 atan((H / 2) / 100) spans the width.
  const geometry::PinholeCamera portrait = PacCameraMapIntrinsics(512, 768);
  BOOST_TEST(std::abs(portrait.fx - 100.0 * 512.0 / 768.0) < 1e-12);
  BOOST_TEST(portrait.fy == portrait.fx);
  BOOST_TEST(std::abs(2.0 * std::atan(256.0 / portrait.fx) - 2.0 * std::atan(384.0 / 100.0)) <
             1e-12);
  BOOST_CHECK_THROW(PacCameraMapIntrinsics(1, 64), InvalidInputError);
}

// The conversion is the exact inverse of dolly's PAC importer: a PAC file
// read by trajectory::ParsePac and anchored at its first camera (as
// intentions' "poses" does) gives back every line's [R | T].
BOOST_AUTO_TEST_CASE(pose_conversion_inverts_the_pac_importer) {
  const PacCameraPose identity = PacPoseFromReferenceCamera(Eigen::Isometry3d::Identity());
  BOOST_TEST(identity.R.isApprox(Eigen::Matrix3d::Identity(), 0.0));
  BOOST_TEST(identity.T.isZero(0.0));

  const Eigen::Matrix3d r1 = Rot(10.0, Eigen::Vector3d::UnitY());
  const Eigen::Matrix3d r2 = Rot(-20.0, Eigen::Vector3d(0.3, 1.0, -0.4).normalized());
  const Eigen::Vector3d t1(2.3e-4, 0.0, 4.1e-5), t2(-0.5, 0.25, 1.5);
  const trajectory::Trajectory file = trajectory::ParsePac(
      PacLine(Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero()) + PacLine(r1, t1) +
          PacLine(r2, t2),
      "case.txt");
  const Eigen::Isometry3d reference_from_world = file.world_from_camera.front().inverse();
  const Eigen::Matrix3d rs[3] = {Eigen::Matrix3d::Identity(), r1, r2};
  const Eigen::Vector3d ts[3] = {Eigen::Vector3d::Zero(), t1, t2};
  for (int i = 0; i < 3; ++i) {
    const PacCameraPose pose =
        PacPoseFromReferenceCamera(reference_from_world * file.world_from_camera[i]);
    BOOST_TEST((pose.R - rs[i]).cwiseAbs().maxCoeff() < 1e-14);
    BOOST_TEST((pose.T - ts[i]).cwiseAbs().maxCoeff() < 1e-14);
  }
}

// dolly's reference camera looks along +z with x right; PAC's identity camera
// looks along +z with x LEFT, and update_RT puts it 50 units behind the cube
// centre (look_at_view_transform(-50, 0, 0)).
BOOST_AUTO_TEST_CASE(identity_camera_sits_50_behind_the_centre) {
  const Eigen::Isometry3d world_from_camera =
      EnvelopeCameraFromWorld(PacPoseFromReferenceCamera(Eigen::Isometry3d::Identity())).inverse();
  BOOST_TEST((world_from_camera.translation() - Eigen::Vector3d(0, 0, -50)).norm() < 1e-12);
  BOOST_TEST((world_from_camera.linear() * Eigen::Vector3d::UnitZ() - Eigen::Vector3d::UnitZ())
                 .norm() < 1e-12);
  BOOST_TEST((world_from_camera.linear() * Eigen::Vector3d::UnitX() + Eigen::Vector3d::UnitX())
                 .norm() < 1e-12);
  // A rotation R also swings the camera: T' = R (0, 0, 50) + T, centre -R T'.
  PacCameraPose pan;
  pan.R = Rot(10.0, Eigen::Vector3d::UnitY());
  const Eigen::Vector3d centre = EnvelopeCameraFromWorld(pan).inverse().translation();
  const Eigen::Vector3d expected = -(pan.R * pan.R) * Eigen::Vector3d(0, 0, 50);
  BOOST_TEST((centre - expected).norm() < 1e-12);
}

// world_envelope.png: 16-px squares, top-left square black; uv layout of the
// z = +100 face: u = 0.5 + y / 800, v = 0.875 - x / 800.
BOOST_AUTO_TEST_CASE(texture_and_uv_layout) {
  BOOST_TEST(int(EnvelopeTexel(0, 0)) == 0);
  BOOST_TEST(int(EnvelopeTexel(15, 15)) == 0);
  BOOST_TEST(int(EnvelopeTexel(16, 0)) == 255);
  BOOST_TEST(int(EnvelopeTexel(0, 16)) == 255);
  BOOST_TEST(int(EnvelopeTexel(1023, 1023)) == 0);
  const Eigen::Vector2d uv = EnvelopeUv(2, 1, Eigen::Vector3d(100, -100, 100));
  BOOST_TEST(std::abs(uv.x() - 0.375) < 1e-15);
  BOOST_TEST(std::abs(uv.y() - 0.75) < 1e-15);
  // The middle of a square is a pure texel; the square at x, y in (0, 12.5)
  // on the far face is black, its neighbour across y = 0 white.
  BOOST_TEST(SampleEnvelopeTexture(EnvelopeUv(2, 1, Eigen::Vector3d(6.25, 6.25, 100))) == 0.0);
  BOOST_TEST(SampleEnvelopeTexture(EnvelopeUv(2, 1, Eigen::Vector3d(6.25, -6.25, 100))) == 255.0);
  BOOST_TEST(SampleEnvelopeTexture(EnvelopeUv(2, 1, Eigen::Vector3d(-6.25, -6.25, 100))) == 0.0);
  // Where four squares meet the bilinear sample is half grey.
  BOOST_TEST(SampleEnvelopeTexture(EnvelopeUv(2, 1, Eigen::Vector3d(0, 0, 100))) == 127.5);
}

BOOST_AUTO_TEST_CASE(rays_hit_the_nearest_face_in_front) {
  // From inside: the far face.
  auto hit = TraceEnvelope(Eigen::Vector3d(0, 0, -50), Eigen::Vector3d(0, 0, 1));
  BOOST_REQUIRE(hit.has_value());
  BOOST_TEST(hit->axis == 2);
  BOOST_TEST(hit->sign == 1);
  BOOST_TEST(hit->depth == 150.0);
  // Steep to the side: the x = +100 wall, 26 units ahead.
  hit = TraceEnvelope(Eigen::Vector3d(0, 0, -50), Eigen::Vector3d(3.835, 0, 1));
  BOOST_REQUIRE(hit.has_value());
  BOOST_TEST(hit->axis == 0);
  BOOST_TEST(hit->sign == 1);
  BOOST_TEST(std::abs(hit->depth - 100.0 / 3.835) < 1e-12);
  // From outside, PyTorch3D draws the outside of the cube (no culling).
  hit = TraceEnvelope(Eigen::Vector3d(0, 0, -300), Eigen::Vector3d(0, 0, 1));
  BOOST_REQUIRE(hit.has_value());
  BOOST_TEST(hit->sign == -1);
  BOOST_TEST(hit->depth == 200.0);
  BOOST_TEST(!TraceEnvelope(Eigen::Vector3d(0, 0, -300), Eigen::Vector3d(0, 0, -1)).has_value());
}

// The rendered map of the reference camera at 96 x 64 (focal 100): the far
// face with square edges on the axes through the principal point (47.5,
// 31.5), so the four pixels around it alternate; the camera's x is world -x.
BOOST_AUTO_TEST_CASE(reference_camera_map_has_square_edges_on_the_axes) {
  const cv::Mat map = RenderEnvelope(PacCameraPose{}, PacCameraMapIntrinsics(96, 64));
  BOOST_TEST(map.type() == CV_8UC1);
  BOOST_TEST(int(map.at<unsigned char>(32, 48)) == 0);    // world x, y < 0
  BOOST_TEST(int(map.at<unsigned char>(32, 47)) == 255);  // world x > 0, y < 0
  BOOST_TEST(int(map.at<unsigned char>(31, 48)) == 255);  // world x < 0, y > 0
  BOOST_TEST(int(map.at<unsigned char>(31, 47)) == 0);
  // Mostly pure black and white, greys only along square edges.
  int pure = 0;
  for (auto it = map.begin<unsigned char>(); it != map.end<unsigned char>(); ++it) {
    pure += *it == 0 || *it == 255;
  }
  BOOST_TEST(pure > 0.8 * map.total());
}

// At PAC's own 768 x 512 the 137-degree view reaches the side walls, which
// converge towards the far face.
BOOST_AUTO_TEST_CASE(wide_view_sees_the_side_walls) {
  const geometry::PinholeCamera k = PacCameraMapIntrinsics(768, 512);
  const Eigen::Isometry3d world_from_camera = EnvelopeCameraFromWorld(PacCameraPose{}).inverse();
  const auto face_at = [&](double x, double y) {
    const Eigen::Vector3d ray = world_from_camera.linear() * k.Ray(Eigen::Vector2d(x, y));
    return TraceEnvelope(world_from_camera.translation(), ray)->axis;
  };
  BOOST_TEST(face_at(383.5, 255.5) == 2);
  BOOST_TEST(face_at(0, 255.5) == 0);
  BOOST_TEST(face_at(767, 255.5) == 0);
  BOOST_TEST(face_at(383.5, 0) == 1);
}

// Points farther than zfar = 200 are the black background.
BOOST_AUTO_TEST_CASE(beyond_zfar_is_black) {
  // From (-40, -40, -40) towards the (100, 100, 100) corner, 242 units away.
  const Eigen::Vector3d centre(-40, -40, -40);
  const Eigen::Vector3d z = Eigen::Vector3d(1, 1, 1).normalized();
  const Eigen::Vector3d x = Eigen::Vector3d::UnitY().cross(z).normalized();
  PacCameraPose pose;
  pose.R << x, z.cross(x), z;
  pose.T = -pose.R.transpose() * centre - pose.R * Eigen::Vector3d(0, 0, 50);
  BOOST_TEST((EnvelopeCameraFromWorld(pose).inverse().translation() - centre).norm() < 1e-9);
  const cv::Mat map = RenderEnvelope(pose, PacCameraMapIntrinsics(96, 64));
  for (int y = 28; y < 36; ++y) {
    for (int x = 44; x < 52; ++x) BOOST_TEST(int(map.at<unsigned char>(y, x)) == 0);
  }
  BOOST_TEST(cv::countNonZero(map) > 0);
}

// PAC mode = render at the reference size, then PIL's bicubic resize; the
// intrinsics mode through PAC's own camera at that size is the same render.
BOOST_AUTO_TEST_CASE(pac_mode_renders_at_the_reference_size_then_resizes) {
  const Eigen::Isometry3d motion = geometry::MakeIsometry(
      Rot(8.0, Eigen::Vector3d(0.2, 1.0, 0.1).normalized()), Eigen::Vector3d(0.3, -0.2, 0.5));
  const PacCameraPose pose = PacPoseFromReferenceCamera(motion);
  const cv::Mat rendered = RenderEnvelope(pose, PacCameraMapIntrinsics(97, 65));
  BOOST_TEST(rendered.cols == 96);
  BOOST_TEST(rendered.rows == 64);
  const cv::Mat map = RenderPacCameraMap(motion, 97, 65, 72, 48);
  BOOST_TEST(map.type() == CV_8UC3);
  BOOST_TEST(map.cols == 72);
  BOOST_TEST(map.rows == 48);
  std::vector<cv::Mat> channels;
  cv::split(map, channels);
  const cv::Mat expected = PilResize(rendered, 72, 48);
  for (const cv::Mat& c : channels) BOOST_TEST(CountDifferent(c, expected) == 0);

  const cv::Mat same = RenderPacCameraMap(motion, 96, 64, 96, 64);
  const cv::Mat intrinsics = RenderIntrinsicsCameraMap(motion, PacCameraMapIntrinsics(96, 64));
  BOOST_TEST(CountDifferent(same, intrinsics) == 0);
}

// A PAC pose file imported into dolly renders the map of the file's poses.
BOOST_AUTO_TEST_CASE(imported_pac_file_renders_pacs_map) {
  const Eigen::Matrix3d r = Rot(10.0, Eigen::Vector3d::UnitY()) * Rot(5.0, Eigen::Vector3d::UnitZ());
  const Eigen::Vector3d t(2.0, -1.0, 3.0);
  const trajectory::Trajectory file = trajectory::ParsePac(
      PacLine(Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero()) + PacLine(r, t), "file.txt");
  const Eigen::Isometry3d reference_from_camera =
      file.world_from_camera.front().inverse() * file.world_from_camera.back();
  PacCameraPose pac;
  pac.R = r;
  pac.T = t;
  const cv::Mat direct = PilResize(RenderEnvelope(pac, PacCameraMapIntrinsics(96, 64)), 72, 48);
  std::vector<cv::Mat> channels;
  cv::split(RenderPacCameraMap(reference_from_camera, 96, 64, 72, 48), channels);
  BOOST_TEST(CountDifferent(channels[0], direct) == 0);
}

BOOST_AUTO_TEST_CASE(pil_resize_keeps_flat_images_and_same_sizes) {
  cv::Mat flat(30, 40, CV_8UC1, cv::Scalar(77));
  BOOST_TEST(cv::countNonZero(PilResize(flat, 17, 61) != 77) == 0);
  cv::Mat ramp(10, 20, CV_8UC1);
  for (int y = 0; y < 10; ++y) {
    for (int x = 0; x < 20; ++x) ramp.at<unsigned char>(y, x) = static_cast<unsigned char>(x * 10 + y);
  }
  const cv::Mat copy = PilResize(ramp, 20, 10);
  BOOST_TEST(CountDifferent(copy, ramp) == 0);
  BOOST_TEST(copy.data != ramp.data);
  BOOST_CHECK_THROW(PilResize(ramp, 0, 10), InvalidInputError);
  BOOST_CHECK_THROW(PilResize(cv::Mat(), 4, 4), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(invalid_input_throws) {
  BOOST_CHECK_THROW(RenderPacCameraMap(Eigen::Isometry3d::Identity(), 0, 64, 96, 64),
                    InvalidInputError);
  BOOST_CHECK_THROW(RenderPacCameraMap(Eigen::Isometry3d::Identity(), 96, 64, 0, 64),
                    InvalidInputError);
  Eigen::Isometry3d bad = Eigen::Isometry3d::Identity();
  bad.translation().x() = std::nan("");
  BOOST_CHECK_THROW(RenderPacCameraMap(bad, 96, 64, 96, 64), InvalidInputError);
  geometry::PinholeCamera k = PacCameraMapIntrinsics(96, 64);
  k.fx = 0.0;
  BOOST_CHECK_THROW(RenderIntrinsicsCameraMap(Eigen::Isometry3d::Identity(), k),
                    InvalidInputError);
}

}  // namespace dolly::controls
