// Pyramidal Lucas-Kanade point tracking over a whole video, frame to frame,
// in one of two modes (policies documented in README.md):
//
// Anchored (affine_radius > 0, the default): LK carries every point from
// frame to frame; the affine alignment of its query-frame patch
// (affine_align.h) gives its position and visibility in each frame, with
// its neighbours' motion as a second start and a forward-backward-checked
// LK fallback where the alignment cannot settle. The camera's motion
// (global_motion.h: a homography of the aligned points; phase correlation
// when a sudden pan leaves most points unaligned) restarts and carries the
// points their neighbours cannot, and a hidden point is looked for only
// near where its neighbours or the camera put it. See StepAnchored in
// lk_tracker.cc.
//
// Chained (affine_radius == 0), with a forward-backward check and periodic
// re-alignment against each point's query frame:
// - A point is visible in its query frame (confidence 1) and is tracked from
//   there forward to the last frame and backward to frame 0 (both modes).
// - It is lost when LK fails, its forward-backward error exceeds
//   fb_threshold, its LK patch error exceeds max_patch_error, or it leaves
//   the image footprint [-0.5, W-0.5) x [-0.5, H-0.5). A lost point is
//   invisible (visibility 0, confidence 0) and its position holds its last
//   reliable estimate (finite, so consumers need no NaN handling, and
//   clearly marked by visibility 0): it is not silently kept as visible.
// - Re-acquisition: only against the query frame. Every realign_interval
//   frames (counted from the query frame) a lost point is searched for by LK
//   from its query-frame patch, started at its last reliable position; it is
//   visible again only when that LK succeeds within realign_tolerance of the
//   last position, with a patch error <= reacquire_error (stricter than the
//   tracking one) and a forward-backward error back to the query position
//   <= fb_threshold. So a point that was briefly occluded and reappears where
//   it was comes back; one that moved away while hidden stays lost (nothing
//   tells it from a look-alike elsewhere).
// - Drift: at the same frames the visible points are re-aligned: LK from the
//   query frame (at the query position) straight to the current frame,
//   initialised at the chained estimate; the refinement replaces the chained
//   estimate when LK succeeds and moves it by at most realign_tolerance
//   pixels (a larger jump means the appearance changed too much for the
//   query patch to be trusted).
// - Confidence in (0, 1]: exp(-fb_error / fb_threshold) *
//   exp(-patch_error / max_patch_error) of the step that produced the
//   position; 1 in the query frame; 0 where invisible.
#ifndef DOLLY_LIBS_TRACK_LK_TRACKER_H_
#define DOLLY_LIBS_TRACK_LK_TRACKER_H_

#include <cstdint>
#include <functional>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/track/affine_align.h"
#include "libs/track/query_points.h"

namespace dolly::track {

struct LkOptions {
  int window = 21;               // LK window side (pixels, odd)
  int levels = 3;                // pyramid levels above the base
  float fb_threshold = 1.0f;     // forward-backward error (pixels) above which a point is lost
  float max_patch_error = 40.0f; // mean absolute intensity difference (0..255) above which lost
  // Pyramid levels of the backward LK of the FB check, started at the known
  // position (cheap); -1: full pyramid, started at the forward result.
  int fb_levels = 0;
  // Finest-level refinement window (pixels, odd; 0: none). Cuts the drift
  // of points near silhouettes (orbit_boxes EPE 2.5 -> 0.85 px with 7) but
  // loses more points to the FB check (visibility 0.87 -> 0.64): off by default.
  int refine_window = 0;
  int realign_interval = 16;     // re-align against the query frame every k frames (0: never)
  float realign_tolerance = 2.0f;  // largest accepted re-alignment correction (pixels)
  bool reacquire = true;         // lost points may be re-acquired at re-alignment
  float reacquire_error = 10.0f; // largest query-patch error (0..255) of a re-acquired point
  // Query-anchored tracking (see StepAnchored in lk_tracker.cc): the affine
  // alignment of each point's query-frame patch (side 2r+1, affine_align.h)
  // to every frame gives its position and visibility; the chained LK step
  // only starts it. 0: plain chained LK with periodic re-alignment (faster,
  // drifts; the options below then do not apply).
  int affine_radius = 5;
  float affine_tolerance = 3.0f;   // largest accepted correction of the start position (pixels)
  float occlusion_error = 25.0f;   // centre residual (0..255) above which the alignment fails
  float min_inliers = 0.3f;        // Tukey inlier fraction below which the alignment fails
  bool lk_fallback = true;         // where it fails, keep points that pass the LK checks
  AffineAlignOptions affine;
  // LK termination for carrying points in the anchored mode: the alignment
  // refines the position, so LK only needs to land in its reach.
  int carry_iterations = 3;
  double carry_epsilon = 0.3;
  // Second opinion for points the alignment did not settle from LK's
  // position, and the carrier of hidden points: the median motion of up to
  // this many nearest neighbours (by query position, same query frame) that
  // were aligned in this frame (0: none).
  int neighbours = 16;
  // A neighbour counts only if its previous step differed from the point's
  // by at most this many pixels (same surface).
  float affinity = 1.0f;
  // Anchored mode, the camera's motion (global_motion.h): a robust
  // homography fitted to the aligned points' motion in each step starts and
  // carries the points their neighbours cannot (hidden behind a moving
  // object, or whose neighbours all failed); and when more than
  // jump_share of the points visible before fail to align (a sudden pan
  // beyond LK's reach), LK runs again for them from the whole-image
  // translation found by phase correlation. false: neither.
  bool global_motion = true;
  float jump_share = 0.3f;
  int max_iterations = 30;       // LK termination criteria
  double epsilon = 0.01;
};

// Per frame f and track i: positions[f][i], visibility[f][i], confidence[f][i].
struct TrackResult {
  std::vector<std::vector<cv::Point2f>> positions;
  std::vector<std::vector<uint8_t>> visibility;
  std::vector<std::vector<float>> confidence;
};

// Tracks `queries` through `gray` (CV_8UC1 frames of one size; at least 2).
// `progress` (if set) is called once per processed frame step.
TrackResult TrackPoints(const std::vector<cv::Mat>& gray, const std::vector<QueryPoint>& queries,
                        const LkOptions& options,
                        const std::function<void()>& progress = nullptr);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_LK_TRACKER_H_
