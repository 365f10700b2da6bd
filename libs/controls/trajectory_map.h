// Trajectory maps: red segments and green dots on black, in two styles.
// RenderTrajectoryMap ("dolly"): each track's path so far as a red polyline,
// with a green dot where the track is in the current frame, so a person sees
// both where points came from and where they are now.
// RenderPoseTrajMap ("posetraj"): exactly what PoseTraj's ControlNet was
// trained on and reads, one step of the path per map.
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

// Map `frame` of a clip of `frame_count` maps as PoseTraj's inference script
// draws its ControlNet input, CV_8UC3 RGB on black. For frame < frame_count - 1,
// track by track in order: the red (255,0,0) segment from the track's position
// in `frame` to its position in frame + 1 (thickness 3, LINE_8), then a filled
// green (0,255,0) dot of radius 3 at the frame + 1 position; a later track's
// segment may cover an earlier track's dot, as there. The last map
// (frame == frame_count - 1) is black. Coordinates are truncated toward zero
// (PoseTraj's int() of the scaled track). A segment needs both ends visible,
// a dot its own end (PoseTraj's tracks are always visible). Throws
// InvalidInputError on a non-positive size, frame outside [0, frame_count),
// a track with fewer than frame + 2 samples where a segment is drawn, or a
// visible sample used with a non-finite coordinate.
cv::Mat RenderPoseTrajMap(int width, int height, const std::vector<Track>& tracks, int frame,
                          int frame_count);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_TRAJECTORY_MAP_H_
