#include "libs/motion/build/from_intentions.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "libs/core/error.h"
#include "libs/controls/object_map.h"
#include "libs/geometry/depth_sample.h"
#include "libs/motion/build/pac_geometry.h"
#include "libs/motion/build/track_objects.h"
#include "libs/motion/camera/pac_presets.h"
#include "libs/motion/objects/drag_interpolation.h"
#include "libs/motion/objects/drag_lifting.h"
#include "libs/motion/objects/region_motion.h"

namespace dolly::motion {
namespace {

std::string SizeText(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

bool ValidDepth(float z) { return std::isfinite(z) && z > 0.0f; }

// Linear interpolation between order statistics (numpy's default), p in [0, 100].
double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double pos = std::clamp(p, 0.0, 100.0) / 100.0 * (values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (pos - lo) * (values[hi] - values[lo]);
}

// Labels as CV_32S (a copy), or empty.
cv::Mat Labels32(const cv::Mat& labels) {
  if (labels.empty()) return cv::Mat();
  cv::Mat out;
  labels.convertTo(out, CV_32S);
  return out;
}

void CheckInputs(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                 const geometry::PinholeCamera& camera, const BuildOptions& options) {
  if (options.grid < 1) throw UsageError("grid must be >= 1, got " + std::to_string(options.grid));
  if (options.object_stride < 1) {
    throw UsageError("object stride must be >= 1, got " + std::to_string(options.object_stride));
  }
  if (camera.width <= 0 || camera.height <= 0 || !(camera.fx > 0.0) || !(camera.fy > 0.0)) {
    throw InvalidInputError("reference camera: needs a positive size and focal length");
  }
  const cv::Size size(camera.width, camera.height);
  if (rgb.type() != CV_8UC3) throw InvalidInputError("reference image: expected 8-bit RGB");
  if (rgb.size() != size) {
    throw InvalidInputError("reference image: is " + SizeText(rgb.cols, rgb.rows) +
                            " but the camera is " + SizeText(size.width, size.height));
  }
  if (depth.type() != CV_32FC1) throw InvalidInputError("reference depth: expected CV_32FC1");
  if (depth.size() != size) {
    throw InvalidInputError("reference depth: is " + SizeText(depth.cols, depth.rows) +
                            " but the image is " + SizeText(size.width, size.height));
  }
  if (!labels.empty()) {
    if (labels.channels() != 1 ||
        (labels.depth() != CV_8U && labels.depth() != CV_16U && labels.depth() != CV_32S)) {
      throw InvalidInputError(options.labels_name +
                              ": expected a single-channel 8-bit, 16-bit or 32-bit label image");
    }
    if (labels.size() != size) {
      throw InvalidInputError(options.labels_name + ": is " + SizeText(labels.cols, labels.rows) +
                              " but the image is " + SizeText(size.width, size.height));
    }
  }
}

struct PointSeed {
  int x = 0;
  int y = 0;
  double spacing_px = 1.0;
};

// Builds the scene grid and the objects' lattices, skipping pixels without
// depth and pixels already taken.
std::vector<PointSeed> SeedPixels(const cv::Mat& depth, const cv::Mat& labels32,
                                  const std::vector<int>& object_ids,
                                  const BuildOptions& options) {
  const int w = depth.cols, h = depth.rows;
  cv::Mat taken(h, w, CV_8U, cv::Scalar(0));
  std::vector<PointSeed> seeds;
  auto add = [&](int x, int y, double spacing) {
    if (taken.at<uint8_t>(y, x) || !ValidDepth(depth.at<float>(y, x))) return;
    taken.at<uint8_t>(y, x) = 1;
    seeds.push_back({x, y, spacing});
  };
  const int n = options.grid;
  // Cell centres of an n x n partition of the image area [-0.5, w - 0.5).
  const double cell_x = static_cast<double>(w) / n, cell_y = static_cast<double>(h) / n;
  const double scene_spacing = std::max(cell_x, cell_y);
  if (options.convention == "pac") {
    for (const Eigen::Vector2i& p : PacQueryGrid(w, h)) add(p.x(), p.y(), std::max(w, h) / 30);
  }
  for (int gy = 0; gy < n && options.convention != "pac"; ++gy) {
    const int y = std::clamp(static_cast<int>(std::lround((gy + 0.5) * cell_y - 0.5)), 0, h - 1);
    for (int gx = 0; gx < n; ++gx) {
      const int x =
          std::clamp(static_cast<int>(std::lround((gx + 0.5) * cell_x - 0.5)), 0, w - 1);
      add(x, y, scene_spacing);
    }
  }
  const int s = options.object_stride;
  for (int id : object_ids) {
    // Mean pixel of the object's pixels with depth; the labelled pixel
    // nearest it is always a point, so even a sliver of an object moves.
    double sx = 0, sy = 0;
    long count = 0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        if (labels32.at<int32_t>(y, x) != id || !ValidDepth(depth.at<float>(y, x))) continue;
        sx += x;
        sy += y;
        ++count;
      }
    }
    if (count == 0) continue;  // reported by the caller
    const double mx = sx / count, my = sy / count;
    int best_x = -1, best_y = -1;
    double best = 0.0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        if (labels32.at<int32_t>(y, x) != id || !ValidDepth(depth.at<float>(y, x))) continue;
        const double d = (x - mx) * (x - mx) + (y - my) * (y - my);
        if (best_x < 0 || d < best) {
          best = d;
          best_x = x;
          best_y = y;
        }
      }
    }
    // The centroid pixel first: it may already be a scene grid point, which
    // carries the object's id anyway.
    add(best_x, best_y, s);
    for (int y = s / 2; y < h; y += s) {
      for (int x = s / 2; x < w; x += s) {
        if (labels32.at<int32_t>(y, x) == id) add(x, y, s);
      }
    }
  }
  return seeds;
}

}  // namespace

double MedianValidDepth(const cv::Mat& depth) {
  return geometry::MedianValidDepth(depth).value_or(0.0);
}

CameraMotion IntentionsCameraMotion(const Intentions& intentions, double median_depth,
                                    const std::string& intentions_name,
                                    const std::string& convention) {
  const int frames = intentions.frames;
  if (frames < 1) throw InvalidInputError(intentions_name + ": frames must be at least 1");
  CameraMotion motion;
  try {
    if (intentions.reference_from_camera) {
      if (static_cast<int>(intentions.reference_from_camera->size()) != frames) {
        throw InvalidInputError("camera: " +
                                std::to_string(intentions.reference_from_camera->size()) +
                                " poses for " + std::to_string(frames) + " frames");
      }
      motion.reference_from_camera = *intentions.reference_from_camera;
      motion.focal_scale.assign(frames, 1.0);
    } else if (convention == "pac") {
      motion = PacCameraMotion(intentions.camera_segments, frames);
    } else {
      motion = ComputeCameraMotion(intentions.camera_segments, frames,
                                   CameraRig{median_depth, median_depth});
    }
    if (intentions.zoom != 1.0 && convention == "pac") {
      throw InvalidInputError("zoom: has no Perception-as-Control form (convention pac)");
    }
    if (intentions.zoom != 1.0) {
      // The kZoom preset over the whole clip: geometric, 1 at frame 0 and
      // `zoom` at the last frame.
      CameraSegment zoom;
      zoom.preset = CameraPreset::kZoom;
      zoom.magnitude = intentions.zoom;
      zoom.start_frame = 0;
      zoom.end_frame = frames;
      if (!(zoom.magnitude > 0.0) || !std::isfinite(zoom.magnitude)) {
        throw InvalidInputError("zoom: must be a positive number");
      }
      for (int t = 0; t < frames; ++t) {
        motion.focal_scale[t] *= SegmentFocalScale(zoom, SegmentProgress(zoom, t));
      }
    }
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(intentions_name + ": " + e.what());
  }
  return motion;
}

MotionScene BuildFromIntentions(const cv::Mat& rgb, const cv::Mat& depth, const cv::Mat& labels,
                                const geometry::PinholeCamera& given_camera,
                                const Intentions& intentions, const BuildOptions& options) {
  CheckInputs(rgb, depth, labels, given_camera, options);
  if (options.convention != "dolly" && options.convention != "pac") {
    throw UsageError("convention '" + options.convention + "' is not one of: dolly, pac");
  }
  // Drags without a mask (PAC's track files): dolly segments their regions
  // and draws the tracks themselves (track_objects.h).
  if (HasTrackObjects(intentions)) {
    return BuildWithTrackObjects(rgb, depth, labels, given_camera, intentions, options);
  }
  const bool pac = options.convention == "pac";
  // PAC lifts through its fixed pinhole whatever the depth's intrinsics say.
  const geometry::PinholeCamera camera =
      pac ? PacLiftCamera(given_camera.width, given_camera.height) : given_camera;
  const int frames = intentions.frames;
  const std::string& iname = options.intentions_name;
  const double median_depth = MedianValidDepth(depth);
  if (!(median_depth > 0.0)) {
    throw InvalidInputError("reference depth: has no valid (finite, positive) values");
  }
  const CameraMotion camera_motion =
      IntentionsCameraMotion(intentions, median_depth, iname, options.convention);

  // ---- objects: which labels move, and where their pixels are
  const cv::Mat labels32 = Labels32(labels);
  if (!intentions.objects.empty() && labels32.empty()) {
    throw InvalidInputError(iname + ": objects[0] (mask id " +
                            std::to_string(intentions.objects[0].mask_id) +
                            ") needs a label image (masks), none was given");
  }
  std::vector<int> object_ids;
  std::map<int, int> object_index;  // mask id -> index in scene.objects
  std::vector<std::vector<Eigen::Vector3d>> regions;
  for (size_t i = 0; i < intentions.objects.size(); ++i) {
    const int id = intentions.objects[i].mask_id;
    const std::string who = "mask id " + std::to_string(id) + " (objects[" + std::to_string(i) +
                            "] of " + iname + ")";
    if (cv::countNonZero(labels32 == id) == 0) {
      throw InvalidInputError(options.labels_name + ": " + who +
                              " does not appear in the label image");
    }
    std::vector<Eigen::Vector3d> region = LiftRegion(labels32, id, depth, camera);
    if (region.empty()) {
      throw InvalidInputError(options.labels_name + ": " + who +
                              " has no pixel with valid depth");
    }
    object_index[id] = static_cast<int>(object_ids.size());
    object_ids.push_back(id);
    regions.push_back(std::move(region));
  }

  MotionScene scene;
  scene.source = "intentions";
  scene.convention = options.convention;
  scene.fps = intentions.fps;
  scene.reference_camera = camera;
  scene.reference_rgb = rgb.clone();
  scene.reference_depth = depth.clone();
  if (!labels32.empty()) scene.reference_labels = labels32;

  // ---- points at frame 0 (world = reference camera)
  const std::vector<PointSeed> seeds = SeedPixels(depth, labels32, object_ids, options);
  std::vector<Eigen::Vector3d> points0;
  std::vector<int> point_object;  // index into scene.objects, -1 static
  points0.reserve(seeds.size());
  scene.points.reserve(seeds.size());
  for (const PointSeed& s : seeds) {
    const double z = depth.at<float>(s.y, s.x);
    ScenePoint p;
    p.radius = static_cast<float>(z * s.spacing_px / (2.0 * camera.fx));
    p.reference_pixel = Eigen::Vector2f(static_cast<float>(s.x), static_cast<float>(s.y));
    const cv::Vec3b c = rgb.at<cv::Vec3b>(s.y, s.x);
    p.rgb = {c[0], c[1], c[2]};
    int index = -1;
    if (!labels32.empty()) {
      const auto it = object_index.find(labels32.at<int32_t>(s.y, s.x));
      if (it != object_index.end()) {
        p.object_id = it->first;
        index = it->second;
      }
    }
    scene.points.push_back(p);
    point_object.push_back(index);
    points0.push_back(camera.Unproject(Eigen::Vector2d(s.x, s.y), z));
  }

  // ---- object motion
  std::vector<std::vector<Eigen::Isometry3d>> motions;
  for (size_t i = 0; i < intentions.objects.size(); ++i) {
    const ObjectIntention& o = intentions.objects[i];
    const std::vector<Eigen::Vector3d>& region = regions[i];
    const Eigen::Vector3d centroid = Centroid(region);
    std::vector<std::vector<Eigen::Vector3d>> drags3d;
    for (size_t j = 0; j < o.drags.size(); ++j) {
      const std::string what = iname + ": objects[" + std::to_string(i) + "].drags[" +
                               std::to_string(j) + "] (drag \"" + o.drags[j].id + "\")";
      InterpolatedDrag drag;
      try {
        drag = InterpolateDrag(o.drags[j], frames);
      } catch (const InvalidInputError& e) {
        throw InvalidInputError(what + ": " + e.what());
      }
      if (o.drag_space == DragSpace::kMovingCamera) {
        // Frame t's pixels are in frame t's zoomed camera; LiftDrag knows one
        // intrinsic matrix, so map them to the same rays of the reference
        // intrinsics (principal point fixed, focal / scale).
        for (int t = 0; t < frames; ++t) {
          const double s = camera_motion.focal_scale[t];
          Eigen::Vector2d& p = drag.points[t];
          p = Eigen::Vector2d(camera.cx + (p.x() - camera.cx) / s,
                              camera.cy + (p.y() - camera.cy) / s);
        }
      }
      LiftOptions lift;
      lift.space = o.drag_space;
      drags3d.push_back(
          LiftDrag(drag, what, depth, camera, lift, camera_motion.reference_from_camera));
      DragPath path;
      path.object_id = o.mask_id;
      path.world = drags3d.back();
      scene.drags.push_back(std::move(path));
    }
    RegionMotionOptions region_options;
    region_options.yaw_follows_path = o.yaw_follows_path;
    region_options.rotation = o.rotation;
    motions.push_back(RegionMotion(drags3d, centroid, frames, region_options));

    SceneObject object;
    object.id = o.mask_id;
    object.name = "object " + std::to_string(o.mask_id);
    Eigen::Vector3d lo, hi;
    for (int k = 0; k < 3; ++k) {
      std::vector<double> values;
      values.reserve(region.size());
      for (const Eigen::Vector3d& p : region) values.push_back(p[k]);
      lo[k] = Percentile(values, options.box_low_percentile);
      hi[k] = Percentile(std::move(values), options.box_high_percentile);
    }
    object.world_from_box = Eigen::Isometry3d::Identity();
    object.world_from_box.translation() = 0.5 * (lo + hi);
    object.box_size = hi - lo;
    scene.objects.push_back(std::move(object));
  }

  // ---- frames
  scene.frames.resize(frames);
  for (int t = 0; t < frames; ++t) {
    SceneFrame& f = scene.frames[t];
    f.world_from_camera = camera_motion.reference_from_camera[t];
    f.camera = pac ? PacScreenCamera(camera.width, camera.height) : camera;
    f.camera.fx *= camera_motion.focal_scale[t];
    f.camera.fy *= camera_motion.focal_scale[t];
    f.points_world.resize(points0.size());
    for (size_t k = 0; k < points0.size(); ++k) {
      const int obj = point_object[k];
      const Eigen::Vector3d p =
          obj < 0 ? points0[k] : Eigen::Vector3d(motions[obj][t] * points0[k]);
      f.points_world[k] = p.cast<float>();
    }
    f.visible.assign(points0.size(), 1);
    f.object_motions.reserve(motions.size());
    for (const auto& m : motions) f.object_motions.push_back(m[t]);
  }
  // PAC's disc sizes, for every point whatever added it: the whole reference
  // depth map min-max normalised, at the point's reference (frame-0) pixel.
  std::vector<Eigen::Vector2d> pixels;
  pixels.reserve(scene.points.size());
  for (const ScenePoint& p : scene.points) pixels.push_back(p.reference_pixel.cast<double>());
  scene.object_map_depth = controls::PacObjectMapDepths(depth, pixels);
  return scene;
}

}  // namespace dolly::motion
