// Still images in and out: 8-bit RGB frames and 16-bit single-channel PNGs
// (the depth-map interchange format).
#ifndef DOLLY_LIBS_MEDIA_IMAGE_IO_H_
#define DOLLY_LIBS_MEDIA_IMAGE_IO_H_

#include <opencv2/core.hpp>
#include <string>

namespace dolly::media {

// Reads a PNG or JPEG (any format this OpenCV decodes is accepted) as
// CV_8UC3 in RGB order, honouring JPEG EXIF orientation. Grayscale is
// replicated to three channels; an alpha channel is dropped (not composited).
// Throws IoError when the file cannot be opened, InvalidInputError when it
// does not decode or holds 16-bit samples (use ReadImage16 for those).
cv::Mat ReadImageRgb(const std::string& path);

// Reads a 16-bit single-channel image (PNG) as CV_16UC1, values unchanged.
// Anything else is an InvalidInputError.
cv::Mat ReadImage16(const std::string& path);

// Writes CV_8UC3 RGB as PNG (lossless) or JPEG (quality 95), chosen by the
// extension (.png, .jpg, .jpeg, any case). Atomic: on failure no file is
// left at `path` and an existing one is untouched. Throws UsageError for
// another extension, IoError when the file cannot be written.
void WriteImageRgb(const std::string& path, const cv::Mat& rgb);

// Writes CV_16UC1 as a 16-bit grayscale PNG, atomically; `path` must end in
// .png.
void WriteImage16(const std::string& path, const cv::Mat& gray16);

// True when `path` ends in .png, .jpg or .jpeg (any case).
bool HasImageExtension(const std::string& path);

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_IMAGE_IO_H_
