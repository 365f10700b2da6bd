#include "libs/controls/control_artifact.h"

#include <optional>

#include "libs/core/error.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::controls {
namespace {

// The tensor of `image`, or nothing for an empty image.
std::optional<schema::Tensor> Convert(const cv::Mat& image, int type, int width, int height,
                                      const char* name) {
  if (image.empty()) return std::nullopt;
  if (image.type() != type || image.cols != width || image.rows != height) {
    throw InvalidInputError(
        std::string("control frame: ") + name + " is " + std::to_string(image.cols) + "x" +
        std::to_string(image.rows) + " of type " + std::to_string(image.type()) + ", expected " +
        std::to_string(width) + "x" + std::to_string(height) + " of type " + std::to_string(type));
  }
  return TensorFromMat(image);
}

}  // namespace

schema::ControlSignalsInfo MakeControlSignalsInfo(int width, int height, int64_t frame_count,
                                                  double fps, ObjectMapMode object_map,
                                                  CameraMapMode camera_map,
                                                  TrajectoryMapMode trajectory_map) {
  schema::ControlSignalsInfo info;
  info.__set_width(width);
  info.__set_height(height);
  info.__set_frame_count(frame_count);
  info.__set_fps(fps);
  info.__set_object_map_mode(ObjectMapModeName(object_map));
  info.__set_camera_map_mode(CameraMapModeName(camera_map));
  info.__set_trajectory_map_mode(TrajectoryMapModeName(trajectory_map));
  return info;
}

schema::ControlFrame ToControlFrame(const ControlImages& images, int64_t index, int width,
                                    int height) {
  schema::ControlFrame frame;
  frame.__set_index(index);
  if (auto t = Convert(images.object_map, CV_8UC3, width, height, "object_map"))
    frame.__set_object_map(*t);
  if (auto t = Convert(images.camera_map, CV_8UC3, width, height, "camera_map"))
    frame.__set_camera_map(*t);
  if (auto t = Convert(images.trajectory_map, CV_8UC3, width, height, "trajectory_map"))
    frame.__set_trajectory_map(*t);
  if (auto t = Convert(images.depth, CV_32FC1, width, height, "depth")) frame.__set_depth(*t);
  if (auto t = Convert(images.warp_preview, CV_8UC3, width, height, "warp_preview"))
    frame.__set_warp_preview(*t);
  if (auto t = Convert(images.warp_coverage, CV_8UC1, width, height, "warp_coverage"))
    frame.__set_warp_coverage(*t);
  if (auto t = Convert(images.box_wireframes, CV_8UC3, width, height, "box_wireframes"))
    frame.__set_box_wireframes(*t);
  return frame;
}

ControlImages FromControlFrame(const schema::ControlFrame& frame) {
  ControlImages images;
  const auto get = [](bool isset, const schema::Tensor& tensor) {
    return isset ? MatFromTensor(tensor) : cv::Mat();
  };
  images.object_map = get(frame.__isset.object_map, frame.object_map);
  images.camera_map = get(frame.__isset.camera_map, frame.camera_map);
  images.trajectory_map = get(frame.__isset.trajectory_map, frame.trajectory_map);
  images.depth = get(frame.__isset.depth, frame.depth);
  images.warp_preview = get(frame.__isset.warp_preview, frame.warp_preview);
  images.warp_coverage = get(frame.__isset.warp_coverage, frame.warp_coverage);
  images.box_wireframes = get(frame.__isset.box_wireframes, frame.box_wireframes);
  return images;
}

ControlSignalsWriter::ControlSignalsWriter(const std::string& path, schema::ArtifactHeader header,
                                           const schema::ControlSignalsInfo& info)
    : writer_(path, std::move(header), info), width_(info.width), height_(info.height) {}

void ControlSignalsWriter::Write(const ControlImages& images) {
  writer_.WriteFrame(ToControlFrame(images, writer_.frames_written(), width_, height_));
}

void ControlSignalsWriter::Finish() { writer_.Finish(); }

}  // namespace dolly::controls
