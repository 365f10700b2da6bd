// The only translation unit of dolly-depth that includes LibTorch headers
// (each one costs ~25-50 s to compile here).
#include "libs/depth/model_backend.h"

#include <filesystem>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <torch/script.h>
#include <torch/cuda.h>

#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/frames/frame_input.h"

namespace dolly::depth {
namespace {

constexpr float kMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kStd[3] = {0.229f, 0.224f, 0.225f};

// RGB uint8 frame -> normalised CHW float at the network size, written into
// `dst` (3 * h * w floats).
void Preprocess(const cv::Mat& rgb, cv::Size net, float* dst) {
  cv::Mat f;
  rgb.convertTo(f, CV_32FC3, 1.0 / 255.0);
  // Cubic like Depth-Anything-V2's own transform; no-op at equal size.
  if (f.size() != net) cv::resize(f, f, net, 0, 0, cv::INTER_CUBIC);
  const size_t plane = static_cast<size_t>(net.area());
  for (int y = 0; y < net.height; ++y) {
    const cv::Vec3f* row = f.ptr<cv::Vec3f>(y);
    for (int x = 0; x < net.width; ++x) {
      for (int c = 0; c < 3; ++c) {
        dst[c * plane + y * net.width + x] = (row[x][c] - kMean[c]) / kStd[c];
      }
    }
  }
}

class DepthModel {
 public:
  DepthModel(const std::string& path, const std::string& device) : path_(path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw IoError(path + ": no such model file");
    }
    if (device == "cuda") {
      if (!torch::cuda::is_available()) {
        throw ResourceError("--device cuda: CUDA is not available in this build or machine");
      }
      device_ = torch::Device(torch::kCUDA);
    } else if (device != "cpu") {
      throw UsageError("--device: '" + device + "' is not cpu or cuda");
    }
    try {
      module_ = torch::jit::load(path, device_);
    } catch (const c10::Error& e) {
      throw InvalidInputError(path + ": not a loadable TorchScript module");
    }
    module_.eval();
  }

  // frames: RGB uint8, all the same size. Returns one CV_32F map per frame
  // at the frames' size.
  std::vector<cv::Mat> Run(const std::vector<cv::Mat>& frames, cv::Size net) {
    const int64_t b = static_cast<int64_t>(frames.size());
    torch::Tensor input = torch::empty({b, 3, net.height, net.width}, torch::kFloat32);
    for (int64_t i = 0; i < b; ++i) {
      Preprocess(frames[i], net, input[i].data_ptr<float>());
    }
    torch::Tensor out;
    try {
      torch::NoGradGuard no_grad;
      const torch::IValue result = module_.forward({input.to(device_)});
      if (!result.isTensor()) throw InvalidInputError(path_ + ": model did not return a tensor");
      out = result.toTensor();
    } catch (const c10::Error& e) {
      std::string what = e.what_without_backtrace();
      what = what.substr(0, what.find('\n'));
      throw InvalidInputError(path_ + ": forward failed: " + what);
    }
    if (out.dim() == 4 && out.size(1) == 1) out = out.squeeze(1);
    if (out.dim() != 3 || out.size(0) != b || out.size(1) < 1 || out.size(2) < 1) {
      throw InvalidInputError(path_ + ": model output has shape " + ShapeText(out) +
                              ", expected [" + std::to_string(b) + ", 1, h, w] or [" +
                              std::to_string(b) + ", h, w]");
    }
    out = out.to(torch::kCPU, torch::kFloat32).contiguous();
    if (!torch::isfinite(out).all().item<bool>()) {
      throw InvalidInputError(path_ + ": model output holds NaN or Inf");
    }
    std::vector<cv::Mat> maps;
    for (int64_t i = 0; i < b; ++i) {
      cv::Mat m(static_cast<int>(out.size(1)), static_cast<int>(out.size(2)), CV_32F,
                out[i].data_ptr<float>());
      cv::Mat resized;
      if (m.size() != frames[i].size()) {
        cv::resize(m, resized, frames[i].size(), 0, 0, cv::INTER_LINEAR);
      } else {
        resized = m.clone();
      }
      // Negative outputs (network undershoot) mean nothing: unknown.
      resized = cv::max(resized, 0.0f);
      maps.push_back(resized);
    }
    return maps;
  }

 private:
  static std::string ShapeText(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
    return s + "]";
  }

  std::string path_;
  torch::Device device_ = torch::Device(torch::kCPU);
  torch::jit::Module module_;
};

}  // namespace

DepthResult RunModelBackend(const DepthOptions& options) {
  if (options.model.empty()) throw UsageError("--model is required with --backend model");
  const ModelDescription description = ReadModelDescription(options.model);
  const std::string kind_name =
      !options.kind.empty() ? options.kind
                            : (!description.kind.empty() ? description.kind : "relative-inverse");
  const schema::DepthKind::type kind = ParseKind(kind_name);
  const int input_size = options.input_size.value_or(description.input_size.value_or(518));
  if (options.batch < 1) throw UsageError("--batch: must be at least 1");

  DepthModel model(options.model, options.device);
  std::unique_ptr<media::FrameSource> source = frames::OpenFrameInput(options.input);
  const cv::Size net = description.fixed_size && !options.input_size
                            ? *description.fixed_size
                            : NetworkInputSize(source->width(), source->height(), input_size);

  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "model"},
                      {"model", std::filesystem::path(options.model).filename().string()},
                      {"kind", kind_name},
                      {"input_size", std::to_string(net.width) + "x" + std::to_string(net.height)}});
  artifact::AddInput(&header, "model", options.model);
  if (!std::filesystem::is_directory(options.input)) {
    artifact::AddInput(&header, "frames", options.input);
  }
  DepthSink sink(options, header, kind, -1, source->fps());
  cli::Progress progress("model", source->frame_count_hint());
  std::vector<cv::Mat> batch;
  auto flush = [&]() {
    if (batch.empty()) return;
    for (const cv::Mat& depth : model.Run(batch, net)) sink.Write(depth, options.model);
    progress.Advance(static_cast<int64_t>(batch.size()));
    batch.clear();
  };
  cv::Mat rgb;
  while (source->Next(&rgb)) {
    batch.push_back(rgb);
    if (static_cast<int>(batch.size()) == options.batch) flush();
  }
  flush();
  progress.Done();
  return sink.Finish();
}

}  // namespace dolly::depth
