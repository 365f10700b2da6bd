// dolly-odometry --import: a trajectory the user already has (TUM, KITTI or
// Perception-as-Control camera txt) becomes a CameraTrajectory artifact that
// later stages read, without estimating anything.
#ifndef DOLLY_LIBS_ODOMETRY_IMPORT_H_
#define DOLLY_LIBS_ODOMETRY_IMPORT_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/trajectory/trajectory.h"

namespace dolly::odometry {

struct ImportOptions {
  std::string path;
  std::string format;      // "tum", "kitti" or "pac"; empty = from the extension / content
  std::string output;      // CameraTrajectory
  std::string intrinsics;  // optional: an artifact whose info holds intrinsics (DepthSequence,
                           // TrackSet, CameraTrajectory)
  bool rebase = false;     // make frame 0 the world (dolly's convention)
  double fps = 0.0;        // recorded when > 0
};

// Throws UsageError for an unknown format, InvalidInputError for malformed
// lines (file:line) or an intrinsics file without intrinsics, IoError for
// missing files. Writes atomically.
trajectory::Trajectory RunImportImpl(const ImportOptions& options, cli::Summary* summary = nullptr);

}  // namespace dolly::odometry

#endif  // DOLLY_LIBS_ODOMETRY_IMPORT_H_
