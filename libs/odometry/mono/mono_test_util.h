// Shared by the monocular tests: render a dolly-synth recipe in-process,
// stream its frames through MonocularEstimator (no depth, no intrinsics
// unless asked) and score each segment against the ground truth re-based on
// the segment's first frame (each segment has its own world and scale).
#ifndef DOLLY_LIBS_ODOMETRY_MONO_MONO_TEST_UTIL_H_
#define DOLLY_LIBS_ODOMETRY_MONO_MONO_TEST_UTIL_H_

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/frames/frame_input.h"
#include "libs/geometry/schema_convert.h"
#include "libs/odometry/mono/monocular.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/metrics.h"
#include "schemas/camera_types.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::odometry::mono::testing {

struct MonoScene {
  std::vector<cv::Mat> gray;
  trajectory::Trajectory truth;
  double focal_px = 0.0;  // the true one (square pixels)
  std::vector<int> cuts;  // frames where a new shot starts
};

// Renders `recipe` (JSON text) at 256 x 192 (or as given) without MP4/PNG.
inline MonoScene RenderScene(const std::string& recipe, const std::string& name, int frames,
                             uint64_t seed = 0, int width = 256, int height = 192) {
  const std::string path = synth::testing::TestTmpDir() + "/" + name + ".json";
  std::ofstream(path) << recipe;
  synth::SynthOptions options;
  options.scene = path;
  options.frames = frames;
  options.width = width;
  options.height = height;
  options.tracks = 16;
  options.seed = seed;
  options.write_mp4 = false;
  options.write_png = false;
  const synth::SynthResult result = synth::testing::RunSynth(options, name);
  MonoScene scene;
  scene.gray = frames::ReadAllFrames(result.output_dir + "/video.dolly", /*gray=*/true).images;
  scene.truth = trajectory::ReadCameraTrajectory(result.output_dir + "/camera.dolly");
  const auto camera =
      artifact::ReadArtifact<schema::CameraTrajectoryInfo>(result.output_dir + "/camera.dolly");
  scene.focal_px = geometry::FromIntrinsics(camera.info.intrinsics).fx;
  auto cuts = camera.header.parameters.find("cut_frames");
  if (cuts != camera.header.parameters.end()) {
    std::stringstream list(cuts->second);
    std::string item;
    while (std::getline(list, item, ',')) scene.cuts.push_back(std::stoi(item));
  }
  return scene;
}

// Streams the frames; `give_cuts` passes the true cut frames as cut_before.
inline MonoPath RunMono(const MonoScene& scene, const MonoParams& params, bool give_cuts = false) {
  MonocularEstimator estimator(scene.gray[0].cols, scene.gray[0].rows, params);
  for (size_t f = 0; f < scene.gray.size(); ++f) {
    bool cut = false;
    for (int c : scene.cuts) cut |= give_cuts && c == static_cast<int>(f);
    estimator.Push(scene.gray[f], cut);
  }
  return estimator.Finish();
}

struct SegmentScore {
  MotionKind motion = MotionKind::GENERAL;
  double path_length = 0.0;
  double ate_sim3 = 0.0;
  double rotation_deg = 0.0;
  int frames = 0;
  int lost = 0;
  double ate_percent() const { return path_length > 0 ? 100.0 * ate_sim3 / path_length : 0.0; }
};

inline SegmentScore ScoreSegment(const MonoScene& scene, const MonoPath& path, int s) {
  const Segment& seg = path.segments.at(s);
  trajectory::Trajectory est, gt;
  const Eigen::Isometry3d first_inverse = scene.truth.world_from_camera[seg.first_frame].inverse();
  SegmentScore score;
  score.motion = seg.motion;
  for (int f = seg.first_frame; f < seg.end_frame; ++f) {
    est.Add(f, path.world_from_camera[f]);
    gt.Add(f, first_inverse * scene.truth.world_from_camera[f]);
    score.lost += path.lost[f];
  }
  score.frames = seg.end_frame - seg.first_frame;
  score.path_length = trajectory::PathLength(gt);
  score.ate_sim3 = trajectory::AbsoluteTrajectoryError(est, gt, true).rmse;
  // Both worlds are the camera of the segment's first frame.
  score.rotation_deg = trajectory::MeanRotationErrorDeg(est, gt);
  return score;
}

inline std::string Describe(const std::string& name, const SegmentScore& s, const MonoPath& path,
                            double true_focal) {
  char buf[512];
  std::snprintf(buf, sizeof(buf),
                "%s: %s, %d frames, path %.3f m, ATE Sim3 %.5f m (%.3f%%), rot %.4f deg, lost %d, "
                "focal %.2f px (true %.2f, %+.2f%%), %zu points, %zu keyframes",
                name.c_str(), MotionKindName(s.motion), s.frames, s.path_length, s.ate_sim3,
                s.ate_percent(), s.rotation_deg, s.lost, path.focal_px, true_focal,
                100.0 * (path.focal_px / true_focal - 1.0), path.points.size(),
                path.keyframes.size());
  return buf;
}

}  // namespace dolly::odometry::mono::testing

#endif  // DOLLY_LIBS_ODOMETRY_MONO_MONO_TEST_UTIL_H_
