// `--range-from`: the plane-sweep depth range of each shot from sparse points
// (e.g. the triangulated map of monocular odometry), so that mvs works in
// whatever unit the poses have (the first baseline of a shot, say) without
// the user guessing metres.
#ifndef DOLLY_LIBS_DEPTH_DEPTH_RANGE_H_
#define DOLLY_LIBS_DEPTH_DEPTH_RANGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "schemas/camera_types.h"
#include "schemas/common_types.h"

namespace dolly::depth {

struct DepthRange {
  double min_depth = 0.0;
  double max_depth = 0.0;
  int64_t points = 0;  // sparse values it was taken from
  // Median of those values (0 without sparse points): the depth at which
  // the camera's parallax is judged (mvs_shots.h).
  double median_depth = 0.0;
};

struct RangeOptions {
  // Percentiles of the sparse depths that bound the scene; the tails are
  // left to outliers (mis-triangulated points).
  double low_percentile = 2.0;
  double high_percentile = 98.0;
  // The range is [low / margin, high * margin]: surfaces a little nearer or
  // farther than the sparse points still fall inside, away from the ends of
  // the sweep, whose winners mvs discards.
  double margin = 1.5;
  // Fewer sparse values than this in a shot give no range.
  int64_t min_points = 8;
};

// The range of a set of positive depths; nullopt below options.min_points.
std::optional<DepthRange> RobustDepthRange(std::vector<float> depths,
                                           const RangeOptions& options = {});

// Reads `sparse_path`, a METRIC DepthSequence (0 = no measurement) with one
// frame per trajectory frame at width x height, and returns the range of
// each segment's frames. InvalidInputError naming the file when it is not
// such a sequence, when its scale_kind differs from `scale_kind` (the
// trajectory's: its unit would not be the poses'), or when a segment has too
// few points.
std::vector<DepthRange> SegmentDepthRanges(const std::string& sparse_path,
                                           const std::vector<schema::CameraSegment>& segments,
                                           int width, int height,
                                           std::optional<schema::ScaleKind::type> scale_kind,
                                           const RangeOptions& options = {});

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_DEPTH_RANGE_H_
