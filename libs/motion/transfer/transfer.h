// Motion transfer: the 3D motion representation (MotionScene) of a driving
// video, built from its metric depth, its labelled point tracks and its
// camera path, optionally re-enacted along a new camera path and/or
// retargeted onto a reference image.
//
// Algorithm (BuildFromDrivingVideo):
//  1. Lifting. A track's pixel in frame t, where the track is visible, is
//     unprojected with frame t's depth and intrinsics and moved into the world
//     with world_from_camera[t]. Depth sampling: the 4 pixels around the
//     position must be known and agree within `depth_edge_ratio` (one
//     surface), else the frame gives no 3D position for that track (a depth
//     edge). Inverse depth is affine in the pixel coordinates on a plane, so
//     of the 2x2 cells holding the nearest pixel, the planar one best
//     supported by the 3x3 neighbourhood is evaluated at the position (exact
//     on planes and not blending two faces at a crease); where no cell is
//     planar (curved surfaces), bilinear interpolation of inverse depth.
//     A track lifted in no frame at all falls back to the nearest pixel's
//     depth; a track without any depth is left out of the output.
//  2. STATIC tracks (and UNKNOWN ones): one world point, the per-coordinate
//     median of their lifted positions, constant and visible in every frame.
//  3. DYNAMIC tracks are grouped into objects: by the TrackSet's instance ids
//     when every dynamic track has one (>= 0); otherwise by clustering:
//     connected components of the graph whose edges join two dynamic tracks
//     that (a) are near at the first frame both are lifted in (distance <=
//     `cluster_radius_factor` x the larger of the median 3D nearest-neighbour
//     distance of all dynamic tracks and the smaller of the two tracks' own
//     ones, so that sparsely tracked objects hold together while an isolated
//     track is not near everything) and (b) keep that distance,
//     within `rigidity_tolerance` x the distance + 1% of the median scene
//     depth, over every frame both are lifted in (at least 2). Tracks left in
//     components of fewer than 3 (e.g. seen in one frame only) join the
//     component of their nearest near track whose distance never broke the
//     tolerance. O(M^2 T) time for M dynamic tracks, O(M) memory.
//     Per object and frame t, the rigid motion world_t_from_world_0 is fitted
//     with Eigen::umeyama (no scale) to the object's tracks lifted at both 0
//     and t, inside a RANSAC loop (3-point samples, inlier threshold
//     `ransac_threshold` x the median depth) followed by refits on the
//     inliers; frames with fewer than 3 common tracks are chained from the
//     previous frame (pairs t-1, t), else hold the previous motion. Tracks not
//     lifted in frame 0 get a frame-0 ("canonical") position, the median of
//     M_t^-1 p_t over their lifted frames, and the motions are then refitted
//     once with every track. A dynamic track's position in frame t is its
//     lifted position where it has one, else M_t applied to its canonical
//     position. visible[t] is the track's visibility flag.
//     Objects with 1 or 2 tracks move by the translation of their centroid.
//     Clustered groups of fewer than `min_object_tracks` tracks are not made
//     objects (a track or two that moves alone is usually tracker drift or a
//     mislabel, and would add an empty box and a stray trajectory): their
//     points move by their own lifted positions, held where not lifted, and
//     keep object id -1.
//  4. Points: one per track; reference_pixel = its frame-0 position (its
//     frame-0 world point projected into camera 0 when the TrackSet has no
//     finite frame-0 position); colour = the driving video at the track's
//     pixel in the first frame where it is visible (frame 0 for most), mid
//     grey without a video; radius = z * spacing / (2 fx), z the point's
//     frame-0 depth in camera 0, spacing the median nearest-neighbour
//     distance of the reference pixels.
//     Objects: box axis-aligned in the world around the 2-98 percentile of
//     the object's frame-0 points; a DragPath per object, its centroid's path
//     (centroid of the frame-0 points moved by the object's motions).
//  5. Camera: the driving path and per-frame intrinsics, or with `new_camera`
//     world_from_camera[t] = world_from_camera[0] * reference_from_camera[t]
//     (re-enactment from a new viewpoint) and the frame-0 intrinsics with fx, fy scaled by focal_scale[t].
//  6. Retarget (with `reference`): point identity by normalised image
//     position. A track's frame-0 pixel (u, v) of the W x H driving frame
//     picks (u / (W-1) (Wr-1), v / (H-1) (Hr-1)) in the Wr x Hr reference;
//     the reference depth there unprojects p_ref_0 in the reference camera,
//     which is the output world. With C0 = camera0_from_world of the driving
//     video (rotation R0, centre c0) and s = median(reference depth at the
//     tracks) / median(driving frame-0 depth of the tracks):
//        p_ref_t = p_ref_0 + s R0 (p_drv_t - p_drv_0)
//     i.e. the driving displacement expressed in the driving camera 0 and
//     scaled by s (the medians over the tracks lifted in driving frame 0 with
//     a clean reference depth sample). A track not lifted in driving frame 0
//     (hidden there: its pixel shows an occluder; or at a depth edge) or
//     without a clean reference depth sample takes the similarity image of
//     its driving point instead: p_ref_0 = s R0 (p_drv_0 - c0). Object
//     motions become S M_t S^-1 with S(x) = s R0 (x - c0) (exact for the
//     similarity-mapped points, the displacement rule for the others), boxes
//     and drag paths are rebuilt from the retargeted points. The camera path
//     starts at the reference camera (identity) and follows the driving
//     camera's motion relative to its frame 0, translation scaled by s, with
//     the reference intrinsics scaled by the driving focal-length ratio
//     fx_t / fx_0; or with `new_camera` world_from_camera[t] =
//     reference_from_camera[t]. Colours, reference_pixel and the
//     reference_rgb / reference_depth come from the reference.
//     Assumptions: the reference shows the same kind of layout as the driving
//     frame 0 (the subject where the driving subject is), and depth is
//     metric or at least consistently scaled in both.
//  7. reference_rgb / reference_depth: the driving frame 0 and its depth
//     without retarget (both empty without a video), the reference's with
//     it. reference_labels (with objects): each pixel with depth takes the
//     object id of the nearest point seen in frame 0 within 1.5 x spacing
//     pixels whose depth agrees within `depth_edge_ratio`, 0 for static
//     points or none (a Voronoi labelling of the tracks, for the warp
//     preview; empty if an object id is 0).
#ifndef DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_H_
#define DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "libs/motion/camera/camera_presets.h"
#include "libs/motion/representation/motion_scene.h"

namespace dolly::motion {

// The reference a driving motion is retargeted onto.
struct RetargetReference {
  cv::Mat rgb;    // CV_8UC3 RGB
  cv::Mat depth;  // CV_32FC1 z-depth, 0 = unknown; the same size
  geometry::PinholeCamera camera;
};

struct DrivingInputs {
  // Names used in error messages (the files they were read from).
  std::string tracks_name = "tracks";
  std::string depth_name = "depth";
  std::string camera_name = "camera";
  std::string video_name = "video";
  std::string reference_name = "reference";

  // Depth: CV_32FC1 metric z-depth per frame (0 = unknown) and the intrinsics
  // of each frame (one entry = the same for every frame).
  std::vector<cv::Mat> depth;
  std::vector<geometry::PinholeCamera> cameras;
  // Camera path: world_from_camera per frame, and (empty or one per frame)
  // the frames the odometry could not place: their pose is only the last
  // placed one, so no track is lifted there (hidden dynamic positions follow
  // the object's held motion).
  std::vector<Eigen::Isometry3d> world_from_camera;
  std::vector<bool> lost;
  // Tracks: [frame][track] pixel positions (NaN where unknown) and
  // visibility; labels (schema::TrackLabel) per track; instance ids per
  // track (empty or -1 = unknown).
  std::vector<std::vector<Eigen::Vector2f>> positions;
  std::vector<std::vector<std::uint8_t>> visible;
  std::vector<std::uint8_t> labels;
  std::vector<std::int32_t> instance_ids;
  // Optional RGB (CV_8UC3) frames of the driving video: all frames or none.
  std::vector<cv::Mat> video;
  double fps = 8.0;
  // Optional new camera path (one entry per frame).
  std::optional<CameraMotion> new_camera;
  // Optional retarget reference.
  std::optional<RetargetReference> reference;
};

struct TransferOptions {
  double depth_edge_ratio = 1.05;     // 4 depth samples agree within this ratio
  double cluster_radius_factor = 3.0; // see the header comment, step 3
  int min_object_tracks = 3;          // smaller clustered groups are no objects
  double rigidity_tolerance = 0.05;   // relative change of a pair distance
  double ransac_threshold = 0.02;     // x median scene depth
  int ransac_iterations = 64;
};

// Per-object facts of a build, for summaries and tests.
struct TransferReport {
  int static_points = 0;
  int dynamic_points = 0;
  bool objects_from_instance_ids = false;
  double retarget_scale = 1.0;  // s (1 without retarget)
  // Per object: median distance (world units) of its tracks' lifted
  // positions to their fitted-motion positions over all frames.
  std::vector<double> object_fit_median;
  // Per output point: the track it comes from (tracks without any 3D
  // position, e.g. visible only where depth is unknown, are left out).
  std::vector<int> point_track;
};

// Throws InvalidInputError naming the input (the *_name fields) for frame
// counts or sizes that disagree, no tracks, no labels, NaN / negative depth,
// non-finite poses, a new camera path of the wrong length, a bad reference.
MotionScene BuildFromDrivingVideo(const DrivingInputs& inputs, const TransferOptions& options,
                                  TransferReport* report = nullptr);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_H_
