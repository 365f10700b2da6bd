#define BOOST_TEST_MODULE frame_input
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libs/artifact/test_artifacts.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"
#include "libs/media/image_io.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_writer.h"

namespace dolly::frames {
namespace {

std::string Tmp(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

cv::Mat Frame(int i) {
  cv::Mat m(6, 8, CV_8UC3, cv::Scalar(10 * i, 100, 200));
  m.at<cv::Vec3b>(2, 3) = cv::Vec3b(255, 0, static_cast<uint8_t>(i));
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(video_artifact_is_found_by_its_magic_whatever_its_name) {
  const std::string path = Tmp("video_named_oddly.bin");
  artifact::WriteArtifact(path, artifact::testing::MakeVideo());
  Frames frames = ReadAllFrames(path, false);
  BOOST_TEST(frames.images.size() == 2u);
  BOOST_TEST(frames.fps == 8.0);
  const auto expected = artifact::testing::MakeVideo();
  BOOST_TEST(std::string(reinterpret_cast<const char*>(frames.images[1].data),
                         frames.images[1].total() * 3) == expected.frames[1].image.data);
}

BOOST_AUTO_TEST_CASE(image_directory_and_single_image_read_exactly) {
  const std::string dir = Tmp("frames_dir");
  std::filesystem::create_directories(dir);
  media::PngSequenceWriter writer(dir);
  for (int i = 0; i < 3; ++i) writer.Write(Frame(i));
  Frames all = ReadAllFrames(dir, false);
  BOOST_REQUIRE(all.images.size() == 3u);
  BOOST_TEST(cv::norm(all.images[2], Frame(2), cv::NORM_INF) == 0.0);
  Frames gray = ReadAllFrames(dir + "/000001.png", true);
  BOOST_REQUIRE(gray.images.size() == 1u);
  BOOST_TEST(gray.images[0].type() == CV_8UC1);
}

BOOST_AUTO_TEST_CASE(video_file_goes_through_ffmpeg) {
  const std::string path = Tmp("clip.mp4");
  auto writer = media::Mp4Writer::Open(path, 8, 6, media::FrameRate{8, 1});
  for (int i = 0; i < 4; ++i) writer->Write(Frame(i));
  writer->Close();
  BOOST_TEST(ReadAllFrames(path, true).images.size() == 4u);
}

BOOST_AUTO_TEST_CASE(missing_path_and_wrong_artifact_kind_are_refused) {
  BOOST_CHECK_THROW(OpenFrameInput(Tmp("absent.mp4")), IoError);
  const std::string depth = Tmp("depth.dolly");
  artifact::WriteArtifact(depth, artifact::testing::MakeDepthSequence(4, 3, 1));
  try {
    OpenFrameInput(depth);
    BOOST_FAIL("a DepthSequence was read as frames");
  } catch (const InvalidInputError& e) {
    BOOST_TEST(std::string(e.what()).find("expected a Video") != std::string::npos);
  }
}

// Stdin is one stream: a second "-" would read mid-stream and fail as if the
// data were broken, so it is refused as a usage error (exit 2) up front.
BOOST_AUTO_TEST_CASE(stdin_feeds_one_frame_input_only) {
  try {
    OpenFrameInput("-");  // whatever this test's stdin holds, it is now taken
  } catch (const Error&) {
  }
  try {
    OpenFrameInput("-");
    BOOST_FAIL("stdin was opened twice");
  } catch (const UsageError& e) {
    BOOST_TEST(std::string(e.what()).find("stdin") != std::string::npos);
  }
}

}  // namespace dolly::frames
