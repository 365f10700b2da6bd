// The per-camera files of a dolly-synth run, written frame by frame:
// video.mp4, frames/NNNNNN.png, masks/NNNNNN.png, video.dolly, depth.dolly,
// camera.dolly and scene.dolly (tracks.dolly is written at the end by TrackRecorder).
#ifndef DOLLY_LIBS_SYNTH_VIEW_OUTPUTS_H_
#define DOLLY_LIBS_SYNTH_VIEW_OUTPUTS_H_

#include <memory>
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "libs/artifact/artifact_io.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_writer.h"
#include "libs/render/render_types.h"
#include "libs/synth/scene.h"

namespace dolly::synth {

// What every artifact of a run shares.
struct RunInfo {
  schema::ArtifactHeader header;
  geometry::PinholeCamera camera;
  int frames = 0;
  double fps = 0.0;
  int views = 1;
  std::string world_frame;
  std::string recipe_json;
  int64_t seed = 0;
  bool write_mp4 = true;
  bool write_png = true;
};

class ViewOutputs {
 public:
  ViewOutputs(const std::string& dir, const RunInfo& run, const Scene& scene);
  void WriteFrame(int frame, const Eigen::Isometry3d& world_from_camera,
                  const render::RenderOutput& render, const std::vector<ObjectBox>& boxes);
  void Finish();
  // The files written (final names are the same relative to the directory).
  const std::vector<std::string>& files() const { return files_; }

 private:
  double fps_;
  std::vector<std::string> files_;
  artifact::ArtifactWriter<schema::VideoInfo> video_;
  artifact::ArtifactWriter<schema::DepthSequenceInfo> depth_;
  artifact::ArtifactWriter<schema::CameraTrajectoryInfo> camera_;
  artifact::ArtifactWriter<schema::SceneGroundTruthInfo> scene_;
  std::unique_ptr<media::Mp4Writer> mp4_;
  std::unique_ptr<media::PngSequenceWriter> png_;
  // masks/ (with the PNG frames): CV_8UC1, 255 where instance id > 0.
  std::string mask_dir_;
};

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_VIEW_OUTPUTS_H_
