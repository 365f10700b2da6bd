// Which frames `--backend mvs` may match together. A monocular trajectory is
// cut into shots (segments), each with its own world frame and unit of
// length, so frames of different shots never see each other; frames the
// odometry could not place (lost) repeat an earlier pose and would match as
// a zero baseline, so they are neither matched nor given depth.
#ifndef DOLLY_LIBS_DEPTH_MVS_SHOTS_H_
#define DOLLY_LIBS_DEPTH_MVS_SHOTS_H_

#include <string>
#include <vector>

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

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_MVS_SHOTS_H_
