// The model tracker with small TorchScript modules built here: windows,
// exact chunked tracks (re-queries carried across windows, forward and
// backward), float visibility, the input layout, and the error contract.
#define BOOST_TEST_MODULE model_tracker_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <torch/cuda.h>
#include <torch/script.h>

#include "libs/core/error.h"
#include "libs/track/model_tracker.h"

namespace dolly::track {
namespace {

std::string Tmp(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::string SaveModule(const std::string& name, const std::string& body) {
  torch::jit::Module m("m");
  m.define("def forward(self, video, queries):\n" + body);
  const std::string path = Tmp(name);
  m.save(path);
  return path;
}

// x moves +1.5 px and y -0.5 px per frame from each query (both directions);
// visible everywhere (bool).
std::string LinearModule() {
  return SaveModule("linear.pt",
                    "    T = video.size(1)\n"
                    "    N = queries.size(1)\n"
                    "    t = torch.arange(T).float().view(1, T, 1)\n"
                    "    dt = t - queries[:, :, 0].view(1, 1, N)\n"
                    "    x = queries[:, :, 1].view(1, 1, N) + 1.5 * dt\n"
                    "    y = queries[:, :, 2].view(1, 1, N) - 0.5 * dt\n"
                    "    return torch.stack([x, y], dim=3), torch.ones([1, T, N]) > 0.0\n");
}

// Frame f: red = 10 + f, green = 77 (odd f) or 230 (even f), blue = 200.
std::vector<cv::Mat> Frames(int count, int width = 24, int height = 16) {
  std::vector<cv::Mat> frames;
  for (int f = 0; f < count; ++f) {
    frames.emplace_back(height, width, CV_8UC3, cv::Scalar(10 + f, f % 2 ? 77 : 230, 200));
  }
  return frames;
}

bool Names(const Error& e, const std::string& a, const std::string& b = "") {
  const std::string what = e.what();
  BOOST_TEST_MESSAGE(what);
  return what.find(a) != std::string::npos && what.find(b) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(windows_overlap_by_half_and_end_at_the_last_frame) {
  using W = std::vector<std::pair<int, int>>;
  BOOST_TEST((ModelTracker::Windows(40, 16) == W{{0, 16}, {8, 24}, {16, 32}, {24, 40}}));
  BOOST_TEST((ModelTracker::Windows(41, 16) == W{{0, 16}, {8, 24}, {16, 32}, {24, 40}, {25, 41}}));
  BOOST_TEST((ModelTracker::Windows(10, 16) == W{{0, 10}}));
  BOOST_TEST((ModelTracker::Windows(20, 16) == W{{0, 16}, {4, 20}}));
}

// The linear module's chunked output must equal the analytic tracks over a
// 40-frame video, for points queried in frame 0 and in later frames (which
// need the backward sweep for the frames before their first window).
BOOST_AUTO_TEST_CASE(chunked_tracks_are_exact_across_windows) {
  const std::string model = LinearModule();
  const std::vector<cv::Mat> frames = Frames(40);
  const std::vector<QueryPoint> queries = {
      {0, 3.0f, 12.0f}, {5, 10.25f, 4.5f}, {12, 7.0f, 7.0f},
      {20, 1.5f, 9.0f}, {30, 20.0f, 2.0f}, {39, 0.0f, 15.0f}};
  for (int window : {16, 7, 2, 40}) {
    ModelTracker tracker({model, "cpu", window});
    int runs = 0;
    const TrackResult r = tracker.Track(frames, queries, [&runs] { ++runs; });
    BOOST_TEST(runs >= static_cast<int>(ModelTracker::Windows(40, window).size()));
    BOOST_REQUIRE_EQUAL(r.positions.size(), 40u);
    double worst = 0.0;
    for (int f = 0; f < 40; ++f) {
      for (size_t i = 0; i < queries.size(); ++i) {
        const float dt = static_cast<float>(f - queries[i].frame);
        worst = std::max(worst, static_cast<double>(std::abs(r.positions[f][i].x -
                                                             (queries[i].x + 1.5f * dt))));
        worst = std::max(worst, static_cast<double>(std::abs(r.positions[f][i].y -
                                                             (queries[i].y - 0.5f * dt))));
        BOOST_TEST(r.visibility[f][i] == 1);
        BOOST_TEST(r.confidence[f][i] == 1.0f);
      }
    }
    BOOST_TEST(worst < 1e-4, "window " << window << ": worst error " << worst << " px");
  }
}

// Float visibility: probability = green / 255 of the frame (0.30 on odd
// frames, 0.90 on even ones); x = the red value of pixel (0, 0), which also
// checks the video layout [1, T, 3, H, W], RGB order and 0..255 range.
BOOST_AUTO_TEST_CASE(float_visibility_maps_to_visibility_and_confidence) {
  const std::string model =
      SaveModule("prob.pt",
                 "    T = video.size(1)\n"
                 "    N = queries.size(1)\n"
                 "    x = video[0, :, 0, 0, 0].view(1, T, 1).expand(1, T, N)\n"
                 "    y = queries[:, :, 2].view(1, 1, N).expand(1, T, N) + video[0, :, 2, 3, 5].view(1, T, 1) - 200.0\n"
                 "    vis = (video[0, :, 1, 0, 0] / 255.0).view(1, T, 1).expand(1, T, N)\n"
                 "    return torch.stack([x, y], dim=3), vis\n");
  ModelTracker tracker({model, "cpu", 16});
  const std::vector<QueryPoint> queries = {{0, 1.0f, 2.0f}, {25, 4.0f, 8.0f}};
  const TrackResult r = tracker.Track(Frames(40), queries);
  for (int f = 0; f < 40; ++f) {
    for (size_t i = 0; i < queries.size(); ++i) {
      BOOST_TEST(r.positions[f][i].x == 10.0f + f);
      BOOST_TEST(r.positions[f][i].y == queries[i].y);
      BOOST_TEST(r.visibility[f][i] == (f % 2 ? 0 : 1));
      BOOST_TEST(std::abs(r.confidence[f][i] - (f % 2 ? 77.0f : 230.0f) / 255.0f) < 1e-6f);
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_output_shape_names_the_model_and_shape) {
  const std::string model = SaveModule(
      "wide.pt",
      "    return torch.zeros([1, video.size(1), queries.size(1), 3]), "
      "torch.ones([1, video.size(1), queries.size(1)])\n");
  ModelTracker tracker({model, "cpu", 16});
  BOOST_CHECK_EXCEPTION(tracker.Track(Frames(20), {{0, 1.0f, 1.0f}, {3, 2.0f, 2.0f}}),
                        InvalidInputError,
                        [&](const Error& e) { return Names(e, model, "[1, 16, 2, 3]"); });

  const std::string not_tuple = SaveModule("tensor.pt", "    return video\n");
  ModelTracker tracker2({not_tuple, "cpu", 16});
  BOOST_CHECK_EXCEPTION(tracker2.Track(Frames(4), {{0, 1.0f, 1.0f}}), InvalidInputError,
                        [&](const Error& e) { return Names(e, not_tuple, "tuple"); });

  const std::string int_vis = SaveModule(
      "int_vis.pt",
      "    return torch.zeros([1, video.size(1), queries.size(1), 2]), "
      "torch.ones([1, video.size(1), queries.size(1)]).long()\n");
  ModelTracker tracker3({int_vis, "cpu", 16});
  BOOST_CHECK_EXCEPTION(tracker3.Track(Frames(4), {{0, 1.0f, 1.0f}}), InvalidInputError,
                        [&](const Error& e) { return Names(e, int_vis, "[1, 4, 1] Long"); });
}

BOOST_AUTO_TEST_CASE(nan_position_of_a_visible_point_is_invalid) {
  const std::string model = SaveModule(
      "nan.pt",
      "    return torch.full([1, video.size(1), queries.size(1), 2], float('nan')), "
      "torch.ones([1, video.size(1), queries.size(1)]) > 0.0\n");
  ModelTracker tracker({model, "cpu", 16});
  BOOST_CHECK_EXCEPTION(tracker.Track(Frames(4), {{0, 1.0f, 1.0f}}), InvalidInputError,
                        [&](const Error& e) { return Names(e, model, "NaN"); });
}

BOOST_AUTO_TEST_CASE(model_file_errors) {
  BOOST_CHECK_EXCEPTION(ModelTracker({Tmp("missing.pt"), "cpu", 16}), IoError,
                        [&](const Error& e) { return Names(e, Tmp("missing.pt")); });
  std::ofstream(Tmp("garbage.pt")) << "not a TorchScript archive";
  BOOST_CHECK_EXCEPTION(ModelTracker({Tmp("garbage.pt"), "cpu", 16}), InvalidInputError,
                        [&](const Error& e) { return Names(e, Tmp("garbage.pt")); });
  const std::string model = LinearModule();
  if (!torch::cuda::is_available()) {
    BOOST_CHECK_THROW(ModelTracker({model, "cuda", 16}), ResourceError);
  }
  BOOST_CHECK_THROW(ModelTracker({model, "tpu", 16}), UsageError);
  BOOST_CHECK_THROW(ModelTracker({model, "cpu", 1}), UsageError);
}

}  // namespace
}  // namespace dolly::track
