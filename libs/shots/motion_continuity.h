// Can the current frame have come from the previous one by camera motion?
// Corners of the previous frame are tracked (LK, both directions, seeded at
// zero motion and at the global shift phase correlation finds, so a sudden
// pan of tens of pixels is still followed) and the tracks that agree with
// one global motion are counted. Within a shot most corners do; across a cut
// the matches LK settles on are scattered and few agree.
#ifndef DOLLY_LIBS_SHOTS_MOTION_CONTINUITY_H_
#define DOLLY_LIBS_SHOTS_MOTION_CONTINUITY_H_

#include <opencv2/core.hpp>

#include "libs/shots/shot_frame.h"

namespace dolly::shots {

struct MotionContinuity {
  int seeded = 0;      // corners of the previous frame
  int tracked = 0;     // tracked there and back to within fb_max_px
  int consistent = 0;  // of those, inliers of one homography or one epipolar geometry
  int in_view = 0;     // corners that homography keeps inside the current frame
  cv::Point2d shift;   // phase correlation's global shift (working pixels)
  // consistent / in_view; 0 without corners.
  double fraction() const { return in_view > 0 ? static_cast<double>(consistent) / in_view : 0.0; }
};

struct ContinuityParams {
  double fb_max_px = 1.0;       // forward-backward error of a kept track
  // Homography reprojection tolerance: inlier_px + inlier_share x the median
  // displacement of the tracked corners.
  double inlier_px = 3.0;
  double inlier_share = 0.2;
  // Distance to the epipolar line of a point consistent with the motion.
  double epipolar_px = 1.0;
};

MotionContinuity MeasureContinuity(const ShotFrame& previous, const ShotFrame& current,
                                   const ContinuityParams& params);

}  // namespace dolly::shots

#endif  // DOLLY_LIBS_SHOTS_MOTION_CONTINUITY_H_
