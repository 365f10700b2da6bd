#define BOOST_TEST_MODULE video_bad_input_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "libs/core/error.h"
#include "libs/media/frame_directory_reader.h"
#include "libs/media/frame_source.h"
#include "libs/media/image_io.h"
#include "libs/media/testing/check_error.h"
#include "libs/media/testing/test_media.h"
#include "libs/media/video_encoder.h"
#include "libs/media/video_reader.h"
#include "libs/media/video_writer.h"

namespace dolly::media {
namespace {

using testing::CheckThrowsNaming;
using testing::MakeTestDir;
using testing::SyntheticFrame;
using testing::WriteTextFile;

// Reading to the end must either fail with InvalidInputError naming `path`
// at Open() or on a later frame; a damaged file never reads as a clean one
// of full length.
void CheckOpenFails(const std::string& path) {
  CheckThrowsNaming<InvalidInputError>(
      [&] {
        auto reader = VideoReader::Open(path);
        cv::Mat frame;
        while (reader->Next(&frame)) {
        }
      },
      path);
}

std::string WriteValidMp4(const std::string& path, int frames) {
  auto writer = Mp4Writer::Open(path, 96, 64, FrameRate{24, 1});
  for (int i = 0; i < frames; ++i) writer->Write(SyntheticFrame(i, 96, 64));
  writer->Close();
  return path;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)),
                     std::istreambuf_iterator<char>());
}

BOOST_AUTO_TEST_CASE(MissingFileIsIoError) {
  const std::string path = MakeTestDir("missing") + "/nope.mp4";
  CheckThrowsNaming<IoError>([&] { VideoReader::Open(path); }, path);
  CheckThrowsNaming<IoError>([&] { OpenFrameSource(path); }, path);
}

BOOST_AUTO_TEST_CASE(TextFileRenamedMp4IsInvalidInput) {
  const std::string path = MakeTestDir("text") + "/notes.mp4";
  WriteTextFile(path, "These are notes, not a video.\nSecond line.\n");
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(EmptyFileIsInvalidInput) {
  const std::string path = MakeTestDir("empty") + "/empty.mp4";
  WriteTextFile(path, "");
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(TruncatedMp4IsInvalidInput) {
  const std::string dir = MakeTestDir("truncated");
  const std::string bytes = ReadBytes(WriteValidMp4(dir + "/valid.mp4", 16));
  BOOST_TEST_REQUIRE(bytes.size() > 1024u);
  const std::string path = dir + "/truncated.mp4";
  WriteTextFile(path, bytes.substr(0, 1024));
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(TruncatedAviIsInvalidInput) {
  // AVI keeps its index at the end, so a cut file still opens; the frame cut
  // in half must be reported, not dropped.
  const std::string dir = MakeTestDir("truncated_avi");
  VideoEncoderOptions options;
  options.codec = "mjpeg";
  auto encoder =
      VideoEncoder::Open(dir + "/valid.avi", 96, 64, FrameRate{25, 1}, options);
  for (int i = 0; i < 16; ++i) encoder->Write(SyntheticFrame(i, 96, 64));
  encoder->Close();
  const std::string bytes = ReadBytes(dir + "/valid.avi");
  const std::string path = dir + "/truncated.avi";
  WriteTextFile(path, bytes.substr(0, bytes.size() * 3 / 4));
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(DamagedPacketsAreInvalidInput) {
  // Garbage over the middle of the media data breaks H.264 NAL framing,
  // which the decoder reports rather than conceals.
  const std::string dir = MakeTestDir("damaged");
  std::string bytes = ReadBytes(WriteValidMp4(dir + "/valid.mp4", 16));
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 200; ++i) {
    bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
  }
  const std::string path = dir + "/damaged.mp4";
  WriteTextFile(path, bytes);
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(StillImageReadsAsOneFrame) {
  // Not bad input: FFmpeg reads a PNG as a one-frame video, which lets a
  // stage given a single image treat it like any other source.
  const std::string path = MakeTestDir("still") + "/still.png";
  WriteImageRgb(path, SyntheticFrame(0, 40, 30));
  auto reader = OpenFrameSource(path);
  BOOST_TEST(reader->width() == 40);
  BOOST_TEST(reader->height() == 30);
  cv::Mat frame;
  BOOST_TEST(reader->Next(&frame));
  BOOST_TEST(cv::norm(frame, SyntheticFrame(0, 40, 30), cv::NORM_INF) == 0.0);
  BOOST_TEST(!reader->Next(&frame));
}

BOOST_AUTO_TEST_CASE(AudioOnlyOrNoVideoStreamIsInvalidInput) {
  // A WAV header with no samples: a real container with no video stream.
  const std::string path = MakeTestDir("wav") + "/sound.mp4";
  const unsigned char wav[44] = {
      'R', 'I', 'F',  'F',  36,  0,   0,    0,    'W', 'A', 'V',
      'E', 'f', 'm',  't',  ' ', 16,  0,    0,    0,   1,   0,
      1,   0,   0x44, 0xAC, 0,   0,   0x88, 0x58, 1,   0,   2,
      0,   16,  0,    'd',  'a', 't', 'a',  0,    0,   0,   0};
  WriteTextFile(path,
                std::string(reinterpret_cast<const char*>(wav), sizeof(wav)));
  CheckOpenFails(path);
}

BOOST_AUTO_TEST_CASE(EmptyDirectoryIsInvalidInput) {
  const std::string dir = MakeTestDir("empty_dir");
  CheckThrowsNaming<InvalidInputError>([&] { OpenFrameSource(dir); }, dir);
  // Files of other kinds do not count as frames.
  WriteTextFile(dir + "/notes.txt", "no frames here");
  CheckThrowsNaming<InvalidInputError>([&] { FrameDirectoryReader::Open(dir); },
                                       dir);
}

BOOST_AUTO_TEST_CASE(MissingDirectoryIsIoError) {
  const std::string dir = MakeTestDir("parent") + "/no_such_dir";
  CheckThrowsNaming<IoError>([&] { FrameDirectoryReader::Open(dir); }, dir);
}

BOOST_AUTO_TEST_CASE(DirectoryIsNotAVideoFile) {
  const std::string dir = MakeTestDir("dir_as_video");
  CheckThrowsNaming<IoError>([&] { VideoReader::Open(dir); }, dir);
}

}  // namespace
}  // namespace dolly::media
