// Unit tests of the deformation graph (deformation_graph.h) against ground
// truth built by hand:
// - WeldedIndex: bit-identical positions weld, a 1e-6 offset does not.
// - ConnectedComponents: two separate triangle fans are 2 components, labelled
//   in vertex order; a point set (no faces) is 1 component.
// - FarthestPointSamples: the first point of every component comes first; on
//   evenly spaced collinear points the second sample is the far endpoint and
//   the third the midpoint; sampling stops when only duplicates remain.
// - BuildDeformationGraph, per-vertex mode: a cube of 24 split vertices welds
//   to 8 nodes, skin = {welded node, 1}, neighbours = the welded one-ring
//   (12 cube edges + 6 face diagonals, never a body diagonal).
// - Graph mode on two dense grids: skin weights non-negative, at most
//   skin_neighbours of them, summing to 1 (1e-12), never crossing components;
//   neighbours symmetric and within a component.
// - A point set in both modes: ARAP neighbours are exactly the symmetric
//   closure of the arap_neighbours nearest nodes.
// - DeformVertices / DeformPoint: identity parameters give the rest (1e-6,
//   float output); one rigid motion on every node moves every vertex by it
//   (DeformPoint 1e-9 relative, DeformVertices float precision 1e-5); a
//   barycentric point's blend equals the barycentric mix of its deformed
//   corners under random parameters (1e-9).
#define BOOST_TEST_MODULE deformation_graph_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include <Eigen/Geometry>

#include "libs/recon4d/deformation_graph.h"

namespace dolly::recon4d {
namespace {

// A cube [0,1]^3 with every face owning its 4 corners (24 vertices), two
// triangles per face.
void SplitCube(std::vector<Eigen::Vector3f>* positions, std::vector<Eigen::Vector3i>* faces) {
  positions->clear();
  faces->clear();
  for (int axis = 0; axis < 3; ++axis) {
    for (int side = 0; side < 2; ++side) {
      const int u = (axis + 1) % 3, v = (axis + 2) % 3;
      const int base = static_cast<int>(positions->size());
      const int corners[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
      for (const auto& c : corners) {
        Eigen::Vector3f p = Eigen::Vector3f::Zero();
        p[axis] = static_cast<float>(side);
        p[u] = static_cast<float>(c[0]);
        p[v] = static_cast<float>(c[1]);
        positions->push_back(p);
      }
      faces->emplace_back(base, base + 1, base + 2);
      faces->emplace_back(base, base + 2, base + 3);
    }
  }
}

// An n x n grid of unit-spaced vertices in the plane z = 0 offset by `offset`,
// appended to the mesh.
void AppendGrid(int n, const Eigen::Vector3f& offset, std::vector<Eigen::Vector3f>* positions,
                std::vector<Eigen::Vector3i>* faces) {
  const int base = static_cast<int>(positions->size());
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      positions->push_back(offset + Eigen::Vector3f(0.1f * x, 0.1f * y, 0.02f * std::sin(x * y)));
    }
  }
  for (int y = 0; y + 1 < n; ++y) {
    for (int x = 0; x + 1 < n; ++x) {
      const int a = base + y * n + x;
      faces->emplace_back(a, a + 1, a + n + 1);
      faces->emplace_back(a, a + n + 1, a + n);
    }
  }
}

Eigen::Matrix3d RotationOf(const NodeParams& q) {
  const Eigen::Vector3d r(q[0], q[1], q[2]);
  if (r.norm() < 1e-12) return Eigen::Matrix3d::Identity();
  return Eigen::AngleAxisd(r.norm(), r.normalized()).toRotationMatrix();
}

// The header's skinning formula, evaluated independently in double.
Eigen::Vector3d ReferenceDeform(const DeformationGraph& graph,
                                const std::vector<Eigen::Vector3f>& positions, int vertex,
                                const std::vector<NodeParams>& params) {
  const Eigen::Vector3d v = positions[vertex].cast<double>();
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  for (const auto& [node, w] : graph.skin[vertex]) {
    const NodeParams& q = params[node];
    const Eigen::Vector3d& g = graph.nodes[node];
    p += w * (RotationOf(q) * (v - g) + g + Eigen::Vector3d(q[3], q[4], q[5]));
  }
  return p;
}

std::vector<NodeParams> RandomParams(int count, std::mt19937* rng) {
  std::uniform_real_distribution<double> angle(-0.3, 0.3), shift(-0.2, 0.2);
  std::vector<NodeParams> params(count);
  for (NodeParams& q : params) {
    for (int i = 0; i < 3; ++i) q[i] = angle(*rng);
    for (int i = 3; i < 6; ++i) q[i] = shift(*rng);
  }
  return params;
}

// The node parameters that move every point p to R p + T:
// R (p - g) + g + t = R p + T  =>  t = T + R g - g.
std::vector<NodeParams> RigidParams(const DeformationGraph& graph, const Eigen::Vector3d& axis_angle,
                                    const Eigen::Vector3d& translation) {
  const Eigen::Matrix3d r =
      Eigen::AngleAxisd(axis_angle.norm(), axis_angle.normalized()).toRotationMatrix();
  std::vector<NodeParams> params(graph.nodes.size());
  for (size_t j = 0; j < graph.nodes.size(); ++j) {
    const Eigen::Vector3d& g = graph.nodes[j];
    const Eigen::Vector3d t = translation + r * g - g;
    params[j] = {axis_angle.x(), axis_angle.y(), axis_angle.z(), t.x(), t.y(), t.z()};
  }
  return params;
}

BOOST_AUTO_TEST_CASE(WeldedIndexWeldsExactDuplicatesOnly) {
  const std::vector<Eigen::Vector3f> positions = {
      {0.f, 0.f, 0.f}, {1.f, 2.f, 3.f}, {0.f, 0.f, 0.f}, {1.f, 2.f, 3.000001f}, {1.f, 2.f, 3.f}};
  int unique = -1;
  const std::vector<int> welded = WeldedIndex(positions, &unique);
  BOOST_TEST(unique == 3);
  BOOST_TEST(welded == std::vector<int>({0, 1, 0, 2, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ConnectedComponentsOfTwoFansAndAPointSet) {
  // Fan 0: vertices 0..3 around 0; fan 1: vertices 4..7 around 7, listed so
  // that union-find has to merge out of order.
  const std::vector<Eigen::Vector3i> faces = {{0, 1, 2}, {6, 5, 7}, {0, 2, 3}, {7, 4, 5}};
  const std::vector<int> component = ConnectedComponents(8, faces);
  BOOST_TEST(component == std::vector<int>({0, 0, 0, 0, 1, 1, 1, 1}),
             boost::test_tools::per_element());
  // A vertex no face uses is its own component.
  const std::vector<int> with_lone = ConnectedComponents(9, faces);
  BOOST_TEST(with_lone[8] == 2);
  const std::vector<int> points = ConnectedComponents(5, {});
  BOOST_TEST(points == std::vector<int>(5, 0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(FarthestPointSamplesCoversComponentsFirst) {
  const std::vector<Eigen::Vector3d> points = {
      {0, 0, 0}, {10, 0, 0}, {20, 0, 0}, {100, 0, 0}, {100.5, 0, 0}};
  const std::vector<int> component = {0, 0, 0, 1, 1};
  // Two samples: one per component although points 1 and 2 are far from 0.
  BOOST_TEST(FarthestPointSamples(points, component, 2) == std::vector<int>({0, 3}),
             boost::test_tools::per_element());
  // Then farthest within a component: point 2 (20 from 0) before 4 (0.5 from 3).
  BOOST_TEST(FarthestPointSamples(points, component, 3) == std::vector<int>({0, 3, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(FarthestPointSamplesOnALine) {
  std::vector<Eigen::Vector3d> points;
  for (int i = 0; i <= 10; ++i) points.emplace_back(i, 0.0, 0.0);
  const std::vector<int> component(points.size(), 0);
  // Start at the first point (x = 0), then the far endpoint, then the middle.
  BOOST_TEST(FarthestPointSamples(points, component, 3) == std::vector<int>({0, 10, 5}),
             boost::test_tools::per_element());
  // Starting from an interior point, the next two are the endpoints.
  std::vector<Eigen::Vector3d> shuffled = points;
  std::swap(shuffled[0], shuffled[4]);  // index 0 is x = 4, index 4 is x = 0
  const std::vector<int> s = FarthestPointSamples(shuffled, component, 3);
  BOOST_TEST(s == std::vector<int>({0, 10, 4}), boost::test_tools::per_element());
  // Count above the point count is clamped.
  BOOST_TEST(FarthestPointSamples(points, component, 50).size() == points.size());
}

BOOST_AUTO_TEST_CASE(FarthestPointSamplesStopsAtDuplicates) {
  const std::vector<Eigen::Vector3d> points = {{0, 0, 0}, {0, 0, 0}, {1, 0, 0}, {1, 0, 0}};
  const std::vector<int> component(4, 0);
  const std::vector<int> s = FarthestPointSamples(points, component, 4);
  BOOST_TEST(s.size() == 2u);
  BOOST_TEST(points[s[0]].x() != points[s[1]].x());
}

BOOST_AUTO_TEST_CASE(PerVertexGraphOfASplitCube) {
  std::vector<Eigen::Vector3f> positions;
  std::vector<Eigen::Vector3i> faces;
  SplitCube(&positions, &faces);
  BOOST_TEST_REQUIRE(positions.size() == 24u);
  const DeformationGraph graph = BuildDeformationGraph(positions, faces, GraphOptions());
  BOOST_TEST(graph.per_vertex);
  BOOST_TEST_REQUIRE(graph.nodes.size() == 8u);
  BOOST_TEST_REQUIRE(graph.neighbours.size() == 8u);
  BOOST_TEST_REQUIRE(graph.skin.size() == 24u);
  int unique = 0;
  const std::vector<int> welded = WeldedIndex(positions, &unique);
  for (size_t i = 0; i < positions.size(); ++i) {
    BOOST_TEST_REQUIRE(graph.skin[i].size() == 1u);
    BOOST_TEST(graph.skin[i][0].first == welded[i]);
    BOOST_TEST(graph.skin[i][0].second == 1.0);
    BOOST_TEST((graph.nodes[welded[i]] - positions[i].cast<double>()).norm() == 0.0);
  }
  for (int j = 0; j < 8; ++j) {
    BOOST_TEST(positions[graph.node_vertex[j]].cast<double>() == graph.nodes[j]);
  }
  // Expected one-ring: every pair of corners sharing a welded triangle.
  std::vector<std::set<int>> expected(8);
  for (const Eigen::Vector3i& f : faces) {
    for (int a = 0; a < 3; ++a) {
      for (int b = 0; b < 3; ++b) {
        if (a != b) expected[welded[f[a]]].insert(welded[f[b]]);
      }
    }
  }
  int total = 0;
  double spacing = 0.0;
  for (int j = 0; j < 8; ++j) {
    const std::set<int> got(graph.neighbours[j].begin(), graph.neighbours[j].end());
    BOOST_TEST(got.size() == graph.neighbours[j].size());  // no duplicates
    BOOST_TEST((got == expected[j]));
    int edges = 0;
    for (int k : graph.neighbours[j]) {
      const double d = (graph.nodes[j] - graph.nodes[k]).norm();
      spacing += d;
      ++total;
      // Cube edge or face diagonal, never the body diagonal or itself.
      BOOST_TEST((std::abs(d - 1.0) < 1e-12 || std::abs(d - std::sqrt(2.0)) < 1e-12));
      if (std::abs(d - 1.0) < 1e-12) ++edges;
    }
    BOOST_TEST(edges == 3);  // the corner's 3 cube edges
  }
  // 12 edges + 6 face diagonals, each counted from both ends.
  BOOST_TEST(total == 36);
  BOOST_TEST(std::abs(graph.mean_spacing - (12.0 + 6.0 * std::sqrt(2.0)) * 2.0 / 36.0) < 1e-12);
  BOOST_TEST(std::abs(spacing / total - graph.mean_spacing) < 1e-12);
}

BOOST_AUTO_TEST_CASE(GraphModeOnTwoGrids) {
  std::vector<Eigen::Vector3f> positions;
  std::vector<Eigen::Vector3i> faces;
  AppendGrid(20, Eigen::Vector3f(0.f, 0.f, 0.f), &positions, &faces);
  const int first = static_cast<int>(positions.size());
  // Close in space (0.05 apart in z) but not connected.
  AppendGrid(20, Eigen::Vector3f(0.f, 0.f, 0.05f), &positions, &faces);
  GraphOptions options;
  options.max_nodes = 40;
  options.skin_neighbours = 4;
  options.arap_neighbours = 3;
  const DeformationGraph graph = BuildDeformationGraph(positions, faces, options);
  BOOST_TEST(!graph.per_vertex);
  BOOST_TEST_REQUIRE(graph.nodes.size() == 40u);
  BOOST_TEST_REQUIRE(graph.skin.size() == positions.size());
  BOOST_TEST_REQUIRE(graph.neighbours.size() == graph.nodes.size());
  auto component_of_vertex = [&](int v) { return v < first ? 0 : 1; };
  std::vector<int> node_component(graph.nodes.size());
  int per_component[2] = {0, 0};
  for (size_t j = 0; j < graph.nodes.size(); ++j) {
    node_component[j] = component_of_vertex(graph.node_vertex[j]);
    ++per_component[node_component[j]];
    BOOST_TEST(positions[graph.node_vertex[j]].cast<double>() == graph.nodes[j]);
  }
  BOOST_TEST(per_component[0] > 0);
  BOOST_TEST(per_component[1] > 0);
  for (size_t i = 0; i < positions.size(); ++i) {
    const auto& skin = graph.skin[i];
    BOOST_TEST_REQUIRE(!skin.empty());
    BOOST_TEST(static_cast<int>(skin.size()) <= options.skin_neighbours);
    double total = 0.0;
    for (const auto& [node, w] : skin) {
      BOOST_TEST(w >= 0.0);
      total += w;
      BOOST_TEST(node_component[node] == component_of_vertex(static_cast<int>(i)));
    }
    BOOST_TEST(std::abs(total - 1.0) <= 1e-12);
  }
  for (size_t j = 0; j < graph.neighbours.size(); ++j) {
    BOOST_TEST(!graph.neighbours[j].empty());
    for (int k : graph.neighbours[j]) {
      BOOST_TEST(k != static_cast<int>(j));
      BOOST_TEST(node_component[k] == node_component[j]);
      const auto& back = graph.neighbours[k];
      BOOST_TEST((std::find(back.begin(), back.end(), static_cast<int>(j)) != back.end()));
    }
  }
  BOOST_TEST(graph.mean_spacing > 0.0);
}

// A point set (no faces) in either mode: ARAP neighbours are exactly the
// symmetric closure of each node's arap_neighbours nearest nodes (random
// points: no ties), skin still sums to 1 and every point is one component.
BOOST_AUTO_TEST_CASE(PointSetNeighboursAreKNearest) {
  std::mt19937 rng(21);
  std::uniform_real_distribution<float> unit(-1.f, 1.f);
  std::vector<Eigen::Vector3f> points(300);
  for (Eigen::Vector3f& p : points) p = Eigen::Vector3f(unit(rng), unit(rng), unit(rng));
  for (int max_nodes : {30, 400}) {
    GraphOptions options;
    options.max_nodes = max_nodes;
    options.arap_neighbours = 3;
    const DeformationGraph graph = BuildDeformationGraph(points, {}, options);
    BOOST_TEST(graph.per_vertex == (max_nodes == 400));
    const int m = static_cast<int>(graph.nodes.size());
    BOOST_TEST_REQUIRE(m == std::min(max_nodes, 300));
    std::vector<std::set<int>> expected(m);
    for (int j = 0; j < m; ++j) {
      std::vector<std::pair<double, int>> d;
      for (int k = 0; k < m; ++k) {
        if (k != j) d.emplace_back((graph.nodes[k] - graph.nodes[j]).norm(), k);
      }
      std::sort(d.begin(), d.end());
      for (int a = 0; a < 3; ++a) {
        expected[j].insert(d[a].second);
        expected[d[a].second].insert(j);
      }
    }
    for (int j = 0; j < m; ++j) {
      const std::set<int> got(graph.neighbours[j].begin(), graph.neighbours[j].end());
      BOOST_TEST((got == expected[j]), "node " << j << " of " << m);
    }
    for (const auto& skin : graph.skin) {
      double total = 0.0;
      for (const auto& [node, w] : skin) total += w;
      BOOST_TEST(std::abs(total - 1.0) <= 1e-12);
    }
  }
}

// Graphs of both modes for the deformation tests.
std::vector<std::pair<std::vector<Eigen::Vector3f>, std::vector<Eigen::Vector3i>>> Meshes() {
  std::vector<std::pair<std::vector<Eigen::Vector3f>, std::vector<Eigen::Vector3i>>> out(2);
  SplitCube(&out[0].first, &out[0].second);
  AppendGrid(20, Eigen::Vector3f(0.3f, -0.2f, 0.1f), &out[1].first, &out[1].second);
  AppendGrid(20, Eigen::Vector3f(0.3f, -0.2f, 0.5f), &out[1].first, &out[1].second);
  return out;
}

GraphOptions SmallGraph() {
  GraphOptions options;
  options.max_nodes = 40;
  return options;
}

BOOST_AUTO_TEST_CASE(IdentityParamsGiveTheRest) {
  for (const auto& [positions, faces] : Meshes()) {
    const DeformationGraph graph = BuildDeformationGraph(positions, faces, SmallGraph());
    const std::vector<NodeParams> identity(graph.nodes.size(), NodeParams{});
    const std::vector<Eigen::Vector3f> out = DeformVertices(graph, positions, identity);
    BOOST_TEST_REQUIRE(out.size() == positions.size());
    for (size_t i = 0; i < positions.size(); ++i) {
      BOOST_TEST((out[i] - positions[i]).norm() <= 1e-6);
    }
  }
}

BOOST_AUTO_TEST_CASE(CommonRigidMotionMovesEveryVertexRigidly) {
  const Eigen::Vector3d axis_angle(0.3, -0.4, 0.2);
  const Eigen::Vector3d translation(0.5, -1.0, 2.0);
  const Eigen::Matrix3d r =
      Eigen::AngleAxisd(axis_angle.norm(), axis_angle.normalized()).toRotationMatrix();
  for (const auto& [positions, faces] : Meshes()) {
    const DeformationGraph graph = BuildDeformationGraph(positions, faces, SmallGraph());
    const std::vector<NodeParams> params = RigidParams(graph, axis_angle, translation);
    const std::vector<Eigen::Vector3f> out = DeformVertices(graph, positions, params);
    for (size_t i = 0; i < positions.size(); ++i) {
      const Eigen::Vector3d expected = r * positions[i].cast<double>() + translation;
      const int v = static_cast<int>(i);
      const Eigen::Vector3d exact =
          DeformPoint(BlendOf(graph, positions, {v, v, v}, {1.0, 0.0, 0.0}), graph, params);
      BOOST_TEST((exact - expected).norm() <= 1e-9 * expected.norm());
      // DeformVertices returns floats: float precision.
      BOOST_TEST((out[i].cast<double>() - expected).norm() <= 1e-5 * expected.norm());
    }
  }
}

BOOST_AUTO_TEST_CASE(BlendOfABarycentricPointIsTheMixOfItsCorners) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const auto& [positions, faces] : Meshes()) {
    const DeformationGraph graph = BuildDeformationGraph(positions, faces, SmallGraph());
    const std::vector<NodeParams> params =
        RandomParams(static_cast<int>(graph.nodes.size()), &rng);
    const std::vector<Eigen::Vector3f> out = DeformVertices(graph, positions, params);
    for (size_t f = 0; f < faces.size(); f += 7) {
      double a = unit(rng), b = unit(rng);
      if (a + b > 1.0) {
        a = 1.0 - a;
        b = 1.0 - b;
      }
      const std::array<double, 3> bary = {a, b, 1.0 - a - b};
      const std::array<int, 3> corners = {faces[f][0], faces[f][1], faces[f][2]};
      const Eigen::Vector3d got = DeformPoint(BlendOf(graph, positions, corners, bary), graph, params);
      Eigen::Vector3d expected = Eigen::Vector3d::Zero(), from_floats = Eigen::Vector3d::Zero();
      for (int i = 0; i < 3; ++i) {
        expected += bary[i] * ReferenceDeform(graph, positions, corners[i], params);
        from_floats += bary[i] * out[corners[i]].cast<double>();
      }
      BOOST_TEST((got - expected).norm() <= 1e-9 * std::max(1.0, expected.norm()));
      BOOST_TEST((got - from_floats).norm() <= 1e-5 * std::max(1.0, expected.norm()));
    }
    // A corner alone (bary {1, 0, 0}) is the corner's deformed position.
    for (size_t v = 0; v < positions.size(); v += 5) {
      const int i = static_cast<int>(v);
      const Eigen::Vector3d got =
          DeformPoint(BlendOf(graph, positions, {i, 0, 0}, {1.0, 0.0, 0.0}), graph, params);
      const Eigen::Vector3d expected = ReferenceDeform(graph, positions, i, params);
      BOOST_TEST((got - expected).norm() <= 1e-9 * std::max(1.0, expected.norm()));
    }
  }
}

// More separate parts than the node budget: every part still gets a node of
// its own, so every vertex is skinned and stays put under identity params.
BOOST_AUTO_TEST_CASE(MorePartsThanNodesStillSkinsEveryVertex) {
  std::vector<Eigen::Vector3f> positions;
  std::vector<Eigen::Vector3i> faces;
  for (int t = 0; t < 150; ++t) {
    const int base = static_cast<int>(positions.size());
    positions.emplace_back(t, 0.0f, 0.0f);
    positions.emplace_back(t + 0.5f, 0.0f, 0.0f);
    positions.emplace_back(t, 0.5f, 0.0f);
    faces.emplace_back(base, base + 1, base + 2);
  }
  GraphOptions options;
  options.max_nodes = 100;
  const DeformationGraph graph = BuildDeformationGraph(positions, faces, options);
  BOOST_TEST(!graph.per_vertex);
  BOOST_TEST(graph.nodes.size() == 150u);
  for (size_t i = 0; i < positions.size(); ++i) {
    BOOST_TEST_REQUIRE(!graph.skin[i].empty(), "vertex " << i);
    double sum = 0.0;
    for (const auto& [node, w] : graph.skin[i]) sum += w;
    BOOST_TEST(std::abs(sum - 1.0) <= 1e-12);
  }
  const std::vector<Eigen::Vector3f> moved =
      DeformVertices(graph, positions, std::vector<NodeParams>(graph.nodes.size(), NodeParams{}));
  for (size_t i = 0; i < positions.size(); ++i) {
    BOOST_TEST((moved[i] - positions[i]).norm() <= 1e-6f, "vertex " << i);
  }
}

}  // namespace
}  // namespace dolly::recon4d
