#include "libs/depth/frame_input.h"

#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/tensor/tensor.h"

namespace dolly::depth {
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
  explicit VideoArtifactSource(const std::string& path) : reader_(path) {
    const auto& info = reader_.info();
    if (!info.__isset.width || !info.__isset.height) {
      throw InvalidInputError(path + ": Video info lacks width/height");
    }
  }
  int width() const override { return reader_.info().width; }
  int height() const override { return reader_.info().height; }
  double fps() const override { return reader_.info().__isset.fps ? reader_.info().fps : 0.0; }
  int64_t frame_count_hint() const override {
    return reader_.info().__isset.frame_count ? reader_.info().frame_count : -1;
  }
  bool Next(cv::Mat* rgb) override {
    schema::VideoFrame frame;
    if (!reader_.NextFrame(&frame)) return false;
    const std::string where = reader_.path() + ": frame " + std::to_string(reader_.frames_read() - 1);
    CheckTensor(frame.image, where, schema::DType::UINT8, {height(), width(), 3});
    *rgb = MatFromTensor(frame.image);
    return true;
  }

 private:
  artifact::ArtifactReader<schema::VideoInfo> reader_;
};

}  // namespace

std::unique_ptr<media::FrameSource> OpenRgbInput(const std::string& path) {
  std::error_code ec;
  if (path != "-" && !std::filesystem::exists(path, ec)) {
    throw IoError(path + ": no such file or directory");
  }
  if (media::HasImageExtension(path)) return std::make_unique<SingleImageSource>(path);
  if (path == "-" || std::filesystem::path(path).extension() == ".dolly") {
    return std::make_unique<VideoArtifactSource>(path);
  }
  return media::OpenFrameSource(path);
}

}  // namespace dolly::depth
