// A diffusion model bundle: a JSON description beside the
// TorchScript modules it names. Reading and checking it needs no LibTorch
// (//libs/diffusion:bundle); loading the modules is bundle_model.h.
//
// {"name": "...", "prediction": "epsilon|v|x0|edm|flow",
//  "schedule": {"type": "discrete", "beta_schedule": "scaled_linear",
//               "beta_start": 0.00085, "beta_end": 0.012,
//               "num_train_timesteps": 1000, "zero_terminal_snr": true,
//               "spacing": "trailing", "steps_offset": 0}
//            | {"type": "karras", "sigma_min": 0.002, "sigma_max": 700,
//               "rho": 7, "sigma_data": 1.0}
//            | {"type": "flow", "shift": 5.0},
//  "defaults": {"sampler": "ddim", "steps": 20, "eta": 0,
//               "guidance": 3.5 | {"min": 1.0, "max": 3.0}
//                               | {"image": 1.5, "control": 3.5}},
//  "size": {"width": 768, "height": 512, "frames": 16},
//  "latent": {"channels": 4, "downsample": 8, "scale": 0.18215},
//  "modules": {"denoiser": "unet.pt", "vae_encoder": "vae_enc.pt",
//              "vae_decoder": "vae_dec.pt", "encoders": {"camera": "cam.pt"}},
//  "conditions": {"camera": "camera_map", "reference": "reference_image"},
//  "guidance_drop": {"uncond": ["camera", "reference"], "image_only": ["camera"]},
//  "controls": {"object_map": "pac", "camera_map": "pac", "trajectory_map": "posetraj"},
//  "svd": {"added_time_ids": [6, 128, 0.02], "noise_aug_strength": 0.02, "decode_chunk": 8},
//  "lora_map": {"<lora key>": "<parameter name>"}}
//
// Paths are relative to the JSON's directory. Prediction and schedule go
// together: epsilon / v / x0 need a "discrete" schedule, edm a "karras" one,
// flow a "flow" one. Without a VAE (no vae_encoder / vae_decoder) the model
// works in pixel space: latent channels 3, downsample 1, scale 1, values in
// [-1, 1]. See generate.h for the module contracts.
//
// "controls" (optional) names the mode each control map was rendered in when
// the model was trained, one entry per map kind that "conditions" uses:
// object_map "pac" | "spheres", camera_map "pac" | "intrinsics",
// trajectory_map "dolly" | "posetraj" (dolly-render's --object-map,
// --camera-map, --trajectory-map). When present it must cover every one of
// those kinds in "conditions" and nothing else, and dolly-sample refuses
// ControlSignals rendered in another mode (libs/sample/control_modes.h),
// including a camera map "pac" of schema version < 3 (the 60-degree
// stand-in, not PAC's map). A bundle without "controls" keeps working as
// before: no mode is checked. trajectory_map "posetraj" (PoseTraj's
// ControlNet input) must not appear in guidance_drop: PoseTraj feeds the
// same maps to both guidance branches.
//
// "svd" (optional, Stable Video Diffusion and its fine-tunes such as
// PoseTraj) records the extra conditioning the export baked into the
// modules; dolly cannot change it at run time, dolly-sample --check-bundle
// compares it with the modules and prints it:
//   added_time_ids      [fps id, motion_bucket_id, noise aug] exactly as the
//                       UNet receives them (SVD's pipeline passes fps - 1;
//                       PoseTraj's passes [6, 128, 0.02] whatever its
//                       arguments say). Checked against a denoiser buffer
//                       whose name ends in "added_time_ids" ([1, 3] or [3]).
//   noise_aug_strength  the noise added to the reference before its VAE
//                       encoding (the image-latent condition). Checked
//                       against a buffer "noise_aug_strength" (a scalar) of
//                       any encoder that has one.
//   decode_chunk        frames per VAE decode (1..size.frames). Checked
//                       against a buffer "decode_chunk" of the vae_decoder.
// A PoseTraj bundle: the SVD bundle of export_svd.py whose denoiser also
// runs the ControlNet, with "conditions" {"image_embeddings":
// "reference_image", "image_latents": "reference_image", "trajectory":
// "trajectory_map"}, guidance_drop.uncond ["image_embeddings",
// "image_latents"] (never "trajectory"), "controls" {"trajectory_map":
// "posetraj"}, "svd" {"added_time_ids": [6, 128, 0.02],
// "noise_aug_strength": 0.02, "decode_chunk": 8}, defaults euler, 25 steps,
// guidance {"min": 1.0, "max": 3.0}, size 576 x 320 x 14. The trajectory
// maps reach the denoiser as raw RGB 0..255 ([F, 3, H, W], no encoder): the
// denoiser maps them to [-1, 1] itself, as PoseTraj's pipeline does
// (VaeImageProcessor.preprocess); the CLIP encoder skips the [-1, 1] mapping
// and the CLIP mean / std, as PoseTraj's _encode_image does.
#ifndef DOLLY_LIBS_DIFFUSION_BUNDLE_H_
#define DOLLY_LIBS_DIFFUSION_BUNDLE_H_

#include <map>
#include <string>
#include <vector>

#include "libs/sampler/prediction.h"
#include "libs/sampler/samplers.h"

namespace dolly::diffusion {

// The accepted values of "conditions" (which input feeds a condition).
// reference_image: the reference frame as [1, 3, H, W]; the others: F frames
// [F, 3, H, W]; raw RGB floats in 0..255.
const std::vector<std::string>& ConditionKinds();

enum class ScheduleType { kDiscrete, kKarras, kFlow };

struct ScheduleSpec {
  ScheduleType type = ScheduleType::kDiscrete;
  // discrete
  std::string beta_schedule = "scaled_linear";
  double beta_start = 0.00085;
  double beta_end = 0.012;
  int num_train_timesteps = 1000;
  bool zero_terminal_snr = false;
  std::string spacing = "leading";
  int steps_offset = 0;
  // karras
  double sigma_min = 0.002;
  double sigma_max = 80.0;
  double rho = 7.0;
  double sigma_data = 1.0;
  // flow
  double shift = 1.0;
};

struct GuidanceSpec {
  enum class Kind {
    kSingle,  // one scale for every frame
    kRamp,    // per-frame ramp min..max (Stable Video Diffusion)
    kTwo,     // image scale and control scale (Guide2)
  };
  Kind kind = Kind::kSingle;
  double scale = 1.0;               // kSingle
  double min = 1.0, max = 1.0;      // kRamp
  double image = 1.0, control = 1.0;  // kTwo
};

struct BundleDefaults {
  std::string sampler = "euler";  // a name ParseSampler accepts
  int steps = 20;
  double eta = 0.0;
  GuidanceSpec guidance;
};

// The map kinds "controls" may name and the modes each accepts
// (object_map: pac, spheres; camera_map: pac, intrinsics; trajectory_map:
// dolly, posetraj).
const std::map<std::string, std::vector<std::string>>& ControlModeChoices();

// The "svd" entry: conditioning baked into an SVD-family bundle's modules.
struct SvdConditioning {
  bool present = false;
  double fps_id = 0, motion_bucket_id = 0, time_noise_aug = 0;  // added_time_ids
  bool has_noise_aug_strength = false;
  double noise_aug_strength = 0;
  int decode_chunk = 0;  // 0 = not given
};

struct Bundle {
  std::string json_path;  // as given
  std::string directory;  // the JSON's directory
  std::string name;
  sampler::Prediction prediction = sampler::Prediction::kEpsilon;
  ScheduleSpec schedule;
  BundleDefaults defaults;
  int width = 0, height = 0, frames = 0;
  int latent_channels = 3;
  int downsample = 1;
  double latent_scale = 1.0;
  // Module files, resolved against `directory`; the VAE paths are empty when
  // the bundle has no VAE.
  std::string denoiser;
  std::string vae_encoder;
  std::string vae_decoder;
  std::map<std::string, std::string> encoders;    // condition name -> module file
  std::map<std::string, std::string> conditions;  // condition name -> ConditionKinds() value
  std::vector<std::string> drop_uncond;           // zeroed for the unconditional branch
  std::vector<std::string> drop_image_only;       // zeroed for the image-only branch
  std::map<std::string, std::string> lora_map;    // explicit LoRA key map (may be empty)
  // "controls": map kind ("object_map", ...) -> mode it was trained on;
  // empty = the bundle declares none (no check).
  std::map<std::string, std::string> controls;
  SvdConditioning svd;

  bool has_vae() const { return !vae_encoder.empty(); }
  int latent_width() const { return width / downsample; }
  int latent_height() const { return height / downsample; }
};

// Reads and checks a bundle description. Throws IoError when the JSON or a
// module file it names cannot be found or read ("<path>: no such module
// file (modules.denoiser of <json>)"), InvalidInputError
// "<json>:<line>: <json path>: problem" for anything malformed (unknown keys,
// wrong types, out-of-range values; unknown prediction / sampler / schedule /
// condition names list the accepted ones).
Bundle ReadBundle(const std::string& json_path);

// A bundle named by its JSON or by the directory holding bundle.json (what
// the export scripts write and the workflows pass): the JSON's path.
std::string BundleJsonPath(const std::string& json_or_directory);

// The sampler a name selects for this bundle: flow bundles take
// "flow_euler" (also "euler"); the others every sampler but flow_euler.
// Throws InvalidInputError naming the accepted names.
sampler::SamplerKind SamplerFor(const Bundle& bundle, const std::string& name);

// The training schedule's sigmas (DiscreteSigmas of alphas_cumprod clamped
// to >= kMinAlphaCumprod, so all finite) for a discrete schedule; empty for
// karras and flow. What ScalingsFor maps sigma to c_noise with.
std::vector<double> TrainingSigmas(const Bundle& bundle);

// The descending noise levels to sample at: `steps` + 1 values ending in 0
// (discrete: the training sigmas at DiscreteTimesteps, then 0; karras:
// KarrasSigmas; flow: FlowSigmas, s from 1 to 0). InvalidInputError for
// steps < 1 (or more than the training timesteps).
std::vector<double> SamplingSigmas(const Bundle& bundle, int steps);

}  // namespace dolly::diffusion

#endif  // DOLLY_LIBS_DIFFUSION_BUNDLE_H_
