#include "libs/odometry/mono/two_view.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include <Eigen/SVD>
#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>

namespace dolly::odometry::mono {
namespace {

constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;

// ORB-SLAM's model scores with a 1 px standard deviation: each match adds
// (T_score - d^2) per image where its squared transfer distance d^2 is below
// the model's chi-square bound (95 %: 5.99 for the homography's 2 dof, 3.84
// for the epipolar line's 1 dof), so both scores are on the same scale.
constexpr double kScoreBound = 5.991;
constexpr double kHomographyBound = 5.991;
constexpr double kEpipolarBound = 3.841;

double HomographyScore(const Eigen::Matrix3d& h, const std::vector<Eigen::Vector2d>& p1,
                       const std::vector<Eigen::Vector2d>& p2) {
  const Eigen::Matrix3d h_inv = h.inverse();
  double score = 0.0;
  for (size_t i = 0; i < p1.size(); ++i) {
    const Eigen::Vector2d to2 = (h * p1[i].homogeneous()).hnormalized();
    const Eigen::Vector2d to1 = (h_inv * p2[i].homogeneous()).hnormalized();
    const double d2 = (to2 - p2[i]).squaredNorm();
    const double d1 = (to1 - p1[i]).squaredNorm();
    if (d2 < kHomographyBound) score += kScoreBound - d2;
    if (d1 < kHomographyBound) score += kScoreBound - d1;
  }
  return score;
}

double FundamentalScore(const Eigen::Matrix3d& f, const std::vector<Eigen::Vector2d>& p1,
                        const std::vector<Eigen::Vector2d>& p2) {
  double score = 0.0;
  for (size_t i = 0; i < p1.size(); ++i) {
    const Eigen::Vector3d l2 = f * p1[i].homogeneous();  // line in image 2
    const Eigen::Vector3d l1 = f.transpose() * p2[i].homogeneous();
    const double e2 = l2.dot(p2[i].homogeneous());
    const double d2 = e2 * e2 / (l2.x() * l2.x() + l2.y() * l2.y() + 1e-300);
    const double d1 = e2 * e2 / (l1.x() * l1.x() + l1.y() * l1.y() + 1e-300);
    if (d2 < kEpipolarBound) score += kScoreBound - d2;
    if (d1 < kEpipolarBound) score += kScoreBound - d1;
  }
  return score;
}

std::vector<cv::Point2d> ToCv(const std::vector<Eigen::Vector2d>& p) {
  std::vector<cv::Point2d> out;
  out.reserve(p.size());
  for (const Eigen::Vector2d& q : p) out.emplace_back(q.x(), q.y());
  return out;
}

struct PoseCheck {
  std::vector<std::optional<Eigen::Vector3d>> points;
  int fitting = 0;  // in front of both cameras and reprojecting within max_px
  int good = 0;     // ... and with enough parallax
  double median_parallax_deg = 0.0;
};

// Triangulates the inliers for camera2_from_camera1 = (r, t): a point counts
// when it is in front of both cameras, reprojects within `max_px` in both
// and is seen under at least `min_parallax_deg`.
PoseCheck CheckPose(const Eigen::Matrix3d& r, const Eigen::Vector3d& t,
                    const std::vector<Eigen::Vector2d>& p1, const std::vector<Eigen::Vector2d>& p2,
                    const std::vector<bool>& inlier, const Eigen::Matrix3d& k, double max_px,
                    double min_parallax_deg) {
  PoseCheck check;
  check.points.assign(p1.size(), std::nullopt);
  const Eigen::Matrix3d k_inv = k.inverse();
  Eigen::Isometry3d c2 = Eigen::Isometry3d::Identity();
  c2.linear() = r;
  c2.translation() = t;
  std::vector<double> parallax;
  for (size_t i = 0; i < p1.size(); ++i) {
    if (!inlier[i]) continue;
    double angle = 0.0;
    const auto x = TriangulatePoint(Eigen::Isometry3d::Identity(), c2,
                                    k_inv * p1[i].homogeneous(), k_inv * p2[i].homogeneous(),
                                    &angle);
    if (!x) continue;
    const Eigen::Vector2d r1 = (k * *x).hnormalized() - p1[i];
    const Eigen::Vector2d r2 = (k * (c2 * *x)).hnormalized() - p2[i];
    if (r1.norm() > max_px || r2.norm() > max_px) continue;
    parallax.push_back(angle);
    ++check.fitting;
    if (angle < min_parallax_deg) continue;
    check.points[i] = *x;
    ++check.good;
  }
  if (!parallax.empty()) {
    std::nth_element(parallax.begin(), parallax.begin() + parallax.size() / 2, parallax.end());
    check.median_parallax_deg = parallax[parallax.size() / 2];
  }
  return check;
}

// A camera turning by R maps pixels by H = K R K^-1 (up to scale, whose sign
// the cube root of the determinant fixes).
Eigen::Matrix3d RotationOfHomography(const Eigen::Matrix3d& h, const Eigen::Matrix3d& k) {
  const Eigen::Matrix3d m = k.inverse() * h * k;
  return NearestRotation(m / std::cbrt(m.determinant()));
}

// The misfit of H to K_f R K_f^-1 for focal f (principal point of k kept).
double ConjugateRotationMisfit(const Eigen::Matrix3d& h, const Eigen::Matrix3d& k, double f) {
  Eigen::Matrix3d kf = k;
  kf(0, 0) = kf(1, 1) = f;
  const Eigen::Vector3d s = Eigen::JacobiSVD<Eigen::Matrix3d>(kf.inverse() * h * kf).singularValues();
  return s(1) > 0 ? (s(0) - s(2)) / s(1) : 1.0;
}

// Smallest misfit over focal lengths 1/4 .. 4 times k's (log grid, then a
// golden-section refinement around the best).
std::pair<double, double> BestConjugateRotation(const Eigen::Matrix3d& h, const Eigen::Matrix3d& k) {
  const double f0 = k(0, 0);
  double best_log = 0.0, best = ConjugateRotationMisfit(h, k, f0);
  constexpr int kSteps = 80;
  const double step = 2.0 * std::log(4.0) / kSteps;
  for (int i = 0; i <= kSteps; ++i) {
    const double l = -std::log(4.0) + step * i;
    const double m = ConjugateRotationMisfit(h, k, f0 * std::exp(l));
    if (m < best) {
      best = m;
      best_log = l;
    }
  }
  double a = best_log - step, b = best_log + step;
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  for (int i = 0; i < 40; ++i) {
    const double c = b - g * (b - a), d = a + g * (b - a);
    if (ConjugateRotationMisfit(h, k, f0 * std::exp(c)) < ConjugateRotationMisfit(h, k, f0 * std::exp(d))) {
      b = d;
    } else {
      a = c;
    }
  }
  const double l = 0.5 * (a + b);
  const double m = ConjugateRotationMisfit(h, k, f0 * std::exp(l));
  return m < best ? std::pair{m, f0 * std::exp(l)} : std::pair{best, f0 * std::exp(best_log)};
}

}  // namespace

Eigen::Matrix3d NearestRotation(const Eigen::Matrix3d& m) {
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(m, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  d(2, 2) = (svd.matrixU() * svd.matrixV().transpose()).determinant() < 0 ? -1.0 : 1.0;
  return svd.matrixU() * d * svd.matrixV().transpose();
}

std::optional<Eigen::Vector3d> TriangulatePoint(const Eigen::Isometry3d& camera1_from_world,
                                                const Eigen::Isometry3d& camera2_from_world,
                                                const Eigen::Vector3d& ray1,
                                                const Eigen::Vector3d& ray2,
                                                double* parallax_deg) {
  const Eigen::Matrix<double, 3, 4> p1 = camera1_from_world.matrix().topRows<3>();
  const Eigen::Matrix<double, 3, 4> p2 = camera2_from_world.matrix().topRows<3>();
  const Eigen::Vector2d x1 = ray1.hnormalized(), x2 = ray2.hnormalized();
  Eigen::Matrix4d a;
  a.row(0) = x1.x() * p1.row(2) - p1.row(0);
  a.row(1) = x1.y() * p1.row(2) - p1.row(1);
  a.row(2) = x2.x() * p2.row(2) - p2.row(0);
  a.row(3) = x2.y() * p2.row(2) - p2.row(1);
  const Eigen::Vector4d h = Eigen::JacobiSVD<Eigen::Matrix4d>(a, Eigen::ComputeFullV).matrixV().col(3);
  if (std::abs(h.w()) < 1e-12) return std::nullopt;  // at infinity: no depth
  const Eigen::Vector3d x = h.hnormalized();
  if (!x.allFinite()) return std::nullopt;
  if ((camera1_from_world * x).z() <= 0 || (camera2_from_world * x).z() <= 0) return std::nullopt;
  const Eigen::Vector3d c1 = camera1_from_world.inverse().translation();
  const Eigen::Vector3d c2 = camera2_from_world.inverse().translation();
  const Eigen::Vector3d d1 = (x - c1).normalized(), d2 = (x - c2).normalized();
  if (parallax_deg) *parallax_deg = std::acos(std::clamp(d1.dot(d2), -1.0, 1.0)) * kRadToDeg;
  return x;
}

TwoViewResult SolveTwoView(const std::vector<Eigen::Vector2d>& pixels1,
                           const std::vector<Eigen::Vector2d>& pixels2, const Eigen::Matrix3d& K,
                           const TwoViewParams& params) {
  TwoViewResult result;
  const size_t n = pixels1.size();
  result.inlier.assign(n, false);
  result.points.assign(n, std::nullopt);
  if (n < 8 || pixels2.size() != n) return result;
  const std::vector<cv::Point2d> c1 = ToCv(pixels1), c2 = ToCv(pixels2);
  cv::Mat k;
  cv::eigen2cv(K, k);
  cv::Mat e_mask, h_mask;
  cv::Mat e, h;
  try {
    e = cv::findEssentialMat(c1, c2, k, cv::RANSAC, 0.999, params.ransac_px, e_mask);
    h = cv::findHomography(c1, c2, cv::RANSAC, params.ransac_px, h_mask, 2000, 0.999);
  } catch (const cv::Exception&) {
    return result;  // degenerate sets (all points equal) make OpenCV throw
  }
  // findEssentialMat may stack several solutions; the first is its best.
  if (e.rows < 3 || h.empty()) return result;
  Eigen::Matrix3d e_eigen, h_eigen;
  cv::cv2eigen(cv::Mat(e.rowRange(0, 3)), e_eigen);
  cv::cv2eigen(h, h_eigen);
  const Eigen::Matrix3d k_inv = K.inverse();
  const Eigen::Matrix3d f = k_inv.transpose() * e_eigen * k_inv;
  const double s_h = HomographyScore(h_eigen, pixels1, pixels2);
  const double s_f = FundamentalScore(f, pixels1, pixels2);
  result.homography_ratio = s_h / std::max(s_h + s_f, 1e-12);
  const double max_px = 2.0 * params.ransac_px;
  result.homography_rotation = RotationOfHomography(h_eigen, K);
  std::tie(result.rotation_misfit, result.rotation_focal_px) = BestConjugateRotation(h_eigen, K);
  int e_inliers = 0, h_inliers = 0;
  for (size_t i = 0; i < n; ++i) {
    e_inliers += e_mask.at<uchar>(static_cast<int>(i)) != 0;
    h_inliers += h_mask.at<uchar>(static_cast<int>(i)) != 0;
  }
  // A turn (with whatever focal length): the homography explains the
  // matches about as well as the essential matrix and is a conjugated
  // rotation to within twice the smallest parallax (a plane seen from two
  // places misfits by about baseline / distance, i.e. its parallax; noise
  // on a homography of a large turn, fitted on the small overlap, reaches
  // the parallax itself).
  constexpr double kDegToRad = 1.0 / kRadToDeg;
  if (h_inliers >= 0.75 * e_inliers &&
      result.rotation_misfit < 2.0 * params.min_parallax_deg * kDegToRad) {
    result.model = TwoViewModel::HOMOGRAPHY;
    result.rotation_only = true;
    result.rotation = result.homography_rotation;
    for (size_t i = 0; i < n; ++i) result.inlier[i] = h_mask.at<uchar>(static_cast<int>(i)) != 0;
    return result;
  }

  // The essential matrix's pose (cheirality chosen by recoverPose).
  std::vector<bool> e_inlier(n);
  for (size_t i = 0; i < n; ++i) e_inlier[i] = e_mask.at<uchar>(static_cast<int>(i)) != 0;
  Eigen::Matrix3d e_rotation;
  Eigen::Vector3d e_translation;
  {
    // The RANSAC model comes from a minimal sample; the normalised 8-point
    // fit on all its inliers is much less noisy.
    cv::Mat refined_e = cv::Mat(e.rowRange(0, 3)).clone();
    std::vector<cv::Point2d> in1, in2;
    for (size_t i = 0; i < n; ++i) {
      if (!e_inlier[i]) continue;
      in1.push_back(c1[i]);
      in2.push_back(c2[i]);
    }
    if (in1.size() >= 8) {
      try {
        const cv::Mat f8 = cv::findFundamentalMat(in1, in2, cv::FM_8POINT);
        if (f8.rows == 3 && f8.cols == 3) refined_e = k.t() * f8 * k;
      } catch (const cv::Exception&) {
      }
    }
    cv::Mat r, t, pose_mask = e_mask.clone();
    cv::recoverPose(refined_e, c1, c2, k, r, t, pose_mask);
    cv::cv2eigen(r, e_rotation);
    cv::cv2eigen(t, e_translation);
    e_translation.normalize();
  }
  result.model = TwoViewModel::ESSENTIAL;
  result.inlier = e_inlier;
  result.rotation = e_rotation;
  result.translation = e_translation;
  if (result.homography_ratio > params.homography_ratio) {
    // The homography's best decomposition, kept only when it triangulates
    // more matches than the essential matrix's pose: a scene of little
    // depth range seen with little parallax also favours the homography,
    // whose plane decomposition then places the off-plane points wrongly.
    std::vector<bool> h_inlier(n);
    for (size_t i = 0; i < n; ++i) h_inlier[i] = h_mask.at<uchar>(static_cast<int>(i)) != 0;
    // Compared by the matches each pose fits, whatever their parallax: a
    // wrong decomposition can show more parallax than the true motion.
    const int e_fitting = CheckPose(e_rotation, e_translation, pixels1, pixels2, e_inlier, K,
                                    max_px, params.min_parallax_deg).fitting;
    std::vector<cv::Mat> rs, ts, normals;
    cv::decomposeHomographyMat(h, k, rs, ts, normals);
    int best_good = -1;
    for (size_t s = 0; s < rs.size(); ++s) {
      Eigen::Matrix3d re;
      Eigen::Vector3d te;
      cv::cv2eigen(rs[s], re);
      cv::cv2eigen(ts[s], te);
      if (te.norm() < 1e-6) continue;
      const PoseCheck check = CheckPose(re, te.normalized(), pixels1, pixels2, h_inlier, K,
                                        max_px, params.min_parallax_deg);
      if (check.fitting > best_good && check.fitting > e_fitting) {
        best_good = check.fitting;
        result.model = TwoViewModel::HOMOGRAPHY;
        result.inlier = h_inlier;
        result.rotation = re;
        result.translation = te.normalized();
      }
    }
  }
  const PoseCheck check = CheckPose(result.rotation, result.translation, pixels1, pixels2,
                                    result.inlier, K, max_px, params.min_parallax_deg);
  result.points = check.points;
  result.triangulated = check.good;
  result.median_parallax_deg = check.median_parallax_deg;
  result.accepted = check.good >= params.min_points &&
                    check.median_parallax_deg >= params.min_parallax_deg;
  if (result.homography_ratio > params.homography_ratio && !result.accepted) {
    // The homography wins and no pose with translation triangulates the
    // matches: a turn.
    result.model = TwoViewModel::HOMOGRAPHY;
    for (size_t i = 0; i < n; ++i) result.inlier[i] = h_mask.at<uchar>(static_cast<int>(i)) != 0;
    result.rotation_only = true;
    result.rotation = RotationOfHomography(h_eigen, K);
    result.translation.setZero();
    result.points.assign(n, std::nullopt);
    result.triangulated = 0;
  }
  return result;
}

}  // namespace dolly::odometry::mono
