// Object drags (2D paths in an image) read from the trajectory files of
// Perception-as-Control, PoseTraj and dolly's own format. The format is
// detected from the JSON shape so users can hand over whichever file they have.
#ifndef DOLLY_LIBS_MOTION_OBJECTS_DRAG_FORMATS_H_
#define DOLLY_LIBS_MOTION_OBJECTS_DRAG_FORMATS_H_

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace dolly::motion {

enum class DragFormat {
  // [[[x, y(, d)], ...], ...]: a list of tracks; d is PAC's normalised depth
  // code, every point of the file has as many numbers as its first point.
  kPerceptionAsControl,
  kPoseTraj,             // {"id": [[x, y], ...], ...}
  kDolly,                // {"drags": [{"id", "points", "frames"?, "object"?}]}
};

struct Drag {
  // PAC: the track's index; PoseTraj: the key; dolly: the "id" field.
  std::string id;
  // Keypoints in pixels of the image the drag was drawn on (pixel (0,0) is the
  // centre of the top-left pixel, x right, y down).
  std::vector<Eigen::Vector2d> points;
  // One z-depth hint per point (dolly format's third coordinate), or empty.
  std::vector<double> depths;
  // PAC's third coordinate, one per point, or empty: a normalised depth in
  // [0, 1] that PAC's visualiser reads only when its inference runs without a
  // depth map (is_depth off); its released inference (configs/eval.yaml)
  // replaces it by the depth map's value, and so does dolly. It is never a
  // z-depth: PAC's examples write 0.5 for points metres away.
  std::vector<double> depth_codes;
  // Clip frame index of each keypoint, or empty (keypoints evenly spaced).
  std::vector<int> frames;
  // PAC samples its PCHIP curve at the clip's frames whatever the number of
  // keypoints, so a PAC track may hold more keypoints than the clip has
  // frames; the other formats give one keypoint per frame at most.
  bool may_subsample = false;
  // Instance id in the label image that this drag moves, when stated.
  std::optional<int> object;
  // Line of the drag's points in its file, for messages; 0 when unknown.
  int line = 0;
};

struct DragSet {
  DragFormat format = DragFormat::kDolly;
  std::vector<Drag> drags;  // in file order (PoseTraj: order of the keys)
};

std::string DragFormatName(DragFormat format);

// `source` names the input in error messages (usually the file name). Throws
// InvalidInputError "<source>:<line>: <entry> point <i>: <problem>" on
// malformed entries and on points outside the width x height image area
// ([-0.5, width - 0.5) x [-0.5, height - 0.5), the pixels' footprint); the
// line (of `json_text`) only with `report_lines`: JSON that is not a file of
// its own (e.g. inline in an intentions file) has no lines worth naming.
DragSet ParseDrags(const std::string& json_text, const std::string& source,
                   int width, int height, bool report_lines = false);

// Reads `path` (IoError when unreadable) and parses it with `path` as source
// and line numbers.
DragSet ReadDrags(const std::string& path, int width, int height);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_OBJECTS_DRAG_FORMATS_H_
