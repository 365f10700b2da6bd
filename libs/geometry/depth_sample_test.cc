#define BOOST_TEST_MODULE depth_sample_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "libs/geometry/depth_sample.h"

namespace dolly::geometry {
namespace {

BOOST_AUTO_TEST_CASE(BilinearInsideOneSurfaceZeroAtEdgesAndBorders) {
  cv::Mat d(4, 4, CV_32F, cv::Scalar(2.0f));
  d.at<float>(0, 1) = 2.04f;
  // Between (0,0)=2 and (1,0)=2.04 at x = 0.5: 2.02 (exact up to float).
  BOOST_TEST(std::abs(SampleDepth(d, 0.5, 0.0) - 2.02) < 1e-6);
  d.at<float>(3, 3) = 4.0f;  // a depth edge
  BOOST_TEST(SampleDepth(d, 2.5, 2.5) == 0.0);
  d.at<float>(2, 0) = 0.0f;  // unknown
  BOOST_TEST(SampleDepth(d, 0.5, 1.5) == 0.0);
  BOOST_TEST(SampleDepth(d, -0.2, 1.0) == 0.0);
  BOOST_TEST(SampleDepth(d, 3.0, 1.0) == 0.0);
  BOOST_TEST(SampleDepth(d, NAN, 1.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(MedianOfValidDepthsAveragesTheMiddlePairOfAnEvenCount) {
  cv::Mat d(2, 3, CV_32F, cv::Scalar(0.0f));
  BOOST_TEST(ValidDepths(d).empty());
  BOOST_TEST(!MedianValidDepth(d).has_value());
  d.at<float>(0, 0) = 4.0f;
  d.at<float>(0, 1) = NAN;
  d.at<float>(0, 2) = -1.0f;
  d.at<float>(1, 0) = 1.0f;
  d.at<float>(1, 1) = INFINITY;
  d.at<float>(1, 2) = 2.0f;
  BOOST_TEST((ValidDepths(d) == std::vector<float>{4.0f, 1.0f, 2.0f}));
  BOOST_TEST(*MedianValidDepth(d) == 2.0);
  d.at<float>(1, 1) = 3.0f;  // 1, 2, 3, 4: the mean of 2 and 3
  BOOST_TEST(*MedianValidDepth(d) == 2.5);
  // A view of part of the map: its column 0 holds 4 and 1.
  BOOST_TEST(*MedianValidDepth(d(cv::Rect(0, 0, 1, 2))) == 2.5);
}

}  // namespace
}  // namespace dolly::geometry
