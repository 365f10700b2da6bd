// Frames as numbered PNG files: lossless, and readable back with
// FrameDirectoryReader.
#ifndef DOLLY_LIBS_MEDIA_PNG_SEQUENCE_WRITER_H_
#define DOLLY_LIBS_MEDIA_PNG_SEQUENCE_WRITER_H_

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace dolly::media {

// Writes frame i (counting from `first_index`) to dir/<pattern % i>, each
// file atomically. `pattern` is a printf pattern with exactly one integer
// conversion (%d, %06d, ...) and no other '%', ending in .png; anything else
// is a UsageError, as is a negative `first_index`. Creates `dir` (and its
// parents) if needed; IoError when it cannot.
class PngSequenceWriter {
 public:
  explicit PngSequenceWriter(const std::string& dir,
                             const std::string& pattern = "%06d.png",
                             int first_index = 0);

  // Writes one CV_8UC3 RGB frame and returns its path.
  std::string Write(const cv::Mat& rgb);

  int frames_written() const { return next_index_ - first_index_; }

 private:
  std::string dir_;
  // The pattern, split around its "%0Nd".
  std::string prefix_, suffix_;
  char fill_ = ' ';
  size_t width_ = 0;
  int first_index_;
  int next_index_;
};

// Writes all `frames` with a PngSequenceWriter.
void WritePngSequence(const std::string& dir,
                      const std::vector<cv::Mat>& frames,
                      const std::string& pattern = "%06d.png");

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_PNG_SEQUENCE_WRITER_H_
