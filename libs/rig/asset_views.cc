#include "libs/rig/asset_views.h"

#include <algorithm>
#include <limits>
#include <string>

#include "libs/core/error.h"
#include "libs/render/rasterizer.h"
#include "libs/render/render_types.h"

namespace dolly::rig {
namespace {

std::string Name(const asset::StaticAsset& asset) {
  return asset.source.empty() ? std::string("asset") : asset.source;
}

render::RenderMesh ToRenderMesh(const asset::StaticAsset& asset) {
  const std::string name = Name(asset);
  if (asset.is_point_set()) {
    throw InvalidInputError(name + ": render a mesh, not a point set");
  }
  const size_t n = asset.positions.size();
  if (!asset.colors.empty() && asset.colors.size() != n) {
    throw InvalidInputError(name + ": " + std::to_string(asset.colors.size()) + " colours for " +
                            std::to_string(n) + " positions");
  }
  if (!asset.uvs.empty() && asset.uvs.size() != n) {
    throw InvalidInputError(name + ": " + std::to_string(asset.uvs.size()) +
                            " texture coordinates for " + std::to_string(n) + " positions");
  }
  for (const Eigen::Vector3i& f : asset.faces) {
    for (int c = 0; c < 3; ++c) {
      if (f[c] < 0 || static_cast<size_t>(f[c]) >= n) {
        throw InvalidInputError(name + ": face index " + std::to_string(f[c]) +
                                " out of range for " + std::to_string(n) + " positions");
      }
    }
  }
  render::RenderMesh mesh;
  mesh.vertices = asset.positions;
  mesh.triangles = asset.faces;
  const bool textured = !asset.texture.empty() && !asset.uvs.empty();
  if (textured) {
    mesh.texture = 0;
    mesh.uvs.reserve(n);
    for (const Eigen::Vector2f& uv : asset.uvs) mesh.uvs.emplace_back(uv.x(), 1.0f - uv.y());
  } else if (!asset.colors.empty()) {
    mesh.colors.reserve(n);
    for (const Eigen::Vector3f& c : asset.colors) mesh.colors.push_back(255.0f * c);
  } else {
    mesh.colors.assign(n, Eigen::Vector3f(180.0f, 180.0f, 180.0f));
    mesh.lambert = true;
  }
  mesh.object_id = 1;
  mesh.cull_back_faces = false;
  return mesh;
}

}  // namespace

std::vector<AssetView> RenderAssetViews(const asset::StaticAsset& asset,
                                        const std::vector<RigCamera>& rig,
                                        const Eigen::Vector3f& background) {
  const std::vector<render::RenderMesh> meshes{ToRenderMesh(asset)};
  std::vector<cv::Mat> textures;
  if (meshes[0].texture >= 0) {
    if (asset.texture.type() != CV_8UC3) {
      throw InvalidInputError(Name(asset) + ": texture must be an 8-bit 3-channel image");
    }
    textures.push_back(asset.texture);
  }
  render::RenderOptions options;
  options.background = background;
  std::vector<AssetView> views;
  views.reserve(rig.size());
  for (const RigCamera& camera : rig) {
    render::RenderOutput out = render::Render(meshes, textures, camera.intrinsics,
                                              camera.world_from_camera.inverse(), options);
    AssetView view;
    view.rgb = out.rgb;
    view.depth = out.depth;
    view.mask = out.instance_id != 0;  // CV_8UC1, 255 where true
    views.push_back(view);
  }
  return views;
}

bool AssetVisible(const asset::StaticAsset& asset, const RigCamera& camera) {
  if (asset.positions.empty()) return false;
  Eigen::Vector3d lo = Eigen::Vector3d::Constant(std::numeric_limits<double>::infinity());
  Eigen::Vector3d hi = -lo;
  for (const Eigen::Vector3f& p : asset.positions) {
    lo = lo.cwiseMin(p.cast<double>());
    hi = hi.cwiseMax(p.cast<double>());
  }
  const Eigen::Isometry3d camera_from_world = camera.world_from_camera.inverse();
  const geometry::PinholeCamera& k = camera.intrinsics;
  int in_front = 0;
  double u_min = std::numeric_limits<double>::infinity(), v_min = u_min;
  double u_max = -u_min, v_max = -u_min;
  for (int c = 0; c < 8; ++c) {
    const Eigen::Vector3d corner((c & 1) ? hi.x() : lo.x(), (c & 2) ? hi.y() : lo.y(),
                                 (c & 4) ? hi.z() : lo.z());
    const Eigen::Vector3d q = camera_from_world * corner;
    if (q.z() <= 0.0) continue;
    ++in_front;
    const Eigen::Vector2d px = k.Project(q);
    u_min = std::min(u_min, px.x());
    u_max = std::max(u_max, px.x());
    v_min = std::min(v_min, px.y());
    v_max = std::max(v_max, px.y());
  }
  if (in_front == 0) return false;  // entirely behind
  if (in_front < 8) return true;    // straddles the camera plane
  // The projected box covers the projected 3D box (a convex hull of the
  // corners); disjoint from the image area means nothing is seen.
  return !(u_max < -0.5 || u_min >= k.width - 0.5 || v_max < -0.5 || v_min >= k.height - 0.5);
}

void CheckRigSeesAsset(const asset::StaticAsset& asset, const std::vector<RigCamera>& rig) {
  for (size_t k = 0; k < rig.size(); ++k) {
    if (!AssetVisible(asset, rig[k])) {
      throw InvalidInputError(Name(asset) + ": rig view " + std::to_string(k) +
                              " does not see the asset (its bounding box lies behind the camera "
                              "or projects outside the image)");
    }
  }
}

}  // namespace dolly::rig
