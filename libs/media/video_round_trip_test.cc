#define BOOST_TEST_MODULE video_round_trip_test
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "libs/media/frame_source.h"
#include "libs/media/testing/test_media.h"
#include "libs/media/video_encoder.h"
#include "libs/media/video_reader.h"
#include "libs/media/video_writer.h"

namespace dolly::media {
namespace {

using testing::MakeTestDir;
using testing::MeanAbsDiff;
using testing::SyntheticFrame;

constexpr int kFrames = 16;
constexpr int kWidth = 96;
constexpr int kHeight = 64;

std::vector<cv::Mat> ReadAll(FrameSource* source) {
  std::vector<cv::Mat> frames;
  cv::Mat frame;
  while (source->Next(&frame)) frames.push_back(frame);
  return frames;
}

// Reads `path` back and checks count, size, frame rate and per-frame error
// against SyntheticFrame(i). Comparing each frame with its own original also
// checks display order: the square moves, so a swapped pair would fail.
void CheckClip(const std::string& path, double fps, double max_mean_abs_error) {
  auto reader = VideoReader::Open(path);
  BOOST_TEST(reader->width() == kWidth);
  BOOST_TEST(reader->height() == kHeight);
  BOOST_TEST(reader->fps() == fps, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(reader->frame_count_hint() == kFrames);
  const std::vector<cv::Mat> frames = ReadAll(reader.get());
  BOOST_TEST_REQUIRE(frames.size() == static_cast<size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    BOOST_TEST_CONTEXT("frame " << i) {
      BOOST_TEST(frames[i].type() == CV_8UC3);
      BOOST_TEST(frames[i].cols == kWidth);
      BOOST_TEST(frames[i].rows == kHeight);
      const double error =
          MeanAbsDiff(frames[i], SyntheticFrame(i, kWidth, kHeight));
      BOOST_TEST(error < max_mean_abs_error);
      BOOST_TEST_MESSAGE(path << " frame " << i << " mean abs error " << error);
    }
  }
  cv::Mat extra;
  BOOST_TEST(!reader->Next(&extra));  // Stays at the end.
}

BOOST_AUTO_TEST_CASE(Mp4H264RoundTrip) {
  const std::string path = MakeTestDir("mp4") + "/clip.mp4";
  auto writer = Mp4Writer::Open(path, kWidth, kHeight, FrameRate{24, 1});
  BOOST_TEST(writer->codec_name() == "libx264");
  for (int i = 0; i < kFrames; ++i)
    writer->Write(SyntheticFrame(i, kWidth, kHeight));
  writer->Close();
  // crf 18, yuv420p: the error is chroma subsampling at the square's
  // saturated edges plus quantisation of the gradient; measured about
  // 0.5-1 gray level. Tolerance: mean absolute error < 3 gray levels.
  CheckClip(path, 24.0, 3.0);
}

void WriteAvi(const std::string& path, const std::string& codec) {
  VideoEncoderOptions options;
  options.codec = codec;
  options.container = "avi";
  auto encoder =
      VideoEncoder::Open(path, kWidth, kHeight, FrameRate{25, 1}, options);
  BOOST_TEST(encoder->codec_name() == codec);
  for (int i = 0; i < kFrames; ++i)
    encoder->Write(SyntheticFrame(i, kWidth, kHeight));
  encoder->Close();
}

BOOST_AUTO_TEST_CASE(AviMjpegRoundTrip) {
  const std::string path = MakeTestDir("avi_mjpeg") + "/clip.avi";
  WriteAvi(path, "mjpeg");
  // Intra-only JPEG at qscale 2, full-range 4:2:0. Tolerance: mean absolute
  // error < 3 gray levels.
  CheckClip(path, 25.0, 3.0);
}

BOOST_AUTO_TEST_CASE(AviMpeg4RoundTrip) {
  const std::string path = MakeTestDir("avi_mpeg4") + "/clip.avi";
  WriteAvi(path, "mpeg4");
  // MPEG-4 Part 2 at qscale 2 (8x8 DCT, no deblocking). Tolerance: mean
  // absolute error < 3 gray levels.
  CheckClip(path, 25.0, 3.0);
}

BOOST_AUTO_TEST_CASE(NtscFrameRateSurvives) {
  const std::string path = MakeTestDir("ntsc") + "/clip.mp4";
  auto writer = Mp4Writer::Open(path, 32, 32, FrameRateFromDouble(29.97));
  for (int i = 0; i < 3; ++i) writer->Write(SyntheticFrame(0, 32, 32));
  writer->Close();
  BOOST_TEST(VideoReader::Open(path)->fps() == 30000.0 / 1001.0,
             boost::test_tools::tolerance(1e-9));
}

// Odd sizes are padded to even by repeating the last column and row, so a
// 95x63 clip reads back as 96x64 whose column 95 equals column 94 and row 63
// equals row 62.
BOOST_AUTO_TEST_CASE(OddSizeIsPaddedByReplication) {
  const std::string path = MakeTestDir("odd") + "/clip.mp4";
  constexpr int kOddWidth = 95, kOddHeight = 63;
  auto writer = Mp4Writer::Open(path, kOddWidth, kOddHeight, FrameRate{24, 1});
  BOOST_TEST(writer->encoded_width() == 96);
  BOOST_TEST(writer->encoded_height() == 64);
  for (int i = 0; i < 4; ++i)
    writer->Write(SyntheticFrame(i, kOddWidth, kOddHeight));
  writer->Close();

  auto reader = OpenFrameSource(path);
  BOOST_TEST(reader->width() == 96);
  BOOST_TEST(reader->height() == 64);
  const std::vector<cv::Mat> frames = ReadAll(reader.get());
  BOOST_TEST_REQUIRE(frames.size() == 4u);
  for (int i = 0; i < 4; ++i) {
    const cv::Mat& frame = frames[i];
    const cv::Rect original(0, 0, kOddWidth, kOddHeight);
    // Same tolerance as the 96x64 MP4 test.
    BOOST_TEST(MeanAbsDiff(frame(original),
                           SyntheticFrame(i, kOddWidth, kOddHeight)) < 3.0);
    BOOST_TEST(MeanAbsDiff(frame.col(95), frame.col(94)) < 3.0);
    BOOST_TEST(MeanAbsDiff(frame.row(63), frame.row(62)) < 3.0);
  }
}

BOOST_AUTO_TEST_CASE(DisplayRotationIsApplied) {
  const std::string path = MakeTestDir("rotated") + "/portrait.mp4";
  VideoEncoderOptions options;
  options.container = "mp4";
  options.display_rotation = 90;
  auto encoder =
      VideoEncoder::Open(path, kWidth, kHeight, FrameRate{24, 1}, options);
  for (int i = 0; i < 3; ++i)
    encoder->Write(SyntheticFrame(i, kWidth, kHeight));
  encoder->Close();

  auto reader = VideoReader::Open(path);
  BOOST_TEST(reader->width() == kHeight);
  BOOST_TEST(reader->height() == kWidth);
  const std::vector<cv::Mat> frames = ReadAll(reader.get());
  BOOST_TEST_REQUIRE(frames.size() == 3u);
  for (int i = 0; i < 3; ++i) {
    cv::Mat expected;
    cv::rotate(SyntheticFrame(i, kWidth, kHeight), expected,
               cv::ROTATE_90_CLOCKWISE);
    // Same tolerance as the unrotated MP4 test.
    BOOST_TEST(MeanAbsDiff(frames[i], expected) < 3.0);
  }
}

}  // namespace
}  // namespace dolly::media
