#define BOOST_TEST_MODULE camera_map_golden
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "libs/controls/camera_map.h"
#include "libs/controls/camera_map_reference.h"
#include "libs/controls/pil_resize.h"

namespace dolly::controls {
namespace {

namespace ref = reference;

std::string GoldenPath(const std::string& name) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::string relative = "testdata/golden/controls/" + name;
  if (srcdir == nullptr || workspace == nullptr) return relative;
  return std::string(srcdir) + "/" + workspace + "/" + relative;
}

cv::Mat ReadGray(const std::string& name) {
  const std::string path = GoldenPath(name);
  const cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
  BOOST_TEST_INFO(path);
  BOOST_REQUIRE(!image.empty());
  BOOST_REQUIRE(image.type() == CV_8UC1);
  return image;
}

PacCameraPose ToProduction(const ref::PacPose& pose) {
  PacCameraPose out;
  out.R = pose.R;
  out.T = pose.T;
  return out;
}

struct Mismatch {
  int differ = 0;     // pixels whose values differ at all
  int over_one = 0;   // pixels that differ by more than one grey level
  int max_abs = 0;
};

Mismatch Compare(const cv::Mat& a, const cv::Mat& b) {
  Mismatch m;
  for (int y = 0; y < a.rows; ++y) {
    for (int x = 0; x < a.cols; ++x) {
      const int d = std::abs(int(a.at<unsigned char>(y, x)) - int(b.at<unsigned char>(y, x)));
      m.differ += d > 0;
      m.over_one += d > 1;
      m.max_abs = std::max(m.max_abs, d);
    }
  }
  return m;
}

// Stated tolerance: at most this many pixels of a 96 x 64 frame may differ,
// by any amount. Both renderers compute in double, so only a pixel centre
// exactly on a cube edge (the two faces tie) or a value within rounding of
// x.5 could differ; measured: 0 on every frame. For scale, sampling the
// texture half a texel off (align_corners=False) changes 680-911 pixels.
constexpr int kMaxDifferingPixels = 6;

}  // namespace

// The PNGs are what the reference rasteriser draws; a change to it must be a
// deliberate regeneration (camera_map_golden_gen).
BOOST_AUTO_TEST_CASE(reference_still_draws_the_golden_pngs) {
  BOOST_TEST(cv::countNonZero(ref::GoldenStrip() != ReadGray("camera_map_pac.png")) == 0);
  BOOST_TEST(cv::countNonZero(ref::GoldenPortrait() != ReadGray("camera_map_pac_portrait.png")) ==
             0);
}

// The production ray caster against the reference rasteriser, pose by pose.
BOOST_AUTO_TEST_CASE(ray_cast_envelope_matches_the_reference_rendering) {
  const cv::Mat strip = ReadGray("camera_map_pac.png");
  const std::vector<ref::PacPose> poses = ref::GoldenPoses();
  BOOST_REQUIRE(strip.cols == ref::kGoldenWidth * int(poses.size()));
  for (size_t k = 0; k < poses.size(); ++k) {
    const cv::Mat golden =
        strip(cv::Rect(int(k) * ref::kGoldenWidth, 0, ref::kGoldenWidth, ref::kGoldenHeight));
    const cv::Mat actual = RenderEnvelope(
        ToProduction(poses[k]), PacCameraMapIntrinsics(ref::kGoldenWidth, ref::kGoldenHeight));
    const Mismatch m = Compare(actual, golden);
    BOOST_TEST_MESSAGE(poses[k].name << ": " << m.differ << " differ, " << m.over_one
                                     << " by more than 1, max " << m.max_abs);
    BOOST_TEST_CONTEXT(poses[k].name) {
      BOOST_TEST(m.differ <= kMaxDifferingPixels);
    }
  }
  const cv::Mat portrait = RenderEnvelope(
      ToProduction(poses[1]), PacCameraMapIntrinsics(ref::kGoldenHeight, ref::kGoldenWidth));
  const Mismatch m = Compare(portrait, ReadGray("camera_map_pac_portrait.png"));
  BOOST_TEST_MESSAGE("portrait: " << m.differ << " differ, " << m.over_one
                                  << " by more than 1, max " << m.max_abs);
  BOOST_TEST(m.differ <= kMaxDifferingPixels);
}

// PilResize against Pillow 9's Image.resize (default bicubic) of the strip:
// shrinking across, enlarging down.
BOOST_AUTO_TEST_CASE(pil_resize_matches_pillow_exactly) {
  const cv::Mat expected = ReadGray("camera_map_pac_resized.png");
  BOOST_REQUIRE(expected.cols == ref::kResizedWidth);
  BOOST_REQUIRE(expected.rows == ref::kResizedHeight);
  const cv::Mat actual =
      PilResize(ReadGray("camera_map_pac.png"), ref::kResizedWidth, ref::kResizedHeight);
  BOOST_TEST(cv::countNonZero(actual != expected) == 0);
}

}  // namespace dolly::controls
