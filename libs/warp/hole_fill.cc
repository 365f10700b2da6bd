#include "libs/warp/hole_fill.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "libs/core/error.h"

namespace dolly::warp {
namespace {

// One pyramid level: colour (CV_32FC3, meaningful where weight > 0) and
// weight in [0, 1] (CV_32FC1).
struct Level {
  cv::Mat color;
  cv::Mat weight;
};

Level Pull(const Level& fine) {
  const int w = (fine.color.cols + 1) / 2, h = (fine.color.rows + 1) / 2;
  Level coarse{cv::Mat(h, w, CV_32FC3, cv::Scalar::all(0)), cv::Mat(h, w, CV_32FC1, cv::Scalar(0))};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      cv::Vec3f sum(0, 0, 0);
      float wsum = 0.f;
      for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
          const int fx = 2 * x + i, fy = 2 * y + j;
          if (fx >= fine.color.cols || fy >= fine.color.rows) continue;
          const float wt = fine.weight.at<float>(fy, fx);
          sum += wt * fine.color.at<cv::Vec3f>(fy, fx);
          wsum += wt;
        }
      if (wsum > 0.f) {
        coarse.color.at<cv::Vec3f>(y, x) = sum / wsum;
        coarse.weight.at<float>(y, x) = std::min(1.f, wsum);
      }
    }
  return coarse;
}

// Bilinear sample of a filled coarse level at the centre of fine pixel
// (x, y): coarse pixel i covers fine pixels 2i and 2i+1, centre 2i + 0.5.
cv::Vec3f Upsample(const cv::Mat& coarse, int x, int y) {
  const float cx = std::clamp((x - 0.5f) / 2.f, 0.f, static_cast<float>(coarse.cols - 1));
  const float cy = std::clamp((y - 0.5f) / 2.f, 0.f, static_cast<float>(coarse.rows - 1));
  const int x0 = static_cast<int>(cx), y0 = static_cast<int>(cy);
  const int x1 = std::min(x0 + 1, coarse.cols - 1), y1 = std::min(y0 + 1, coarse.rows - 1);
  const float ax = cx - x0, ay = cy - y0;
  return (1 - ay) * ((1 - ax) * coarse.at<cv::Vec3f>(y0, x0) + ax * coarse.at<cv::Vec3f>(y0, x1)) +
         ay * ((1 - ax) * coarse.at<cv::Vec3f>(y1, x0) + ax * coarse.at<cv::Vec3f>(y1, x1));
}

}  // namespace

cv::Mat PushPullFill(const cv::Mat& image, const cv::Mat& coverage) {
  if (image.type() != CV_8UC3) throw InvalidInputError("hole fill: image must be CV_8UC3");
  if (coverage.type() != CV_8UC1 || coverage.size() != image.size())
    throw InvalidInputError("hole fill: coverage must be CV_8UC1 of the image size");
  cv::Mat out = image.clone();
  if (image.empty()) return out;
  const int covered = cv::countNonZero(coverage);
  if (covered == static_cast<int>(image.total())) return out;
  if (covered == 0) return cv::Mat(image.size(), CV_8UC3, cv::Scalar::all(0));

  std::vector<Level> pyramid(1);
  image.convertTo(pyramid[0].color, CV_32FC3);
  const cv::Mat covered_mask = coverage != 0;  // 0 or 255
  covered_mask.convertTo(pyramid[0].weight, CV_32FC1, 1.0 / 255.0);
  while (true) {
    const Level& top = pyramid.back();
    double min_w = 0.0;
    cv::minMaxLoc(top.weight, &min_w);
    if (min_w > 0.0 || (top.color.cols == 1 && top.color.rows == 1)) break;
    pyramid.push_back(Pull(top));
  }
  // The coarsest level has every pixel covered (some covered pixel exists,
  // and weights only spread upwards); push the filled colours down.
  for (int l = static_cast<int>(pyramid.size()) - 2; l >= 0; --l) {
    Level& fine = pyramid[l];
    const cv::Mat& coarse = pyramid[l + 1].color;
    for (int y = 0; y < fine.color.rows; ++y)
      for (int x = 0; x < fine.color.cols; ++x) {
        const float wt = fine.weight.at<float>(y, x);
        if (wt >= 1.f) continue;
        fine.color.at<cv::Vec3f>(y, x) =
            wt * fine.color.at<cv::Vec3f>(y, x) + (1.f - wt) * Upsample(coarse, x, y);
      }
  }
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x) {
      if (coverage.at<uchar>(y, x) != 0) continue;
      const cv::Vec3f c = pyramid[0].color.at<cv::Vec3f>(y, x);
      out.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(c[0]),
                                          cv::saturate_cast<uchar>(c[1]),
                                          cv::saturate_cast<uchar>(c[2]));
    }
  return out;
}

}  // namespace dolly::warp
