#include "libs/depth/depth_range.h"

#include <algorithm>
#include <cmath>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/tensor/cv_bridge.h"
#include "libs/trajectory/artifact_convert.h"

namespace dolly::depth {
namespace {

double Percentile(std::vector<float>* values, double percent) {
  const size_t k = static_cast<size_t>(
      std::lround(percent / 100.0 * static_cast<double>(values->size() - 1)));
  std::nth_element(values->begin(), values->begin() + k, values->end());
  return (*values)[k];
}

}  // namespace

std::optional<DepthRange> RobustDepthRange(std::vector<float> depths, const RangeOptions& options) {
  depths.erase(std::remove_if(depths.begin(), depths.end(),
                              [](float z) { return !(std::isfinite(z) && z > 0); }),
               depths.end());
  if (static_cast<int64_t>(depths.size()) < std::max<int64_t>(1, options.min_points)) {
    return std::nullopt;
  }
  DepthRange range;
  range.points = static_cast<int64_t>(depths.size());
  range.min_depth = Percentile(&depths, options.low_percentile) / options.margin;
  range.max_depth = Percentile(&depths, options.high_percentile) * options.margin;
  range.median_depth = Percentile(&depths, 50.0);
  return range;
}

std::vector<DepthRange> SegmentDepthRanges(const std::string& sparse_path,
                                           const std::vector<schema::CameraSegment>& segments,
                                           int width, int height,
                                           std::optional<schema::ScaleKind::type> scale_kind,
                                           const RangeOptions& options) {
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(sparse_path);
  const schema::DepthSequenceInfo& info = reader.info();
  if (info.__isset.kind && info.kind != schema::DepthKind::METRIC) {
    throw InvalidInputError(sparse_path + ": --range-from needs depth in the poses' unit (kind "
                            "METRIC), not relative depth");
  }
  if (scale_kind && info.__isset.scale_kind && info.scale_kind != *scale_kind) {
    throw InvalidInputError(sparse_path + ": its unit is " +
                            trajectory::ScaleKindName(info.scale_kind) + " but the poses' is " +
                            trajectory::ScaleKindName(*scale_kind));
  }
  const double stored_scale = info.__isset.scale ? info.scale : 1.0;
  const double stored_shift = info.__isset.shift ? info.shift : 0.0;
  std::vector<DepthRange> ranges;
  schema::DepthFrame frame;
  for (size_t s = 0; s < segments.size(); ++s) {
    const schema::CameraSegment& segment = segments[s];
    std::vector<float> depths;
    for (int64_t f = 0; f < segment.frame_count; ++f) {
      const int64_t index = segment.first_frame + f;
      if (!reader.NextFrame(&frame)) {
        throw InvalidInputError(sparse_path + ": has " + std::to_string(index) +
                                " frames; the poses have more");
      }
      const cv::Mat z = MatFromTensor(frame.depth);
      if (z.cols != width || z.rows != height || z.type() != CV_32FC1) {
        throw InvalidInputError(sparse_path + ": frame " + std::to_string(index) + " is " +
                                std::to_string(z.cols) + "x" + std::to_string(z.rows) +
                                ", the video is " + std::to_string(width) + "x" +
                                std::to_string(height));
      }
      for (int y = 0; y < z.rows; ++y) {
        const float* row = z.ptr<float>(y);
        for (int x = 0; x < z.cols; ++x) {
          if (row[x] > 0) depths.push_back(static_cast<float>(stored_scale * row[x] + stored_shift));
        }
      }
    }
    const std::optional<DepthRange> range = RobustDepthRange(std::move(depths), options);
    if (!range) {
      throw InvalidInputError(
          sparse_path + ": segment " + std::to_string(s) + " (frames " +
          std::to_string(segment.first_frame) + "-" +
          std::to_string(segment.first_frame + segment.frame_count - 1) + ") has fewer than " +
          std::to_string(options.min_points) +
          " points; give --min-depth/--max-depth instead of --range-from");
    }
    ranges.push_back(*range);
  }
  if (reader.NextFrame(&frame)) {
    throw InvalidInputError(sparse_path + ": has more frames than the poses");
  }
  return ranges;
}

}  // namespace dolly::depth
