// Plain-English camera directions ("arc left 30 degrees then dolly in 0.5",
// "slowly pan right while tilting up", "zoom in 1.5x") parsed into a camera
// plan of CameraSegments (camera_presets.h).
//
// Grammar, word by word (case-insensitive; punctuation separates words):
//   move       a verb, then in any order an optional direction, an optional
//              number with unit, optional easing words
//   verbs      orbit/arc, dolly, push (in), pull (out), move, truck/track,
//              pedestal/crane/boom, pan, tilt, roll, shake, zoom, still/static
//              (and their -s / -ing forms)
//   directions left, right, up, down, in, out; forward = in, back = out;
//              roll takes clockwise (default) / counterclockwise, or right /
//              left; move takes in/out (dolly), left/right (truck), up/down
//              (pedestal)
//   numbers    (non-negative) "30", "30 degrees", "30 deg", "30°", "0.5", "0.5 m",
//              "2 metres", "0.5 units", "1.5x", "1.5 times"; a bare number is
//              degrees for rotations, scene units for translations, a factor
//              for zoom; "m"/"metres" sets CameraSegment::in_metres
//   defaults   orbit 30 degrees, pan / tilt / roll 15 degrees, shake 2
//              degrees, dolly / truck / pedestal 0.5 scene units, zoom 1.5x
//              (zoom out f gives factor 1/f)
//   easing     slowly, smoothly, gently, gradually -> ease_in_out;
//              quickly, fast, steadily, linearly -> linear; "ease in",
//              "ease out", "ease in and out"; default linear. An easing word
//              applies to the open move, or else to the next one.
//   "then", "next", "afterwards"    start the next step of the sequence
//   "while", "as", "meanwhile", "simultaneously", "at the same time"
//              join the next move to the current step; two verbs with only
//              fillers ("and") between them also run together
//   fillers    the, a, an, camera, and, bit, little, slightly, ...
// Sequential steps share the clip equally: with T frames and n steps, step i
// spans frames b_i .. b_{i+1} with b_i = round(i (T - 1) / n), so consecutive
// steps meet at a frame and the last step ends on frame T - 1. Moves in one
// step share that span. Segments come out in text order.
#ifndef DOLLY_LIBS_MOTION_CAMERA_CAMERA_LANGUAGE_H_
#define DOLLY_LIBS_MOTION_CAMERA_CAMERA_LANGUAGE_H_

#include <string>
#include <vector>

#include "libs/motion/camera/camera_presets.h"

namespace dolly::motion {

// Throws InvalidInputError for an unknown word (naming it, its 1-based word
// position, and listing the accepted words), a direction or unit that does
// not fit its verb, text with no move, or more steps than num_frames - 1.
std::vector<CameraSegment> ParseCameraLanguage(const std::string& text, int num_frames);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_CAMERA_CAMERA_LANGUAGE_H_
