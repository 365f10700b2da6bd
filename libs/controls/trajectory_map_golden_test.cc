#define BOOST_TEST_MODULE trajectory_map_golden
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/controls/trajectory_map.h"

namespace dolly::controls {
namespace {

std::string DataPath(const std::string& name) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  const std::string relative = "testdata/golden/controls/" + name;
  if (srcdir == nullptr || workspace == nullptr) return relative;
  return std::string(srcdir) + "/" + workspace + "/" + relative;
}

struct Case {
  int width = 0, height = 0, frames = 0;
  std::vector<Track> tracks;
};

// posetraj_case.txt: "width height frames", then x y per frame per track;
// '#' starts a comment.
Case ReadCase() {
  std::ifstream in(DataPath("posetraj_case.txt"));
  BOOST_REQUIRE(in.good());
  Case c;
  bool header = false;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line.substr(0, line.find('#')));
    if (!header) {
      if (row >> c.width >> c.height >> c.frames) header = true;
      continue;
    }
    Track track;
    float x, y;
    while (row >> x >> y) track.push_back({x, y, true});
    if (track.empty()) continue;
    BOOST_REQUIRE(static_cast<int>(track.size()) == c.frames);
    c.tracks.push_back(track);
  }
  BOOST_REQUIRE(header);
  return c;
}

cv::Mat GoldenMap(const Case& c, int k) {
  const cv::Mat bgr = cv::imread(DataPath("posetraj_maps.png"), cv::IMREAD_COLOR);
  BOOST_REQUIRE(!bgr.empty());
  BOOST_REQUIRE(bgr.cols == c.width);
  BOOST_REQUIRE(bgr.rows == c.height * c.frames);
  cv::Mat rgb;
  cv::cvtColor(bgr(cv::Rect(0, k * c.height, c.width, c.height)), rgb, cv::COLOR_BGR2RGB);
  return rgb;
}

double DistanceToSegment(double px, double py, double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double s = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
  s = std::clamp(s, 0.0, 1.0);
  return std::hypot(px - (ax + s * dx), py - (ay + s * dy));
}

}  // namespace

// The golden PNG is drawn by posetraj_reference.py, which follows PoseTraj's
// inference loop with no dolly code: the maps must agree pixel for pixel
// (tolerance 0: the ControlNet was trained on exactly these pixels).
BOOST_AUTO_TEST_CASE(posetraj_maps_match_the_reference_drawing_pixel_for_pixel) {
  const Case c = ReadCase();
  for (int k = 0; k < c.frames; ++k) {
    BOOST_TEST_CONTEXT("map " << k) {
      const cv::Mat golden = GoldenMap(c, k);
      const cv::Mat actual = RenderPoseTrajMap(c.width, c.height, c.tracks, k, c.frames);
      BOOST_REQUIRE(actual.type() == golden.type());
      BOOST_REQUIRE(actual.size() == golden.size());
      cv::Mat diff;
      cv::absdiff(actual, golden, diff);
      BOOST_TEST(cv::countNonZero(diff.reshape(1)) == 0);
      // Every map but the last draws something; the last is black.
      BOOST_TEST((cv::countNonZero(golden.reshape(1)) > 0) == (k + 1 < c.frames));
    }
  }
}

// The same maps against the formula itself, without OpenCV's rasteriser: a
// track's segment k -> k+1 is a red capsule around the truncated positions
// and its dot a green disc of radius 3 at the truncated position k+1, painted
// track by track (segment, then dot). The capsule's half-width is 2, not 1.5:
// OpenCV widens an odd thickness t to a polygon of half-width (t + 1) / 2 with
// round caps of that radius, which is what PoseTraj's cv2.line(..., 3) drew.
// A pixel whose centre is within 0.75 px of the topmost shape's edge may go
// either way (rasterisers differ there); every other pixel must have that
// shape's colour, or be black when no shape comes within 0.75 px of it. At
// least 40 % of the painted pixels must be checked this way.
BOOST_AUTO_TEST_CASE(posetraj_maps_follow_the_formula_away_from_edges) {
  const Case c = ReadCase();
  constexpr double kHalfWidth = 2.0, kDot = 3.0, kBand = 0.75;
  const cv::Vec3b red(255, 0, 0), green(0, 255, 0), black(0, 0, 0);
  for (int k = 0; k + 1 < c.frames; ++k) {
    const cv::Mat actual = RenderPoseTrajMap(c.width, c.height, c.tracks, k, c.frames);
    int checked = 0, checked_painted = 0, band = 0, wrong = 0;
    for (int y = 0; y < c.height; ++y) {
      for (int x = 0; x < c.width; ++x) {
        // Walk the shapes from the top of the paint order down.
        cv::Vec3b expected = black;
        bool ambiguous = false;
        for (int t = static_cast<int>(c.tracks.size()) - 1; t >= 0 && expected == black; --t) {
          const double ax = std::trunc(c.tracks[t][k].x), ay = std::trunc(c.tracks[t][k].y);
          const double bx = std::trunc(c.tracks[t][k + 1].x), by = std::trunc(c.tracks[t][k + 1].y);
          const double dot = std::hypot(x - bx, y - by) - kDot;
          const double seg = DistanceToSegment(x, y, ax, ay, bx, by) - kHalfWidth;
          for (const auto& [signed_distance, colour] : {std::pair{dot, green}, std::pair{seg, red}}) {
            if (std::abs(signed_distance) <= kBand) ambiguous = true;
            if (ambiguous || signed_distance < -kBand) {
              if (!ambiguous) expected = colour;
              break;
            }
          }
          if (ambiguous) break;
        }
        if (ambiguous) {
          ++band;
          continue;
        }
        ++checked;
        if (expected != black) ++checked_painted;
        if (actual.at<cv::Vec3b>(y, x) != expected) ++wrong;
      }
    }
    const int painted = cv::countNonZero(actual.reshape(1));  // One channel is set per pixel.
    BOOST_TEST_INFO("map " << k << ": " << checked << " pixels checked (" << checked_painted
                           << " painted), " << band << " in the edge band");
    BOOST_TEST(wrong == 0);
    BOOST_TEST(checked_painted >= 0.4 * painted);
  }
}

}  // namespace dolly::controls
