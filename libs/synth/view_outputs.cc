#include "libs/synth/view_outputs.h"

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/media/frame_rate.h"
#include "libs/media/video_reader.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::synth {

namespace {

schema::VideoInfo VideoInfo(const RunInfo& run) {
  schema::VideoInfo info;
  info.__set_width(run.camera.width);
  info.__set_height(run.camera.height);
  info.__set_fps(run.fps);
  info.__set_frame_count(run.frames);
  return info;
}

schema::DepthSequenceInfo DepthInfo(const RunInfo& run) {
  schema::DepthSequenceInfo info;
  info.__set_kind(schema::DepthKind::METRIC);
  info.__set_scale(1.0);
  info.__set_shift(0.0);
  info.__set_intrinsics(geometry::ToIntrinsics(run.camera));
  info.__set_frame_count(run.frames);
  info.__set_fps(run.fps);
  return info;
}

schema::CameraTrajectoryInfo CameraInfo(const RunInfo& run) {
  schema::CameraTrajectoryInfo info;
  info.__set_intrinsics(geometry::ToIntrinsics(run.camera));
  info.__set_frame_count(run.frames);
  info.__set_fps(run.fps);
  info.__set_world_frame(run.world_frame);
  return info;
}

schema::SceneGroundTruthInfo SceneInfo(const RunInfo& run, const Scene& scene) {
  std::vector<schema::SceneObject> objects;
  for (const SceneObjectModel& model : scene.objects) {
    schema::SceneObject object;
    object.__set_id(model.id);
    object.__set_name(model.name);
    object.__set_shape(model.shape);
    object.__set_rigid(model.rigid);
    object.__set_size(geometry::ToVec3(model.size));
    objects.push_back(object);
  }
  schema::SceneGroundTruthInfo info;
  info.__set_objects(objects);
  info.__set_intrinsics(geometry::ToIntrinsics(run.camera));
  info.__set_frame_count(run.frames);
  info.__set_fps(run.fps);
  info.__set_recipe(run.recipe_json);
  info.__set_seed(run.seed);
  info.__set_view_count(run.views);
  return info;
}

// The mask of a frame: 255 where the instance id is > 0 (any object, the
// ground and backdrop included), 0 where nothing is drawn.
cv::Mat ObjectMask(const cv::Mat& instance_id) {
  cv::Mat mask;
  cv::compare(instance_id, 0, mask, cv::CMP_GT);
  return mask;
}

}  // namespace

ViewOutputs::ViewOutputs(const std::string& dir, const RunInfo& run, const Scene& scene)
    : fps_(run.fps),
      width_(run.camera.width),
      height_(run.camera.height),
      files_{"video.dolly", "depth.dolly", "camera.dolly", "scene.dolly"},
      video_(dir + "/video.dolly", run.header, VideoInfo(run)),
      depth_(dir + "/depth.dolly", run.header, DepthInfo(run)),
      camera_(dir + "/camera.dolly", run.header, CameraInfo(run)),
      scene_(dir + "/scene.dolly", run.header, SceneInfo(run, scene)) {
  if (run.write_mp4) {
    mp4_ = media::Mp4Writer::Open(dir + "/video.mp4", run.camera.width, run.camera.height,
                                  media::FrameRateFromDouble(run.fps));
    files_.push_back("video.mp4");
  }
  if (run.h264_crf >= 0) {
    h264_path_ = dir + "/h264_round_trip.mp4";
    h264_ = media::Mp4Writer::Open(h264_path_, run.camera.width, run.camera.height,
                                   media::FrameRateFromDouble(run.fps), run.h264_crf);
  }
  if (run.write_png) {
    png_ = std::make_unique<media::PngSequenceWriter>(dir + "/frames");
    mask_dir_ = dir + "/masks";
    std::error_code ec;
    std::filesystem::create_directories(mask_dir_, ec);
    if (ec) throw IoError(mask_dir_ + ": cannot create (" + ec.message() + ")");
  }
}

void ViewOutputs::WriteFrame(int frame, const Eigen::Isometry3d& world_from_camera,
                             const render::RenderOutput& render,
                             const std::vector<ObjectBox>& boxes) {
  const double timestamp = frame / fps_;
  if (h264_) {
    h264_->Write(render.rgb);
  } else {
    WriteRgb(frame, render.rgb);
  }

  schema::DepthFrame depth;
  depth.__set_index(frame);
  depth.__set_timestamp(timestamp);
  depth.__set_depth(TensorFromMat(render.depth));
  depth_.WriteFrame(depth);

  schema::CameraFrame camera;
  camera.__set_index(frame);
  camera.__set_timestamp(timestamp);
  camera.__set_world_from_camera(geometry::ToPose(world_from_camera));
  camera_.WriteFrame(camera);

  std::vector<schema::Box3D> box_records;
  for (const ObjectBox& box : boxes) {
    schema::Box3D record;
    record.__set_object_id(box.object_id);
    record.__set_world_from_object(geometry::ToPose(box.world_from_box));
    record.__set_size(geometry::ToVec3(box.size));
    box_records.push_back(record);
  }
  schema::SceneGroundTruthFrame scene;
  scene.__set_index(frame);
  scene.__set_instance_mask(TensorFromMat(render.instance_id));
  scene.__set_boxes(box_records);
  scene_.WriteFrame(scene);

  if (!mask_dir_.empty()) {
    char name[32];
    std::snprintf(name, sizeof(name), "/%06d.png", frame);
    const std::string path = mask_dir_ + name;
    if (!cv::imwrite(path, ObjectMask(render.instance_id))) throw IoError(path + ": cannot write");
  }
}

void ViewOutputs::WriteRgb(int frame, const cv::Mat& rgb) {
  schema::VideoFrame video;
  video.__set_index(frame);
  video.__set_timestamp(frame / fps_);
  video.__set_image(TensorFromMat(rgb));
  video_.WriteFrame(video);
  if (mp4_) mp4_->Write(rgb);
  if (png_) png_->Write(rgb);
}

void ViewOutputs::Finish() {
  if (h264_) {
    h264_->Close();
    const int64_t frames = h264_->frames_written();
    h264_.reset();
    std::unique_ptr<media::VideoReader> reader = media::VideoReader::Open(h264_path_);
    cv::Mat decoded;
    for (int64_t frame = 0; frame < frames; ++frame) {
      if (!reader->Next(&decoded)) throw IoError(h264_path_ + ": fewer frames decoded than encoded");
      // Odd sizes come back padded to even: keep the rendered size.
      WriteRgb(static_cast<int>(frame), decoded(cv::Rect(0, 0, width_, height_)).clone());
    }
    reader.reset();
    std::error_code ec;
    std::filesystem::remove(h264_path_, ec);
  }
  video_.Finish();
  depth_.Finish();
  camera_.Finish();
  scene_.Finish();
  if (mp4_) mp4_->Close();
}

}  // namespace dolly::synth
