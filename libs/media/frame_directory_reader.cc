#include "libs/media/frame_directory_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "libs/core/error.h"
#include "libs/media/image_io.h"

namespace dolly::media {
namespace fs = std::filesystem;

namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// Compares two digit runs by value without converting (runs may exceed any
// integer type): strip leading zeros, then longer is larger.
int CompareNumbers(const std::string& a, size_t a_begin, size_t a_end,
                   const std::string& b, size_t b_begin, size_t b_end) {
  while (a_begin + 1 < a_end && a[a_begin] == '0') ++a_begin;
  while (b_begin + 1 < b_end && b[b_begin] == '0') ++b_begin;
  const size_t a_len = a_end - a_begin, b_len = b_end - b_begin;
  if (a_len != b_len) return a_len < b_len ? -1 : 1;
  return a.compare(a_begin, a_len, b, b_begin, b_len);
}

}  // namespace

bool NaturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      size_t ie = i, je = j;
      while (ie < a.size() && IsDigit(a[ie])) ++ie;
      while (je < b.size() && IsDigit(b[je])) ++je;
      const int c = CompareNumbers(a, i, ie, b, j, je);
      if (c != 0) return c < 0;
      // Equal values: fewer leading zeros first.
      if (ie - i != je - j) return ie - i < je - j;
      i = ie, j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::unique_ptr<FrameDirectoryReader> FrameDirectoryReader::Open(
    const std::string& dir, double fps) {
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) {
    throw IoError(dir + ": cannot list directory: " + error.message());
  }
  std::vector<std::string> names;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::error_code type_error;
    if (name.empty() || name[0] == '.' || !HasImageExtension(name) ||
        !it->is_regular_file(type_error)) {
      continue;
    }
    names.push_back(name);
  }
  if (error) {
    throw IoError(dir + ": cannot list directory: " + error.message());
  }
  if (names.empty()) {
    throw InvalidInputError(dir + ": no PNG or JPEG frames in directory");
  }
  std::sort(names.begin(), names.end(), NaturalLess);
  std::vector<std::string> files;
  files.reserve(names.size());
  for (const std::string& name : names) {
    files.push_back((fs::path(dir) / name).string());
  }
  std::unique_ptr<FrameDirectoryReader> reader(
      new FrameDirectoryReader(std::move(files), fps));
  reader->first_frame_ = ReadImageRgb(reader->files_[0]);
  reader->first_frame_size_ = reader->first_frame_.size();
  return reader;
}

FrameDirectoryReader::FrameDirectoryReader(std::vector<std::string> files,
                                           double fps)
    : files_(std::move(files)), fps_(fps) {}

bool FrameDirectoryReader::Next(cv::Mat* rgb) {
  if (next_index_ >= files_.size()) return false;
  const std::string& file = files_[next_index_];
  cv::Mat frame =
      next_index_ == 0 ? std::move(first_frame_) : ReadImageRgb(file);
  first_frame_ = cv::Mat();
  if (frame.size() != first_frame_size_) {
    throw InvalidInputError(file + ": frame is " + std::to_string(frame.cols) +
                            "x" + std::to_string(frame.rows) +
                            ", but the first frame is " +
                            std::to_string(first_frame_size_.width) + "x" +
                            std::to_string(first_frame_size_.height));
  }
  ++next_index_;
  *rgb = std::move(frame);
  return true;
}

}  // namespace dolly::media
