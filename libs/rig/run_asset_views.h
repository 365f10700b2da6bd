// dolly-render's asset mode behind a function call (tools/render/main.cc
// parses flags): a static asset (OBJ/PLY mesh) rendered from the multi-view
// rig into a directory of conditioning views.
//
// Output directory layout (appears whole or not at all):
//   view_NN/rgb.png       8-bit RGB, `background` off the asset
//   view_NN/mask.png      8-bit, 255 on the asset, 0 elsewhere
//   view_NN/depth_mm.png  16-bit camera z-depth in millimetres (rounded,
//                         at least 1 on the asset, saturated at 65535),
//                         0 off the asset
//   cameras.json          rig, normalisation and per-view camera (below)
//   views.png             the rgb views side by side, view 0 leftmost
//
// cameras.json: {"tool", "version", "asset", "world_frame", "convention",
// "normalized", "normalization": {"world_from_asset": 4x4 row-major,
// "scale", "translation"}, "rig": {the RigSpec fields}, "background": [r,g,b],
// "views": [{"index", "dir", "azimuth_deg", "elevation_deg", "eye": [x,y,z],
// "intrinsics": {"fx","fy","cx","cy","width","height"},
// "world_from_camera": 4x4 row-major}]}. World = the normalised asset frame
// (the asset's own frame with --no-normalize); camera x right, y down,
// z forward (OpenCV); the asset's +z is the rig's up.
#ifndef DOLLY_LIBS_RIG_RUN_ASSET_VIEWS_H_
#define DOLLY_LIBS_RIG_RUN_ASSET_VIEWS_H_

#include <Eigen/Core>
#include <string>
#include <vector>

#include "libs/cli/summary.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::rig {

// Largest accepted view count and image side (guards against allocating
// absurd amounts of memory from a typo).
constexpr int kMaxAssetViews = 64;
constexpr int kMaxAssetViewSide = 4096;

struct AssetViewsOptions {
  std::string asset;   // .obj or .ply mesh
  std::string output;  // directory to create
  RigSpec rig;
  Eigen::Vector3f background = Eigen::Vector3f(255.0f, 255.0f, 255.0f);  // RGB, [0, 255]
  bool normalize = true;   // NormalizeToUnitCube first (Animate3D's convention)
  bool overwrite = false;  // replace an existing, non-empty output directory
};

struct AssetViewsResult {
  std::string output_dir;
  int views = 0;
  std::vector<std::string> files;  // every file written, under output_dir
};

// "R,G,B" with integers in [0, 255] -> RGB; UsageError naming `flag`
// otherwise.
Eigen::Vector3f ParseRgb(const std::string& text, const std::string& flag);

// Reads the asset, normalises it into the unit cube (unless !normalize),
// checks that every rig view sees it, renders the views and writes the
// layout above. Fills `summary` (may be null) with the output directory,
// views, size and timings. Throws UsageError (missing paths, a bad rig: see
// MakeRig, more than kMaxAssetViews views or a side above kMaxAssetViewSide,
// a background outside [0, 255]), IoError (unreadable asset, output taken
// without overwrite, unwritable output), InvalidInputError (malformed asset,
// a point set, an asset some view does not see, naming the view). On any
// failure no output directory is left behind.
AssetViewsResult RunAssetViewsImpl(const AssetViewsOptions& options, cli::Summary* summary);

}  // namespace dolly::rig

#endif  // DOLLY_LIBS_RIG_RUN_ASSET_VIEWS_H_
