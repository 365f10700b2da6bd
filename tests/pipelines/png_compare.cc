// png_compare A.png B.png MAX_MEAN_ABS: compares two 8-bit images of the same
// size and channel count pixel by pixel. Prints the size, the largest and the
// mean absolute difference over all channels and the share of pixels that
// differ; exits 0 when the mean absolute difference is at most MAX_MEAN_ABS,
// 1 otherwise, 2 on bad arguments or unreadable files.
#include <cstdlib>
#include <iostream>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: png_compare A.png B.png MAX_MEAN_ABS\n";
    return 2;
  }
  const cv::Mat a = cv::imread(argv[1], cv::IMREAD_UNCHANGED);
  const cv::Mat b = cv::imread(argv[2], cv::IMREAD_UNCHANGED);
  if (a.empty() || b.empty()) {
    std::cerr << "png_compare: cannot read " << (a.empty() ? argv[1] : argv[2]) << "\n";
    return 2;
  }
  if (a.size() != b.size() || a.type() != b.type()) {
    std::cout << "png_compare: " << argv[1] << " is " << a.cols << "x" << a.rows << "x"
              << a.channels() << ", " << argv[2] << " is " << b.cols << "x" << b.rows << "x"
              << b.channels() << "\n";
    return 1;
  }
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  double max_abs = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &max_abs);
  const double mean_abs = cv::mean(diff.reshape(1))[0];
  cv::Mat any;
  if (diff.channels() > 1) {
    cv::Mat gray = diff.reshape(1, static_cast<int>(diff.total()));
    cv::reduce(gray, any, 1, cv::REDUCE_MAX);
  } else {
    any = diff.reshape(1, static_cast<int>(diff.total()));
  }
  const double differing = static_cast<double>(cv::countNonZero(any)) / diff.total();
  const double tolerance = std::atof(argv[3]);
  std::cout << "png_compare: " << a.cols << "x" << a.rows << "x" << a.channels() << " max_abs "
            << max_abs << " mean_abs " << mean_abs << " differing_pixels " << differing << "\n";
  return mean_abs <= tolerance ? 0 : 1;
}
