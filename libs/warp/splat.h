// Forward warp of a reference RGB image with its z-depth into another view,
// by z-buffered splatting: the model-free picture of where the reference's
// pixels go under a requested 3D motion.
#ifndef DOLLY_LIBS_WARP_SPLAT_H_
#define DOLLY_LIBS_WARP_SPLAT_H_

#include <map>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::warp {

// How a covered target pixel gets its colour.
enum class Resample {
  // The bilinear-weighted blend of the splatted colours. Each splat is a
  // tent filter: a sharp edge comes out about a pixel wider than rendered.
  kBilinearSplat,
  // The splat decides coverage and depth only; each covered target pixel
  // is unprojected at its warped depth, taken back through the inverse
  // motion (the region motion of its heaviest splat's label, then the
  // camera's) into the reference, and the reference is sampled there with
  // bicubic interpolation (cv::remap INTER_CUBIC, borders replicated).
  // Sharper: see warp_synth_test.cc for the PSNR gained on the dolly-synth
  // scenes. The bicubic support can pull a little colour across
  // silhouettes.
  kBicubic,
};

struct SplatOptions {
  Resample resample = Resample::kBicubic;
  // A target pixel takes the colour of every splat whose depth is within
  // this relative margin of the nearest splat there (z <= z_min * (1 + tol)):
  // samples of one surface blend, a farther surface is hidden. 2% keeps
  // neighbouring samples of a slanted surface together without letting a
  // background 2% behind an occluder bleed through.
  double depth_tolerance = 0.02;
  // Target pixels whose total bilinear weight is below this are holes: a
  // single far-away sample's sliver of weight is not a reliable colour.
  double min_weight = 1e-3;
};

// Per-pixel motion of moving regions: `labels` (CV_32SC1, reference size)
// picks for each reference pixel an extra rigid motion applied in the
// reference camera frame before the camera transform. Labels absent from
// `reference_motion` (e.g. 0 for the static scene) move only with the camera.
struct RegionMotion {
  cv::Mat labels;
  std::map<int, Eigen::Isometry3d> reference_motion;
};

struct SplatResult {
  cv::Mat rgb;       // CV_8UC3, target size; black where not covered
  cv::Mat coverage;  // CV_8UC1, 255 where covered, 0 for holes
  cv::Mat depth;     // CV_32FC1 z-depth in the target camera, 0 for holes
  cv::Mat weight;    // CV_32FC1 total splat weight accepted by the z-test
};

// Each reference pixel with depth > 0 (and finite) is unprojected with
// `reference_camera`, moved (region motion, then
// `target_camera_from_reference_camera`), projected with `target_camera`
// and splatted bilinearly onto the 2x2 target pixels around its sub-pixel
// position. The bilinear 2x2 footprint closes the cracks of a surface
// stretched up to 2x (zoom in, approach) and reproduces an identity or
// integer-shift warp exactly (all weight on one pixel); larger stretches
// leave holes for hole_fill.h. Two passes: the first finds the nearest
// depth per target pixel over all footprints, the second blends the splats
// within SplatOptions::depth_tolerance of it (nearest surface wins). The
// colour then comes from SplatOptions::resample.
// Points at z <= 0 in the target are dropped.
// Throws InvalidInputError for a non-CV_8UC3 image, a non-CV_32FC1 depth,
// sizes disagreeing with the cameras, or a bad label image.
SplatResult Splat(const cv::Mat& reference_rgb, const cv::Mat& reference_depth,
                  const geometry::PinholeCamera& reference_camera,
                  const Eigen::Isometry3d& target_camera_from_reference_camera,
                  const geometry::PinholeCamera& target_camera,
                  const RegionMotion* region_motion = nullptr,
                  const SplatOptions& options = SplatOptions());

}  // namespace dolly::warp

#endif  // DOLLY_LIBS_WARP_SPLAT_H_
