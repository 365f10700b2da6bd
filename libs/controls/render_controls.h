// One frame of every control signal dolly-render writes, drawn from a
// MotionScene (libs/motion/representation): the object map, the camera map,
// the trajectory map, the objects' box wireframes and the warp preview with
// its coverage and depth. Each map comes from the existing renderers of
// libs/controls and libs/warp; this file only decides what each is fed.
#ifndef DOLLY_LIBS_CONTROLS_RENDER_CONTROLS_H_
#define DOLLY_LIBS_CONTROLS_RENDER_CONTROLS_H_

#include <Eigen/Geometry>
#include <opencv2/core.hpp>
#include <string>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::controls {

// "pac": Perception-as-Control discs (RenderObjectMap); "spheres": each
// point a perspective sphere of its world radius, z-buffered.
enum class ObjectMapMode { kPac, kSpheres };
// "pac": PAC's world envelope as PAC renders it (focal 100 px at the
// reference image's size, 50 units behind the cube centre, then PIL's
// bicubic resize to the output size); "intrinsics": the same envelope and
// pose through each frame's real (scaled) intrinsics at the output size.
enum class CameraMapMode { kPac, kIntrinsics };
// "dolly": the path so far, seen from the current frame (RenderTrajectoryMap);
// "posetraj": PoseTraj's ControlNet input (RenderPoseTrajMap).
enum class TrajectoryMapMode { kDolly, kPosetraj };

std::string ObjectMapModeName(ObjectMapMode mode);  // "pac" / "spheres"
std::string CameraMapModeName(CameraMapMode mode);  // "pac" / "intrinsics"
std::string TrajectoryMapModeName(TrajectoryMapMode mode);  // "dolly" / "posetraj"
// Throw UsageError naming the value and the accepted ones.
ObjectMapMode ParseObjectMapMode(const std::string& name);
CameraMapMode ParseCameraMapMode(const std::string& name);
TrajectoryMapMode ParseTrajectoryMapMode(const std::string& name);

struct RenderOptions {
  ObjectMapMode object_map = ObjectMapMode::kPac;
  CameraMapMode camera_map = CameraMapMode::kPac;
  TrajectoryMapMode trajectory_map = TrajectoryMapMode::kDolly;
  bool warp_preview = true;  // warp_preview + warp_coverage (needs a reference image)
  bool depth = true;         // the warp's z-depth (needs a reference image)
  bool wireframes = true;
  // Output size. 0 x 0 = the reference camera's size; otherwise every camera
  // is scaled to this size (ScaleCamera). With only one of the two set, the
  // other follows the reference camera's aspect ratio.
  int width = 0;
  int height = 0;
};

// The images of one frame, all of OutputSize(); a map that was not asked
// for (or cannot be drawn: warp and depth without a reference image) is empty.
struct ControlImages {
  cv::Mat object_map;      // CV_8UC3 RGB
  cv::Mat camera_map;      // CV_8UC3 RGB (gray checkerboard)
  cv::Mat trajectory_map;  // CV_8UC3 RGB
  cv::Mat box_wireframes;  // CV_8UC3 RGB
  cv::Mat warp_preview;    // CV_8UC3 RGB, holes filled
  cv::Mat warp_coverage;   // CV_8UC1, 255 where reference pixels landed
  cv::Mat depth;           // CV_32FC1 z-depth of the warped reference, 0 = unknown
};

// Output size for `scene` under `options` (see RenderOptions::width).
// Throws UsageError on a negative size.
cv::Size OutputSize(const motion::MotionScene& scene, const RenderOptions& options);

// `camera` resampled to width x height: focal lengths scale with the size
// ratio per axis and the principal point keeps its place on the image
// (pixel centres: c' = (c + 0.5) * s - 0.5).
geometry::PinholeCamera ScaleCamera(const geometry::PinholeCamera& camera, int width, int height);

// A point's sphere radius for the "spheres" mode: its own radius, or, for a
// point without one (schema-1 artifacts load radius 0), the world radius
// that covers kFallbackSpherePixels pixels at its frame-0 depth in the
// reference camera.
inline constexpr double kFallbackSpherePixels = 4.0;

// Renders frame `t` (0 <= t < frame_count):
//  - object map, PAC mode: each point visible at t is a RenderObjectMap disc
//    at its projection through frame t's camera, coloured by its reference
//    pixel (scaled to the output size), with d = its frame-0 z in the
//    reference (frame-0) camera, min-max normalised over the points visible
//    at frame 0 (points not visible at frame 0 are clamped into [0, 1]).
//    Spheres mode: a perspective sphere of the point's world radius around
//    its camera-frame position, z-buffered (RenderSphereMap's algorithm, one
//    radius per point).
//  - camera map: the envelope seen from camera_0_from_camera_t =
//    world_from_camera_0^-1 * world_from_camera_t (identity at frame 0),
//    turned into PAC's [R | T] by PacPoseFromReferenceCamera; PAC mode
//    renders at the reference camera's size and resizes (camera_map.h).
//  - trajectory map: every drag's world positions of frames 0..t projected
//    with frame t's camera (the path as seen from where the camera is now),
//    red polyline, green dot at t; positions behind the camera break the path.
//    Posetraj mode: each drag's position in frame t (through frame t's
//    camera) and in frame t + 1 (through frame t + 1's camera), i.e. its 2D
//    track, drawn by RenderPoseTrajMap; the last frame's map is black.
//  - box wireframes: each object's box moved by object_motions[t]
//    (world_from_box_t = object_motions[t] * world_from_box), projected with
//    frame t's camera, one colour per object (ObjectColour).
//  - warp preview, coverage and depth: the reference image and depth splatted
//    into frame t's camera with camera_t_from_camera_0 = world_from_camera_t^-1
//    * world_from_camera_0 and, for each object whose id appears in the
//    reference labels, the region motion world_from_camera_0^-1 *
//    object_motions[t] * world_from_camera_0 (the object's motion in the
//    reference camera frame); holes filled by push-pull. A frame whose camera
//    and object motions are the identity (within 1e-12) and whose camera
//    equals the reference camera is the reference image itself, exactly.
//    An output larger than the reference (in either dimension) is warped at
//    the reference's size and scaled up (colour bilinear, coverage and depth
//    nearest), since splatting into a finer grid leaves holes between the
//    reference's pixels.
// Throws InvalidInputError for t out of range or what the renderers reject
// (e.g. a non-finite pose).
ControlImages RenderControlFrame(const motion::MotionScene& scene, int t,
                                 const RenderOptions& options);

// RGB colour of the object at index `k` in the box wireframes.
cv::Vec3b ObjectColour(int k);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_RENDER_CONTROLS_H_
