// What the sampler costs around the denoiser: N Euler steps of the full
// GenerateVideo path (guidance 1, so one network call per step) against N
// bare module.forward calls on the same inputs, alternating in one process
// (these machines are noisy: compare ratios, not times across runs).
//
// Denoiser of realistic CPU cost: three 3x3 convs (7 -> 64 -> 64 -> 4
// channels) on a [16, 4, 32, 48] latent concatenated with a pooled camera
// condition. Per-step sampler time comes from on_step timestamps (so the
// one-off condition encoding, start noise and decode are reported apart).
//
// Usage: sampler_overhead_benchmark [steps=10] [rounds=5]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <torch/script.h>

#include "libs/diffusion/bundle.h"
#include "libs/diffusion/bundle_model.h"
#include "libs/diffusion/generate.h"
#include "libs/sampler/prediction.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using dolly::diffusion::Bundle;

constexpr int kFrames = 16, kChannels = 4, kH = 32, kW = 48, kDown = 8;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string MakeBundle(const std::string& dir) {
  fs::create_directories(dir);
  torch::manual_seed(0);
  torch::jit::Module unet("unet");
  unet.register_parameter("w1", torch::randn({64, 7, 3, 3}) * 0.1, false);
  unet.register_parameter("b1", torch::zeros({64}), false);
  unet.register_parameter("w2", torch::randn({64, 64, 3, 3}) * 0.05, false);
  unet.register_parameter("b2", torch::zeros({64}), false);
  unet.register_parameter("w3", torch::randn({4, 64, 3, 3}) * 0.05, false);
  unet.register_parameter("b3", torch::zeros({4}), false);
  unet.define(
      "def forward(self, x, c_noise, cond: Dict[str, Tensor]):\n"
      "  h = torch.cat([x, cond['camera']], 1)\n"
      "  h = torch.relu(torch.conv2d(h, self.w1, self.b1, [1, 1], [1, 1]))\n"
      "  h = torch.relu(torch.conv2d(h, self.w2, self.b2, [1, 1], [1, 1]) + 0.001 * c_noise)\n"
      "  return torch.conv2d(h, self.w3, self.b3, [1, 1], [1, 1])\n");
  unet.save(dir + "/unet.pt");
  torch::jit::Module cam("cam");
  cam.define(
      "def forward(self, x):\n"
      "  return (x / 127.5 - 1.0).reshape(x.size(0), 3, x.size(2) // 8, 8, x.size(3) // 8, 8)"
      ".mean([3, 5])\n");
  cam.save(dir + "/cam.pt");
  torch::jit::Module enc("enc");
  enc.define(
      "def forward(self, x):\n"
      "  p = x.reshape(x.size(0), 3, x.size(2) // 8, 8, x.size(3) // 8, 8).mean([3, 5])\n"
      "  return torch.cat([p, p[:, 0:1]], 1)\n");
  enc.save(dir + "/enc.pt");
  torch::jit::Module dec("dec");
  dec.define(
      "def forward(self, x):\n"
      "  return x[:, 0:3].repeat_interleave(8, dim=2).repeat_interleave(8, dim=3)\n");
  dec.save(dir + "/dec.pt");
  torch::jit::Module null_net("null_net");
  null_net.define(
      "def forward(self, x, c_noise, cond: Dict[str, Tensor]):\n"
      "  return x\n");
  null_net.save(dir + "/null.pt");
  const std::string json = dir + "/bundle.json";
  std::ofstream(json) << R"({"name": "bench", "prediction": "epsilon",
    "schedule": {"type": "discrete", "beta_schedule": "scaled_linear", "spacing": "leading", "steps_offset": 1},
    "defaults": {"sampler": "euler", "steps": 10, "guidance": 1.0},
    "size": {"width": )" << kW * kDown << R"(, "height": )" << kH * kDown << R"(, "frames": )"
                      << kFrames << R"(},
    "latent": {"channels": 4, "downsample": 8, "scale": 0.18215},
    "modules": {"denoiser": "unet.pt", "vae_encoder": "enc.pt", "vae_decoder": "dec.pt",
                "encoders": {"camera": "cam.pt"}},
    "conditions": {"camera": "camera_map"},
    "guidance_drop": {"uncond": ["camera"]}})";
  return json;
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 10;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string dir =
      (fs::temp_directory_path() / ("dolly_sampler_bench_" + std::to_string(getpid()))).string();
  const std::string json = MakeBundle(dir);
  const dolly::diffusion::LoadedBundle loaded = dolly::diffusion::LoadBundle(json);

  // Inputs: a camera map video.
  dolly::diffusion::GenerateInputs inputs;
  std::vector<cv::Mat> camera;
  for (int f = 0; f < kFrames; ++f) {
    cv::Mat m(kH * kDown, kW * kDown, CV_8UC3);
    cv::randu(m, 0, 255);
    camera.push_back(m);
  }
  inputs.control_frames["camera_map"] = camera;
  dolly::diffusion::GenerateOptions options;
  options.steps = steps;
  options.seed = 1;

  // The same inputs for the bare calls: the encoded condition, a latent of
  // the first step's scale and the c_noise of a mid-schedule step.
  torch::jit::Module unet = torch::jit::load(dir + "/unet.pt");
  unet.eval();
  torch::jit::Module cam = torch::jit::load(dir + "/cam.pt");
  torch::Tensor frames = torch::rand({kFrames, 3, kH * kDown, kW * kDown}) * 255.0;
  c10::Dict<std::string, torch::Tensor> cond;
  {
    torch::NoGradGuard no_grad;
    cond.insert("camera", cam.forward({frames}).toTensor());
  }
  const torch::Tensor x = torch::randn({kFrames, kChannels, kH, kW});
  const torch::Tensor c_noise = torch::full({1}, 500.0f);

  // Paired per step: inside on_step (after sampler step i) one bare forward
  // call runs and is timed; sampler step i + 1 is timed from the end of that
  // call to the next on_step. Both see the same machine state, step by step.
  std::vector<double> ratio, sampler_ms, bare_ms, total_run, before, after;
  for (int r = 0; r < rounds + 1; ++r) {  // round 0 warms up
    std::vector<Clock::time_point> cb_start, cb_end;
    const Clock::time_point t0 = Clock::now();
    dolly::diffusion::GenerateVideo(loaded, inputs, options, [&](int, int) {
      cb_start.push_back(Clock::now());
      {
        torch::NoGradGuard no_grad;
        const torch::Tensor out = unet.forward({x, c_noise, cond}).toTensor();
        (void)out;
      }
      cb_end.push_back(Clock::now());
    });
    const Clock::time_point t1 = Clock::now();
    if (r == 0) continue;
    double sampler_sum = 0, bare_sum = 0;
    for (int i = 0; i + 1 < steps; ++i) {
      const double s_i = Seconds(cb_end[i], cb_start[i + 1]);
      const double b_i = Seconds(cb_start[i + 1], cb_end[i + 1]);
      ratio.push_back(s_i / b_i);
      sampler_ms.push_back(s_i * 1e3);
      bare_ms.push_back(b_i * 1e3);
      sampler_sum += s_i;
      bare_sum += b_i;
    }
    double bare_all = 0;
    for (int i = 0; i < steps; ++i) bare_all += Seconds(cb_start[i], cb_end[i]);
    const double bare_step = bare_all / steps;
    const double run = Seconds(t0, t1) - bare_all;  // GenerateVideo alone
    total_run.push_back(run / (steps * bare_step));
    before.push_back(Seconds(t0, cb_start[0]) - sampler_sum / (steps - 1));
    after.push_back(Seconds(cb_end.back(), t1));
    std::printf("round %d: sampler %.2f ms/step, bare forward %.2f ms/step, ratio %.4f\n", r,
                sampler_sum / (steps - 1) * 1e3, bare_sum / (steps - 1) * 1e3,
                sampler_sum / bare_sum);
  }
  // The sampler's own cost in absolute terms: the same bundle around a
  // denoiser that returns its input (no arithmetic), so each step is the
  // sampler, the scalings, the tensor wrapping and the output checks alone.
  double null_step_ms = 0;
  {
    std::string text;
    {
      std::ifstream f(json);
      text.assign(std::istreambuf_iterator<char>(f), {});
    }
    const std::string null_json = dir + "/null_bundle.json";
    std::ofstream(null_json) << text.replace(text.find("\"unet.pt\""), 9, "\"null.pt\"");
    const dolly::diffusion::LoadedBundle null_loaded = dolly::diffusion::LoadBundle(null_json);
    std::vector<double> per_step;
    for (int r = 0; r < rounds + 1; ++r) {
      std::vector<Clock::time_point> marks;
      dolly::diffusion::GenerateVideo(null_loaded, inputs, options,
                                      [&](int, int) { marks.push_back(Clock::now()); });
      if (r > 0) per_step.push_back(Seconds(marks.front(), marks.back()) / (steps - 1) * 1e3);
    }
    null_step_ms = Median(per_step);
  }
  std::printf("sampler step around a null denoiser: %.3f ms = %.2f %% of a bare forward call\n",
              null_step_ms, null_step_ms / Median(bare_ms) * 100.0);
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("latent [%d, %d, %d, %d], %d Euler steps, guidance 1 (one branch), %d rounds\n",
              kFrames, kChannels, kH, kW, steps, rounds);
  std::printf("median per-step overhead over %zu paired steps: %+.2f %% (sampler %.2f ms vs bare "
              "%.2f ms; target <= 2 %%)\n",
              ratio.size(), (Median(ratio) - 1.0) * 100.0, Median(sampler_ms), Median(bare_ms));
  std::printf("median whole-run overhead (encode, start, decode included): %+.2f %%\n",
              (Median(total_run) - 1.0) * 100.0);
  std::printf("one-off costs (median): %.1f ms before the first step (condition encoding, "
              "start noise), %.1f ms after the last (VAE decode, frames)\n",
              Median(before) * 1e3, Median(after) * 1e3);
  std::printf("peak memory (ru_maxrss): %.1f MiB\n", usage.ru_maxrss / 1024.0);
  fs::remove_all(dir);
  return 0;
}
