#include "libs/media/testing/test_media.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dolly::media::testing {
namespace fs = std::filesystem;

std::string MakeTestDir(const std::string& name) {
  const char* root = std::getenv("TEST_TMPDIR");
  const fs::path dir = fs::path(root != nullptr ? root : "/tmp") / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

cv::Mat SyntheticFrame(int index, int width, int height) {
  cv::Mat rgb(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      rgb.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<uchar>(x * 255 / std::max(1, width - 1)),
                    static_cast<uchar>(y * 255 / std::max(1, height - 1)), 128);
    }
  }
  const cv::Rect square(4 + 4 * index, 8 + 2 * index, 16, 16);
  rgb(square & cv::Rect(0, 0, width, height)).setTo(cv::Scalar(255, 128, 0));
  return rgb;
}

double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar per_channel = cv::mean(diff);
  return (per_channel[0] + per_channel[1] + per_channel[2]) / a.channels();
}

void WriteTextFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace dolly::media::testing
