// A MotionScene (libs/motion/representation) built from a reference image,
// its z-depth, optional instance labels and the user's intentions
// (libs/motion/intentions): the Perception-as-Control "unit spheres" lifted
// from the reference depth, moved by the camera plan and the object drags.
//
// World frame = the reference camera (frame 0). The camera plan's orbit pivot
// and scene unit are the median valid depth. Points are a regular grid over
// the image (the scene) plus a denser grid over each moving object's pixels;
// an object's points follow RegionMotion (drags, yaw, explicit rotation).
#ifndef DOLLY_LIBS_MOTION_BUILD_FROM_INTENTIONS_H_
#define DOLLY_LIBS_MOTION_BUILD_FROM_INTENTIONS_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::motion {

struct BuildOptions {
  // Scene points: grid x grid pixels at the centres of equal cells over the
  // image (Perception-as-Control's camera-only grid is 31 x 31 = 961).
  int grid = 31;
  // Pixels between the points of a moving object (a lattice over its mask,
  // plus the labelled pixel nearest its centroid, so every object has points).
  int object_stride = 8;
  // Object boxes span these percentiles of the region's 3D points per axis
  // (stray depth pixels at mask edges do not inflate them).
  double box_low_percentile = 2.0;
  double box_high_percentile = 98.0;
  // "dolly" or "pac". In "pac" the scene is built as Perception-as-Control's
  // inference builds its object map: PAC's query grid (PacQueryGrid, in
  // place of `grid`), points lifted through PacLiftCamera whatever `camera`
  // says, frames seen through PacScreenCamera, camera presets as PAC builds
  // them (PacCameraMotion; no zoom). Objects and drags move points as in
  // "dolly". Both conventions record PAC's object-map depth per point.
  std::string convention = "dolly";
  // Names used in error messages.
  std::string intentions_name = "intentions";
  std::string labels_name = "label image";
};

// `rgb`: CV_8UC3 RGB; `depth`: CV_32FC1 z-depth (0 or non-finite = unknown);
// `labels`: CV_8U, CV_16U or CV_32S single channel, or empty; all of the
// camera's size. Throws InvalidInputError naming the input at fault: image
// sizes or types that disagree, a depth map without valid values, objects
// without a label image (naming the intentions), a mask id absent from the
// labels or without valid depth (naming the label image and the id), drags
// that cannot be lifted. Options out of range are UsageErrors.
MotionScene BuildFromIntentions(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                                const geometry::PinholeCamera& camera,
                                const Intentions& intentions, const BuildOptions& options = {});

// Median of the valid (finite, > 0) values of a CV_32F depth map; 0 when none.
double MedianValidDepth(const cv::Mat& depth);

// Per-frame camera motion of `intentions` (explicit poses or the camera plan
// with rig = median depth) and focal scale (the plan's zoom segments times
// Intentions::zoom, geometric over the clip like the kZoom preset).
// In convention "pac" camera segments follow PacCameraMotion (explicit poses
// are used as they are) and a zoom is refused.
CameraMotion IntentionsCameraMotion(const Intentions& intentions, double median_depth,
                                    const std::string& intentions_name = "intentions",
                                    const std::string& convention = "dolly");

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_BUILD_FROM_INTENTIONS_H_
