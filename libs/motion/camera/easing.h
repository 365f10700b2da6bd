// Easing curves that map a segment's linear progress in [0, 1] to the eased
// progress the camera motion follows.
#ifndef DOLLY_LIBS_MOTION_CAMERA_EASING_H_
#define DOLLY_LIBS_MOTION_CAMERA_EASING_H_

#include <string>

namespace dolly::motion {

enum class Easing {
  kLinear,     // t
  kEaseIn,     // t^2: starts at rest
  kEaseOut,    // 1 - (1 - t)^2: ends at rest
  kEaseInOut,  // smoothstep 3t^2 - 2t^3: starts and ends at rest
};

// Every curve maps 0 -> 0 and 1 -> 1 and is non-decreasing; t outside [0, 1]
// is clamped so callers can pass raw frame ratios.
double Ease(Easing easing, double t);

// Names: "linear", "ease_in", "ease_out", "ease_in_out".
std::string EasingName(Easing easing);

// Throws InvalidInputError naming `name` and listing the accepted names.
Easing ParseEasing(const std::string& name);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_CAMERA_EASING_H_
