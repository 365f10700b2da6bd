// The embedded deformation graph (Sumner, Schmid & Pauly 2007) that carries
// the asset's motion: nodes at rest positions g_j, each with a rigid
// transform (rotation R_j as an angle-axis vector, translation t_j), and every
// surface point p moved by its skinning weights w_j:
//   p' = sum_j w_j (R_j (p - g_j) + g_j + t_j).
// Small meshes get one node per distinct vertex position (per-vertex motion, R_j then only
// enters the ARAP term). Nodes, skinning and ARAP neighbours never cross
// connected components, so separate parts of an asset move independently.
#ifndef DOLLY_LIBS_RECON4D_DEFORMATION_GRAPH_H_
#define DOLLY_LIBS_RECON4D_DEFORMATION_GRAPH_H_

#include <array>
#include <vector>

#include <Eigen/Core>

namespace dolly::recon4d {

// Node parameters: angle-axis rotation (3) then translation (3).
using NodeParams = std::array<double, 6>;

// One node's share of a blended point: the point moves by
// R_node d + c (g_node + t_node), summed over its terms (the skinning sum
// rearranged so that a point inside a triangle blends exactly like the
// barycentric mix of its corners' deformed positions).
struct BlendTerm {
  int node = 0;
  double c = 0.0;
  Eigen::Vector3d d = Eigen::Vector3d::Zero();
};
using BlendPoint = std::vector<BlendTerm>;

struct GraphOptions {
  int max_nodes = 400;
  int skin_neighbours = 4;
  int arap_neighbours = 3;
};

struct DeformationGraph {
  std::vector<Eigen::Vector3d> nodes;  // g_j
  std::vector<int> node_vertex;        // a vertex at each node's position
  // Per vertex: (node, weight) pairs summing to 1.
  std::vector<std::vector<std::pair<int, double>>> skin;
  // ARAP edges per node (symmetric): the mesh one-ring in per-vertex mode
  // with faces; otherwise nodes that skin a common vertex plus the K nearest
  // nodes of the same component.
  std::vector<std::vector<int>> neighbours;
  bool per_vertex = false;
  double mean_spacing = 0.0;  // mean distance of a node to its ARAP neighbours
};

// Connected components of the mesh (union-find over faces); a point set is
// one component.
std::vector<int> ConnectedComponents(int vertex_count, const std::vector<Eigen::Vector3i>& faces);

// Farthest-point sampling of `count` indices into `points`, starting with one
// point per component (the first of each) so that every component is covered
// when count allows.
std::vector<int> FarthestPointSamples(const std::vector<Eigen::Vector3d>& points,
                                      const std::vector<int>& component, int count);

// For every vertex, the index of its position among the distinct positions
// (exactly equal coordinates weld); `unique_count` receives their number.
std::vector<int> WeldedIndex(const std::vector<Eigen::Vector3f>& positions, int* unique_count);

// Built on the welded surface (WeldedIndex): vertices that share a position
// share their skinning, and faces split along seams still connect.
DeformationGraph BuildDeformationGraph(const std::vector<Eigen::Vector3f>& positions,
                                       const std::vector<Eigen::Vector3i>& faces,
                                       const GraphOptions& options);

// The blend of the surface point sum_i bary[i] * positions[vertices[i]].
BlendPoint BlendOf(const DeformationGraph& graph, const std::vector<Eigen::Vector3f>& positions,
                   const std::array<int, 3>& vertices, const std::array<double, 3>& bary);

Eigen::Vector3d DeformPoint(const BlendPoint& blend, const DeformationGraph& graph,
                            const std::vector<NodeParams>& params);

std::vector<Eigen::Vector3f> DeformVertices(const DeformationGraph& graph,
                                            const std::vector<Eigen::Vector3f>& positions,
                                            const std::vector<NodeParams>& params);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_DEFORMATION_GRAPH_H_
