#include "libs/frames/frame_input.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::frames {
namespace {

class SingleImageSource : public media::FrameSource {
 public:
  explicit SingleImageSource(const std::string& path) : image_(media::ReadImageRgb(path)) {}
  int width() const override { return image_.cols; }
  int height() const override { return image_.rows; }
  double fps() const override { return 0.0; }
  int64_t frame_count_hint() const override { return 1; }
  bool Next(cv::Mat* rgb) override {
    if (done_) return false;
    *rgb = image_;
    done_ = true;
    return true;
  }

 private:
  cv::Mat image_;
  bool done_ = false;
};

class VideoArtifactSource : public media::FrameSource {
 public:
  explicit VideoArtifactSource(const std::string& path) : reader_(path) {}
  int width() const override { return reader_.info().width; }
  int height() const override { return reader_.info().height; }
  double fps() const override { return reader_.info().__isset.fps ? reader_.info().fps : 0.0; }
  int64_t frame_count_hint() const override {
    return reader_.info().__isset.frame_count ? reader_.info().frame_count : -1;
  }
  // The artifact reader has already checked the image is UINT8 [H, W, 3].
  bool Next(cv::Mat* rgb) override {
    schema::VideoFrame frame;
    if (!reader_.NextFrame(&frame)) return false;
    *rgb = MatFromTensor(frame.image);
    return true;
  }

 private:
  artifact::ArtifactReader<schema::VideoInfo> reader_;
};

bool StartsWithArtifactMagic(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof(artifact::kMagic)] = {};
  in.read(magic, sizeof(magic));
  return in && std::memcmp(magic, artifact::kMagic, sizeof(magic)) == 0;
}

}  // namespace

std::unique_ptr<media::FrameSource> OpenFrameInput(const std::string& path) {
  if (path == "-") {
    // A Video artifact on stdin; its reader refuses a second claim on stdin.
    return std::make_unique<VideoArtifactSource>(path);
  }
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISREG(st.st_mode) && StartsWithArtifactMagic(path)) {
    return std::make_unique<VideoArtifactSource>(path);
  }
  if (S_ISREG(st.st_mode) && media::HasImageExtension(path)) {
    return std::make_unique<SingleImageSource>(path);
  }
  return media::OpenFrameSource(path);
}

Frames ReadAllFrames(const std::string& path, bool gray) {
  std::unique_ptr<media::FrameSource> source = OpenFrameInput(path);
  Frames out;
  out.fps = source->fps();
  cv::Mat rgb;
  while (source->Next(&rgb)) {
    if (gray) {
      cv::Mat g;
      cv::cvtColor(rgb, g, cv::COLOR_RGB2GRAY);
      out.images.push_back(g);
    } else {
      out.images.push_back(rgb.clone());
    }
  }
  return out;
}

}  // namespace dolly::frames
