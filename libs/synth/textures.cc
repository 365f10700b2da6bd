#include "libs/synth/textures.h"

#include <algorithm>
#include <cmath>

#include "libs/synth/smooth_noise.h"

namespace dolly::synth {

namespace {

cv::Vec3b Blend(const Eigen::Vector3d& a, const Eigen::Vector3d& b, double t, double gain) {
  const Eigen::Vector3d c = ((1.0 - t) * a + t * b) * gain;
  auto byte = [](double x) { return static_cast<uint8_t>(std::clamp(std::lround(x), 0L, 255L)); };
  return {byte(c.x()), byte(c.y()), byte(c.z())};
}

}  // namespace

cv::Mat MakeCheckerTexture(const Eigen::Vector3d& color_a, const Eigen::Vector3d& color_b,
                           int squares, int size, Rng* rng) {
  const TileableNoise2D noise(rng, 8);
  cv::Mat image(size, size, CV_8UC3);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const double u = (x + 0.5) / size, v = (y + 0.5) / size;
      const int cell = static_cast<int>(u * squares) + static_cast<int>(v * squares);
      const double gain = 1.0 + 0.12 * noise.At(u, v);
      image.at<cv::Vec3b>(y, x) = Blend(color_a, color_b, cell % 2, gain);
    }
  }
  return image;
}

cv::Mat MakeNoiseTexture(const Eigen::Vector3d& color_a, const Eigen::Vector3d& color_b,
                         int size, Rng* rng) {
  const TileableNoise2D coarse(rng, 4), middle(rng, 8), fine(rng, 32);
  cv::Mat image(size, size, CV_8UC3);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const double u = (x + 0.5) / size, v = (y + 0.5) / size;
      const double n = 0.55 * coarse.At(u, v) + 0.3 * middle.At(u, v) + 0.15 * fine.At(u, v);
      image.at<cv::Vec3b>(y, x) = Blend(color_a, color_b, std::clamp(0.5 + 0.8 * n, 0.0, 1.0), 1.0);
    }
  }
  return image;
}

}  // namespace dolly::synth
