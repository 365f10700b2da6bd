// Internal (LibTorch): the loaded modules behind LoadedBundle. Included only
// by bundle_model.cc and generate.cc.
#ifndef DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_
#define DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <torch/script.h>

#include "libs/diffusion/bundle_model.h"

namespace dolly::diffusion {

struct LoadedModule {
  std::string path;  // for error messages
  mutable torch::jit::Module module;
};

class BundleModules {
 public:
  torch::Device device = torch::Device(torch::kCPU);
  torch::ScalarType dtype = torch::kFloat32;
  LoadedModule denoiser;
  LoadedModule vae_encoder;  // empty path without a VAE
  LoadedModule vae_decoder;
  std::map<std::string, LoadedModule> encoders;  // condition name -> module
};

// The conditions of one guidance branch: `cond` with the entries named in
// `drop` zeroed (the unconditional and image-only branches, or one condition
// left out to see that the denoiser reads it).
inline c10::Dict<std::string, torch::Tensor> WithZeroed(
    const c10::Dict<std::string, torch::Tensor>& cond, const std::vector<std::string>& drop) {
  c10::Dict<std::string, torch::Tensor> out;
  for (const auto& entry : cond) {
    const bool zero = std::find(drop.begin(), drop.end(), entry.key()) != drop.end();
    out.insert(entry.key(), zero ? torch::zeros_like(entry.value()) : entry.value());
  }
  return out;
}

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_
