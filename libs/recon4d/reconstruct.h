// 4D reconstruction (Animate3D's second stage): animates a static
// asset from a multi-view video of it in motion. Frame 0 of every view shows
// the asset at rest (the rest pose is the asset exactly); every later frame is
// fitted, warm-started from the one before, by a deformation graph whose nodes
// carry rigid transforms (embedded deformation, Sumner et al. 2007; per-vertex
// motion for small meshes), driven by
//  - multi-view 2D tracks of the asset's surface (libs/track, LK) seen through
//    each view's camera,
//  - brightness constancy of those surface points against frame 0, up to a
//    smooth shading gain,
//  - silhouette agreement: surface samples must project inside the masks and
//    the pose's own contour on the masks' boundaries,
//  - as-rigid-as-possible regularisation over each node's K nearest nodes,
//  - temporal smoothness (constant-velocity prior),
// solved with Ceres (conjugate gradients on the sparse normal equations,
// robust losses).
#ifndef DOLLY_LIBS_RECON4D_RECONSTRUCT_H_
#define DOLLY_LIBS_RECON4D_RECONSTRUCT_H_

#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/asset/static_asset.h"
#include "libs/mesh_export/animated_mesh.h"
#include "libs/rig/multiview_rig.h"

namespace dolly::recon4d {

// One camera's video of the asset in motion.
struct ViewInput {
  std::string name;             // for messages: the view's directory or file
  std::vector<cv::Mat> frames;  // T frames, CV_8UC3 RGB, one size
  // Empty, or T CV_8UC1 foreground masks (non-zero = asset). Without masks the
  // foreground is keyed against the background colour (the median colour of
  // frame 0's border pixels).
  std::vector<cv::Mat> masks;
  // One camera (a static rig) or one per frame (T), in the asset's frame; the
  // intrinsics' size must equal the frames'.
  std::vector<rig::RigCamera> cameras;
};

struct Recon4dOptions {
  // Deformation graph nodes (farthest-point samples of the vertices); an
  // asset with at most this many vertices gets one node per vertex.
  int max_nodes = 400;
  int skin_neighbours = 4;   // nodes blended per vertex (skinning weights)
  int arap_neighbours = 3;   // K of the ARAP term (Animate3D: 4 meshes, 12 Gaussians)
  double arap_weight = 5.0;  // weight of the ARAP term (0: unregularised fit)
  double track_weight = 1.0;
  double silhouette_weight = 1.0;
  // Constant-velocity prior (frame 1, with no velocity yet, at most 0.05).
  double temporal_weight = 1.0;
  // Brightness constancy of the tracked surface points against frame 0
  // (per grey level; 0: off).
  double photometric_weight = 0.3;
  // Lambert shading changes as a surface turns: the photometric term
  // compares against frame 0 times a per-node shading gain, which this
  // weight keeps smooth between neighbouring nodes (0: no gain, plain
  // brightness constancy).
  double shading_smoothness = 0.01;
  double robust_px = 2.0;    // Huber scale of the track residuals (pixels)
  int track_spacing_px = 4;  // query grid spacing on each view's frame-0 mask
  int max_iterations = 30;   // Ceres iterations per frame
  int threads = 2;
  // Keying threshold (max channel difference, 0..255) without masks.
  int key_threshold = 16;
  // Called after each fitted frame with (frame, frame count).
  std::function<void(int, int)> progress;
};

// Where the time went (seconds).
struct Recon4dTimings {
  double anchors = 0.0;   // frame-0 renders and query anchors
  double tracking = 0.0;  // LK over every view
  double graph = 0.0;     // nodes, skinning weights, neighbours
  double solve = 0.0;     // all frames: building the problems and Ceres
  // Parts of `solve` as Ceres reports them: evaluating residuals and
  // Jacobians, and the linear solver (CGNR).
  double solve_evaluate = 0.0;
  double solve_linear = 0.0;
  int solver_iterations = 0;  // Ceres iterations, all frames and passes
  double total = 0.0;
};

struct FrameStats {
  double track_rms_px = 0.0;   // reprojection RMS of the inlier track observations
  int track_observations = 0;  // visible, unoccluded observations used
  double silhouette_iou = 0.0; // mean over views: rendered result vs mask
};

struct Recon4dResult {
  // rest = asset positions, frames[0] = rest exactly, faces and colours (0..255)
  // from the asset; fps as given to Reconstruct4d.
  mesh_export::AnimatedMesh mesh;
  int nodes = 0;
  int tracks = 0;
  std::vector<FrameStats> frames;  // one per frame (frame 0: the rest pose)
  Recon4dTimings timings;
};

// Throws InvalidInputError (one line, naming the view or asset.source) for:
// no views, views with different frame counts (fewer than 2 frames), frames of
// one view with different sizes, cameras whose count is not 1 or T or whose
// size differs from the frames', masks whose count is not 0 or T, an asset
// without positions or with a non-finite position, and a view whose camera
// does not see the asset in frame 0.
Recon4dResult Reconstruct4d(const asset::StaticAsset& asset, const std::vector<ViewInput>& views,
                            double fps, const Recon4dOptions& options);

// The ARAP energy of an animated mesh against its rest pose (over mesh edges,
// or K nearest neighbours for a point set), summed over frames, with each
// vertex's best rotation (Sorkine & Alexa 2007, uniform weights).
double ArapEnergy(const mesh_export::AnimatedMesh& mesh, int knn = 6);

}  // namespace dolly::recon4d

#endif  // DOLLY_LIBS_RECON4D_RECONSTRUCT_H_
