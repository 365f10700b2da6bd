// Ceres residuals of the monocular bundle adjustment, with the focal length
// (fx = fy, principal point fixed at the image centre) as a parameter block
// shared by every frame, so that it can be refined when it is not given.
// Poses are camera_from_world (quaternion w, x, y, z as in Ceres, then a
// translation), as in libs/odometry/reprojection_cost.h.
#ifndef DOLLY_LIBS_ODOMETRY_MONO_FOCAL_COSTS_H_
#define DOLLY_LIBS_ODOMETRY_MONO_FOCAL_COSTS_H_

#include <ceres/autodiff_cost_function.h>
#include <ceres/rotation.h>

#include "libs/odometry/reprojection_cost.h"

namespace dolly::odometry::mono {

using odometry::PinholeResidual;

// Pixel residual of a world point seen by a camera with focal `f`.
struct FocalReprojectionCost {
  FocalReprojectionCost(double u, double v, double cx, double cy) : u(u), v(v), cx(cx), cy(cy) {}

  template <typename T>
  bool operator()(const T* q_cw, const T* t_cw, const T* point_world, const T* f,
                  T* residual) const {
    T p[3];
    ceres::UnitQuaternionRotatePoint(q_cw, point_world, p);
    p[0] += t_cw[0];
    p[1] += t_cw[1];
    p[2] += t_cw[2];
    PinholeResidual(p, f[0], f[0], cx, cy, u, v, residual);
    return true;
  }

  static ceres::CostFunction* Create(double u, double v, double cx, double cy) {
    return new ceres::AutoDiffCostFunction<FocalReprojectionCost, 2, 4, 3, 3, 1>(
        new FocalReprojectionCost(u, v, cx, cy));
  }

  double u, v, cx, cy;
};

// Pixel residual of a direction (a point at infinity, unit vector in the
// world) seen by a camera that only rotates: what a rotation-only segment
// can constrain (rotations and focal, no depth).
struct FocalDirectionCost {
  FocalDirectionCost(double u, double v, double cx, double cy) : u(u), v(v), cx(cx), cy(cy) {}

  template <typename T>
  bool operator()(const T* q_cw, const T* direction_world, const T* f, T* residual) const {
    T p[3];
    ceres::UnitQuaternionRotatePoint(q_cw, direction_world, p);
    PinholeResidual(p, f[0], f[0], cx, cy, u, v, residual);
    return true;
  }

  static ceres::CostFunction* Create(double u, double v, double cx, double cy) {
    return new ceres::AutoDiffCostFunction<FocalDirectionCost, 2, 4, 3, 1>(
        new FocalDirectionCost(u, v, cx, cy));
  }

  double u, v, cx, cy;
};

}  // namespace dolly::odometry::mono

#endif  // DOLLY_LIBS_ODOMETRY_MONO_FOCAL_COSTS_H_
