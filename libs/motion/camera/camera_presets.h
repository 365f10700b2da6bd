// Camera presets (the Perception-as-Control set plus zoom) and their
// composition into per-frame camera motion relative to the reference image.
//
// Conventions. Camera axes are OpenCV's: x right, y down, z forward. Every
// segment moves the camera relative to its own pose when the segment starts
// (camera_start_from_camera); "left", "up", ... are in that camera's frame.
//   dolly_in / dolly_out      translate along +z / -z
//   truck_left / truck_right  translate along -x / +x
//   pedestal_up / _down       translate along -y / +y (image up is -y)
//   pan_left / pan_right      rotate about camera y by -angle / +angle
//                             (pan left turns the view to the left)
//   tilt_up / tilt_down       rotate about camera x by +angle / -angle
//                             (tilt up turns the view upwards)
//   orbit_left / _right       the camera centre moves to its left / right on
//                             a circle about the pivot (0, 0, pivot_distance),
//                             rotating about camera y by +angle / -angle, so it
//                             keeps looking at the pivot
//   orbit_up / _down          same about camera x; orbit up rotates by -angle
//   roll                      rotate about +z by +angle: the camera's x axis
//                             turns towards its y axis, i.e. the camera turns
//                             clockwise as seen on screen and the scene in the
//                             image turns counter-clockwise; negative = the
//                             other way
//   shake                     deterministic rotation jitter about the centre,
//                             each Euler angle bounded by `magnitude` degrees,
//                             zero at both ends of the span
//   still                     identity (holds a span, e.g. a pause)
//   zoom                      focal length scale; the pose is unchanged;
//                             magnitude 1.5 = 1.5x focal at the end (zoom in),
//                             0.5 = zoom out; interpolated geometrically
// Magnitudes: translations in scene units (scaled by CameraRig::scene_scale)
// or metres when `in_metres`; rotations and shake in degrees; zoom a factor.
#ifndef DOLLY_LIBS_MOTION_CAMERA_CAMERA_PRESETS_H_
#define DOLLY_LIBS_MOTION_CAMERA_CAMERA_PRESETS_H_

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "libs/motion/camera/easing.h"

namespace dolly::motion {

enum class CameraPreset {
  kStill,
  kDollyIn,
  kDollyOut,
  kTruckLeft,
  kTruckRight,
  kPedestalUp,
  kPedestalDown,
  kPanLeft,
  kPanRight,
  kTiltUp,
  kTiltDown,
  kOrbitLeft,
  kOrbitRight,
  kOrbitUp,
  kOrbitDown,
  kRoll,
  kShake,
  kZoom,
};

// snake_case names as listed in the header comment ("dolly_in", "zoom", ...).
std::string PresetName(CameraPreset preset);
// Throws InvalidInputError naming `name` and listing the accepted names.
CameraPreset ParsePreset(const std::string& name);

// One camera move over frames [start_frame, end_frame): linear progress is 0
// at start_frame and 1 at end_frame - 1 (so a span needs two frames), then
// eased. A segment that ends at frame k and one that starts at frame k join
// without a held frame.
struct CameraSegment {
  CameraPreset preset = CameraPreset::kStill;
  double magnitude = 0.0;
  int start_frame = 0;
  int end_frame = 0;
  Easing easing = Easing::kLinear;
  bool in_metres = false;  // translations only: magnitude is metric, not scene units
  std::uint64_t seed = 1;  // shake only
  // The magnitude was not given (a sentence without a number) and holds
  // dolly's default; the "pac" convention uses PAC's default instead
  // (PacDefaultMagnitude, keeping roll's sign).
  bool default_magnitude = false;

  // Compares the move as the dolly convention makes it (default_magnitude
  // aside).
  bool operator==(const CameraSegment& other) const;
};

// The scene facts that give presets their size.
struct CameraRig {
  // Distance from the reference camera to the orbit pivot on its optical axis
  // (e.g. the reference depth's median), metres.
  double pivot_distance = 1.0;
  // Metres per scene unit for translations not given in metres (e.g. the
  // reference depth's median, so "dolly in 0.5" covers half the way to it).
  double scene_scale = 1.0;
};

// camera_start_from_camera of `segment` at eased progress `progress` in [0, 1].
Eigen::Isometry3d SegmentTransform(const CameraSegment& segment, double progress,
                                   const CameraRig& rig);
// Focal length scale of `segment` at eased progress `progress` (1 unless zoom).
double SegmentFocalScale(const CameraSegment& segment, double progress);
// Eased progress of `segment` at `frame` (0 before the span, 1 after it).
double SegmentProgress(const CameraSegment& segment, int frame);

struct CameraMotion {
  std::vector<Eigen::Isometry3d> reference_from_camera;  // [0] is identity
  std::vector<double> focal_scale;                       // [0] is 1
};

// Motion for `num_frames` frames. Segments are ordered by start frame (ties
// keep list order) and their transforms multiply in that order, so a segment
// that starts after another has finished continues from where it ended
// ("then"), and overlapping segments compose ("while"): for two segments over
// the same span, reference_from_camera = A(p) * B(p). Focal scales multiply.
// Throws InvalidInputError naming the segment (index and preset) for a span
// outside [0, num_frames) or shorter than two frames, a non-finite magnitude,
// a non-positive zoom, or a non-positive rig distance it needs.
CameraMotion ComputeCameraMotion(const std::vector<CameraSegment>& plan, int num_frames,
                                 const CameraRig& rig);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_CAMERA_CAMERA_PRESETS_H_
