#include "libs/depth/stereo_backend.h"

#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"

namespace dolly::depth {
namespace {

cv::Mat Sgbm(const cv::Mat& a, const cv::Mat& b, const StereoParams& p) {
  const int bs = p.block_size | 1;
  const int nd = (std::max(16, p.num_disparities) + 15) / 16 * 16;
  // P1/P2 as OpenCV's sample recommends for one channel; no built-in
  // left-right check (disp12MaxDiff -1) because ours below keeps sub-pixel
  // disparities of both sides.
  cv::Ptr<cv::StereoSGBM> sgbm = cv::StereoSGBM::create(
      0, nd, bs, 8 * bs * bs, 32 * bs * bs, -1, 0, 5, 100, 2, cv::StereoSGBM::MODE_SGBM);
  cv::Mat raw, out;
  sgbm->compute(a, b, raw);
  raw.convertTo(out, CV_32F, 1.0 / 16.0);  // fixed point, 4 fractional bits
  return out;
}

}  // namespace

cv::Mat StereoDisparity(const cv::Mat& left_rgb, const cv::Mat& right_rgb,
                        const StereoParams& params) {
  cv::Mat left, right;
  cv::cvtColor(left_rgb, left, cv::COLOR_RGB2GRAY);
  cv::cvtColor(right_rgb, right, cv::COLOR_RGB2GRAY);
  const cv::Mat d_left = Sgbm(left, right, params);
  // The right image's disparities: match the mirrored pair, mirror back.
  cv::Mat left_flip, right_flip, d_right_flip, d_right;
  cv::flip(left, left_flip, 1);
  cv::flip(right, right_flip, 1);
  d_right_flip = Sgbm(right_flip, left_flip, params);
  cv::flip(d_right_flip, d_right, 1);

  cv::Mat out(left.size(), CV_32F, cv::Scalar(0));
  for (int y = 0; y < left.rows; ++y) {
    const float* dl = d_left.ptr<float>(y);
    const float* dr = d_right.ptr<float>(y);
    float* o = out.ptr<float>(y);
    for (int x = 0; x < left.cols; ++x) {
      const float d = dl[x];
      if (!(d > 0)) continue;
      const int xr = static_cast<int>(std::lround(x - d));
      if (xr < 0 || xr >= left.cols || !(dr[xr] > 0)) continue;
      if (std::abs(dr[xr] - d) > params.lr_max_diff) continue;
      o[x] = d;
    }
  }
  return out;
}

cv::Mat DepthFromDisparity(const cv::Mat& disparity, double fx, double baseline) {
  cv::Mat depth(disparity.size(), CV_32F, cv::Scalar(0));
  for (int y = 0; y < disparity.rows; ++y) {
    const float* d = disparity.ptr<float>(y);
    float* z = depth.ptr<float>(y);
    for (int x = 0; x < disparity.cols; ++x) {
      if (d[x] > 0) z[x] = static_cast<float>(fx * baseline / d[x]);
    }
  }
  return depth;
}

DepthResult RunStereoBackend(const DepthOptions& options) {
  if (options.right.empty()) throw UsageError("--right is required with --backend stereo");
  if (!options.fx) throw UsageError("--fx is required with --backend stereo");
  if (!(std::isfinite(*options.fx) && *options.fx > 0)) {
    throw UsageError("--fx: must be a positive number of pixels");
  }
  if (!(std::isfinite(options.baseline) && options.baseline > 0)) {
    throw UsageError("--baseline: must be a positive number of metres");
  }
  if (!std::isfinite(options.lr_max_diff) || options.lr_max_diff < 0) {
    throw UsageError("--lr-max-diff: must be >= 0");
  }
  if (!options.kind.empty() && options.kind != "metric") {
    throw UsageError("--kind: stereo depth is metric");
  }
  std::unique_ptr<media::FrameSource> left = frames::OpenFrameInput(options.input);
  std::unique_ptr<media::FrameSource> right = frames::OpenFrameInput(options.right);
  if (left->width() != right->width() || left->height() != right->height()) {
    throw InvalidInputError(options.right + ": right view is " + std::to_string(right->width()) +
                            "x" + std::to_string(right->height()) + ", left is " +
                            std::to_string(left->width()) + "x" +
                            std::to_string(left->height()));
  }
  StereoParams params;
  params.num_disparities = options.num_disparities;
  params.block_size = options.block_size;
  params.lr_max_diff = options.lr_max_diff;

  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "stereo"},
                      {"baseline", FormatNumber(options.baseline)},
                      {"num_disparities", std::to_string(params.num_disparities)},
                      {"block_size", std::to_string(params.block_size)},
                      {"lr_max_diff", FormatNumber(params.lr_max_diff)}});
  for (const auto& [role, path] : {std::pair{"left", options.input}, {"right", options.right}}) {
    artifact::AddInput(&header, role, path);
  }
  DepthSink sink(options, header, schema::DepthKind::METRIC, -1, left->fps());
  cli::Progress progress("stereo", left->frame_count_hint());
  cv::Mat l, r;
  while (true) {
    const bool has_left = left->Next(&l);
    const bool has_right = right->Next(&r);
    if (has_left != has_right) {
      throw InvalidInputError(options.right + ": the views hold different numbers of frames");
    }
    if (!has_left) break;
    const cv::Mat disparity = StereoDisparity(l, r, params);
    sink.Write(DepthFromDisparity(disparity, *options.fx, options.baseline), options.input);
    progress.Advance();
  }
  progress.Done();
  return sink.Finish();
}

}  // namespace dolly::depth
