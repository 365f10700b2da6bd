#define BOOST_TEST_MODULE frame_directory_reader_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/media/frame_directory_reader.h"
#include "libs/media/frame_source.h"
#include "libs/media/image_io.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/testing/check_error.h"
#include "libs/media/testing/test_media.h"

namespace dolly::media {
namespace {

using testing::CheckThrowsNaming;
using testing::MakeTestDir;
using testing::SyntheticFrame;

BOOST_AUTO_TEST_CASE(ReadsZeroPaddedFramesInOrder) {
  const std::string dir = MakeTestDir("padded");
  std::vector<cv::Mat> frames;
  for (int i = 0; i < 12; ++i) frames.push_back(SyntheticFrame(i, 48, 32));
  WritePngSequence(dir, frames);

  auto source = OpenFrameSource(dir, 12.5);
  BOOST_TEST(source->width() == 48);
  BOOST_TEST(source->height() == 32);
  BOOST_TEST(source->fps() == 12.5);
  BOOST_TEST(source->frame_count_hint() == 12);
  cv::Mat frame;
  int count = 0;
  while (source->Next(&frame)) {
    BOOST_TEST_REQUIRE(count < 12);
    BOOST_TEST(cv::norm(frame, frames[count], cv::NORM_INF) == 0.0,
               "frame " << count << " out of order or altered");
    ++count;
  }
  BOOST_TEST(count == 12);
}

BOOST_AUTO_TEST_CASE(UnpaddedNumbersSortByValue) {
  const std::string dir = MakeTestDir("unpadded");
  // Written out of order, mixed extensions; frame i shows square position i.
  for (int i : {10, 2, 1, 9, 0}) {
    const std::string ext = i % 2 ? ".png" : ".PNG";
    WriteImageRgb(dir + "/f" + std::to_string(i) + ext,
                  SyntheticFrame(i, 40, 40));
  }
  testing::WriteTextFile(dir + "/notes.txt", "ignored");
  testing::WriteTextFile(dir + "/.hidden.png", "ignored, and not a PNG");
  std::filesystem::create_directory(dir + "/sub.png");  // Not a file.

  auto reader = FrameDirectoryReader::Open(dir);
  std::vector<std::string> names;
  for (const std::string& file : reader->files()) {
    names.push_back(std::filesystem::path(file).filename().string());
  }
  BOOST_TEST((names == std::vector<std::string>{"f0.PNG", "f1.png", "f2.PNG",
                                                "f9.png", "f10.PNG"}));
  const std::vector<int> order = {0, 1, 2, 9, 10};
  cv::Mat frame;
  for (int expected : order) {
    BOOST_TEST_REQUIRE(reader->Next(&frame));
    BOOST_TEST(
        cv::norm(frame, SyntheticFrame(expected, 40, 40), cv::NORM_INF) == 0.0);
  }
  BOOST_TEST(!reader->Next(&frame));
}

BOOST_AUTO_TEST_CASE(NaturalLessOrdersDigitRunsByValue) {
  BOOST_TEST(NaturalLess("frame_9.png", "frame_10.png"));
  BOOST_TEST(!NaturalLess("frame_10.png", "frame_9.png"));
  BOOST_TEST(NaturalLess("a.png", "b.png"));
  BOOST_TEST(NaturalLess("000099.png", "000100.png"));
  BOOST_TEST(NaturalLess("x2y3.png", "x2y10.png"));
  BOOST_TEST(NaturalLess("f1", "f1.png"));
  BOOST_TEST(!NaturalLess("f1.png", "f1.png"));
  // Equal by value: ordered as plain strings, never "equivalent".
  BOOST_TEST(NaturalLess("01.png", "1.png") != NaturalLess("1.png", "01.png"));
  BOOST_TEST(NaturalLess("99999999999999999999999.png",
                         "100000000000000000000000.png"));
}

BOOST_AUTO_TEST_CASE(SizeChangeNamesTheFrame) {
  const std::string dir = MakeTestDir("size_change");
  WriteImageRgb(dir + "/000.png", SyntheticFrame(0, 32, 32));
  WriteImageRgb(dir + "/001.png", SyntheticFrame(1, 16, 32));
  auto reader = FrameDirectoryReader::Open(dir);
  cv::Mat frame;
  BOOST_TEST(reader->Next(&frame));
  CheckThrowsNaming<InvalidInputError>([&] { reader->Next(&frame); },
                                       dir + "/001.png");
}

BOOST_AUTO_TEST_CASE(CorruptFrameNamesTheFrame) {
  const std::string dir = MakeTestDir("corrupt_frame");
  WriteImageRgb(dir + "/000.png", SyntheticFrame(0, 32, 32));
  testing::WriteTextFile(dir + "/001.png", "not a png");
  auto reader = FrameDirectoryReader::Open(dir);
  cv::Mat frame;
  BOOST_TEST(reader->Next(&frame));
  CheckThrowsNaming<InvalidInputError>([&] { reader->Next(&frame); },
                                       dir + "/001.png");
}

}  // namespace
}  // namespace dolly::media
