// Object maps in the format of Perception-as-Control (PAC): each tracked point
// is a disc whose colour encodes where the point was in frame 0 and whose size
// encodes its depth, so a video model can tell points apart and order them.
#ifndef DOLLY_LIBS_CONTROLS_OBJECT_MAP_H_
#define DOLLY_LIBS_CONTROLS_OBJECT_MAP_H_

#include <vector>

#include <Eigen/Core>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::controls {

// One point of one frame. Positions are pixels with (0,0) the centre of the
// top-left pixel.
struct ControlPoint {
  float x = 0.0f;   // Position in the frame being rendered.
  float y = 0.0f;
  float x0 = 0.0f;  // Position in frame 0; fixes the point's colour for the whole clip.
  float y0 = 0.0f;
  // Normalised depth in [0, 1] (0 = nearest); see NormaliseDepths. Double,
  // because PAC computes the radius in Python floats and a float 0.1 would
  // round to a different radius.
  double depth = 0.5;
  bool visible = true;
};

// Min-max normalises the reference frame's depths over the points, as PAC
// does before rendering. Returns 0.5 for each of `num_points` points when
// `depths` is empty or all its values are equal (no depth cue). Throws
// InvalidInputError when `depths` is non-empty and its size differs from
// `num_points`, or when a depth is not finite.
std::vector<double> NormaliseDepths(const std::vector<double>& depths, int num_points);

// Perception-as-Control's object-map depth of each query pixel: the depth
// map (z-depth; PAC's "relative depth" is its metric depth normalised so)
// min-max normalised over ALL its valid pixels (finite, > 0), computed in
// float32 as PAC's numpy does, sampled at the query pixel rounded half to
// even (numpy.round) and truncated (int()). 0.5 where the rounded pixel is
// off the image or has no valid depth, and everywhere when the map has no
// valid range. Throws InvalidInputError unless `depth` is CV_32FC1.
std::vector<float> PacObjectMapDepths(const cv::Mat& depth,
                                      const std::vector<Eigen::Vector2d>& query_pixels);

// Disc radius in pixels: int(10 * (1.1 - depth)), truncated as Python's int()
// does, so 11 px at depth 0 and 1 px at depth 1.
int PacRadius(double depth);

// RGB colour of a point that started at (x0, y0) in a width x height image:
// OpenCV 8-bit HSV (x0 / W * 180, 250, y0 / H * 180 + 50), each channel
// floored and clamped to 0..255 as numpy's astype(np.uint8) does for the
// in-range values PAC produces, then converted with COLOR_HSV2RGB.
cv::Vec3b PacColour(float x0, float y0, int width, int height);

// Where this departs from PAC's published renderer (src/utils/visualizer.py,
// mode 'rainbow_all', called from inference.py with linewidth 1 and
// circle_scale 10), on purpose, so that maps are exact and need no Python:
//  - PAC truncates positions to integers (tensor.long()) and clips them to the
//    image; here centres are cvRound-ed and off-image discs are clipped away.
//  - PAC draws discs with PIL ImageDraw.ellipse; here cv::circle, whose
//    boundary pixels can differ.
//  - PAC looks the colour up at the truncated frame-0 pixel; here the float
//    frame-0 position goes into the formula (at most one step of H and V
//    apart at 768 x 512).
//  - PAC skips any point with x == 0 or y == 0 (its "no track" sentinel);
//    here visibility alone decides.
//  - PAC's np.argsort is not stable; ties here are painted in index order.
//
// Renders one frame's PAC object map as CV_8UC3 RGB on a black canvas.
// Visible points are filled discs (cv::circle, LINE_8) centred at
// (cvRound(x), cvRound(y)): PAC hands cv2.circle integer pixels, and
// rounding keeps the disc centred on the sub-pixel position. Points are
// painted far to near so nearer discs end on top; equal depths are painted
// in index order (a stable sort), so the later point ends on top. Discs
// wholly outside the image draw nothing. Throws InvalidInputError on a
// non-positive size, or on a visible point with a non-finite coordinate or a
// depth outside [0, 1].
cv::Mat RenderObjectMap(int width, int height, const std::vector<ControlPoint>& points);

// ---- 3D mode: true spheres instead of PAC's depth-sized discs. ----

struct SpherePoint {
  Eigen::Vector3d camera_position = Eigen::Vector3d::Zero();  // Camera frame, +z forward.
  float x0 = 0.0f;  // Frame-0 pixel position; same colour code as PAC.
  float y0 = 0.0f;
  bool visible = true;
  double radius = 0.0;  // world units; <= 0 takes RenderSphereMap's world_radius
};

// Renders each point as a sphere of its radius (or `world_radius`) around its
// camera-frame position: a disc of fx * world_radius / z pixels around its projection,
// z-buffered per pixel against the sphere's front surface so the nearer
// sphere wins where two overlap (on an exact tie the earlier point stays).
// Points with z <= 0 are behind the camera and skipped. Throws
// InvalidInputError on a non-positive size or radius, a non-positive fx/fy,
// or a visible point with a non-finite coordinate.
cv::Mat RenderSphereMap(int width, int height, const std::vector<SpherePoint>& points,
                        double world_radius, const geometry::PinholeCamera& intrinsics);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_OBJECT_MAP_H_
