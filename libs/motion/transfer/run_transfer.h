// Motion transfer as a library call (the driving-video mode of
// dolly-motion): reads a labelled TrackSet, a metric DepthSequence and a
// CameraTrajectory of a driving video (plus optionally its frames for
// colours, an intentions file whose camera part replaces the camera path,
// and a reference image + depth to retarget onto), builds the MotionScene
// (transfer.h) and writes it as a MotionRepresentation artifact.
#ifndef DOLLY_LIBS_MOTION_TRANSFER_RUN_TRANSFER_H_
#define DOLLY_LIBS_MOTION_TRANSFER_RUN_TRANSFER_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/motion/transfer/transfer.h"

namespace dolly::motion {

struct TransferToolOptions {
  std::string tracks;  // TrackSet with STATIC/DYNAMIC labels (dolly-odometry --labelled-tracks)
  std::string depth;   // DepthSequence, METRIC
  std::string camera;  // CameraTrajectory
  std::string video;   // optional: Video artifact / video file / frame directory (colours)
  // Optional intentions file: only its camera part is used (it replaces the
  // driving camera path; "frames" must equal the clip's); objects in it are
  // an error.
  std::string intentions;
  std::string reference_image;  // optional, with reference_depth: retarget
  std::string reference_depth;  // DepthSequence; its frame 0 is used
  std::string output;           // MotionRepresentation ("-" = stdout)
  TransferOptions transfer;
};

// Reads and checks every input of `options` (not the output) into
// DrivingInputs; errors as RunTransferImpl.
DrivingInputs ReadDrivingInputs(const TransferToolOptions& options);

// Throws UsageError for missing required paths or a reference image without
// its depth (or the reverse), InvalidInputError naming the file for bad
// content (frame counts or sizes that disagree, no labels, non-metric depth,
// objects in the intentions, ...), IoError for unreadable or unwritable
// files. Every input is read and checked before the output is written
// (atomically). `summary` (optional) gets outputs, points, objects, frames,
// retarget_scale and timings.
void RunTransferImpl(const TransferToolOptions& options, cli::Summary* summary = nullptr);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_TRANSFER_RUN_TRANSFER_H_
