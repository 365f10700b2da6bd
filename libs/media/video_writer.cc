#include "libs/media/video_writer.h"

namespace dolly::media {

std::unique_ptr<Mp4Writer> Mp4Writer::Open(const std::string& path, int width,
                                           int height, FrameRate fps, int crf) {
  VideoEncoderOptions options;
  options.codec = "libx264";
  options.fallback_codec = "mpeg4";
  options.container = "mp4";
  options.crf = crf;
  return std::unique_ptr<Mp4Writer>(
      new Mp4Writer(VideoEncoder::Open(path, width, height, fps, options)));
}

}  // namespace dolly::media
