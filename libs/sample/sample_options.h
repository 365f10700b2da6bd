// dolly-sample's options (RunSampleImpl in run_sample.h takes them).
#ifndef DOLLY_LIBS_SAMPLE_SAMPLE_OPTIONS_H_
#define DOLLY_LIBS_SAMPLE_SAMPLE_OPTIONS_H_

#include <cstdint>
#include <limits>
#include <string>

namespace dolly::sample {

struct SampleToolOptions {
  std::string image;     // reference image (PNG/JPEG); needed by "model"
  std::string controls;  // ControlSignals artifact (dolly-render)
  std::string bundle;    // model bundle JSON (backend "model")
  // --check-bundle: a bundle JSON or its directory to check (run every
  // module once); no video is made, --controls / -o are not needed.
  std::string check_bundle;
  // "model": the bundle's diffusion model (//libs/diffusion);
  // "preview": the ControlSignals' warp preview frames, no model needed.
  std::string backend = "model";
  std::string output;      // Video artifact ("-" = stdout)
  std::string mp4;         // "" = none
  std::string frames_dir;  // "" = none; a new (or empty) directory of NNNNNN.png
  // "" (pure noise) | "warp" (the ControlSignals' warp_preview) | a Video artifact.
  std::string init;
  std::string sampler;
  std::string device = "cpu";  // cpu | cuda
  std::string dtype = "fp32";  // fp32 | bf16
  std::string lora;            // safetensors LoRA for the denoiser; "" = none
  double lora_scale = 1;
  double guidance = std::numeric_limits<double>::quiet_NaN();  // NaN = the bundle's
  double strength = 1;
  double eta = std::numeric_limits<double>::quiet_NaN();  // NaN = the bundle's
  int steps = 0;  // 0 = the bundle's
  uint64_t seed = 0;
};

}  // namespace dolly::sample

#endif  // DOLLY_LIBS_SAMPLE_SAMPLE_OPTIONS_H_
