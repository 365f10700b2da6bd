// Ground-truth point tracks. A track is a point fixed on the surface: a
// triangle of the merged mesh plus barycentric coordinates, so it follows
// rigid motion and the non-rigid bend exactly, frame by frame.
#ifndef DOLLY_LIBS_SYNTH_TRACKS_H_
#define DOLLY_LIBS_SYNTH_TRACKS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include <Eigen/Geometry>

#include "libs/geometry/pinhole_camera.h"
#include "libs/render/render_types.h"
#include "libs/synth/scene.h"

namespace dolly::synth {

// Relative depth slack of the visibility rule (see ObserveTrack): far above
// float depth rounding (6e-8) and far below any real occlusion.
inline constexpr double kVisibilityEpsilon = 1e-4;

// Sampled barycentrics stay this far from the triangle's edges, so that every
// track lies strictly inside exactly one triangle (tests rely on it to recover
// the triangle from the 3D point).
inline constexpr double kBarycentricMargin = 1e-3;

struct TrackAnchor {
  int32_t triangle = 0;     // merged triangle id
  Eigen::Vector3d barycentric{1.0 / 3, 1.0 / 3, 1.0 / 3};
  int object = 0;           // index into Scene::objects
  int sample_view = 0;      // the view and frame the track was sampled in
  int sample_frame = 0;
};

// One camera in one frame, as rendered.
struct ViewFrame {
  const FrameState* state = nullptr;
  geometry::PinholeCamera camera;
  Eigen::Isometry3d camera_from_world = Eigen::Isometry3d::Identity();
  double near = 0.0;  // the renderer's near plane
  const render::RenderOutput* render = nullptr;
};

// Chooses `count` tracks. Track i is sampled in frame sample_frames[i % F]
// of view (i / F) % views: a pixel is drawn uniformly among those an object
// covers (with probability object_track_fraction, when any does) or among all
// covered pixels, then a point uniformly within that pixel; the track is the
// point of the pixel's visible triangle seen there, so it is visible in its
// sample frame. Points within kBarycentricMargin of an edge are redrawn.
// When nothing is rendered, tracks fall back to area-weighted points on the
// merged mesh. `render_view(view, frame)` renders a view on demand.
std::vector<TrackAnchor> SampleTracks(const Scene& scene, int count,
                                      const std::vector<int>& sample_frames, int views,
                                      const std::function<ViewFrame(int view, int frame)>& render_view,
                                      uint64_t seed);

// The track's point in the world frame: the barycentric combination of its
// triangle's (float) vertices, evaluated in double.
Eigen::Vector3d TrackPoint(const Scene& scene, const TrackAnchor& anchor, const FrameState& state);

struct TrackObservation {
  Eigen::Vector3d point_world = Eigen::Vector3d::Zero();
  Eigen::Vector3d point_camera = Eigen::Vector3d::Zero();
  // Projection; NaN when the point is not in front of the camera.
  Eigen::Vector2d pixel{0.0, 0.0};
  bool in_image = false;
  bool visible = false;
};

// Visibility rule: a track is visible iff it is in front of the camera, its
// projection lies inside the image (the pixels' footprint), and at the pixel
// nearest to the projection the z-buffer depth is not smaller than the depth
// of the track's own triangle plane at that same pixel centre by more than
// kVisibilityEpsilon relative, i.e. nothing else is in front there. Comparing
// plane depths at the same pixel centre (not the track's own depth, which is
// at a sub-pixel position) makes the rule exact for the track's own triangle:
// where that triangle wins the z-buffer, the depths agree to float rounding.
// A pixel nothing covers (depth 0) hides nothing; a track whose own plane is
// nearer than the near plane at that pixel is not drawn, so it is invisible.
TrackObservation ObserveTrack(const Scene& scene, const TrackAnchor& anchor, const ViewFrame& view);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_TRACKS_H_
