// Query point sources and PoseTraj JSON import/export.
#define BOOST_TEST_MODULE query_points_test
#include <cstdlib>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <opencv2/imgcodecs.hpp>

#include "libs/core/error.h"
#include "libs/track/posetraj_json.h"
#include "libs/track/query_points.h"

namespace dolly::track {
namespace {

std::string TmpFile(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir ? dir : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

BOOST_AUTO_TEST_CASE(grid_has_about_the_requested_count_inside_the_image) {
  const auto q = GridQueries(256, 192, 300);
  BOOST_TEST(q.size() >= 270u);
  BOOST_TEST(q.size() <= 330u);
  for (const auto& p : q) {
    BOOST_TEST(p.frame == 0);
    BOOST_TEST((p.x >= 0.0f && p.x <= 255.0f && p.y >= 0.0f && p.y <= 191.0f));
  }
}

BOOST_AUTO_TEST_CASE(stride_and_mask) {
  BOOST_TEST(StrideQueries(16, 8, 4).size() == 8u);  // x 2,6,10,14; y 2,6
  cv::Mat mask(8, 16, CV_8U, cv::Scalar(0));
  mask(cv::Rect(0, 0, 4, 4)).setTo(255);
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/mask.png";
  cv::imwrite(path, mask);
  BOOST_TEST(MaskQueries(path, 16, 8, 1).size() == 16u);
  BOOST_TEST(MaskQueries(path, 16, 8, 2).size() == 4u);
  BOOST_CHECK_THROW(MaskQueries(path, 32, 8, 1), InvalidInputError);
  BOOST_CHECK_THROW(MaskQueries(path + ".missing", 16, 8, 1), IoError);
}

BOOST_AUTO_TEST_CASE(csv_queries) {
  const auto q = ReadQueryFile(TmpFile("q.csv", "t,x,y\n0,1.5,2\n# comment\n3, 4, 5.25\n"));
  BOOST_REQUIRE_EQUAL(q.size(), 2u);
  BOOST_TEST(q[1].frame == 3);
  BOOST_TEST(q[1].y == 5.25f);
  BOOST_CHECK_THROW(ReadQueryFile(TmpFile("bad.csv", "0,1\n")), InvalidInputError);
  BOOST_CHECK_THROW(ReadQueryFile(TmpFile("nan.csv", "0,nan,1\n")), InvalidInputError);
  BOOST_CHECK_THROW(ReadQueryFile("/nonexistent/q.csv"), IoError);
  BOOST_CHECK_THROW(CheckQueries(q, 3, 10, 10, "q"), InvalidInputError);  // frame 3 of 3
  BOOST_CHECK_NO_THROW(CheckQueries(q, 4, 10, 10, "q"));
  BOOST_CHECK_THROW(CheckQueries(q, 4, 4, 4, "q"), InvalidInputError);    // x 4 outside
}

BOOST_AUTO_TEST_CASE(posetraj_round_trip_keeps_order) {
  PoseTrajTracks tracks;
  for (int i = 0; i < 12; ++i) {
    tracks.ids.push_back(std::to_string(i));
    tracks.points.push_back({{1.0f * i, 2.0f}, {1.5f * i, 3.25f}});
  }
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/tracks.json";
  WritePoseTrajJson(path, tracks);
  const PoseTrajTracks back = ReadPoseTrajJson(path);
  BOOST_TEST(back.ids == tracks.ids);  // "10" stays after "9"
  BOOST_TEST(back.points == tracks.points);
  const auto q = ReadQueryFile(path);
  BOOST_REQUIRE_EQUAL(q.size(), 12u);
  BOOST_TEST(q[11].x == 11.0f);
}

BOOST_AUTO_TEST_CASE(posetraj_rejects_bad_content) {
  BOOST_CHECK_THROW(ReadPoseTrajJson(TmpFile("a.json", "[1, 2]")), InvalidInputError);
  BOOST_CHECK_THROW(ReadPoseTrajJson(TmpFile("b.json", "{\"0\": [[1, 2]], \"1\": [[1, 2], [3, 4]]}")),
                    InvalidInputError);
  BOOST_CHECK_THROW(ReadPoseTrajJson(TmpFile("c.json", "{\"0\": [[1]]}")), InvalidInputError);
  BOOST_CHECK_THROW(ReadPoseTrajJson(TmpFile("d.json", "{\"0\": ")), InvalidInputError);
}

}  // namespace
}  // namespace dolly::track
