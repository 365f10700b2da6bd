#include "libs/controls/pil_resize.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

// Pillow keeps 8 bits for the result and 2 for overshoot of the signed
// kernel inside a 32-bit accumulator.
constexpr int kPrecisionBits = 32 - 8 - 2;

double Bilinear(double x) {
  x = std::abs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}

double Bicubic(double x) {
  constexpr double a = -0.5;
  x = std::abs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

// One output sample's taps: input indices [first, first + weights.size()).
struct Taps {
  int first = 0;
  std::vector<std::int32_t> weights;
};

// Pillow's precompute_coeffs + normalize_coeffs_8bpc for the whole input
// range (box = 0 .. in_size). The float `in1 - in0` of Pillow is exact here.
std::vector<Taps> Coefficients(int in_size, int out_size, PilFilter filter) {
  double (*kernel)(double) = filter == PilFilter::kBicubic ? Bicubic : Bilinear;
  const double base_support = filter == PilFilter::kBicubic ? 2.0 : 1.0;
  const double scale = static_cast<double>(in_size) / out_size;
  const double filterscale = scale < 1.0 ? 1.0 : scale;
  const double support = base_support * filterscale;
  std::vector<Taps> out(out_size);
  for (int xx = 0; xx < out_size; ++xx) {
    const double center = (xx + 0.5) * scale;
    // Pillow rounds with a cast after adding 0.5 (truncation towards zero).
    int xmin = static_cast<int>(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    std::vector<double> k(xmax);
    double ww = 0.0;
    for (int x = 0; x < xmax; ++x) {
      k[x] = kernel((x + xmin - center + 0.5) * (1.0 / filterscale));
      ww += k[x];
    }
    Taps& taps = out[xx];
    taps.first = xmin;
    taps.weights.resize(xmax);
    for (int x = 0; x < xmax; ++x) {
      const double w = ww != 0.0 ? k[x] / ww : k[x];
      const double fixed = w * (1 << kPrecisionBits);
      taps.weights[x] = static_cast<std::int32_t>(w < 0 ? -0.5 + fixed : 0.5 + fixed);
    }
  }
  return out;
}

unsigned char Clip8(std::int32_t sum) {
  const std::int32_t v = sum >> kPrecisionBits;  // arithmetic shift, as in Pillow
  return static_cast<unsigned char>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

cv::Mat Horizontal(const cv::Mat& in, int width, PilFilter filter) {
  const std::vector<Taps> taps = Coefficients(in.cols, width, filter);
  cv::Mat out(in.rows, width, CV_8UC1);
  for (int y = 0; y < in.rows; ++y) {
    const unsigned char* src = in.ptr<unsigned char>(y);
    unsigned char* dst = out.ptr<unsigned char>(y);
    for (int x = 0; x < width; ++x) {
      std::int32_t sum = 1 << (kPrecisionBits - 1);
      const Taps& t = taps[x];
      for (size_t i = 0; i < t.weights.size(); ++i) sum += src[t.first + i] * t.weights[i];
      dst[x] = Clip8(sum);
    }
  }
  return out;
}

cv::Mat Vertical(const cv::Mat& in, int height, PilFilter filter) {
  const std::vector<Taps> taps = Coefficients(in.rows, height, filter);
  cv::Mat out(height, in.cols, CV_8UC1);
  for (int y = 0; y < height; ++y) {
    const Taps& t = taps[y];
    unsigned char* dst = out.ptr<unsigned char>(y);
    for (int x = 0; x < in.cols; ++x) {
      std::int32_t sum = 1 << (kPrecisionBits - 1);
      for (size_t i = 0; i < t.weights.size(); ++i) {
        sum += in.at<unsigned char>(t.first + static_cast<int>(i), x) * t.weights[i];
      }
      dst[x] = Clip8(sum);
    }
  }
  return out;
}

}  // namespace

cv::Mat PilResize(const cv::Mat& gray, int width, int height, PilFilter filter) {
  if (gray.empty() || gray.type() != CV_8UC1) {
    throw InvalidInputError("PIL resize: expected a non-empty 8-bit single-channel image");
  }
  if (width <= 0 || height <= 0) {
    throw InvalidInputError("PIL resize: target size " + std::to_string(width) + "x" +
                            std::to_string(height) + " must be positive");
  }
  // Pillow resamples horizontally first (only the rows the vertical pass
  // reads, which does not change their values), then vertically, and skips
  // a pass whose size does not change.
  cv::Mat out = gray;
  if (width != gray.cols) out = Horizontal(out, width, filter);
  if (height != gray.rows) out = Vertical(out, height, filter);
  return out.data == gray.data ? gray.clone() : out;
}

}  // namespace dolly::controls
