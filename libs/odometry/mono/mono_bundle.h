// Bundle adjustment of a monocular segment (or a window of it) in Ceres:
// poses, points and, when asked, the shared focal length. A rotation-only
// variant refines rotations and directions (points at infinity) instead.
#ifndef DOLLY_LIBS_ODOMETRY_MONO_MONO_BUNDLE_H_
#define DOLLY_LIBS_ODOMETRY_MONO_MONO_BUNDLE_H_

#include <map>
#include <set>
#include <vector>

#include <Eigen/Geometry>

namespace dolly::odometry::mono {

struct BundleObservation {
  int frame = 0;
  int point = 0;  // key into MonoBundle::points
  Eigen::Vector2d pixel;
};

struct MonoBundle {
  std::map<int, Eigen::Isometry3d> world_from_camera;
  std::set<int> fixed_frames;  // poses kept as they are (gauge, older frames)
  // World points, or unit directions for the rotation-only variant.
  std::map<int, Eigen::Vector3d> points;
  std::vector<BundleObservation> observations;
  double focal = 1.0;
  double cx = 0.0, cy = 0.0;
  bool refine_focal = false;
};

struct BundleStats {
  bool usable = false;
  int residuals = 0;
  double rms_px = 0.0;  // over all observations, after the solve
  double cost = 0.0;    // final robust cost (Ceres' 0.5 sum of rho)
};

// Refines `bundle` in place (frames, points and focal). Observations of
// frames or points not in the bundle are skipped.
BundleStats AdjustBundle(MonoBundle* bundle, double huber_px, int max_iterations);

// The same for a camera that only turns: translations are ignored (kept),
// points are unit directions.
BundleStats AdjustRotationBundle(MonoBundle* bundle, double huber_px, int max_iterations);

}  // namespace dolly::odometry::mono

#endif  // DOLLY_LIBS_ODOMETRY_MONO_MONO_BUNDLE_H_
