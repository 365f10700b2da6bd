#include "libs/synth/track_recorder.h"

#include "libs/artifact/artifact_io.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/tensor.h"

namespace dolly::synth {

TrackRecorder::TrackRecorder(const Scene& scene, const std::vector<TrackAnchor>& anchors,
                             int view)
    : scene_(scene), anchors_(anchors), view_(view), first_visible_(anchors.size(), -1) {}

void TrackRecorder::Record(int frame, const ViewFrame& view_frame) {
  const int64_t n = static_cast<int64_t>(anchors_.size());
  std::vector<float> positions(2 * n), points(3 * n);
  std::vector<uint8_t> visibility(n);
  for (int64_t i = 0; i < n; ++i) {
    const TrackObservation obs = ObserveTrack(scene_, anchors_[i], view_frame);
    positions[2 * i] = static_cast<float>(obs.pixel.x());
    positions[2 * i + 1] = static_cast<float>(obs.pixel.y());
    for (int k = 0; k < 3; ++k) points[3 * i + k] = static_cast<float>(obs.point_world[k]);
    visibility[i] = obs.visible ? 1 : 0;
    if (obs.visible && first_visible_[i] < 0) first_visible_[i] = frame;
  }
  schema::TrackFrame record;
  record.__set_index(frame);
  record.__set_positions(MakeTensor<float>({n, 2}, positions.data()));
  record.__set_visibility(MakeTensor<uint8_t>({n}, visibility.data()));
  record.__set_points_world(MakeTensor<float>({n, 3}, points.data()));
  frames_.push_back(std::move(record));
}

void TrackRecorder::Write(const std::string& path, const RunInfo& run) const {
  const int64_t n = static_cast<int64_t>(anchors_.size());
  std::vector<int64_t> query_frames(n);
  std::vector<int32_t> instance_ids(n);
  std::vector<uint8_t> labels(n);
  for (int64_t i = 0; i < n; ++i) {
    const TrackAnchor& a = anchors_[i];
    query_frames[i] = (a.sample_view == view_ || first_visible_[i] < 0) ? a.sample_frame
                                                                          : first_visible_[i];
    const SceneObjectModel& object = scene_.objects[a.object];
    instance_ids[i] = object.id;
    labels[i] = object.dynamic ? schema::TrackLabel::DYNAMIC : schema::TrackLabel::STATIC;
  }
  schema::TrackSetInfo info;
  info.__set_track_count(n);
  info.__set_frame_count(static_cast<int64_t>(frames_.size()));
  info.__set_intrinsics(geometry::ToIntrinsics(run.camera));
  info.__set_query_frames(MakeTensor<int64_t>({n}, query_frames.data()));
  info.__set_instance_ids(MakeTensor<int32_t>({n}, instance_ids.data()));
  info.__set_labels(MakeTensor<uint8_t>({n}, labels.data()));
  info.__set_has_points_3d(true);
  info.__set_fps(run.fps);
  artifact::ArtifactWriter<schema::TrackSetInfo> writer(path, run.header, info);
  for (const schema::TrackFrame& frame : frames_) writer.WriteFrame(frame);
  writer.Finish();
}

}  // namespace dolly::synth
