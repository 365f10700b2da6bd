// LibTorch translation unit 1 of 2 (with generate.cc): loading modules.
#include "libs/diffusion/bundle_model.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
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

// ---------------------------------------------------------- bundle check
namespace {

TensorSummary Summarize(const std::string& name, const torch::Tensor& t) {
  TensorSummary s;
  s.name = name;
  s.shape = t.sizes().vec();
  s.dtype = c10::toString(t.scalar_type());
  if (t.numel() == 0) return s;
  const torch::Tensor values = t.detach().to(torch::kCPU).to(torch::kDouble);
  const torch::Tensor finite = torch::isfinite(values);
  s.finite = finite.all().item<bool>();
  const torch::Tensor kept = values.masked_select(finite);
  if (kept.numel() > 0) {
    s.min = kept.min().item<double>();
    s.max = kept.max().item<double>();
  }
  return s;
}

// Deterministic values spread over [lo, hi] (the golden-ratio sequence):
// every element differs from its neighbours, no random state is touched.
torch::Tensor Pattern(const std::vector<int64_t>& shape, double lo, double hi) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  const torch::Tensor u = torch::arange(n, torch::kDouble).mul(0.6180339887498949).frac();
  return u.mul(hi - lo).add(lo).to(torch::kFloat32).reshape(shape);
}

// "forward(a, b)" as the module declares it; sets *arity (-1: no forward).
std::string Signature(const LoadedModule& m, int* arity) {
  try {
    const auto& args = m.module.get_method("forward").function().getSchema().arguments();
    std::string s = "forward(";
    *arity = 0;
    for (std::size_t i = 1; i < args.size(); ++i) s += (*arity)++ ? ", " + args[i].name() : args[i].name();
    return s + ")";
  } catch (const c10::Error&) {
    *arity = -1;
    return "(no forward method)";
  }
}

// Runs forward once; a failure or a non-tensor output becomes a mismatch.
std::optional<torch::Tensor> RunOnce(const LoadedModule& m, std::vector<torch::IValue> inputs,
                                     const std::string& what, ModuleCheck* check) {
  try {
    torch::NoGradGuard no_grad;
    const torch::IValue result = m.module.forward(std::move(inputs));
    if (!result.isTensor()) {
      check->mismatches.push_back(what + " is a " + result.tagKind() + ", expected a tensor");
      return std::nullopt;
    }
    return result.toTensor();
  } catch (const c10::Error& e) {
    check->mismatches.push_back(what + ": forward failed: " + FirstLine(e));
  } catch (const std::exception& e) {  // the interpreter's errors end with the Python-style line
    std::string message = e.what();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    check->mismatches.push_back(what + ": forward failed: " + message.substr(message.rfind('\n') + 1));
  }
  return std::nullopt;
}

// Records an output and compares it with the contract.
void ExpectOutput(const torch::Tensor& out, const std::string& label,
                  const std::vector<int64_t>& shape, const std::string& shape_source,
                  torch::ScalarType dtype, ModuleCheck* check) {
  const TensorSummary s = Summarize(label, out);
  check->outputs.push_back(s);
  if (!shape.empty() && s.shape != shape) {
    check->mismatches.push_back(label + " " + ShapeText(s.shape) + ", expected " +
                                ShapeText(shape) + " (" + shape_source + ")");
  }
  if (out.scalar_type() != dtype) {
    check->mismatches.push_back(label + " has dtype " + s.dtype + ", expected " +
                                c10::toString(dtype) + " (the load dtype)");
  }
  if (!s.finite) check->mismatches.push_back(label + " holds NaN or Inf");
}

void ExpectArity(int arity, int expected, const std::string& contract, ModuleCheck* check) {
  if (arity == expected) return;
  check->mismatches.push_back(arity < 0 ? "no forward method"
                                        : check->signature + " takes " + std::to_string(arity) +
                                              " inputs; the contract is " + contract);
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ValuesText(const std::vector<double>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::ostringstream v;
    v.precision(7);
    v << values[i];
    s += (i ? ", " : "") + v.str();
  }
  return s + "]";
}

// Compares a declared "svd" value with the module buffer whose name ends in
// `suffix`; a module without one gets a note (nothing to compare).
void CompareBuffer(const LoadedModule& m, const std::string& suffix, const std::string& key,
                   const std::vector<double>& declared, ModuleCheck* check) {
  for (const auto& buffer : m.module.named_buffers(/*recurse=*/true)) {
    if (!EndsWith(buffer.name, suffix)) continue;
    const torch::Tensor t = buffer.value.detach().to(torch::kCPU).to(torch::kDouble).flatten();
    std::vector<double> held(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
    bool same = held.size() == declared.size();
    for (std::size_t i = 0; same && i < held.size(); ++i) {
      same = std::abs(held[i] - declared[i]) <= 1e-6 * std::max(1.0, std::abs(declared[i]));
    }
    const std::string text = key + " " + ValuesText(declared);
    if (same) {
      check->notes.push_back(text + " = buffer " + buffer.name);
    } else {
      check->mismatches.push_back(text + " but buffer " + buffer.name + " holds " + ValuesText(held));
    }
    return;
  }
  check->notes.push_back(key + " " + ValuesText(declared) + ": no buffer *" + suffix +
                         " in the module, not compared");
}

}  // namespace

BundleCheck CheckBundle(const std::string& path, const LoadOptions& options) {
  const std::string json = BundleJsonPath(path);
  const LoadedBundle loaded = LoadBundle(json, options);
  const Bundle& b = loaded.bundle;
  const BundleModules& m = *loaded.modules;
  BundleCheck out;
  out.json_path = json;
  out.bundle = b;
  const int64_t F = b.frames, H = b.height, W = b.width;
  const std::vector<int64_t> latent = {F, b.latent_channels, b.latent_height(), b.latent_width()};
  const std::string latent_source = "size.frames, latent.channels, size / latent.downsample";
  const auto to_module = [&](const torch::Tensor& t) { return t.to(m.device, m.dtype); };

  // Conditions: the encoders, or the raw frames where a condition has none.
  c10::Dict<std::string, torch::Tensor> cond;
  std::vector<std::string> failed_encoders;
  for (const auto& [name, kind] : b.conditions) {
    const int64_t n = kind == "reference_image" ? 1 : F;
    const torch::Tensor raw = Pattern({n, 3, H, W}, 0.0, 255.0).round();
    const auto enc = m.encoders.find(name);
    if (enc == m.encoders.end()) {
      cond.insert(name, to_module(raw));
      continue;
    }
    ModuleCheck check;
    check.module = "encoders." + name;
    check.path = enc->second.path;
    int arity = 0;
    check.signature = Signature(enc->second, &arity);
    check.inputs.push_back(Summarize("frames (" + kind + ", RGB 0..255)", raw));
    ExpectArity(arity, 1, "forward(frames)", &check);
    if (check.mismatches.empty()) {
      if (auto y = RunOnce(enc->second, {to_module(raw)}, "output", &check)) {
        ExpectOutput(*y, "output", {}, "", m.dtype, &check);
        cond.insert(name, *y);
      }
    }
    if (b.svd.has_noise_aug_strength) {
      for (const auto& buffer : enc->second.module.named_buffers(/*recurse=*/true)) {
        if (EndsWith(buffer.name, "noise_aug_strength")) {
          CompareBuffer(enc->second, "noise_aug_strength", "svd.noise_aug_strength",
                        {b.svd.noise_aug_strength}, &check);
          break;
        }
      }
    }
    if (!check.mismatches.empty()) failed_encoders.push_back(name);
    out.modules.push_back(std::move(check));
  }

  if (b.has_vae()) {
    ModuleCheck enc;
    enc.module = "vae_encoder";
    enc.path = m.vae_encoder.path;
    int arity = 0;
    enc.signature = Signature(m.vae_encoder, &arity);
    const torch::Tensor pixels = Pattern({F, 3, H, W}, -1.0, 1.0);
    enc.inputs.push_back(Summarize("images in [-1, 1]", pixels));
    ExpectArity(arity, 1, "forward(images)", &enc);
    if (enc.mismatches.empty()) {
      if (auto y = RunOnce(m.vae_encoder, {to_module(pixels)}, "output", &enc)) {
        ExpectOutput(*y, "output", latent, latent_source, m.dtype, &enc);
      }
    }
    out.modules.push_back(std::move(enc));

    ModuleCheck dec;
    dec.module = "vae_decoder";
    dec.path = m.vae_decoder.path;
    dec.signature = Signature(m.vae_decoder, &arity);
    const torch::Tensor z = Pattern(latent, -4.0, 4.0);
    dec.inputs.push_back(Summarize("latent / latent.scale", z));
    ExpectArity(arity, 1, "forward(latent)", &dec);
    if (dec.mismatches.empty()) {
      if (auto y = RunOnce(m.vae_decoder, {to_module(z)}, "output", &dec)) {
        ExpectOutput(*y, "output", {F, 3, H, W}, "size.frames, 3, size.height, size.width",
                     m.dtype, &dec);
      }
    }
    if (b.svd.decode_chunk > 0) {
      CompareBuffer(m.vae_decoder, "decode_chunk", "svd.decode_chunk",
                    {static_cast<double>(b.svd.decode_chunk)}, &dec);
    }
    out.modules.push_back(std::move(dec));
  }

  // The denoiser at a middle noise level of the default schedule, in every
  // guidance branch, and once per condition zeroed.
  ModuleCheck den;
  den.module = "denoiser";
  den.path = m.denoiser.path;
  int arity = 0;
  den.signature = Signature(m.denoiser, &arity);
  ExpectArity(arity, 3, "forward(x, c_noise, cond)", &den);
  const std::vector<double> sigmas = SamplingSigmas(b, b.defaults.steps);
  const double sigma = sigmas[(sigmas.size() - 1) / 2];
  const double c_noise = b.prediction == sampler::Prediction::kFlow
                             ? 1000.0 * sigma
                             : sampler::ScalingsFor(b.prediction, sigma, TrainingSigmas(b),
                                                    b.schedule.sigma_data)
                                   .c_noise;
  const torch::Tensor x = Pattern(latent, -1.0, 1.0);
  const torch::Tensor t =
      torch::full({1}, c_noise, torch::TensorOptions().dtype(torch::kFloat32)).to(m.device);
  den.inputs.push_back(Summarize("x", x));
  den.inputs.push_back(Summarize("c_noise", t));
  for (const auto& entry : cond) den.inputs.push_back(Summarize("cond." + entry.key(), entry.value()));
  if (!failed_encoders.empty()) {
    std::string names;
    for (const std::string& n : failed_encoders) names += (names.empty() ? "" : ", ") + n;
    den.notes.push_back("not run: the encoder of " + names + " failed");
  } else if (den.mismatches.empty()) {
    const torch::Tensor xin = to_module(x);
    std::optional<torch::Tensor> base = RunOnce(m.denoiser, {xin, t, cond}, "output", &den);
    if (base) {
      ExpectOutput(*base, "output", latent, latent_source, m.dtype, &den);
    } else if (!den.mismatches.empty() &&
               den.mismatches.back().find("KeyError") != std::string::npos) {
      std::string names;
      for (const auto& entry : cond) names += (names.empty() ? "" : ", ") + entry.key();
      den.mismatches.back() += " (cond holds only the bundle's \"conditions\": " + names + ")";
    }
    const std::vector<std::pair<std::string, const std::vector<std::string>*>> branches = {
        {"uncond", &b.drop_uncond}, {"image_only", &b.drop_image_only}};
    for (const auto& [branch, drop] : branches) {
      if (drop->empty()) continue;
      const std::string label = "output (" + branch + ")";
      if (auto y = RunOnce(m.denoiser, {xin, t, WithZeroed(cond, *drop)}, label, &den)) {
        ExpectOutput(*y, label, latent, latent_source, m.dtype, &den);
      }
    }
    if (base && den.mismatches.empty()) {
      for (const auto& [name, kind] : b.conditions) {
        const std::string label = "output with cond." + name + " zeroed";
        const auto y = RunOnce(m.denoiser, {xin, t, WithZeroed(cond, {name})}, label, &den);
        if (y && y->sizes() == base->sizes() && torch::equal(*y, *base)) {
          den.mismatches.push_back("condition '" + name + "' (" + kind +
                                   ") does not reach the output: zeroing it changes nothing");
        }
      }
    }
  }
  if (b.svd.present) {
    CompareBuffer(m.denoiser, "added_time_ids", "svd.added_time_ids",
                  {b.svd.fps_id, b.svd.motion_bucket_id, b.svd.time_noise_aug}, &den);
  }
  out.modules.push_back(std::move(den));
  return out;
}

}  // namespace dolly::diffusion
