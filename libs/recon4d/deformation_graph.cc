#include "libs/recon4d/deformation_graph.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include <Eigen/Geometry>

namespace dolly::recon4d {
namespace {

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

// Indices of the k nearest entries of `candidates` (into `points`) to `p`,
// nearest first, skipping `exclude`.
std::vector<std::pair<double, int>> Nearest(const Eigen::Vector3d& p,
                                            const std::vector<Eigen::Vector3d>& points,
                                            const std::vector<int>& candidates, int k,
                                            int exclude) {
  std::vector<std::pair<double, int>> d;
  d.reserve(candidates.size());
  for (int c : candidates) {
    if (c == exclude) continue;
    d.emplace_back((points[c] - p).squaredNorm(), c);
  }
  const size_t n = std::min<size_t>(static_cast<size_t>(std::max(k, 0)), d.size());
  std::partial_sort(d.begin(), d.begin() + n, d.end());
  d.resize(n);
  for (auto& e : d) e.first = std::sqrt(e.first);
  return d;
}

Eigen::Matrix3d Rotation(const NodeParams& p) {
  const Eigen::Vector3d r(p[0], p[1], p[2]);
  const double angle = r.norm();
  if (angle < 1e-12) return Eigen::Matrix3d::Identity();
  return Eigen::AngleAxisd(angle, r / angle).toRotationMatrix();
}

}  // namespace

std::vector<int> ConnectedComponents(int vertex_count, const std::vector<Eigen::Vector3i>& faces) {
  std::vector<int> parent(vertex_count);
  std::iota(parent.begin(), parent.end(), 0);
  if (faces.empty()) return std::vector<int>(vertex_count, 0);
  for (const Eigen::Vector3i& f : faces) {
    for (int e = 0; e < 3; ++e) {
      const int a = Find(parent, f[e]), b = Find(parent, f[(e + 1) % 3]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::vector<int> label(vertex_count, -1), component(vertex_count);
  int next = 0;
  for (int i = 0; i < vertex_count; ++i) {
    const int root = Find(parent, i);
    if (label[root] < 0) label[root] = next++;
    component[i] = label[root];
  }
  return component;
}

std::vector<int> FarthestPointSamples(const std::vector<Eigen::Vector3d>& points,
                                      const std::vector<int>& component, int count) {
  const int n = static_cast<int>(points.size());
  count = std::min(count, n);
  std::vector<int> samples;
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  auto add = [&](int s) {
    samples.push_back(s);
    for (int i = 0; i < n; ++i) {
      // Other components are infinitely far: each is sampled on its own.
      if (component[i] != component[s]) continue;
      dist[i] = std::min(dist[i], (points[i] - points[s]).squaredNorm());
    }
  };
  std::set<int> seen;
  for (int i = 0; i < n && static_cast<int>(samples.size()) < count; ++i) {
    if (seen.insert(component[i]).second) add(i);
  }
  while (static_cast<int>(samples.size()) < count) {
    const int far = static_cast<int>(std::max_element(dist.begin(), dist.end()) - dist.begin());
    if (dist[far] <= 0.0) break;  // only duplicates of samples remain
    add(far);
  }
  return samples;
}

std::vector<int> WeldedIndex(const std::vector<Eigen::Vector3f>& positions, int* unique_count) {
  std::map<std::array<float, 3>, int> index;
  std::vector<int> welded(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    const std::array<float, 3> key = {positions[i].x(), positions[i].y(), positions[i].z()};
    welded[i] = index.emplace(key, static_cast<int>(index.size())).first->second;
  }
  *unique_count = static_cast<int>(index.size());
  return welded;
}

DeformationGraph BuildDeformationGraph(const std::vector<Eigen::Vector3f>& positions,
                                       const std::vector<Eigen::Vector3i>& faces,
                                       const GraphOptions& options) {
  // The graph lives on the welded surface: copies of one position (seams of
  // uvs or normals, faces split for flat shading) are one point, so that
  // they share their motion and connect their faces.
  int n = 0;
  const std::vector<int> welded = WeldedIndex(positions, &n);
  std::vector<Eigen::Vector3d> points(n);
  std::vector<int> first_vertex(n, -1);
  for (size_t i = 0; i < positions.size(); ++i) {
    if (first_vertex[welded[i]] < 0) {
      first_vertex[welded[i]] = static_cast<int>(i);
      points[welded[i]] = positions[i].cast<double>();
    }
  }
  std::vector<Eigen::Vector3i> welded_faces;
  welded_faces.reserve(faces.size());
  for (const Eigen::Vector3i& f : faces) {
    welded_faces.emplace_back(welded[f[0]], welded[f[1]], welded[f[2]]);
  }
  const std::vector<int> component = ConnectedComponents(n, welded_faces);

  DeformationGraph graph;
  graph.per_vertex = n <= options.max_nodes;
  std::vector<int> node_point;
  if (graph.per_vertex) {
    node_point.resize(n);
    std::iota(node_point.begin(), node_point.end(), 0);
  } else {
    // Every part needs a node of its own, even past the budget: a part
    // without one would have no skin (and could not move).
    const int parts = component.empty() ? 0 : *std::max_element(component.begin(), component.end()) + 1;
    node_point = FarthestPointSamples(points, component, std::max(options.max_nodes, parts));
  }
  const int m = static_cast<int>(node_point.size());
  graph.nodes.resize(m);
  graph.node_vertex.resize(m);
  std::vector<std::vector<int>> nodes_of_component;
  for (int j = 0; j < m; ++j) {
    const int u = node_point[j];
    graph.nodes[j] = points[u];
    graph.node_vertex[j] = first_vertex[u];
    if (component[u] >= static_cast<int>(nodes_of_component.size())) {
      nodes_of_component.resize(component[u] + 1);
    }
    nodes_of_component[component[u]].push_back(j);
  }
  auto same_component = [&](int u) -> const std::vector<int>& {
    static const std::vector<int> none;
    const int c = component[u];
    return c < static_cast<int>(nodes_of_component.size()) ? nodes_of_component[c] : none;
  };

  // Skinning: (1 - d/d_max)^2 over the nearest nodes, d_max the distance of
  // the next one (Sumner et al.), normalised.
  std::vector<std::vector<std::pair<int, double>>> skin(n);
  for (int u = 0; u < n; ++u) {
    if (graph.per_vertex) {
      skin[u] = {{u, 1.0}};
      continue;
    }
    const auto near = Nearest(points[u], graph.nodes, same_component(u),
                              options.skin_neighbours + 1, -1);
    if (near.empty()) continue;  // cannot happen: every component has a node (above)
    const int k = std::min<int>(options.skin_neighbours, static_cast<int>(near.size()));
    const double d_max = static_cast<int>(near.size()) > k
                             ? near[k].first
                             : near.back().first * 1.5 + 1e-9;
    double total = 0.0;
    for (int a = 0; a < k; ++a) {
      const double w = std::pow(1.0 - near[a].first / std::max(d_max, 1e-12), 2.0);
      if (w > 0.0) {
        skin[u].emplace_back(near[a].second, w);
        total += w;
      }
    }
    if (total <= 1e-12) {
      skin[u] = {{near[0].second, 1.0}};
    } else {
      for (auto& e : skin[u]) e.second /= total;
    }
  }
  graph.skin.resize(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) graph.skin[i] = skin[welded[i]];

  // ARAP neighbours.
  std::vector<std::set<int>> edges(m);
  if (graph.per_vertex && !faces.empty()) {
    for (const Eigen::Vector3i& f : welded_faces) {
      for (int e = 0; e < 3; ++e) {
        const int a = f[e], b = f[(e + 1) % 3];
        if (a == b) continue;
        edges[a].insert(b);
        edges[b].insert(a);
      }
    }
  } else {
    // On a mesh, nodes that move one vertex together are neighbours (the
    // graph's one-ring); K nearest nodes of the same component are added to
    // them, and are all a point set has.
    for (int u = 0; u < n && !faces.empty(); ++u) {
      for (const auto& [a, wa] : skin[u]) {
        for (const auto& [b, wb] : skin[u]) {
          if (a != b) edges[a].insert(b);
        }
      }
    }
    for (int j = 0; j < m; ++j) {
      for (const auto& [d, k] : Nearest(graph.nodes[j], graph.nodes,
                                        same_component(node_point[j]),
                                        options.arap_neighbours, j)) {
        edges[j].insert(k);
        edges[k].insert(j);
      }
    }
  }
  graph.neighbours.resize(m);
  double spacing = 0.0;
  int count = 0;
  for (int j = 0; j < m; ++j) {
    graph.neighbours[j].assign(edges[j].begin(), edges[j].end());
    for (int k : graph.neighbours[j]) {
      spacing += (graph.nodes[j] - graph.nodes[k]).norm();
      ++count;
    }
  }
  graph.mean_spacing = count > 0 ? spacing / count : 0.0;
  return graph;
}

BlendPoint BlendOf(const DeformationGraph& graph, const std::vector<Eigen::Vector3f>& positions,
                   const std::array<int, 3>& vertices, const std::array<double, 3>& bary) {
  BlendPoint blend;
  for (int i = 0; i < 3; ++i) {
    if (bary[i] == 0.0) continue;
    const Eigen::Vector3d v = positions[vertices[i]].cast<double>();
    for (const auto& [node, w] : graph.skin[vertices[i]]) {
      auto it = std::find_if(blend.begin(), blend.end(),
                             [node = node](const BlendTerm& t) { return t.node == node; });
      if (it == blend.end()) {
        blend.push_back(BlendTerm{node, 0.0, Eigen::Vector3d::Zero()});
        it = blend.end() - 1;
      }
      it->c += bary[i] * w;
      it->d += bary[i] * w * (v - graph.nodes[node]);
    }
  }
  return blend;
}

Eigen::Vector3d DeformPoint(const BlendPoint& blend, const DeformationGraph& graph,
                            const std::vector<NodeParams>& params) {
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  for (const BlendTerm& t : blend) {
    const NodeParams& q = params[t.node];
    p += Rotation(q) * t.d + t.c * (graph.nodes[t.node] + Eigen::Vector3d(q[3], q[4], q[5]));
  }
  return p;
}

std::vector<Eigen::Vector3f> DeformVertices(const DeformationGraph& graph,
                                            const std::vector<Eigen::Vector3f>& positions,
                                            const std::vector<NodeParams>& params) {
  std::vector<Eigen::Matrix3d> rotations(params.size());
  for (size_t j = 0; j < params.size(); ++j) rotations[j] = Rotation(params[j]);
  std::vector<Eigen::Vector3f> out(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    const Eigen::Vector3d v = positions[i].cast<double>();
    Eigen::Vector3d p = Eigen::Vector3d::Zero();
    for (const auto& [node, w] : graph.skin[i]) {
      const NodeParams& q = params[node];
      p += w * (rotations[node] * (v - graph.nodes[node]) + graph.nodes[node] +
                Eigen::Vector3d(q[3], q[4], q[5]));
    }
    out[i] = p.cast<float>();
  }
  return out;
}

}  // namespace dolly::recon4d
