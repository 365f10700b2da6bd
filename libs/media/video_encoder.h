// Encoding RGB frames into a video file with any FFmpeg encoder and muxer.
// Mp4Writer (video_writer.h) is the usual entry point; this layer also
// writes other containers and codecs (the tests use it for AVI).
#ifndef DOLLY_LIBS_MEDIA_VIDEO_ENCODER_H_
#define DOLLY_LIBS_MEDIA_VIDEO_ENCODER_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>

#include "libs/media/frame_rate.h"

namespace dolly::media {

struct VideoEncoderOptions {
  // FFmpeg encoder name: "libx264", "mpeg4", "mjpeg", ...
  std::string codec = "libx264";
  // Used instead, with a note on stderr, when this FFmpeg lacks `codec`;
  // empty: fail with ResourceError.
  std::string fallback_codec;
  // FFmpeg muxer name ("mp4", "avi", "matroska"); empty: guessed from the
  // extension of the output path.
  std::string container;
  // libx264 constant rate factor: 0 lossless, 18 visually lossless, 23
  // x264's default.
  int crf = 18;
  // Other encoders: fixed quantiser, 1 (best) to 31.
  int qscale = 2;
  // Clockwise quarter turns (0, 90, 180, 270) a player should apply when
  // showing the video, stored as a display-rotation tag the way phones
  // record portrait video; the pixels are stored as given. MP4/MOV only.
  int display_rotation = 0;
};

// Writes frames as they come (nothing is buffered beyond the encoder's own
// lookahead) into a temporary file beside the output, renamed over it by
// Close(); destroying an unclosed encoder removes the temporary file, so a
// failed run leaves no partial video.
//
// Pixels are stored as 4:2:0 YUV (yuv420p, limited range, BT.709 tags; JPEG
// based codecs get full-range yuvj420p, BT.601), which needs even
// dimensions: an odd width or height is padded by one column or row that
// repeats the last one, so the file is encoded_width() x encoded_height().
class VideoEncoder {
 public:
  // Throws UsageError for a bad size, frame rate, rotation or unknown
  // container,
  // ResourceError when neither codec exists, IoError when the file cannot be
  // created.
  static std::unique_ptr<VideoEncoder> Open(const std::string& path, int width,
                                            int height, FrameRate fps,
                                            const VideoEncoderOptions& options);

  ~VideoEncoder();
  VideoEncoder(const VideoEncoder&) = delete;
  VideoEncoder& operator=(const VideoEncoder&) = delete;

  // Appends one CV_8UC3 RGB frame of the size given to Open().
  void Write(const cv::Mat& rgb);
  // Flushes the encoder, finishes the file and renames it into place.
  // Writing no frame at all is a UsageError (the file would be unreadable).
  void Close();

  int encoded_width() const;
  int encoded_height() const;
  // The encoder actually used (differs from options.codec after a fallback).
  const std::string& codec_name() const;
  int64_t frames_written() const;

 private:
  struct State;
  explicit VideoEncoder(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_VIDEO_ENCODER_H_
