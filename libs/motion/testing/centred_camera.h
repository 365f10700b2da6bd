// The camera most motion tests build their scene with: square pixels and the
// principal point at the image centre.
#ifndef DOLLY_LIBS_MOTION_TESTING_CENTRED_CAMERA_H_
#define DOLLY_LIBS_MOTION_TESTING_CENTRED_CAMERA_H_

#include "libs/geometry/pinhole_camera.h"

namespace dolly::motion::testing {

// fx = fy = `focal`, cx = (width - 1) / 2, cy = (height - 1) / 2.
inline geometry::PinholeCamera CentredCamera(double focal, int width, int height) {
  geometry::PinholeCamera c;
  c.fx = c.fy = focal;
  c.cx = (width - 1) / 2.0;
  c.cy = (height - 1) / 2.0;
  c.width = width;
  c.height = height;
  return c;
}

}  // namespace dolly::motion::testing

#endif  // DOLLY_LIBS_MOTION_TESTING_CENTRED_CAMERA_H_
