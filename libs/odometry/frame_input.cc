#include "libs/odometry/frame_input.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/media/frame_source.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/video_types.h"

namespace dolly::odometry {
namespace {

bool IsArtifact(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof(artifact::kMagic)] = {};
  in.read(magic, sizeof(magic));
  return in && std::memcmp(magic, artifact::kMagic, sizeof(magic)) == 0;
}

cv::Mat ToGray(const cv::Mat& rgb) {
  cv::Mat gray;
  cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
  return gray;
}

}  // namespace

GrayFrames ReadGrayFrames(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  GrayFrames out;
  if (S_ISREG(st.st_mode) && IsArtifact(path)) {
    artifact::ArtifactReader<schema::VideoInfo> reader(path);
    if (reader.info().__isset.fps) out.fps = reader.info().fps;
    schema::VideoFrame frame;
    while (reader.NextFrame(&frame)) {
      if (!frame.__isset.image) {
        throw InvalidInputError(path + ": frame " + std::to_string(reader.frames_read() - 1) +
                                " has no image");
      }
      const cv::Mat image = MatFromTensor(frame.image);
      if (image.type() != CV_8UC3) {
        throw InvalidInputError(path + ": frame " + std::to_string(reader.frames_read() - 1) +
                                " is not UINT8 [H, W, 3] RGB");
      }
      out.frames.push_back(ToGray(image));
    }
    return out;
  }
  std::unique_ptr<media::FrameSource> source = media::OpenFrameSource(path);
  out.fps = source->fps();
  cv::Mat rgb;
  while (source->Next(&rgb)) out.frames.push_back(ToGray(rgb));
  return out;
}

}  // namespace dolly::odometry
