// The output side every backend shares: kind and intrinsics from the flags,
// one DepthFrame per map, and a DepthSequence that only appears once Finish()
// succeeds (ArtifactWriter deletes an unfinished file).
#ifndef DOLLY_LIBS_DEPTH_DEPTH_SINK_H_
#define DOLLY_LIBS_DEPTH_DEPTH_SINK_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/depth/align.h"
#include "libs/depth/depth_options.h"
#include "schemas/depth_types.h"

namespace dolly::depth {

// "metric" | "relative" | "relative-inverse"; UsageError otherwise.
schema::DepthKind::type ParseKind(const std::string& kind);
const char* KindFlagName(schema::DepthKind::type kind);

// Intrinsics from --fx/--fy/--cx/--cy for a width x height image, or none
// without --fx. UsageError for a non-positive or non-finite focal length.
std::optional<schema::Intrinsics> IntrinsicsFromFlags(const DepthOptions& options, int width,
                                                      int height);

// Shortest text that reads back as the same double ("0.001", "1e-07"), for
// header parameters.
std::string FormatNumber(double value);

// What a run wrote, for the --json summary and tests.
struct DepthResult {
  std::string output;
  int64_t frames = 0;
  int width = 0;
  int height = 0;
  std::string kind;
  // Share of pixels (over all frames) with a known depth (> 0).
  double valid_fraction = 0.0;
  // With --align-to: the fit of each frame.
  std::vector<ScaleShift> alignment;
};

class DepthAligner;

class DepthSink {
 public:
  // `frame_count` < 0 when unknown. The writer opens at the first frame, when
  // the size is known; every later frame must have the same size. With
  // options.align_to every frame is aligned to it and the output is METRIC.
  DepthSink(const DepthOptions& options, schema::ArtifactHeader header,
            schema::DepthKind::type kind, int64_t frame_count, double fps);
  ~DepthSink();

  // Explicit intrinsics (e.g. from a CameraTrajectory); otherwise the flags'.
  void SetIntrinsics(const schema::Intrinsics& intrinsics);
  // The unit of length when it is a camera trajectory's (mvs on monocular
  // poses); with --align-to the reference's scale_kind is kept by itself.
  void SetScaleKind(schema::ScaleKind::type scale_kind);

  // `values` is CV_32FC1, finite, >= 0 (0 = unknown): the depth, or what
  // --align-to turns into depth. `source` names the input the frame came
  // from, for the size-mismatch error.
  void Write(const cv::Mat& values, const std::string& source);
  DepthResult Finish();

 private:
  const DepthOptions& options_;
  schema::ArtifactHeader header_;
  schema::DepthKind::type kind_;
  int64_t frame_count_;
  double fps_;
  std::optional<schema::Intrinsics> intrinsics_;
  std::optional<schema::ScaleKind::type> scale_kind_;
  std::unique_ptr<DepthAligner> aligner_;
  bool align_inverse_ = false;
  std::unique_ptr<artifact::ArtifactWriter<schema::DepthSequenceInfo>> writer_;
  DepthResult result_;
  int64_t valid_pixels_ = 0;
  int64_t total_pixels_ = 0;
};

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_DEPTH_SINK_H_
