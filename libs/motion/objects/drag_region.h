// The image region a drag moves when the user gave no mask (Perception-as-
// Control's track files carry none): dolly segments it itself from the
// reference image and its depth, around the point where the drag starts.
//
// The rule, in order:
//  1. Depth: the pixels reachable from the seed (the drag's start pixel)
//     through 4-neighbours without crossing a depth discontinuity (z-depths
//     differing by more than `depth_edge_ratio`) or a concave crease (the
//     inverse depth's second difference above `concavity` times the inverse
//     depth). Objects are bounded by occluding contours and by concave
//     creases (where they stand on the floor or lean on a wall), while their
//     own faces meet at convex creases: the convexity rule of LCCP-style
//     point-cloud segmentation, on the depth map's pixel grid.
//  2. Colour: GrabCut (OpenCV's colour-GMM graph cut) moves that boundary
//     by up to `band` pixels: pixels `band` inside it are certain
//     foreground, the band on either side of it probable foreground or
//     background, everything else and a disc around each pinned point (a
//     point the user asked to stay) certain background. Depth estimated from
//     a photograph blurs edges that colour still shows.
//  3. The result's 8-connected component holding the seed, with the holes it
//     encloses filled (a texture square GrabCut dropped), pins left out.
#ifndef DOLLY_LIBS_MOTION_OBJECTS_DRAG_REGION_H_
#define DOLLY_LIBS_MOTION_OBJECTS_DRAG_REGION_H_

#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

namespace dolly::motion {

struct DragRegionOptions {
  // Neighbours whose depths differ by more than this ratio are separated by
  // a depth discontinuity. A surface seen 60 degrees from its normal changes
  // depth by about 0.35 % per pixel at 500 px focal length; an object's
  // contour against what lies behind it by far more.
  double depth_edge_ratio = 1.03;
  // Largest positive second difference of the inverse depth, relative to
  // the inverse depth, that still counts as flat (0 on a plane; a curved
  // surface bulging towards the camera is negative).
  double concavity = 2e-3;
  // Pixels between the samples of that second difference: wider stencils
  // still see a crease that a smooth depth map spreads over a few pixels.
  int stencil = 1;
  // Pixels GrabCut may move the depth boundary by; 0 = depth alone.
  int band = 2;
  // Radius in pixels of the certain-foreground disc at the seed and of the
  // certain-background disc at each pinned point.
  int seed_radius = 2;
  int pin_radius = 2;
  int iterations = 3;  // GrabCut iterations
};

// CV_8UC1 mask (255 = region) of the region around `seed` (a pixel, (0,0) =
// centre of the top-left pixel, inside the image). `rgb` is CV_8UC3 (RGB),
// `depth` CV_32FC1 z-depth (0 or non-finite = unknown: a seed without depth
// grows nothing, and only GrabCut's band around it can join).
// `pins` are pixels that must stay outside the region. The seed pixel is
// always in the region. Throws std::invalid_argument on mismatched sizes or
// types and on a seed outside the image.
cv::Mat DragRegion(const cv::Mat& rgb, const cv::Mat& depth, const Eigen::Vector2d& seed,
                   const std::vector<Eigen::Vector2d>& pins = {},
                   const DragRegionOptions& options = {});

// Intersection over union of two CV_8UC1 masks (non-zero = in); 0 when both
// are empty.
double MaskIou(const cv::Mat& a, const cv::Mat& b);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_OBJECTS_DRAG_REGION_H_
