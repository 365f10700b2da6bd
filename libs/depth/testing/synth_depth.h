// dolly-synth scenes for the depth tests, and the accuracy of an estimate
// against their ground-truth depth on the pixels a matcher can see
// (textured ones).
#ifndef DOLLY_LIBS_DEPTH_TESTING_SYNTH_DEPTH_H_
#define DOLLY_LIBS_DEPTH_TESTING_SYNTH_DEPTH_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/synth/synth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth::testing {

// Renders `scene` (a preset or recipe path) into $TEST_TMPDIR/<name>/scene
// without MP4 or PNG outputs; returns that directory.
inline std::string RenderSynthScene(const std::string& name, const std::string& scene,
                                    int frames, int width = 192, int height = 128) {
  synth::SynthOptions options;
  options.scene = scene;
  options.output = MakeTestDir(name) + "/scene";
  options.frames = frames;
  options.width = width;
  options.height = height;
  options.write_mp4 = false;
  options.write_png = false;
  synth::RunSynthImpl(options);
  return options.output;
}

struct DepthAccuracy {
  double abs_rel = 0.0;          // mean |d - z| / z where d > 0
  double valid_fraction = 0.0;   // share of the textured GT pixels with d > 0
  int64_t textured = 0;          // textured GT pixels
  std::vector<double> errors;    // |d - z| / z, ascending
  double Percentile(double p) const {
    return errors.empty() ? 0.0 : errors[static_cast<size_t>(p / 100.0 * (errors.size() - 1))];
  }
};

// "Textured": 7x7 intensity std (gray, 0..255) of at least this, as mvs asks.
constexpr double kTextureStd = 4.0;

// `estimate` (a DepthSequence) against the GT depth of `scene_dir` times
// unit(f), over the textured pixels with GT depth of `frames`.
inline DepthAccuracy MeasureOnTextured(const std::string& estimate, const std::string& scene_dir,
                                       const std::vector<int>& frames,
                                       const std::function<double(int)>& unit) {
  const auto est = artifact::ReadArtifact<schema::DepthSequenceInfo>(estimate);
  const auto gt = artifact::ReadArtifact<schema::DepthSequenceInfo>(scene_dir + "/depth.dolly");
  const auto video = artifact::ReadArtifact<schema::VideoInfo>(scene_dir + "/video.dolly");
  DepthAccuracy a;
  for (int f : frames) {
    const cv::Mat e = MatFromTensor(est.frames[f].depth);
    const cv::Mat g = MatFromTensor(gt.frames[f].depth);
    cv::Mat gray, grayf, mean, mean2;
    cv::cvtColor(MatFromTensor(video.frames[f].image), gray, cv::COLOR_RGB2GRAY);
    gray.convertTo(grayf, CV_32F);
    cv::boxFilter(grayf, mean, CV_32F, cv::Size(7, 7), cv::Point(-1, -1), true,
                  cv::BORDER_REFLECT);
    cv::boxFilter(grayf.mul(grayf), mean2, CV_32F, cv::Size(7, 7), cv::Point(-1, -1), true,
                  cv::BORDER_REFLECT);
    const double factor = unit(f);
    for (int y = 0; y < e.rows; ++y) {
      for (int x = 0; x < e.cols; ++x) {
        const double z = g.at<float>(y, x) * factor;
        const float var = mean2.at<float>(y, x) - mean.at<float>(y, x) * mean.at<float>(y, x);
        if (z <= 0 || var < kTextureStd * kTextureStd) continue;
        ++a.textured;
        const float d = e.at<float>(y, x);
        if (d > 0) a.errors.push_back(std::abs(d - z) / z);
      }
    }
  }
  std::sort(a.errors.begin(), a.errors.end());
  for (double err : a.errors) a.abs_rel += err;
  a.abs_rel /= std::max<size_t>(1, a.errors.size());
  a.valid_fraction = static_cast<double>(a.errors.size()) / std::max<int64_t>(1, a.textured);
  return a;
}

}  // namespace dolly::depth::testing

#endif  // DOLLY_LIBS_DEPTH_TESTING_SYNTH_DEPTH_H_
