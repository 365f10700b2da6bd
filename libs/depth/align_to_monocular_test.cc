// --align-to with the sparse map points of monocular odometry: depth in the
// unit of its first baseline (scale_kind FIRST_BASELINE, a different unit
// per shot), a few gross outliers. A model-like relative depth (dolly-synth's
// GT depth through an affine or inverse-affine map that drifts from frame to
// frame) aligned to it must give GT x the shot's factor, in that unit.
#define BOOST_TEST_MODULE align_to_monocular_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/depth/run_depth.h"
#include "libs/depth/testing/depth_test_util.h"
#include "libs/depth/testing/monocular_inputs.h"
#include "libs/depth/testing/synth_depth.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {
namespace {

using testing::MakeTestDir;
using testing::ScaledShot;

constexpr int kFrames = 6;

// GT depth z -> a z + b (relative) or a / z + b (relative-inverse), with a
// and b changing per frame as a network's do; 0 stays 0.
void WriteModelLikeDepth(const std::string& scene, bool inverse, const std::string& out) {
  auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(scene + "/depth.dolly");
  depth.info.__set_kind(inverse ? schema::DepthKind::RELATIVE_INVERSE_DEPTH
                                : schema::DepthKind::RELATIVE_DEPTH);
  depth.info.__isset.intrinsics = false;
  for (size_t f = 0; f < depth.frames.size(); ++f) {
    const double a = 0.8 + 0.15 * f, b = 0.05 + 0.02 * f;
    cv::Mat z = MatFromTensor(depth.frames[f].depth), v(z.size(), CV_32F, cv::Scalar(0));
    for (int y = 0; y < z.rows; ++y) {
      for (int x = 0; x < z.cols; ++x) {
        const float d = z.at<float>(y, x);
        if (d > 0) v.at<float>(y, x) = static_cast<float>(inverse ? a / d + b : a * d + b);
      }
    }
    depth.frames[f].__set_depth(TensorFromMat(v));
  }
  artifact::WriteArtifact(out, depth);
}

BOOST_AUTO_TEST_CASE(model_depth_aligned_to_first_baseline_points_is_in_their_unit) {
  const std::string scene =
      testing::RenderSynthScene("align_mono_scene", "orbit_boxes", kFrames, 160, 96);
  const std::string work = MakeTestDir("align_mono");
  const std::vector<ScaledShot> shots = {{0, 3, 0.37}, {3, 3, 2.9}};
  testing::WriteScaledSparseDepth(scene, shots, work + "/sparse.dolly", /*points=*/150,
                                  /*outlier_share=*/0.1);
  const auto gt = artifact::ReadArtifact<schema::DepthSequenceInfo>(scene + "/depth.dolly");
  for (const bool inverse : {true, false}) {
    const std::string name = inverse ? "relative-inverse" : "relative";
    WriteModelLikeDepth(scene, inverse, work + "/" + name + ".dolly");
    DepthOptions options;
    options.input = work + "/" + name + ".dolly";
    options.output = work + "/aligned_" + name + ".dolly";
    options.align_to = work + "/sparse.dolly";
    const DepthResult result = RunDepthImpl(options);
    BOOST_TEST(result.alignment.size() == static_cast<size_t>(kFrames));
    const auto aligned = artifact::ReadArtifact<schema::DepthSequenceInfo>(options.output);
    BOOST_TEST(aligned.info.kind == schema::DepthKind::METRIC);
    BOOST_TEST(aligned.info.__isset.scale_kind);
    BOOST_TEST(aligned.info.scale_kind == schema::ScaleKind::FIRST_BASELINE);
    BOOST_TEST(!(aligned.info.__isset.sparse && aligned.info.sparse));
    // Relative error against GT x factor over every pixel with GT depth.
    std::vector<double> errors;
    int64_t missing = 0;
    for (int f = 0; f < kFrames; ++f) {
      const double factor = testing::ShotOf(shots, f).factor;
      const cv::Mat d = MatFromTensor(aligned.frames[f].depth);
      const cv::Mat z = MatFromTensor(gt.frames[f].depth);
      for (int y = 0; y < z.rows; ++y) {
        for (int x = 0; x < z.cols; ++x) {
          const double truth = z.at<float>(y, x) * factor;
          if (truth <= 0) continue;
          if (d.at<float>(y, x) <= 0) {
            ++missing;
            continue;
          }
          errors.push_back(std::abs(d.at<float>(y, x) - truth) / truth);
        }
      }
    }
    std::sort(errors.begin(), errors.end());
    const double median = errors[errors.size() / 2];
    const double p99 = errors[errors.size() * 99 / 100];
    BOOST_TEST_MESSAGE(name << " aligned to first-baseline points (10% outliers): median rel. "
                            "error " << median << ", 99th pct " << p99 << ", " << missing
                            << " GT pixels without depth");
    // The map is exact: only the fit's noise from float storage remains;
    // 10% outliers must not pull it off.
    BOOST_TEST(median <= 0.002);
    BOOST_TEST(p99 <= 0.01);
    BOOST_TEST(missing == 0);
  }
}

BOOST_AUTO_TEST_CASE(a_frame_without_points_takes_the_previous_fit) {
  // Monocular odometry gives no points in a frame it lost.
  const std::string scene =
      testing::RenderSynthScene("align_mono_lost_scene", "orbit_boxes", 3, 96, 64);
  const std::string work = MakeTestDir("align_mono_lost");
  const std::vector<ScaledShot> shots = {{0, 3, 0.5}};
  testing::WriteScaledSparseDepth(scene, shots, work + "/sparse.dolly", 100, 0.0);
  auto sparse = artifact::ReadArtifact<schema::DepthSequenceInfo>(work + "/sparse.dolly");
  const cv::Mat empty(MatFromTensor(sparse.frames[1].depth).size(), CV_32F, cv::Scalar(0));
  sparse.frames[1].__set_depth(TensorFromMat(empty));
  artifact::WriteArtifact(work + "/lost.dolly", sparse);
  WriteModelLikeDepth(scene, /*inverse=*/true, work + "/model.dolly");
  DepthOptions options;
  options.input = work + "/model.dolly";
  options.output = work + "/aligned.dolly";
  options.align_to = work + "/lost.dolly";
  const DepthResult result = RunDepthImpl(options);
  BOOST_REQUIRE(result.alignment.size() == 3u);
  BOOST_TEST(result.alignment[0].inliers > 50);
  BOOST_TEST(result.alignment[1].inliers == 0);
  BOOST_TEST(result.alignment[1].scale == result.alignment[0].scale);
  BOOST_TEST(result.alignment[1].shift == result.alignment[0].shift);
  BOOST_TEST(result.alignment[2].inliers > 50);

  // No earlier frame to borrow from: invalid input naming the reference.
  sparse.frames[0].__set_depth(TensorFromMat(empty));
  artifact::WriteArtifact(work + "/first_lost.dolly", sparse);
  options.align_to = work + "/first_lost.dolly";
  options.output = work + "/aligned2.dolly";
  testing::CheckThrowsNaming<InvalidInputError>([&] { RunDepthImpl(options); },
                                                options.align_to + ": frame 0");
  BOOST_TEST(!std::filesystem::exists(options.output));
}

}  // namespace
}  // namespace dolly::depth
