#include "libs/motion/representation/motion_scene.h"

#include <cmath>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

bool Finite(const Eigen::Isometry3d& pose) { return pose.matrix().allFinite(); }

void CheckCamera(const geometry::PinholeCamera& camera, const std::string& where) {
  if (camera.width <= 0 || camera.height <= 0 || !(camera.fx > 0) || !(camera.fy > 0) ||
      !std::isfinite(camera.fx) || !std::isfinite(camera.fy) || !std::isfinite(camera.cx) ||
      !std::isfinite(camera.cy)) {
    throw InvalidInputError(where + ": camera needs a positive size and finite positive focal "
                            "lengths");
  }
}

void CheckImage(const cv::Mat& image, int type, const geometry::PinholeCamera& camera,
                const std::string& where) {
  if (image.empty()) return;
  if (image.type() != type || image.cols != camera.width || image.rows != camera.height) {
    throw InvalidInputError(where + ": " + std::to_string(image.cols) + "x" +
                            std::to_string(image.rows) + " image of the wrong type or size for the " +
                            std::to_string(camera.width) + "x" + std::to_string(camera.height) +
                            " reference camera");
  }
}

}  // namespace

void ValidateMotionScene(const MotionScene& scene, const std::string& what) {
  if (!(scene.fps > 0) || !std::isfinite(scene.fps)) {
    throw InvalidInputError(what + ": fps must be positive");
  }
  CheckCamera(scene.reference_camera, what + ": reference camera");
  if (scene.frames.empty()) throw InvalidInputError(what + ": no frames");
  const size_t n = scene.points.size();
  for (size_t i = 0; i < n; ++i) {
    const ScenePoint& p = scene.points[i];
    if (!std::isfinite(p.radius) || p.radius < 0 || !p.reference_pixel.allFinite()) {
      throw InvalidInputError(what + ": point " + std::to_string(i) +
                              " has a negative or non-finite radius or reference pixel");
    }
  }
  if (scene.convention != "dolly" && scene.convention != "pac") {
    throw InvalidInputError(what + ": convention \"" + scene.convention +
                            "\" is not one of: dolly, pac");
  }
  if (!scene.object_map_depth.empty()) {
    if (scene.object_map_depth.size() != n) {
      throw InvalidInputError(what + ": " + std::to_string(scene.object_map_depth.size()) +
                              " object-map depths for " + std::to_string(n) + " points");
    }
    for (size_t i = 0; i < n; ++i) {
      const float d = scene.object_map_depth[i];
      if (!(d >= 0.0f && d <= 1.0f)) {
        throw InvalidInputError(what + ": point " + std::to_string(i) +
                                " has an object-map depth outside [0, 1]");
      }
    }
  }
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const SceneObject& o = scene.objects[k];
    if (!Finite(o.world_from_box) || !o.box_size.allFinite() || (o.box_size.array() < 0).any()) {
      throw InvalidInputError(what + ": object " + std::to_string(o.id) +
                              " has a non-finite box or a negative box size");
    }
  }
  const size_t t_count = scene.frames.size();
  for (size_t d = 0; d < scene.drags.size(); ++d) {
    const DragPath& drag = scene.drags[d];
    if (drag.world.size() != t_count) {
      throw InvalidInputError(what + ": drag path " + std::to_string(d) + " has " +
                              std::to_string(drag.world.size()) + " positions for " +
                              std::to_string(t_count) + " frames");
    }
    for (const Eigen::Vector3d& p : drag.world) {
      if (!p.allFinite()) {
        throw InvalidInputError(what + ": drag path " + std::to_string(d) +
                                " has a non-finite position");
      }
    }
  }
  for (size_t t = 0; t < t_count; ++t) {
    const SceneFrame& f = scene.frames[t];
    const std::string where = what + ": frame " + std::to_string(t);
    if (!Finite(f.world_from_camera)) throw InvalidInputError(where + ": non-finite camera pose");
    CheckCamera(f.camera, where);
    if (f.points_world.size() != n || f.visible.size() != n) {
      throw InvalidInputError(where + ": " + std::to_string(f.points_world.size()) +
                              " positions and " + std::to_string(f.visible.size()) +
                              " visibility flags for " + std::to_string(n) + " points");
    }
    if (f.object_motions.size() != scene.objects.size()) {
      throw InvalidInputError(where + ": " + std::to_string(f.object_motions.size()) +
                              " object motions for " + std::to_string(scene.objects.size()) +
                              " objects");
    }
    for (size_t i = 0; i < n; ++i) {
      if (!f.points_world[i].allFinite()) {
        throw InvalidInputError(where + ": point " + std::to_string(i) +
                                " has a non-finite position");
      }
      if (f.visible[i] > 1) {
        throw InvalidInputError(where + ": point " + std::to_string(i) +
                                " has a visibility flag other than 0 or 1");
      }
    }
    for (const Eigen::Isometry3d& m : f.object_motions) {
      if (!Finite(m)) throw InvalidInputError(where + ": non-finite object motion");
    }
  }
  CheckImage(scene.reference_rgb, CV_8UC3, scene.reference_camera, what + ": reference image");
  CheckImage(scene.reference_depth, CV_32FC1, scene.reference_camera, what + ": reference depth");
  CheckImage(scene.reference_labels, CV_32SC1, scene.reference_camera,
             what + ": reference labels");
  if (scene.reference_rgb.empty() != scene.reference_depth.empty()) {
    throw InvalidInputError(what + ": a reference image needs its depth and vice versa");
  }
  if (!scene.reference_depth.empty()) {
    for (int y = 0; y < scene.reference_depth.rows; ++y) {
      const float* row = scene.reference_depth.ptr<float>(y);
      for (int x = 0; x < scene.reference_depth.cols; ++x) {
        if (!std::isfinite(row[x]) || row[x] < 0) {
          throw InvalidInputError(what + ": reference depth at (" + std::to_string(x) + ", " +
                                  std::to_string(y) + ") is negative or not finite");
        }
      }
    }
  }
}

}  // namespace dolly::motion
