#define BOOST_TEST_MODULE transfer_pipeline_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

#include "libs/artifact/artifact_io.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/motion/transfer/run_transfer.h"
#include "libs/motion/transfer/transfer_test_util.h"
#include "libs/odometry/odometry.h"
#include "schemas/tracks_types.h"

// The driving-video chain as a user runs it: dolly-odometry estimates the
// camera path and labels the tracks STATIC/DYNAMIC (no instance ids: the
// objects come from clustering), then motion transfer. Scored against the
// dolly-synth ground truth. --test_arg=--log_level=message prints numbers.
namespace dolly::motion::testing {
namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

BOOST_AUTO_TEST_CASE(OdometryLabelsAndPathThenTransfer) {
  constexpr int kFrames = 12;
  const synth::SynthResult scene = RenderMoving("pipeline", kFrames, 256, 192, 400);
  const std::string dir = scene.output_dir;
  odometry::OdometryOptions odo;
  odo.input = dir + "/video.dolly";
  odo.depth = dir + "/depth.dolly";
  odo.tracks = dir + "/tracks.dolly";
  odo.output = dir + "/odometry.dolly";
  odo.labelled_tracks = dir + "/labelled.dolly";
  odometry::RunOdometryImpl(odo);
  // A tracker gives no instance ids.
  auto labelled = artifact::ReadArtifact<schema::TrackSetInfo>(odo.labelled_tracks);
  labelled.info.__isset.instance_ids = false;
  artifact::WriteArtifact(odo.labelled_tracks, labelled);

  TransferToolOptions o = OptionsFor(dir);
  o.tracks = odo.labelled_tracks;
  o.camera = odo.output;
  cli::Summary summary;
  RunTransferImpl(o, &summary);
  BOOST_TEST_MESSAGE("summary: " << summary.json().dump());
  const MotionScene ms = ReadMotionScene(o.output);
  const synth::testing::ViewData gt = synth::testing::ReadView(dir);
  const int64_t n = gt.track_count();
  BOOST_REQUIRE(ms.point_count() == n);

  // Labels vs GT, and clusters vs GT instances.
  const uint8_t* truth = TensorData<uint8_t>(gt.tracks.info.labels);
  int label_agree = 0;
  std::map<int, std::map<int, int>> members;
  for (int64_t i = 0; i < n; ++i) {
    const bool dyn = ms.points[i].object_id >= 0;
    label_agree += dyn == (truth[i] == schema::TrackLabel::DYNAMIC);
    if (dyn) members[ms.points[i].object_id][gt.InstanceId(i)]++;
  }
  int impure = 0, big = 0;
  for (const auto& [object, counts] : members) {
    int sum = 0, best = 0;
    for (const auto& [instance, count] : counts) {
      sum += count;
      best = std::max(best, count);
    }
    impure += sum - best;
    big += sum >= 5;
  }
  BOOST_TEST_MESSAGE("labels agree with GT for " << label_agree << " of " << n << " tracks; "
                                                 << members.size() << " objects (" << big
                                                 << " with >= 5 tracks), " << impure
                                                 << " tracks in a foreign object");
  BOOST_TEST(label_agree >= 0.95 * n);
  BOOST_TEST(big == 2);
  BOOST_TEST(impure <= 2);

  // Reprojection of the GT tracks with the estimated cameras, and 3D error
  // of the points relative to their depth.
  std::vector<double> px, rel;
  for (int t = 0; t < kFrames; ++t) {
    const SceneFrame& f = ms.frames[t];
    const Eigen::Isometry3d camera_from_world = f.world_from_camera.inverse();
    for (int64_t i = 0; i < n; ++i) {
      if (!gt.Visible(t, i)) continue;
      const Eigen::Vector3d c = camera_from_world * f.points_world[i].cast<double>();
      if (c.z() <= 0) {
        px.push_back(1e9);
        continue;
      }
      px.push_back((f.camera.Project(c) - gt.Position(t, i)).norm());
      const Eigen::Vector3d p_gt = gt.PointWorld(t, i);
      rel.push_back((f.points_world[i].cast<double>() - p_gt).norm() /
                    (gt.WorldFromCamera(t).inverse() * p_gt).z());
    }
  }
  std::vector<double> sorted = px;
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST_MESSAGE("reprojection: median " << Median(px) << " px, p90 "
                                             << sorted[sorted.size() * 9 / 10]
                                             << " px; 3D error / depth: median " << Median(rel));
  BOOST_TEST(Median(px) < 0.5);
  BOOST_TEST(Median(rel) < 0.005);
}

}  // namespace
}  // namespace dolly::motion::testing
