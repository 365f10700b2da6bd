// The bundle description: parsing, defaults, schedules and the error contract.
#define BOOST_TEST_MODULE bundle_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "libs/core/error.h"
#include "libs/diffusion/bundle.h"

namespace dolly::diffusion {
namespace {

namespace fs = std::filesystem;

std::string TestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const fs::path dir = fs::path(tmp ? tmp : fs::temp_directory_path().string()) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* f : {"unet.pt", "enc.pt", "dec.pt", "cam.pt"}) std::ofstream(dir / f) << "x";
  return dir.string();
}

std::string Write(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/bundle.json";
  std::ofstream(path) << text;
  return path;
}

const char* kPac = R"({"name": "pac", "prediction": "v",
 "schedule": {"type": "discrete", "beta_schedule": "scaled_linear", "beta_start": 0.00085,
              "beta_end": 0.012, "num_train_timesteps": 1000, "zero_terminal_snr": true,
              "spacing": "trailing", "steps_offset": 0},
 "defaults": {"sampler": "ddim", "steps": 20, "eta": 0, "guidance": 3.5},
 "size": {"width": 768, "height": 512, "frames": 16},
 "latent": {"channels": 4, "downsample": 8, "scale": 0.18215},
 "modules": {"denoiser": "unet.pt", "vae_encoder": "enc.pt", "vae_decoder": "dec.pt",
             "encoders": {"camera": "cam.pt"}},
 "conditions": {"camera": "camera_map", "object": "object_map", "reference": "reference_image"},
 "guidance_drop": {"uncond": ["camera", "object", "reference"]}})";

// Replaces the first occurrence of `from` in kPac.
std::string Pac(const std::string& from, const std::string& to) {
  std::string s = kPac;
  const std::size_t at = s.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

template <typename E>
std::string ErrorOf(const std::string& dir, const std::string& text) {
  try {
    ReadBundle(Write(dir, text));
  } catch (const E& e) {
    return e.what();
  }
  BOOST_FAIL("no error for " + text);
  return "";
}

BOOST_AUTO_TEST_CASE(reads_a_pac_like_bundle) {
  const std::string dir = TestDir("pac");
  const Bundle b = ReadBundle(Write(dir, kPac));
  BOOST_TEST(b.name == "pac");
  BOOST_TEST(static_cast<int>(b.prediction) == static_cast<int>(sampler::Prediction::kV));
  BOOST_TEST(b.schedule.zero_terminal_snr);
  BOOST_TEST(b.schedule.spacing == "trailing");
  BOOST_TEST(b.defaults.sampler == "ddim");
  BOOST_TEST(b.defaults.steps == 20);
  BOOST_TEST(b.defaults.guidance.scale == 3.5);
  BOOST_TEST(b.width == 768);
  BOOST_TEST(b.latent_width() == 96);
  BOOST_TEST(b.latent_height() == 64);
  BOOST_TEST(b.has_vae());
  BOOST_TEST(b.denoiser == (fs::path(dir) / "unet.pt").string());
  BOOST_TEST(b.encoders.at("camera") == (fs::path(dir) / "cam.pt").string());
  BOOST_TEST(b.conditions.at("reference") == "reference_image");
  BOOST_TEST(b.drop_uncond.size() == 3u);

  // Trailing spacing with zero terminal SNR: the first sigma is the clamped
  // terminal one, sqrt((1 - 2^-24) / 2^-24) ~ 4096; 20 steps + the final 0.
  const std::vector<double> sigmas = SamplingSigmas(b, 20);
  BOOST_REQUIRE(sigmas.size() == 21u);
  BOOST_TEST(std::abs(sigmas.front() - std::sqrt(16777216.0 - 1.0)) < 1e-6);
  BOOST_TEST(sigmas.back() == 0.0);
  for (std::size_t i = 1; i < sigmas.size(); ++i) BOOST_TEST(sigmas[i] < sigmas[i - 1]);
  const std::vector<double> training = TrainingSigmas(b);
  BOOST_REQUIRE(training.size() == 1000u);
  for (double s : training) BOOST_TEST(std::isfinite(s));
}

BOOST_AUTO_TEST_CASE(karras_and_flow_schedules) {
  const std::string dir = TestDir("svd");
  const Bundle svd = ReadBundle(Write(dir, R"({"prediction": "edm",
    "schedule": {"type": "karras", "sigma_min": 0.002, "sigma_max": 700, "rho": 7},
    "defaults": {"sampler": "euler", "steps": 25, "guidance": {"min": 1.0, "max": 3.0}},
    "size": {"width": 8, "height": 8, "frames": 14},
    "modules": {"denoiser": "unet.pt"}})"));
  BOOST_TEST((svd.defaults.guidance.kind == GuidanceSpec::Kind::kRamp));
  BOOST_TEST(svd.defaults.guidance.max == 3.0);
  BOOST_TEST(!svd.has_vae());
  const std::vector<double> k = SamplingSigmas(svd, 25);
  BOOST_REQUIRE(k.size() == 26u);
  BOOST_TEST(std::abs(k.front() - 700.0) < 1e-9);
  BOOST_TEST(TrainingSigmas(svd).empty());

  const Bundle flow = ReadBundle(Write(dir, R"({"prediction": "flow",
    "schedule": {"type": "flow", "shift": 5.0},
    "size": {"width": 8, "height": 8, "frames": 4}, "modules": {"denoiser": "unet.pt"}})"));
  BOOST_TEST(flow.defaults.sampler == "flow_euler");
  const std::vector<double> s = SamplingSigmas(flow, 10);
  BOOST_TEST(s.front() == 1.0);
  BOOST_TEST(s.back() == 0.0);
  BOOST_TEST(static_cast<int>(SamplerFor(flow, "euler")) ==
             static_cast<int>(sampler::SamplerKind::kFlowEuler));
  BOOST_CHECK_THROW(SamplerFor(flow, "ddim"), InvalidInputError);
  BOOST_CHECK_THROW(SamplerFor(svd, "flow_euler"), InvalidInputError);
}

BOOST_AUTO_TEST_CASE(two_guidance_scales_need_image_only_drop) {
  const std::string dir = TestDir("two");
  const std::string two = Pac("\"guidance\": 3.5", R"("guidance": {"image": 1.5, "control": 3.5})");
  BOOST_TEST(ErrorOf<InvalidInputError>(dir, two).find("guidance_drop.image_only") !=
             std::string::npos);
  const std::string ok = Pac(R"("uncond": ["camera", "object", "reference"])",
                             R"("uncond": ["camera", "object", "reference"],
                                "image_only": ["camera", "object"])");
  std::string both = ok;
  both.replace(both.find("\"guidance\": 3.5"), 15, R"("guidance": {"image": 1.5, "control": 3.5})");
  const Bundle b = ReadBundle(Write(dir, both));
  BOOST_TEST((b.defaults.guidance.kind == GuidanceSpec::Kind::kTwo));
  BOOST_TEST(b.drop_image_only.size() == 2u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_file_and_the_json_path) {
  const std::string dir = TestDir("errors");
  const std::string json = dir + "/bundle.json";
  std::string e = ErrorOf<InvalidInputError>(dir, Pac("\"v\"", "\"score\""));
  BOOST_TEST(e.find(json + ":1: prediction:") == 0u, e);
  BOOST_TEST(e.find("epsilon") != std::string::npos, e);
  BOOST_TEST(e.find("flow") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"type\": \"discrete\"", "\"type\": \"cosmic\""));
  BOOST_TEST(e.find("schedule.type") != std::string::npos, e);
  BOOST_TEST(e.find("discrete, karras, flow") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"type\": \"discrete\"", "\"type\": \"flow\""));
  BOOST_TEST(e.find("does not go with prediction") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"sampler\": \"ddim\"", "\"sampler\": \"plms\""));
  BOOST_TEST(e.find("defaults.sampler") != std::string::npos, e);
  BOOST_TEST(e.find("dpmpp_2m") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"camera_map\"", "\"sketch\""));
  BOOST_TEST(e.find(json + ":10: conditions.camera") == 0u, e);
  BOOST_TEST(e.find("trajectory_map") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"spacing\": \"trailing\"", "\"spacing\": \"odd\""));
  BOOST_TEST(e.find(json + ":4: schedule.spacing") == 0u, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"frames\": 16", "\"frames\": 0"));
  BOOST_TEST(e.find("size.frames") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"width\": 768", "\"width\": 770"));
  BOOST_TEST(e.find("multiple of latent.downsample") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"uncond\": [\"camera\"", "\"uncond\": [\"depth\""));
  BOOST_TEST(e.find("guidance_drop.uncond[0]") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"name\"", "\"nmae\""));
  BOOST_TEST(e.find("nmae: unknown key") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, Pac("\"guidance\": 3.5", "\"guidance\": \"high\""));
  BOOST_TEST(e.find("defaults.guidance") != std::string::npos, e);

  e = ErrorOf<InvalidInputError>(dir, "{\"prediction\": ");
  BOOST_TEST(e.find("not valid JSON") != std::string::npos, e);

  e = ErrorOf<IoError>(dir, Pac("\"unet.pt\"", "\"missing_unet.pt\""));
  BOOST_TEST(e.find("missing_unet.pt: no such module file") != std::string::npos, e);
  BOOST_TEST(e.find("modules.denoiser") != std::string::npos, e);

  BOOST_CHECK_THROW(ReadBundle(dir + "/nope.json"), IoError);
}

const char* kControls =
    R"("controls": {"object_map": "pac", "camera_map": "pac"},
 "guidance_drop")";

BOOST_AUTO_TEST_CASE(controls_declare_a_mode_per_map_kind) {
  const std::string dir = TestDir("controls");
  const Bundle plain = ReadBundle(Write(dir, kPac));
  BOOST_TEST(plain.controls.empty());  // no "controls": nothing to check
  const Bundle b = ReadBundle(Write(dir, Pac("\"guidance_drop\"", kControls)));
  BOOST_TEST(b.controls.size() == 2u);
  BOOST_TEST(b.controls.at("object_map") == "pac");
  BOOST_TEST(b.controls.at("camera_map") == "pac");
}

BOOST_AUTO_TEST_CASE(controls_errors_list_the_accepted_values) {
  const std::string dir = TestDir("controls_errors");
  const auto with = [&](const std::string& controls) {
    return ErrorOf<InvalidInputError>(
        dir, Pac("\"guidance_drop\"", "\"controls\": " + controls + ",\n \"guidance_drop\""));
  };
  std::string e = with(R"({"object_map": "pac", "camera_map": "fisheye"})");
  BOOST_TEST(e.find("controls.camera_map: \"fisheye\" is not one of: pac, intrinsics") !=
                 std::string::npos, e);
  e = with(R"({"object_map": "discs", "camera_map": "pac"})");
  BOOST_TEST(e.find("pac, spheres") != std::string::npos, e);
  e = with(R"({"object_map": "pac", "camera_map": "pac", "trajectory_map": "dolly"})");
  BOOST_TEST(e.find("controls.trajectory_map: no condition of kind trajectory_map") !=
                 std::string::npos, e);
  e = with(R"({"object_map": "pac"})");
  BOOST_TEST(e.find("controls: missing camera_map (condition 'camera' uses it; accepted: pac, "
                    "intrinsics)") != std::string::npos, e);
  e = with(R"({"object_map": "pac", "camera_map": "pac", "depth": "x"})");
  BOOST_TEST(e.find("controls.depth: unknown map kind") != std::string::npos, e);
}

// PoseTraj (its pipeline_stable_video_diffusion_controlnet.py): the
// ControlNet condition is the same in both halves of the CFG batch, and the
// added time ids are [6, 128, 0.02] whatever the call passes.
const char* kPoseTraj = R"({"name": "posetraj", "prediction": "edm",
 "schedule": {"type": "karras", "sigma_min": 0.002, "sigma_max": 700, "rho": 7, "sigma_data": 1},
 "defaults": {"sampler": "euler", "steps": 25, "eta": 0, "guidance": {"min": 1.0, "max": 3.0}},
 "size": {"width": 576, "height": 320, "frames": 14},
 "latent": {"channels": 4, "downsample": 8, "scale": 0.18215},
 "modules": {"denoiser": "unet.pt", "vae_encoder": "enc.pt", "vae_decoder": "dec.pt"},
 "conditions": {"image_embeddings": "reference_image", "image_latents": "reference_image",
                "trajectory": "trajectory_map"},
 "guidance_drop": {"uncond": ["image_embeddings", "image_latents"]},
 "controls": {"trajectory_map": "posetraj"},
 "svd": {"added_time_ids": [6, 128, 0.02], "noise_aug_strength": 0.02, "decode_chunk": 8}})";

std::string PoseTraj(const std::string& from, const std::string& to) {
  std::string s = kPoseTraj;
  const std::size_t at = s.find(from);
  BOOST_REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

BOOST_AUTO_TEST_CASE(reads_a_posetraj_like_bundle) {
  const std::string dir = TestDir("posetraj");
  const Bundle b = ReadBundle(Write(dir, kPoseTraj));
  BOOST_TEST(b.controls.at("trajectory_map") == "posetraj");
  BOOST_TEST(b.conditions.at("trajectory") == "trajectory_map");
  BOOST_TEST(b.svd.present);
  BOOST_TEST(b.svd.fps_id == 6.0);
  BOOST_TEST(b.svd.motion_bucket_id == 128.0);
  BOOST_TEST(b.svd.time_noise_aug == 0.02);
  BOOST_TEST(b.svd.noise_aug_strength == 0.02);
  BOOST_TEST(b.svd.decode_chunk == 8);
  BOOST_TEST(static_cast<int>(b.defaults.guidance.kind) ==
             static_cast<int>(GuidanceSpec::Kind::kRamp));
}

BOOST_AUTO_TEST_CASE(posetraj_maps_are_never_dropped_and_svd_values_are_checked) {
  const std::string dir = TestDir("posetraj_errors");
  std::string e = ErrorOf<InvalidInputError>(
      dir, PoseTraj("\"image_latents\"]}", "\"image_latents\", \"trajectory\"]}"));
  BOOST_TEST(e.find("guidance_drop.uncond: \"trajectory\" is a posetraj trajectory map") !=
                 std::string::npos, e);
  // A dolly-mode trajectory map may be dropped (a model trained that way).
  std::string dropped_dolly =
      PoseTraj("\"image_latents\"]}", "\"image_latents\", \"trajectory\"]}");
  dropped_dolly.replace(dropped_dolly.find("\"posetraj\"}"), 11, "\"dolly\"}");
  BOOST_CHECK_NO_THROW(ReadBundle(Write(dir, dropped_dolly)));
  e = ErrorOf<InvalidInputError>(dir, PoseTraj("\"decode_chunk\": 8", "\"decode_chunk\": 15"));
  BOOST_TEST(e.find("svd.decode_chunk: 15 is outside [1, 14]") != std::string::npos, e);
  e = ErrorOf<InvalidInputError>(dir, PoseTraj("[6, 128, 0.02]", "[6, 128]"));
  BOOST_TEST(e.find("svd.added_time_ids: must be [fps id, motion_bucket_id") != std::string::npos, e);
  e = ErrorOf<InvalidInputError>(dir, PoseTraj("\"decode_chunk\"", "\"chunk\""));
  BOOST_TEST(e.find("svd.chunk: unknown key") != std::string::npos, e);
}

}  // namespace
}  // namespace dolly::diffusion
