#include "libs/recon4d/surface_anchors.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "libs/render/rasterizer.h"

namespace dolly::recon4d {
namespace {

constexpr int kBorder = 2;           // pixels kept clear of silhouettes and depth steps
constexpr double kDepthStep = 0.02;  // relative depth change counted as a step
constexpr double kMinCosine = 0.2;   // view ray vs. normal; below is grazing

SurfaceRender SplatPoints(const std::vector<Eigen::Vector3f>& positions,
                          const rig::RigCamera& camera, int radius) {
  const geometry::PinholeCamera& k = camera.intrinsics;
  SurfaceRender out{cv::Mat(k.height, k.width, CV_32F, cv::Scalar(0)),
                    cv::Mat(k.height, k.width, CV_32S, cv::Scalar(-1))};
  const Eigen::Isometry3d camera_from_world = camera.world_from_camera.inverse();
  for (size_t i = 0; i < positions.size(); ++i) {
    const Eigen::Vector3d c = camera_from_world * positions[i].cast<double>();
    if (c.z() <= 1e-6) continue;
    const Eigen::Vector2d px = k.Project(c);
    const int u = static_cast<int>(std::lround(px.x())), v = static_cast<int>(std::lround(px.y()));
    for (int y = v - radius; y <= v + radius; ++y) {
      for (int x = u - radius; x <= u + radius; ++x) {
        if (x < 0 || y < 0 || x >= k.width || y >= k.height) continue;
        float& d = out.depth.at<float>(y, x);
        if (d == 0.0f || c.z() < d) {
          d = static_cast<float>(c.z());
          out.id.at<int>(y, x) = static_cast<int>(i);
        }
      }
    }
  }
  return out;
}

}  // namespace

SurfaceRender RenderSurface(const std::vector<Eigen::Vector3f>& positions,
                            const std::vector<Eigen::Vector3i>& faces,
                            const rig::RigCamera& camera, int point_radius_px) {
  if (faces.empty()) return SplatPoints(positions, camera, point_radius_px);
  render::RenderMesh mesh;
  mesh.vertices = positions;
  mesh.triangles = faces;
  const render::RenderOutput r =
      render::Render({mesh}, {}, camera.intrinsics, camera.world_from_camera.inverse());
  return SurfaceRender{r.depth, r.triangle_id};
}

std::vector<SurfaceAnchor> SampleAnchors(const std::vector<Eigen::Vector3f>& positions,
                                         const std::vector<Eigen::Vector3i>& faces,
                                         const rig::RigCamera& camera, const cv::Mat& mask,
                                         int spacing) {
  const SurfaceRender surface = RenderSurface(positions, faces, camera, std::max(1, spacing / 2));
  const geometry::PinholeCamera& k = camera.intrinsics;
  const Eigen::Isometry3d camera_from_world = camera.world_from_camera.inverse();
  const Eigen::Vector3d eye = camera.world_from_camera.translation();
  std::vector<SurfaceAnchor> anchors;
  std::set<int> taken;
  spacing = std::max(1, spacing);
  for (int y = spacing / 2; y < k.height; y += spacing) {
    for (int x = spacing / 2; x < k.width; x += spacing) {
      const float depth = surface.depth.at<float>(y, x);
      if (depth <= 0.0f) continue;
      if (!mask.empty() && mask.at<uint8_t>(y, x) == 0) continue;
      bool steady = true;
      for (int dy = -kBorder; dy <= kBorder && steady; ++dy) {
        for (int dx = -kBorder; dx <= kBorder && steady; ++dx) {
          const int xx = x + dx, yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= k.width || yy >= k.height) { steady = false; break; }
          const float d = surface.depth.at<float>(yy, xx);
          steady = d > 0.0f && std::abs(d - depth) <= kDepthStep * depth;
        }
      }
      if (!steady) continue;
      const int id = surface.id.at<int>(y, x);
      SurfaceAnchor anchor;
      if (faces.empty()) {
        // A point seen at several grid pixels (its splat) is one anchor.
        if (!taken.insert(id).second) continue;
        anchor.vertices = {id, id, id};
        anchor.bary = {1.0, 0.0, 0.0};
        const Eigen::Vector3d c = camera_from_world * positions[id].cast<double>();
        anchor.pixel = k.Project(c);
        anchors.push_back(anchor);
        continue;
      }
      // The pixel's ray meets the triangle's plane: barycentrics there.
      const Eigen::Vector3i f = faces[id];
      const Eigen::Vector3d a = positions[f[0]].cast<double>(), b = positions[f[1]].cast<double>(),
                            c = positions[f[2]].cast<double>();
      const Eigen::Vector3d n = (b - a).cross(c - a);
      if (n.norm() < 1e-15) continue;
      const Eigen::Vector3d ray =
          camera.world_from_camera.linear() * k.Ray(Eigen::Vector2d(x, y));
      const double denom = n.dot(ray);
      if (std::abs(denom) < kMinCosine * n.norm() * ray.norm()) continue;
      const Eigen::Vector3d p = eye + ray * (n.dot(a - eye) / denom);
      const double area = n.squaredNorm();
      double wa = n.dot((b - p).cross(c - p)) / area;
      double wb = n.dot((c - p).cross(a - p)) / area;
      double wc = 1.0 - wa - wb;
      wa = std::max(0.0, wa);
      wb = std::max(0.0, wb);
      wc = std::max(0.0, wc);
      const double s = wa + wb + wc;
      anchor.vertices = {f[0], f[1], f[2]};
      anchor.bary = {wa / s, wb / s, wc / s};
      anchor.pixel = Eigen::Vector2d(x, y);
      anchors.push_back(anchor);
    }
  }
  return anchors;
}

Eigen::Vector3d AnchorPoint(const SurfaceAnchor& anchor,
                            const std::vector<Eigen::Vector3f>& positions) {
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
  for (int i = 0; i < 3; ++i) p += anchor.bary[i] * positions[anchor.vertices[i]].cast<double>();
  return p;
}

}  // namespace dolly::recon4d
