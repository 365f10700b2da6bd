// The video format dolly writes: H.264 in MP4, which every player and
// browser opens.
#ifndef DOLLY_LIBS_MEDIA_VIDEO_WRITER_H_
#define DOLLY_LIBS_MEDIA_VIDEO_WRITER_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>

#include "libs/media/frame_rate.h"
#include "libs/media/video_encoder.h"

namespace dolly::media {

// Writes an MP4 (whatever the extension) with libx264 at constant quality
// `crf` (18: visually lossless), yuv420p. When this FFmpeg has no libx264,
// falls back to FFmpeg's native "mpeg4" encoder and says so on stderr.
// Atomic like VideoEncoder: the file appears at `path` only when Close()
// succeeds. Odd sizes are padded to even by repeating the last column/row,
// so a 95x63 input is read back as 96x64 (see encoded_width()).
class Mp4Writer {
 public:
  static std::unique_ptr<Mp4Writer> Open(const std::string& path, int width,
                                         int height, FrameRate fps,
                                         int crf = 18);

  void Write(const cv::Mat& rgb) { encoder_->Write(rgb); }
  void Close() { encoder_->Close(); }

  int encoded_width() const { return encoder_->encoded_width(); }
  int encoded_height() const { return encoder_->encoded_height(); }
  // "libx264", or "mpeg4" after a fallback.
  const std::string& codec_name() const { return encoder_->codec_name(); }
  int64_t frames_written() const { return encoder_->frames_written(); }

 private:
  explicit Mp4Writer(std::unique_ptr<VideoEncoder> encoder)
      : encoder_(std::move(encoder)) {}
  std::unique_ptr<VideoEncoder> encoder_;
};

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_VIDEO_WRITER_H_
