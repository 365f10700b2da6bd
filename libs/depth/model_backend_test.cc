// --backend model with small TorchScript modules built here: exact pre- and
// post-processing, batching, the model description, and the error contract.
#define BOOST_TEST_MODULE model_backend_test
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <torch/cuda.h>
#include <torch/script.h>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/depth/model_backend.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/media/image_io.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

namespace fs = std::filesystem;
using testing::MakeTestDir;

std::string SaveModule(const std::string& path, const std::string& body) {
  torch::jit::Module m("m");
  m.define("def forward(self, x):\n  return " + body + "\n");
  m.save(path);
  return path;
}

// A width x height RGB frame whose red channel varies per pixel.
cv::Mat Frame(int width, int height, int seed) {
  cv::Mat rgb(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>((x * 7 + y * 13 + seed) % 256),
                                          static_cast<uint8_t>(x), static_cast<uint8_t>(y));
  return rgb;
}

artifact::Artifact<schema::DepthSequenceInfo> Read(const std::string& path) {
  return artifact::ReadArtifact<schema::DepthSequenceInfo>(path);
}

BOOST_AUTO_TEST_CASE(network_input_size_is_multiple_of_14) {
  BOOST_TEST(NetworkInputSize(640, 480, 518) == cv::Size(518, 392));
  BOOST_TEST(NetworkInputSize(480, 640, 518) == cv::Size(392, 518));
  BOOST_TEST(NetworkInputSize(42, 28, 42) == cv::Size(42, 28));
  BOOST_TEST(NetworkInputSize(1000, 10, 520) == cv::Size(518, 14));
  BOOST_CHECK_THROW(NetworkInputSize(10, 10, 13), UsageError);
}

// The module undoes the red channel's normalisation: the output must be the
// red channel / 255 exactly where no resizing happens.
BOOST_AUTO_TEST_CASE(normalisation_is_exact_and_frames_are_batched) {
  const std::string dir = MakeTestDir("model_exact");
  fs::create_directories(dir + "/frames");
  for (int i = 0; i < 3; ++i) {
    media::WriteImageRgb(dir + "/frames/" + std::to_string(i) + ".png", Frame(42, 28, i));
  }
  DepthOptions options;
  options.backend = "model";
  options.model = SaveModule(dir + "/red.pt", "x[:, 0:1] * 0.229 + 0.485");
  options.input = dir + "/frames";
  options.output = dir + "/depth.dolly";
  options.input_size = 42;
  options.batch = 2;
  const DepthResult result = RunDepthImpl(options);
  BOOST_TEST(result.frames == 3);
  const auto art = Read(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::RELATIVE_INVERSE_DEPTH);
  double worst = 0;
  for (int i = 0; i < 3; ++i) {
    const cv::Mat depth = MatFromTensor(art.frames[i].depth);
    const cv::Mat rgb = Frame(42, 28, i);
    BOOST_REQUIRE(depth.size() == rgb.size());
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 42; ++x)
        worst = std::max(worst, std::abs(depth.at<float>(y, x) -
                                         rgb.at<cv::Vec3b>(y, x)[0] / 255.0));
  }
  BOOST_TEST_MESSAGE("max |output - red/255| = " << worst);
  BOOST_TEST(worst < 1e-6);
}

// A [B, h, w] output at the network size is resized back to the frame size;
// the description JSON sets kind and input size.
BOOST_AUTO_TEST_CASE(output_is_resized_back_and_description_is_read) {
  const std::string dir = MakeTestDir("model_resize");
  media::WriteImageRgb(dir + "/in.png", Frame(30, 20, 0));
  DepthOptions options;
  options.backend = "model";
  // A constant 2 at the network size ([B, h, w]) stays 2 after resizing.
  options.model = SaveModule(dir + "/m.pt", "x[:, 0] * 0.0 + 2.0");
  testing::WriteBytes(dir + "/m.json", R"({"kind": "metric", "input_size": 28})");
  options.input = dir + "/in.png";
  options.output = dir + "/depth.dolly";
  RunDepthImpl(options);
  const auto art = Read(options.output);
  BOOST_TEST(art.info.kind == schema::DepthKind::METRIC);
  BOOST_TEST(art.header.parameters.at("input_size") == "28x14");
  const cv::Mat depth = MatFromTensor(art.frames[0].depth);
  BOOST_TEST(depth.cols == 30);
  BOOST_TEST(depth.rows == 20);
  BOOST_TEST(cv::norm(depth - 2.0f, cv::NORM_INF) < 1e-6);

  // A traced size in the description is used as is.
  testing::WriteBytes(dir + "/m.json", R"({"input_height": 14, "input_width": 42})");
  options.output = dir + "/depth1.dolly";
  RunDepthImpl(options);
  BOOST_TEST(Read(options.output).header.parameters.at("input_size") == "42x14");

  // --kind wins over the description.
  options.kind = "relative";
  options.output = dir + "/depth2.dolly";
  RunDepthImpl(options);
  BOOST_TEST(Read(options.output).info.kind == schema::DepthKind::RELATIVE_DEPTH);
}

BOOST_AUTO_TEST_CASE(bad_models_and_devices_follow_the_error_contract) {
  const std::string dir = MakeTestDir("model_errors");
  media::WriteImageRgb(dir + "/in.png", Frame(28, 28, 0));
  DepthOptions options;
  options.backend = "model";
  options.input = dir + "/in.png";
  options.output = dir + "/out/depth.dolly";
  fs::create_directories(dir + "/out");

  options.model = SaveModule(dir + "/rgb.pt", "x");  // 3 channels
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.model);
  options.model = SaveModule(dir + "/nan.pt", "x[:, 0] * float('nan')");
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.model);
  options.model = SaveModule(dir + "/flat.pt", "x.sum()");  // rank 0
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.model);
  testing::WriteBytes(dir + "/garbage.pt", "not a zip file");
  options.model = dir + "/garbage.pt";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, options.model);
  options.model = dir + "/missing.pt";
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.model);
  BOOST_TEST(fs::is_empty(dir + "/out"));

  options.model = SaveModule(dir + "/ok.pt", "x[:, 0:1]");
  testing::WriteBytes(dir + "/ok.json", R"({"kind": "bogus"})");
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); }, dir + "/ok.json");
  fs::remove(dir + "/ok.json");
  if (!torch::cuda::is_available()) {
    options.device = "cuda";
    BOOST_CHECK_THROW(RunDepthImpl(options), ResourceError);
    options.device = "cpu";
  }
  options.input = dir + "/missing.png";
  testing::CheckThrowsNaming<IoError>([&] { RunDepthImpl(options); }, options.input);
  BOOST_TEST(fs::is_empty(dir + "/out"));
}

}  // namespace
}  // namespace dolly::depth
