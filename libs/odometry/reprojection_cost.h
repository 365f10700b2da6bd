// Ceres cost functors of the sliding-window bundle adjustment (COLMAP style:
// one small templated functor per residual, tested on its own).
//
// Pose parameters are camera_from_world: a quaternion (w, x, y, z; Ceres'
// order, used with ceres::QuaternionManifold) and a translation. Points are
// in the world frame. Pixels follow the OpenCV convention (camera x right,
// y down, z forward; (0,0) = centre of the top-left pixel).
#ifndef DOLLY_LIBS_ODOMETRY_REPROJECTION_COST_H_
#define DOLLY_LIBS_ODOMETRY_REPROJECTION_COST_H_

#include <ceres/autodiff_cost_function.h>
#include <ceres/rotation.h>

namespace dolly::odometry {

// Pixel residual (projected - observed) of camera-frame point p. A point
// behind the camera has no projection: a large constant residual (rather
// than failing the evaluation) keeps the solver going while the robust loss
// limits its pull. Shared by every reprojection functor.
template <typename T>
void PinholeResidual(const T* p, const T& fx, const T& fy, double cx, double cy, double u,
                     double v, T* residual) {
  if (p[2] < T(1e-6)) {
    residual[0] = T(1e3);
    residual[1] = T(1e3);
    return;
  }
  residual[0] = fx * p[0] / p[2] + T(cx) - T(u);
  residual[1] = fy * p[1] / p[2] + T(cy) - T(v);
}

// Pixel residual (projected - observed) of a world point seen by a camera.
struct ReprojectionCost {
  ReprojectionCost(double u, double v, double fx, double fy, double cx, double cy)
      : u(u), v(v), fx(fx), fy(fy), cx(cx), cy(cy) {}

  template <typename T>
  bool operator()(const T* q_cw, const T* t_cw, const T* point_world, T* residual) const {
    T p[3];
    ceres::UnitQuaternionRotatePoint(q_cw, point_world, p);
    p[0] += t_cw[0];
    p[1] += t_cw[1];
    p[2] += t_cw[2];
    PinholeResidual(p, T(fx), T(fy), cx, cy, u, v, residual);
    return true;
  }

  static ceres::CostFunction* Create(double u, double v, double fx, double fy, double cx,
                                     double cy) {
    return new ceres::AutoDiffCostFunction<ReprojectionCost, 2, 4, 3, 3>(
        new ReprojectionCost(u, v, fx, fy, cx, cy));
  }

  double u, v, fx, fy, cx, cy;
};

// Depth prior: the point's z in a fixed camera (its keyframe, where the
// depth map measured `depth`) should match, with a relative standard
// deviation `sigma`: residual = (z - depth) / (sigma * depth).
struct DepthPriorCost {
  DepthPriorCost(const double* q_cw, const double* t_cw, double depth, double sigma)
      : depth(depth), sigma(sigma) {
    for (int i = 0; i < 4; ++i) q[i] = q_cw[i];
    for (int i = 0; i < 3; ++i) t[i] = t_cw[i];
  }

  template <typename T>
  bool operator()(const T* point_world, T* residual) const {
    const T qt[4] = {T(q[0]), T(q[1]), T(q[2]), T(q[3])};
    T p[3];
    ceres::UnitQuaternionRotatePoint(qt, point_world, p);
    residual[0] = (p[2] + T(t[2]) - T(depth)) / T(sigma * depth);
    return true;
  }

  static ceres::CostFunction* Create(const double* q_cw, const double* t_cw, double depth,
                                     double sigma) {
    return new ceres::AutoDiffCostFunction<DepthPriorCost, 1, 3>(
        new DepthPriorCost(q_cw, t_cw, depth, sigma));
  }

  double q[4], t[3];
  double depth, sigma;
};

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_REPROJECTION_COST_H_
