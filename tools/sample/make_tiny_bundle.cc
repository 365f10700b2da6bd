// make_tiny_bundle DIR [WIDTH HEIGHT FRAMES] [--denoiser=ok|nan|shape]:
// writes a tiny model bundle for the tests of dolly-sample's model backend
// into DIR (bundle.json + five TorchScript modules, in the style of
// Perception-as-Control: v prediction, zero-SNR trailing DDIM, CFG, a VAE of
// 2x pooling, camera and object map encoders, the raw reference image).
// Default size 40 x 24, 5 frames. A broken denoiser (NaN output, or one frame
// instead of all) tests the tool's errors.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <torch/script.h>

namespace {

void Save(const std::string& path, const std::string& signature, const std::string& body,
          const std::vector<std::pair<std::string, torch::Tensor>>& params = {}) {
  torch::jit::Module m("m");
  for (const auto& [name, value] : params) m.register_parameter(name, value, false);
  m.define("def forward(self, " + signature + "):\n" + body);
  m.save(path);
}

// 0..255 frames, 2x average pooled, mapped to [-1, 1] times `gain`.
void SaveEncoder(const std::string& path, double gain) {
  Save(path, "x",
       "  y = (x / 127.5 - 1.0)\n"
       "  y = y.reshape(x.size(0), 3, x.size(2) // 2, 2, x.size(3) // 2, 2).mean([3, 5])\n"
       "  return " + std::to_string(gain) + " * y\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string variant = "ok";
  if (!args.empty() && args.back().rfind("--denoiser=", 0) == 0) {
    variant = args.back().substr(11);
    args.pop_back();
  }
  std::string output = "  return h";
  if (variant == "nan") {
    output = "  return (h / 0.0) * 0.0";
  } else if (variant == "shape") {
    output = "  return h[:1]";
  } else if (variant != "ok") {
    args.clear();
  }
  if (args.size() != 1 && args.size() != 4) {
    std::cerr << "usage: make_tiny_bundle DIR [WIDTH HEIGHT FRAMES] [--denoiser=ok|nan|shape]\n";
    return 2;
  }
  const std::string dir = args[0];
  const int width = args.size() == 4 ? std::atoi(args[1].c_str()) : 40;
  const int height = args.size() == 4 ? std::atoi(args[2].c_str()) : 24;
  const int frames = args.size() == 4 ? std::atoi(args[3].c_str()) : 5;
  const torch::Tensor w = torch::eye(3).mul(0.9).add(0.02).reshape({3, 3, 1, 1});
  Save(dir + "/unet.pt", "x, c_noise, cond: Dict[str, Tensor]",
       "  h = torch.conv2d(x, self.weight, self.bias) + 0.1 * cond['camera'] + "
       "0.05 * cond['object'] + 0.001 * cond['reference'].mean() + 0.0001 * c_noise\n" +
           output + "\n",
       {{"weight", w}, {"bias", torch::full({3}, 0.01)}});
  Save(dir + "/vae_enc.pt", "x",
       "  f = x.size(0)\n"
       "  return x.reshape(f, 3, x.size(2) // 2, 2, x.size(3) // 2, 2).mean([3, 5])\n");
  Save(dir + "/vae_dec.pt", "x",
       "  return x.repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)\n");
  SaveEncoder(dir + "/cam.pt", 0.5);
  SaveEncoder(dir + "/obj.pt", 0.25);
  std::ofstream(dir + "/bundle.json") << R"({"name": "pac-tiny", "prediction": "v",
  "schedule": {"type": "discrete", "beta_schedule": "scaled_linear", "beta_start": 0.00085,
               "beta_end": 0.012, "num_train_timesteps": 1000, "zero_terminal_snr": true,
               "spacing": "trailing", "steps_offset": 0},
  "defaults": {"sampler": "ddim", "steps": 4, "eta": 0, "guidance": 3.5},
  "size": {"width": )" << width << R"(, "height": )" << height << R"(, "frames": )" << frames
                                      << R"(},
  "latent": {"channels": 3, "downsample": 2, "scale": 0.5},
  "modules": {"denoiser": "unet.pt", "vae_encoder": "vae_enc.pt", "vae_decoder": "vae_dec.pt",
              "encoders": {"camera": "cam.pt", "object": "obj.pt"}},
  "conditions": {"camera": "camera_map", "object": "object_map", "reference": "reference_image"},
  "controls": {"object_map": "pac", "camera_map": "pac"},
  "guidance_drop": {"uncond": ["camera", "object", "reference"]}}
)";
  return 0;
}
