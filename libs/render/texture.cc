#include "libs/render/texture.h"

#include <cmath>

namespace dolly::render {

namespace {

int Wrap(long long i, int n) {
  const long long m = i % n;
  return static_cast<int>(m < 0 ? m + n : m);
}

}  // namespace

Eigen::Vector3d SampleBilinear(const cv::Mat& texture, double u, double v) {
  const int w = texture.cols;
  const int h = texture.rows;
  // Keep the coordinates small before flooring so huge uv stay well defined.
  const double x = (u - std::floor(u)) * w - 0.5;
  const double y = (v - std::floor(v)) * h - 0.5;
  const double xf = std::floor(x);
  const double yf = std::floor(y);
  const double ax = x - xf;
  const double ay = y - yf;
  const int x0 = Wrap(static_cast<long long>(xf), w);
  const int x1 = Wrap(static_cast<long long>(xf) + 1, w);
  const int y0 = Wrap(static_cast<long long>(yf), h);
  const int y1 = Wrap(static_cast<long long>(yf) + 1, h);
  auto texel = [&](int yy, int xx) {
    const cv::Vec3b& p = texture.at<cv::Vec3b>(yy, xx);
    return Eigen::Vector3d(p[0], p[1], p[2]);
  };
  return (1.0 - ay) * ((1.0 - ax) * texel(y0, x0) + ax * texel(y0, x1)) +
         ay * ((1.0 - ax) * texel(y1, x0) + ax * texel(y1, x1));
}

}  // namespace dolly::render
