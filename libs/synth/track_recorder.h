// Collects the observations of all tracks in one view over the clip and
// writes tracks.dolly at the end: the info record holds the per-track query
// frames, which depend on visibility in every frame.
#ifndef DOLLY_LIBS_SYNTH_TRACK_RECORDER_H_
#define DOLLY_LIBS_SYNTH_TRACK_RECORDER_H_

#include <string>
#include <vector>

#include "libs/synth/tracks.h"
#include "libs/synth/view_outputs.h"
#include "schemas/tracks_types.h"

namespace dolly::synth {

class TrackRecorder {
 public:
  TrackRecorder(const Scene& scene, const std::vector<TrackAnchor>& anchors, int view);
  // Observes every track in `view_frame` (frame `frame` of this view).
  void Record(int frame, const ViewFrame& view_frame);
  // Writes the TrackSet. Query frame of a track: its sample frame when it was
  // sampled in this view (it is visible there by construction), otherwise
  // the first frame it is visible in here; the sample frame if never.
  void Write(const std::string& path, const RunInfo& run) const;

 private:
  const Scene& scene_;
  const std::vector<TrackAnchor>& anchors_;
  int view_;
  std::vector<schema::TrackFrame> frames_;
  std::vector<int64_t> first_visible_;
};

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_TRACK_RECORDER_H_
