// LibTorch translation unit 2 of 2 (with bundle_model.cc): the denoiser
// around the bundle's modules, conditions, VAE, sampling.
#include "libs/diffusion/generate.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <torch/script.h>

#include "libs/core/error.h"
#include "libs/diffusion/bundle_modules.h"
#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/guidance.h"
#include "libs/sampler/prediction.h"
#include "libs/sampler/samplers.h"
#include "libs/sampler/sdedit.h"

namespace dolly::diffusion {
namespace {

using sampler::Latent;

std::string ShapeText(c10::IntArrayRef shape) {
  std::string s = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) {
    s += (d ? ", " : "") + std::to_string(shape[d]);
  }
  return s + "]";
}

// Runs a module and checks its output: a tensor, of `expected` shape when
// given, all finite. Returns it as is (device, dtype).
// `check_finite` false leaves the finiteness check to the caller (the
// denoiser checks its Latent copy, one pass without LibTorch dispatch).
torch::Tensor Run(const LoadedModule& m, std::vector<torch::IValue> inputs,
                  const std::vector<int64_t>& expected, bool check_finite = true) {
  torch::IValue result;
  try {
    torch::NoGradGuard no_grad;
    result = m.module.forward(std::move(inputs));
  } catch (const c10::Error& e) {
    std::string what = e.what_without_backtrace();
    throw InvalidInputError(m.path + ": forward failed: " + what.substr(0, what.find('\n')));
  } catch (const std::exception& e) {  // torch::jit::JITException and the like
    // The interpreter's message ends with the Python-style error line.
    std::string what = e.what();
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    throw InvalidInputError(m.path + ": forward failed: " + what.substr(what.rfind('\n') + 1));
  }
  if (!result.isTensor()) throw InvalidInputError(m.path + ": output is not a tensor");
  torch::Tensor out = result.toTensor();
  if (!expected.empty() && out.sizes() != c10::IntArrayRef(expected)) {
    throw InvalidInputError(m.path + ": output " + ShapeText(out.sizes()) + ", expected " +
                            ShapeText(expected));
  }
  if (!out.is_floating_point()) {
    throw InvalidInputError(m.path + ": output has dtype " + std::string(c10::toString(out.scalar_type())) +
                            ", expected a floating-point tensor");
  }
  if (check_finite && !torch::isfinite(out).all().item<bool>()) {
    throw InvalidInputError(m.path + ": output holds NaN or Inf");
  }
  return out;
}

// RGB uint8 frames -> float [N, 3, H, W] in 0..255 on the CPU, resized to
// width x height where they differ.
torch::Tensor FramesTensor(const std::vector<cv::Mat>& frames, int width, int height,
                           const std::string& what) {
  const int64_t n = static_cast<int64_t>(frames.size());
  torch::Tensor t = torch::empty({n, 3, height, width}, torch::kFloat32);
  const std::size_t plane = static_cast<std::size_t>(width) * height;
  for (int64_t i = 0; i < n; ++i) {
    const cv::Mat& src = frames[static_cast<std::size_t>(i)];
    if (src.empty() || src.type() != CV_8UC3) {
      throw InvalidInputError(what + " frame " + std::to_string(i) +
                              ": expected a non-empty 8-bit RGB image");
    }
    cv::Mat rgb = src;
    if (rgb.cols != width || rgb.rows != height) {
      const bool shrink = rgb.cols > width || rgb.rows > height;
      cv::resize(src, rgb, cv::Size(width, height), 0, 0,
                 shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    float* dst = t[i].data_ptr<float>();
    for (int y = 0; y < height; ++y) {
      const cv::Vec3b* row = rgb.ptr<cv::Vec3b>(y);
      for (int x = 0; x < width; ++x) {
        for (int c = 0; c < 3; ++c) {
          dst[c * plane + static_cast<std::size_t>(y) * width + x] = row[x][c];
        }
      }
    }
  }
  return t;
}

Latent ToLatent(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  Latent out(c.numel());
  std::memcpy(out.data(), c.data_ptr<float>(), sizeof(float) * static_cast<std::size_t>(c.numel()));
  return out;
}

class Generator {
 public:
  Generator(const LoadedBundle& loaded, const GenerateOptions& options)
      : b_(loaded.bundle), m_(*loaded.modules) {
    shape_ = {b_.frames, b_.latent_channels, b_.latent_height(), b_.latent_width()};
    prediction_ = b_.prediction;
    sigma_data_ = b_.schedule.sigma_data;
    training_sigmas_ = TrainingSigmas(b_);
    // Guidance.
    if (std::isnan(options.guidance)) {
      guidance_ = b_.defaults.guidance;
    } else {
      guidance_.kind = GuidanceSpec::Kind::kSingle;
      guidance_.scale = options.guidance;
    }
    if (guidance_.kind == GuidanceSpec::Kind::kRamp) {
      ramp_ = sampler::FrameGuidanceRamp(b_.frames, guidance_.min, guidance_.max);
    }
  }

  torch::Tensor ToModule(const torch::Tensor& t) const { return t.to(m_.device, m_.dtype); }

  // Encodes every condition once: the conditional branch's dict and the
  // dropped variants.
  void EncodeConditions(const GenerateInputs& in) {
    for (const auto& [name, kind] : b_.conditions) {
      torch::Tensor raw;
      if (kind == "reference_image") {
        if (in.reference_rgb.empty()) {
          throw InvalidInputError("reference image: missing (condition '" + name + "' of " +
                                  b_.json_path + " needs it)");
        }
        raw = FramesTensor({in.reference_rgb}, b_.width, b_.height, "reference image");
      } else {
        const auto it = in.control_frames.find(kind);
        if (it == in.control_frames.end()) {
          throw InvalidInputError(kind + ": missing (condition '" + name + "' of " +
                                  b_.json_path + " needs it)");
        }
        if (static_cast<int>(it->second.size()) != b_.frames) {
          throw InvalidInputError(kind + ": " + std::to_string(it->second.size()) +
                                  " frames, the bundle expects " + std::to_string(b_.frames));
        }
        raw = FramesTensor(it->second, b_.width, b_.height, kind);
      }
      const auto enc = m_.encoders.find(name);
      torch::Tensor value = enc == m_.encoders.end()
                                ? ToModule(raw)
                                : Run(enc->second, {ToModule(raw)}, {});
      cond_.insert(name, value);
    }
    uncond_ = WithZeroed(cond_, b_.drop_uncond);
    image_only_ = WithZeroed(cond_, b_.drop_image_only);
  }

  // The raw network output of one branch for the model input `xin`.
  Latent Net(const torch::Tensor& xin, const torch::Tensor& c_noise,
             const c10::Dict<std::string, torch::Tensor>& cond) const {
    Latent out = ToLatent(Run(m_.denoiser, {xin, c_noise, cond}, shape_, false));
    if (!out.allFinite()) throw InvalidInputError(m_.denoiser.path + ": output holds NaN or Inf");
    return out;
  }

  // The guided network output at model input x * c_in.
  Latent GuidedNet(const Latent& x, double c_in, double c_noise) const {
    // The scaled input, alive until the branches have run (the tensor wraps
    // it; a module may even return its input, which ToLatent copies).
    const Latent scaled = x * static_cast<float>(c_in);
    torch::Tensor xin =
        torch::from_blob(const_cast<float*>(scaled.data()), shape_, torch::kFloat32);
    if (m_.device != torch::Device(torch::kCPU) || m_.dtype != torch::kFloat32) {
      xin = ToModule(xin);
    }
    const torch::Tensor t =
        torch::full({1}, c_noise, torch::TensorOptions().dtype(torch::kFloat32)).to(m_.device);
    switch (guidance_.kind) {
      case GuidanceSpec::Kind::kSingle:
        if (guidance_.scale == 1.0) return Net(xin, t, cond_);
        return sampler::Guide(Net(xin, t, cond_), Net(xin, t, uncond_), guidance_.scale);
      case GuidanceSpec::Kind::kRamp: {
        if (std::all_of(ramp_.begin(), ramp_.end(), [](double s) { return s == 1.0; })) {
          return Net(xin, t, cond_);
        }
        return sampler::GuidePerFrame(Net(xin, t, cond_), Net(xin, t, uncond_), ramp_);
      }
      case GuidanceSpec::Kind::kTwo:
        return sampler::Guide2(Net(xin, t, uncond_), Net(xin, t, image_only_), Net(xin, t, cond_),
                               guidance_.image, guidance_.control);
    }
    return {};
  }

  sampler::Denoiser MakeDenoiser() const {
    return [this](const Latent& x, double sigma) {
      const sampler::Scalings sc =
          sampler::ScalingsFor(prediction_, sigma, training_sigmas_, sigma_data_);
      const Latent net = GuidedNet(x, sc.c_in, sc.c_noise);
      return Latent(static_cast<float>(sc.c_skip) * x + static_cast<float>(sc.c_out) * net);
    };
  }

  sampler::VelocityField MakeVelocity() const {
    return [this](const Latent& x, double s) { return GuidedNet(x, 1.0, 1000.0 * s); };
  }

  // RGB frames -> latent (VAE mean * scale), or the [-1, 1] pixels.
  Latent Encode(const std::vector<cv::Mat>& frames) const {
    if (static_cast<int>(frames.size()) != b_.frames) {
      throw InvalidInputError("init frames: " + std::to_string(frames.size()) +
                              " frames, the bundle expects " + std::to_string(b_.frames));
    }
    const torch::Tensor pixels =
        FramesTensor(frames, b_.width, b_.height, "init") / 127.5f - 1.0f;
    if (!b_.has_vae()) return ToLatent(pixels);
    const torch::Tensor z = Run(m_.vae_encoder, {ToModule(pixels)}, shape_);
    return ToLatent(z.to(torch::kCPU, torch::kFloat32) * static_cast<float>(b_.latent_scale));
  }

  std::vector<cv::Mat> Decode(const Latent& latent) const {
    torch::Tensor z =
        torch::from_blob(const_cast<float*>(latent.data()), shape_, torch::kFloat32).clone();
    torch::Tensor image;
    if (b_.has_vae()) {
      z = z / static_cast<float>(b_.latent_scale);
      image = Run(m_.vae_decoder, {ToModule(z)},
                  {b_.frames, 3, b_.height, b_.width});
    } else {
      image = z;
    }
    // [-1, 1] -> 0..255 as round((clamp(v, -1, 1) + 1) * 127.5) in float
    // (ties to even, like torch.round), CHW -> HWC, in one pass.
    image = image.to(torch::kCPU, torch::kFloat32).contiguous();
    const std::size_t plane = static_cast<std::size_t>(b_.height) * b_.width;
    std::vector<cv::Mat> out;
    for (int f = 0; f < b_.frames; ++f) {
      cv::Mat frame(b_.height, b_.width, CV_8UC3);
      const float* src = image.data_ptr<float>() + static_cast<std::size_t>(f) * 3 * plane;
      for (int y = 0; y < b_.height; ++y) {
        uint8_t* row = frame.ptr<uint8_t>(y);
        for (int x = 0; x < b_.width; ++x) {
          for (int c = 0; c < 3; ++c) {
            const float v = std::min(1.0f, std::max(-1.0f, src[c * plane + y * b_.width + x]));
            row[3 * x + c] = static_cast<uint8_t>(std::nearbyint((v + 1.0f) * 127.5f));
          }
        }
      }
      out.push_back(frame);
    }
    return out;
  }

  int64_t latent_size() const { return shape_[0] * shape_[1] * shape_[2] * shape_[3]; }

 private:
  const Bundle& b_;
  const BundleModules& m_;
  std::vector<int64_t> shape_;
  sampler::Prediction prediction_;
  double sigma_data_ = 1.0;
  std::vector<double> training_sigmas_;
  GuidanceSpec guidance_;
  std::vector<double> ramp_;
  c10::Dict<std::string, torch::Tensor> cond_, uncond_, image_only_;
};

}  // namespace

std::vector<cv::Mat> GenerateVideo(const LoadedBundle& loaded, const GenerateInputs& inputs,
                                   const GenerateOptions& options,
                                   const std::function<void(int step, int steps)>& on_step) {
  if (!loaded.modules) throw UsageError("GenerateVideo: the bundle is not loaded (LoadBundle)");
  const Bundle& b = loaded.bundle;
  if (options.steps < 0) throw UsageError("--steps: must not be negative");
  if (!std::isnan(options.guidance) && !(options.guidance >= 0.0 && std::isfinite(options.guidance))) {
    throw UsageError("--guidance: must be a finite scale >= 0");
  }
  if (!(options.strength >= 0.0 && options.strength <= 1.0)) {
    throw UsageError("--strength: must be in [0, 1]");
  }
  if (options.strength < 1.0 && inputs.init_frames.empty()) {
    throw UsageError("--strength below 1 needs init frames");
  }
  if (!std::isnan(options.eta) && !(options.eta >= 0.0 && options.eta <= 1.0)) {
    throw UsageError("--eta: must be in [0, 1]");
  }
  sampler::SamplerKind kind;
  try {
    kind = SamplerFor(b, options.sampler.empty() ? b.defaults.sampler : options.sampler);
  } catch (const InvalidInputError& e) {
    throw UsageError(std::string("--sampler: ") + e.what());
  }
  const int steps = options.steps > 0 ? options.steps : b.defaults.steps;
  std::vector<double> sigmas;
  try {
    sigmas = SamplingSigmas(b, steps);
  } catch (const InvalidInputError& e) {
    throw UsageError(std::string("--steps: ") + e.what());
  }

  Generator gen(loaded, options);
  gen.EncodeConditions(inputs);
  sampler::GaussianNoise noise(options.seed);
  const bool flow = kind == sampler::SamplerKind::kFlowEuler;
  Latent x;
  if (!inputs.init_frames.empty()) {
    const Latent init = gen.Encode(inputs.init_frames);
    sampler::SdeditStart start =
        flow ? sampler::StartFlowFromInit(init, sigmas, options.strength, &noise)
             : sampler::StartFromInit(init, sigmas, options.strength, &noise);
    x = std::move(start.x);
    sigmas = std::move(start.sigmas);
  } else {
    x = noise.Next(static_cast<std::size_t>(gen.latent_size()));
    if (!flow) x *= static_cast<float>(sigmas.front());
  }
  const double eta_ddim = std::isnan(options.eta) ? b.defaults.eta : options.eta;
  const double eta_ancestral = std::isnan(options.eta) ? 1.0 : options.eta;
  const sampler::StepCallback cb = on_step;
  Latent result;
  switch (kind) {
    case sampler::SamplerKind::kDdim:
      result = sampler::SampleDdim(gen.MakeDenoiser(), std::move(x), sigmas, eta_ddim, &noise, cb);
      break;
    case sampler::SamplerKind::kEuler:
      result = sampler::SampleEuler(gen.MakeDenoiser(), std::move(x), sigmas, cb);
      break;
    case sampler::SamplerKind::kEulerAncestral:
      result = sampler::SampleEulerAncestral(gen.MakeDenoiser(), std::move(x), sigmas, &noise,
                                             eta_ancestral, cb);
      break;
    case sampler::SamplerKind::kHeun:
      result = sampler::SampleHeun(gen.MakeDenoiser(), std::move(x), sigmas, cb);
      break;
    case sampler::SamplerKind::kDpmpp2m:
      result = sampler::SampleDpmpp2m(gen.MakeDenoiser(), std::move(x), sigmas, cb);
      break;
    case sampler::SamplerKind::kFlowEuler:
      result = sampler::SampleFlowEuler(gen.MakeVelocity(), std::move(x), sigmas, cb);
      break;
  }
  return gen.Decode(result);
}

}  // namespace dolly::diffusion
