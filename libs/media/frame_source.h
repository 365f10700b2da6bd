// The one interface through which stages read input frames, whether they come
// from a video file or a directory of images.
#ifndef DOLLY_LIBS_MEDIA_FRAME_SOURCE_H_
#define DOLLY_LIBS_MEDIA_FRAME_SOURCE_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>

namespace dolly::media {

// A forward-only stream of RGB frames. Sources hold at most a few frames in
// memory, so any length of input can be processed.
class FrameSource {
 public:
  virtual ~FrameSource() = default;

  // Size of every frame Next() returns.
  virtual int width() const = 0;
  virtual int height() const = 0;
  // Frames per second; 0 when unknown (a frame directory opened without one).
  virtual double fps() const = 0;
  // Number of frames expected, or -1 if unknown. Only a hint (for progress
  // and preallocation): Next() is the authority on where the stream ends.
  virtual int64_t frame_count_hint() const = 0;

  // Stores the next frame (CV_8UC3, RGB, width() x height(), freshly
  // allocated so callers may keep it) in *rgb and returns true; returns false
  // once the source is exhausted. Throws InvalidInputError naming the file
  // when the data is corrupt.
  virtual bool Next(cv::Mat* rgb) = 0;
};

// Opens a directory as a FrameDirectoryReader (reporting `directory_fps`)
// and anything else as a VideoReader.
std::unique_ptr<FrameSource> OpenFrameSource(const std::string& path,
                                             double directory_fps = 0.0);

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_FRAME_SOURCE_H_
