#include <algorithm>
#include <set>
#include <vector>

#include <Eigen/SVD>

#include "libs/recon4d/reconstruct.h"

namespace dolly::recon4d {

double ArapEnergy(const mesh_export::AnimatedMesh& mesh, int knn) {
  const int n = static_cast<int>(mesh.rest.size());
  std::vector<std::vector<int>> ring(n);
  if (!mesh.faces.empty()) {
    std::vector<std::set<int>> edges(n);
    for (const Eigen::Vector3i& f : mesh.faces) {
      for (int e = 0; e < 3; ++e) {
        if (f[e] == f[(e + 1) % 3]) continue;
        edges[f[e]].insert(f[(e + 1) % 3]);
        edges[f[(e + 1) % 3]].insert(f[e]);
      }
    }
    for (int i = 0; i < n; ++i) ring[i].assign(edges[i].begin(), edges[i].end());
  } else {
    for (int i = 0; i < n; ++i) {
      std::vector<std::pair<float, int>> d;
      for (int j = 0; j < n; ++j) {
        if (j != i) d.emplace_back((mesh.rest[j] - mesh.rest[i]).squaredNorm(), j);
      }
      const size_t k = std::min<size_t>(knn, d.size());
      std::partial_sort(d.begin(), d.begin() + k, d.end());
      for (size_t a = 0; a < k; ++a) ring[i].push_back(d[a].second);
    }
  }
  double energy = 0.0;
  for (const auto& frame : mesh.frames) {
    for (int i = 0; i < n; ++i) {
      if (ring[i].empty()) continue;
      Eigen::Matrix3d cov = Eigen::Matrix3d::Zero();
      for (int j : ring[i]) {
        const Eigen::Vector3d e = (mesh.rest[j] - mesh.rest[i]).cast<double>();
        const Eigen::Vector3d e2 = (frame[j] - frame[i]).cast<double>();
        cov += e2 * e.transpose();
      }
      // The rotation nearest to cov (Kabsch), reflection removed.
      Eigen::JacobiSVD<Eigen::Matrix3d> svd(cov, Eigen::ComputeFullU | Eigen::ComputeFullV);
      Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
      if ((svd.matrixU() * svd.matrixV().transpose()).determinant() < 0) d(2, 2) = -1;
      const Eigen::Matrix3d r = svd.matrixU() * d * svd.matrixV().transpose();
      for (int j : ring[i]) {
        const Eigen::Vector3d e = (mesh.rest[j] - mesh.rest[i]).cast<double>();
        const Eigen::Vector3d e2 = (frame[j] - frame[i]).cast<double>();
        energy += (e2 - r * e).squaredNorm();
      }
    }
  }
  return energy;
}

}  // namespace dolly::recon4d
