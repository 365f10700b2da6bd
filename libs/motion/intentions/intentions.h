// The intentions file: one small JSON document in which a user says how the
// camera and the objects of a reference image should move, parsed into the
// camera plan of libs/motion/camera and the drags of libs/motion/objects.
//
//   {
//     "frames": 16,                 required, integer >= 2
//     "fps": 8,                     optional, > 0 (default 8)
//     "camera": ...,                optional (default: a still camera), one of
//        "orbit left 30 degrees then dolly in 0.5"      a sentence
//                                                        (camera_language.h)
//        {"preset": "orbit_left", "magnitude": 30,       one segment
//         "easing": "ease_in_out", "start": 0, "end": 16,
//         "in_metres": false, "seed": 1}
//        [{segment}, {segment}, ...]                     several segments
//        {"poses": "path.txt", "format": "pac"}          explicit poses
//     "zoom": 1.5,                  optional focal scale at the last frame
//     "objects": [                  optional
//       {"mask_id": 2,              instance id in the label image; without
//                                   it (PAC's track files carry no mask)
//                                   dolly segments each drag's region
//        "drags": "drags.json",     a drag file (PAC / PoseTraj / dolly), or
//                                   the same JSON inline, e.g. [[[x, y], ...]]
//        "drag_space": "reference", or "moving_camera"
//        "yaw_follows_path": false,
//        "rotate": {"axis": [0, -1, 0], "degrees": 45}}
//     ]
//   }
//
// Segment fields: "preset" is required; "magnitude" too unless the preset is
// "still" or the convention is "pac" (then PAC's default for the pattern,
// PacDefaultMagnitude, as for a sentence without a number); "start" / "end"
// default to the whole clip [0, frames); "easing" defaults to "linear". Units are camera_presets.h's. Relative file names
// ("poses", "drags") are relative to the intentions file's directory, so a
// folder of intentions and their data can be moved as one.
//
// Pose files hold one pose per frame and are anchored at their first pose. In
// convention "pac" a "pac" pose file may hold fewer (at least 2): they are
// resampled to the clip with PAC's interpolate_slerp (PacInterpolateSlerp)
// before anchoring, as PAC's cam_adaptation does; more than the clip is
// refused (PAC's cam_adaptation fails on them).
//
// A document that is a JSON list is a Perception-as-Control track file given
// as it is: 16 frames (PAC's clip length), 8 fps, a still camera and one
// object without a mask whose drags are the file's tracks.
//
// Every error is an InvalidInputError whose message starts with the file that
// is wrong and the line in it: the intentions file, the line of the value at
// fault and its JSON path ("intent.json:4: camera[1].preset: ..."), or the
// drag or pose file, its line and the entry in it.
#ifndef DOLLY_LIBS_MOTION_INTENTIONS_INTENTIONS_H_
#define DOLLY_LIBS_MOTION_INTENTIONS_INTENTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "libs/motion/camera/camera_presets.h"
#include "libs/motion/objects/drag_formats.h"
#include "libs/motion/objects/drag_lifting.h"
#include "libs/motion/objects/region_motion.h"

namespace dolly::motion {

// Where an object's drag points live (DragSpace, drag_lifting.h). Drags drawn
// on the reference image are "reference" (kReferenceImage); drags a user drew
// while watching the moving camera are "moving_camera" (kMovingCamera) and
// must be undone of the camera motion before lifting.
std::string DragSpaceName(DragSpace space);  // "reference", "moving_camera"

struct ObjectIntention {
  // Instance id in the label image; unused when region_from_drags.
  int mask_id = 0;
  // No "mask_id": each drag moves a region dolly segments around its start
  // (DragRegion, libs/motion/objects/drag_region.h), single-point drags pin
  // their point, and every drag is drawn in the object map as the track it is
  // (libs/motion/build/track_objects.h).
  bool region_from_drags = false;
  // Validated against the image size and the clip length, in file order.
  std::vector<Drag> drags;
  DragSpace drag_space = DragSpace::kReferenceImage;
  bool yaw_follows_path = false;
  std::optional<ExplicitRotation> rotation;  // axis normalised
};

struct Intentions {
  int frames = 0;
  double fps = 8.0;
  // Empty for a still camera and for explicit poses.
  std::vector<CameraSegment> camera_segments;
  // Explicit poses, one per frame, [0] the identity (the reference camera).
  std::optional<std::vector<Eigen::Isometry3d>> reference_from_camera;
  // Focal length scale reached at the last frame, interpolated like the kZoom
  // preset; 1 = no zoom. Kept apart from camera_segments so it also applies
  // to explicit poses.
  double zoom = 1.0;
  std::vector<ObjectIntention> objects;
};

inline constexpr int kPacClipFrames = 16;  // PAC's sample_n_frames

// `source_name` names the document in messages; relative file names resolve
// against `base_dir` ("" = the working directory). Drags are checked against
// the image_width x image_height reference image. `convention` ("dolly" or
// "pac", BuildOptions::convention) decides missing magnitudes and short pose
// files (above).
Intentions ParseIntentions(const std::string& text, const std::string& source_name,
                           const std::string& base_dir, int image_width, int image_height,
                           const std::string& convention = "dolly");

// Reads `path` (IoError when unreadable) and parses it with `path` as source
// and its directory as base.
Intentions ReadIntentions(const std::string& path, int image_width, int image_height,
                           const std::string& convention = "dolly");

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_INTENTIONS_INTENTIONS_H_
