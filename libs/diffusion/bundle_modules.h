// Internal (LibTorch): the loaded modules behind LoadedBundle. Included only
// by bundle_model.cc and generate.cc.
#ifndef DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_
#define DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_

#include <map>
#include <string>

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

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_BUNDLE_MODULES_H_
