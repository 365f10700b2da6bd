#include "libs/synth/tracks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "libs/render/triangle_plane.h"
#include "libs/synth/rng.h"

namespace dolly::synth {

namespace {

// Redraws before giving up on a pixel-based sample for one track.
constexpr int kMaxAttempts = 64;

render::TrianglePlane PlaneInCamera(const Scene& scene, int32_t triangle, const ViewFrame& view) {
  const Eigen::Vector3i& t = scene.triangles[triangle];
  auto camera_point = [&](int k) {
    return view.camera_from_world * view.state->vertices[t[k]].cast<double>();
  };
  return render::TrianglePlane(camera_point(0), camera_point(1), camera_point(2), view.camera);
}

bool InsideWithMargin(const Eigen::Vector3d& b) {
  return b.minCoeff() >= kBarycentricMargin && std::isfinite(b.sum());
}

// Covered pixels of a render: all of them, and those of recipe objects.
struct PixelLists {
  std::vector<int32_t> all;
  std::vector<int32_t> objects;
};

PixelLists CoveredPixels(const Scene& scene, const render::RenderOutput& render) {
  PixelLists lists;
  const int width = render.triangle_id.cols;
  for (int y = 0; y < render.triangle_id.rows; ++y) {
    for (int x = 0; x < width; ++x) {
      const int32_t id = render.triangle_id.at<int32_t>(y, x);
      if (id < 0) continue;
      lists.all.push_back(y * width + x);
      if (scene.objects[scene.triangle_object[id]].spec_index >= 0) {
        lists.objects.push_back(y * width + x);
      }
    }
  }
  return lists;
}

// A point uniformly on the merged mesh (area-weighted), away from edges.
TrackAnchor SampleOnSurface(const Scene& scene, const FrameState& state, Rng* rng) {
  std::vector<double> cumulative;
  double total = 0.0;
  for (const Eigen::Vector3i& t : scene.triangles) {
    const Eigen::Vector3d a = state.vertices[t[0]].cast<double>();
    const Eigen::Vector3d b = state.vertices[t[1]].cast<double>();
    const Eigen::Vector3d c = state.vertices[t[2]].cast<double>();
    total += 0.5 * (b - a).cross(c - a).norm();
    cumulative.push_back(total);
  }
  TrackAnchor anchor;
  const double pick = rng->Uniform() * total;
  anchor.triangle = static_cast<int32_t>(
      std::upper_bound(cumulative.begin(), cumulative.end(), pick) - cumulative.begin());
  if (anchor.triangle >= static_cast<int32_t>(cumulative.size())) {
    anchor.triangle = static_cast<int32_t>(cumulative.size()) - 1;
  }
  // Uniform on the triangle shrunk by the margin (square-root warp).
  const double r1 = std::sqrt(rng->Uniform()), r2 = rng->Uniform();
  const Eigen::Vector3d b(1.0 - r1, r1 * (1.0 - r2), r1 * r2);
  anchor.barycentric = Eigen::Vector3d::Constant(kBarycentricMargin) +
                       (1.0 - 3.0 * kBarycentricMargin) * b;
  anchor.object = scene.triangle_object[anchor.triangle];
  return anchor;
}

}  // namespace

std::vector<TrackAnchor> SampleTracks(const Scene& scene, int count,
                                      const std::vector<int>& sample_frames, int views,
                                      const std::function<ViewFrame(int, int)>& render_view,
                                      uint64_t seed) {
  std::vector<TrackAnchor> anchors;
  if (count <= 0 || scene.triangles.empty()) return anchors;
  Rng rng(seed, "tracks");
  const int slots = static_cast<int>(sample_frames.size());
  // Render each (view, frame) once; tracks are grouped by it.
  std::map<std::pair<int, int>, std::vector<int>> groups;
  for (int i = 0; i < count; ++i) {
    groups[{(i / slots) % views, sample_frames[i % slots]}].push_back(i);
  }
  anchors.resize(count);
  for (const auto& [key, members] : groups) {
    const ViewFrame view = render_view(key.first, key.second);
    const PixelLists pixels = CoveredPixels(scene, *view.render);
    const int width = view.camera.width;
    for (int i : members) {
      TrackAnchor& anchor = anchors[i];
      anchor.sample_view = key.first;
      anchor.sample_frame = key.second;
      bool found = false;
      for (int attempt = 0; attempt < kMaxAttempts && !found && !pixels.all.empty(); ++attempt) {
        const bool on_object =
            !pixels.objects.empty() && rng.Uniform() < scene.recipe.object_track_fraction;
        const std::vector<int32_t>& list = on_object ? pixels.objects : pixels.all;
        const int32_t pixel = list[rng.Below(list.size())];
        const double u = pixel % width + rng.Uniform(-0.5, 0.5);
        const double v = pixel / width + rng.Uniform(-0.5, 0.5);
        const int32_t triangle = view.render->triangle_id.at<int32_t>(pixel / width, pixel % width);
        const render::TrianglePlane plane = PlaneInCamera(scene, triangle, view);
        if (!plane.valid() || !(plane.InverseDepthAt(u, v) > 0.0)) continue;
        const Eigen::Vector3d b = plane.BarycentricAt(u, v);
        if (!InsideWithMargin(b)) continue;
        anchor.triangle = triangle;
        anchor.barycentric = b;
        anchor.object = scene.triangle_object[triangle];
        found = true;
      }
      if (!found) {
        const TrackAnchor fallback = SampleOnSurface(scene, *view.state, &rng);
        anchor.triangle = fallback.triangle;
        anchor.barycentric = fallback.barycentric;
        anchor.object = fallback.object;
      }
    }
  }
  return anchors;
}

Eigen::Vector3d TrackPoint(const Scene& scene, const TrackAnchor& anchor, const FrameState& state) {
  const Eigen::Vector3i& t = scene.triangles[anchor.triangle];
  return anchor.barycentric[0] * state.vertices[t[0]].cast<double>() +
         anchor.barycentric[1] * state.vertices[t[1]].cast<double>() +
         anchor.barycentric[2] * state.vertices[t[2]].cast<double>();
}

TrackObservation ObserveTrack(const Scene& scene, const TrackAnchor& anchor, const ViewFrame& view) {
  TrackObservation obs;
  obs.point_world = TrackPoint(scene, anchor, *view.state);
  obs.point_camera = view.camera_from_world * obs.point_world;
  if (!(obs.point_camera.z() > 0.0)) {
    obs.pixel.setConstant(std::numeric_limits<double>::quiet_NaN());
    return obs;
  }
  obs.pixel = view.camera.Project(obs.point_camera);
  obs.in_image = view.camera.InImage(obs.pixel);
  if (!obs.in_image) return obs;
  // Nearest pixel centre; floor(x + 0.5) maps the footprint [-0.5, W - 0.5)
  // onto 0 .. W - 1.
  const int x = static_cast<int>(std::floor(obs.pixel.x() + 0.5));
  const int y = static_cast<int>(std::floor(obs.pixel.y() + 0.5));
  const render::TrianglePlane plane = PlaneInCamera(scene, anchor.triangle, view);
  if (!plane.valid()) return obs;
  const double inverse_depth = plane.InverseDepthAt(x, y);
  if (!(inverse_depth > 0.0)) return obs;
  const double own_depth = 1.0 / inverse_depth;
  if (own_depth < view.near) return obs;
  const double zbuffer = view.render->depth.at<float>(y, x);
  obs.visible = zbuffer == 0.0 || zbuffer >= own_depth * (1.0 - kVisibilityEpsilon);
  return obs;
}

}  // namespace dolly::synth
