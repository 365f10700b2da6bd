// Loading a bundle's TorchScript modules (once) on a device, with an
// optional LoRA applied to the denoiser's parameters. LibTorch stays inside
// bundle_model.cc / generate.cc: this header only forward-declares.
#ifndef DOLLY_LIBS_DIFFUSION_BUNDLE_MODEL_H_
#define DOLLY_LIBS_DIFFUSION_BUNDLE_MODEL_H_

#include <memory>
#include <string>
#include <vector>

#include "libs/diffusion/bundle.h"

namespace dolly::diffusion {

struct LoadOptions {
  std::string device = "cpu";  // "cpu" | "cuda"
  std::string dtype = "fp32";  // "fp32" | "bf16" (modules and their inputs)
  std::string lora_path;       // safetensors LoRA for the denoiser; empty = none
  double lora_scale = 1.0;
  int threads = 0;             // LibTorch intra-op threads; 0 = its default
};

// The loaded modules (defined in bundle_model.cc, LibTorch inside).
class BundleModules;

struct LoadedBundle {
  Bundle bundle;
  LoadOptions options;
  std::shared_ptr<BundleModules> modules;
  // One line per LoRA parameter applied ("<parameter> [shape]"), empty
  // without a LoRA.
  std::vector<std::string> lora_applied;
  // LoRA keys that matched no denoiser parameter ("<key>: <reason>"); not
  // applied, not an error.
  std::vector<std::string> lora_unmatched;
};

// Reads the bundle (ReadBundle's errors) and loads every module once.
// Throws UsageError for an unknown device / dtype, ResourceError for cuda
// where LibTorch has no CUDA, InvalidInputError naming a module that does
// not load, and //libs/lora's errors for a bad LoRA (InvalidInputError
// naming the file and key, IoError, UsageError for a non-finite scale). The
// LoRA (lora_path, scale lora_scale, the bundle's lora_map) is added to the
// denoiser's parameters in float32 before any bf16 conversion.
LoadedBundle LoadBundle(const std::string& json_path, const LoadOptions& options = {});

// A copy of a parameter of one of the bundle's modules ("denoiser",
// "vae_encoder", "vae_decoder" or an encoder's condition name), as floats in
// row-major order; for tests and inspection. InvalidInputError when there is
// no such module or parameter.
std::vector<float> ParameterValues(const LoadedBundle& loaded, const std::string& module,
                                   const std::string& parameter);

// ---------------------------------------------------------- bundle check
// What dolly-sample --check-bundle reports: every module run once on an input
// of the bundle's declared sizes (traced modules have those sizes baked in,
// so no smaller input is safe; the reference-image encoders get one frame),
// with what went in, what came out and every mismatch with the bundle JSON
// and the module contracts of generate.h.

struct TensorSummary {
  std::string name;            // "x", "cond.camera", "output (uncond)", ...
  std::vector<int64_t> shape;
  std::string dtype;           // LibTorch's name: "Float", "BFloat16", "Double", ...
  double min = 0, max = 0;     // over the finite values
  bool finite = true;          // no NaN / Inf
};

struct ModuleCheck {
  std::string module;  // "denoiser", "vae_encoder", "vae_decoder", "encoders.<condition>"
  std::string path;
  std::string signature;                // "forward(x, c_noise, cond)" as the module declares it
  std::vector<TensorSummary> inputs, outputs;
  std::vector<std::string> notes;       // facts checked or not checkable (svd values)
  std::vector<std::string> mismatches;  // empty = the module passes
};

struct BundleCheck {
  std::string json_path;
  Bundle bundle;
  std::vector<ModuleCheck> modules;  // encoders, vae_encoder, vae_decoder, denoiser
};

// Loads the bundle (`path` is its JSON or the directory holding bundle.json)
// and runs every module once. Each module's checks:
//  - forward's arity: one input (encoders, VAE) or three (denoiser);
//  - outputs: a tensor of the load dtype, finite, of the contract's shape
//    (vae_encoder [F, C, h, w], vae_decoder [F, 3, H, W], denoiser
//    [F, C, h, w] in every guidance branch the bundle uses);
//  - the denoiser runs on the conditions of "conditions" only: one it reads
//    that the JSON does not declare fails its forward; each declared
//    condition must change its output when zeroed;
//  - "svd" values against the module buffers named in bundle.h.
// Throws what LoadBundle throws (a module that does not load, a bad JSON);
// a module that loads but misbehaves is reported, not thrown.
BundleCheck CheckBundle(const std::string& path, const LoadOptions& options = {});

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_BUNDLE_MODEL_H_
