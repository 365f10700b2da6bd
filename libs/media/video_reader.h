// Streaming video decoding through FFmpeg (libavformat/libavcodec/libswscale).
#ifndef DOLLY_LIBS_MEDIA_VIDEO_READER_H_
#define DOLLY_LIBS_MEDIA_VIDEO_READER_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>

#include "libs/media/frame_source.h"

namespace dolly::media {

// Decodes the best video stream of a file (MP4/H.264, AVI/MJPEG or MPEG-4,
// and whatever else this FFmpeg reads) one frame at a time, in display
// order. A display-rotation tag (portrait phone videos) is applied, so
// width()/height() are the displayed size. Other streams are skipped. A
// still image reads as a one-frame video.
//
// Damage the decoder reports, and packets cut short by truncation, make
// Next() throw InvalidInputError naming the file; damage the decoder
// conceals passes (as in FFmpeg's own tools), and a file cut at a packet
// boundary in a container without a frame index (MKV) reads as a shorter
// video.
class VideoReader : public FrameSource {
 public:
  // Opens `path` and decodes its first frame, so that a file with no
  // decodable frame fails here. Throws IoError when the file cannot be
  // opened, InvalidInputError (naming the file) when it is empty, not a
  // video, has no video stream or no decodable frame.
  static std::unique_ptr<VideoReader> Open(const std::string& path);

  ~VideoReader() override;
  VideoReader(const VideoReader&) = delete;
  VideoReader& operator=(const VideoReader&) = delete;

  int width() const override;
  int height() const override;
  double fps() const override;
  int64_t frame_count_hint() const override;
  bool Next(cv::Mat* rgb) override;

 private:
  struct State;
  explicit VideoReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_VIDEO_READER_H_
