// Inputs and outputs of the z-buffered triangle rasterizer (rasterizer.h).
#ifndef DOLLY_LIBS_RENDER_RENDER_TYPES_H_
#define DOLLY_LIBS_RENDER_RENDER_TYPES_H_

#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::render {

// One mesh to draw. Triangles wind counter-clockwise seen from outside
// (schemas/mesh.thrift), which is what back-face culling relies on.
struct RenderMesh {
  // Positions in the world frame.
  std::vector<Eigen::Vector3f> vertices;
  // Vertex indices per triangle.
  std::vector<Eigen::Vector3i> triangles;
  // Optional per-vertex RGB in [0, 255]; used when there is no texture.
  std::vector<Eigen::Vector3f> colors;
  // Optional per-vertex texture coordinates; (0,0) is the top-left corner of
  // the texture image and (1,1) its bottom-right corner; the texture repeats
  // outside [0,1].
  std::vector<Eigen::Vector2f> uvs;
  // Index into the textures passed to Render (-1: none). Requires uvs.
  int texture = -1;
  // Instance id written for every triangle unless triangle_object_ids is set.
  uint16_t object_id = 0;
  // Optional per-triangle instance id (0 = none).
  std::vector<uint16_t> triangle_object_ids;
  // Skip triangles whose outside faces away from the camera.
  bool cull_back_faces = false;
  // Multiply the colour by a Lambert term (see RenderOptions).
  bool lambert = false;
};

struct RenderOptions {
  // Triangles are clipped (not discarded) at z = near in the camera frame.
  double near = 1e-2;
  // Colour of pixels no triangle covers (R, G, B).
  Eigen::Vector3f background{0.0f, 0.0f, 0.0f};
  // Direction from the scene towards a light at infinity, in the world frame.
  Eigen::Vector3d light_direction_world{0.3, -0.4, 1.0};
  // Share of the colour that does not depend on the light, in [0, 1].
  double ambient = 0.35;
};

// Per-pixel results, all of the camera's size.
struct RenderOutput {
  cv::Mat rgb;          // CV_8UC3, channels in R, G, B order.
  cv::Mat depth;        // CV_32F z-depth, 0 where no triangle covers the pixel.
  cv::Mat instance_id;  // CV_16U, 0 = none.
  // CV_32S, -1 = none. Triangles are numbered across the meshes in the order
  // given: mesh k's triangle i has id (sum of earlier meshes' counts) + i.
  cv::Mat triangle_id;
};

}  // namespace dolly::render

#endif  // DOLLY_LIBS_RENDER_RENDER_TYPES_H_
