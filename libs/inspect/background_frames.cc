#include "libs/inspect/background_frames.h"

#include "libs/frames/frame_input.h"

namespace dolly::inspect {
namespace {

class SourceFrames : public BackgroundFrames {
 public:
  explicit SourceFrames(const std::string& path) : source_(frames::OpenFrameInput(path)) {}
  cv::Size size() const override { return {source_->width(), source_->height()}; }

 protected:
  bool Read(cv::Mat* rgb) override { return source_->Next(rgb); }

 private:
  std::unique_ptr<media::FrameSource> source_;
};

}  // namespace

std::unique_ptr<BackgroundFrames> BackgroundFrames::Open(const std::string& path) {
  return std::make_unique<SourceFrames>(path);
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
