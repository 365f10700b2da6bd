// The camera presets as Perception-as-Control (PAC) builds them, for the
// "pac" convention of dolly-motion: the same key poses (PAC's look-at views,
// or the end poses of its cam_patterns text files), resampled to the clip
// with PAC's slerp-and-linear interpolation, quirks included, so that a
// preset with PAC's default magnitude gives the poses PAC's inference uses.
//
// PAC's poses are PyTorch3D extrinsics (PacRT): row vectors,
// X_view = X_world R + T, view axes x LEFT, y UP, z forward, and PAC's world
// is the reference camera in those axes. ReferenceFromCameraFromPac is the one
// place that turns them into dolly's reference_from_camera (OpenCV axes, the
// world is the reference camera): the PAC text importer's world_from_camera
// (libs/trajectory/formats.h) expressed in the reference camera's OpenCV axes.
//
// Presets and PAC's patterns (magnitude m; PAC's default in brackets):
//   still                         Still
//   dolly_in / dolly_out  [2 / 3] the camera moves m along its axis; two key
//                                 poses as in cam_patterns/DollyIn|Out.txt
//   truck_left / _right   [0.5]   look-at views with the target moved by m
//   pedestal_up / _down   [0.5]   sideways / up or down (generate_vo)
//   pan_left / _right     [10]    look-at views at azimuth 0 and +-m degrees
//   tilt_up / _down       [10]    (pitch for tilts), target (tanh a, 0, 1)
//   orbit_left/_right/_up/_down [15]  8 look-at views from 0 to m degrees
//                                 about the target at 3 units
//   roll                  [20]    m > 0 ClockwiseRoll, m < 0 AnticlockwiseRoll
// Translations are PAC world units: metres of the metric depth PAC lifts
// points with (in_metres and the scene scale do not apply). Shake (PAC's
// Shaking is random), zoom and non-linear easing have no PAC form and are
// refused.
//
// Clip length. Patterns PAC ships as a 16-line text file (all but truck_left,
// orbit_up, orbit_down and roll) are first interpolated to those 16 poses;
// PAC uses a pose list as it is when it has at least as many poses as frames
// and interpolates it otherwise. With fewer frames than poses PAC has no
// working answer; here the list is interpolated down to the clip.
#ifndef DOLLY_LIBS_MOTION_CAMERA_PAC_PRESETS_H_
#define DOLLY_LIBS_MOTION_CAMERA_PAC_PRESETS_H_

#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "libs/motion/camera/camera_presets.h"

namespace dolly::motion {

// PyTorch3D extrinsics as one line of a PAC camera file holds them: [R | T].
struct PacRT {
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d T = Eigen::Vector3d::Zero();
};

// PAC's Render.update_view: a camera `distance` from `target`, displaced by
// `pitch` and `azimuth` degrees, looking at the target with up = +y
// (PyTorch3D's look_at_view_transform), then rolled by `roll` degrees
// (R times a rotation about z).
PacRT PacLookAtView(double distance, double pitch_degrees, double azimuth_degrees,
                    double roll_degrees, const Eigen::Vector3d& target);

// numpy.linspace(0, 1, n), bit for bit (i * (1 / (n - 1)), the last exactly 1).
std::vector<double> PacLinspace01(int n);

// PAC's Render.interpolate_slerp of `keys` to `frames` poses. Keys sit at
// linspace(0, 1, K) and frames at linspace(0, 1, frames). Translations:
// linear between the bracketing keys (scipy interp1d). Rotations: for each
// key interval in turn, every frame time whose local t lies in [0, 1] gets
// R_i (R_{i+1} R_i^T)^t (scipy's q1 * (q2 * q1.inv()) ** t, the shortest
// rotation), so a frame time on an inner key is counted twice and later
// frames shift; the list is cut to `frames` and padded with the last key.
// Throws InvalidInputError for fewer than 2 keys or frames < 1.
std::vector<PacRT> PacInterpolateSlerp(const std::vector<PacRT>& keys, int frames);

// The key poses PAC builds the preset's pattern from, with magnitude m in
// place of PAC's constant (see the table above). Throws InvalidInputError
// for presets without a PAC form.
std::vector<PacRT> PacPatternKeys(CameraPreset preset, double magnitude);

// Whether PAC ships the pattern as a 16-pose text file.
bool PacPatternHasText(CameraPreset preset);

// PAC's default magnitude of `preset` (0 for still); roll: 20 (clockwise).
double PacDefaultMagnitude(CameraPreset preset);

// The poses of the pattern over `frames` frames, as PAC's inference gets
// them (see "Clip length" above).
std::vector<PacRT> PacPatternPoses(CameraPreset preset, double magnitude, int frames);

// dolly's reference_from_camera (OpenCV axes) of a PAC pose, and back.
// = F * trajectory::WorldFromCameraFromPac(rt) with F = diag(-1, -1, 1).
Eigen::Isometry3d ReferenceFromCameraFromPac(const PacRT& rt);
PacRT PacFromReferenceFromCamera(const Eigen::Isometry3d& reference_from_camera);

// ComputeCameraMotion in the PAC convention: each segment's pattern with its
// magnitude (PAC's default when default_magnitude), resampled to its span
// [start, end), identity before it and its last pose after it; segments compose as in ComputeCameraMotion. A single
// segment over the whole clip gives PacPatternPoses exactly. Focal scales
// are all 1. Throws InvalidInputError naming the segment for shake, zoom,
// non-linear easing, or what ComputeCameraMotion refuses.
CameraMotion PacCameraMotion(const std::vector<CameraSegment>& plan, int num_frames);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_CAMERA_PAC_PRESETS_H_
