// `dolly-inspect --export DIR`: what a person would rather look at than
// numbers, per artifact kind:
//   Video             frames/NNNNNN.png, frames.mp4
//   DepthSequence     depth/ + depth.mp4 (colour-mapped), depth_legend.png,
//                     depth_colors.json (range and meaning of the colours)
//   TrackSet          tracks/ + tracks.mp4, over --video or black
//   ControlSignals    object_map/, camera_map/, trajectory_map/, depth/ (Turbo),
//                     warp_preview/, warp_coverage/, box_wireframes/ (+ .mp4 each)
//   CameraTrajectory  camera_path.png, trajectory_tum.txt
//   SceneGroundTruth  masks/ + masks.mp4 (one colour per object), objects.csv
//   Mesh              mesh.png (orthographic front/side/top)
//   AnimatedMesh      rest.png, mesh/ + mesh.mp4
//   MotionRepresentation  points/ + points.mp4 (points seen by the camera)
//   Metrics           metrics.json, metrics.csv
// The directory appears complete or not at all.
#ifndef DOLLY_LIBS_INSPECT_EXPORT_H_
#define DOLLY_LIBS_INSPECT_EXPORT_H_

#include <string>
#include <vector>

#include "libs/inspect/palette.h"

namespace dolly::inspect {

struct ExportOptions {
  // Created by the export; must not exist or be an empty directory.
  std::string dir;
  // TrackSet background: a Video artifact, a video file or a directory of
  // frames; empty draws the tracks on black.
  std::string background;
  Colormap colormap = Colormap::kTurbo;
};

struct ExportReport {
  std::string kind;                // "DepthSequence"
  std::vector<std::string> notes;  // how to read what was written
};

// Reads `input` ("-" = stdin) and writes its previews. Throws IoError /
// InvalidInputError naming the offending path; nothing is left in
// options.dir's place on failure.
ExportReport ExportArtifact(const std::string& input, const ExportOptions& options);

// One line per entry of an export directory; a directory of frames is
// summarised ("depth/  16 PNG files 000000.png .. 000015.png, 1.2 MB").
std::vector<std::string> DescribeExport(const std::string& dir);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_EXPORT_H_
