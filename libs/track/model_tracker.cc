// The only translation unit of libs/track that includes LibTorch headers
// (each one costs ~25-50 s to compile here). Windowing: see model_tracker.h.
#include "libs/track/model_tracker.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <utility>

#include <torch/cuda.h>
#include <torch/script.h>

#include "libs/core/error.h"

namespace dolly::track {
namespace {

std::string ShapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
  return s + "] " + std::string(c10::toString(t.scalar_type()));
}

// One window's outputs for its n queried points: xy[(t * n + i) * 2 + c],
// prob[t * n + i] (0/1 for a bool visibility).
struct WindowOutput {
  std::vector<float> xy;
  std::vector<float> prob;
  bool probabilities = false;
};

}  // namespace

struct ModelTracker::Impl {
  std::string path;
  int window = kDefaultModelWindow;
  torch::Device device = torch::Device(torch::kCPU);
  torch::jit::Module module;

  WindowOutput Run(const std::vector<cv::Mat>& rgb, int start, int end,
                   const std::vector<std::array<float, 3>>& queries) {
    const int64_t len = end - start, n = static_cast<int64_t>(queries.size());
    const int h = rgb[0].rows, w = rgb[0].cols;
    const size_t plane = static_cast<size_t>(h) * static_cast<size_t>(w);
    torch::Tensor video = torch::empty({1, len, 3, h, w}, torch::kFloat32);
    float* dst = video.data_ptr<float>();
    for (int64_t t = 0; t < len; ++t) {
      const cv::Mat& frame = rgb[static_cast<size_t>(start + t)];
      float* f = dst + static_cast<size_t>(t) * 3 * plane;
      for (int y = 0; y < h; ++y) {
        const cv::Vec3b* row = frame.ptr<cv::Vec3b>(y);
        for (int x = 0; x < w; ++x) {
          const size_t at = static_cast<size_t>(y) * w + x;
          for (int c = 0; c < 3; ++c) f[c * plane + at] = static_cast<float>(row[x][c]);
        }
      }
    }
    torch::Tensor q = torch::empty({1, n, 3}, torch::kFloat32);
    float* qd = q.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i) {
      for (int c = 0; c < 3; ++c) qd[3 * i + c] = queries[static_cast<size_t>(i)][c];
    }

    torch::IValue result;
    try {
      torch::NoGradGuard no_grad;
      result = module.forward({video.to(device), q.to(device)});
    } catch (const c10::Error& e) {
      std::string what = e.what_without_backtrace();
      throw InvalidInputError(path + ": forward failed: " + what.substr(0, what.find('\n')));
    }
    const std::string expected = "expected a tuple (tracks [1, " + std::to_string(len) + ", " +
                                 std::to_string(n) + ", 2], visibility [1, " +
                                 std::to_string(len) + ", " + std::to_string(n) + "])";
    if (!result.isTuple() || result.toTuple()->elements().size() != 2 ||
        !result.toTuple()->elements()[0].isTensor() || !result.toTuple()->elements()[1].isTensor()) {
      throw InvalidInputError(path + ": model returned " + result.tagKind() + ", " + expected);
    }
    torch::Tensor tracks = result.toTuple()->elements()[0].toTensor();
    torch::Tensor vis = result.toTuple()->elements()[1].toTensor();
    if (tracks.dim() != 4 || tracks.size(0) != 1 || tracks.size(1) != len || tracks.size(2) != n ||
        tracks.size(3) != 2 || !tracks.is_floating_point()) {
      throw InvalidInputError(path + ": model tracks have shape " + ShapeText(tracks) + ", " +
                              expected);
    }
    const bool is_bool = vis.scalar_type() == torch::kBool;
    if (vis.dim() != 3 || vis.size(0) != 1 || vis.size(1) != len || vis.size(2) != n ||
        !(is_bool || vis.is_floating_point())) {
      throw InvalidInputError(path + ": model visibility has shape " + ShapeText(vis) + ", " +
                              expected + " of bool or float");
    }
    tracks = tracks.to(torch::kCPU, torch::kFloat32).contiguous();
    vis = vis.to(torch::kCPU, torch::kFloat32).contiguous();
    WindowOutput out;
    out.probabilities = !is_bool;
    out.xy.assign(tracks.data_ptr<float>(), tracks.data_ptr<float>() + len * n * 2);
    out.prob.assign(vis.data_ptr<float>(), vis.data_ptr<float>() + len * n);
    for (int64_t k = 0; k < len * n; ++k) {
      if (!std::isfinite(out.prob[k])) {
        throw InvalidInputError(path + ": model visibility holds NaN or Inf (frames " +
                                std::to_string(start) + ".." + std::to_string(end - 1) + ")");
      }
      if (out.prob[k] > 0.5f &&
          !(std::isfinite(out.xy[2 * k]) && std::isfinite(out.xy[2 * k + 1]))) {
        throw InvalidInputError(path + ": model position of visible point " +
                                std::to_string(k % n) + " in frame " +
                                std::to_string(start + k / n) + " is NaN or Inf");
      }
    }
    return out;
  }
};

ModelTracker::ModelTracker(const ModelTrackerOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->path = options.model;
  impl_->window = options.window;
  if (options.window < 2) throw UsageError("--model-window: must be at least 2");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.model, ec)) {
    throw IoError(options.model + ": no such model file");
  }
  if (options.device == "cuda") {
    if (!torch::cuda::is_available()) {
      throw ResourceError("--device cuda: CUDA is not available in this build or machine");
    }
    impl_->device = torch::Device(torch::kCUDA);
  } else if (options.device != "cpu") {
    throw UsageError("--device: '" + options.device + "' is not cpu or cuda");
  }
  try {
    impl_->module = torch::jit::load(options.model, impl_->device);
  } catch (const c10::Error&) {
    throw InvalidInputError(options.model + ": not a loadable TorchScript module");
  } catch (const std::exception&) {
    throw InvalidInputError(options.model + ": not a loadable TorchScript module");
  }
  impl_->module.eval();
}

ModelTracker::~ModelTracker() = default;

std::vector<std::pair<int, int>> ModelTracker::Windows(int frames, int window) {
  std::vector<std::pair<int, int>> windows;
  if (frames <= window) {
    windows.emplace_back(0, frames);
    return windows;
  }
  const int stride = std::max(1, window / 2);
  int start = 0;
  for (; start + window < frames; start += stride) windows.emplace_back(start, start + window);
  windows.emplace_back(frames - window, frames);
  return windows;
}

TrackResult ModelTracker::Track(const std::vector<cv::Mat>& rgb,
                                const std::vector<QueryPoint>& queries,
                                const std::function<void()>& progress) {
  const int frames = static_cast<int>(rgb.size());
  const size_t n = queries.size();
  TrackResult r;
  r.positions.assign(frames, std::vector<cv::Point2f>(n));
  r.visibility.assign(frames, std::vector<uint8_t>(n, 0));
  r.confidence.assign(frames, std::vector<float>(n, 0.0f));
  for (int f = 0; f < frames; ++f) {
    for (size_t i = 0; i < n; ++i) r.positions[f][i] = cv::Point2f(queries[i].x, queries[i].y);
  }
  if (frames == 0 || n == 0) return r;
  for (const cv::Mat& m : rgb) {
    if (m.type() != CV_8UC3 || m.size() != rgb[0].size()) {
      throw InvalidInputError("model tracker: frames must be RGB of one size");
    }
  }
  const std::vector<std::pair<int, int>> windows = Windows(frames, impl_->window);
  const int k_count = static_cast<int>(windows.size());
  std::vector<int> first(n, 0);
  int last_first = 0;
  for (size_t i = 0; i < n; ++i) {
    while (first[i] < k_count && windows[first[i]].second <= queries[i].frame) ++first[i];
    if (first[i] == k_count) throw InvalidInputError("model tracker: query frame outside the video");
    last_first = std::max(last_first, first[i]);
  }

  // Runs window k for `ids` with queries `q`; writes frames [from[j], to[j])
  // of point ids[j]. A non-finite position (only possible where invisible)
  // holds the neighbouring frame's position (`step` towards it).
  auto run = [&](int k, const std::vector<size_t>& ids, const std::vector<std::array<float, 3>>& q,
                 const std::vector<int>& from, const std::vector<int>& to, int step) {
    if (ids.empty()) return;
    const int s = windows[k].first, e = windows[k].second;
    const WindowOutput out = impl_->Run(rgb, s, e, q);
    const size_t m = ids.size();
    for (size_t j = 0; j < m; ++j) {
      const size_t i = ids[j];
      auto write = [&](int f) {
        const size_t at = static_cast<size_t>(f - s) * m + j;
        const float x = out.xy[2 * at], y = out.xy[2 * at + 1], p = out.prob[at];
        if (std::isfinite(x) && std::isfinite(y)) {
          r.positions[f][i] = cv::Point2f(x, y);
        } else {
          const int g = f - step;
          if (g >= 0 && g < frames) r.positions[f][i] = r.positions[g][i];
        }
        r.visibility[f][i] = p > 0.5f ? 1 : 0;
        r.confidence[f][i] = out.probabilities ? std::clamp(p, 0.0f, 1.0f) : (p > 0.5f ? 1.0f : 0.0f);
      };
      if (step > 0) {
        for (int f = from[j]; f < to[j]; ++f) write(f);
      } else {
        for (int f = to[j] - 1; f >= from[j]; --f) write(f);
      }
    }
    if (progress) progress();
  };

  // Forward sweep.
  for (int k = 0; k < k_count; ++k) {
    const int s = windows[k].first, e = windows[k].second;
    std::vector<size_t> ids;
    std::vector<std::array<float, 3>> q;
    std::vector<int> from, to;
    for (size_t i = 0; i < n; ++i) {
      if (first[i] > k) continue;
      ids.push_back(i);
      to.push_back(e);
      if (first[i] == k) {
        q.push_back({static_cast<float>(queries[i].frame - s), queries[i].x, queries[i].y});
        from.push_back(s);
        continue;
      }
      // Latest visible estimate so far (frames up to the previous window's end).
      const int prev_end = windows[k - 1].second;
      int anchor = -1;
      for (int f = prev_end - 1; f >= windows[first[i]].first; --f) {
        if (r.visibility[f][i]) {
          anchor = f;
          break;
        }
      }
      cv::Point2f p = anchor >= 0 ? r.positions[anchor][i]
                                  : cv::Point2f(queries[i].x, queries[i].y);
      if (anchor < 0) anchor = static_cast<int>(queries[i].frame);
      if (anchor >= s) {
        q.push_back({static_cast<float>(anchor - s), p.x, p.y});
        from.push_back(anchor + 1);
      } else {
        // Hidden across the overlap: re-queried in the window's first frame.
        p = r.positions[prev_end - 1][i];
        q.push_back({0.0f, p.x, p.y});
        from.push_back(prev_end);
      }
    }
    run(k, ids, q, from, to, +1);
  }

  // Backward sweep for points first queried after window 0.
  for (int k = last_first - 1; k >= 0; --k) {
    const int s = windows[k].first, e = windows[k].second, next_start = windows[k + 1].first;
    std::vector<size_t> ids;
    std::vector<std::array<float, 3>> q;
    std::vector<int> from, to;
    for (size_t i = 0; i < n; ++i) {
      if (first[i] <= k) continue;
      ids.push_back(i);
      from.push_back(s);
      // Earliest visible estimate so far (frames from the next window's start).
      int anchor = -1;
      for (int f = next_start; f < frames; ++f) {
        if (r.visibility[f][i]) {
          anchor = f;
          break;
        }
      }
      cv::Point2f p = anchor >= 0 ? r.positions[anchor][i]
                                  : cv::Point2f(queries[i].x, queries[i].y);
      if (anchor < 0) anchor = static_cast<int>(queries[i].frame);
      if (anchor < e) {
        q.push_back({static_cast<float>(anchor - s), p.x, p.y});
        to.push_back(anchor);
      } else {
        // Hidden across the overlap: re-queried in the window's last frame.
        p = r.positions[next_start][i];
        q.push_back({static_cast<float>(e - 1 - s), p.x, p.y});
        to.push_back(next_start);
      }
    }
    run(k, ids, q, from, to, -1);
  }
  return r;
}

}  // namespace dolly::track
