// Unit tests of the 4D fit's Ceres cost functors (cost_functors.h):
// - Every Jacobian (TrackCost, SilhouetteCost, PhotometricCost, ShadedPhotometricCost with their
//   analytic Jacobians; ArapEdgeCost, TemporalCost by autodiff) against
//   central finite differences (step 1e-6) at random parameters with
//   rotations up to ~0.5 rad: |J - J_fd| <= 1e-5 * max(1, max|J|).
// - Residual values against hand-computed ones: TrackCost is
//   W (project(DeformPoint) - observed) at random parameters (1e-9 px) and
//   projection - observed at identity with W = I; SilhouetteCost and
//   PhotometricCost read their map at (row = y, col = x): at a pixel centre
//   the residual is the analytic image value there (1e-5; the swapped
//   convention would be off by > 3); ArapEdgeCost is zero for a rigid
//   motion shared by both nodes and w (t_j - t_k) for pure translations;
//   TemporalCost is zero at the prediction and scales rotations by
//   rotation_length.
// - The no-Jacobian path gives the same residuals as the Jacobian path.
#define BOOST_TEST_MODULE cost_functors_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <vector>

#include <Eigen/Geometry>

#include "libs/recon4d/cost_functors.h"
#include "libs/recon4d/deformation_graph.h"

namespace dolly::recon4d {
namespace {

constexpr int kWidth = 128, kHeight = 128;

double Image(double x, double y) { return std::sin(0.1 * x) + 0.05 * y; }

// A smooth analytic image sampled at pixel centres, row-major (row = y).
struct AnalyticMap {
  std::vector<float> data;
  std::unique_ptr<ceres::Grid2D<float, 1>> grid;
  std::unique_ptr<DistanceMap> map;
  AnalyticMap() : data(kWidth * kHeight) {
    for (int y = 0; y < kHeight; ++y) {
      for (int x = 0; x < kWidth; ++x) data[y * kWidth + x] = static_cast<float>(Image(x, y));
    }
    grid = std::make_unique<ceres::Grid2D<float, 1>>(data.data(), 0, kHeight, 0, kWidth);
    map = std::make_unique<DistanceMap>(*grid);
  }
};

CameraNumbers MakeCamera() {
  CameraNumbers camera;
  const Eigen::Matrix3d r =
      Eigen::AngleAxisd(0.2, Eigen::Vector3d(0.3, -1.0, 0.5).normalized()).toRotationMatrix();
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) camera.r[3 * i + j] = r(i, j);
  }
  camera.t[0] = 0.1;
  camera.t[1] = -0.2;
  camera.t[2] = 5.0;
  camera.fx = 100.0;
  camera.fy = 90.0;
  camera.cx = 64.0;
  camera.cy = 60.0;
  return camera;
}

Eigen::Vector2d Project(const CameraNumbers& camera, const Eigen::Vector3d& p) {
  const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> r(camera.r);
  const Eigen::Vector3d c = r * p + Eigen::Vector3d(camera.t[0], camera.t[1], camera.t[2]);
  return {camera.fx * c.x() / c.z() + camera.cx, camera.fy * c.y() / c.z() + camera.cy};
}

// Four nodes and a blend of three of them (out of order), as BlendOf makes.
struct Setup {
  DeformationGraph graph;
  BlendPoint blend;
  Setup() {
    graph.nodes = {{0.1, 0.2, 0.0}, {-0.3, 0.1, 0.2}, {0.2, -0.3, -0.1}, {0.4, 0.4, 0.3}};
    blend = {BlendTerm{2, 0.5, Eigen::Vector3d(0.05, -0.1, 0.08)},
             BlendTerm{0, 0.3, Eigen::Vector3d(-0.02, 0.04, 0.03)},
             BlendTerm{3, 0.2, Eigen::Vector3d(0.01, 0.02, -0.06)}};
  }
};

NodeParams RandomParams(std::mt19937* rng) {
  std::uniform_real_distribution<double> angle(-0.29, 0.29), shift(-0.2, 0.2);
  NodeParams q;
  for (int i = 0; i < 3; ++i) q[i] = angle(*rng);  // |r| <= 0.5 rad
  for (int i = 3; i < 6; ++i) q[i] = shift(*rng);
  return q;
}

// Residuals of `cost` at `blocks`, with or without Jacobians.
std::vector<double> Residuals(const ceres::CostFunction& cost,
                              const std::vector<std::vector<double>>& blocks,
                              std::vector<std::vector<double>>* jacobians) {
  std::vector<const double*> params;
  for (const auto& b : blocks) params.push_back(b.data());
  std::vector<double> r(cost.num_residuals());
  if (jacobians) {
    jacobians->resize(blocks.size());
    std::vector<double*> j;
    for (size_t k = 0; k < blocks.size(); ++k) {
      (*jacobians)[k].assign(cost.num_residuals() * blocks[k].size(), 0.0);
      j.push_back((*jacobians)[k].data());
    }
    BOOST_TEST_REQUIRE(cost.Evaluate(params.data(), r.data(), j.data()));
  } else {
    BOOST_TEST_REQUIRE(cost.Evaluate(params.data(), r.data(), nullptr));
  }
  return r;
}

// Analytic Jacobians against central differences, step 1e-6.
void CheckJacobians(const ceres::CostFunction& cost,
                    const std::vector<std::vector<double>>& blocks) {
  BOOST_TEST_REQUIRE(cost.parameter_block_sizes().size() == blocks.size());
  std::vector<std::vector<double>> jacobians;
  const std::vector<double> r = Residuals(cost, blocks, &jacobians);
  const std::vector<double> plain = Residuals(cost, blocks, nullptr);
  for (size_t i = 0; i < r.size(); ++i) BOOST_TEST(std::abs(r[i] - plain[i]) <= 1e-12);
  const int n = cost.num_residuals();
  constexpr double kStep = 1e-6;
  for (size_t k = 0; k < blocks.size(); ++k) {
    const int size = static_cast<int>(blocks[k].size());
    double scale = 1.0;
    for (double v : jacobians[k]) scale = std::max(scale, std::abs(v));
    for (int c = 0; c < size; ++c) {
      std::vector<std::vector<double>> plus = blocks, minus = blocks;
      plus[k][c] += kStep;
      minus[k][c] -= kStep;
      const std::vector<double> rp = Residuals(cost, plus, nullptr);
      const std::vector<double> rm = Residuals(cost, minus, nullptr);
      for (int i = 0; i < n; ++i) {
        const double fd = (rp[i] - rm[i]) / (2.0 * kStep);
        const double analytic = jacobians[k][i * size + c];  // row-major
        BOOST_TEST(std::abs(analytic - fd) <= 1e-5 * scale,
                   "block " << k << " column " << c << " residual " << i << ": analytic "
                            << analytic << " vs finite difference " << fd);
      }
    }
  }
}

std::vector<std::vector<double>> Blocks(const std::vector<NodeParams>& params) {
  std::vector<std::vector<double>> blocks;
  for (const NodeParams& q : params) blocks.emplace_back(q.begin(), q.end());
  return blocks;
}

// Parameters per blend term and per graph node (for DeformPoint).
struct Params {
  std::vector<NodeParams> per_term, per_node;
};
Params RandomBlendParams(const Setup& s, std::mt19937* rng) {
  Params p;
  p.per_node.resize(s.graph.nodes.size());
  for (NodeParams& q : p.per_node) q = RandomParams(rng);
  for (const BlendTerm& t : s.blend) p.per_term.push_back(p.per_node[t.node]);
  return p;
}

BOOST_AUTO_TEST_CASE(TrackCostResidualAtIdentity) {
  const Setup s;
  const CameraNumbers camera = MakeCamera();
  const Eigen::Vector2d observed(61.0, 57.5);
  TrackCost cost(s.blend, &s.graph.nodes, camera, observed, Eigen::Matrix2d::Identity());
  // Identity params: the point is sum_k d_k + c_k g_k.
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  for (const BlendTerm& t : s.blend) p += t.d + t.c * s.graph.nodes[t.node];
  const Eigen::Vector2d expected = Project(camera, p) - observed;
  const std::vector<double> r =
      Residuals(cost, Blocks(std::vector<NodeParams>(s.blend.size(), NodeParams{})), nullptr);
  BOOST_TEST(std::abs(r[0] - expected.x()) <= 1e-9);
  BOOST_TEST(std::abs(r[1] - expected.y()) <= 1e-9);
  // The point is in view and the residual is not trivially zero.
  BOOST_TEST(expected.norm() > 1.0);
}

BOOST_AUTO_TEST_CASE(TrackCostResidualAndJacobianAtRandomParams) {
  const Setup s;
  const CameraNumbers camera = MakeCamera();
  std::mt19937 rng(11);
  Eigen::Matrix2d weight;
  weight << 0.8, 0.3, -0.2, 1.5;
  const Eigen::Vector2d observed(70.0, 50.0);
  TrackCost cost(s.blend, &s.graph.nodes, camera, observed, weight);
  for (int trial = 0; trial < 5; ++trial) {
    const Params p = RandomBlendParams(s, &rng);
    const Eigen::Vector3d world = DeformPoint(s.blend, s.graph, p.per_node);
    const Eigen::Vector2d expected = weight * (Project(camera, world) - observed);
    const std::vector<double> r = Residuals(cost, Blocks(p.per_term), nullptr);
    BOOST_TEST(std::abs(r[0] - expected.x()) <= 1e-9);
    BOOST_TEST(std::abs(r[1] - expected.y()) <= 1e-9);
    CheckJacobians(cost, Blocks(p.per_term));
  }
}

BOOST_AUTO_TEST_CASE(BlendedPixelCostSkipsNullJacobianBlocks) {
  const Setup s;
  const CameraNumbers camera = MakeCamera();
  std::mt19937 rng(5);
  TrackCost cost(s.blend, &s.graph.nodes, camera, Eigen::Vector2d(60, 60),
                 Eigen::Matrix2d::Identity());
  const auto blocks = Blocks(RandomBlendParams(s, &rng).per_term);
  std::vector<std::vector<double>> full;
  const std::vector<double> r = Residuals(cost, blocks, &full);
  std::vector<double> j1(12, 0.0), residual(2);
  double* jacobians[3] = {nullptr, j1.data(), nullptr};
  const double* params[3] = {blocks[0].data(), blocks[1].data(), blocks[2].data()};
  BOOST_TEST_REQUIRE(cost.Evaluate(params, residual.data(), jacobians));
  for (int i = 0; i < 12; ++i) BOOST_TEST(j1[i] == full[1][i]);
  BOOST_TEST(residual[0] == r[0]);
  BOOST_TEST(residual[1] == r[1]);
}

// A blend of one node with c = 1 and d = 0 whose translation puts the point
// at the world position that projects to `pixel`.
NodeParams ParamsOnto(const CameraNumbers& camera, const Eigen::Vector3d& g,
                      const Eigen::Vector2d& pixel, double depth) {
  const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> r(camera.r);
  const Eigen::Vector3d c((pixel.x() - camera.cx) / camera.fx * depth,
                          (pixel.y() - camera.cy) / camera.fy * depth, depth);
  const Eigen::Vector3d world =
      r.transpose() * (c - Eigen::Vector3d(camera.t[0], camera.t[1], camera.t[2]));
  const Eigen::Vector3d t = world - g;
  return {0.1, -0.2, 0.05, t.x(), t.y(), t.z()};
}

BOOST_AUTO_TEST_CASE(InterpolatedMapsReadRowYColumnX) {
  const AnalyticMap image;
  const CameraNumbers camera = MakeCamera();
  const std::vector<Eigen::Vector3d> nodes = {{0.2, -0.1, 0.3}};
  const BlendPoint blend = {BlendTerm{0, 1.0, Eigen::Vector3d::Zero()}};
  const Eigen::Vector2d pixel(20.0, 90.0);  // x = 20, y = 90
  const NodeParams q = ParamsOnto(camera, nodes[0], pixel, 5.0);
  const std::vector<std::vector<double>> blocks = Blocks({q});
  const double truth = Image(20.0, 90.0);    // sin(2) + 4.5
  const double swapped = Image(90.0, 20.0);  // sin(9) + 1
  BOOST_TEST_REQUIRE(std::abs(truth - swapped) > 3.0);

  SilhouetteCost silhouette(blend, &nodes, camera, image.map.get(), 2.0);
  const double rs = Residuals(silhouette, blocks, nullptr)[0];
  BOOST_TEST(std::abs(rs - 2.0 * truth) <= 1e-5);

  PhotometricCost photometric(blend, &nodes, camera, image.map.get(), 0.75, 3.0);
  const double rp = Residuals(photometric, blocks, nullptr)[0];
  BOOST_TEST(std::abs(rp - 3.0 * (truth - 0.75)) <= 1e-5);

  // The derivative along x is the image's x slope (0.1 cos(0.1 x), up to the
  // interpolator's central difference sin(0.1) cos(0.1 x)), along y 0.05:
  // moving the point along camera x changes the residual by d/dx only.
  std::vector<std::vector<double>> jac;
  Residuals(silhouette, blocks, &jac);
  const Eigen::Map<const Eigen::Matrix<double, 1, 6, Eigen::RowMajor>> j(jac[0].data());
  const Eigen::Map<const Eigen::Matrix<double, 3, 3, Eigen::RowMajor>> r(camera.r);
  // World direction of camera x; d pixel.x / d (camera x) = fx / z.
  const Eigen::Vector3d camera_x = r.transpose().col(0);
  const double along_x = j.block<1, 3>(0, 3).dot(camera_x);
  const double slope_x = std::sin(0.1) * std::cos(0.1 * 20.0);
  BOOST_TEST(std::abs(along_x - 2.0 * slope_x * camera.fx / 5.0) <= 1e-4);
  const Eigen::Vector3d camera_y = r.transpose().col(1);
  const double along_y = j.block<1, 3>(0, 3).dot(camera_y);
  BOOST_TEST(std::abs(along_y - 2.0 * 0.05 * camera.fy / 5.0) <= 1e-4);
}

BOOST_AUTO_TEST_CASE(SilhouetteAndPhotometricJacobians) {
  const AnalyticMap image;
  const Setup s;
  const CameraNumbers camera = MakeCamera();
  std::mt19937 rng(3);
  SilhouetteCost silhouette(s.blend, &s.graph.nodes, camera, image.map.get(), 1.7);
  PhotometricCost photometric(s.blend, &s.graph.nodes, camera, image.map.get(), 0.4, 2.5);
  for (int trial = 0; trial < 5; ++trial) {
    const Params p = RandomBlendParams(s, &rng);
    // The point lands well inside the map (no clamping at its border).
    const Eigen::Vector2d px = Project(camera, DeformPoint(s.blend, s.graph, p.per_node));
    BOOST_TEST_REQUIRE((px.x() > 5 && px.x() < kWidth - 6 && px.y() > 5 && px.y() < kHeight - 6));
    CheckJacobians(silhouette, Blocks(p.per_term));
    CheckJacobians(photometric, Blocks(p.per_term));
  }
}

// The shaded photometric cost: with every log gain 0 it is PhotometricCost;
// with gains it compares against exp(sum c_k gain_k) times the reference; its
// Jacobians (node blocks and gain blocks) match finite differences.
BOOST_AUTO_TEST_CASE(ShadedPhotometricValuesAndJacobians) {
  const AnalyticMap image;
  const Setup s;
  const CameraNumbers camera = MakeCamera();
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> gain(-0.3, 0.3);
  PhotometricCost plain(s.blend, &s.graph.nodes, camera, image.map.get(), 0.4, 2.5);
  ShadedPhotometricCost shaded(s.blend, &s.graph.nodes, camera, image.map.get(), 0.4, 2.5);
  for (int trial = 0; trial < 5; ++trial) {
    const Params p = RandomBlendParams(s, &rng);
    std::vector<std::vector<double>> blocks = Blocks(p.per_term);
    for (size_t k = 0; k < s.blend.size(); ++k) blocks.push_back({0.0});
    const double unshaded = Residuals(plain, Blocks(p.per_term), nullptr)[0];
    BOOST_TEST(std::abs(Residuals(shaded, blocks, nullptr)[0] - unshaded) <= 1e-12);
    double log_gain = 0.0;
    for (size_t k = 0; k < s.blend.size(); ++k) {
      blocks[s.blend.size() + k][0] = gain(rng);
      log_gain += s.blend[k].c * blocks[s.blend.size() + k][0];
    }
    // residual = 2.5 (I - g 0.4) = unshaded - 2.5 * 0.4 (g - 1)
    const double expected = unshaded - 2.5 * 0.4 * (std::exp(log_gain) - 1.0);
    BOOST_TEST(std::abs(Residuals(shaded, blocks, nullptr)[0] - expected) <= 1e-9);
    CheckJacobians(shaded, blocks);
  }
}

BOOST_AUTO_TEST_CASE(ArapEdgeCostValuesAndJacobian) {
  const Eigen::Vector3d gj(0.1, 0.2, -0.3), gk(0.5, -0.2, 0.1);
  const double weight = 1.5;
  std::unique_ptr<ceres::CostFunction> cost(ArapEdgeCost::Create(gj, gk, weight));
  // A rigid motion shared by both nodes: t = T + R g - g.
  const Eigen::Vector3d axis_angle(0.2, -0.35, 0.25), translation(0.3, 1.0, -0.4);
  const Eigen::Matrix3d r =
      Eigen::AngleAxisd(axis_angle.norm(), axis_angle.normalized()).toRotationMatrix();
  auto rigid = [&](const Eigen::Vector3d& g) {
    const Eigen::Vector3d t = translation + r * g - g;
    return NodeParams{axis_angle.x(), axis_angle.y(), axis_angle.z(), t.x(), t.y(), t.z()};
  };
  const std::vector<double> zero = Residuals(*cost, Blocks({rigid(gj), rigid(gk)}), nullptr);
  for (double v : zero) BOOST_TEST(std::abs(v) <= 1e-12);
  // Pure translations: w (t_j - t_k).
  const NodeParams qj = {0, 0, 0, 0.1, 0.2, 0.3}, qk = {0, 0, 0, -0.2, 0.5, 0.0};
  const std::vector<double> shift = Residuals(*cost, Blocks({qj, qk}), nullptr);
  BOOST_TEST(std::abs(shift[0] - weight * 0.3) <= 1e-12);
  BOOST_TEST(std::abs(shift[1] - weight * -0.3) <= 1e-12);
  BOOST_TEST(std::abs(shift[2] - weight * 0.3) <= 1e-12);
  // Rotation of node j only: w (R_j (g_k - g_j) - (g_k - g_j)).
  const NodeParams rot = {0.0, 0.0, 0.5, 0, 0, 0};
  const std::vector<double> turn = Residuals(*cost, Blocks({rot, NodeParams{}}), nullptr);
  const Eigen::Vector3d e = gk - gj;
  const Eigen::Vector3d expected =
      weight * (Eigen::AngleAxisd(0.5, Eigen::Vector3d::UnitZ()) * e - e);
  for (int i = 0; i < 3; ++i) BOOST_TEST(std::abs(turn[i] - expected[i]) <= 1e-12);
  std::mt19937 rng(9);
  for (int trial = 0; trial < 5; ++trial) {
    CheckJacobians(*cost, Blocks({RandomParams(&rng), RandomParams(&rng)}));
  }
}

BOOST_AUTO_TEST_CASE(TemporalCostValuesAndJacobian) {
  const NodeParams predicted = {0.1, -0.2, 0.3, 1.0, 2.0, -1.0};
  const double length = 0.4, weight = 2.0;
  std::unique_ptr<ceres::CostFunction> cost(TemporalCost::Create(predicted, length, weight));
  const std::vector<double> zero = Residuals(*cost, Blocks({predicted}), nullptr);
  for (double v : zero) BOOST_TEST(v == 0.0);
  NodeParams q = predicted;
  const double delta[6] = {0.05, -0.1, 0.02, 0.3, -0.2, 0.1};
  for (int i = 0; i < 6; ++i) q[i] += delta[i];
  std::vector<std::vector<double>> jac;
  const std::vector<double> r = Residuals(*cost, Blocks({q}), &jac);
  for (int i = 0; i < 6; ++i) {
    const double scale = i < 3 ? length : 1.0;
    BOOST_TEST(std::abs(r[i] - weight * scale * delta[i]) <= 1e-12);
    for (int c = 0; c < 6; ++c) {
      BOOST_TEST(jac[0][i * 6 + c] == (i == c ? weight * scale : 0.0));
    }
  }
  std::mt19937 rng(13);
  CheckJacobians(*cost, Blocks({RandomParams(&rng)}));
}

}  // namespace
}  // namespace dolly::recon4d
