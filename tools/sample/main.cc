// dolly-sample: reference image + ControlSignals (+ model bundle) -> video.
#include <CLI/CLI.hpp>
#include <random>
#include <string>
#include <vector>

#include "libs/cli/tool.h"
#include "libs/sample/run_sample.h"

int main(int argc, char** argv) {
  dolly::sample::SampleToolOptions options;
  std::vector<std::string> backends;
  for (const char* const* b = dolly::sample::SampleBackends(); *b; ++b) backends.push_back(*b);
  options.backend = backends.front();
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-sample",
       "Generate the video of a reference image under its control signals "
       "(a ControlSignals artifact from dolly-render). Writes a Video "
       "artifact and, on request, an MP4 and a folder of PNG frames. "
       "--backend model runs a diffusion model bundle (TorchScript modules "
       "described by a JSON file) on the control videos; --backend preview "
       "needs no model: the video is the ControlSignals' warp preview (the "
       "reference image carried through the motion)."},
      [&](CLI::App& app) {
        app.add_option("--image", options.image, "Reference image (PNG or JPEG)");
        app.add_option("--controls", options.controls, "ControlSignals artifact ('-' = stdin)");
        app.add_option("--backend", options.backend, "Generator")
            ->capture_default_str()
            ->check(CLI::IsMember(backends));
        app.add_option("-o,--output", options.output, "Video artifact to write ('-' = stdout)");
        app.add_option("--mp4", options.mp4, "Also write the video as an MP4 (H.264)");
        app.add_option("--frames", options.frames_dir,
                       "Also write the frames as NNNNNN.png into this new directory");
        app.add_option("--bundle", options.bundle, "Model bundle JSON (--backend model)");
        app.add_option("--check-bundle", options.check_bundle,
                       "Check a model bundle (its JSON or directory) and exit: run every "
                       "module once, print inputs, outputs and mismatches with the JSON; "
                       "exit 3 naming the module at fault");
        app.add_option("--steps", options.steps, "Sampler steps (0 = the bundle's default)")
            ->check(CLI::NonNegativeNumber);
        app.add_option("--sampler", options.sampler,
                       "ddim, euler, euler_a, heun, dpmpp_2m, flow_euler (default: the bundle's)");
        app.add_option("--guidance", options.guidance,
                       "Classifier-free guidance scale for every frame (default: the bundle's)");
        app.add_option("--strength", options.strength,
                       "SDEdit strength in [0, 1]; below 1 starts from --init")
            ->capture_default_str()
            ->check(CLI::Range(0.0, 1.0));
        app.add_option("--eta", options.eta, "DDIM / ancestral noise (default: the bundle's)");
        app.add_option("--init", options.init,
                       "SDEdit start: 'warp' (the warp preview) or a Video artifact");
        app.add_option("--dtype", options.dtype, "Model precision")
            ->capture_default_str()
            ->check(CLI::IsMember({"fp32", "bf16"}));
        app.add_option("--lora", options.lora, "LoRA for the denoiser (safetensors)");
        app.add_option("--lora-scale", options.lora_scale, "LoRA scale")->capture_default_str();
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        options.device = common.device;
        // Without --seed, a fresh one (reported in the summary and the header).
        options.seed = common.seed ? *common.seed : std::random_device()();
        dolly::sample::RunSampleImpl(options, summary);
      });
}
