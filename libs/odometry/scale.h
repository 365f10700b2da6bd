// The unit of length of a monocular camera path. Monocular odometry knows
// the path only up to scale (the first baseline of each segment has length
// 1); these fits find, per segment, the factor that makes it metric from one
// more fact: a metric depth map, or the camera's height above the ground
// (found directly in the sparse points, or in a relative model depth first
// aligned to them, which covers the ground densely).
#ifndef DOLLY_LIBS_ODOMETRY_SCALE_H_
#define DOLLY_LIBS_ODOMETRY_SCALE_H_

#include <optional>
#include <vector>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/odometry/mono/monocular.h"

namespace dolly::odometry {

// One map point seen in one frame: its z-depth in that frame's camera (the
// path's units) at the observed pixel rounded to the nearest pixel.
struct SparseSample {
  cv::Point pixel;
  double depth = 0.0;
};

// Per frame, the samples inside a width x height image with depth > 0; where
// two points land on one pixel the nearer is kept (it hides the other).
std::vector<std::vector<SparseSample>> SparseSamples(const mono::MonoPath& path, int width,
                                                     int height);

// True where `depth` (CV_32FC1) is measured (> 0) in the 3x3 neighbourhood
// of `p` and varies there by at most `max_ratio`: not at a depth edge.
bool SmoothDepthAt(const cv::Mat& depth, cv::Point p, double max_ratio);
constexpr double kDepthEdgeRatio = 1.05;

// Per segment, median over the samples away from depth edges of (metric
// depth / sparse depth):
// the factor that makes the segment's units metres. Feed it frame by frame.
class DepthRatioScale {
 public:
  explicit DepthRatioScale(int segments) : ratios_(static_cast<size_t>(segments)) {}
  // `metric` is CV_32FC1; pixels with no measurement (<= 0) are skipped.
  void AddFrame(int segment, const cv::Mat& metric, const std::vector<SparseSample>& samples);
  int Samples(int segment) const { return static_cast<int>(ratios_[segment].size()); }
  // nullopt without samples.
  std::optional<double> Factor(int segment) const;

 private:
  std::vector<std::vector<double>> ratios_;
};

// relative -> sparse depth, robustly: depth = scale * r + shift, or
// 1 / depth = scale * r + shift for inverse (disparity-like) maps. Least
// median of squares over sample pairs, then least squares on the inliers
// (2.5 robust sigmas). nullopt with fewer than 3 samples or a degenerate fit.
struct RelativeFit {
  double scale = 1.0;
  double shift = 0.0;
  bool inverse = false;
  int inliers = 0;
  double Apply(double relative) const;  // <= 0 where the fit gives no depth
};
std::optional<RelativeFit> FitRelativeToSparse(const cv::Mat& relative, bool inverse,
                                               const std::vector<SparseSample>& samples);

// The ground plane n . x + d = 0 of one segment's world (|n| = 1, n pointing
// down, away from the cameras). Candidates whose normal is within
// `max_tilt_deg` of the cameras' mean down axis (+y) and which lie below
// every camera; the one with most inliers (distance below `inlier_fraction`
// of the median camera-to-point distance) wins, refined by least squares.
struct GroundPlane {
  Eigen::Vector3d normal = Eigen::Vector3d::UnitY();
  double offset = 0.0;
  int inliers = 0;
  double Distance(const Eigen::Vector3d& x) const { return normal.dot(x) + offset; }
};
struct GroundPlaneOptions {
  double max_tilt_deg = 50.0;
  double inlier_fraction = 0.01;
  int iterations = 500;
  int min_inliers = 30;
  unsigned seed = 1;
};
std::optional<GroundPlane> FitGroundPlane(const std::vector<Eigen::Vector3d>& points,
                                          const std::vector<Eigen::Isometry3d>& world_from_camera,
                                          const GroundPlaneOptions& options = {});

// The factor that puts the cameras `height` above `plane`: height over the
// median camera-to-plane distance.
double CameraHeightFactor(const GroundPlane& plane,
                          const std::vector<Eigen::Isometry3d>& world_from_camera, double height);

// Multiplies the translations of the segment's frames and its points by
// `factor` (each segment's world is its first camera, so this is a
// similarity that leaves the rotations and the reprojections unchanged).
void RescaleSegment(int segment, double factor, mono::MonoPath* path);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_SCALE_H_
