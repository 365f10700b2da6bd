#include "libs/render/rasterizer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "libs/render/clip.h"
#include "libs/render/coverage.h"
#include "libs/render/texture.h"
#include "libs/render/triangle_plane.h"

namespace dolly::render {

namespace {

constexpr int kMaxImageSide = 32768;

void Fail(const std::string& what) { throw std::invalid_argument("Render: " + what); }

void CheckInputs(const std::vector<RenderMesh>& meshes, const std::vector<cv::Mat>& textures,
                 const geometry::PinholeCamera& camera, const RenderOptions& options) {
  if (camera.width <= 0 || camera.height <= 0 || camera.width > kMaxImageSide ||
      camera.height > kMaxImageSide) {
    Fail("image size " + std::to_string(camera.width) + "x" + std::to_string(camera.height) +
         " is out of range");
  }
  if (!(camera.fx > 0.0) || !(camera.fy > 0.0) || !std::isfinite(camera.fx) ||
      !std::isfinite(camera.fy) || !std::isfinite(camera.cx) || !std::isfinite(camera.cy)) {
    Fail("camera intrinsics are not positive and finite");
  }
  if (!(options.near > 0.0) || !std::isfinite(options.near)) Fail("near must be > 0");
  for (size_t t = 0; t < textures.size(); ++t) {
    if (textures[t].empty() || textures[t].type() != CV_8UC3) {
      Fail("texture " + std::to_string(t) + " is not a non-empty CV_8UC3 image");
    }
  }
  int64_t total = 0;
  for (size_t m = 0; m < meshes.size(); ++m) {
    const RenderMesh& mesh = meshes[m];
    const std::string where = "mesh " + std::to_string(m) + ": ";
    const int64_t v = static_cast<int64_t>(mesh.vertices.size());
    for (const Eigen::Vector3i& tri : mesh.triangles) {
      for (int k = 0; k < 3; ++k) {
        if (tri[k] < 0 || tri[k] >= v) Fail(where + "vertex index out of range");
      }
    }
    if (!mesh.colors.empty() && static_cast<int64_t>(mesh.colors.size()) != v) {
      Fail(where + "colors must have one entry per vertex");
    }
    if (!mesh.uvs.empty() && static_cast<int64_t>(mesh.uvs.size()) != v) {
      Fail(where + "uvs must have one entry per vertex");
    }
    if (mesh.texture >= 0) {
      if (mesh.texture >= static_cast<int>(textures.size())) Fail(where + "no such texture");
      if (mesh.uvs.empty()) Fail(where + "a texture needs uvs");
    }
    if (!mesh.triangle_object_ids.empty() &&
        mesh.triangle_object_ids.size() != mesh.triangles.size()) {
      Fail(where + "triangle_object_ids must have one entry per triangle");
    }
    total += static_cast<int64_t>(mesh.triangles.size());
  }
  if (total >= std::numeric_limits<int32_t>::max()) Fail("too many triangles");
}

uint8_t ToByte(double value) {
  return static_cast<uint8_t>(std::clamp(std::lround(value), 0L, 255L));
}

}  // namespace

RenderOutput Render(const std::vector<RenderMesh>& meshes, const std::vector<cv::Mat>& textures,
                    const geometry::PinholeCamera& camera,
                    const Eigen::Isometry3d& camera_from_world, const RenderOptions& options) {
  CheckInputs(meshes, textures, camera, options);
  const int width = camera.width;
  const int height = camera.height;
  const size_t pixels = static_cast<size_t>(width) * height;

  std::vector<int32_t> first_triangle(meshes.size() + 1, 0);
  for (size_t m = 0; m < meshes.size(); ++m) {
    first_triangle[m + 1] = first_triangle[m] + static_cast<int32_t>(meshes[m].triangles.size());
  }
  std::vector<TrianglePlane> planes(first_triangle.back());
  std::vector<double> zbuffer(pixels, std::numeric_limits<double>::infinity());
  std::vector<int32_t> winner(pixels, -1);

  // A guard band of one image size keeps projected coordinates within a few
  // image sizes, far from overflowing the fixed-point edge functions.
  const std::vector<ClipPlane> clip_planes =
      FrustumClipPlanes(camera, options.near, std::max(width, height));
  std::vector<Eigen::Vector3d> camera_points;
  std::vector<Eigen::Vector3d> polygon;
  std::vector<FixedPoint> snapped;

  // Visibility pass: depth and the winning triangle per pixel.
  for (size_t m = 0; m < meshes.size(); ++m) {
    const RenderMesh& mesh = meshes[m];
    camera_points.resize(mesh.vertices.size());
    for (size_t i = 0; i < mesh.vertices.size(); ++i) {
      camera_points[i] = camera_from_world * mesh.vertices[i].cast<double>();
    }
    for (size_t i = 0; i < mesh.triangles.size(); ++i) {
      const Eigen::Vector3i& tri = mesh.triangles[i];
      const int32_t id = first_triangle[m] + static_cast<int32_t>(i);
      const TrianglePlane plane(camera_points[tri[0]], camera_points[tri[1]],
                                camera_points[tri[2]], camera);
      if (!plane.valid()) continue;
      if (mesh.cull_back_faces && !plane.front_facing()) continue;
      polygon.assign({camera_points[tri[0]], camera_points[tri[1]], camera_points[tri[2]]});
      for (const ClipPlane& clip : clip_planes) {
        ClipPolygon(clip, &polygon);
        if (polygon.size() < 3) break;
      }
      if (polygon.size() < 3) continue;
      planes[id] = plane;
      snapped.clear();
      for (const Eigen::Vector3d& p : polygon) {
        snapped.push_back(
            SnapToSubpixel(camera.fx * p.x() / p.z() + camera.cx, camera.fy * p.y() / p.z() + camera.cy));
      }
      auto visit = [&](int x, int y) {
        const double inverse_depth = plane.InverseDepthAt(x, y);
        if (!(inverse_depth > 0.0)) return;
        const double z = 1.0 / inverse_depth;
        const size_t index = static_cast<size_t>(y) * width + x;
        if (z < zbuffer[index]) {
          zbuffer[index] = z;
          winner[index] = id;
        }
      };
      for (size_t k = 1; k + 1 < snapped.size(); ++k) {
        ForEachCoveredPixel(snapped[0], snapped[k], snapped[k + 1], width, height, visit);
      }
    }
  }

  // Shading pass: once per pixel, for the nearest triangle only.
  RenderOutput out;
  const cv::Vec3b background(ToByte(options.background.x()), ToByte(options.background.y()),
                             ToByte(options.background.z()));
  out.rgb = cv::Mat(height, width, CV_8UC3, background);
  out.depth = cv::Mat::zeros(height, width, CV_32F);
  out.instance_id = cv::Mat::zeros(height, width, CV_16U);
  out.triangle_id = cv::Mat(height, width, CV_32S, cv::Scalar(-1));
  const Eigen::Vector3d light =
      (camera_from_world.linear() * options.light_direction_world).normalized();
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const size_t index = static_cast<size_t>(y) * width + x;
      const int32_t id = winner[index];
      if (id < 0) continue;
      const size_t m = static_cast<size_t>(
          std::upper_bound(first_triangle.begin(), first_triangle.end(), id) -
          first_triangle.begin() - 1);
      const RenderMesh& mesh = meshes[m];
      const size_t local = static_cast<size_t>(id - first_triangle[m]);
      const Eigen::Vector3i& tri = mesh.triangles[local];
      const TrianglePlane& plane = planes[id];
      const Eigen::Vector3d b = plane.BarycentricAt(x, y);

      Eigen::Vector3d color(255.0, 255.0, 255.0);
      if (mesh.texture >= 0) {
        const Eigen::Vector2d uv = b[0] * mesh.uvs[tri[0]].cast<double>() +
                                   b[1] * mesh.uvs[tri[1]].cast<double>() +
                                   b[2] * mesh.uvs[tri[2]].cast<double>();
        color = SampleBilinear(textures[mesh.texture], uv.x(), uv.y());
      } else if (!mesh.colors.empty()) {
        color = b[0] * mesh.colors[tri[0]].cast<double>() +
                b[1] * mesh.colors[tri[1]].cast<double>() +
                b[2] * mesh.colors[tri[2]].cast<double>();
      }
      if (mesh.lambert) {
        // Two-sided: light the face the camera sees.
        const Eigen::Vector3d n = plane.front_facing() ? plane.normal() : -plane.normal();
        color *= options.ambient + (1.0 - options.ambient) * std::max(0.0, n.dot(light));
      }
      out.rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(ToByte(color.x()), ToByte(color.y()), ToByte(color.z()));
      out.depth.at<float>(y, x) = static_cast<float>(zbuffer[index]);
      out.instance_id.at<uint16_t>(y, x) = mesh.triangle_object_ids.empty()
                                               ? mesh.object_id
                                               : mesh.triangle_object_ids[local];
      out.triangle_id.at<int32_t>(y, x) = id;
    }
  }
  return out;
}

}  // namespace dolly::render
