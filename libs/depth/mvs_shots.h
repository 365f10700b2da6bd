// Which frames `--backend mvs` may match together. A monocular trajectory is
// cut into shots (segments), each with its own world frame and unit of
// length, so frames of different shots never see each other; frames the
// odometry could not place (lost) repeat an earlier pose and would match as
// a zero baseline, so they are neither matched nor given depth.
#ifndef DOLLY_LIBS_DEPTH_MVS_SHOTS_H_
#define DOLLY_LIBS_DEPTH_MVS_SHOTS_H_

#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "schemas/camera_types.h"

namespace dolly::depth {

struct MvsShot {
  int segment = 0;
  int first_frame = 0;
  int end_frame = 0;        // one past the last
  std::vector<int> placed;  // frames with a measured pose, ascending
};

// One shot per segment. InvalidInputError naming `poses_path` when a segment's
// depth is not observable from the camera motion (STATIC, ROTATION_ONLY or
// depth_observable false: the message says what to add instead) or when it
// has fewer than 2 placed frames.
std::vector<MvsShot> MvsShots(const std::vector<schema::CameraSegment>& segments,
                              const std::vector<bool>& lost, const std::string& poses_path);

// How far (pixels) a point at `reference_depth` moves between a frame and
// its farthest matched neighbour (up to `neighbours` placed frames on each
// side): focal x baseline / depth, the median over the shot's frames. The
// plane sweep tells depths apart only by such motion; a camera that barely
// translates (e.g. a pan that odometry did not recognise as one) gives a
// fraction of a pixel, and the sweep would return noise.
double ShotParallaxPx(const MvsShot& shot, const std::vector<Eigen::Isometry3d>& world_from_camera,
                      int neighbours, double focal_px, double reference_depth);

// Below this ShotParallaxPx the shot is refused like an unobservable one.
constexpr double kMinParallaxPx = 1.0;

// InvalidInputError naming `poses_path` and the shot: its parallax is below
// kMinParallaxPx; says what to add instead.
[[noreturn]] void RefuseLowParallax(const MvsShot& shot, double parallax_px,
                                    const std::string& poses_path);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_MVS_SHOTS_H_
