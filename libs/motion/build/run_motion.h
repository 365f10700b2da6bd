// dolly-motion as a library call: image mode (reference image + depth +
// optional instance labels + intentions -> MotionRepresentation).
#ifndef DOLLY_LIBS_MOTION_BUILD_RUN_MOTION_H_
#define DOLLY_LIBS_MOTION_BUILD_RUN_MOTION_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::motion {

struct MotionImageOptions {
  std::string image;       // PNG / JPEG reference image
  std::string depth;       // DepthSequence artifact; frame 0 is the image's depth
  std::string masks;       // optional 8- or 16-bit single-channel label PNG (0 = none)
  std::string intentions;  // intentions JSON (libs/motion/intentions/README.md)
  std::string output;      // MotionRepresentation to write ("-" = stdout)
  int grid = 31;           // scene points per side
  int object_stride = 8;   // pixels between a moving object's points
  // Focal length override in pixels (fx = fy; principal point from the depth's
  // intrinsics, else the image centre). 0 = the DepthSequence's intrinsics.
  double fx = 0.0;
  // "dolly" or "pac" (BuildOptions::convention): "pac" builds the scene as
  // Perception-as-Control's inference does and needs no intrinsics.
  std::string convention = "dolly";
};

// Reads and checks every input, builds the scene (BuildFromIntentions) and
// writes it atomically. Depth kinds: METRIC as is; RELATIVE_DEPTH as
// scale * v + shift; RELATIVE_INVERSE_DEPTH as 1 / (scale * v + shift) where
// that is positive (scale 1, shift 0 when absent), else unknown. The header
// records grid, object_stride, source, depth_kind and the depth conversion,
// and the SHA-256 of every input. Errors: UsageError for missing options,
// InvalidInputError / IoError naming the file at fault. Returns the scene.
MotionScene RunMotionImageImpl(const MotionImageOptions& options, cli::Summary* summary);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_BUILD_RUN_MOTION_H_
