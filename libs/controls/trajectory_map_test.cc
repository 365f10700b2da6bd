#define BOOST_TEST_MODULE trajectory_map
#include <boost/test/unit_test.hpp>

#include <limits>

#include "libs/controls/trajectory_map.h"
#include "libs/core/error.h"

namespace dolly::controls {
namespace {

constexpr int kW = 64;
constexpr int kH = 40;
const cv::Vec3b kRed(255, 0, 0);
const cv::Vec3b kGreen(0, 255, 0);
const cv::Vec3b kBlack(0, 0, 0);

// Moves 10 px right per frame along row 20: x = 10, 20, 30, 40.
Track Straight() { return {{10.0f, 20.0f}, {20.0f, 20.0f}, {30.0f, 20.0f}, {40.0f, 20.0f}}; }

}  // namespace

BOOST_AUTO_TEST_CASE(path_is_red_and_current_position_is_green) {
  const cv::Mat image = RenderTrajectoryMap(kW, kH, {Straight()}, 3);
  for (int x : {10, 15, 25, 33}) {
    BOOST_TEST_INFO("x " << x);
    BOOST_TEST(image.at<cv::Vec3b>(20, x) == kRed);
    BOOST_TEST(image.at<cv::Vec3b>(19, x) == kRed);  // Thickness 3.
    BOOST_TEST(image.at<cv::Vec3b>(21, x) == kRed);
    BOOST_TEST(image.at<cv::Vec3b>(24, x) == kBlack);
  }
  for (int x = 37; x <= 43; ++x) BOOST_TEST(image.at<cv::Vec3b>(20, x) == kGreen);  // Radius 3.
  BOOST_TEST(image.at<cv::Vec3b>(20, 45) == kBlack);
}

BOOST_AUTO_TEST_CASE(only_frames_up_to_k_are_drawn) {
  const cv::Mat image = RenderTrajectoryMap(kW, kH, {Straight()}, 1);
  BOOST_TEST(image.at<cv::Vec3b>(20, 12) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(20, 20) == kGreen);
  BOOST_TEST(image.at<cv::Vec3b>(20, 27) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(20, 30) == kBlack);
}

BOOST_AUTO_TEST_CASE(an_invisible_frame_breaks_the_path) {
  Track track = Straight();
  track[2].visible = false;
  track[2].x = std::numeric_limits<float>::quiet_NaN();
  const cv::Mat image = RenderTrajectoryMap(kW, kH, {track}, 3);
  BOOST_TEST(image.at<cv::Vec3b>(20, 15) == kRed);    // 0 -> 1 drawn.
  BOOST_TEST(image.at<cv::Vec3b>(20, 27) == kBlack);  // 1 -> 2 and 2 -> 3 not.
  BOOST_TEST(image.at<cv::Vec3b>(20, 33) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(20, 40) == kGreen);
  track[3].visible = false;
  const cv::Mat gone = RenderTrajectoryMap(kW, kH, {track}, 3);
  BOOST_TEST(gone.at<cv::Vec3b>(20, 40) == kBlack);  // No dot when frame k is invisible.
  BOOST_TEST(gone.at<cv::Vec3b>(20, 15) == kRed);
}

BOOST_AUTO_TEST_CASE(a_lone_visible_sample_draws_no_line) {
  Track track = Straight();
  track[0].visible = false;
  track[2].visible = false;
  const cv::Mat image = RenderTrajectoryMap(kW, kH, {track}, 2);
  BOOST_TEST(cv::countNonZero(image.reshape(1)) == 0);
}

BOOST_AUTO_TEST_CASE(dots_stay_on_top_of_other_tracks_paths) {
  const Track vertical = {{30.0f, 5.0f}, {30.0f, 35.0f}};
  const Track still = {{30.0f, 20.0f}, {30.0f, 20.0f}};
  const cv::Mat image = RenderTrajectoryMap(kW, kH, {still, vertical}, 1);
  BOOST_TEST(image.at<cv::Vec3b>(20, 30) == kGreen);
  BOOST_TEST(image.at<cv::Vec3b>(10, 30) == kRed);
}

BOOST_AUTO_TEST_CASE(bad_input_is_rejected) {
  BOOST_CHECK_THROW(RenderTrajectoryMap(kW, kH, {Straight()}, 4), InvalidInputError);
  BOOST_CHECK_THROW(RenderTrajectoryMap(kW, kH, {Straight()}, -1), InvalidInputError);
  BOOST_CHECK_THROW(RenderTrajectoryMap(0, kH, {}, 0), InvalidInputError);
  Track bad = Straight();
  bad[1].y = std::numeric_limits<float>::infinity();
  BOOST_CHECK_THROW(RenderTrajectoryMap(kW, kH, {bad}, 3), InvalidInputError);
}

// PoseTraj mode (RenderPoseTrajMap); the exact pixels are pinned by
// trajectory_map_golden_test against a reference drawing.
BOOST_AUTO_TEST_CASE(posetraj_map_k_shows_only_segment_k_to_k_plus_1) {
  const cv::Mat image = RenderPoseTrajMap(kW, kH, {Straight()}, 1, 4);
  BOOST_TEST(image.at<cv::Vec3b>(20, 12) == kBlack);  // Segment 0 -> 1 is not drawn.
  BOOST_TEST(image.at<cv::Vec3b>(20, 17) == kBlack);  // Nor the dot of frame 1.
  for (int x : {21, 24, 26}) BOOST_TEST(image.at<cv::Vec3b>(20, x) == kRed);
  for (int x = 28; x <= 32; ++x) BOOST_TEST(image.at<cv::Vec3b>(20, x) == kGreen);  // Dot at 2.
  BOOST_TEST(image.at<cv::Vec3b>(20, 36) == kBlack);  // Segment 2 -> 3 is not drawn.
}

BOOST_AUTO_TEST_CASE(posetraj_last_map_is_black) {
  const cv::Mat last = RenderPoseTrajMap(kW, kH, {Straight()}, 3, 4);
  BOOST_TEST(cv::countNonZero(last.reshape(1)) == 0);
  // Map 2 of 4 is the last drawn one: segment 2 -> 3.
  const cv::Mat drawn = RenderPoseTrajMap(kW, kH, {Straight()}, 2, 4);
  BOOST_TEST(drawn.at<cv::Vec3b>(20, 34) == kRed);
  BOOST_TEST(drawn.at<cv::Vec3b>(20, 40) == kGreen);
}

BOOST_AUTO_TEST_CASE(posetraj_positions_are_truncated_like_python_int) {
  // x 20.9 -> 20 (not 21), y 20.99 -> 20; -0.9 -> 0 (toward zero, not -1).
  const Track track = {{-0.9f, 20.99f}, {20.9f, 20.99f}};
  const cv::Mat image = RenderPoseTrajMap(kW, kH, {track}, 0, 2);
  BOOST_TEST(image.at<cv::Vec3b>(20, 23) == kGreen);  // Dot centre 20 + radius 3.
  BOOST_TEST(image.at<cv::Vec3b>(20, 24) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(17, 20) == kGreen);
  BOOST_TEST(image.at<cv::Vec3b>(24, 20) == kBlack);
  BOOST_TEST(image.at<cv::Vec3b>(20, 0) == kRed);
}

BOOST_AUTO_TEST_CASE(posetraj_a_later_track_covers_an_earlier_dot) {
  // Track 0's dot at (30, 20); track 1's segment runs through it afterwards.
  const Track first = {{30.0f, 10.0f}, {30.0f, 20.0f}};
  const Track second = {{20.0f, 20.0f}, {40.0f, 20.0f}};
  const cv::Mat image = RenderPoseTrajMap(kW, kH, {first, second}, 0, 2);
  BOOST_TEST(image.at<cv::Vec3b>(20, 30) == kRed);
  BOOST_TEST(image.at<cv::Vec3b>(23, 30) == kGreen);  // Below the line (cv::line widens 3 to 2 + 1 + 2).
  const cv::Mat swapped = RenderPoseTrajMap(kW, kH, {second, first}, 0, 2);
  BOOST_TEST(swapped.at<cv::Vec3b>(20, 30) == kGreen);
}

BOOST_AUTO_TEST_CASE(posetraj_invisible_ends_drop_the_segment_and_dot) {
  Track track = Straight();
  track[2].visible = false;
  track[2].x = std::numeric_limits<float>::quiet_NaN();
  const cv::Mat image = RenderPoseTrajMap(kW, kH, {track}, 1, 4);
  BOOST_TEST(cv::countNonZero(image.reshape(1)) == 0);
  track[1].visible = false;
  track[2] = {30.0f, 20.0f, true};
  const cv::Mat dot_only = RenderPoseTrajMap(kW, kH, {track}, 1, 4);
  BOOST_TEST(dot_only.at<cv::Vec3b>(20, 30) == kGreen);
  BOOST_TEST(dot_only.at<cv::Vec3b>(20, 24) == kBlack);
}

BOOST_AUTO_TEST_CASE(posetraj_bad_input_is_rejected) {
  BOOST_CHECK_THROW(RenderPoseTrajMap(kW, kH, {Straight()}, 4, 4), InvalidInputError);
  BOOST_CHECK_THROW(RenderPoseTrajMap(kW, kH, {Straight()}, -1, 4), InvalidInputError);
  BOOST_CHECK_THROW(RenderPoseTrajMap(kW, 0, {Straight()}, 0, 4), InvalidInputError);
  BOOST_CHECK_THROW(RenderPoseTrajMap(kW, kH, {Straight()}, 3, 5), InvalidInputError);  // 4 samples.
  Track bad = Straight();
  bad[2].y = std::numeric_limits<float>::infinity();
  BOOST_CHECK_THROW(RenderPoseTrajMap(kW, kH, {bad}, 1, 4), InvalidInputError);
  BOOST_CHECK_NO_THROW(RenderPoseTrajMap(kW, kH, {bad}, 0, 4));  // Sample 2 unused.
}

}  // namespace dolly::controls
