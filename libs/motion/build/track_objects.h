// Objects given as drags without a mask (ObjectIntention::region_from_drags),
// as Perception-as-Control's track files give them: [[x, y, d], ...] per
// track, some tracks a single point.
//
//  - Object map: every track is one point, drawn as PAC draws the user's
//    tracks (its inference.py, get_control_objs): the track spread over the
//    clip (InterpolateDrag: PAC's interpolate_trajectory, PCHIP over evenly
//    spaced keys; a single point held still), lifted at the reference depth
//    of its rounded first point (PAC samples that one pixel) through the
//    scene's reference camera and seen through each frame's camera (PAC's
//    camera-adapted tracks), coloured by its first point, its disc size the
//    whole-map depth code of that point. When every object of the
//    intentions is such an object the scene holds these points only, as
//    PAC's object map holds only the user's tracks; otherwise they join the
//    scene's grid and the masked objects' points.
//  - Warp preview: each track with more than one distinct point moves the
//    region DragRegion segments around its first point (single-point tracks
//    are pins: their pixels stay out of every region). A track starting in a
//    labelled pixel of the given masks moves that mask instead. Tracks whose
//    start lies in another track's region move with it, as one rigid object
//    fitted to all its tracks (RegionMotion). Each region becomes an instance
//    label (new ids above the masks' largest) and an object with a mask id,
//    so the masked-object machinery of BuildFromIntentions moves it.
#ifndef DOLLY_LIBS_MOTION_BUILD_TRACK_OBJECTS_H_
#define DOLLY_LIBS_MOTION_BUILD_TRACK_OBJECTS_H_

#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/build/from_intentions.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::motion {

bool HasTrackObjects(const Intentions& intentions);

// BuildFromIntentions for intentions with track objects (inputs already
// checked by it): segments the regions, builds the scene with them as
// masked objects and sets the track points as above.
MotionScene BuildWithTrackObjects(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                                  const geometry::PinholeCamera& camera,
                                  const Intentions& intentions, const BuildOptions& options);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_BUILD_TRACK_OBJECTS_H_
