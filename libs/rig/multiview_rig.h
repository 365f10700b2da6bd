// The static multi-view rig (4D reconstruction, Animate3D-style):
// `views` cameras evenly spaced in azimuth around a target, all at the same
// elevation and distance, looking at the target with the image "up" along
// world +z (the scene is z-up). The defaults are the rig Animate3D users know:
// 4 views at azimuth 0/90/180/270 degrees, elevation 15 degrees, distance 3,
// vertical fov 40 degrees, 256 x 256, for an object normalised into the unit
// cube (libs/asset/normalize.h).
//
// This is the same rig as dolly-synth's (libs/synth/camera_path.h, RigEye and
// RigSceneFromCamera): view k's eye is
//   target + distance * (cos e cos a, cos e sin a, sin e),
//   a = first_azimuth + 360 k / views, e = elevation,
// and its pose is geometry::LookAt(eye, target, +z) (camera x right, y down,
// z forward; no roll).
#ifndef DOLLY_LIBS_RIG_MULTIVIEW_RIG_H_
#define DOLLY_LIBS_RIG_MULTIVIEW_RIG_H_

#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::rig {

struct RigSpec {
  int views = 4;
  double elevation_deg = 15.0;
  double distance = 3.0;
  double fov_y_deg = 40.0;
  int width = 256;
  int height = 256;
  double first_azimuth_deg = 0.0;
  Eigen::Vector3d target = Eigen::Vector3d::Zero();
};

struct RigCamera {
  // geometry::CameraFromVerticalFov(fov_y_deg, width, height): square pixels,
  // principal point at the image centre, fov measured edge to edge.
  geometry::PinholeCamera intrinsics;
  Eigen::Isometry3d world_from_camera = Eigen::Isometry3d::Identity();
};

// Eye of view k (see the header comment); does not validate.
Eigen::Vector3d RigEye(const RigSpec& spec, int view);

// The rig's cameras, view 0 first. Throws UsageError naming the field for
// views < 1, a non-finite value, distance <= 0, fov_y_deg outside (0, 180),
// width or height < 1, or |elevation_deg| >= 90 (a camera looking straight
// down or up has no defined image "up").
std::vector<RigCamera> MakeRig(const RigSpec& spec);

}  // namespace dolly::rig

#endif  // DOLLY_LIBS_RIG_MULTIVIEW_RIG_H_
