// make_interface_bundle pac|svd|posetraj DIR [--break=WHAT]: writes a tiny
// bundle whose modules have the interfaces of a real export (the input
// names and arity, shapes up to the channel counts, dtypes, conditions and
// guidance drops that tools/sample/export/export_pac.py and export_svd.py
// write), at sizes of a few pixels, for the tests of dolly-sample
// --check-bundle:
//   pac       reference + clip encoders of the reference image, camera and
//             object encoders to [1, K, F, h, w] features fused by max in
//             the denoiser, SD VAE; v prediction, zero-SNR trailing DDIM;
//             uncond drops clip and reference; controls pac / pac.
//   svd       CLIP embedding [1, 1, D] and the noise-augmented image latent
//             [1, C, h, w] (buffers noise, noise_aug_strength), concatenated
//             to x on the channels by the denoiser's net (buffer
//             added_time_ids); temporal VAE decoder in chunks (buffer
//             decode_chunk); edm, Karras, Euler, guidance ramp 1 -> 3.
//   posetraj  svd plus a "trajectory" condition (trajectory_map, raw
//             0..255, mapped to [-1, 1] by the denoiser's ControlNet
//             stand-in), in both guidance branches; controls posetraj;
//             added_time_ids [6, 128, 0.02], decode_chunk 8, 14 frames.
// --break= makes one thing wrong: denoiser-shape, denoiser-dtype,
// encoder-dtype, vae-shape, missing-condition (the JSON leaves out a
// condition the denoiser reads), ignored-condition (posetraj: the denoiser
// drops the maps), svd-values (the JSON's motion bucket differs from the
// module's).
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/script.h>

namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, torch::Tensor>>;

// 8x average pooling of [N, C, H, W] (the VAE's downsampling in the bundles),
// a method of every module.
const char* kPool = "def pool(self, x):\n"
                    "  return x.reshape(x.size(0), x.size(1), x.size(2) // 8, 8, x.size(3) // 8, "
                    "8).mean([3, 5])\n";

torch::jit::Module Module(const std::string& signature, const std::string& body,
                          const Params& params = {}, const Params& buffers = {},
                          const std::string& class_name = "m") {
  torch::jit::Module m(class_name);
  for (const auto& [name, value] : params) m.register_parameter(name, value, false);
  for (const auto& [name, value] : buffers) m.register_buffer(name, value);
  std::string code = body;  // pool(...) is a method of the module
  for (std::size_t at = code.find("pool("); at != std::string::npos;
       at = code.find("pool(", at + 10)) {
    code.insert(at, "self.");
  }
  m.define(std::string(kPool) + "\ndef forward(self, " + signature + "):\n" + code);
  return m;
}

torch::Tensor Weights(int64_t out, int64_t in, double seed) {
  return torch::arange(out * in, torch::kFloat32).mul(seed).sin().mul(0.5).reshape({out, in, 1, 1});
}

struct Spec {
  std::string kind, broken;
  int width = 0, height = 0, frames = 0;
  int64_t h() const { return height / 8; }
  int64_t w() const { return width / 8; }
};

std::string Dtype(const Spec& s, const std::string& what) {
  return s.broken == what ? ".double()" : "";
}

void SaveVae(const Spec& s, const std::string& dir, bool chunked) {
  Module("images", "  return torch.conv2d(pool(images), self.w)\n", {{"w", Weights(4, 3, 0.7)}})
      .save(dir + "/vae_encoder.pt");
  const std::string crop = s.broken == "vae-shape" ? "[:, :, :-8]" : "";
  if (!chunked) {
    Module("latents",
           "  y = torch.tanh(torch.conv2d(latents, self.w))\n"
           "  return y.repeat_interleave(8, dim=2).repeat_interleave(8, dim=3)" + crop + "\n",
           {{"w", Weights(3, 4, 0.3)}})
        .save(dir + "/vae_decoder.pt");
    return;
  }
  // The temporal decoder of SVD, decode_chunk frames per call.
  Module("latents",
         "  n = int(self.decode_chunk)\n"
         "  parts: List[Tensor] = []\n"
         "  for i in range(0, latents.size(0), n):\n"
         "    z = latents[i:i + n]\n"
         "    y = torch.tanh(torch.conv2d(z, self.w) + 0.1 * z.mean(0, keepdim=True)[:, :3])\n"
         "    parts.append(y.repeat_interleave(8, dim=2).repeat_interleave(8, dim=3))\n"
         "  return torch.cat(parts, 0)" + crop + "\n",
         {{"w", Weights(3, 4, 0.3)}}, {{"decode_chunk", torch::tensor(int64_t{8})}})
      .save(dir + "/vae_decoder.pt");
}

json Pac(const Spec& s, const std::string& dir) {
  const int64_t K = 6, D = 8;
  Module("image", "  y = pool(image / 127.5 - 1.0)\n  return 0.18215 * torch.conv2d(y, self.w)\n",
         {{"w", Weights(4, 3, 0.9)}})
      .save(dir + "/enc_reference.pt");
  Module("image", "  v = (image / 255.0).mean([2, 3])\n  return torch.matmul(v, self.w).unsqueeze(1)\n",
         {{"w", torch::arange(3 * D, torch::kFloat32).mul(0.37).cos().reshape({3, D})}})
      .save(dir + "/enc_clip.pt");
  Module("frames",
         "  gray = torch.floor((frames * self.weights).sum(dim=1, keepdim=True) + 0.5)\n"
         "  y = torch.conv2d(pool(gray / 255.0), self.w)\n"
         "  return y.permute(1, 0, 2, 3).unsqueeze(0)" + Dtype(s, "encoder-dtype") + "\n",
         {{"w", Weights(K, 1, 1.3)}},
         {{"weights", torch::tensor({0.114f, 0.587f, 0.299f}).reshape({1, 3, 1, 1})}})
      .save(dir + "/enc_camera.pt");
  Module("frames",
         "  y = torch.conv2d(pool(frames / 255.0), self.w)\n"
         "  return y.permute(1, 0, 2, 3).unsqueeze(0)\n",
         {{"w", Weights(K, 3, 1.7)}})
      .save(dir + "/enc_object.pt");
  SaveVae(s, dir, false);
  const std::string out = s.broken == "denoiser-shape" ? "h[:1]" : "h" + Dtype(s, "denoiser-dtype");
  Module("x, c_noise, cond: Dict[str, Tensor]",
         "  feat = torch.max(cond['object'], cond['camera'])[0].permute(1, 0, 2, 3)\n"
         "  h = torch.conv2d(x, self.wx) + torch.conv2d(feat, self.wf)\n"
         "  h = h + 0.01 * cond['clip'].mean()\n"
         "  reference = cond['reference']\n"
         "  if bool(torch.any(reference != 0)):\n"
         "    h = h + 0.1 * reference\n"
         "  h = h + 0.0001 * c_noise\n"
         "  return " + out + "\n",
         {{"wx", Weights(4, 4, 0.5)}, {"wf", Weights(4, K, 0.8)}})
      .save(dir + "/denoiser.pt");
  json b = {
      {"name", "pac-interface"},
      {"prediction", "v"},
      {"schedule", {{"type", "discrete"}, {"beta_schedule", "scaled_linear"},
                    {"beta_start", 0.00085}, {"beta_end", 0.012}, {"num_train_timesteps", 1000},
                    {"zero_terminal_snr", true}, {"spacing", "trailing"}, {"steps_offset", 0}}},
      {"defaults", {{"sampler", "ddim"}, {"steps", 20}, {"eta", 0.0}, {"guidance", 3.5}}},
      {"size", {{"width", s.width}, {"height", s.height}, {"frames", s.frames}}},
      {"latent", {{"channels", 4}, {"downsample", 8}, {"scale", 0.18215}}},
      {"modules", {{"denoiser", "denoiser.pt"}, {"vae_encoder", "vae_encoder.pt"},
                   {"vae_decoder", "vae_decoder.pt"},
                   {"encoders", {{"reference", "enc_reference.pt"}, {"clip", "enc_clip.pt"},
                                 {"camera", "enc_camera.pt"}, {"object", "enc_object.pt"}}}}},
      {"conditions", {{"reference", "reference_image"}, {"clip", "reference_image"},
                      {"camera", "camera_map"}, {"object", "object_map"}}},
      {"guidance_drop", {{"uncond", {"clip", "reference"}}}},
      {"controls", {{"object_map", "pac"}, {"camera_map", "pac"}}}};
  if (s.broken == "missing-condition") {
    b["conditions"].erase("object");
    b["modules"]["encoders"].erase("object");
    b["controls"].erase("object_map");
  }
  return b;
}

json Svd(const Spec& s, const std::string& dir) {
  const int64_t D = 8;
  const bool posetraj = s.kind == "posetraj";
  Module("image",
         "  v = (image / 255.0).mean([2, 3])\n"
         "  return torch.matmul(v, self.w).unsqueeze(1)" + Dtype(s, "encoder-dtype") + "\n",
         {{"w", torch::arange(3 * D, torch::kFloat32).mul(0.41).cos().reshape({3, D})}})
      .save(dir + "/enc_image_embeddings.pt");
  Module("image",
         "  x = image / 127.5 - 1.0 + self.noise_aug_strength * self.noise\n"
         "  return torch.conv2d(pool(x), self.w)\n",
         {{"w", Weights(4, 3, 0.6)}},
         {{"noise", torch::arange(3 * s.height * s.width, torch::kFloat32)
                        .mul(0.77).sin()
                        .reshape({1, 3, s.height, s.width})},
          {"noise_aug_strength", torch::tensor(0.02f)}})
      .save(dir + "/enc_image_latents.pt");
  SaveVae(s, dir, true);
  // The net: [x, image latent repeated] on the channels (+ the ControlNet's
  // residual from the trajectory maps), added_time_ids as a buffer.
  const std::string control =
      posetraj && s.broken != "ignored-condition"
          ? "  h = h + torch.conv2d(pool(traj / 127.5 - 1.0), self.wc)\n"
          : "";
  const std::string out = s.broken == "denoiser-shape" ? "h[:1]" : "h" + Dtype(s, "denoiser-dtype");
  torch::jit::Module net = Module(
      std::string("x, c_noise, emb, lat") + (posetraj ? ", traj" : ""),
      "  s = torch.cat([x, lat.expand(x.size(0), -1, -1, -1)], 1)\n"
      "  h = torch.conv2d(s, self.w) + 0.01 * emb.mean()\n" + control +
          "  return h + 0.0001 * (self.added_time_ids.sum() + c_noise)\n",
      {{"w", Weights(4, 8, 0.45)}, {"wc", Weights(4, 3, 0.95)}},
      {{"added_time_ids",
        posetraj ? torch::tensor({6.0f, 128.0f, 0.02f}).reshape({1, 3})
                 : torch::tensor({6.0f, 127.0f, 0.02f}).reshape({1, 3})}},
      "net");
  torch::jit::Module denoiser("denoiser");
  denoiser.register_module("net", net);
  denoiser.define("def forward(self, x, c_noise, cond: Dict[str, Tensor]):\n"
                  "  h = self.net.forward(x, c_noise, cond['image_embeddings'], cond['image_latents']" +
                  std::string(posetraj ? ", cond['trajectory']" : "") + ")\n  return " + out +
                  "\n");
  denoiser.save(dir + "/denoiser.pt");
  json b = {
      {"name", posetraj ? "posetraj-interface" : "svd-interface"},
      {"prediction", "edm"},
      {"schedule", {{"type", "karras"}, {"sigma_min", 0.002}, {"sigma_max", 700.0}, {"rho", 7.0},
                    {"sigma_data", 1.0}}},
      {"defaults", {{"sampler", "euler"}, {"steps", 25}, {"eta", 0.0},
                    {"guidance", {{"min", 1.0}, {"max", 3.0}}}}},
      {"size", {{"width", s.width}, {"height", s.height}, {"frames", s.frames}}},
      {"latent", {{"channels", 4}, {"downsample", 8}, {"scale", 0.18215}}},
      {"modules", {{"denoiser", "denoiser.pt"}, {"vae_encoder", "vae_encoder.pt"},
                   {"vae_decoder", "vae_decoder.pt"},
                   {"encoders", {{"image_embeddings", "enc_image_embeddings.pt"},
                                 {"image_latents", "enc_image_latents.pt"}}}}},
      {"conditions", {{"image_embeddings", "reference_image"}, {"image_latents", "reference_image"}}},
      {"guidance_drop", {{"uncond", {"image_embeddings", "image_latents"}}}},
      {"svd", {{"added_time_ids", {6, posetraj ? 128 : 127, 0.02}},
               {"noise_aug_strength", 0.02}, {"decode_chunk", 8}}}};
  if (posetraj) {
    b["conditions"]["trajectory"] = "trajectory_map";
    b["controls"] = {{"trajectory_map", "posetraj"}};
  }
  if (s.broken == "svd-values") b["svd"]["added_time_ids"][1] = posetraj ? 127 : 128;
  if (s.broken == "missing-condition") {
    if (posetraj) {
      b["conditions"].erase("trajectory");
      b.erase("controls");
    } else {
      b["conditions"].erase("image_latents");
      b["modules"]["encoders"].erase("image_latents");
      b["guidance_drop"]["uncond"] = {"image_embeddings"};
    }
  }
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Spec spec;
  if (!args.empty() && args.back().rfind("--break=", 0) == 0) {
    spec.broken = args.back().substr(8);
    args.pop_back();
  }
  const std::vector<std::string> breaks = {"",          "denoiser-shape",    "denoiser-dtype",
                                           "encoder-dtype", "vae-shape",     "missing-condition",
                                           "ignored-condition", "svd-values"};
  bool known = false;
  for (const std::string& b : breaks) known = known || b == spec.broken;
  if (args.size() != 2 || !known ||
      (args[0] != "pac" && args[0] != "svd" && args[0] != "posetraj")) {
    std::cerr << "usage: make_interface_bundle pac|svd|posetraj DIR [--break=WHAT]\n";
    return 2;
  }
  spec.kind = args[0];
  const std::string dir = args[1];
  // PAC: 768 x 512 x 16 shrunk by 16; SVD / PoseTraj: 576 x 320 x 14 by 8.
  if (spec.kind == "pac") {
    spec.width = 48, spec.height = 32, spec.frames = 16;
  } else {
    spec.width = 72, spec.height = 40, spec.frames = 14;
  }
  const json bundle = spec.kind == "pac" ? Pac(spec, dir) : Svd(spec, dir);
  std::ofstream(dir + "/bundle.json") << bundle.dump(2) << "\n";
  return 0;
}
