#include "libs/warp/splat.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::warp {
namespace {

struct Projected {
  float x = 0.f, y = 0.f, z = 0.f;
  int src = -1;  // index into the reference image
};

void CheckInputs(const cv::Mat& rgb, const cv::Mat& depth, const geometry::PinholeCamera& ref,
                 const geometry::PinholeCamera& target, const RegionMotion* region) {
  if (rgb.type() != CV_8UC3) throw InvalidInputError("warp: reference image must be CV_8UC3");
  if (depth.type() != CV_32FC1) throw InvalidInputError("warp: reference depth must be CV_32FC1");
  if (rgb.size() != depth.size())
    throw InvalidInputError("warp: reference image and depth sizes differ");
  if (rgb.cols != ref.width || rgb.rows != ref.height)
    throw InvalidInputError("warp: reference image size differs from the reference camera");
  if (target.width <= 0 || target.height <= 0)
    throw InvalidInputError("warp: target camera has an empty image");
  if (region != nullptr && (region->labels.type() != CV_32SC1 || region->labels.size() != rgb.size()))
    throw InvalidInputError("warp: region labels must be CV_32SC1 of the reference size");
}

}  // namespace

SplatResult Splat(const cv::Mat& reference_rgb, const cv::Mat& reference_depth,
                  const geometry::PinholeCamera& reference_camera,
                  const Eigen::Isometry3d& target_camera_from_reference_camera,
                  const geometry::PinholeCamera& target_camera, const RegionMotion* region_motion,
                  const SplatOptions& options) {
  CheckInputs(reference_rgb, reference_depth, reference_camera, target_camera, region_motion);
  const int w = target_camera.width, h = target_camera.height;

  // Project every valid source pixel once; both passes reuse it.
  std::vector<Projected> points;
  points.reserve(static_cast<size_t>(reference_rgb.total()));
  for (int y = 0; y < reference_rgb.rows; ++y) {
    const float* d = reference_depth.ptr<float>(y);
    const int* label = region_motion ? region_motion->labels.ptr<int>(y) : nullptr;
    for (int x = 0; x < reference_rgb.cols; ++x) {
      if (!(d[x] > 0.f) || !std::isfinite(d[x])) continue;
      Eigen::Vector3d p = reference_camera.Unproject(Eigen::Vector2d(x, y), d[x]);
      if (label != nullptr) {
        const auto it = region_motion->reference_motion.find(label[x]);
        if (it != region_motion->reference_motion.end()) p = it->second * p;
      }
      p = target_camera_from_reference_camera * p;
      if (!(p.z() > 0.0)) continue;
      Eigen::Vector2d q = target_camera.Project(p);
      // Rounding in unproject/project leaves exact landings (identity, integer
      // shifts) 1e-13 px off; snapped, they put all their weight on one pixel
      // instead of a sliver on a neighbour.
      for (int k = 0; k < 2; ++k)
        if (std::abs(q[k] - std::round(q[k])) < 1e-6) q[k] = std::round(q[k]);
      // Footprint reaches one pixel either side of the sample.
      if (!(q.x() > -1.0 && q.x() < w && q.y() > -1.0 && q.y() < h)) continue;
      points.push_back({static_cast<float>(q.x()), static_cast<float>(q.y()),
                        static_cast<float>(p.z()), y * reference_rgb.cols + x});
    }
  }

  // Visits the 2x2 target pixels of a sample with their bilinear weights;
  // zero weights are skipped so that an exact landing touches one pixel.
  auto for_footprint = [&](const Projected& pt, auto&& fn) {
    const int x0 = static_cast<int>(std::floor(pt.x)), y0 = static_cast<int>(std::floor(pt.y));
    const float fx = pt.x - x0, fy = pt.y - y0;
    const float wx[2] = {1.f - fx, fx}, wy[2] = {1.f - fy, fy};
    for (int j = 0; j < 2; ++j) {
      const int ty = y0 + j;
      if (ty < 0 || ty >= h) continue;
      for (int i = 0; i < 2; ++i) {
        const int tx = x0 + i;
        const float wt = wx[i] * wy[j];
        if (tx < 0 || tx >= w || !(wt > 0.f)) continue;
        fn(tx, ty, wt);
      }
    }
  };

  cv::Mat zmin(h, w, CV_32FC1, cv::Scalar(std::numeric_limits<float>::infinity()));
  for (const Projected& pt : points)
    for_footprint(pt, [&](int tx, int ty, float wt) {
      // A sliver of a nearer footprint must not hide a surface that covers
      // the pixel squarely.
      if (wt < options.min_weight) return;
      float& z = zmin.at<float>(ty, tx);
      if (pt.z < z) z = pt.z;
    });

  cv::Mat acc(h, w, CV_64FC4, cv::Scalar::all(0.0));  // r, g, b, z premultiplied
  // The source pixel of the heaviest accepted splat: whose region motion
  // the target pixel follows when it is resampled backwards.
  cv::Mat best_weight(h, w, CV_32FC1, cv::Scalar(0.f));
  cv::Mat best_source(h, w, CV_32SC1, cv::Scalar(-1));
  cv::Mat weight(h, w, CV_64FC1, cv::Scalar(0.0));
  const double tol = 1.0 + options.depth_tolerance;
  const cv::Mat rgb_continuous = reference_rgb.isContinuous() ? reference_rgb : reference_rgb.clone();
  const cv::Vec3b* src = rgb_continuous.ptr<cv::Vec3b>(0);
  for (const Projected& pt : points)
    for_footprint(pt, [&](int tx, int ty, float wt) {
      if (!(pt.z <= zmin.at<float>(ty, tx) * tol)) return;
      const cv::Vec3b c = src[pt.src];
      cv::Vec4d& a = acc.at<cv::Vec4d>(ty, tx);
      a[0] += wt * c[0];
      a[1] += wt * c[1];
      a[2] += wt * c[2];
      a[3] += wt * pt.z;
      if (wt > best_weight.at<float>(ty, tx)) {
        best_weight.at<float>(ty, tx) = wt;
        best_source.at<int>(ty, tx) = pt.src;
      }
      weight.at<double>(ty, tx) += wt;
    });

  SplatResult out;
  out.rgb = cv::Mat(h, w, CV_8UC3, cv::Scalar::all(0));
  out.coverage = cv::Mat(h, w, CV_8UC1, cv::Scalar(0));
  out.depth = cv::Mat(h, w, CV_32FC1, cv::Scalar(0.f));
  weight.convertTo(out.weight, CV_32FC1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double wt = weight.at<double>(y, x);
      if (wt < options.min_weight || !(wt > 0.0)) continue;
      const cv::Vec4d& a = acc.at<cv::Vec4d>(y, x);
      out.rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(a[0] / wt),
                                              cv::saturate_cast<uchar>(a[1] / wt),
                                              cv::saturate_cast<uchar>(a[2] / wt));
      out.depth.at<float>(y, x) = static_cast<float>(a[3] / wt);
      out.coverage.at<uchar>(y, x) = 255;
    }
  if (options.resample == Resample::kBicubic) {
    // Backward map: the target pixel at its warped depth, taken back through
    // the inverse motion of the surface that won it.
    const Eigen::Isometry3d reference_from_target = target_camera_from_reference_camera.inverse();
    std::map<int, Eigen::Isometry3d> undo_region;
    if (region_motion != nullptr)
      for (const auto& [label, motion] : region_motion->reference_motion)
        undo_region[label] = motion.inverse();
    cv::Mat map_x(h, w, CV_32FC1, cv::Scalar(-1.f)), map_y(h, w, CV_32FC1, cv::Scalar(-1.f));
    // Pixels whose backward point falls behind the reference camera (a
    // depth blended across a wide range) keep the splatted colour.
    cv::Mat resampled(h, w, CV_8UC1, cv::Scalar(0));
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        if (!out.coverage.at<uchar>(y, x)) continue;
        Eigen::Vector3d p =
            reference_from_target * target_camera.Unproject(Eigen::Vector2d(x, y), out.depth.at<float>(y, x));
        if (region_motion != nullptr) {
          const int s = best_source.at<int>(y, x);
          const auto it = undo_region.find(region_motion->labels.at<int>(s / reference_rgb.cols,
                                                                          s % reference_rgb.cols));
          if (it != undo_region.end()) p = it->second * p;
        }
        if (!(p.z() > 0.0)) continue;
        const Eigen::Vector2d q = reference_camera.Project(p);
        map_x.at<float>(y, x) = static_cast<float>(q.x());
        map_y.at<float>(y, x) = static_cast<float>(q.y());
        resampled.at<uchar>(y, x) = 255;
      }
    cv::Mat sampled;
    cv::remap(reference_rgb, sampled, map_x, map_y, cv::INTER_CUBIC, cv::BORDER_REPLICATE);
    sampled.copyTo(out.rgb, resampled);
  }
  return out;
}

}  // namespace dolly::warp
