#include "libs/media/image_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::media {
namespace {

std::string LowerExtension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return "";
  }
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::vector<unsigned char> ReadFileBytes(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat info;
  if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    close(fd);
    throw IoError(path + ": cannot open: not a regular file");
  }
  // Images are decoded whole; a bigger file is a wrong input (a video
  // passed as an image), not something to load into memory.
  constexpr off_t kMaxImageFileBytes = off_t{1} << 31;
  if (info.st_size > kMaxImageFileBytes) {
    close(fd);
    throw InvalidInputError(path + ": " + std::to_string(info.st_size) +
                            " bytes is too large for an image file");
  }
  std::vector<unsigned char> bytes(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = read(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      close(fd);
      throw IoError(path + ": cannot read: " + reason);
    }
    if (n == 0) break;  // Shrunk while reading; decode what is there.
    done += static_cast<size_t>(n);
  }
  close(fd);
  bytes.resize(done);
  return bytes;
}

// OpenCV's what() spans several lines with source locations; err is the
// one-line reason.
std::string OneLine(const cv::Exception& e) {
  std::string text = e.err;
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

cv::Mat Decode(const std::string& path, int flags) {
  const std::vector<unsigned char> bytes = ReadFileBytes(path);
  if (bytes.empty()) throw InvalidInputError(path + ": empty file");
  cv::Mat image;
  try {
    image = cv::imdecode(bytes, flags);
  } catch (const cv::Exception& e) {
    throw InvalidInputError(path + ": cannot decode image: " + OneLine(e));
  }
  if (image.empty()) {
    throw InvalidInputError(path + ": not a decodable PNG or JPEG image");
  }
  return image;
}

std::string Describe(const cv::Mat& image) {
  const int depth = image.depth();
  const std::string bits = depth == CV_8U    ? "8-bit"
                           : depth == CV_16U ? "16-bit"
                                             : "non-integer";
  return bits + " with " + std::to_string(image.channels()) + " channel(s)";
}

std::vector<unsigned char> Encode(const std::string& path,
                                  const std::string& ext,
                                  const cv::Mat& image) {
  std::vector<int> params;
  if (ext == ".jpg" || ext == ".jpeg") params = {cv::IMWRITE_JPEG_QUALITY, 95};
  std::vector<unsigned char> bytes;
  try {
    if (!cv::imencode(ext, image, bytes, params)) {
      throw IoError(path + ": cannot encode image");
    }
  } catch (const cv::Exception& e) {
    throw IoError(path + ": cannot encode image: " + OneLine(e));
  }
  return bytes;
}

}  // namespace

bool HasImageExtension(const std::string& path) {
  const std::string ext = LowerExtension(path);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

cv::Mat ReadImageRgb(const std::string& path) {
  // ANYDEPTH so that 16-bit files are reported instead of silently
  // truncated; ANYCOLOR keeps gray as gray and drops alpha.
  const cv::Mat image = Decode(path, cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR);
  if (image.depth() != CV_8U) {
    throw InvalidInputError(path + ": " + Describe(image) +
                            " image; expected 8-bit (16-bit depth maps are "
                            "read with ReadImage16)");
  }
  cv::Mat rgb;
  switch (image.channels()) {
    case 1:
      cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
      break;
    case 3:
      cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
      break;
    case 4:
      cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGB);
      break;
    default:
      throw InvalidInputError(path + ": unsupported image with " +
                              std::to_string(image.channels()) + " channels");
  }
  return rgb;
}

cv::Mat ReadImage16(const std::string& path) {
  cv::Mat image = Decode(path, cv::IMREAD_UNCHANGED);
  if (image.type() != CV_16UC1) {
    throw InvalidInputError(path + ": " + Describe(image) +
                            " image; expected a 16-bit single-channel PNG");
  }
  return image;
}

void WriteImageRgb(const std::string& path, const cv::Mat& rgb) {
  if (rgb.empty() || rgb.type() != CV_8UC3) {
    throw Error(ExitCode::kInternal,
                path + ": WriteImageRgb needs a non-empty CV_8UC3 image");
  }
  const std::string ext = LowerExtension(path);
  if (!HasImageExtension(path)) {
    throw UsageError(path + ": unsupported image extension '" + ext +
                     "' (use .png, .jpg or .jpeg)");
  }
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  fileio::WriteFileAtomically(path, Encode(path, ext, bgr));
}

void WriteImage16(const std::string& path, const cv::Mat& gray16) {
  if (gray16.empty() || gray16.type() != CV_16UC1) {
    throw Error(ExitCode::kInternal,
                path + ": WriteImage16 needs a non-empty CV_16UC1 image");
  }
  const std::string ext = LowerExtension(path);
  if (ext != ".png") {
    throw UsageError(path +
                     ": 16-bit images are written as PNG only (use .png)");
  }
  fileio::WriteFileAtomically(path, Encode(path, ext, gray16));
}

}  // namespace dolly::media
