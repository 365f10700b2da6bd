// LibTorch translation unit 1 of 2 (with generate.cc): loading modules.
#include "libs/diffusion/bundle_model.h"

#include <algorithm>
#include <string>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/script.h>

#include "libs/core/error.h"
#include "libs/diffusion/bundle_modules.h"
#include "libs/lora/lora.h"

namespace dolly::diffusion {
namespace {

std::string FirstLine(const c10::Error& e) {
  std::string what = e.what_without_backtrace();
  return what.substr(0, what.find('\n'));
}

LoadedModule Load(const std::string& path, const BundleModules& m) {
  LoadedModule out;
  out.path = path;
  try {
    out.module = torch::jit::load(path, m.device);
  } catch (const c10::Error& e) {
    throw InvalidInputError(path + ": not a loadable TorchScript module (" + FirstLine(e) + ")");
  }
  out.module.eval();
  return out;
}

const LoadedModule* FindModule(const BundleModules& m, const std::string& name) {
  if (name == "denoiser") return &m.denoiser;
  if (name == "vae_encoder") return m.vae_encoder.path.empty() ? nullptr : &m.vae_encoder;
  if (name == "vae_decoder") return m.vae_decoder.path.empty() ? nullptr : &m.vae_decoder;
  const auto it = m.encoders.find(name);
  return it == m.encoders.end() ? nullptr : &it->second;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (std::size_t d = 0; d < shape.size(); ++d) s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + "]";
}

// Adds the LoRA's deltas to the denoiser's parameters (in float32, before
// any dtype conversion), one delta at a time.
void ApplyLora(const LoadOptions& options, const Bundle& bundle, LoadedModule* denoiser,
               LoadedBundle* out) {
  std::map<std::string, torch::Tensor> params;
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const auto& p : denoiser->module.named_parameters(/*recurse=*/true)) {
    params[p.name] = p.value;
    shapes[p.name] = p.value.sizes().vec();
  }
  lora::LoraReport report;
  torch::NoGradGuard no_grad;
  lora::ForEachLoraDelta(
      options.lora_path, shapes, options.lora_scale,
      [&](lora::LoraDelta& d) {
        torch::Tensor param = params.at(d.parameter);
        const torch::Tensor delta =
            torch::from_blob(d.delta.data(), d.shape, torch::kFloat32)
                .to(param.device(), param.scalar_type());
        param.add_(delta);
        out->lora_applied.push_back(d.parameter + " " + ShapeText(d.shape));
      },
      bundle.lora_map, &report);
  for (const lora::LoraUnmatched& u : report.unmatched) {
    out->lora_unmatched.push_back(u.key + ": " + u.reason);
  }
}

}  // namespace

LoadedBundle LoadBundle(const std::string& json_path, const LoadOptions& options) {
  LoadedBundle out;
  out.bundle = ReadBundle(json_path);
  out.options = options;
  auto modules = std::make_shared<BundleModules>();
  if (options.device == "cuda") {
    if (!torch::cuda::is_available()) {
      throw ResourceError("--device cuda: CUDA is not available in this build or machine");
    }
    modules->device = torch::Device(torch::kCUDA);
  } else if (options.device != "cpu") {
    throw UsageError("--device: '" + options.device + "' is not cpu or cuda");
  }
  if (options.dtype == "bf16") {
    modules->dtype = torch::kBFloat16;
  } else if (options.dtype != "fp32") {
    throw UsageError("--dtype: '" + options.dtype + "' is not fp32 or bf16");
  }
  if (options.threads < 0) throw UsageError("--threads: must not be negative");
  if (options.threads > 0) at::set_num_threads(options.threads);
  const Bundle& b = out.bundle;
  modules->denoiser = Load(b.denoiser, *modules);
  if (b.has_vae()) {
    modules->vae_encoder = Load(b.vae_encoder, *modules);
    modules->vae_decoder = Load(b.vae_decoder, *modules);
  }
  for (const auto& [name, path] : b.encoders) modules->encoders[name] = Load(path, *modules);
  if (!options.lora_path.empty()) ApplyLora(options, b, &modules->denoiser, &out);
  if (modules->dtype != torch::kFloat32) {
    modules->denoiser.module.to(modules->dtype);
    if (b.has_vae()) {
      modules->vae_encoder.module.to(modules->dtype);
      modules->vae_decoder.module.to(modules->dtype);
    }
    for (auto& [name, m] : modules->encoders) m.module.to(modules->dtype);
  }
  out.modules = std::move(modules);
  return out;
}

std::vector<float> ParameterValues(const LoadedBundle& loaded, const std::string& module,
                                   const std::string& parameter) {
  if (!loaded.modules) throw InvalidInputError("bundle not loaded");
  const LoadedModule* m = FindModule(*loaded.modules, module);
  if (!m) throw InvalidInputError("bundle " + loaded.bundle.json_path + ": no module '" + module + "'");
  for (const auto& p : m->module.named_parameters(/*recurse=*/true)) {
    if (p.name != parameter) continue;
    const torch::Tensor t = p.value.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
  }
  throw InvalidInputError(m->path + ": no parameter '" + parameter + "'");
}

}  // namespace dolly::diffusion
