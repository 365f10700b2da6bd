// Reading the depth formats users already have:
// 16-bit PNG, NPY and PFM, one single-channel map per file.
#ifndef DOLLY_LIBS_DEPTH_DEPTH_FORMATS_H_
#define DOLLY_LIBS_DEPTH_DEPTH_FORMATS_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/media/frame_directory_reader.h"

namespace dolly::depth {

// Reads one depth/disparity map as CV_32FC1 (CV_64F NPY data is narrowed,
// uint16 widened), chosen by extension: .png (16-bit single channel), .npy
// (little-endian float32/float64/uint16, C order, shape [H, W], [1, H, W] or
// [H, W, 1]) or .pfm (single channel "Pf"). Every size the file claims is
// checked against its length before anything is allocated. Throws IoError
// when the file cannot be opened, InvalidInputError naming the file when it
// is malformed or holds NaN or Inf.
cv::Mat ReadDepthFile(const std::string& path);

cv::Mat ReadNpy(const std::string& path);
cv::Mat ReadPfm(const std::string& path);

// A file, or the depth files (.png, .npy, .pfm; not hidden) of a directory in
// natural order ("f2" before "f10"). Throws IoError for a missing path,
// InvalidInputError for a directory without depth files.
std::vector<std::string> ListDepthFiles(const std::string& path);

// Natural order of names, shared with frame directories.
using media::NaturalLess;

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_DEPTH_FORMATS_H_
