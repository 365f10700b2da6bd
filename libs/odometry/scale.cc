#include "libs/odometry/scale.h"

#include <algorithm>
#include <cmath>
#include <random>

#include <Eigen/SVD>

namespace dolly::odometry {
namespace {

double Median(std::vector<double> values) {
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(mid), values.end());
  return values[mid];
}

// Least squares y = a x + b over the chosen pairs; false when x is constant.
bool LineFit(const std::vector<double>& x, const std::vector<double>& y,
             const std::vector<size_t>& use, double* a, double* b) {
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i : use) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const double n = static_cast<double>(use.size());
  const double det = n * sxx - sx * sx;
  if (use.size() < 2 || std::abs(det) <= 1e-12 * std::max(1.0, n * sxx)) return false;
  *a = (n * sxy - sx * sy) / det;
  *b = (sy - *a * sx) / n;
  return true;
}

}  // namespace

std::vector<std::vector<SparseSample>> SparseSamples(const mono::MonoPath& path, int width,
                                                     int height) {
  const size_t frames = path.world_from_camera.size();
  std::vector<Eigen::Isometry3d> camera_from_world(frames);
  for (size_t f = 0; f < frames; ++f) camera_from_world[f] = path.world_from_camera[f].inverse();
  std::vector<std::vector<SparseSample>> out(frames);
  for (const mono::MapPoint& point : path.points) {
    for (const auto& [frame, pixel] : point.observations) {
      if (frame < 0 || static_cast<size_t>(frame) >= frames) continue;
      if (frame < static_cast<int>(path.lost.size()) && path.lost[frame]) continue;
      const double z = (camera_from_world[frame] * point.world).z();
      const cv::Point p(static_cast<int>(std::lround(pixel.x())),
                        static_cast<int>(std::lround(pixel.y())));
      if (!(z > 0) || !std::isfinite(z) || p.x < 0 || p.y < 0 || p.x >= width || p.y >= height) {
        continue;
      }
      out[frame].push_back({p, z});
    }
  }
  for (std::vector<SparseSample>& samples : out) {
    // Nearest first, then the first of each pixel survives.
    std::sort(samples.begin(), samples.end(), [](const SparseSample& a, const SparseSample& b) {
      if (a.pixel.y != b.pixel.y) return a.pixel.y < b.pixel.y;
      if (a.pixel.x != b.pixel.x) return a.pixel.x < b.pixel.x;
      return a.depth < b.depth;
    });
    samples.erase(std::unique(samples.begin(), samples.end(),
                              [](const SparseSample& a, const SparseSample& b) {
                                return a.pixel == b.pixel;
                              }),
                  samples.end());
  }
  return out;
}

bool SmoothDepthAt(const cv::Mat& depth, cv::Point p, double max_ratio) {
  if (p.x < 1 || p.y < 1 || p.x + 1 >= depth.cols || p.y + 1 >= depth.rows) return false;
  float lo = INFINITY, hi = 0.f;
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      const float v = depth.at<float>(p.y + dy, p.x + dx);
      if (!(v > 0) || !std::isfinite(v)) return false;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  return hi <= max_ratio * lo;
}

void DepthRatioScale::AddFrame(int segment, const cv::Mat& metric,
                               const std::vector<SparseSample>& samples) {
  for (const SparseSample& s : samples) {
    // Features sit on corners, many of them silhouettes: there the pixel may
    // hold the other surface, biasing the ratio (by ~2 % on dolly-synth).
    if (!SmoothDepthAt(metric, s.pixel, kDepthEdgeRatio)) continue;
    ratios_[segment].push_back(metric.at<float>(s.pixel) / s.depth);
  }
}

std::optional<double> DepthRatioScale::Factor(int segment) const {
  if (ratios_[segment].empty()) return std::nullopt;
  return Median(ratios_[segment]);
}

double RelativeFit::Apply(double relative) const {
  const double v = scale * relative + shift;
  if (!inverse) return v;
  return v > 0 ? 1.0 / v : 0.0;
}

std::optional<RelativeFit> FitRelativeToSparse(const cv::Mat& relative, bool inverse,
                                               const std::vector<SparseSample>& samples) {
  std::vector<double> x, y;
  for (const SparseSample& s : samples) {
    if (s.pixel.x >= relative.cols || s.pixel.y >= relative.rows) continue;
    const float r = relative.at<float>(s.pixel);
    if (!std::isfinite(r)) continue;
    x.push_back(r);
    y.push_back(inverse ? 1.0 / s.depth : s.depth);
  }
  if (x.size() < 3) return std::nullopt;
  // Least median of squares over random pairs: robust to half outliers.
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, x.size() - 1);
  double best_a = 0, best_b = 0, best_median = INFINITY;
  std::vector<double> residuals(x.size());
  for (int iteration = 0; iteration < 200; ++iteration) {
    const size_t i = pick(rng), j = pick(rng);
    if (i == j || x[i] == x[j]) continue;
    const double a = (y[j] - y[i]) / (x[j] - x[i]);
    const double b = y[i] - a * x[i];
    for (size_t k = 0; k < x.size(); ++k) residuals[k] = std::abs(a * x[k] + b - y[k]);
    const double median = Median(residuals);
    if (median < best_median) best_median = median, best_a = a, best_b = b;
  }
  if (!std::isfinite(best_median)) return std::nullopt;
  const double sigma = std::max(1.4826 * best_median, 1e-12 * std::abs(Median(y)));
  std::vector<size_t> inliers;
  for (size_t k = 0; k < x.size(); ++k) {
    if (std::abs(best_a * x[k] + best_b - y[k]) <= 2.5 * sigma) inliers.push_back(k);
  }
  RelativeFit fit;
  fit.inverse = inverse;
  if (!LineFit(x, y, inliers, &fit.scale, &fit.shift)) return std::nullopt;
  fit.inliers = static_cast<int>(inliers.size());
  return fit;
}

std::optional<GroundPlane> FitGroundPlane(const std::vector<Eigen::Vector3d>& points,
                                          const std::vector<Eigen::Isometry3d>& world_from_camera,
                                          const GroundPlaneOptions& options) {
  if (points.size() < 3 || world_from_camera.empty()) return std::nullopt;
  Eigen::Vector3d down = Eigen::Vector3d::Zero();
  for (const Eigen::Isometry3d& c : world_from_camera) down += c.linear().col(1);
  down.normalize();
  std::vector<double> distances;
  for (size_t i = 0; i < points.size(); i += std::max<size_t>(1, points.size() / 2000)) {
    distances.push_back((points[i] - world_from_camera.front().translation()).norm());
  }
  const double threshold = options.inlier_fraction * Median(distances);
  const double min_cos = std::cos(options.max_tilt_deg * M_PI / 180.0);

  auto below_every_camera = [&](const Eigen::Vector3d& n, double d) {
    for (const Eigen::Isometry3d& c : world_from_camera) {
      if (n.dot(c.translation()) + d >= 0) return false;
    }
    return true;
  };
  auto count = [&](const Eigen::Vector3d& n, double d) {
    int inliers = 0;
    for (const Eigen::Vector3d& p : points) inliers += std::abs(n.dot(p) + d) <= threshold;
    return inliers;
  };

  std::mt19937 rng(options.seed);
  std::uniform_int_distribution<size_t> pick(0, points.size() - 1);
  GroundPlane best;
  best.inliers = -1;
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const Eigen::Vector3d& a = points[pick(rng)];
    const Eigen::Vector3d& b = points[pick(rng)];
    const Eigen::Vector3d& c = points[pick(rng)];
    Eigen::Vector3d n = (b - a).cross(c - a);
    if (n.norm() < 1e-12) continue;
    n.normalize();
    if (n.dot(down) < 0) n = -n;
    if (n.dot(down) < min_cos) continue;
    const double d = -n.dot(a);
    if (!below_every_camera(n, d)) continue;
    const int inliers = count(n, d);
    if (inliers > best.inliers) best = {n, d, inliers};
  }
  if (best.inliers < options.min_inliers) return std::nullopt;

  // Least squares on the inliers: the normal is the direction of least spread.
  for (int refine = 0; refine < 2; ++refine) {
    Eigen::Vector3d mean = Eigen::Vector3d::Zero();
    std::vector<const Eigen::Vector3d*> in;
    for (const Eigen::Vector3d& p : points) {
      if (std::abs(best.Distance(p)) <= threshold) in.push_back(&p), mean += p;
    }
    if (in.size() < 3) break;
    mean /= static_cast<double>(in.size());
    Eigen::Matrix3d scatter = Eigen::Matrix3d::Zero();
    for (const Eigen::Vector3d* p : in) scatter += (*p - mean) * (*p - mean).transpose();
    Eigen::JacobiSVD<Eigen::Matrix3d> svd(scatter, Eigen::ComputeFullU);
    Eigen::Vector3d n = svd.matrixU().col(2);
    if (n.dot(down) < 0) n = -n;
    best.normal = n;
    best.offset = -n.dot(mean);
    best.inliers = static_cast<int>(in.size());
  }
  if (!below_every_camera(best.normal, best.offset)) return std::nullopt;
  return best;
}

double CameraHeightFactor(const GroundPlane& plane,
                          const std::vector<Eigen::Isometry3d>& world_from_camera, double height) {
  std::vector<double> distances;
  for (const Eigen::Isometry3d& c : world_from_camera) {
    distances.push_back(std::abs(plane.Distance(c.translation())));
  }
  return height / Median(distances);
}

void RescaleSegment(int segment, double factor, mono::MonoPath* path) {
  const mono::Segment& s = path->segments[static_cast<size_t>(segment)];
  for (int f = s.first_frame; f < s.end_frame; ++f) {
    path->world_from_camera[f].translation() *= factor;
  }
  for (mono::MapPoint& point : path->points) {
    if (point.segment == segment) point.world *= factor;
  }
}

}  // namespace dolly::odometry
