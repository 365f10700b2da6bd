// Shared by the odometry tests: render a dolly-synth scene in-process, run
// RunOdometryImpl on its video + GT depth (+ GT tracks to label) and score
// the result against the scene's ground truth.
#ifndef DOLLY_LIBS_ODOMETRY_ODOMETRY_TEST_UTIL_H_
#define DOLLY_LIBS_ODOMETRY_ODOMETRY_TEST_UTIL_H_

#include <string>

#include "libs/odometry/odometry.h"
#include "libs/trajectory/artifact_convert.h"
#include "libs/trajectory/metrics.h"
#include "schemas/tracks_types.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::odometry::testing {

struct SceneScore {
  double path_length = 0.0;
  double ate_se3 = 0.0;
  double ate_sim3 = 0.0;
  double rotation_deg = 0.0;
  double rpe_translation = 0.0;
  double rpe_rotation_deg = 0.0;
  double dynamic_f1 = 0.0;
  int gt_dynamic = 0;
  int tracks = 0;
  size_t lost = 0;
  OdometryResult result;
};

inline synth::SynthResult Render(synth::SynthOptions synth_options, const std::string& name) {
  synth_options.write_mp4 = false;
  synth_options.write_png = false;
  return synth::testing::RunSynth(synth_options, name);
}

inline OdometryOptions OptionsFor(const std::string& dir) {
  OdometryOptions o;
  o.input = dir + "/video.dolly";
  o.depth = dir + "/depth.dolly";
  o.tracks = dir + "/tracks.dolly";
  o.output = dir + "/odometry.dolly";
  o.labelled_tracks = dir + "/labelled.dolly";
  return o;
}

// Renders, runs and scores one scene (tracks with a GT label only count for
// F1; DYNAMIC is the positive class).
inline SceneScore RunAndScore(synth::SynthOptions synth_options, const std::string& name) {
  const synth::SynthResult synth = Render(synth_options, name);
  SceneScore s;
  s.result = RunOdometryImpl(OptionsFor(synth.output_dir));
  const trajectory::Trajectory gt =
      trajectory::ReadCameraTrajectory(synth.output_dir + "/camera.dolly");
  const trajectory::Trajectory est =
      trajectory::ReadCameraTrajectory(synth.output_dir + "/odometry.dolly");
  s.path_length = trajectory::PathLength(gt);
  s.ate_se3 = trajectory::AbsoluteTrajectoryError(est, gt, false).rmse;
  s.ate_sim3 = trajectory::AbsoluteTrajectoryError(est, gt, true).rmse;
  // Both worlds are the camera of frame 0: no alignment for rotations.
  s.rotation_deg = trajectory::MeanRotationErrorDeg(est, gt);
  const trajectory::RpeResult rpe = trajectory::RelativePoseError(est, gt, 1);
  s.rpe_translation = rpe.translation_rmse;
  s.rpe_rotation_deg = rpe.rotation_mean_deg;
  s.lost = s.result.lost_frames.size();

  const auto gt_tracks =
      artifact::ReadArtifact<schema::TrackSetInfo>(synth.output_dir + "/tracks.dolly");
  const auto labelled =
      artifact::ReadArtifact<schema::TrackSetInfo>(synth.output_dir + "/labelled.dolly");
  const uint8_t* truth = TensorData<uint8_t>(gt_tracks.info.labels);
  const uint8_t* ours = TensorData<uint8_t>(labelled.info.labels);
  int tp = 0, fp = 0, fn = 0;
  s.tracks = static_cast<int>(gt_tracks.info.track_count);
  for (int i = 0; i < s.tracks; ++i) {
    const bool t_dyn = truth[i] == schema::TrackLabel::DYNAMIC;
    const bool o_dyn = ours[i] == schema::TrackLabel::DYNAMIC;
    s.gt_dynamic += t_dyn;
    tp += t_dyn && o_dyn;
    fp += !t_dyn && o_dyn;
    fn += t_dyn && !o_dyn;
  }
  s.dynamic_f1 = tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
  return s;
}

inline std::string Describe(const std::string& scene, const SceneScore& s) {
  char buf[512];
  std::snprintf(buf, sizeof(buf),
                "%s: path %.3f m, ATE SE3 %.5f m (%.3f%%), ATE Sim3 %.5f m, rot %.4f deg, "
                "RPE(1) %.5f m / %.4f deg, lost %zu, keyframes %zu, dynamic F1 %.3f "
                "(%d of %d tracks dynamic)",
                scene.c_str(), s.path_length, s.ate_se3,
                s.path_length > 0 ? 100.0 * s.ate_se3 / s.path_length : 0.0, s.ate_sim3,
                s.rotation_deg, s.rpe_translation, s.rpe_rotation_deg, s.lost,
                s.result.keyframes.size(), s.dynamic_f1, s.gt_dynamic, s.tracks);
  return buf;
}

}  // namespace dolly::odometry::testing

#endif  // DOLLY_LIBS_ODOMETRY_ODOMETRY_TEST_UTIL_H_
