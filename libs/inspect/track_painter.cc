#include "libs/inspect/track_painter.h"

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "libs/inspect/palette.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

bool Finite(const cv::Point2f& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

}  // namespace

TrackPainter::TrackPainter(int64_t track_count, cv::Point2d scale, int radius, int tail_length)
    : tracks_(track_count),
      scale_(scale),
      radius_(radius),
      tail_length_(tail_length),
      history_(static_cast<size_t>(track_count)) {}

void TrackPainter::Draw(const schema::TrackFrame& frame, cv::Mat* canvas) {
  const float* positions = TensorData<float>(frame.positions);
  const uint8_t* visible = reinterpret_cast<const uint8_t*>(frame.visibility.data.data());
  constexpr int kShift = 4;  // sub-pixel drawing: positions are not integers
  const auto to_pixel = [&](const cv::Point2f& p) {
    return cv::Point(static_cast<int>(std::lround(p.x * scale_.x * (1 << kShift))),
                     static_cast<int>(std::lround(p.y * scale_.y * (1 << kShift))));
  };
  for (int64_t i = 0; i < tracks_; ++i) {
    std::vector<cv::Point2f>& tail = history_[i];
    const cv::Point2f now(positions[2 * i], positions[2 * i + 1]);
    const cv::Vec3b color = DistinctColor(i);
    // Older tail segments fade towards the background.
    for (size_t k = 1; k < tail.size(); ++k) {
      if (!Finite(tail[k - 1]) || !Finite(tail[k])) continue;
      const double weight = static_cast<double>(k) / static_cast<double>(tail.size() + 1);
      cv::line(*canvas, to_pixel(tail[k - 1]), to_pixel(tail[k]), ToScalar(color) * weight, 1,
               cv::LINE_AA, kShift);
    }
    if (!tail.empty() && Finite(tail.back()) && Finite(now)) {
      cv::line(*canvas, to_pixel(tail.back()), to_pixel(now), ToScalar(color), 1, cv::LINE_AA,
               kShift);
    }
    if (Finite(now)) {
      const int radius = radius_ << kShift;
      if (visible[i] != 0) {
        cv::circle(*canvas, to_pixel(now), radius, ToScalar(color), -1, cv::LINE_AA, kShift);
      } else {
        cv::circle(*canvas, to_pixel(now), radius, ToScalar(color), 1, cv::LINE_AA, kShift);
      }
    }
    tail.push_back(Finite(now) ? now
                               : cv::Point2f(std::numeric_limits<float>::quiet_NaN(),
                                             std::numeric_limits<float>::quiet_NaN()));
    if (static_cast<int>(tail.size()) > tail_length_) tail.erase(tail.begin());
  }
}

}  // namespace dolly::inspect
