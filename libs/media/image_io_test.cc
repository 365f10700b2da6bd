#define BOOST_TEST_MODULE image_io_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"
#include "libs/media/image_io.h"
#include "libs/media/testing/check_error.h"
#include "libs/media/testing/test_media.h"

namespace dolly::media {
namespace {

using testing::CheckThrowsNaming;
using testing::ListDir;
using testing::MakeTestDir;
using testing::MeanAbsDiff;
using testing::SyntheticFrame;

BOOST_AUTO_TEST_CASE(PngRoundTripIsExact) {
  const std::string path = MakeTestDir("png") + "/frame.png";
  const cv::Mat rgb = SyntheticFrame(3, 96, 64);
  WriteImageRgb(path, rgb);
  const cv::Mat back = ReadImageRgb(path);
  BOOST_TEST(back.type() == CV_8UC3);
  BOOST_TEST(cv::norm(back, rgb, cv::NORM_INF) == 0.0);
  // Channel order on disk is the standard one (OpenCV reads it as BGR).
  const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
  BOOST_TEST(bgr.at<cv::Vec3b>(0, 95)[2] == 255);  // Red at the right edge.
}

BOOST_AUTO_TEST_CASE(JpegRoundTripIsClose) {
  const std::string path = MakeTestDir("jpeg") + "/frame.JPG";
  const cv::Mat rgb = SyntheticFrame(0, 96, 64);
  WriteImageRgb(path, rgb);
  // Quality 95 with 4:2:0 chroma: the orange square's edges dominate the
  // error; 3 gray levels on average leaves a wide margin.
  BOOST_TEST(MeanAbsDiff(ReadImageRgb(path), rgb) < 3.0);
}

BOOST_AUTO_TEST_CASE(GrayAndRgbaAreConvertedToRgb) {
  const std::string dir = MakeTestDir("convert");
  cv::Mat gray(8, 8, CV_8UC1, cv::Scalar(77));
  cv::imwrite(dir + "/gray.png", gray);
  const cv::Mat from_gray = ReadImageRgb(dir + "/gray.png");
  BOOST_TEST(from_gray.type() == CV_8UC3);
  BOOST_TEST((from_gray.at<cv::Vec3b>(3, 3) == cv::Vec3b(77, 77, 77)));

  cv::Mat bgra(8, 8, CV_8UC4, cv::Scalar(10, 20, 30, 0));  // Fully transparent.
  cv::imwrite(dir + "/rgba.png", bgra);
  const cv::Mat from_rgba = ReadImageRgb(dir + "/rgba.png");
  BOOST_TEST(from_rgba.type() == CV_8UC3);
  BOOST_TEST((from_rgba.at<cv::Vec3b>(0, 0) == cv::Vec3b(30, 20, 10)));
}

BOOST_AUTO_TEST_CASE(JpegExifOrientationIsApplied) {
  // A JPEG as a phone writes it: landscape pixels plus an EXIF tag saying
  // "rotate 90 degrees clockwise to display" (orientation 6).
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", SyntheticFrame(0, 40, 30), jpeg);
  // clang-format off
  const std::vector<unsigned char> app1 = {
      0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,  // APP1, 34 bytes.
      'I', 'I', 42, 0, 8, 0, 0, 0,                       // TIFF, IFD at 8.
      1, 0,                                              // One entry:
      0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,          // Orientation = 6.
      0, 0, 0, 0};                                       // No next IFD.
  // clang-format on
  jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());  // After SOI.
  const std::string path = MakeTestDir("exif") + "/phone.jpg";
  testing::WriteTextFile(path, std::string(jpeg.begin(), jpeg.end()));
  const cv::Mat rgb = ReadImageRgb(path);
  BOOST_TEST(rgb.cols == 30);
  BOOST_TEST(rgb.rows == 40);
}

BOOST_AUTO_TEST_CASE(SixteenBitPngRoundTripIsExact) {
  const std::string path = MakeTestDir("depth") + "/depth.png";
  cv::Mat depth(64, 96, CV_16UC1);
  for (int y = 0; y < depth.rows; ++y) {
    for (int x = 0; x < depth.cols; ++x) {
      depth.at<uint16_t>(y, x) = static_cast<uint16_t>(y * 1000 + x * 7 + 1);
    }
  }
  depth.at<uint16_t>(0, 0) = 65535;
  WriteImage16(path, depth);
  const cv::Mat back = ReadImage16(path);
  BOOST_TEST(back.type() == CV_16UC1);
  BOOST_TEST(cv::norm(back, depth, cv::NORM_INF) == 0.0);
}

BOOST_AUTO_TEST_CASE(SixteenBitAndEightBitAreNotMixedUp) {
  const std::string dir = MakeTestDir("depth_mixup");
  WriteImage16(dir + "/depth.png", cv::Mat(4, 4, CV_16UC1, cv::Scalar(300)));
  CheckThrowsNaming<InvalidInputError>(
      [&] { ReadImageRgb(dir + "/depth.png"); }, dir + "/depth.png");
  WriteImageRgb(dir + "/rgb.png", SyntheticFrame(0, 4, 4));
  CheckThrowsNaming<InvalidInputError>([&] { ReadImage16(dir + "/rgb.png"); },
                                       dir + "/rgb.png");
}

BOOST_AUTO_TEST_CASE(MissingFileIsIoError) {
  const std::string path = MakeTestDir("missing") + "/nope.png";
  CheckThrowsNaming<IoError>([&] { ReadImageRgb(path); }, path);
  CheckThrowsNaming<IoError>([&] { ReadImage16(path); }, path);
}

BOOST_AUTO_TEST_CASE(UndecodableFileIsInvalidInput) {
  const std::string dir = MakeTestDir("garbage");
  testing::WriteTextFile(dir + "/text.png", "this is not a PNG\n");
  CheckThrowsNaming<InvalidInputError>([&] { ReadImageRgb(dir + "/text.png"); },
                                       dir + "/text.png");
  testing::WriteTextFile(dir + "/empty.jpg", "");
  CheckThrowsNaming<InvalidInputError>(
      [&] { ReadImageRgb(dir + "/empty.jpg"); }, dir + "/empty.jpg");
}

BOOST_AUTO_TEST_CASE(WritesAreAtomic) {
  const std::string dir = MakeTestDir("atomic");
  WriteImageRgb(dir + "/a.png", SyntheticFrame(0, 16, 16));
  // Only the final file remains: the temporary was renamed, not copied.
  BOOST_TEST(ListDir(dir) == std::vector<std::string>{"a.png"});

  // Overwriting replaces the content in one step.
  WriteImageRgb(dir + "/a.png", SyntheticFrame(1, 16, 16));
  BOOST_TEST(cv::norm(ReadImageRgb(dir + "/a.png"), SyntheticFrame(1, 16, 16),
                      cv::NORM_INF) == 0.0);
  BOOST_TEST(ListDir(dir) == std::vector<std::string>{"a.png"});

  // A directory that does not exist: IoError naming the path, nothing left.
  const std::string bad = dir + "/no_such_dir/b.png";
  CheckThrowsNaming<IoError>(
      [&] { WriteImageRgb(bad, SyntheticFrame(0, 16, 16)); }, bad);
  BOOST_TEST(ListDir(dir) == std::vector<std::string>{"a.png"});

  // Renaming over a directory fails after the data was written: the
  // temporary file must not stay behind.
  std::filesystem::create_directory(dir + "/taken.png");
  CheckThrowsNaming<IoError>(
      [&] { WriteImageRgb(dir + "/taken.png", SyntheticFrame(0, 16, 16)); },
      dir + "/taken.png");
  BOOST_TEST((ListDir(dir) == std::vector<std::string>{"a.png", "taken.png"}));
}

BOOST_AUTO_TEST_CASE(UnsupportedExtensionIsUsageError) {
  const std::string path = MakeTestDir("ext") + "/frame.bmp";
  CheckThrowsNaming<UsageError>(
      [&] { WriteImageRgb(path, SyntheticFrame(0, 8, 8)); }, path);
  const std::string jpeg16 = MakeTestDir("ext16") + "/depth.jpg";
  CheckThrowsNaming<UsageError>(
      [&] { WriteImage16(jpeg16, cv::Mat(4, 4, CV_16UC1)); }, jpeg16);
}

}  // namespace
}  // namespace dolly::media
