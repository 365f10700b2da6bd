#include "libs/track/neighbours.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace dolly::track {

std::vector<std::vector<int>> NearestNeighbours(const std::vector<cv::Point2f>& points, int k,
                                                float max_distance) {
  std::vector<std::vector<int>> result(points.size());
  if (points.empty() || k <= 0 || !(max_distance > 0.0f)) return result;
  // Cells of max_distance: a point's neighbours lie in its 3x3 block.
  const float cell = max_distance;
  auto key = [&](int cx, int cy) { return (static_cast<int64_t>(cx) << 32) ^ static_cast<uint32_t>(cy); };
  std::unordered_map<int64_t, std::vector<int>> grid;
  std::vector<std::pair<int, int>> cells(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    const int cx = static_cast<int>(std::floor(points[i].x / cell));
    const int cy = static_cast<int>(std::floor(points[i].y / cell));
    cells[i] = {cx, cy};
    grid[key(cx, cy)].push_back(static_cast<int>(i));
  }
  const float limit = max_distance * max_distance;
  std::vector<std::pair<float, int>> candidates;
  for (size_t i = 0; i < points.size(); ++i) {
    candidates.clear();
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        auto it = grid.find(key(cells[i].first + dx, cells[i].second + dy));
        if (it == grid.end()) continue;
        for (int j : it->second) {
          if (j == static_cast<int>(i)) continue;
          const cv::Point2f d = points[j] - points[i];
          const float d2 = d.dot(d);
          if (d2 <= limit) candidates.emplace_back(d2, j);
        }
      }
    }
    const size_t keep = std::min(candidates.size(), static_cast<size_t>(k));
    std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end());
    for (size_t c = 0; c < keep; ++c) result[i].push_back(candidates[c].second);
  }
  return result;
}

}  // namespace dolly::track
