#include "libs/controls/render_controls.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "libs/controls/box_wireframe.h"
#include "libs/controls/camera_map.h"
#include "libs/controls/object_map.h"
#include "libs/controls/pac_object_points.h"
#include "libs/controls/trajectory_map.h"
#include "libs/core/error.h"
#include "libs/warp/hole_fill.h"
#include "libs/warp/splat.h"
#include "libs/warp/warp_preview.h"

namespace dolly::controls {
namespace {

using motion::MotionScene;

// Projected coordinates beyond this many pixels are treated as unprojectable
// (a point grazing the camera plane), so that rounding stays in int range.
constexpr double kMaxPixel = 1e6;
// Nearest z at which a drag sample still counts as in front of the camera.
constexpr double kNearZ = 1e-6;

bool NearIdentity(const Eigen::Isometry3d& pose) {
  return (pose.matrix() - Eigen::Matrix4d::Identity()).cwiseAbs().maxCoeff() <= 1e-12;
}

// Frame-0 z of every point in the reference camera, and the normalised PAC
// depth of each.
std::vector<double> PacDepths(const MotionScene& scene) {
  const int n = scene.point_count();
  if (!scene.object_map_depth.empty()) {
    // PAC's rule, recorded by dolly-motion: the whole reference depth map.
    return std::vector<double>(scene.object_map_depth.begin(), scene.object_map_depth.end());
  }
  const motion::SceneFrame& f0 = scene.frames[0];
  const Eigen::Isometry3d cam0_from_world = f0.world_from_camera.inverse();
  std::vector<double> z(n);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int i = 0; i < n; ++i) {
    z[i] = (cam0_from_world * f0.points_world[i].cast<double>()).z();
    if (f0.visible[i]) {
      lo = std::min(lo, z[i]);
      hi = std::max(hi, z[i]);
    }
  }
  std::vector<double> d(n, 0.5);
  if (!(hi > lo)) return d;  // no depth cue (NormaliseDepths' rule)
  for (int i = 0; i < n; ++i) d[i] = std::clamp((z[i] - lo) / (hi - lo), 0.0, 1.0);
  return d;
}

// A reference pixel of the reference camera's image as a pixel of the
// output size (pixel-centre convention).
Eigen::Vector2d ScalePixel(const Eigen::Vector2f& p, const geometry::PinholeCamera& from,
                           const cv::Size& to) {
  const double sx = double(to.width) / from.width, sy = double(to.height) / from.height;
  return {(p.x() + 0.5) * sx - 0.5, (p.y() + 0.5) * sy - 0.5};
}

cv::Mat RenderPacObjects(const MotionScene& scene, int t, const geometry::PinholeCamera& camera,
                         const cv::Size& size) {
  if (scene.convention == "pac") {
    return RenderObjectMap(size.width, size.height, PacConventionControlPoints(scene, t, size));
  }
  const motion::SceneFrame& f = scene.frames[t];
  const Eigen::Isometry3d cam_from_world = f.world_from_camera.inverse();
  const std::vector<double> depth = PacDepths(scene);
  std::vector<ControlPoint> points(scene.point_count());
  for (int i = 0; i < scene.point_count(); ++i) {
    ControlPoint& p = points[i];
    const Eigen::Vector2d x0 =
        ScalePixel(scene.points[i].reference_pixel, scene.reference_camera, size);
    p.x0 = float(x0.x());
    p.y0 = float(x0.y());
    p.depth = depth[i];
    const Eigen::Vector3d c = cam_from_world * f.points_world[i].cast<double>();
    p.visible = f.visible[i] != 0 && c.z() > 0.0;
    if (!p.visible) continue;
    const Eigen::Vector2d uv = camera.Project(c);
    if (!(std::abs(uv.x()) < kMaxPixel && std::abs(uv.y()) < kMaxPixel)) {
      p.visible = false;
      continue;
    }
    p.x = float(uv.x());
    p.y = float(uv.y());
  }
  return RenderObjectMap(size.width, size.height, points);
}

// Each point's own world radius; schema-1 points (radius 0) get one that
// covers kFallbackSpherePixels at their frame-0 depth.
cv::Mat RenderSpheres(const MotionScene& scene, int t, const geometry::PinholeCamera& camera,
                      const cv::Size& size) {
  const motion::SceneFrame& f = scene.frames[t];
  const motion::SceneFrame& f0 = scene.frames[0];
  const Eigen::Isometry3d cam_from_world = f.world_from_camera.inverse();
  const Eigen::Isometry3d cam0_from_world = f0.world_from_camera.inverse();
  std::vector<SpherePoint> points(scene.point_count());
  for (int i = 0; i < scene.point_count(); ++i) {
    SpherePoint& p = points[i];
    p.camera_position = cam_from_world * f.points_world[i].cast<double>();
    const Eigen::Vector2d x0 =
        ScalePixel(scene.points[i].reference_pixel, scene.reference_camera, size);
    p.x0 = float(x0.x());
    p.y0 = float(x0.y());
    p.radius = scene.points[i].radius;
    if (!(p.radius > 0.0)) {
      const double z0 = (cam0_from_world * f0.points_world[i].cast<double>()).z();
      p.radius = std::abs(z0) * kFallbackSpherePixels / scene.reference_camera.fx;
    }
    p.visible = f.visible[i] && p.radius > 0.0;
  }
  // Every visible point carries its radius; the default is never used.
  return RenderSphereMap(size.width, size.height, points, /*world_radius=*/1.0, camera);
}

// A drag sample at camera-frame position `c` seen through `camera`;
// invisible behind the camera or beyond kMaxPixel.
TrackSample ProjectTrackSample(const Eigen::Vector3d& c, const geometry::PinholeCamera& camera) {
  TrackSample s;
  s.visible = c.z() > kNearZ;
  if (!s.visible) return s;
  const Eigen::Vector2d uv = camera.Project(c);
  s.visible = std::abs(uv.x()) < kMaxPixel && std::abs(uv.y()) < kMaxPixel;
  s.x = float(uv.x());
  s.y = float(uv.y());
  return s;
}

cv::Mat RenderTrajectories(const MotionScene& scene, int t, const geometry::PinholeCamera& camera,
                           const cv::Size& size) {
  const Eigen::Isometry3d cam_from_world = scene.frames[t].world_from_camera.inverse();
  std::vector<Track> tracks;
  tracks.reserve(scene.drags.size());
  for (const motion::DragPath& drag : scene.drags) {
    Track track(t + 1);
    for (int k = 0; k <= t; ++k) {
      track[k] = ProjectTrackSample(cam_from_world * drag.world[k], camera);
    }
    tracks.push_back(std::move(track));
  }
  return RenderTrajectoryMap(size.width, size.height, tracks, t);
}

// PoseTraj's tracks are 2D positions in each frame's own image: sample k is
// the drag's frame-k position through frame k's camera. Only t and t + 1 are
// read by RenderPoseTrajMap; the earlier samples stay invisible.
cv::Mat RenderPoseTrajectories(const MotionScene& scene, int t, const cv::Size& size) {
  const int n = scene.frame_count();
  const int last = std::min(t + 1, n - 1);
  std::vector<Track> tracks;
  tracks.reserve(scene.drags.size());
  for (const motion::DragPath& drag : scene.drags) {
    Track track(last + 1);
    for (int k = t; k <= last; ++k) {
      const motion::SceneFrame& f = scene.frames[k];
      track[k] = ProjectTrackSample(f.world_from_camera.inverse() * drag.world[k],
                                    ScaleCamera(f.camera, size.width, size.height));
    }
    for (int k = 0; k < t; ++k) track[k].visible = false;
    tracks.push_back(std::move(track));
  }
  return RenderPoseTrajMap(size.width, size.height, tracks, t, n);
}

cv::Mat RenderBoxes(const MotionScene& scene, int t, const geometry::PinholeCamera& camera) {
  const motion::SceneFrame& f = scene.frames[t];
  const Eigen::Isometry3d cam_from_world = f.world_from_camera.inverse();
  std::vector<WireframeBox> boxes;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const motion::SceneObject& o = scene.objects[k];
    const Eigen::Isometry3d cam_from_box = cam_from_world * f.object_motions[k] * o.world_from_box;
    WireframeBox box;
    box.corners = MakeBoxCorners(cam_from_box.translation(), o.box_size, cam_from_box.linear());
    box.colour = ObjectColour(int(k));
    boxes.push_back(box);
  }
  return RenderBoxWireframes(boxes, camera);
}

warp::PreviewFrame RenderWarp(const MotionScene& scene, int t,
                              const geometry::PinholeCamera& camera) {
  const Eigen::Isometry3d& world_from_cam0 = scene.frames[0].world_from_camera;
  const Eigen::Isometry3d& world_from_camt = scene.frames[t].world_from_camera;
  Eigen::Isometry3d cam0_from_camt = world_from_cam0.inverse() * world_from_camt;
  if (NearIdentity(cam0_from_camt)) cam0_from_camt = Eigen::Isometry3d::Identity();

  warp::RegionMotion region;
  if (!scene.reference_labels.empty()) {
    std::vector<int> present;
    {
      // Which object ids label some reference pixel.
      std::map<int, bool> seen;
      for (const motion::SceneObject& o : scene.objects) seen[o.id] = false;
      for (int y = 0; y < scene.reference_labels.rows; ++y) {
        const int* row = scene.reference_labels.ptr<int>(y);
        for (int x = 0; x < scene.reference_labels.cols; ++x) {
          auto it = seen.find(row[x]);
          if (it != seen.end()) it->second = true;
        }
      }
      for (const auto& [id, found] : seen) {
        if (found && id != 0) present.push_back(id);
      }
    }
    for (size_t k = 0; k < scene.objects.size(); ++k) {
      const motion::SceneObject& o = scene.objects[k];
      if (std::find(present.begin(), present.end(), o.id) == present.end()) continue;
      const Eigen::Isometry3d motion =
          world_from_cam0.inverse() * scene.frames[t].object_motions[k] * world_from_cam0;
      if (NearIdentity(motion)) continue;
      region.reference_motion[o.id] = motion;
    }
  }
  if (region.reference_motion.empty()) {
    return warp::WarpFrame(scene.reference_rgb, scene.reference_depth, scene.reference_camera,
                           cam0_from_camt, camera);
  }
  region.labels = scene.reference_labels;
  const warp::SplatResult s =
      warp::Splat(scene.reference_rgb, scene.reference_depth, scene.reference_camera,
                  cam0_from_camt.inverse(), camera, &region);
  return {warp::PushPullFill(s.rgb, s.coverage), s.coverage, s.depth};
}

}  // namespace

std::string ObjectMapModeName(ObjectMapMode mode) {
  return mode == ObjectMapMode::kSpheres ? "spheres" : "pac";
}

std::string CameraMapModeName(CameraMapMode mode) {
  return mode == CameraMapMode::kIntrinsics ? "intrinsics" : "pac";
}

ObjectMapMode ParseObjectMapMode(const std::string& name) {
  if (name == "pac") return ObjectMapMode::kPac;
  if (name == "spheres") return ObjectMapMode::kSpheres;
  throw UsageError("object map mode '" + name + "' is not one of: pac, spheres");
}

std::string TrajectoryMapModeName(TrajectoryMapMode mode) {
  return mode == TrajectoryMapMode::kPosetraj ? "posetraj" : "dolly";
}

TrajectoryMapMode ParseTrajectoryMapMode(const std::string& name) {
  if (name == "dolly") return TrajectoryMapMode::kDolly;
  if (name == "posetraj") return TrajectoryMapMode::kPosetraj;
  throw UsageError("trajectory map mode '" + name + "' is not one of: dolly, posetraj");
}

CameraMapMode ParseCameraMapMode(const std::string& name) {
  if (name == "pac") return CameraMapMode::kPac;
  if (name == "intrinsics") return CameraMapMode::kIntrinsics;
  throw UsageError("camera map mode '" + name + "' is not one of: pac, intrinsics");
}

cv::Size OutputSize(const MotionScene& scene, const RenderOptions& options) {
  if (options.width < 0 || options.height < 0) {
    throw UsageError("output size " + std::to_string(options.width) + "x" +
                     std::to_string(options.height) + " must not be negative");
  }
  const geometry::PinholeCamera& ref = scene.reference_camera;
  if (options.width == 0 && options.height == 0) return {ref.width, ref.height};
  if (options.width > 0 && options.height > 0) return {options.width, options.height};
  if (options.width > 0) {
    return {options.width,
            std::max(1, int(std::lround(double(options.width) * ref.height / ref.width)))};
  }
  return {std::max(1, int(std::lround(double(options.height) * ref.width / ref.height))),
          options.height};
}

geometry::PinholeCamera ScaleCamera(const geometry::PinholeCamera& camera, int width, int height) {
  if (camera.width == width && camera.height == height) return camera;
  const double sx = double(width) / camera.width, sy = double(height) / camera.height;
  geometry::PinholeCamera out = camera;
  out.fx = camera.fx * sx;
  out.fy = camera.fy * sy;
  out.cx = (camera.cx + 0.5) * sx - 0.5;
  out.cy = (camera.cy + 0.5) * sy - 0.5;
  out.width = width;
  out.height = height;
  return out;
}

cv::Vec3b ObjectColour(int k) {
  static const cv::Vec3b kColours[] = {
      {255, 255, 255}, {255, 200, 0},  {0, 220, 255},   {255, 80, 200},
      {120, 255, 80},  {255, 120, 60}, {160, 130, 255}, {255, 255, 120},
  };
  return kColours[static_cast<size_t>(k) % (sizeof(kColours) / sizeof(kColours[0]))];
}

ControlImages RenderControlFrame(const MotionScene& scene, int t, const RenderOptions& options) {
  if (t < 0 || t >= scene.frame_count()) {
    throw InvalidInputError("render: frame " + std::to_string(t) + " outside 0.." +
                            std::to_string(scene.frame_count() - 1));
  }
  const cv::Size size = OutputSize(scene, options);
  const motion::SceneFrame& f = scene.frames[t];
  const geometry::PinholeCamera camera = ScaleCamera(f.camera, size.width, size.height);
  const std::string where = "frame " + std::to_string(t) + ": ";
  ControlImages out;
  try {
    out.object_map = options.object_map == ObjectMapMode::kSpheres
                         ? RenderSpheres(scene, t, camera, size)
                         : RenderPacObjects(scene, t, camera, size);

    Eigen::Isometry3d cam0_from_camt =
        scene.frames[0].world_from_camera.inverse() * f.world_from_camera;
    if (NearIdentity(cam0_from_camt)) cam0_from_camt = Eigen::Isometry3d::Identity();
    out.camera_map = options.camera_map == CameraMapMode::kIntrinsics
                         ? RenderIntrinsicsCameraMap(cam0_from_camt, camera)
                         : RenderPacCameraMap(cam0_from_camt, scene.reference_camera.width,
                                              scene.reference_camera.height, size.width,
                                              size.height);

    out.trajectory_map = options.trajectory_map == TrajectoryMapMode::kPosetraj
                             ? RenderPoseTrajectories(scene, t, size)
                             : RenderTrajectories(scene, t, camera, size);
    if (options.wireframes) out.box_wireframes = RenderBoxes(scene, t, camera);

    const bool has_reference = !scene.reference_rgb.empty() && !scene.reference_depth.empty();
    if (has_reference && (options.warp_preview || options.depth)) {
      warp::PreviewFrame warped;
      const geometry::PinholeCamera& ref = scene.reference_camera;
      if (size.width > ref.width || size.height > ref.height) {
        // Splatting into a larger image than the reference leaves a grid of
        // holes (each reference pixel covers at most 2 x 2 target pixels):
        // warp at the reference resolution and scale the result up.
        warped = RenderWarp(scene, t, ScaleCamera(f.camera, ref.width, ref.height));
        cv::resize(warped.rgb, warped.rgb, size, 0, 0, cv::INTER_LINEAR);
        cv::resize(warped.coverage, warped.coverage, size, 0, 0, cv::INTER_NEAREST);
        cv::resize(warped.depth, warped.depth, size, 0, 0, cv::INTER_NEAREST);
      } else {
        warped = RenderWarp(scene, t, camera);
      }
      if (options.warp_preview) {
        out.warp_preview = std::move(warped.rgb);
        out.warp_coverage = std::move(warped.coverage);
      }
      if (options.depth) out.depth = std::move(warped.depth);
    }
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(where + e.what());
  }
  return out;
}

}  // namespace dolly::controls
