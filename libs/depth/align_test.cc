// Robust scale/shift alignment against synthetic data with gross outliers.
#define BOOST_TEST_MODULE align_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>

#include "libs/core/error.h"
#include "libs/depth/align.h"

namespace dolly::depth {
namespace {

// n points, `outlier_share` of them replaced by uniform junk in the metric
// range; the rest get Gaussian noise of `noise` (relative to the value).
struct Data {
  std::vector<double> relative, metric;
};

Data Make(bool inverse, double scale, double shift, int n, double outlier_share, double noise,
          uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> depth(1.0, 20.0), uni(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  Data d;
  for (int i = 0; i < n; ++i) {
    const double z = depth(rng);
    // relative such that the model holds exactly, then noise on metric.
    const double y = inverse ? 1.0 / z : z;
    const double rel = (y - shift) / scale;
    double m = z * (1.0 + noise * gauss(rng));
    if (uni(rng) < outlier_share) m = 0.5 + 40.0 * uni(rng);
    d.relative.push_back(rel);
    d.metric.push_back(m);
  }
  return d;
}

BOOST_AUTO_TEST_CASE(recovers_scale_and_shift_with_30_percent_outliers) {
  // Tolerance: 1% relative on scale, 0.05 m (depth) / 0.002 m^-1 (inverse) on
  // shift, with 1% depth noise on the inliers and depths of 1..20 m.
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const Data d = Make(false, 2.5, 0.7, 400, 0.3, 0.01, seed);
    const ScaleShift fit = FitScaleShift(d.relative, d.metric);
    BOOST_TEST_MESSAGE("depth seed " << seed << ": scale " << fit.scale << " (2.5) shift "
                                     << fit.shift << " (0.7) inliers " << fit.inliers);
    BOOST_TEST(std::abs(fit.scale / 2.5 - 1.0) < 0.01);
    BOOST_TEST(std::abs(fit.shift - 0.7) < 0.05);
    BOOST_TEST(fit.inliers >= 240);
    BOOST_TEST(fit.inliers <= 340);
  }
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    AlignOptions options;
    options.inverse = true;
    const Data d = Make(true, 0.05, 0.02, 400, 0.3, 0.01, seed);
    const ScaleShift fit = FitScaleShift(d.relative, d.metric, options);
    BOOST_TEST_MESSAGE("inverse seed " << seed << ": scale " << fit.scale << " (0.05) shift "
                                       << fit.shift << " (0.02)");
    BOOST_TEST(std::abs(fit.scale / 0.05 - 1.0) < 0.01);
    BOOST_TEST(std::abs(fit.shift - 0.02) < 0.002);
  }
}

BOOST_AUTO_TEST_CASE(exact_data_is_fitted_exactly_and_applied) {
  const Data d = Make(false, 3.0, -1.0, 50, 0.0, 0.0, 7);
  const ScaleShift fit = FitScaleShift(d.relative, d.metric);
  BOOST_TEST(std::abs(fit.scale - 3.0) < 1e-9);
  BOOST_TEST(std::abs(fit.shift + 1.0) < 1e-9);
  BOOST_TEST(fit.inliers == 50);
  cv::Mat rel(1, 3, CV_32F);
  rel.at<float>(0, 0) = 1.0f;
  rel.at<float>(0, 1) = 0.0f;   // -> -1: unknown
  rel.at<float>(0, 2) = 2.0f;
  const cv::Mat depth = ApplyScaleShift(rel, fit, false);
  BOOST_TEST(std::abs(depth.at<float>(0, 0) - 2.0f) < 1e-5);
  BOOST_TEST(depth.at<float>(0, 1) == 0.0f);
  ScaleShift inv{0.5, 0.0, 0, 0.0};
  BOOST_TEST(ApplyScaleShift(rel, inv, true).at<float>(0, 2) == 1.0f);
}

BOOST_AUTO_TEST_CASE(degenerate_input_is_rejected) {
  BOOST_CHECK_THROW(FitScaleShift({1.0}, {2.0}), InvalidInputError);
  BOOST_CHECK_THROW(FitScaleShift({1.0, 1.0, 1.0}, {2.0, 3.0, 4.0}), InvalidInputError);
  BOOST_CHECK_THROW(FitScaleShift({1.0, 2.0}, {2.0}), InvalidInputError);
  // NaN and non-positive metric values are skipped, not fitted.
  const ScaleShift fit = FitScaleShift({1.0, 2.0, 3.0, NAN}, {2.0, 4.0, 6.0, 5.0});
  BOOST_TEST(std::abs(fit.scale - 2.0) < 1e-9);
}

}  // namespace
}  // namespace dolly::depth
