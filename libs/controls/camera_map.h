// Perception-as-Control's camera map: the camera's motion shown as the inside
// of a checkerboard "world envelope" cube seen from each frame's camera, so a
// video model can read rotation and translation from how the walls move even
// where the scene itself has no texture.
#ifndef DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_
#define DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_

#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::controls {

// The envelope: an axis-aligned cube of this half-size centred at the world
// origin (world units), its faces tiled with squares of kEnvelopeSquare.
inline constexpr double kEnvelopeHalfSize = 100.0;
inline constexpr double kEnvelopeSquare = 12.5;

// Stand-in for PAC's fixed camera-map pinhole: a 60 degree vertical field of
// view, square pixels, principal point at the image centre. PAC's published
// code derives its camera-map pinhole from the image size alone; its exact
// angle was not checked against that code, so 60 degrees (a common default
// for normalised video cameras) is a documented assumption, not a copy.
inline constexpr double kPacCameraMapFovYDegrees = 60.0;

// The two gray levels of the checkerboard; the output is gray replicated
// into R, G and B.
struct CameraMapStyle {
  unsigned char even = 200;  // Squares whose index sum is even, e.g. the one at (0,0,100).
  unsigned char odd = 56;
};

// Where a ray from inside the envelope leaves it.
struct EnvelopeHit {
  int axis = 0;  // 0, 1, 2: the face is x, y or z = sign * kEnvelopeHalfSize.
  int sign = 1;  // +1 or -1.
  double t = 0.0;            // Ray parameter: point = origin + t * direction.
  Eigen::Vector3d point{0.0, 0.0, 0.0};  // World point; its `axis` coordinate is exactly +-half-size.
};

// Casts a ray from `origin` (strictly inside the envelope) along `direction`
// (non-zero, need not be unit). On an exact tie between faces (a ray through
// a cube edge or corner) the lowest axis wins, so the result is
// deterministic. Throws InvalidInputError when the origin is not strictly
// inside the cube or the direction is zero or not finite.
EnvelopeHit TraceEnvelope(const Eigen::Vector3d& origin, const Eigen::Vector3d& direction);

// Checker parity (0 or 1) of a hit: the sum of the square indices of the two
// in-face coordinates, modulo 2, where square index = round(u / 12.5) with
// halves rounded away from zero. Squares are centred on the world axes (the
// square straddling u = 0 has index 0), which makes the pattern symmetric
// under mirroring any world axis, so mirrored cameras see mirrored maps,
// and puts the reference camera's optical axis in the middle of a square
// instead of on a corner where rounding would decide the colour. Each face is
// 16 squares across, with half squares at the cube edges; these fold around
// the edge with the same parity, so the pattern is continuous.
int EnvelopeCheckerParity(const EnvelopeHit& hit);

// PAC-compatible fixed pinhole for a width x height map (see
// kPacCameraMapFovYDegrees). Throws InvalidInputError on a non-positive size.
geometry::PinholeCamera PacCameraMapIntrinsics(int width, int height);

// Renders one frame's camera map as CV_8UC3 RGB of the intrinsics' size by
// casting one ray per pixel centre through the envelope: exact (the colour of
// a pixel is the parity of the exact hit point, with no tessellation or
// texture filtering between the checker and the image) and deterministic
// (the same doubles in the same order for every call, single-threaded, no
// anti-aliasing). Not the project rasterizer on purpose: its texture path
// filters bilinearly, which would blur square edges into in-between grays,
// and vertex colours would need each face cut into 16 x 16 quads; the cube
// is simple enough that an exact ray-box test per pixel is shorter. The
// camera position world_from_camera.translation() must be strictly inside
// the cube. Throws InvalidInputError on a non-positive
// size, non-positive or non-finite fx/fy, a non-finite pose or a camera
// outside the envelope.
cv::Mat RenderCameraMap(const Eigen::Isometry3d& world_from_camera,
                        const geometry::PinholeCamera& intrinsics,
                        const CameraMapStyle& style = {});

// PAC mode: RenderCameraMap with PacCameraMapIntrinsics(width, height).
cv::Mat RenderPacCameraMap(const Eigen::Isometry3d& world_from_camera, int width, int height,
                           const CameraMapStyle& style = {});

// One map per frame. Poses are world_from_camera; with the reference camera
// as the world (the identity at frame 0, as is typical) frame 0 looks at the
// middle of the z = +100 face.
std::vector<cv::Mat> RenderCameraMaps(const std::vector<Eigen::Isometry3d>& world_from_cameras,
                                      const geometry::PinholeCamera& intrinsics,
                                      const CameraMapStyle& style = {});

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_CAMERA_MAP_H_
