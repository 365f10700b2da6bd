// Trajectory maps in the style of PoseTraj: each track's path so far as a red
// polyline, with a green dot where the track is in the current frame, so a
// video model sees both where points came from and where they are now.
#ifndef DOLLY_LIBS_CONTROLS_TRAJECTORY_MAP_H_
#define DOLLY_LIBS_CONTROLS_TRAJECTORY_MAP_H_

#include <vector>

#include <opencv2/core.hpp>

namespace dolly::controls {

// A track's position in one frame; (0,0) is the centre of the top-left pixel.
struct TrackSample {
  float x = 0.0f;
  float y = 0.0f;
  bool visible = true;
};

// One track: its samples indexed by frame.
using Track = std::vector<TrackSample>;

struct TrajectoryStyle {
  int line_thickness = 3;
  int dot_radius = 3;
};

// Renders frame `frame`'s trajectory map as CV_8UC3 RGB on a black canvas:
// for each track, red (255,0,0) segments of `line_thickness` between
// consecutive frames 0..frame where both ends are visible (an invisible frame
// breaks the path; a lone visible sample draws no line), then, over all the
// lines, a filled green (0,255,0) dot of `dot_radius` at the track's position
// in `frame` when it is visible. Endpoints are rounded with cvRound; lines
// and dots use LINE_8 so the output is exact and reproducible. Throws
// InvalidInputError on a non-positive size or style, a negative `frame`, a
// track with fewer than frame + 1 samples, or a visible sample with a
// non-finite coordinate.
cv::Mat RenderTrajectoryMap(int width, int height, const std::vector<Track>& tracks, int frame,
                            const TrajectoryStyle& style = {});

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_TRAJECTORY_MAP_H_
