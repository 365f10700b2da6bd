#include "libs/controls/depth_render.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

template <typename T>
void Levels(const cv::Mat& depth, double near, double far, cv::Mat& levels, cv::Mat& valid) {
  for (int y = 0; y < depth.rows; ++y) {
    const T* in = depth.ptr<T>(y);
    unsigned char* out = levels.ptr<unsigned char>(y);
    unsigned char* ok = valid.ptr<unsigned char>(y);
    for (int x = 0; x < depth.cols; ++x) {
      const double d = in[x];
      if (!std::isfinite(d) || d <= 0.0) {
        out[x] = 0;
        ok[x] = 0;
        continue;
      }
      const double v = std::clamp((far - d) / (far - near), 0.0, 1.0);
      out[x] = static_cast<unsigned char>(cvRound(255.0 * v));
      ok[x] = 1;
    }
  }
}

}  // namespace

cv::Mat RenderDepthPreview(const cv::Mat& depth, double near, double far) {
  if (depth.empty() || (depth.type() != CV_32F && depth.type() != CV_64F)) {
    throw InvalidInputError("depth preview: depth must be a non-empty CV_32F or CV_64F map");
  }
  if (!(std::isfinite(near) && std::isfinite(far) && near > 0.0 && near < far)) {
    throw InvalidInputError("depth preview: range must be finite with 0 < near < far");
  }
  cv::Mat levels(depth.size(), CV_8U);
  cv::Mat valid(depth.size(), CV_8U);
  if (depth.type() == CV_32F) {
    Levels<float>(depth, near, far, levels, valid);
  } else {
    Levels<double>(depth, near, far, levels, valid);
  }
  cv::Mat bgr;
  cv::applyColorMap(levels, bgr, cv::COLORMAP_TURBO);
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  rgb.setTo(cv::Scalar::all(0), valid == 0);
  return rgb;
}

}  // namespace dolly::controls
