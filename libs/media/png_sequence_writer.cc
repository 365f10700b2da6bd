#include "libs/media/png_sequence_writer.h"

#include <cctype>
#include <filesystem>
#include <system_error>

#include "libs/core/error.h"
#include "libs/media/image_io.h"

namespace dolly::media {
namespace {

// A printf-like "<prefix>%[0][width]d<suffix>" pattern, parsed here rather
// than handed to snprintf so that no caller string is ever a format string.
struct FramePattern {
  std::string prefix, suffix;
  char fill = ' ';
  size_t width = 0;
};

bool ParsePattern(const std::string& pattern, FramePattern* parsed) {
  const size_t percent = pattern.find('%');
  if (percent == std::string::npos) return false;
  size_t i = percent + 1;
  if (i < pattern.size() && pattern[i] == '0') {
    parsed->fill = '0';
    ++i;
  }
  const size_t width_begin = i;
  while (i < pattern.size() &&
         std::isdigit(static_cast<unsigned char>(pattern[i]))) {
    ++i;
  }
  if (i - width_begin > 2 || i >= pattern.size() || pattern[i] != 'd') {
    return false;
  }
  if (i > width_begin) {
    parsed->width = std::stoul(pattern.substr(width_begin, i - width_begin));
  }
  parsed->prefix = pattern.substr(0, percent);
  parsed->suffix = pattern.substr(i + 1);
  const std::string png = ".png";
  return parsed->suffix.find('%') == std::string::npos &&
         pattern.find('/') == std::string::npos &&
         pattern.size() > png.size() &&
         pattern.compare(pattern.size() - png.size(), png.size(), png) == 0;
}

std::string FormatName(const FramePattern& pattern, int index) {
  std::string number = std::to_string(index);
  if (number.size() < pattern.width) {
    number.insert(0, pattern.width - number.size(), pattern.fill);
  }
  return pattern.prefix + number + pattern.suffix;
}

}  // namespace

PngSequenceWriter::PngSequenceWriter(const std::string& dir,
                                     const std::string& pattern,
                                     int first_index)
    : dir_(dir), first_index_(first_index), next_index_(first_index) {
  FramePattern parsed;
  if (!ParsePattern(pattern, &parsed)) {
    throw UsageError(pattern +
                     ": frame file pattern needs exactly one %d "
                     "(e.g. %06d.png), no '/', and a .png ending");
  }
  if (first_index < 0) {
    throw UsageError(dir + ": negative first frame index " +
                     std::to_string(first_index));
  }
  prefix_ = parsed.prefix;
  suffix_ = parsed.suffix;
  fill_ = parsed.fill;
  width_ = parsed.width;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    throw IoError(dir + ": cannot create directory: " +
                  (error ? error.message() : "not a directory"));
  }
}

std::string PngSequenceWriter::Write(const cv::Mat& rgb) {
  const FramePattern pattern{prefix_, suffix_, fill_, width_};
  const std::string path =
      (std::filesystem::path(dir_) / FormatName(pattern, next_index_)).string();
  WriteImageRgb(path, rgb);
  ++next_index_;
  return path;
}

void WritePngSequence(const std::string& dir,
                      const std::vector<cv::Mat>& frames,
                      const std::string& pattern) {
  PngSequenceWriter writer(dir, pattern);
  for (const cv::Mat& frame : frames) writer.Write(frame);
}

}  // namespace dolly::media
