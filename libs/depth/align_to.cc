#include "libs/depth/align_to.h"

#include <vector>

#include "libs/core/error.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {

DepthAligner::DepthAligner(const std::string& reference_path)
    : path_(reference_path), reader_(reference_path) {
  if (reader_.info().kind != schema::DepthKind::METRIC) {
    throw InvalidInputError(path_ + ": --align-to needs a METRIC DepthSequence");
  }
}

std::optional<schema::ScaleKind::type> DepthAligner::scale_kind() const {
  if (!reader_.info().__isset.scale_kind) return std::nullopt;
  return reader_.info().scale_kind;
}

cv::Mat DepthAligner::Align(const cv::Mat& relative, bool inverse, ScaleShift* fit_out) {
  schema::DepthFrame frame;
  const int64_t index = reader_.frames_read();
  if (!reader_.NextFrame(&frame)) {
    throw InvalidInputError(path_ + ": has only " + std::to_string(index) +
                            " frames; the input has more");
  }
  // The reader's shape check follows the intrinsics only when it has them;
  // relative depth from an optional field must be checked here too.
  const cv::Mat reference = MatFromTensor(frame.depth);
  if (reference.size() != relative.size()) {
    throw InvalidInputError(path_ + ": frame " + std::to_string(index) + " is " +
                            std::to_string(reference.cols) + "x" +
                            std::to_string(reference.rows) + ", the depth is " +
                            std::to_string(relative.cols) + "x" + std::to_string(relative.rows));
  }
  std::vector<double> rel, metric;
  for (int y = 0; y < reference.rows; ++y) {
    for (int x = 0; x < reference.cols; ++x) {
      const float m = reference.at<float>(y, x);
      if (m > 0) {
        rel.push_back(relative.at<float>(y, x));
        metric.push_back(m);
      }
    }
  }
  if (rel.size() < 2) {
    // A frame monocular odometry could not place has no map points; the
    // model's scale drifts slowly, so the last fit serves it better than
    // failing the clip. It is marked by 0 inliers in the summary.
    if (!last_fit_) {
      throw InvalidInputError(path_ + ": frame " + std::to_string(index) + " has " +
                              std::to_string(rel.size()) +
                              " measured pixels and no earlier frame has; need at least 2");
    }
    ScaleShift borrowed = *last_fit_;
    borrowed.inliers = 0;
    if (fit_out) *fit_out = borrowed;
    return ApplyScaleShift(relative, borrowed, inverse);
  }
  AlignOptions options;
  options.inverse = inverse;
  ScaleShift fit;
  try {
    fit = FitScaleShift(rel, metric, options);
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(path_ + ": frame " + std::to_string(index) + ": " + e.what());
  }
  last_fit_ = fit;
  if (fit_out) *fit_out = fit;
  return ApplyScaleShift(relative, fit, inverse);
}

void DepthAligner::Finish() {
  schema::DepthFrame frame;
  if (reader_.NextFrame(&frame)) {
    throw InvalidInputError(path_ + ": has more frames than the input");
  }
}

}  // namespace dolly::depth
