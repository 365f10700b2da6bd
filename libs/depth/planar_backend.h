// `--backend planar`: a crude prior when there is no model and no second
// view: the scene is a flat ground plane seen by a camera without roll at a
// known height, pitched so that the ground's horizon is the given image row.
// Pixels below the horizon get the plane's depth, the rest a far constant.
// Useless for anything standing on the ground (objects, walls); meant as a
// last-resort starting point and for tests.
#ifndef DOLLY_LIBS_DEPTH_PLANAR_BACKEND_H_
#define DOLLY_LIBS_DEPTH_PLANAR_BACKEND_H_

#include <opencv2/core.hpp>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"

namespace dolly::depth {

// z-depth of the ground plane for a width x height image: with pitch
// tan(theta) = (cy - horizon_row) / fy, the plane lies camera_height below the
// camera and z(v) = camera_height / (cos(theta) (v - cy) / fy + sin(theta))
// for rows below the horizon, capped at far_depth; far_depth elsewhere.
cv::Mat GroundPlaneDepth(int width, int height, double fy, double cy, double horizon_row,
                         double camera_height, double far_depth);

// One map per input frame (the prior ignores the pixels). UsageError without
// --horizon-row or --fx/--fy, or for non-positive height or far depth.
DepthResult RunPlanarBackend(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_PLANAR_BACKEND_H_
