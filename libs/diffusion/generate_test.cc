// GenerateVideo end to end with small TorchScript modules built here: a
// UNet-like denoiser, a VAE pair, condition encoders taking 0-255 frames.
// Denoisers that know the answer (their x0 is a function of a condition)
// make the EDM and flow paths checkable in closed form.
#define BOOST_TEST_MODULE generate_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <torch/cuda.h>
#include <torch/script.h>

#include "libs/core/error.h"
#include "libs/diffusion/bundle_model.h"
#include "libs/diffusion/generate.h"
#include "libs/safetensors/safetensors.h"
#include "libs/sampler/guidance.h"

namespace dolly::diffusion {
namespace {

namespace fs = std::filesystem;

constexpr int kFrames = 4;
constexpr int kSize = 16;  // pixels, square

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const fs::path dir = fs::path(tmp ? tmp : fs::temp_directory_path().string()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void Save(const std::string& path, const std::string& signature, const std::string& body,
          const std::vector<std::pair<std::string, torch::Tensor>>& params = {}) {
  torch::jit::Module m("m");
  for (const auto& [name, value] : params) m.register_parameter(name, value, false);
  m.define("def forward(self, " + signature + "):\n" + body);
  m.save(path);
}

const char* kDenoiserSig = "x, c_noise, cond: Dict[str, Tensor]";

// UNet-like: a learnable 1x1 conv (submodule "conv": parameters
// conv.weight, conv.bias) on x plus condition terms.
void SaveUnet(const std::string& path, int channels) {
  torch::jit::Module conv("conv");
  conv.register_parameter(
      "weight", torch::eye(channels).mul(0.9).add(0.02).reshape({channels, channels, 1, 1}), false);
  conv.register_parameter("bias", torch::full({channels}, 0.01), false);
  torch::jit::Module m("m");
  m.register_module("conv", conv);
  m.define(std::string("def forward(self, ") + kDenoiserSig + "):\n"
           "  h = torch.conv2d(x, self.conv.weight, self.conv.bias)\n"
           "  return h + 0.1 * cond['camera'] + 0.05 * cond['object'] + "
           "0.001 * cond['reference'].mean() + 0.0001 * c_noise\n");
  m.save(path);
}

// 2x average pool of [-1, 1] pixels (x latent scale) / nearest 2x upsample.
void SaveVae(const std::string& dir) {
  Save(dir + "/vae_enc.pt", "x",
       "  f = x.size(0)\n"
       "  return x.reshape(f, 3, x.size(2) // 2, 2, x.size(3) // 2, 2).mean([3, 5])\n");
  Save(dir + "/vae_dec.pt", "x",
       "  return x.repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)\n");
}

// Condition encoders taking 0..255 frames: pooled by `k`, mapped to [-1, 1]
// times `gain` (a parameter for the object encoder).
void SaveEncoder(const std::string& path, int k, double gain, bool param) {
  const std::string pooled =
      k == 1 ? "(x / 127.5 - 1.0)"
             : "(x / 127.5 - 1.0).reshape(x.size(0), 3, x.size(2) // " + std::to_string(k) +
                   ", " + std::to_string(k) + ", x.size(3) // " + std::to_string(k) + ", " +
                   std::to_string(k) + ").mean([3, 5])";
  if (param) {
    Save(path, "x", "  return self.gain * " + pooled + "\n", {{"gain", torch::full({1}, gain)}});
  } else {
    Save(path, "x", "  return " + std::to_string(gain) + " * " + pooled + "\n");
  }
}

std::string WriteJson(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/bundle.json";
  std::ofstream(path) << text;
  return path;
}

std::string SizeJson() {
  return "\"size\": {\"width\": " + std::to_string(kSize) + ", \"height\": " +
         std::to_string(kSize) + ", \"frames\": " + std::to_string(kFrames) + "}";
}

// Perception-as-Control-like: v, zero-SNR trailing DDIM, CFG 3.5, VAE,
// camera + object encoders and the raw reference image.
std::string PacBundle(const std::string& dir, const std::string& guidance = "3.5",
                      const std::string& extra_drop = "") {
  SaveUnet(dir + "/unet.pt", 3);
  SaveVae(dir);
  SaveEncoder(dir + "/cam.pt", 2, 0.5, false);
  SaveEncoder(dir + "/obj.pt", 2, 0.25, true);
  return WriteJson(dir, R"({"name": "pac-tiny", "prediction": "v",
    "schedule": {"type": "discrete", "beta_schedule": "scaled_linear", "beta_start": 0.00085,
                 "beta_end": 0.012, "num_train_timesteps": 1000, "zero_terminal_snr": true,
                 "spacing": "trailing", "steps_offset": 0},
    "defaults": {"sampler": "ddim", "steps": 5, "eta": 0, "guidance": )" + guidance + R"(},
    )" + SizeJson() + R"(,
    "latent": {"channels": 3, "downsample": 2, "scale": 0.5},
    "modules": {"denoiser": "unet.pt", "vae_encoder": "vae_enc.pt", "vae_decoder": "vae_dec.pt",
                "encoders": {"camera": "cam.pt", "object": "obj.pt"}},
    "conditions": {"camera": "camera_map", "object": "object_map", "reference": "reference_image"},
    "guidance_drop": {"uncond": ["camera", "object", "reference"])" + extra_drop + "}}");
}

cv::Mat Frame(int seed) {
  cv::Mat rgb(kSize, kSize, CV_8UC3);
  for (int y = 0; y < kSize; ++y)
    for (int x = 0; x < kSize; ++x)
      rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uint8_t>((x * 13 + y * 7 + seed * 31) % 256),
                                          static_cast<uint8_t>((x * 16 + seed * 5) % 256),
                                          static_cast<uint8_t>((y * 16 + 40) % 256));
  return rgb;
}

std::vector<cv::Mat> Frames(int seed) {
  std::vector<cv::Mat> frames;
  for (int f = 0; f < kFrames; ++f) frames.push_back(Frame(seed * 10 + f));
  return frames;
}

GenerateInputs Inputs() {
  GenerateInputs in;
  in.reference_rgb = Frame(99);
  in.control_frames["camera_map"] = Frames(1);
  in.control_frames["object_map"] = Frames(2);
  return in;
}

bool Same(const std::vector<cv::Mat>& a, const std::vector<cv::Mat>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].size() != b[i].size() || cv::norm(a[i], b[i], cv::NORM_INF) != 0) return false;
  }
  return true;
}

void CheckVideo(const std::vector<cv::Mat>& video) {
  BOOST_REQUIRE(video.size() == static_cast<std::size_t>(kFrames));
  for (const cv::Mat& f : video) {
    BOOST_TEST(f.type() == CV_8UC3);
    BOOST_TEST(f.cols == kSize);
    BOOST_TEST(f.rows == kSize);
  }
}

template <typename E>
std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  BOOST_FAIL("expected an error");
  return "";
}

BOOST_AUTO_TEST_CASE(ddim_v_prediction_end_to_end_is_deterministic) {
  const std::string dir = TestDir("pac");
  const LoadedBundle loaded = LoadBundle(PacBundle(dir));
  GenerateOptions options;
  options.seed = 7;
  int calls = 0, last_steps = 0;
  const auto video = GenerateVideo(loaded, Inputs(), options, [&](int step, int steps) {
    BOOST_TEST(step == calls);
    ++calls;
    last_steps = steps;
  });
  CheckVideo(video);
  BOOST_TEST(calls == 5);
  BOOST_TEST(last_steps == 5);
  BOOST_TEST(Same(video, GenerateVideo(loaded, Inputs(), options)));
  // A second load of the same bundle gives the same bytes too.
  BOOST_TEST(Same(video, GenerateVideo(LoadBundle(dir + "/bundle.json"), Inputs(), options)));
  GenerateOptions other = options;
  other.seed = 8;
  BOOST_TEST(!Same(video, GenerateVideo(loaded, Inputs(), other)));
  // Guidance matters (the uncond branch zeroes the conditions).
  GenerateOptions g1 = options;
  g1.guidance = 1.0;
  BOOST_TEST(!Same(video, GenerateVideo(loaded, Inputs(), g1)));
  // The controls matter.
  GenerateInputs moved = Inputs();
  moved.control_frames["camera_map"] = Frames(5);
  BOOST_TEST(!Same(video, GenerateVideo(loaded, moved, options)));
  // Other samplers run on the same bundle.
  for (const char* name : {"euler", "euler_a", "heun", "dpmpp_2m"}) {
    GenerateOptions o = options;
    o.sampler = name;
    o.steps = 3;
    CheckVideo(GenerateVideo(loaded, Inputs(), o));
  }
  GenerateOptions ddim_eta = options;
  ddim_eta.eta = 0.5;
  CheckVideo(GenerateVideo(loaded, Inputs(), ddim_eta));
  BOOST_TEST(Same(GenerateVideo(loaded, Inputs(), ddim_eta),
                  GenerateVideo(loaded, Inputs(), ddim_eta)));
}

BOOST_AUTO_TEST_CASE(two_guidance_scales_run_three_branches) {
  const std::string dir = TestDir("pac2");
  const LoadedBundle loaded = LoadBundle(PacBundle(dir, R"({"image": 1.5, "control": 3.5})",
                                                   R"(, "image_only": ["camera", "object"])"));
  GenerateOptions options;
  options.seed = 3;
  const auto video = GenerateVideo(loaded, Inputs(), options);
  CheckVideo(video);
  BOOST_TEST(Same(video, GenerateVideo(loaded, Inputs(), options)));
  options.guidance = 3.5;  // one scale overrides the pair
  BOOST_TEST(!Same(video, GenerateVideo(loaded, Inputs(), options)));
}

int WorstPooledError(const std::vector<cv::Mat>& video, const std::vector<cv::Mat>& camera,
                     const std::vector<double>& scales);

// v prediction, zero-SNR trailing DDIM, in closed form: the network knows
// sigma from c_noise through the training sigmas (a parameter: log-linear
// interpolation between neighbouring timesteps, as prediction.h maps them)
// and outputs the v whose x0 is the encoded camera map:
// v = (alpha x_vp - x0) / sigma_vp. DDIM with eta 0 then ends on
// uncond + g (cond - uncond) = g * camera latent.
BOOST_AUTO_TEST_CASE(ddim_v_prediction_matches_closed_form) {
  const std::string dir = TestDir("pac_exact");
  const std::string json = PacBundle(dir);
  const std::vector<double> sigmas = TrainingSigmas(ReadBundle(json));
  torch::Tensor table = torch::empty({static_cast<int64_t>(sigmas.size())}, torch::kFloat64);
  for (std::size_t i = 0; i < sigmas.size(); ++i) table[i] = std::log(sigmas[i]);
  torch::jit::Module m("m");
  m.register_parameter("log_sigmas", table, false);
  m.define(std::string("def forward(self, ") + kDenoiserSig + "):\n"
           "  t = c_noise.double()\n"
           "  i = torch.clamp(torch.floor(t), 0, 998).long()\n"
           "  frac = t - i.double()\n"
           "  s = torch.exp((1.0 - frac) * self.log_sigmas[i] + frac * self.log_sigmas[i + 1])\n"
           "  alpha = 1.0 / torch.sqrt(1.0 + s * s)\n"
           "  svp = s / torch.sqrt(1.0 + s * s)\n"
           "  v = (alpha * x.double() - cond['camera'].double()) / svp\n"
           "  return v.float()\n");
  m.save(dir + "/unet.pt");
  const LoadedBundle loaded = LoadBundle(json);
  const std::vector<cv::Mat> camera = Inputs().control_frames["camera_map"];
  GenerateOptions options;
  options.seed = 21;
  options.guidance = 1.0;
  BOOST_TEST(WorstPooledError(GenerateVideo(loaded, Inputs(), options), camera,
                              std::vector<double>(kFrames, 1.0)) <= 1);
  options.guidance = std::numeric_limits<double>::quiet_NaN();  // the bundle's 3.5
  BOOST_TEST(WorstPooledError(GenerateVideo(loaded, Inputs(), options), camera,
                              std::vector<double>(kFrames, 3.5)) <= 1);
  options.sampler = "dpmpp_2m";
  options.steps = 8;
  BOOST_TEST(WorstPooledError(GenerateVideo(loaded, Inputs(), options), camera,
                              std::vector<double>(kFrames, 3.5)) <= 1);
}

// Largest difference (in levels) between `video` and the closed form
// round((clamp(g_f * pool2(camera_f / 127.5 - 1), -1, 1) + 1) * 127.5).
int WorstPooledError(const std::vector<cv::Mat>& video, const std::vector<cv::Mat>& camera,
                     const std::vector<double>& scales) {
  int worst = 0;
  for (int f = 0; f < kFrames; ++f) {
    for (int y = 0; y < kSize; ++y) {
      for (int x = 0; x < kSize; ++x) {
        for (int c = 0; c < 3; ++c) {
          double mean = 0;
          for (int dy = 0; dy < 2; ++dy)
            for (int dx = 0; dx < 2; ++dx)
              mean += camera[f].at<cv::Vec3b>(y / 2 * 2 + dy, x / 2 * 2 + dx)[c] / 127.5 - 1.0;
          const double v = std::clamp(scales[f] * mean / 4.0, -1.0, 1.0);
          const int expected = static_cast<int>(std::lround((v + 1.0) * 127.5));
          worst = std::max(worst, std::abs(expected - video[f].at<cv::Vec3b>(y, x)[c]));
        }
      }
    }
  }
  return worst;
}

// SVD-like: edm, Karras sigmas, Euler, per-frame guidance ramp 1..3. The
// network's x0 is exactly the encoded camera map (F = (c_in x - x0 sqrt(s^2 + 1)) / s
// undoes the SVD scalings, c_out < 0, with sigma = exp(4 c_noise)); the unconditional
// branch zeroes it, so the last Euler step (to sigma 0) returns
// g_f * camera latent per frame, which decodes to the pooled camera map.
BOOST_AUTO_TEST_CASE(euler_edm_with_per_frame_ramp_matches_closed_form) {
  const std::string dir = TestDir("svd");
  SaveVae(dir);
  SaveEncoder(dir + "/cam.pt", 2, 0.5, false);  // latent = pooled pixels * scale 0.5
  Save(dir + "/unet.pt", kDenoiserSig,
       "  s = torch.exp(4.0 * c_noise)\n"
       "  return (x - cond['camera'] * torch.sqrt(s * s + 1.0)) / s\n");
  const std::string json = WriteJson(dir, R"({"prediction": "edm",
    "schedule": {"type": "karras", "sigma_min": 0.002, "sigma_max": 700, "rho": 7, "sigma_data": 1.0},
    "defaults": {"sampler": "euler", "steps": 6, "guidance": {"min": 1.0, "max": 3.0}},
    )" + SizeJson() + R"(,
    "latent": {"channels": 3, "downsample": 2, "scale": 0.5},
    "modules": {"denoiser": "unet.pt", "vae_encoder": "vae_enc.pt", "vae_decoder": "vae_dec.pt",
                "encoders": {"camera": "cam.pt"}},
    "conditions": {"camera": "camera_map", "reference": "reference_image"},
    "guidance_drop": {"uncond": ["camera", "reference"]}})");
  const LoadedBundle loaded = LoadBundle(json);
  GenerateOptions options;
  options.seed = 11;
  const auto video = GenerateVideo(loaded, Inputs(), options);
  CheckVideo(video);
  const std::vector<double> ramp = sampler::FrameGuidanceRamp(kFrames, 1.0, 3.0);
  BOOST_TEST(WorstPooledError(video, Inputs().control_frames["camera_map"], ramp) <= 1);
}

// PoseTraj-like (its pipeline_stable_video_diffusion_controlnet.py): SVD's
// edm / Karras / Euler with the guidance ramp 1..3, the image conditions
// dropped for the unconditional branch and the trajectory maps fed raw
// (0..255, [F, 3, H, W], no encoder) to the denoiser in BOTH branches. The
// network's x0 is the trajectory maps as the VAE would encode them
// (pooled [-1, 1] pixels times the latent scale 0.5, computed by the
// denoiser as PoseTraj's ControlNet input is mapped to [-1, 1]). With the
// maps identical in both branches cond == uncond, so the ramp cannot scale
// the result: every frame is the map itself. Dropping the maps for the
// unconditional branch (a "dolly" trajectory bundle may) makes that branch
// see black maps, and the guided frames black + ramp[f] (map - black): not
// the map, which the second half checks.
std::string PoseTrajBundle(const std::string& dir, const std::string& drop, const std::string& mode) {
  SaveVae(dir);
  SaveEncoder(dir + "/emb.pt", 2, 0.5, false);
  Save(dir + "/unet.pt", kDenoiserSig,
       "  traj = cond['trajectory'] / 127.5 - 1.0\n"
       "  target = 0.5 * traj.reshape(traj.size(0), 3, traj.size(2) // 2, 2, traj.size(3) // 2, "
       "2).mean([3, 5])\n"
       "  s = torch.exp(4.0 * c_noise)\n"
       "  return (x - target * torch.sqrt(s * s + 1.0)) / s + 0.0 * cond['image_latents'].mean()\n");
  return WriteJson(dir, R"({"prediction": "edm",
    "schedule": {"type": "karras", "sigma_min": 0.002, "sigma_max": 700, "rho": 7, "sigma_data": 1.0},
    "defaults": {"sampler": "euler", "steps": 6, "guidance": {"min": 1.0, "max": 3.0}},
    )" + SizeJson() + R"(,
    "latent": {"channels": 3, "downsample": 2, "scale": 0.5},
    "modules": {"denoiser": "unet.pt", "vae_encoder": "vae_enc.pt", "vae_decoder": "vae_dec.pt",
                "encoders": {"image_latents": "emb.pt"}},
    "conditions": {"image_latents": "reference_image", "trajectory": "trajectory_map"},
    "guidance_drop": {"uncond": [)" + drop + R"(]},
    "controls": {"trajectory_map": ")" + mode + R"("},
    "svd": {"added_time_ids": [6, 128, 0.02], "noise_aug_strength": 0.02, "decode_chunk": 2}})");
}

BOOST_AUTO_TEST_CASE(posetraj_maps_reach_both_guidance_branches) {
  GenerateInputs in;
  in.reference_rgb = Frame(99);
  in.control_frames["trajectory_map"] = Frames(3);
  GenerateOptions options;
  options.seed = 13;
  const std::vector<double> ones(kFrames, 1.0);
  const std::vector<double> ramp = sampler::FrameGuidanceRamp(kFrames, 1.0, 3.0);

  const std::string dir = TestDir("posetraj");
  const LoadedBundle loaded =
      LoadBundle(PoseTrajBundle(dir, R"("image_latents")", "posetraj"));
  const auto video = GenerateVideo(loaded, in, options);
  CheckVideo(video);
  BOOST_TEST(WorstPooledError(video, in.control_frames["trajectory_map"], ones) <= 1);
  BOOST_TEST(WorstPooledError(video, in.control_frames["trajectory_map"], ramp) > 20);

  const std::string dropped_dir = TestDir("posetraj_dropped");
  const LoadedBundle dropped =
      LoadBundle(PoseTrajBundle(dropped_dir, R"("image_latents", "trajectory")", "dolly"));
  const auto scaled = GenerateVideo(dropped, in, options);
  BOOST_TEST(WorstPooledError(scaled, in.control_frames["trajectory_map"], ones) > 20);
}

// Wan-like flow matching in pixel space (no VAE): the network's velocity is
// (x_s - x0) / s with x0 the camera map in [-1, 1], so flow Euler lands on
// the camera map itself.
std::string FlowBundle(const std::string& dir, const std::string& unet_body) {
  SaveEncoder(dir + "/cam.pt", 1, 1.0, false);
  Save(dir + "/unet.pt", kDenoiserSig, unet_body);
  return WriteJson(dir, R"({"prediction": "flow", "schedule": {"type": "flow", "shift": 3.0},
    "defaults": {"sampler": "flow_euler", "steps": 4, "guidance": 5.0},
    )" + SizeJson() + R"(,
    "modules": {"denoiser": "unet.pt", "encoders": {"camera": "cam.pt"}},
    "conditions": {"camera": "camera_map"},
    "guidance_drop": {"uncond": ["camera"]}})");
}

const char* kFlowUnet = "  return (x - cond['camera']) / (c_noise / 1000.0)\n";

BOOST_AUTO_TEST_CASE(flow_euler_lands_on_the_target) {
  const std::string dir = TestDir("flow");
  const LoadedBundle loaded = LoadBundle(FlowBundle(dir, kFlowUnet));
  GenerateOptions options;
  options.seed = 5;
  options.guidance = 1.0;
  GenerateInputs in;
  in.control_frames["camera_map"] = Frames(3);
  const auto video = GenerateVideo(loaded, in, options);
  CheckVideo(video);
  double worst = 0;
  for (int f = 0; f < kFrames; ++f) {
    worst = std::max(worst, cv::norm(video[f], in.control_frames["camera_map"][f], cv::NORM_INF));
  }
  BOOST_TEST(worst <= 1.0);
  // The bundle's guidance 5 extrapolates away from it (uncond zeroes the map).
  options.guidance = std::numeric_limits<double>::quiet_NaN();
  const auto guided = GenerateVideo(loaded, in, options);
  BOOST_TEST(!Same(video, guided));
  BOOST_TEST(Same(guided, GenerateVideo(loaded, in, options)));
}

BOOST_AUTO_TEST_CASE(strength_zero_returns_the_init) {
  // Without a VAE: the init itself, bit for bit.
  {
    const std::string dir = TestDir("sdedit_pixels");
    const LoadedBundle loaded = LoadBundle(FlowBundle(dir, kFlowUnet));
    GenerateInputs in;
    in.control_frames["camera_map"] = Frames(3);
    in.init_frames = Frames(4);
    GenerateOptions options;
    options.strength = 0.0;
    BOOST_TEST(Same(GenerateVideo(loaded, in, options), in.init_frames));
    options.strength = 0.5;
    CheckVideo(GenerateVideo(loaded, in, options));
  }
  // With a VAE: decode(encode(init)), computed here through the modules.
  const std::string dir = TestDir("sdedit_vae");
  const LoadedBundle loaded = LoadBundle(PacBundle(dir));
  GenerateInputs in = Inputs();
  in.init_frames = Frames(6);
  GenerateOptions options;
  options.strength = 0.0;
  const auto video = GenerateVideo(loaded, in, options);
  torch::Tensor pixels = torch::empty({kFrames, 3, kSize, kSize});
  for (int f = 0; f < kFrames; ++f)
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x)
          pixels[f][c][y][x] = static_cast<float>(in.init_frames[f].at<cv::Vec3b>(y, x)[c]);
  pixels = pixels / 127.5f - 1.0f;
  torch::jit::Module enc = torch::jit::load(dir + "/vae_enc.pt");
  torch::jit::Module dec = torch::jit::load(dir + "/vae_dec.pt");
  torch::NoGradGuard no_grad;
  const torch::Tensor z = enc.forward({pixels}).toTensor() * 0.5f;
  const torch::Tensor image = dec.forward({z / 0.5f}).toTensor();
  const torch::Tensor u8 = image.clamp(-1.0, 1.0).add(1.0).mul(127.5).round().to(torch::kUInt8);
  int differing = 0;
  for (int f = 0; f < kFrames; ++f)
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x)
          differing += u8[f][c][y][x].item<uint8_t>() != video[f].at<cv::Vec3b>(y, x)[c];
  BOOST_TEST(differing == 0);
  // And it is not the init itself (the VAE pools).
  BOOST_TEST(!Same(video, in.init_frames));
}

BOOST_AUTO_TEST_CASE(bad_module_outputs_name_the_file) {
  const std::string dir = TestDir("bad");
  const std::string json = FlowBundle(dir, "  return x[0:2]\n");
  GenerateInputs in;
  in.control_frames["camera_map"] = Frames(3);
  std::string e = ErrorOf<InvalidInputError>(
      [&] { GenerateVideo(LoadBundle(json), in, GenerateOptions{}); });
  BOOST_TEST(e.find("unet.pt: output [2, 3, 16, 16], expected [4, 3, 16, 16]") !=
                 std::string::npos, e);

  FlowBundle(dir, "  return x * 0.0 / 0.0\n");
  e = ErrorOf<InvalidInputError>([&] { GenerateVideo(LoadBundle(json), in, GenerateOptions{}); });
  BOOST_TEST(e.find("unet.pt: output holds NaN or Inf") != std::string::npos, e);

  FlowBundle(dir, "  return x + cond['nothing']\n");
  e = ErrorOf<InvalidInputError>([&] { GenerateVideo(LoadBundle(json), in, GenerateOptions{}); });
  BOOST_TEST(e.find("unet.pt: forward failed") != std::string::npos, e);
  BOOST_TEST(e.find("KeyError") != std::string::npos, e);
  BOOST_TEST(e.find('\n') == std::string::npos, e);

  // An encoder with a NaN output.
  FlowBundle(dir, kFlowUnet);
  Save(dir + "/cam.pt", "x", "  return x * 0.0 / 0.0\n");
  e = ErrorOf<InvalidInputError>([&] { GenerateVideo(LoadBundle(json), in, GenerateOptions{}); });
  BOOST_TEST(e.find("cam.pt: output holds NaN or Inf") != std::string::npos, e);

  // Not a module at all.
  std::ofstream(dir + "/cam.pt") << "not a zip";
  e = ErrorOf<InvalidInputError>([&] { LoadBundle(json); });
  BOOST_TEST(e.find("cam.pt: not a loadable TorchScript module") != std::string::npos, e);

  fs::remove(dir + "/cam.pt");
  e = ErrorOf<IoError>([&] { LoadBundle(json); });
  BOOST_TEST(e.find("cam.pt: no such module file") != std::string::npos, e);

  SaveEncoder(dir + "/cam.pt", 1, 1.0, false);
  std::string text;
  {
    std::ifstream f(json);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::ofstream(json) << text.replace(text.find("\"flow\""), 6, "\"velocity\"");
  e = ErrorOf<InvalidInputError>([&] { LoadBundle(json); });
  BOOST_TEST(e.find("prediction") != std::string::npos, e);
  BOOST_TEST(e.find("epsilon") != std::string::npos, e);
}

BOOST_AUTO_TEST_CASE(bad_inputs_and_options) {
  const std::string dir = TestDir("inputs");
  const LoadedBundle loaded = LoadBundle(PacBundle(dir));
  GenerateInputs in = Inputs();
  in.control_frames.erase("object_map");
  std::string e = ErrorOf<InvalidInputError>([&] { GenerateVideo(loaded, in, {}); });
  BOOST_TEST(e.find("object_map: missing") != std::string::npos, e);
  in = Inputs();
  in.control_frames["camera_map"].pop_back();
  e = ErrorOf<InvalidInputError>([&] { GenerateVideo(loaded, in, {}); });
  BOOST_TEST(e.find("camera_map: 3 frames, the bundle expects 4") != std::string::npos, e);
  in = Inputs();
  in.reference_rgb = cv::Mat();
  BOOST_CHECK_THROW(GenerateVideo(loaded, in, {}), InvalidInputError);
  in = Inputs();
  in.reference_rgb = cv::Mat(8, 8, CV_32FC3);
  BOOST_CHECK_THROW(GenerateVideo(loaded, in, {}), InvalidInputError);
  // Frames of another size are resized.
  in = Inputs();
  cv::resize(in.reference_rgb, in.reference_rgb, cv::Size(40, 24));
  CheckVideo(GenerateVideo(loaded, in, {}));

  GenerateOptions o;
  o.sampler = "flow_euler";
  BOOST_CHECK_THROW(GenerateVideo(loaded, Inputs(), o), UsageError);
  o = {};
  o.strength = 0.5;  // without init frames
  BOOST_CHECK_THROW(GenerateVideo(loaded, Inputs(), o), UsageError);
  o = {};
  o.strength = 1.5;
  BOOST_CHECK_THROW(GenerateVideo(loaded, Inputs(), o), UsageError);
  o = {};
  o.guidance = -1;
  BOOST_CHECK_THROW(GenerateVideo(loaded, Inputs(), o), UsageError);
  o = {};
  o.steps = 5000;
  BOOST_CHECK_THROW(GenerateVideo(loaded, Inputs(), o), UsageError);
  LoadOptions lo;
  lo.device = "tpu";
  BOOST_CHECK_THROW(LoadBundle(dir + "/bundle.json", lo), UsageError);
  lo.device = "cuda";
  if (!torch::cuda::is_available()) {
    BOOST_CHECK_THROW(LoadBundle(dir + "/bundle.json", lo), ResourceError);
  }
  lo.device = "cpu";
  lo.dtype = "fp8";
  BOOST_CHECK_THROW(LoadBundle(dir + "/bundle.json", lo), UsageError);
}

BOOST_AUTO_TEST_CASE(bf16_runs) {
  const std::string dir = TestDir("bf16");
  LoadOptions lo;
  lo.dtype = "bf16";
  const LoadedBundle loaded = LoadBundle(PacBundle(dir), lo);
  GenerateOptions o;
  o.steps = 2;
  CheckVideo(GenerateVideo(loaded, Inputs(), o));
}

BOOST_AUTO_TEST_CASE(parameter_values_reads_the_denoiser) {
  const std::string dir = TestDir("params");
  const LoadedBundle loaded = LoadBundle(PacBundle(dir));
  const std::vector<float> w = ParameterValues(loaded, "denoiser", "conv.weight");
  BOOST_REQUIRE(w.size() == 9u);
  BOOST_TEST(std::abs(w[0] - 0.92f) < 1e-6f);
  BOOST_TEST(std::abs(w[1] - 0.02f) < 1e-6f);
  BOOST_TEST(ParameterValues(loaded, "object", "gain")[0] == 0.25f);
  BOOST_CHECK_THROW(ParameterValues(loaded, "denoiser", "nope"), InvalidInputError);
  BOOST_CHECK_THROW(ParameterValues(loaded, "nope", "weight"), InvalidInputError);
}

// A rank-1 diffusers-style LoRA for the denoiser's 1x1 conv:
// delta[o, i] = scale * up[o] * down[i] (alpha = rank).
BOOST_AUTO_TEST_CASE(lora_adds_the_known_delta) {
  const std::string dir = TestDir("lora");
  const std::string json = PacBundle(dir);
  const std::vector<float> up = {1.0f, 2.0f, 3.0f}, down = {0.5f, -1.0f, 0.25f};
  safetensors::WriteSafetensors(dir + "/lora.safetensors",
                                {{"unet.conv.lora_A.weight", {"F32", {1, 3}, down}},
                                 {"unet.conv.lora_B.weight", {"F32", {3, 1}, up}}});
  const LoadedBundle plain = LoadBundle(json);
  const std::vector<float> w0 = ParameterValues(plain, "denoiser", "conv.weight");
  GenerateOptions o;
  o.steps = 3;
  o.seed = 2;
  const auto video0 = GenerateVideo(plain, Inputs(), o);

  LoadOptions lo;
  lo.lora_path = dir + "/lora.safetensors";
  lo.lora_scale = 0.0;
  const LoadedBundle zero = LoadBundle(json, lo);
  BOOST_REQUIRE(zero.lora_applied.size() == 1u);
  BOOST_TEST(zero.lora_applied[0] == "conv.weight [3, 3, 1, 1]");
  BOOST_TEST(ParameterValues(zero, "denoiser", "conv.weight") == w0);
  BOOST_TEST(Same(GenerateVideo(zero, Inputs(), o), video0));

  lo.lora_scale = 1.0;
  const LoadedBundle one = LoadBundle(json, lo);
  const std::vector<float> w1 = ParameterValues(one, "denoiser", "conv.weight");
  BOOST_REQUIRE(w1.size() == 9u);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      BOOST_TEST(std::abs(w1[r * 3 + c] - (w0[r * 3 + c] + up[r] * down[c])) < 1e-6f);
  BOOST_TEST(ParameterValues(one, "denoiser", "conv.bias") ==
             ParameterValues(plain, "denoiser", "conv.bias"));
  BOOST_TEST(!Same(GenerateVideo(one, Inputs(), o), video0));

  // bf16 gets the delta before the conversion.
  lo.dtype = "bf16";
  const std::vector<float> wb = ParameterValues(LoadBundle(json, lo), "denoiser", "conv.weight");
  for (int i = 0; i < 9; ++i) BOOST_TEST(std::abs(wb[i] - w1[i]) < 0.02f);

  // A LoRA whose factors do not fit the parameter.
  lo.dtype = "fp32";
  safetensors::WriteSafetensors(dir + "/bad.safetensors",
                                {{"unet.conv.lora_A.weight", {"F32", {1, 4}, {1, 1, 1, 1}}},
                                 {"unet.conv.lora_B.weight", {"F32", {3, 1}, up}}});
  lo.lora_path = dir + "/bad.safetensors";
  BOOST_CHECK_THROW(LoadBundle(json, lo), InvalidInputError);
  lo.lora_path = dir + "/missing.safetensors";
  BOOST_CHECK_THROW(LoadBundle(json, lo), IoError);
}

}  // namespace
}  // namespace dolly::diffusion
