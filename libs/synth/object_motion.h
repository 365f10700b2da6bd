// How objects move: a rigid pose per frame (scene_from_object) and, for the
// bending cylinder, a deformation of its rest shape.
#ifndef DOLLY_LIBS_SYNTH_OBJECT_MOTION_H_
#define DOLLY_LIBS_SYNTH_OBJECT_MOTION_H_

#include <Eigen/Geometry>

#include "libs/synth/recipe.h"

namespace dolly::synth {

// scene_from_object at clip progress s in [0, 1]. The object frame is the
// object's own: box and sphere centred at the origin, the cylinder standing on
// it; "forward" is +x. With p0 = position and yaw = yaw_deg:
//   static:      T(p0) Rz(yaw)
//   translate:   T(p0 + s offset) Rz(yaw)
//   rotate:      T(p0) Rz(yaw) R(axis, s degrees)
//   half_circle: on the circle of `radius` through p0 whose centre is
//                p0 - radius (cos a0, sin a0, 0), at angle a0 + s sweep
//                (a0 = start_deg), yaw = path tangent + yaw (PoseTraj);
//   s_curve:     p0 + Rz(direction) (length s, amplitude sin(2 pi s), 0),
//                yaw = path tangent + yaw.
Eigen::Isometry3d SceneFromObject(const ObjectSpec& object, double s);

// True unless the object stays put (and keeps its shape).
bool IsDynamic(const ObjectSpec& object);

// Bend angle (radians) of a bending cylinder at clip progress s.
double BendAngle(const BendSpec& bend, double s);

// Bends a point of a cylinder standing on z = 0 with height `height` in the
// x-z plane so that its axis becomes a circular arc of the same length turning
// by `angle` from bottom to top; cross-sections stay rigid and perpendicular
// to the arc. Identity for angle 0.
Eigen::Vector3d BendPoint(const Eigen::Vector3d& p, double angle, double height);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_OBJECT_MOTION_H_
