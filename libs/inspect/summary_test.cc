#define BOOST_TEST_MODULE summary_test
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

#include "libs/core/version.h"
#include "libs/inspect/inspect.h"
#include "libs/inspect/summary.h"
#include "libs/inspect/testing/test_artifacts.h"

namespace dolly::inspect {
namespace {

using testing::MakeTestDir;

std::string Summary(const std::string& path, bool frames = false) {
  std::ostringstream out;
  InspectOptions options;
  options.input = path;
  options.frames = frames;
  RunInspectImpl(options, out);
  return out.str();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(depth_summary_names_kind_provenance_and_exact_range) {
  const std::string path = testing::WriteDepth(MakeTestDir("depth_summary") + "/depth.dolly");
  const std::string text = Summary(path);
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(Contains(text, "DepthSequence (schema version 4)"));
  BOOST_TEST(Contains(text, std::string("dolly-test ") + kVersion));
  BOOST_TEST(Contains(text, "seed          42"));
  BOOST_TEST(Contains(text, "alpha=1"));
  BOOST_TEST(Contains(text, "image ref.png sha256 aaaaaaaaaaaaaaaa..."));
  BOOST_TEST(Contains(text, "METRIC (1)"));
  BOOST_TEST(Contains(text, "fx=500.25 fy=501.5 cx=2.5 cy=1.5 width=6 height=4"));
  BOOST_TEST(Contains(text, "frames        3"));
  // 72 values 0.5, 0.75, ... 18.25: all exact in binary.
  BOOST_TEST(Contains(text, "\n  depth       FLOAT32[3, 4, 6] min 0.5 max 18.25 mean 9.375\n"));
  BOOST_TEST(Contains(text, "\n  index       0 .. 2\n"));
}

BOOST_AUTO_TEST_CASE(values_from_the_file_cannot_break_the_layout) {
  const std::string text =
      Summary(testing::WriteDepth(MakeTestDir("layout") + "/depth.dolly"));
  // The parameter "say \"hi\"\n" stays on its line, escaped.
  BOOST_TEST(Contains(text, "\n              quote=say \"hi\"\\n\n"));
}

BOOST_AUTO_TEST_CASE(frames_flag_adds_one_line_per_frame) {
  const std::string text =
      Summary(testing::WriteDepth(MakeTestDir("per_frame") + "/depth.dolly"), true);
  // Frame 0 holds 0.5 .. 6.25.
  BOOST_TEST(Contains(text, "frame 0: index=0  timestamp=0  depth=FLOAT32[4, 6] min 0.5 max 6.25 mean 3.375\n"));
  BOOST_TEST(Contains(text, "frame 2: index=2  timestamp=0.25  depth=FLOAT32[4, 6] min 12.5"));
  BOOST_TEST(!Contains(Summary(testing::WriteDepth(MakeTestDir("without_flag") + "/d.dolly")),
                       "frame 0:"));
}

BOOST_AUTO_TEST_CASE(every_kind_has_its_own_summary) {
  const std::string dir = MakeTestDir("kinds");
  const std::string tracks = Summary(testing::WriteTracks(dir + "/t.dolly"));
  BOOST_TEST(Contains(tracks, "kind          TrackSet (schema version 4)"));
  BOOST_TEST(Contains(tracks, "  query_frames  INT64[3] min 0 max 1 mean 0.333333\n"));
  BOOST_TEST(Contains(tracks, "  positions   FLOAT32[4, 3, 2] min 10 max 26 mean 16.25\n"));
  BOOST_TEST(Contains(tracks, "  visibility  UINT8[4, 3] min 0 max 1 mean 0.916667\n"));

  const std::string camera = Summary(testing::WriteCamera(dir + "/c.dolly"));
  BOOST_TEST(Contains(camera, "world_frame  camera of frame 0\n"));
  BOOST_TEST(Contains(camera, "  world_from_camera.translation  x=0..0.4 y=0 z=0..0.8\n"));

  const std::string mesh = Summary(testing::WriteMesh(dir + "/m.dolly"));
  BOOST_TEST(Contains(mesh, "kind          Mesh (schema version 4)"));
  BOOST_TEST(Contains(mesh, "vertices=FLOAT32[4, 3] min 0 max 1 mean 0.25\n"));
  BOOST_TEST(!Contains(mesh, "\nframes"));  // a mesh has none

  const std::string metrics = Summary(testing::WriteMetrics(dir + "/x.dolly"));
  BOOST_TEST(Contains(metrics, "\n  metrics     2 items\n"));
  BOOST_TEST(Contains(metrics, "name=psnr value=31.5 unit=dB\n"));
  BOOST_TEST(Contains(metrics, "name=\"odd \\\"name\\\"\\n\" value=0.125"));

  const std::string truth = Summary(testing::WriteGroundTruth(dir + "/g.dolly"));
  BOOST_TEST(Contains(truth, "id=1 name=box shape=BOX(3) rigid=true size={x=1 y=2 z=3}\n"));
  BOOST_TEST(Contains(truth, "  instance_mask  UINT16[2, 6, 8] min 0 max 2 mean 1.25\n"));

  for (const std::string& text :
       {Summary(testing::WriteVideo(dir + "/v.dolly")), Summary(testing::WriteMotion(dir + "/o.dolly")),
        Summary(testing::WriteControl(dir + "/k.dolly")),
        Summary(testing::WriteAnimatedMesh(dir + "/a.dolly"))}) {
    BOOST_TEST(Contains(text, std::string("produced by   dolly-test ") + kVersion + "\n"));
    BOOST_TEST((Contains(text, "\nframes        2\n") || Contains(text, "\nframes        3\n")));
  }
}

BOOST_AUTO_TEST_CASE(unknown_depth_is_counted) {
  // One pixel in 24 of each frame is 0 (unknown).
  const auto value = [](int, int y, int x) { return y == 0 && x == 0 ? 0.0f : 2.0f; };
  const std::string text = Summary(testing::WriteDepth(MakeTestDir("zeros") + "/d.dolly", 2, value));
  BOOST_TEST(Contains(text, "FLOAT32[2, 4, 6] min 0 max 2 mean 1.91667 zeros 4.17%\n"));
}

BOOST_AUTO_TEST_CASE(a_sequence_without_frames_is_summarised_too) {
  const std::string path = testing::WriteDepth(MakeTestDir("empty") + "/d.dolly", 0);
  const std::string text = Summary(path);
  BOOST_TEST(Contains(text, "\nframes        0\n"));
  BOOST_TEST(!Contains(text, "FLOAT32"));
}

}  // namespace
}  // namespace dolly::inspect
