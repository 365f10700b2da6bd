#include "libs/inspect/background_frames.h"

#include <cstdio>
#include <cstring>

#include "libs/artifact/artifact_io.h"
#include "libs/media/frame_source.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::inspect {
namespace {

class ArtifactFrames : public BackgroundFrames {
 public:
  explicit ArtifactFrames(const std::string& path) : reader_(path) {}
  cv::Size size() const override { return {reader_.info().width, reader_.info().height}; }

 protected:
  bool Read(cv::Mat* rgb) override {
    schema::VideoFrame frame;
    if (!reader_.NextFrame(&frame)) return false;
    *rgb = MatFromTensor(frame.image);
    return true;
  }

 private:
  artifact::ArtifactReader<schema::VideoInfo> reader_;
};

class MediaFrames : public BackgroundFrames {
 public:
  explicit MediaFrames(const std::string& path) : source_(media::OpenFrameSource(path)) {}
  cv::Size size() const override { return {source_->width(), source_->height()}; }

 protected:
  bool Read(cv::Mat* rgb) override { return source_->Next(rgb); }

 private:
  std::unique_ptr<media::FrameSource> source_;
};

bool StartsWithArtifactMagic(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;  // a directory, or missing: the media layer says which
  char magic[sizeof(artifact::kMagic)];
  const bool match = std::fread(magic, 1, sizeof(magic), file) == sizeof(magic) &&
                     std::memcmp(magic, artifact::kMagic, sizeof(magic)) == 0;
  std::fclose(file);
  return match;
}

}  // namespace

std::unique_ptr<BackgroundFrames> BackgroundFrames::Open(const std::string& path) {
  if (StartsWithArtifactMagic(path)) return std::make_unique<ArtifactFrames>(path);
  return std::make_unique<MediaFrames>(path);
}

cv::Mat BackgroundFrames::Next() {
  cv::Mat frame;
  if (!exhausted_ && Read(&frame)) {
    last_ = frame;
    return frame.clone();
  }
  exhausted_ = true;
  if (last_.empty()) last_ = cv::Mat(size(), CV_8UC3, cv::Scalar(0, 0, 0));
  return last_.clone();
}

}  // namespace dolly::inspect
