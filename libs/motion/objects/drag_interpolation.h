// Drag keypoints spread over the clip's frames with a monotone cubic
// (PCHIP, Fritsch-Carlson), the interpolant Perception-as-Control uses via
// scipy's PchipInterpolator: unlike a natural spline it never overshoots
// between keypoints, so an object is not flung past where the user let go.
#ifndef DOLLY_LIBS_MOTION_OBJECTS_DRAG_INTERPOLATION_H_
#define DOLLY_LIBS_MOTION_OBJECTS_DRAG_INTERPOLATION_H_

#include <string>
#include <vector>

#include <Eigen/Core>

#include "libs/motion/objects/drag_formats.h"

namespace dolly::motion {

// PCHIP through (x[i], y[i]) (x strictly increasing, at least one sample)
// evaluated at each of `queries`. Slopes follow scipy: weighted harmonic mean
// inside, zero at local extrema, the one-sided three-point rule at the ends;
// two samples give the straight line. Queries outside [x.front(), x.back()]
// hold the end value (a drag that has finished stays put).
std::vector<double> Pchip(const std::vector<double>& x, const std::vector<double>& y,
                          const std::vector<double>& queries);

struct InterpolatedDrag {
  std::vector<Eigen::Vector2d> points;  // one per frame
  std::vector<double> depths;           // one per frame, or empty (no hints)
};

// The drag's position at each of `num_frames` frames. Keypoint i sits at
// drag.frames[i] when given, else at i * (num_frames - 1) / (n - 1) (evenly
// spaced from the first to the last frame, fractional). One keypoint is a
// static drag. Throws InvalidInputError naming the drag when it has more
// keypoints than frames (unless drag.may_subsample: PAC's tracks) or a
// keyframe index past the clip.
InterpolatedDrag InterpolateDrag(const Drag& drag, int num_frames);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_OBJECTS_DRAG_INTERPOLATION_H_
