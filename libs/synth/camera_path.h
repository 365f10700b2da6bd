// Where the cameras are: the single moving camera of a recipe, or the static
// multi-view rig. Poses are scene_from_camera in the recipe's z-up scene frame.
#ifndef DOLLY_LIBS_SYNTH_CAMERA_PATH_H_
#define DOLLY_LIBS_SYNTH_CAMERA_PATH_H_

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "libs/synth/recipe.h"
#include "libs/synth/smooth_noise.h"

namespace dolly::synth {

// The single camera. With s = frame / (frames - 1) in [0, 1]:
//   static, handheld: look from `position` at `target`;
//   pan:   the view direction turns about the vertical through the eye by
//          s * degrees (positive: to the left, counter-clockwise from above);
//   tilt:  the view direction turns about the camera's horizontal axis by
//          s * degrees (positive: upwards);
//   orbit: the eye turns about the vertical through the target by
//          s * degrees (counter-clockwise from above), still looking at it;
//   dolly: the eye moves s * distance towards the target.
// Shake (on for handheld) then perturbs the pose in the camera frame by a
// small rotation and translation, each component an independent smooth noise
// channel of time frame / fps (ValueNoise1D, `frequency_hz` knots a second).
class CameraPath {
 public:
  // `source` names the recipe in errors; throws InvalidInputError when a
  // camera would look straight up or down (no defined image "up").
  CameraPath(const Recipe& recipe, uint64_t seed, const std::string& source);
  // `frame` may be fractional (motion blur samples the shutter interval).
  Eigen::Isometry3d SceneFromCamera(double frame) const;

 private:
  CameraSpec spec_;
  int frames_;
  double fps_;
  std::vector<ValueNoise1D> shake_;
  double jump_radians_ = 0.0;  // camera.jump: turn about the camera's y axis
};

// Eye of rig view k: target + distance * (cos e cos a, cos e sin a, sin e)
// with a = azimuth_start + 360 k / views and e = elevation.
Eigen::Vector3d RigEye(const RigSpec& rig, int view);
// scene_from_camera of rig view k: at RigEye, looking at the target, z up.
Eigen::Isometry3d RigSceneFromCamera(const RigSpec& rig, int view);

// s in [0, 1] of a frame: frame / (frames - 1), 0 for a single frame.
double ClipProgress(double frame, int frames);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_CAMERA_PATH_H_
