#include "libs/depth/depth_sink.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "libs/artifact/header.h"
#include "libs/artifact/records.h"
#include "libs/core/error.h"
#include "libs/depth/align_to.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {

std::string FormatNumber(double value) {
  char buffer[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

schema::DepthKind::type ParseKind(const std::string& kind) {
  if (kind == "metric") return schema::DepthKind::METRIC;
  if (kind == "relative") return schema::DepthKind::RELATIVE_DEPTH;
  if (kind == "relative-inverse") return schema::DepthKind::RELATIVE_INVERSE_DEPTH;
  throw UsageError("--kind: '" + kind + "' is not metric, relative or relative-inverse");
}

const char* KindFlagName(schema::DepthKind::type kind) {
  switch (kind) {
    case schema::DepthKind::METRIC: return "metric";
    case schema::DepthKind::RELATIVE_DEPTH: return "relative";
    case schema::DepthKind::RELATIVE_INVERSE_DEPTH: return "relative-inverse";
  }
  return "unknown";
}

std::optional<schema::Intrinsics> IntrinsicsFromFlags(const DepthOptions& options, int width,
                                                      int height) {
  if (!options.fx) return std::nullopt;
  const double fx = *options.fx;
  const double fy = options.fy.value_or(fx);
  if (!(std::isfinite(fx) && fx > 0 && std::isfinite(fy) && fy > 0)) {
    throw UsageError("--fx/--fy: focal lengths must be positive and finite");
  }
  const double cx = options.cx.value_or((width - 1) / 2.0);
  const double cy = options.cy.value_or((height - 1) / 2.0);
  if (!std::isfinite(cx) || !std::isfinite(cy)) {
    throw UsageError("--cx/--cy: principal point must be finite");
  }
  return artifact::MakeIntrinsics(fx, fy, cx, cy, width, height);
}

DepthSink::DepthSink(const DepthOptions& options, schema::ArtifactHeader header,
                     schema::DepthKind::type kind, int64_t frame_count, double fps)
    : options_(options),
      header_(std::move(header)),
      kind_(kind),
      frame_count_(frame_count),
      fps_(fps) {
  if (!options.align_to.empty()) {
    aligner_ = std::make_unique<DepthAligner>(options.align_to);
    align_inverse_ = kind == schema::DepthKind::RELATIVE_INVERSE_DEPTH;
    header_.parameters["align_to"] = options.align_to;
    header_.parameters["aligned_from"] = KindFlagName(kind);
    header_.__isset.parameters = true;
    artifact::AddInput(&header_, "align_to", options.align_to);
    kind_ = schema::DepthKind::METRIC;
    scale_kind_ = aligner_->scale_kind();
  }
  result_.output = options.output;
  result_.kind = KindFlagName(kind_);
}

DepthSink::~DepthSink() = default;

void DepthSink::SetIntrinsics(const schema::Intrinsics& intrinsics) { intrinsics_ = intrinsics; }

void DepthSink::SetScaleKind(schema::ScaleKind::type scale_kind) { scale_kind_ = scale_kind; }

void DepthSink::Write(const cv::Mat& values, const std::string& source) {
  CV_Assert(values.type() == CV_32FC1);
  cv::Mat depth = values;
  if (aligner_) {
    ScaleShift fit;
    depth = aligner_->Align(values, align_inverse_, &fit);
    result_.alignment.push_back(fit);
  }
  if (!writer_) {
    result_.width = depth.cols;
    result_.height = depth.rows;
    schema::DepthSequenceInfo info;
    info.__set_kind(kind_);
    info.__set_scale(1.0);
    info.__set_shift(0.0);
    if (!intrinsics_) intrinsics_ = IntrinsicsFromFlags(options_, depth.cols, depth.rows);
    if (intrinsics_) {
      if (intrinsics_->width != depth.cols || intrinsics_->height != depth.rows) {
        throw InvalidInputError(source + ": frame is " + std::to_string(depth.cols) + "x" +
                                std::to_string(depth.rows) + " but the intrinsics are " +
                                std::to_string(intrinsics_->width) + "x" +
                                std::to_string(intrinsics_->height));
      }
      info.__set_intrinsics(*intrinsics_);
    }
    if (frame_count_ >= 0) info.__set_frame_count(frame_count_);
    if (scale_kind_) info.__set_scale_kind(*scale_kind_);
    const double fps = options_.fps > 0 ? options_.fps : fps_;
    if (fps > 0) info.__set_fps(fps);
    writer_ = std::make_unique<artifact::ArtifactWriter<schema::DepthSequenceInfo>>(
        options_.output, header_, info);
  }
  if (depth.cols != result_.width || depth.rows != result_.height) {
    throw InvalidInputError(source + ": frame is " + std::to_string(depth.cols) + "x" +
                            std::to_string(depth.rows) + ", earlier frames are " +
                            std::to_string(result_.width) + "x" + std::to_string(result_.height));
  }
  schema::DepthFrame frame;
  frame.__set_index(result_.frames);
  const double fps = options_.fps > 0 ? options_.fps : fps_;
  if (fps > 0) frame.__set_timestamp(static_cast<double>(result_.frames) / fps);
  frame.__set_depth(TensorFromMat(depth));
  writer_->WriteFrame(frame);
  ++result_.frames;
  valid_pixels_ += cv::countNonZero(depth > 0);
  total_pixels_ += static_cast<int64_t>(depth.total());
}

DepthResult DepthSink::Finish() {
  if (!writer_) throw InvalidInputError(options_.input + ": no frames to write");
  if (frame_count_ >= 0 && result_.frames != frame_count_) {
    throw InvalidInputError(options_.input + ": expected " + std::to_string(frame_count_) +
                            " frames, got " + std::to_string(result_.frames));
  }
  if (aligner_) aligner_->Finish();
  writer_->Finish();
  result_.valid_fraction =
      total_pixels_ > 0 ? static_cast<double>(valid_pixels_) / total_pixels_ : 0.0;
  return result_;
}

}  // namespace dolly::depth
