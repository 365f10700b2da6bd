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

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_BUNDLE_MODEL_H_
