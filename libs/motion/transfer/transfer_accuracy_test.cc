#define BOOST_TEST_MODULE transfer_accuracy_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/summary.h"
#include "libs/motion/camera/camera_presets.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/motion/transfer/run_transfer.h"
#include "libs/motion/transfer/transfer.h"
#include "libs/motion/transfer/transfer_test_util.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/depth_types.h"
#include "schemas/video_types.h"
#include "schemas/tracks_types.h"

// Motion transfer on dolly-synth ground truth (GT depth, GT labelled tracks,
// GT camera path): a 192x144, 10-frame clip with an orbiting camera, a car
// driving a half circle (turning with its path), a translating ball and a
// static crate. Run with --test_arg=--log_level=message for the numbers.
namespace dolly::motion::testing {
namespace {

constexpr int kFrames = 10;

const synth::SynthResult& Scene() {
  static const synth::SynthResult scene = RenderMoving("moving", kFrames, 192, 144, 400);
  return scene;
}

const synth::testing::ViewData& Gt() {
  static const synth::testing::ViewData view = synth::testing::ReadView(Scene().output_dir);
  return view;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * (v.size() - 1))];
}

double Max(const std::vector<double>& v) {
  return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

// Depth of a world point in frame t's GT camera.
double DepthIn(int t, const Eigen::Vector3d& world) {
  return (Gt().WorldFromCamera(t).inverse() * world).z();
}

bool GtStatic(int64_t i) {
  return TensorData<uint8_t>(Gt().tracks.info.labels)[i] == schema::TrackLabel::STATIC;
}

// Builds through the library call and reads the artifact back.
MotionScene RunAndRead(const TransferToolOptions& options, cli::Summary* summary = nullptr) {
  RunTransferImpl(options, summary);
  return ReadMotionScene(options.output);
}

BOOST_AUTO_TEST_CASE(DrivingPathMatchesGroundTruth) {
  const synth::testing::ViewData& gt = Gt();
  TransferToolOptions o = OptionsFor(Scene().output_dir);
  cli::Summary summary;
  const MotionScene scene = RunAndRead(o, &summary);
  BOOST_TEST_MESSAGE("summary: " << summary.json().dump());
  const int64_t n = gt.track_count();
  // Every GT track is visible (with depth) somewhere: one point per track.
  BOOST_REQUIRE(scene.point_count() == n);
  BOOST_REQUIRE(scene.frame_count() == kFrames);
  BOOST_TEST(scene.source == "driving_video");

  // Objects come from the GT instance ids: exactly the two moving objects.
  std::set<int> gt_dynamic_ids;
  for (int64_t i = 0; i < n; ++i) {
    if (!GtStatic(i)) gt_dynamic_ids.insert(gt.InstanceId(i));
  }
  std::set<int> ids;
  for (const SceneObject& obj : scene.objects) ids.insert(obj.id);
  BOOST_TEST(ids == gt_dynamic_ids, boost::test_tools::per_element());
  BOOST_TEST(gt_dynamic_ids.size() == 2u);
  BOOST_TEST(scene.drags.size() == scene.objects.size());

  // Static points: the GT world point (constant) within 1e-3 of its depth.
  std::vector<double> static_err;
  for (int64_t i = 0; i < n; ++i) {
    if (!GtStatic(i)) continue;
    BOOST_TEST(scene.points[i].object_id == -1);
    const Eigen::Vector3d truth = gt.PointWorld(0, i);
    const Eigen::Vector3d ours = scene.frames[kFrames - 1].points_world[i].cast<double>();
    static_err.push_back((ours - truth).norm() / DepthIn(0, truth));
    for (int t = 0; t < kFrames; ++t) BOOST_TEST(scene.frames[t].visible[i] == 1);
  }
  BOOST_TEST_MESSAGE("static points: " << static_err.size() << ", relative error median "
                                        << Median(static_err) << ", p99 "
                                        << Quantile(static_err, 0.99) << ", max "
                                        << Max(static_err));
  // GT depth is exact at pixel centres and sampled as planes: ~1e-8. A track
  // within a pixel of a crease (a box edge) whose nearest pixel lies on the
  // other face takes that face's plane (one such track here, 0.7%).
  BOOST_TEST(Median(static_err) < 1e-4);
  BOOST_TEST(Quantile(static_err, 0.99) < 1e-3);
  BOOST_TEST(Max(static_err) < 1e-2);

  // Dynamic objects: the fitted motion moves each GT frame-0 point to its GT
  // position in frame t; median error < 1% of the depth.
  std::map<int, int> object_index;
  for (size_t k = 0; k < scene.objects.size(); ++k) object_index[scene.objects[k].id] = k;
  std::vector<double> motion_err;
  std::vector<double> max_rotation_deg(scene.objects.size(), 0.0);
  for (int64_t i = 0; i < n; ++i) {
    if (GtStatic(i)) continue;
    BOOST_REQUIRE(object_index.count(scene.points[i].object_id) == 1u);
    BOOST_TEST(scene.points[i].object_id == gt.InstanceId(i));
    const int k = object_index[scene.points[i].object_id];
    for (int t = 0; t < kFrames; ++t) {
      const Eigen::Isometry3d& m = scene.frames[t].object_motions[k];
      const Eigen::Vector3d truth = gt.PointWorld(t, i);
      motion_err.push_back((m * gt.PointWorld(0, i) - truth).norm() / DepthIn(t, truth));
      max_rotation_deg[k] = std::max(
          max_rotation_deg[k], Eigen::AngleAxisd(m.linear()).angle() * 180.0 / M_PI);
      BOOST_TEST(scene.frames[t].visible[i] == (gt.Visible(t, i) ? 1 : 0));
    }
  }
  BOOST_TEST_MESSAGE("object motions: " << motion_err.size() << " (track, frame) pairs, relative "
                                        << "error median " << Median(motion_err) << ", max "
                                        << Max(motion_err));
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    BOOST_TEST_MESSAGE("object " << scene.objects[k].id << " turns up to " << max_rotation_deg[k]
                                 << " deg, box " << scene.objects[k].box_size.transpose());
  }
  BOOST_TEST(Median(motion_err) < 0.01);

  // Boxes hold the object's frame-0 points but the 2-98 percentile trims per
  // axis (points on a box's faces pile up at the extremes); the drag path is the frame-0 centroid moved by the motions.
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    const SceneObject& obj = scene.objects[k];
    int inside = 0, count = 0;
    Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
    for (int64_t i = 0; i < n; ++i) {
      if (scene.points[i].object_id != obj.id) continue;
      const Eigen::Vector3d p = scene.frames[0].points_world[i].cast<double>();
      const Eigen::Vector3d local = obj.world_from_box.inverse() * p;
      inside += (local.cwiseAbs().array() <= 0.5 * obj.box_size.array() + 1e-9).all();
      centroid += p;
      ++count;
    }
    centroid /= count;
    BOOST_TEST_MESSAGE("object " << obj.id << ": " << inside << " of " << count
                                 << " frame-0 points inside its box");
    // Each axis's 2% and 98% percentiles (interpolated) leave out at most
    // floor(0.02 (n - 1)) + 1 points per side.
    const int trimmed = 6 * (static_cast<int>(std::floor(0.02 * (count - 1))) + 1);
    BOOST_TEST(inside >= count - trimmed);
    BOOST_TEST(inside >= count / 2);
    const DragPath& drag = scene.drags[k];
    BOOST_TEST(drag.object_id == obj.id);
    BOOST_TEST((drag.world[0] - centroid).norm() < 1e-5);
    for (int t = 0; t < kFrames; ++t) {
      BOOST_TEST((drag.world[t] - scene.frames[t].object_motions[k] * centroid).norm() < 1e-5);
    }
  }

  // Reprojection with the output cameras reproduces the GT tracks.
  std::vector<double> px_err;
  for (int t = 0; t < kFrames; ++t) {
    const SceneFrame& f = scene.frames[t];
    const Eigen::Isometry3d camera_from_world = f.world_from_camera.inverse();
    for (int64_t i = 0; i < n; ++i) {
      if (!gt.Visible(t, i)) continue;
      const Eigen::Vector3d c = camera_from_world * f.points_world[i].cast<double>();
      BOOST_REQUIRE(c.z() > 0);
      px_err.push_back((f.camera.Project(c) - gt.Position(t, i)).norm());
    }
  }
  std::vector<double> sorted = px_err;
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST_MESSAGE("reprojection of " << px_err.size() << " visible observations: median "
                                        << Median(px_err) << " px, p95 "
                                        << sorted[sorted.size() * 95 / 100] << " px, max "
                                        << Max(px_err) << " px");
  BOOST_TEST(Median(px_err) < 0.5);
  BOOST_TEST(Quantile(px_err, 0.95) < 0.05);

  // Reference pixels are the frame-0 positions; radii positive; the previews
  // are the driving frame 0 and its depth; colours come from the video.
  const cv::Mat frame0 = MatFromTensor(
      artifact::ReadArtifact<schema::VideoInfo>(o.video).frames[0].image);
  int coloured = 0;
  for (int64_t i = 0; i < n; ++i) {
    const Eigen::Vector2d p0 = gt.Position(0, i);
    if (p0.allFinite()) {
      BOOST_TEST((scene.points[i].reference_pixel.cast<double>() - p0).norm() < 1e-4);
    }
    BOOST_TEST(scene.points[i].radius > 0.0f);
    coloured += scene.points[i].rgb != std::array<std::uint8_t, 3>{128, 128, 128};
  }
  BOOST_TEST(coloured > n / 2);
  BOOST_REQUIRE(!scene.reference_rgb.empty());
  BOOST_TEST(cv::norm(scene.reference_rgb, frame0, cv::NORM_INF) == 0.0);
  BOOST_TEST(cv::norm(scene.reference_depth, gt.Depth(0), cv::NORM_INF) == 0.0);
  for (int t = 0; t < kFrames; ++t) {
    BOOST_TEST(scene.frames[t].world_from_camera.isApprox(gt.WorldFromCamera(t), 1e-6));
  }
  // Labels of the reference image (nearest frame-0 track) against the GT
  // instance mask of frame 0.
  BOOST_REQUIRE(!scene.reference_labels.empty());
  const cv::Mat mask = gt.Mask(0);
  int labelled = 0, labelled_right = 0, object_pixels = 0, object_found = 0;
  for (int y = 0; y < mask.rows; ++y) {
    for (int x = 0; x < mask.cols; ++x) {
      const int ours = scene.reference_labels.at<int32_t>(y, x);
      const int truth = mask.at<uint16_t>(y, x);
      const bool moving = gt_dynamic_ids.count(truth) > 0;
      if (ours > 0) {
        ++labelled;
        labelled_right += ours == truth;
      }
      if (moving) {
        ++object_pixels;
        object_found += ours == truth;
      }
    }
  }
  BOOST_TEST_MESSAGE("reference labels: " << labelled_right << " of " << labelled
                                          << " labelled pixels right; " << object_found << " of "
                                          << object_pixels << " moving-object pixels found");
  BOOST_TEST(labelled_right >= 0.95 * labelled);
  BOOST_TEST(object_found >= 0.5 * object_pixels);
  const auto written = artifact::ReadArtifact<schema::MotionRepresentationInfo>(o.output);
  BOOST_TEST(written.header.tool_name == "dolly-motion");
  BOOST_TEST(written.header.parameters.at("source") == "driving_video");
  BOOST_TEST(summary.json()["points"].get<int64_t>() == n);
  BOOST_TEST(summary.json()["objects"].get<int64_t>() == 2);
}

// Without instance ids the dynamic tracks are clustered by frame-0 proximity
// and rigidity: the clusters reproduce the GT objects.
BOOST_AUTO_TEST_CASE(ClusteringWithoutInstanceIds) {
  const synth::testing::ViewData& gt = Gt();
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  in.instance_ids.clear();
  TransferReport report;
  const MotionScene scene = BuildFromDrivingVideo(in, TransferOptions(), &report);
  BOOST_TEST(!report.objects_from_instance_ids);
  std::map<int, std::map<int, int>> members;  // object -> GT instance -> count
  for (int p = 0; p < scene.point_count(); ++p) {
    if (scene.points[p].object_id < 0) continue;
    members[scene.points[p].object_id][gt.InstanceId(report.point_track[p])]++;
  }
  int impure = 0, total = 0, big = 0;
  for (const auto& [object, counts] : members) {
    int sum = 0, best = 0;
    for (const auto& [instance, count] : counts) {
      sum += count;
      best = std::max(best, count);
    }
    impure += sum - best;
    total += sum;
    big += sum >= 5;
    BOOST_TEST_MESSAGE("cluster " << object << ": " << sum << " tracks, " << best
                                  << " of one GT instance");
  }
  BOOST_TEST_MESSAGE("clusters: " << members.size() << " (" << big << " with >= 5 tracks), "
                                  << impure << " of " << total << " tracks in a foreign cluster");
  BOOST_TEST(impure == 0);
  BOOST_TEST(big == 2);
  // The motions of the clusters are as accurate as with instance ids.
  std::vector<double> motion_err;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    for (int p = 0; p < scene.point_count(); ++p) {
      if (scene.points[p].object_id != scene.objects[k].id) continue;
      const int i = report.point_track[p];
      for (int t = 0; t < kFrames; ++t) {
        const Eigen::Vector3d truth = gt.PointWorld(t, i);
        motion_err.push_back((scene.frames[t].object_motions[k] * gt.PointWorld(0, i) - truth)
                                 .norm() /
                             DepthIn(t, truth));
      }
    }
  }
  BOOST_TEST_MESSAGE("clustered object motions: relative error median " << Median(motion_err));
  BOOST_TEST(Median(motion_err) < 0.01);
}

// A lone "dynamic" track (a static background track relabelled, e.g. by
// tracker drift) is no object: no empty box or stray trajectory; its point
// keeps object id -1 and its own lifted positions.
BOOST_AUTO_TEST_CASE(LoneDynamicTrackIsNoObject) {
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  in.instance_ids.clear();
  // The static track farthest (frame-0 pixels) from every dynamic one.
  int lone = -1;
  float farthest = -1.0f;
  for (size_t i = 0; i < in.labels.size(); ++i) {
    if (in.labels[i] != schema::TrackLabel::STATIC || !in.positions[0][i].allFinite()) continue;
    float nearest = std::numeric_limits<float>::infinity();
    for (size_t j = 0; j < in.labels.size(); ++j) {
      if (in.labels[j] != schema::TrackLabel::DYNAMIC || !in.positions[0][j].allFinite()) continue;
      nearest = std::min(nearest, (in.positions[0][i] - in.positions[0][j]).norm());
    }
    if (nearest > farthest) {
      farthest = nearest;
      lone = static_cast<int>(i);
    }
  }
  BOOST_REQUIRE(lone >= 0);
  TransferReport before;
  const MotionScene base = BuildFromDrivingVideo(in, TransferOptions(), &before);
  in.labels[lone] = schema::TrackLabel::DYNAMIC;
  TransferReport report;
  const MotionScene scene = BuildFromDrivingVideo(in, TransferOptions(), &report);
  BOOST_TEST(scene.objects.size() == base.objects.size());
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    int count = 0;
    for (const ScenePoint& p : scene.points) count += p.object_id == scene.objects[k].id;
    BOOST_TEST(count >= TransferOptions().min_object_tracks);
  }
  BOOST_TEST(report.dynamic_points == before.dynamic_points + 1);
  int point = -1;
  for (int p = 0; p < scene.point_count(); ++p) {
    if (report.point_track[p] == lone) point = p;
  }
  BOOST_REQUIRE(point >= 0);
  BOOST_TEST(scene.points[point].object_id == -1);
  // A static surface point lifted per frame stays where it is (< 1% depth).
  const Eigen::Vector3f p0 = scene.frames[0].points_world[point];
  for (int t = 1; t < scene.frame_count(); ++t) {
    BOOST_TEST((scene.frames[t].points_world[point] - p0).norm() < 0.01f * p0.norm());
  }
}

// Outliers: 10% of each object's tracks jump 12 px in frames 3..9 (a
// tracker slip). RANSAC ignores them: the motions stay as accurate.
BOOST_AUTO_TEST_CASE(RigidMotionIgnoresTrackerSlips) {
  const synth::testing::ViewData& gt = Gt();
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  std::vector<bool> slipped(in.labels.size(), false);
  int dynamic_seen = 0, slips = 0;
  for (size_t i = 0; i < in.labels.size(); ++i) {
    if (in.labels[i] != schema::TrackLabel::DYNAMIC) continue;
    if (dynamic_seen++ % 10 != 0) continue;
    slipped[i] = true;
    ++slips;
    for (int t = 3; t < kFrames; ++t) in.positions[t][i] += Eigen::Vector2f(12.0f, -8.0f);
  }
  TransferReport report;
  const MotionScene scene = BuildFromDrivingVideo(in, TransferOptions(), &report);
  std::vector<double> motion_err;
  for (size_t k = 0; k < scene.objects.size(); ++k) {
    for (int p = 0; p < scene.point_count(); ++p) {
      const int i = report.point_track[p];
      if (scene.points[p].object_id != scene.objects[k].id || slipped[i]) continue;
      for (int t = 0; t < kFrames; ++t) {
        const Eigen::Vector3d truth = gt.PointWorld(t, i);
        motion_err.push_back((scene.frames[t].object_motions[k] * gt.PointWorld(0, i) - truth)
                                 .norm() /
                             DepthIn(t, truth));
      }
    }
  }
  BOOST_TEST_MESSAGE("with " << slips << " slipped tracks: object motion relative error median "
                             << Median(motion_err) << ", p90 " << Quantile(motion_err, 0.9));
  BOOST_TEST(Median(motion_err) < 0.01);
  BOOST_TEST(Quantile(motion_err, 0.9) < 0.01);
}

// A frame the odometry lost repeats the previous pose; it must not be lifted
// with that wrong pose: static points and the other frames' motions stay
// accurate, the lost frame holds the previous motion.
BOOST_AUTO_TEST_CASE(LostFramesAreNotLifted) {
  const synth::testing::ViewData& gt = Gt();
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  constexpr int kLost = 4;
  in.lost.assign(kFrames, false);
  in.lost[kLost] = true;
  in.world_from_camera[kLost] = in.world_from_camera[kLost - 1];
  TransferReport report;
  const MotionScene scene = BuildFromDrivingVideo(in, TransferOptions(), &report);
  std::vector<double> static_err, motion_err;
  for (int p = 0; p < scene.point_count(); ++p) {
    const int i = report.point_track[p];
    if (scene.points[p].object_id < 0) {
      const Eigen::Vector3d truth = gt.PointWorld(0, i);
      static_err.push_back((scene.frames[0].points_world[p].cast<double>() - truth).norm() /
                           DepthIn(0, truth));
      continue;
    }
    size_t k = 0;
    while (scene.objects[k].id != scene.points[p].object_id) ++k;
    for (int t = 0; t < kFrames; ++t) {
      if (t == kLost) continue;
      const Eigen::Vector3d truth = gt.PointWorld(t, i);
      motion_err.push_back((scene.frames[t].object_motions[k] * gt.PointWorld(0, i) - truth)
                               .norm() /
                           DepthIn(t, truth));
    }
    BOOST_TEST(scene.frames[kLost].object_motions[k].isApprox(
        scene.frames[kLost - 1].object_motions[k], 1e-12));
  }
  BOOST_TEST_MESSAGE("lost frame " << kLost << ": static median " << Median(static_err)
                                   << ", p99 " << Quantile(static_err, 0.99)
                                   << "; object motions median " << Median(motion_err));
  BOOST_TEST(Median(static_err) < 1e-4);
  BOOST_TEST(Quantile(static_err, 0.99) < 1e-3);
  BOOST_TEST(Median(motion_err) < 0.01);
}

// A new camera path (orbit left 20 degrees) replaces world_from_camera by
// world_from_camera[0] * reference_from_camera[t]; the points do not change.
BOOST_AUTO_TEST_CASE(NewCameraPathKeepsThePoints) {
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  const MotionScene driving = BuildFromDrivingVideo(in, TransferOptions());
  CameraSegment orbit;
  orbit.preset = CameraPreset::kOrbitLeft;
  orbit.magnitude = 20.0;
  orbit.start_frame = 0;
  orbit.end_frame = kFrames;
  CameraRig rig;
  rig.pivot_distance = 5.0;
  in.new_camera = ComputeCameraMotion({orbit}, kFrames, rig);
  const MotionScene moved = BuildFromDrivingVideo(in, TransferOptions());
  BOOST_REQUIRE(moved.frame_count() == kFrames);
  for (int t = 0; t < kFrames; ++t) {
    const Eigen::Isometry3d want =
        in.world_from_camera[0] * in.new_camera->reference_from_camera[t];
    BOOST_TEST(moved.frames[t].world_from_camera.isApprox(want, 1e-12));
    BOOST_TEST(moved.frames[t].camera.fx == driving.frames[0].camera.fx);
    BOOST_TEST(moved.frames[t].points_world == driving.frames[t].points_world,
               boost::test_tools::per_element());
    BOOST_TEST(moved.frames[t].visible == driving.frames[t].visible,
               boost::test_tools::per_element());
  }
  const double angle = Eigen::AngleAxisd((in.world_from_camera[0].inverse() *
                                          moved.frames[kFrames - 1].world_from_camera)
                                             .linear())
                           .angle() *
                       180.0 / M_PI;
  BOOST_TEST_MESSAGE("new path: last frame turned " << angle << " deg from frame 0");
  BOOST_TEST(std::abs(angle - 20.0) < 1e-6);

  // The same through an intentions file (camera part only).
  TransferToolOptions o = OptionsFor(Scene().output_dir);
  o.intentions = synth::testing::TestTmpDir() + "/orbit.json";
  std::ofstream(o.intentions)
      << R"({"frames": 10, "camera": {"preset": "orbit_left", "magnitude": 20}, "zoom": 1.5})";
  o.output = Scene().output_dir + "/motion_orbit.dolly";
  const MotionScene from_file = RunAndRead(o);
  const Eigen::Isometry3d last = from_file.frames[kFrames - 1].world_from_camera;
  BOOST_TEST(std::abs(Eigen::AngleAxisd(last.linear()).angle() * 180.0 / M_PI - 20.0) < 1e-4);
  // Zoom: the focal length reaches 1.5x at the last frame.
  BOOST_TEST(from_file.frames[0].camera.fx == driving.frames[0].camera.fx);
  BOOST_TEST(from_file.frames[kFrames - 1].camera.fx ==
                 1.5 * driving.frames[0].camera.fx,
             boost::test_tools::tolerance(1e-9));
  for (int t = 0; t < kFrames; ++t) {
    for (int p = 0; p < from_file.point_count(); ++p) {
      BOOST_TEST((from_file.frames[t].points_world[p] - driving.frames[t].points_world[p]).norm() <
                 1e-6f);
    }
  }
  const auto written = artifact::ReadArtifact<schema::MotionRepresentationInfo>(o.output);
  BOOST_TEST(written.header.parameters.at("camera_path") == "intentions");
}

// Retarget onto the driving frame 0 itself with its depth doubled: s = 2 and
// every point visible in frame 0 sits at twice its driving position.
BOOST_AUTO_TEST_CASE(RetargetOntoScaledFrameZero) {
  const synth::testing::ViewData& gt = Gt();
  DrivingInputs in = ReadDrivingInputs(OptionsFor(Scene().output_dir));
  TransferReport drv_report;
  const MotionScene driving = BuildFromDrivingVideo(in, TransferOptions(), &drv_report);
  RetargetReference ref;
  ref.rgb = in.video[0].clone();
  ref.depth = in.depth[0] * 2.0;
  ref.camera = in.cameras[0];
  in.reference = ref;
  TransferReport report;
  const MotionScene ret = BuildFromDrivingVideo(in, TransferOptions(), &report);
  BOOST_TEST_MESSAGE("retarget scale " << report.retarget_scale);
  BOOST_TEST(std::abs(report.retarget_scale - 2.0) < 2e-3);
  BOOST_REQUIRE(ret.point_count() == driving.point_count());
  std::vector<double> rel, dynamic_rel;
  for (int p = 0; p < ret.point_count(); ++p) {
    const int i = report.point_track[p];
    if (!gt.Visible(0, i)) continue;
    for (int t = 0; t < kFrames; ++t) {
      const Eigen::Vector3d want = 2.0 * driving.frames[t].points_world[p].cast<double>();
      rel.push_back((ret.frames[t].points_world[p].cast<double>() - want).norm() / want.norm());
      if (ret.points[p].object_id >= 0) dynamic_rel.push_back(rel.back());
    }
    BOOST_TEST((ret.points[p].reference_pixel - driving.points[p].reference_pixel).norm() < 1e-3f);
  }
  BOOST_TEST_MESSAGE("retarget: " << rel.size() << " (point, frame) pairs, relative error median "
                                  << Median(rel) << ", p97 " << Quantile(rel, 0.97) << ", max "
                                  << Max(rel) << "; dynamic points max " << Max(dynamic_rel));
  // p_ref_0 comes from the (doubled) depth sample in frame 0; a static point
  // of the driving scene is the median over frames. The two differ by 0.1% to
  // 0.9% for 4 of the ~350 static points visible in frame 0, all within a
  // pixel of a box crease (see the static test); dynamic points, whose
  // frame-0 position is their frame-0 lift, are exact.
  BOOST_TEST(Median(rel) < 1e-6);
  BOOST_TEST(Quantile(rel, 0.97) < 1e-3);
  BOOST_TEST(Max(rel) < 1e-2);
  BOOST_TEST(Max(dynamic_rel) < 1e-4);
  for (int t = 0; t < kFrames; ++t) {
    const Eigen::Isometry3d& a = ret.frames[t].world_from_camera;
    const Eigen::Isometry3d& b = driving.frames[t].world_from_camera;
    BOOST_TEST(a.linear().isApprox(b.linear(), 1e-9));
    BOOST_TEST((a.translation() - 2.0 * b.translation()).norm() <
               2e-3 * std::max(1.0, b.translation().norm()));
    for (size_t k = 0; k < ret.objects.size(); ++k) {
      const Eigen::Isometry3d& ma = ret.frames[t].object_motions[k];
      const Eigen::Isometry3d& mb = driving.frames[t].object_motions[k];
      BOOST_TEST(ma.linear().isApprox(mb.linear(), 1e-9));
      BOOST_TEST((ma.translation() - 2.0 * mb.translation()).norm() <
                 2e-3 * std::max(1.0, mb.translation().norm()));
    }
  }
  BOOST_TEST(cv::norm(ret.reference_depth, ref.depth, cv::NORM_INF) == 0.0);

  // Retarget and a new camera path: the path starts at the reference camera.
  CameraSegment pan;
  pan.preset = CameraPreset::kPanRight;
  pan.magnitude = 10.0;
  pan.start_frame = 0;
  pan.end_frame = kFrames;
  in.new_camera = ComputeCameraMotion({pan}, kFrames, CameraRig());
  const MotionScene ret_pan = BuildFromDrivingVideo(in, TransferOptions());
  for (int t = 0; t < kFrames; ++t) {
    BOOST_TEST(ret_pan.frames[t].world_from_camera.isApprox(
        in.new_camera->reference_from_camera[t], 1e-12));
    BOOST_TEST(ret_pan.frames[t].points_world == ret.frames[t].points_world,
               boost::test_tools::per_element());
  }
  in.new_camera.reset();

  // Through files: a PNG reference image and a one-frame DepthSequence.
  TransferToolOptions o = OptionsFor(Scene().output_dir);
  o.reference_image = Scene().output_dir + "/reference.png";
  cv::Mat bgr;
  cv::cvtColor(ref.rgb, bgr, cv::COLOR_RGB2BGR);
  BOOST_REQUIRE(cv::imwrite(o.reference_image, bgr));
  o.reference_depth = Scene().output_dir + "/reference_depth.dolly";
  auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(o.depth);
  depth.frames.resize(1);
  depth.frames[0].__set_depth(TensorFromMat(ref.depth));
  depth.info.__set_frame_count(1);
  artifact::WriteArtifact(o.reference_depth, depth);
  o.output = Scene().output_dir + "/motion_retarget.dolly";
  const MotionScene from_file = RunAndRead(o);
  BOOST_REQUIRE(from_file.point_count() == ret.point_count());
  for (int t = 0; t < kFrames; ++t) {
    for (int p = 0; p < ret.point_count(); ++p) {
      BOOST_TEST((from_file.frames[t].points_world[p] - ret.frames[t].points_world[p]).norm() <
                 1e-5f);
    }
  }
  BOOST_TEST(cv::norm(from_file.reference_rgb, ref.rgb, cv::NORM_INF) == 0.0);
  const auto written = artifact::ReadArtifact<schema::MotionRepresentationInfo>(o.output);
  BOOST_TEST(written.header.parameters.at("retarget") == "true");
}

}  // namespace
}  // namespace dolly::motion::testing
