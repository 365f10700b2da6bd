#define BOOST_TEST_MODULE depth_sample_test
#include <boost/test/unit_test.hpp>

#include <cmath>

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

}  // namespace
}  // namespace dolly::geometry
