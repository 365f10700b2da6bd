#include "libs/inspect/frame_sequence.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libs/media/frame_rate.h"

namespace dolly::inspect {

FrameSequence::FrameSequence(const std::string& dir, const std::string& name, double fps)
    : video_path_(dir + "/" + name + ".mp4"),
      fps_(std::isfinite(fps) && fps > 0 ? fps : kDefaultFps),
      png_(dir + "/" + name, "%06d.png") {}

FrameSequence::~FrameSequence() = default;

void FrameSequence::Write(const cv::Mat& rgb) {
  png_.Write(rgb);
  if (!video_) {
    size_ = rgb.size();
    video_ = media::Mp4Writer::Open(video_path_, size_.width, size_.height,
                                    media::FrameRateFromDouble(fps_));
  }
  if (rgb.size() == size_) {
    video_->Write(rgb);
  } else {
    cv::Mat scaled;
    cv::resize(rgb, scaled, size_, 0, 0, cv::INTER_AREA);
    video_->Write(scaled);
  }
  ++frames_;
}

void FrameSequence::Close() {
  if (video_) video_->Close();
}

}  // namespace dolly::inspect
