// Ceres cost functors of the 4D fit, one per energy term. Node parameter
// blocks are NodeParams (angle-axis rotation, translation; 6 doubles).
// Residuals are in pixels or pixel-equivalents: world lengths are multiplied
// by `px_per_unit` (focal length over viewing distance) so that one weight
// scale fits every term.
#ifndef DOLLY_LIBS_RECON4D_COST_FUNCTORS_H_
#define DOLLY_LIBS_RECON4D_COST_FUNCTORS_H_

#include <memory>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <ceres/ceres.h>
#include <ceres/cubic_interpolation.h>
#include <ceres/rotation.h>

#include "libs/recon4d/deformation_graph.h"

namespace dolly::recon4d {

// A pinhole camera as plain numbers: camera_from_world rotation (row-major)
// and translation, then fx, fy, cx, cy.
struct CameraNumbers {
  double r[9];
  double t[3];
  double fx, fy, cx, cy;
};

// A blended point (deformation_graph.h) and its 3x6 Jacobian for each node
// block, in the order of the blend's terms. Rotations are differentiated with
// a 3-dual autodiff of AngleAxisRotatePoint; translations enter linearly.
inline Eigen::Vector3d EvaluateBlend(const BlendPoint& blend,
                                     const std::vector<Eigen::Vector3d>& nodes,
                                     double const* const* params,
                                     std::vector<Eigen::Matrix<double, 3, 6>>* jacobians) {
  using Jet3 = ceres::Jet<double, 3>;
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  if (jacobians) jacobians->resize(blend.size());
  for (size_t k = 0; k < blend.size(); ++k) {
    const BlendTerm& b = blend[k];
    const double* q = params[k];
    const Eigen::Vector3d& g = nodes[b.node];
    if (jacobians) {
      const Jet3 qj[3] = {Jet3(q[0], 0), Jet3(q[1], 1), Jet3(q[2], 2)};
      const Jet3 d[3] = {Jet3(b.d.x()), Jet3(b.d.y()), Jet3(b.d.z())};
      Jet3 rd[3];
      ceres::AngleAxisRotatePoint(qj, d, rd);
      Eigen::Matrix<double, 3, 6>& j = (*jacobians)[k];
      for (int i = 0; i < 3; ++i) {
        p[i] += rd[i].a + b.c * (g[i] + q[3 + i]);
        j.block<1, 3>(i, 0) = rd[i].v.transpose();
      }
      j.block<3, 3>(0, 3) = b.c * Eigen::Matrix3d::Identity();
    } else {
      double rd[3];
      ceres::AngleAxisRotatePoint(q, b.d.data(), rd);
      for (int i = 0; i < 3; ++i) p[i] += rd[i] + b.c * (g[i] + q[3 + i]);
    }
  }
  return p;
}

// Pixel of a world point and its 2x3 Jacobian.
inline Eigen::Vector2d ProjectWithJacobian(const CameraNumbers& camera, const Eigen::Vector3d& p,
                                           Eigen::Matrix<double, 2, 3>* jacobian) {
  const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> r(camera.r);
  const Eigen::Vector3d c = r * p + Eigen::Vector3d(camera.t[0], camera.t[1], camera.t[2]);
  // Points cannot reach the camera plane in this fit (the asset stays in
  // view); the clamp only keeps a wild trial step finite.
  const double z = std::max(c.z(), 1e-6);
  if (jacobian) {
    Eigen::Matrix<double, 2, 3> dc;
    dc << camera.fx / z, 0, -camera.fx * c.x() / (z * z), 0, camera.fy / z,
        -camera.fy * c.y() / (z * z);
    *jacobian = dc * r;
  }
  return {camera.fx * c.x() / z + camera.cx, camera.fy * c.y() / z + camera.cy};
}

// The pixel of a blended point and, when asked, its 2x6 Jacobian for each of
// the blend's node blocks (the blend's order).
inline Eigen::Vector2d BlendedPixel(const BlendPoint& blend,
                                    const std::vector<Eigen::Vector3d>& nodes,
                                    const CameraNumbers& camera, double const* const* params,
                                    std::vector<Eigen::Matrix<double, 2, 6>>* jacobians) {
  std::vector<Eigen::Matrix<double, 3, 6>> dp;
  const Eigen::Vector3d p = EvaluateBlend(blend, nodes, params, jacobians ? &dp : nullptr);
  Eigen::Matrix<double, 2, 3> dpx;
  const Eigen::Vector2d px = ProjectWithJacobian(camera, p, jacobians ? &dpx : nullptr);
  if (jacobians) {
    jacobians->resize(blend.size());
    for (size_t k = 0; k < blend.size(); ++k) (*jacobians)[k] = dpx * dp[k];
  }
  return px;
}

// The residual of a blended point seen through a camera: r = f(pixel), with
// its 1x2 or 2x2 derivative supplied by the subclass.
template <int kResiduals>
class BlendedPixelCost : public ceres::CostFunction {
 public:
  BlendedPixelCost(BlendPoint blend, const std::vector<Eigen::Vector3d>* nodes,
                   CameraNumbers camera)
      : blend_(std::move(blend)), nodes_(nodes), camera_(camera) {
    for (size_t k = 0; k < blend_.size(); ++k) mutable_parameter_block_sizes()->push_back(6);
    set_num_residuals(kResiduals);
  }

  bool Evaluate(double const* const* params, double* residuals,
                double** jacobians) const override {
    std::vector<Eigen::Matrix<double, 2, 6>> dpx;
    const Eigen::Vector2d px =
        BlendedPixel(blend_, *nodes_, camera_, params, jacobians ? &dpx : nullptr);
    Eigen::Matrix<double, kResiduals, 2> dr;
    Residual(px, residuals, jacobians ? &dr : nullptr);
    if (!jacobians) return true;
    for (size_t k = 0; k < blend_.size(); ++k) {
      if (!jacobians[k]) continue;
      Eigen::Map<Eigen::Matrix<double, kResiduals, 6, Eigen::RowMajor>> j(jacobians[k]);
      j = dr * dpx[k];
    }
    return true;
  }

 protected:
  virtual void Residual(const Eigen::Vector2d& px, double* residual,
                        Eigen::Matrix<double, kResiduals, 2>* jacobian) const = 0;

 private:
  BlendPoint blend_;
  const std::vector<Eigen::Vector3d>* nodes_;
  CameraNumbers camera_;
};

// A tracked surface point seen at `observed` (pixels). `weight` is a 2x2
// square root information matrix: a track on an edge is only trusted across
// the edge (the aperture problem), one in a flat patch hardly at all.
class TrackCost : public BlendedPixelCost<2> {
 public:
  TrackCost(const BlendPoint& blend, const std::vector<Eigen::Vector3d>* nodes,
            const CameraNumbers& camera, const Eigen::Vector2d& observed,
            const Eigen::Matrix2d& weight)
      : BlendedPixelCost<2>(blend, nodes, camera), observed_(observed), weight_(weight) {}

 protected:
  void Residual(const Eigen::Vector2d& px, double* residual,
                Eigen::Matrix<double, 2, 2>* jacobian) const override {
    const Eigen::Vector2d r = weight_ * (px - observed_);
    residual[0] = r[0];
    residual[1] = r[1];
    if (jacobian) *jacobian = weight_;
  }

 private:
  Eigen::Vector2d observed_;
  Eigen::Matrix2d weight_;
};

// A map over the image, interpolated bicubically: the distance (pixels) from
// the mask, 0 inside it, which every surface point pays when it projects
// outside the silhouette; or the signed distance to the mask's boundary,
// which a point on the asset's own contour (as the current pose shows it)
// pays for not lying on the boundary.
using DistanceMap = ceres::BiCubicInterpolator<ceres::Grid2D<float, 1>>;

class SilhouetteCost : public BlendedPixelCost<1> {
 public:
  SilhouetteCost(const BlendPoint& blend, const std::vector<Eigen::Vector3d>* nodes,
                 const CameraNumbers& camera, const DistanceMap* distance, double weight)
      : BlendedPixelCost<1>(blend, nodes, camera), distance_(distance), weight_(weight) {}

 protected:
  void Residual(const Eigen::Vector2d& px, double* residual,
                Eigen::Matrix<double, 1, 2>* jacobian) const override {
    double d, d_row, d_col;
    distance_->Evaluate(px.y(), px.x(), &d, &d_row, &d_col);
    residual[0] = weight_ * d;
    if (jacobian) *jacobian << weight_ * d_col, weight_ * d_row;
  }

 private:
  const DistanceMap* distance_;
  double weight_;
};

// Brightness constancy against frame 0: a surface point seen with grey level
// `reference` in its view's first frame shows the same grey level in this
// frame's (blurred) image, interpolated bicubically. Ties the fit to frame 0's
// appearance, so it does not drift as chained tracks do.
class PhotometricCost : public BlendedPixelCost<1> {
 public:
  PhotometricCost(const BlendPoint& blend, const std::vector<Eigen::Vector3d>* nodes,
                  const CameraNumbers& camera, const DistanceMap* image, double reference,
                  double weight)
      : BlendedPixelCost<1>(blend, nodes, camera), image_(image), reference_(reference),
        weight_(weight) {}

 protected:
  void Residual(const Eigen::Vector2d& px, double* residual,
                Eigen::Matrix<double, 1, 2>* jacobian) const override {
    double value, d_row, d_col;
    image_->Evaluate(px.y(), px.x(), &value, &d_row, &d_col);
    residual[0] = weight_ * (value - reference_);
    if (jacobian) *jacobian << weight_ * d_col, weight_ * d_row;
  }

 private:
  const DistanceMap* image_;
  double reference_;
  double weight_;
};

// PhotometricCost under a smooth shading gain: Lambert shading multiplies the
// albedo, so as a surface turns its grey level scales by a factor that varies
// slowly over the surface. Each node carries a log gain; the point's is the
// blend of its nodes' (weights c). Blocks: the nodes' parameters, then their
// log gains, in the blend's order.
class ShadedPhotometricCost : public ceres::CostFunction {
 public:
  ShadedPhotometricCost(BlendPoint blend, const std::vector<Eigen::Vector3d>* nodes,
                        CameraNumbers camera, const DistanceMap* image, double reference,
                        double weight)
      : blend_(std::move(blend)), nodes_(nodes), camera_(camera), image_(image),
        reference_(reference), weight_(weight) {
    for (size_t k = 0; k < blend_.size(); ++k) mutable_parameter_block_sizes()->push_back(6);
    for (size_t k = 0; k < blend_.size(); ++k) mutable_parameter_block_sizes()->push_back(1);
    set_num_residuals(1);
  }

  bool Evaluate(double const* const* params, double* residuals,
                double** jacobians) const override {
    std::vector<Eigen::Matrix<double, 2, 6>> dpx;
    const Eigen::Vector2d px =
        BlendedPixel(blend_, *nodes_, camera_, params, jacobians ? &dpx : nullptr);
    double value, d_row, d_col;
    image_->Evaluate(px.y(), px.x(), &value, &d_row, &d_col);
    const size_t n = blend_.size();
    double log_gain = 0.0;
    for (size_t k = 0; k < n; ++k) log_gain += blend_[k].c * params[n + k][0];
    const double gain = std::exp(log_gain);
    residuals[0] = weight_ * (value - gain * reference_);
    if (!jacobians) return true;
    const Eigen::RowVector2d dr = weight_ * Eigen::RowVector2d(d_col, d_row);
    for (size_t k = 0; k < n; ++k) {
      if (jacobians[k]) {
        Eigen::Map<Eigen::Matrix<double, 1, 6>> j(jacobians[k]);
        j = dr * dpx[k];
      }
      if (jacobians[n + k]) jacobians[n + k][0] = -weight_ * gain * reference_ * blend_[k].c;
    }
    return true;
  }

 private:
  BlendPoint blend_;
  const std::vector<Eigen::Vector3d>* nodes_;
  CameraNumbers camera_;
  const DistanceMap* image_;
  double reference_;
  double weight_;
};

// As-rigid-as-possible edge of the graph (Sumner et al.'s E_reg): node j's
// transform carries neighbour k's rest position where k's own does,
//   R_j (g_k - g_j) + g_j + t_j - (g_k + t_k).
class ArapEdgeCost {
 public:
  ArapEdgeCost(const Eigen::Vector3d& gj, const Eigen::Vector3d& gk, double weight)
      : gj_(gj), gk_(gk), weight_(weight) {}

  template <typename T>
  bool operator()(const T* qj, const T* qk, T* residual) const {
    const T e[3] = {T(gk_.x() - gj_.x()), T(gk_.y() - gj_.y()), T(gk_.z() - gj_.z())};
    T re[3];
    ceres::AngleAxisRotatePoint(qj, e, re);
    for (int i = 0; i < 3; ++i) {
      residual[i] = T(weight_) * (re[i] + T(gj_[i]) + qj[3 + i] - T(gk_[i]) - qk[3 + i]);
    }
    return true;
  }

  static ceres::CostFunction* Create(const Eigen::Vector3d& gj, const Eigen::Vector3d& gk,
                                     double weight) {
    return new ceres::AutoDiffCostFunction<ArapEdgeCost, 3, 6, 6>(
        new ArapEdgeCost(gj, gk, weight));
  }

 private:
  Eigen::Vector3d gj_, gk_;
  double weight_;
};

// Constant-velocity prior on a node: its parameters near `predicted`
// (2 x_{t-1} - x_{t-2}); rotations count at `rotation_length` (a node's reach)
// so that both halves are lengths.
class TemporalCost {
 public:
  TemporalCost(const NodeParams& predicted, double rotation_length, double weight)
      : predicted_(predicted), rotation_length_(rotation_length), weight_(weight) {}

  template <typename T>
  bool operator()(const T* q, T* residual) const {
    for (int i = 0; i < 6; ++i) {
      const double scale = i < 3 ? rotation_length_ : 1.0;
      residual[i] = T(weight_ * scale) * (q[i] - T(predicted_[i]));
    }
    return true;
  }

  static ceres::CostFunction* Create(const NodeParams& predicted, double rotation_length,
                                     double weight) {
    return new ceres::AutoDiffCostFunction<TemporalCost, 6, 6>(
        new TemporalCost(predicted, rotation_length, weight));
  }

 private:
  NodeParams predicted_;
  double rotation_length_;
  double weight_;
};

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_COST_FUNCTORS_H_
