// A directory of numbered still frames read as a video.
#ifndef DOLLY_LIBS_MEDIA_FRAME_DIRECTORY_READER_H_
#define DOLLY_LIBS_MEDIA_FRAME_DIRECTORY_READER_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "libs/media/frame_source.h"

namespace dolly::media {

// Reads the PNG/JPEG files of a directory (not its subdirectories) in
// natural name order: runs of digits compare by value, so "frame_9.png"
// comes before "frame_10.png", and zero-padded names sort as expected.
// Hidden files (leading '.') and other extensions are ignored. Frames are
// decoded one at a time by Next(); every frame must have the first one's
// size.
class FrameDirectoryReader : public FrameSource {
 public:
  // Lists `dir` and decodes its first frame. Throws IoError when the
  // directory cannot be listed, InvalidInputError (naming `dir`) when it
  // holds no PNG/JPEG file or (naming the file) when the first frame does not
  // decode. `fps` is only reported back, since a directory has no timing.
  static std::unique_ptr<FrameDirectoryReader> Open(const std::string& dir,
                                                    double fps = 0.0);

  int width() const override { return first_frame_size_.width; }
  int height() const override { return first_frame_size_.height; }
  double fps() const override { return fps_; }
  int64_t frame_count_hint() const override {
    return static_cast<int64_t>(files_.size());
  }
  bool Next(cv::Mat* rgb) override;

  // The frame files in reading order.
  const std::vector<std::string>& files() const { return files_; }

 private:
  FrameDirectoryReader(std::vector<std::string> files, double fps);

  std::vector<std::string> files_;
  double fps_;
  size_t next_index_ = 0;
  cv::Size first_frame_size_;
  cv::Mat first_frame_;
};

// Natural ordering used by FrameDirectoryReader, exposed for tools that list
// files themselves: digit runs compare by value; of equal values the one with
// fewer leading zeros comes first, so the order is strict.
bool NaturalLess(const std::string& a, const std::string& b);

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_FRAME_DIRECTORY_READER_H_
