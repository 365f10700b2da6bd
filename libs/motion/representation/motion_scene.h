// The 3D motion representation in memory: what dolly-motion builds and
// dolly-render draws. motion_artifact.h converts it to and from the
// MotionRepresentation artifact (schemas/motion.thrift).
//
// World frame: the camera of frame 0 for motion built from a reference image
// (the reference camera); the driving video's world (camera of its frame 0)
// for motion built from a driving video. Units are the depth's (metres for
// metric depth).
#ifndef DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_SCENE_H_
#define DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_SCENE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"

namespace dolly::motion {

// One "unit sphere" of the representation: a 3D point with a size and the
// identity it keeps over the clip.
struct ScenePoint {
  float radius = 0.0f;                  // sphere radius, world units
  Eigen::Vector2f reference_pixel{0, 0};  // (x0, y0) in the reference image
  std::array<std::uint8_t, 3> rgb{0, 0, 0};
  int object_id = -1;                   // -1 = background / static scene
};

struct SceneObject {
  int id = 0;
  std::string name;
  // Oriented box around the object's frame-0 points (world frame); the box
  // spans [-size/2, size/2] in its own frame.
  Eigen::Isometry3d world_from_box = Eigen::Isometry3d::Identity();
  Eigen::Vector3d box_size = Eigen::Vector3d::Zero();
};

// A drag (or a driving object's centroid path) in the world, one position
// per frame, drawn by the trajectory map.
struct DragPath {
  int object_id = -1;
  std::vector<Eigen::Vector3d> world;  // frame_count entries
};

struct SceneFrame {
  Eigen::Isometry3d world_from_camera = Eigen::Isometry3d::Identity();
  geometry::PinholeCamera camera;                // this frame's intrinsics
  std::vector<Eigen::Vector3f> points_world;     // one per ScenePoint
  std::vector<std::uint8_t> visible;             // one per ScenePoint, 0/1
  // One per SceneObject: world_t_from_world_0 of the object's points.
  std::vector<Eigen::Isometry3d> object_motions;
};

struct MotionScene {
  std::string source;  // "intentions" or "driving_video"
  // "dolly", or "pac": built as Perception-as-Control's inference builds its
  // inputs (its preset poses, its query grid, points lifted through its fixed
  // 500 px pinhole: reference_camera; frame cameras are its PyTorch3D screen
  // projection as a pinhole). libs/motion/README.md has the details.
  std::string convention = "dolly";
  double fps = 8.0;
  geometry::PinholeCamera reference_camera;  // frame 0's intrinsics
  std::vector<ScenePoint> points;
  std::vector<SceneObject> objects;
  std::vector<DragPath> drags;
  std::vector<SceneFrame> frames;
  // One per point, or empty: the object map's normalised depth in [0, 1]
  // (0 = nearest), PAC's rule: the reference depth min-max normalised over
  // the whole map, sampled at the point's rounded reference pixel, 0.5 off
  // the image. Empty: dolly-render normalises the points' frame-0 depths.
  std::vector<float> object_map_depth;
  // For previews: CV_8UC3 RGB reference image, CV_32FC1 z-depth (0 =
  // unknown), CV_32SC1 instance labels (0 = none; may be empty). All of the
  // reference camera's size, or all empty.
  cv::Mat reference_rgb;
  cv::Mat reference_depth;
  cv::Mat reference_labels;

  int frame_count() const { return static_cast<int>(frames.size()); }
  int point_count() const { return static_cast<int>(points.size()); }
};

// Throws InvalidInputError (naming `what` and the first inconsistency) when
// the per-frame vectors disagree with points/objects, a value is not finite,
// a camera has no size, or the reference images disagree with the camera.
void ValidateMotionScene(const MotionScene& scene, const std::string& what);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_SCENE_H_
