#include "libs/track/query_points.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>

#include "libs/core/error.h"
#include "libs/track/posetraj_json.h"

namespace dolly::track {

std::vector<QueryPoint> GridQueries(int width, int height, int count) {
  if (count <= 0) throw UsageError("--grid: must be positive, got " + std::to_string(count));
  // cols * rows ~ count with cols / rows ~ width / height.
  const double aspect = static_cast<double>(width) / height;
  int cols = std::max(1, static_cast<int>(std::lround(std::sqrt(count * aspect))));
  int rows = std::max(1, static_cast<int>(std::lround(static_cast<double>(count) / cols)));
  cols = std::min(cols, width);
  rows = std::min(rows, height);
  std::vector<QueryPoint> out;
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      // Cell centres in pixel-footprint coordinates ([-0.5, width - 0.5)).
      out.push_back({0, static_cast<float>((c + 0.5) * width / cols - 0.5),
                     static_cast<float>((r + 0.5) * height / rows - 0.5)});
    }
  }
  return out;
}

std::vector<QueryPoint> StrideQueries(int width, int height, int stride) {
  if (stride <= 0) throw UsageError("--stride: must be positive, got " + std::to_string(stride));
  std::vector<QueryPoint> out;
  for (int y = stride / 2; y < height; y += stride) {
    for (int x = stride / 2; x < width; x += stride) {
      out.push_back({0, static_cast<float>(x), static_cast<float>(y)});
    }
  }
  return out;
}

std::vector<QueryPoint> MaskQueries(const std::string& path, int width, int height,
                                    int stride) {
  if (stride <= 0) throw UsageError("--stride: must be positive, got " + std::to_string(stride));
  std::ifstream probe(path);
  if (!probe) throw IoError(path + ": cannot open mask image");
  const cv::Mat mask = cv::imread(path, cv::IMREAD_GRAYSCALE);
  if (mask.empty()) throw InvalidInputError(path + ": not a readable image");
  if (mask.cols != width || mask.rows != height) {
    throw InvalidInputError(path + ": mask is " + std::to_string(mask.cols) + "x" +
                            std::to_string(mask.rows) + ", the video is " +
                            std::to_string(width) + "x" + std::to_string(height));
  }
  std::vector<QueryPoint> out;
  for (int y = 0; y < height; y += stride) {
    for (int x = 0; x < width; x += stride) {
      if (mask.at<uint8_t>(y, x) != 0) {
        out.push_back({0, static_cast<float>(x), static_cast<float>(y)});
      }
    }
  }
  if (out.empty()) throw InvalidInputError(path + ": mask selects no pixel");
  return out;
}

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<QueryPoint> ReadCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open query file");
  std::vector<QueryPoint> out;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    // A header such as "t,x,y" is allowed on the first line only.
    if (out.empty() && line_no == 1 && std::isalpha(static_cast<unsigned char>(line[first]))) {
      continue;
    }
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    double t, x, y;
    std::string rest;
    if (!(fields >> t >> x >> y) || (fields >> rest) || !std::isfinite(x) || !std::isfinite(y) ||
        t != std::floor(t)) {
      throw InvalidInputError(path + ":" + std::to_string(line_no) +
                              ": expected 't,x,y' (integer frame, finite pixel coordinates)");
    }
    out.push_back({static_cast<int64_t>(t), static_cast<float>(x), static_cast<float>(y)});
  }
  if (out.empty()) throw InvalidInputError(path + ": no query points");
  return out;
}

}  // namespace

std::vector<QueryPoint> ReadQueryFile(const std::string& path) {
  if (!EndsWith(path, ".json")) return ReadCsv(path);
  const PoseTrajTracks tracks = ReadPoseTrajJson(path);
  std::vector<QueryPoint> out;
  for (const auto& track : tracks.points) out.push_back({0, track[0].first, track[0].second});
  return out;
}

void CheckQueries(const std::vector<QueryPoint>& queries, int64_t frame_count, int width,
                  int height, const std::string& what) {
  if (queries.empty()) throw InvalidInputError(what + ": no query points");
  for (size_t i = 0; i < queries.size(); ++i) {
    const QueryPoint& q = queries[i];
    if (q.frame < 0 || q.frame >= frame_count) {
      throw InvalidInputError(what + ": query " + std::to_string(i) + " is in frame " +
                              std::to_string(q.frame) + ", the video has " +
                              std::to_string(frame_count) + " frames");
    }
    if (!(q.x >= -0.5f && q.x < width - 0.5f && q.y >= -0.5f && q.y < height - 0.5f)) {
      throw InvalidInputError(what + ": query " + std::to_string(i) + " (" +
                              std::to_string(q.x) + ", " + std::to_string(q.y) +
                              ") lies outside the " + std::to_string(width) + "x" +
                              std::to_string(height) + " image");
    }
  }
}

}  // namespace dolly::track
