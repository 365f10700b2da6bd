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
  // >= 0: the RGB outputs are an H.264 round trip at this CRF (recipe key h264).
  int h264_crf = -1;
};

class ViewOutputs {
 public:
  ViewOutputs(const std::string& dir, const RunInfo& run, const Scene& scene);
  void WriteFrame(int frame, const Eigen::Isometry3d& world_from_camera,
                  const render::RenderOutput& render, const std::vector<ObjectBox>& boxes);
  void Finish();
  // Finish() writes the RGB outputs last when they go through H.264 first.
  // The files written (final names are the same relative to the directory).
  const std::vector<std::string>& files() const { return files_; }

 private:
  // video.dolly, video.mp4 and frames/ of one frame.
  void WriteRgb(int frame, const cv::Mat& rgb);

  double fps_;
  int width_;
  int height_;
  // The H.264 round trip: frames are encoded here while rendering and decoded
  // back in Finish(); the file is removed then.
  std::string h264_path_;
  std::unique_ptr<media::Mp4Writer> h264_;
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
