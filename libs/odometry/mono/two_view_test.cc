#define BOOST_TEST_MODULE two_view_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "libs/odometry/mono/two_view.h"

// Two-view model selection and triangulation on synthetic matches (320 x
// 240, f = 300, 0.3 px Gaussian noise): general motion gives the essential
// matrix, a pure turn and a plane the homography; for general motion the
// pose within 0.2 degrees (rotation) / 2 degrees (translation direction)
// and points within 2 % of their depth (median) once the unit baseline is
// scaled to the true one (a plane: 0.5 / 5 degrees, 5 %); a turn is told whatever the
// focal guess, and measures the focal within 2 %.
namespace dolly::odometry::mono {
namespace {

constexpr double kPi = 3.14159265358979323846;

Eigen::Matrix3d Intrinsics(double f) {
  Eigen::Matrix3d k;
  k << f, 0, 159.5, 0, f, 119.5, 0, 0, 1;
  return k;
}

struct Matches {
  std::vector<Eigen::Vector2d> p1, p2;
  std::vector<Eigen::Vector3d> points;  // camera 1
};

// Points projected into camera 1 (identity) and camera 2 = (r, t), kept when
// both see them.
Matches Project(const std::vector<Eigen::Vector3d>& points, const Eigen::Matrix3d& r,
                const Eigen::Vector3d& t, double noise_px, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_px);
  const Eigen::Matrix3d k = Intrinsics(300.0);
  Matches m;
  for (const Eigen::Vector3d& x : points) {
    const Eigen::Vector3d x2 = r * x + t;
    if (x.z() <= 0 || x2.z() <= 0) continue;
    const Eigen::Vector2d a = (k * x).hnormalized(), b = (k * x2).hnormalized();
    if (a.x() < 0 || a.x() > 319 || a.y() < 0 || a.y() > 239) continue;
    if (b.x() < 0 || b.x() > 319 || b.y() < 0 || b.y() > 239) continue;
    m.p1.push_back(a + Eigen::Vector2d(noise(rng), noise(rng)));
    m.p2.push_back(b + Eigen::Vector2d(noise(rng), noise(rng)));
    m.points.push_back(x);
  }
  return m;
}

std::vector<Eigen::Vector3d> Cloud(uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> xy(-3.0, 3.0), z(4.0, 9.0);
  std::vector<Eigen::Vector3d> out;
  for (int i = 0; i < 400; ++i) out.emplace_back(xy(rng), xy(rng), z(rng));
  return out;
}

double AngleDeg(const Eigen::Matrix3d& a, const Eigen::Matrix3d& b) {
  return Eigen::AngleAxisd(a.transpose() * b).angle() * 180.0 / kPi;
}

Eigen::Matrix3d Turn(double yaw_deg, double pitch_deg) {
  return (Eigen::AngleAxisd(yaw_deg * kPi / 180, Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(pitch_deg * kPi / 180, Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

// Every triangulated point lies in front of both cameras; the median of
// |error| / depth against the truth (scaled by the true baseline) is within
// `tolerance`, every point within 5 x `tolerance` (a single point's depth
// is as noisy as 0.3 px over its parallax: about 1.5 % at 4 degrees).
void CheckPoints(const TwoViewResult& r, const Matches& m, const Eigen::Matrix3d& rotation,
                 const Eigen::Vector3d& t, double tolerance) {
  std::vector<double> relative;
  for (size_t i = 0; i < m.points.size(); ++i) {
    if (!r.points[i]) continue;
    const Eigen::Vector3d x = *r.points[i] * t.norm();
    BOOST_TEST_REQUIRE(x.z() > 0);
    BOOST_TEST_REQUIRE((rotation * x + t).z() > 0);
    relative.push_back((x - m.points[i]).norm() / m.points[i].z());
  }
  BOOST_TEST_REQUIRE(relative.size() >= 30u);
  std::sort(relative.begin(), relative.end());
  BOOST_TEST_MESSAGE("  point error / depth: median " << relative[relative.size() / 2] << ", max "
                                                      << relative.back());
  BOOST_TEST(relative[relative.size() / 2] <= tolerance);
  BOOST_TEST(relative.back() <= 5.0 * tolerance);
}

BOOST_AUTO_TEST_CASE(GeneralMotionChoosesEssential) {
  const Eigen::Matrix3d r = Turn(4.0, 1.0);
  const Eigen::Vector3d t(0.6, 0.1, 0.1);
  const Matches m = Project(Cloud(1), r, t, 0.3, 2);
  const TwoViewResult result = SolveTwoView(m.p1, m.p2, Intrinsics(300.0), TwoViewParams());
  BOOST_TEST_MESSAGE("general: S_H/(S_H+S_F) " << result.homography_ratio << ", triangulated "
                                              << result.triangulated << ", parallax "
                                              << result.median_parallax_deg);
  BOOST_TEST((result.model == TwoViewModel::ESSENTIAL));
  BOOST_TEST(result.accepted);
  BOOST_TEST(!result.rotation_only);
  BOOST_TEST(AngleDeg(result.rotation, r) <= 0.2);
  BOOST_TEST(std::acos(result.translation.dot(t.normalized())) * 180 / kPi <= 2.0);
  CheckPoints(result, m, r, t, 0.02);
}

BOOST_AUTO_TEST_CASE(PureTurnChoosesHomographyWithAnyFocal) {
  const Eigen::Matrix3d r = Turn(6.0, -2.0);
  const Matches m = Project(Cloud(3), r, Eigen::Vector3d::Zero(), 0.3, 4);
  for (double focal : {300.0, 420.0, 220.0}) {  // the true one and two wrong guesses
    const TwoViewResult result = SolveTwoView(m.p1, m.p2, Intrinsics(focal), TwoViewParams());
    BOOST_TEST_MESSAGE("turn, focal guess " << focal << ": misfit " << result.rotation_misfit
                                            << ", focal " << result.rotation_focal_px);
    BOOST_TEST((result.model == TwoViewModel::HOMOGRAPHY));
    BOOST_TEST(result.rotation_only);
    BOOST_TEST(!result.accepted);
    BOOST_TEST(result.triangulated == 0);
    BOOST_TEST(std::abs(result.rotation_focal_px / 300.0 - 1.0) <= 0.02);
    if (focal == 300.0) BOOST_TEST(AngleDeg(result.rotation, r) <= 0.1);
  }
}

BOOST_AUTO_TEST_CASE(PlaneSeenFromTwoPlacesChoosesHomography) {
  // A slanted plane (a floor seen obliquely), the camera moving sideways.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(-3.0, 3.0), v(0.0, 6.0);
  std::vector<Eigen::Vector3d> plane;
  for (int i = 0; i < 400; ++i) {
    const double y = u(rng), z = 4.0 + v(rng);
    plane.emplace_back(u(rng), 1.5 - 0.1 * (z - 4.0) + 0.0 * y, z);
  }
  const Eigen::Matrix3d r = Turn(-2.0, 0.0);
  const Eigen::Vector3d t(-0.8, 0.0, 0.1);
  const Matches m = Project(plane, r, t, 0.3, 6);
  const TwoViewResult result = SolveTwoView(m.p1, m.p2, Intrinsics(300.0), TwoViewParams());
  BOOST_TEST_MESSAGE("plane: S_H/(S_H+S_F) " << result.homography_ratio << ", misfit "
                                            << result.rotation_misfit);
  BOOST_TEST(result.homography_ratio > 0.45);
  BOOST_TEST(!result.rotation_only);
  BOOST_TEST(result.accepted);
  // A homography decomposition is noisier than the essential matrix's pose
  // (fewer constraints per match once the plane is fitted).
  BOOST_TEST(AngleDeg(result.rotation, r) <= 0.5);
  BOOST_TEST(std::acos(result.translation.dot(t.normalized())) * 180 / kPi <= 5.0);
  CheckPoints(result, m, r, t, 0.05);
}

BOOST_AUTO_TEST_CASE(TriangulationChecksCheirality) {
  Eigen::Isometry3d c2 = Eigen::Isometry3d::Identity();
  c2.translation() = Eigen::Vector3d(-1.0, 0.0, 0.0);  // camera 2 one unit to the right
  const Eigen::Vector3d x(0.5, 0.2, 5.0);
  double parallax = 0.0;
  const auto in_front =
      TriangulatePoint(Eigen::Isometry3d::Identity(), c2, x / x.z(), (c2 * x) / (c2 * x).z(), &parallax);
  BOOST_TEST_REQUIRE(in_front.has_value());
  BOOST_TEST((*in_front - x).norm() <= 1e-9);
  BOOST_TEST(std::abs(parallax - std::acos((x.normalized()).dot((x - Eigen::Vector3d(1, 0, 0)).normalized())) * 180 / kPi) <= 1e-6);
  // The same rays with the baseline reversed meet behind both cameras.
  Eigen::Isometry3d c2_mirrored = Eigen::Isometry3d::Identity();
  c2_mirrored.translation() = Eigen::Vector3d(1.0, 0.0, 0.0);
  BOOST_TEST(!TriangulatePoint(Eigen::Isometry3d::Identity(), c2_mirrored, x / x.z(),
                               (c2 * x) / (c2 * x).z(), &parallax)
                  .has_value());
}

}  // namespace
}  // namespace dolly::odometry::mono
