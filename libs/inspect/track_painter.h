// Point tracks drawn over frames: one colour per track, a filled dot where
// the point is visible, a hollow circle where it is occluded, and a short
// tail of its recent positions so motion reads in a still image.
#ifndef DOLLY_LIBS_INSPECT_TRACK_PAINTER_H_
#define DOLLY_LIBS_INSPECT_TRACK_PAINTER_H_

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "schemas/tracks_types.h"

namespace dolly::inspect {

class TrackPainter {
 public:
  // Track pixel positions are multiplied by `scale` (background size over
  // the tracks' image size) before drawing; `radius` is the dot's.
  TrackPainter(int64_t track_count, cv::Point2d scale, int radius, int tail_length = 8);

  // Draws `frame` onto the RGB canvas and remembers its positions for the
  // tails of later frames. Call once per frame, in order.
  void Draw(const schema::TrackFrame& frame, cv::Mat* canvas);

 private:
  int64_t tracks_;
  cv::Point2d scale_;
  int radius_;
  int tail_length_;
  // Positions of the last tail_length_ frames, oldest first, per track;
  // NaN where the track had no finite position.
  std::vector<std::vector<cv::Point2f>> history_;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_TRACK_PAINTER_H_
