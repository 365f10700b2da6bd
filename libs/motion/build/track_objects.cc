#include "libs/motion/build/track_objects.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "libs/controls/object_map.h"
#include "libs/core/error.h"
#include "libs/motion/objects/drag_interpolation.h"
#include "libs/motion/objects/drag_lifting.h"
#include "libs/motion/objects/drag_region.h"

namespace dolly::motion {
namespace {

struct Track {
  const Drag* drag = nullptr;
  size_t object = 0;  // index in Intentions::objects
  size_t index = 0;   // index in the object's drags
  bool pinned = false;
  int label = 0;      // instance id of the region it moves; 0 for pins
};

// PAC holds a single-point track still; a track that never leaves its first
// point is the same request.
bool Pinned(const Drag& drag) {
  return std::all_of(drag.points.begin(), drag.points.end(),
                     [&](const Eigen::Vector2d& p) { return p == drag.points.front(); });
}

cv::Point Rounded(const Eigen::Vector2d& p, const cv::Size& size) {
  return {std::clamp(static_cast<int>(std::lround(p.x())), 0, size.width - 1),
          std::clamp(static_cast<int>(std::lround(p.y())), 0, size.height - 1)};
}

std::vector<Track> CollectTracks(const Intentions& intentions) {
  std::vector<Track> tracks;
  for (size_t i = 0; i < intentions.objects.size(); ++i) {
    const ObjectIntention& o = intentions.objects[i];
    if (!o.region_from_drags) continue;
    for (size_t j = 0; j < o.drags.size(); ++j) {
      tracks.push_back({&o.drags[j], i, j, Pinned(o.drags[j]), 0});
    }
  }
  return tracks;
}

// The intentions with every track object replaced by masked objects, one per
// region, and the label image holding those regions.
struct Resolved {
  Intentions intentions;
  cv::Mat labels;  // CV_32S, or empty when nothing is labelled
};

Resolved ResolveRegions(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                        const Intentions& intentions, std::vector<Track>* tracks) {
  Resolved out;
  out.intentions = intentions;
  out.intentions.objects.clear();
  cv::Mat labels32(rgb.size(), CV_32S, cv::Scalar(0));
  if (!labels.empty()) labels.convertTo(labels32, CV_32S);
  double max_label = 0.0;
  cv::minMaxLoc(labels32, nullptr, &max_label);
  int next_id = static_cast<int>(max_label) + 1;

  std::map<int, size_t> by_label;  // mask id -> index in out.intentions.objects
  for (const ObjectIntention& o : intentions.objects) {
    if (o.region_from_drags) continue;
    by_label[o.mask_id] = out.intentions.objects.size();
    out.intentions.objects.push_back(o);
  }
  std::vector<Eigen::Vector2d> pins;
  for (const Track& t : *tracks) {
    if (t.pinned) pins.push_back(t.drag->points.front());
  }
  for (Track& t : *tracks) {
    if (t.pinned) continue;
    const cv::Point seed = Rounded(t.drag->points.front(), rgb.size());
    t.label = labels32.at<int32_t>(seed);
    if (t.label == 0) {
      // Pixels of the given masks keep their objects.
      const cv::Mat region =
          DragRegion(rgb, depth, t.drag->points.front(), pins) & (labels32 == 0);
      t.label = next_id++;
      labels32.setTo(t.label, region);
      labels32.at<int32_t>(seed) = t.label;
    }
    auto it = by_label.find(t.label);
    if (it == by_label.end()) {
      const ObjectIntention& source = intentions.objects[t.object];
      ObjectIntention o;
      o.mask_id = t.label;
      o.drag_space = source.drag_space;
      o.yaw_follows_path = source.yaw_follows_path;
      o.rotation = source.rotation;
      it = by_label.emplace(t.label, out.intentions.objects.size()).first;
      out.intentions.objects.push_back(std::move(o));
    }
    out.intentions.objects[it->second].drags.push_back(*t.drag);
  }
  if (cv::countNonZero(labels32) > 0) out.labels = labels32;
  return out;
}

// Frame-by-frame reference-frame positions of one track (see the header).
std::vector<Eigen::Vector3d> TrackWorld(const Track& t, const ObjectIntention& object,
                                        const cv::Mat& depth, const MotionScene& scene,
                                        const CameraMotion& camera_motion, const std::string& what) {
  const int frames = scene.frame_count();
  InterpolatedDrag drag;
  try {
    drag = InterpolateDrag(*t.drag, frames);
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(what + ": " + e.what());
  }
  const geometry::PinholeCamera& camera = scene.reference_camera;
  if (object.drag_space == DragSpace::kMovingCamera) {
    // As BuildFromIntentions does: frame t's pixels are in its zoomed camera.
    for (int f = 0; f < frames; ++f) {
      const double s = camera_motion.focal_scale[f];
      Eigen::Vector2d& p = drag.points[f];
      p = Eigen::Vector2d(camera.cx + (p.x() - camera.cx) / s, camera.cy + (p.y() - camera.cy) / s);
    }
  }
  if (drag.depths.empty()) {
    // PAC lifts every frame's point at the metric depth of the pixel under
    // its first point, rounded as numpy rounds (half to even); where a dolly
    // depth map has a hole there, the 5 x 5 median stands in.
    const cv::Point at(
        std::clamp(static_cast<int>(std::nearbyint(drag.points[0].x())), 0, depth.cols - 1),
        std::clamp(static_cast<int>(std::nearbyint(drag.points[0].y())), 0, depth.rows - 1));
    const float z = depth.at<float>(at);
    const double z0 = std::isfinite(z) && z > 0.0f ? z : MedianDepth(depth, drag.points[0], 2, what);
    drag.depths.assign(frames, z0);
  }
  LiftOptions lift;
  lift.space = object.drag_space;
  return LiftDrag(drag, what, depth, camera, lift, camera_motion.reference_from_camera);
}

}  // namespace

bool HasTrackObjects(const Intentions& intentions) {
  return std::any_of(intentions.objects.begin(), intentions.objects.end(),
                     [](const ObjectIntention& o) { return o.region_from_drags; });
}

MotionScene BuildWithTrackObjects(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                                  const geometry::PinholeCamera& camera,
                                  const Intentions& intentions, const BuildOptions& options) {
  std::vector<Track> tracks = CollectTracks(intentions);
  const Resolved resolved = ResolveRegions(rgb, depth, labels, intentions, &tracks);
  MotionScene scene =
      BuildFromIntentions(rgb, depth, resolved.labels, camera, resolved.intentions, options);
  const CameraMotion camera_motion = IntentionsCameraMotion(
      intentions, MedianValidDepth(depth), options.intentions_name, options.convention);

  // ---- the tracks as object-map points
  std::vector<ScenePoint> points;
  std::vector<std::vector<Eigen::Vector3d>> worlds;
  std::vector<Eigen::Vector2d> starts;
  for (const Track& t : tracks) {
    const ObjectIntention& object = intentions.objects[t.object];
    const std::string what = options.intentions_name + ": objects[" + std::to_string(t.object) +
                             "].drags[" + std::to_string(t.index) + "] (track \"" +
                             t.drag->id + "\")";
    worlds.push_back(TrackWorld(t, object, depth, scene, camera_motion, what));
    const Eigen::Vector2d& start = t.drag->points.front();
    starts.push_back(start);
    const cv::Vec3b c = rgb.at<cv::Vec3b>(Rounded(start, rgb.size()));
    ScenePoint p;
    p.reference_pixel = start.cast<float>();
    p.rgb = {c[0], c[1], c[2]};
    p.object_id = t.pinned ? -1 : t.label;
    // An object lattice point's sphere: half the lattice spacing at its depth.
    p.radius = static_cast<float>(worlds.back()[0].z() * options.object_stride /
                                  (2.0 * scene.reference_camera.fx));
    points.push_back(p);
  }
  const std::vector<float> depth_codes = controls::PacObjectMapDepths(depth, starts);

  // PAC's object map holds only the user's tracks.
  const bool only_tracks = std::all_of(intentions.objects.begin(), intentions.objects.end(),
                                       [](const ObjectIntention& o) { return o.region_from_drags; });
  const bool depth_per_point = scene.object_map_depth.size() == scene.points.size();
  if (only_tracks) {
    scene.points.clear();
    scene.object_map_depth.clear();
    for (SceneFrame& f : scene.frames) {
      f.points_world.clear();
      f.visible.clear();
    }
  }
  scene.points.insert(scene.points.end(), points.begin(), points.end());
  if (only_tracks || depth_per_point) {
    scene.object_map_depth.insert(scene.object_map_depth.end(), depth_codes.begin(),
                                  depth_codes.end());
  } else {
    scene.object_map_depth.clear();  // dolly-render normalises frame-0 depths itself
  }
  for (int f = 0; f < scene.frame_count(); ++f) {
    SceneFrame& frame = scene.frames[f];
    for (const std::vector<Eigen::Vector3d>& world : worlds) {
      frame.points_world.push_back(world[f].cast<float>());
      frame.visible.push_back(1);
    }
  }
  return scene;
}

}  // namespace dolly::motion
