// Perception-as-Control's camera map: the camera's motion shown as a
// checkerboard "world envelope" cube seen from each frame's camera, so the
// video model can read rotation and translation from how the walls move even
// where the scene has no texture. The "pac" mode reproduces PAC's own
// rendering (a PyTorch3D mesh render of its textured cube) up to the H.264
// round trip PAC puts its frames through, which no one can reproduce bit for
// bit.
//
// The facts, as PAC's inference renders the map:
//  - The envelope: the cube [-100, 100]^3 cut into 12.5-unit quads, each quad
//    exactly one 16-texel square of a 1024 x 1024 checker texture of pure 0
//    and 255 (the top-left texel square is 0), with the cross-shaped uv
//    layout of EnvelopeUv. Square edges lie on multiples of 12.5, so on the
//    axes.
//  - The camera: a perspective camera of focal 100 px at the reference
//    image's size (rounded down to even, as PAC saves it), square pixels,
//    principal point at the image centre; the field of view is
//    2 atan((H / 2) / 100) across the SHORTER image side (PyTorch3D maps the
//    shorter side to NDC [-1, 1]), so a portrait image gets focal
//    100 W / H. Near plane 0.01 (geometry clipped at 0.005), far plane 200,
//    ambient light only, black background.
//  - The pose: each frame's PAC camera [R | T] (PyTorch3D: a world point as
//    a row vector maps to X_row R + T, camera x left, y up, z forward)
//    composed with PyTorch3D's look_at_view_transform(-50, 0, 0) as
//    [R | T] * [I | (0, 0, 50)], i.e. R' = R and T' = R (0, 0, 50) + T: the
//    camera sits 50 units behind the cube centre. (PAC conjugates by a
//    matrix S first, but its S is the identity.)
//  - Texture sampling is bilinear with align_corners: u maps to texel column
//    u * 1023 and v to row (1 - v) * 1023 (the image's top row is v = 1),
//    clamped at the border. A square edge thus blurs over one texel (0.78
//    units), which spans 0.5 px on the far wall but up to ~10 px on a side
//    wall near the image border, so it is modelled, not rounded away.
//  - The float render is written as an 8-bit PNG (rounded), encoded to H.264
//    yuv420p (not modelled: lossy), read back, converted to gray with PIL
//    (exact for gray) and resized to the model's size with PIL's default
//    bicubic filter (PilResize).
#ifndef DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_
#define DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_

#include <optional>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::controls {

inline constexpr double kEnvelopeHalfSize = 100.0;
inline constexpr double kEnvelopeSquare = 12.5;
inline constexpr int kEnvelopeTextureSize = 1024;
inline constexpr int kEnvelopeTextureSquare = 16;  // texels per checker square
inline constexpr double kPacMapFocal = 100.0;        // px at the reference image's size
inline constexpr double kPacMapCameraBack = 50.0;    // look_at_view_transform(-50, 0, 0)
inline constexpr double kPacMapZNear = 0.01;
inline constexpr double kPacMapZFar = 200.0;

// A camera as PAC's camera txt stores it: PyTorch3D's row-vector convention,
// X_cam_row = X_world_row * R + T, camera x left, y up, z forward.
struct PacCameraPose {
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d T = Eigen::Vector3d::Zero();
};

// THE conversion from dolly's camera motion to PAC's [R | T]. dolly's scene
// poses are relative to the reference camera (OpenCV axes, the identity at
// frame 0); PAC's trajectories start at [I | 0]. dolly reads a PAC line with
// trajectory::WorldFromCameraFromPac and anchors the file at its first
// camera, so PAC's identity camera is dolly's reference camera: the PAC pose
// of a frame is PacFromWorldFromCamera(WorldFromCameraFromPac([I | 0]) *
// reference_from_camera). That makes it the exact inverse of the importer for
// every PAC file that starts at [I | 0], as all of PAC's patterns and
// generated trajectories do. Written out: R = F Rc F, T = -F Rc^T tc with
// F = diag(-1, -1, 1) and (Rc, tc) = reference_from_camera.
PacCameraPose PacPoseFromReferenceCamera(const Eigen::Isometry3d& reference_from_camera);

// The camera the envelope is rendered from for `pose`, after PAC's
// composition with the 50-unit look-at: camera_from_world with OpenCV
// camera axes (x right, y down, z forward; z is PyTorch3D's view depth).
Eigen::Isometry3d EnvelopeCameraFromWorld(const PacCameraPose& pose);

// uv of `point` on the envelope face `axis` (0, 1, 2 = x, y, z) at
// sign * 100, as in PAC's mesh: each face a 0.25 x 0.25 block of the
// texture, 1/800 of uv per world unit.
Eigen::Vector2d EnvelopeUv(int axis, int sign, const Eigen::Vector3d& point);

// The checker texel at (column, row) of the 1024 x 1024 texture, row 0 at
// the top: 255 when (column / 16 + row / 16) is odd, else 0.
unsigned char EnvelopeTexel(int column, int row);

// The texture sampled at `uv` as PyTorch3D samples it (bilinear,
// align_corners, border padding), in [0, 255].
double SampleEnvelopeTexture(const Eigen::Vector2d& uv);

// Where a camera ray first meets the envelope in front of the camera (view
// depth above PyTorch3D's clip plane znear / 2), from inside or outside.
struct EnvelopeHit {
  int axis = 0;
  int sign = 1;
  double depth = 0.0;  // view z-depth of the hit
  Eigen::Vector3d point{0.0, 0.0, 0.0};
};
// `origin` is the camera centre, `direction` a world direction whose view z
// component is 1 (so the ray parameter is the view depth). On an exact tie
// between faces (a cube edge) the lowest axis wins.
std::optional<EnvelopeHit> TraceEnvelope(const Eigen::Vector3d& origin,
                                         const Eigen::Vector3d& direction);

// PAC's pinhole for a reference image of original_width x original_height
// (see above). Throws InvalidInputError on a size under 2 x 2.
geometry::PinholeCamera PacCameraMapIntrinsics(int original_width, int original_height);

// The envelope as PyTorch3D renders it for `pose` through `camera` (any
// pinhole; PAC's is PacCameraMapIntrinsics), each pixel's float value
// rounded to 8 bits as PAC's PNG write does: CV_8UC1 of the camera's size.
// One ray per pixel centre, exact texture coordinates, no tessellation.
// Throws InvalidInputError on a non-positive size, non-positive or
// non-finite focal lengths, or a non-finite pose.
cv::Mat RenderEnvelope(const PacCameraPose& pose, const geometry::PinholeCamera& camera);

// "pac" mode for one frame: RenderEnvelope of
// PacPoseFromReferenceCamera(reference_from_camera) through
// PacCameraMapIntrinsics(original size), resized to width x height with
// PilResize (bicubic), as CV_8UC3 RGB with R = G = B.
cv::Mat RenderPacCameraMap(const Eigen::Isometry3d& reference_from_camera, int original_width,
                           int original_height, int width, int height);

// "intrinsics" mode: the same envelope, pose and texture through the frame's
// own camera at the output size (no resize), CV_8UC3 RGB with R = G = B.
cv::Mat RenderIntrinsicsCameraMap(const Eigen::Isometry3d& reference_from_camera,
                                  const geometry::PinholeCamera& camera);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_
