// dolly-recon4d behind a function call (tools/recon4d/main.cc parses flags):
// a static asset (OBJ/PLY) animated from a multi-view video of it in motion
// (Animate3D's second stage), written as an animated asset.
//
// Inputs:
//   asset       .obj (texture kept) or .ply
//   view dirs   each holds the frames as `frames/` (PNG sequence), else
//               `video.dolly` (Video artifact), else `video.mp4`; optionally
//               `masks/` (8-bit PNG sequence, non-zero = asset, as many as
//               frames) and `camera.dolly` (CameraTrajectory: one
//               world_from_camera + intrinsics per frame). Either every view
//               has camera.dolly or none has: then view k of N sits on the
//               default rig (libs/rig: azimuth first + 360 k / N, elevation,
//               distance, fov-y, looking at the origin, z up, frame size).
//
// Normalisation (Animate3D's unit cube, libs/asset/normalize.h): kAuto is on
// with the default rig, off with camera.dolly cameras. When on, the cameras
// are in the normalised frame and the fit runs there; every output is mapped
// back to the asset's own frame (rest and frame 0 are the asset's positions
// bit for bit; later frames are T^-1 * fitted).
//
// Output directory layout (appears whole or not at all):
//   mesh.dolly        AnimatedMesh artifact (rest, faces, colours, T frames)
//   animation.glb     glTF 2.0: one morph target per frame + weights
//                     animation; the texture kept when the asset has one
//   animation.pc2     PC2 point cache (one sample per frame)
//   obj/              frame_000000.obj ... (OBJ sequence)
//   previews/compare/NNNNNN.png + previews/compare.mp4
//                     per frame, for every view: input | reconstruction
//                     rendered from that view's camera; then the new view
//   previews/new_view.mp4
//                     the reconstruction from a new view (preview.h)
//   report.json       nodes, tracks, per-frame stats, timings, options
#ifndef DOLLY_LIBS_RECON4D_RUN_RUN_RECON4D_H_
#define DOLLY_LIBS_RECON4D_RUN_RUN_RECON4D_H_

#include <string>
#include <vector>

#include "libs/cli/summary.h"
#include "libs/recon4d/reconstruct.h"

namespace dolly::recon4d {

enum class NormalizeMode { kAuto, kOn, kOff };

// "auto" | "on" | "off"; UsageError naming --normalize otherwise.
NormalizeMode ParseNormalizeMode(const std::string& text);

// Default frame rate when neither the videos nor the cameras give one.
inline constexpr double kDefaultRecon4dFps = 8.0;

struct Recon4dRunOptions {
  std::string asset;               // .obj / .ply
  std::vector<std::string> views;  // view directories, in view order
  std::string views_root;          // or: its view_* subdirectories, sorted
  std::string output;              // directory to create
  bool overwrite = false;
  NormalizeMode normalize = NormalizeMode::kAuto;
  // The default rig (views without camera.dolly).
  double rig_elevation_deg = 15.0;
  double rig_distance = 3.0;
  double rig_fov_y_deg = 40.0;
  double rig_first_azimuth_deg = 0.0;
  double fps = 0.0;  // 0: the videos' fps if known, else kDefaultRecon4dFps
  bool previews = true;
  Recon4dOptions fit;  // progress is set by RunRecon4dImpl
};

struct Recon4dRunResult {
  std::string output_dir;
  int frames = 0;
  int views = 0;
  std::vector<std::string> files;  // main outputs, final paths
};

// The view directories of `root`: its subdirectories named view_*, sorted.
// IoError when `root` is no directory, InvalidInputError when it has none.
std::vector<std::string> ListViewDirs(const std::string& root);

// Reads everything, fits (Reconstruct4d), writes the layout above and fills
// `summary` (may be null). Throws UsageError (no asset, no or both kinds of
// view list, no output, a bad rig or fps, camera.dolly in some views only),
// IoError (a missing or unreadable file, output taken without overwrite),
// InvalidInputError (a malformed asset, views or cameras, everything
// Reconstruct4d refuses). On failure no output directory is left behind.
Recon4dRunResult RunRecon4dImpl(const Recon4dRunOptions& options, cli::Summary* summary);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_RUN_RUN_RECON4D_H_
