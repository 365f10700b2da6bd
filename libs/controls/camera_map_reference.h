// An independent rendering of Perception-as-Control's camera map, for the
// golden test of RenderEnvelope (camera_map.h). Where the production code
// casts one ray per pixel against the cube's six planes and computes texture
// coordinates and texels by formula, this one does what PyTorch3D does with
// PAC's mesh: it builds the 6 x 16 x 16 textured quads (two triangles each)
// from the corner uvs of each face, transforms them by PAC's 4 x 4 pose
// product, clips them at half the near plane, rasterises them in PyTorch3D's
// NDC pixel grid with perspective-correct barycentrics and a z-buffer, and
// samples an explicit 1024 x 1024 checker image with grid_sample's bilinear
// rule. It shares no code with camera_map.cc.
#ifndef DOLLY_LIBS_CONTROLS_CAMERA_MAP_REFERENCE_H_
#define DOLLY_LIBS_CONTROLS_CAMERA_MAP_REFERENCE_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::controls::reference {

// PAC's [R | T] as on a camera txt line (PyTorch3D row-vector convention).
struct PacPose {
  std::string name;
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d T = Eigen::Vector3d::Zero();
};

// PAC's rendered frame for a reference image of `width` x `height` (both
// even), rounded to 8 bits: CV_8UC1.
cv::Mat RasterizeEnvelope(const PacPose& pose, int width, int height);

// The golden case: a 96 x 64 reference image and poses covering the
// identity, a pan with tilt, a translation, a roll with yaw, and a view into
// a far corner beyond zfar (black) from near the cube's corner.
inline constexpr int kGoldenWidth = 96;
inline constexpr int kGoldenHeight = 64;
std::vector<PacPose> GoldenPoses();
// The frames of GoldenPoses side by side (CV_8UC1, 96 * n x 64).
cv::Mat GoldenStrip();
// Pose 1 (pan with tilt) for a portrait 64 x 96 reference image, where the
// field of view spans the width.
cv::Mat GoldenPortrait();
// The size Pillow resizes GoldenStrip to in camera_map_pac_resized.png.
inline constexpr int kResizedWidth = 288;
inline constexpr int kResizedHeight = 80;

}  // namespace dolly::controls::reference

#endif  // DOLLY_LIBS_CONTROLS_CAMERA_MAP_REFERENCE_H_
