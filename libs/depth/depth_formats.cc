#include "libs/depth/depth_formats.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include "libs/core/error.h"
#include "libs/media/image_io.h"
#include "libs/media/frame_directory_reader.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Extension(const std::string& path) {
  return Lower(fs::path(path).extension().string());
}

bool IsDepthExtension(const std::string& ext) {
  return ext == ".png" || ext == ".npy" || ext == ".pfm";
}

// The whole file; depth maps are small enough to hold once.
std::string ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw IoError(path + ": is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open for reading");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw IoError(path + ": cannot determine the file size");
  in.seekg(0, std::ios::beg);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (size > 0 && !in.read(&bytes[0], size)) throw IoError(path + ": read failed");
  return bytes;
}

void CheckFiniteMap(const cv::Mat& map, const std::string& path) {
  for (int y = 0; y < map.rows; ++y) {
    const float* row = map.ptr<float>(y);
    for (int x = 0; x < map.cols; ++x) {
      if (!std::isfinite(row[x])) {
        throw InvalidInputError(path + ": non-finite value at pixel (" + std::to_string(x) + ", " +
                                std::to_string(y) + ")");
      }
    }
  }
}

// Largest map accepted: 2^28 pixels (1 GiB of float32); anything bigger is a
// corrupt header rather than a depth map.
constexpr int64_t kMaxPixels = int64_t{1} << 28;

void CheckSize(int64_t h, int64_t w, const std::string& path) {
  if (h <= 0 || w <= 0 || h > kMaxPixels || w > kMaxPixels || h * w > kMaxPixels) {
    throw InvalidInputError(path + ": implausible size " + std::to_string(w) + "x" +
                            std::to_string(h));
  }
}

}  // namespace

cv::Mat ReadNpy(const std::string& path) {
  const std::string bytes = ReadWholeFile(path);
  static const char kMagic[] = "\x93NUMPY";
  if (bytes.size() < 10 || bytes.compare(0, 6, kMagic, 6) != 0) {
    throw InvalidInputError(path + ": not an NPY file (bad magic)");
  }
  const int major = static_cast<unsigned char>(bytes[6]);
  size_t header_len = 0;
  size_t offset = 0;
  if (major == 1) {
    header_len = static_cast<unsigned char>(bytes[8]) |
                 (static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw InvalidInputError(path + ": truncated NPY header");
    for (int i = 3; i >= 0; --i) {
      header_len = (header_len << 8) | static_cast<unsigned char>(bytes[8 + i]);
    }
    offset = 12;
  } else {
    throw InvalidInputError(path + ": unsupported NPY version " + std::to_string(major));
  }
  if (header_len > bytes.size() - offset) {
    throw InvalidInputError(path + ": truncated NPY header");
  }
  const std::string header = bytes.substr(offset, header_len);
  offset += header_len;

  std::smatch m;
  static const std::regex kDescr(R"('descr'\s*:\s*'([^']*)')");
  static const std::regex kFortran(R"('fortran_order'\s*:\s*(True|False))");
  static const std::regex kShape(R"('shape'\s*:\s*\(([^)]*)\))");
  if (!std::regex_search(header, m, kDescr)) {
    throw InvalidInputError(path + ": NPY header has no 'descr'");
  }
  const std::string descr = m[1];
  int type = -1;
  size_t item = 0;
  if (descr == "<f4") {
    type = CV_32F, item = 4;
  } else if (descr == "<f8") {
    type = CV_64F, item = 8;
  } else if (descr == "<u2") {
    type = CV_16U, item = 2;
  } else {
    throw InvalidInputError(path + ": unsupported NPY dtype '" + descr +
                            "' (expected <f4, <f8 or <u2)");
  }
  if (!std::regex_search(header, m, kFortran)) {
    throw InvalidInputError(path + ": NPY header has no 'fortran_order'");
  }
  if (m[1] == "True") throw InvalidInputError(path + ": Fortran-order NPY is not supported");
  if (!std::regex_search(header, m, kShape)) {
    throw InvalidInputError(path + ": NPY header has no 'shape'");
  }
  std::vector<int64_t> shape;
  {
    std::string dims = m[1];
    std::stringstream ss(dims);
    std::string token;
    while (std::getline(ss, token, ',')) {
      token.erase(std::remove_if(token.begin(), token.end(),
                                 [](unsigned char c) { return std::isspace(c); }),
                  token.end());
      if (token.empty()) continue;
      if (token.size() > 12 || !std::all_of(token.begin(), token.end(),
                                            [](unsigned char c) { return std::isdigit(c); })) {
        throw InvalidInputError(path + ": bad NPY shape '(" + dims + ")'");
      }
      shape.push_back(std::stoll(token));
    }
  }
  // [H, W], [1, H, W] and [H, W, 1] are one map.
  if (shape.size() == 3 && shape[0] == 1) shape.erase(shape.begin());
  if (shape.size() == 3 && shape[2] == 1) shape.pop_back();
  if (shape.size() != 2) {
    throw InvalidInputError(path + ": NPY shape must be [H, W] (one map), got rank " +
                            std::to_string(shape.size()));
  }
  CheckSize(shape[0], shape[1], path);
  const uint64_t need = static_cast<uint64_t>(shape[0] * shape[1]) * item;
  if (bytes.size() - offset != need) {
    throw InvalidInputError(path + ": NPY data holds " + std::to_string(bytes.size() - offset) +
                            " bytes, shape and dtype need " + std::to_string(need));
  }
  // The bytes are little-endian, as is every platform dolly builds for.
  cv::Mat raw(static_cast<int>(shape[0]), static_cast<int>(shape[1]), type);
  std::memcpy(raw.data, bytes.data() + offset, need);
  cv::Mat out;
  raw.convertTo(out, CV_32F);
  // Also catches float64 values that overflow float32 when narrowed.
  CheckFiniteMap(out, path);
  return out;
}

cv::Mat ReadPfm(const std::string& path) {
  const std::string bytes = ReadWholeFile(path);
  // Header: "Pf" <ws> width <ws> height <ws> scale <one whitespace char> data.
  size_t pos = 0;
  auto token = [&]() {
    while (pos < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[pos]))) ++pos;
    const size_t start = pos;
    while (pos < bytes.size() && !std::isspace(static_cast<unsigned char>(bytes[pos])) &&
           pos - start < 32) {
      ++pos;
    }
    return bytes.substr(start, pos - start);
  };
  const std::string magic = token();
  if (magic == "PF") {
    throw InvalidInputError(path + ": colour PFM (PF); depth needs a single-channel Pf file");
  }
  if (magic != "Pf") throw InvalidInputError(path + ": not a PFM file (bad magic)");
  const std::string ws = token(), hs = token(), ss = token();
  int64_t w = 0, h = 0;
  double scale = 0.0;
  try {
    size_t used = 0;
    w = std::stoll(ws, &used);
    if (used != ws.size()) throw std::invalid_argument("w");
    h = std::stoll(hs, &used);
    if (used != hs.size()) throw std::invalid_argument("h");
    scale = std::stod(ss, &used);
    if (used != ss.size()) throw std::invalid_argument("scale");
  } catch (const std::exception&) {
    throw InvalidInputError(path + ": bad PFM header");
  }
  if (scale == 0.0 || !std::isfinite(scale)) {
    throw InvalidInputError(path + ": bad PFM scale " + ss);
  }
  CheckSize(h, w, path);
  if (pos >= bytes.size()) throw InvalidInputError(path + ": truncated PFM header");
  ++pos;  // the single whitespace character after the scale
  const uint64_t need = static_cast<uint64_t>(w * h) * 4;
  if (bytes.size() - pos != need) {
    throw InvalidInputError(path + ": PFM data holds " + std::to_string(bytes.size() - pos) +
                            " bytes, " + std::to_string(w) + "x" + std::to_string(h) + " needs " +
                            std::to_string(need));
  }
  if (scale > 0) {
    throw InvalidInputError(path + ": big-endian PFM (positive scale) is not supported");
  }
  cv::Mat out(static_cast<int>(h), static_cast<int>(w), CV_32F);
  // PFM stores rows bottom to top.
  for (int y = 0; y < out.rows; ++y) {
    std::memcpy(out.ptr<float>(out.rows - 1 - y), bytes.data() + pos + y * w * 4, w * 4);
  }
  CheckFiniteMap(out, path);
  return out;
}

cv::Mat ReadDepthFile(const std::string& path) {
  const std::string ext = Extension(path);
  if (ext == ".npy") return ReadNpy(path);
  if (ext == ".pfm") return ReadPfm(path);
  if (ext == ".png") {
    cv::Mat raw = media::ReadImage16(path), out;
    raw.convertTo(out, CV_32F);
    return out;
  }
  throw InvalidInputError(path + ": unknown depth format '" + ext +
                          "' (expected .png, .npy or .pfm)");
}

std::vector<std::string> ListDepthFiles(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw IoError(path + ": no such file or directory");
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> names;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (!IsDepthExtension(Extension(name))) continue;
    names.push_back(name);
  }
  if (ec) throw IoError(path + ": cannot list directory");
  if (names.empty()) {
    throw InvalidInputError(path + ": directory holds no depth files (.png, .npy, .pfm)");
  }
  std::sort(names.begin(), names.end(), media::NaturalLess);
  std::vector<std::string> out;
  for (const std::string& n : names) out.push_back((fs::path(path) / n).string());
  return out;
}

}  // namespace dolly::depth
