// A static 3D asset (4D reconstruction): a triangle mesh read from an
// OBJ (with its texture when present) or a point set read from a PLY.
#ifndef DOLLY_LIBS_ASSET_STATIC_ASSET_H_
#define DOLLY_LIBS_ASSET_STATIC_ASSET_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::asset {

struct StaticAsset {
  std::vector<Eigen::Vector3f> positions;
  // Triangles indexing `positions`; empty for a point set.
  std::vector<Eigen::Vector3i> faces;
  // Per-vertex colour in [0,1]; empty or one per position.
  std::vector<Eigen::Vector3f> colors;
  // Per-vertex texture coordinate; empty or one per position.
  std::vector<Eigen::Vector2f> uvs;
  // The texture image file (absolute or relative to the working directory).
  std::string texture_path;
  // CV_8UC3, RGB channel order, or empty.
  cv::Mat texture;
  // The file the asset was read from.
  std::string source;

  bool is_point_set() const { return faces.empty(); }
};

}  // namespace dolly::asset

#endif  // DOLLY_LIBS_ASSET_STATIC_ASSET_H_
