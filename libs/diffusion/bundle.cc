#include "libs/diffusion/bundle.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/core/json_location.h"
#include "libs/sampler/noise_schedule.h"

namespace dolly::diffusion {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Reads one JSON document with errors "<file>:<line>: <json path>: problem"
// (the line where the value at the path starts, JsonLineOf).
class Reader {
 public:
  Reader(std::string file, const std::string& text) : file_(std::move(file)), text_(text) {}

  [[noreturn]] void Fail(const std::string& where, const std::string& problem) const {
    const int line = JsonLineOf(text_, ParseJsonPath(where));
    throw InvalidInputError(file_ + ":" + std::to_string(line) + ": " +
                            (where.empty() ? "" : where + ": ") + problem);
  }

  const json& Object(const json& parent, const std::string& key, const std::string& where) const {
    if (!parent.contains(key)) Fail(where, "missing");
    const json& v = parent.at(key);
    if (!v.is_object()) Fail(where, "must be an object");
    return v;
  }

  std::string String(const json& v, const std::string& where) const {
    if (!v.is_string()) Fail(where, "must be a string");
    return v.get<std::string>();
  }

  double Number(const json& v, const std::string& where) const {
    if (!v.is_number()) Fail(where, "must be a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) Fail(where, "must be finite");
    return d;
  }

  double Positive(const json& v, const std::string& where) const {
    const double d = Number(v, where);
    if (!(d > 0.0)) Fail(where, "must be positive, not " + Num(d));
    return d;
  }

  int Int(const json& v, const std::string& where, long lo, long hi) const {
    if (!v.is_number_integer()) Fail(where, "must be an integer");
    const long long i = v.get<long long>();
    if (i < lo || i > hi) {
      Fail(where, std::to_string(i) + " is outside [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    return static_cast<int>(i);
  }

  bool Bool(const json& v, const std::string& where) const {
    if (!v.is_boolean()) Fail(where, "must be true or false");
    return v.get<bool>();
  }

  // Only the listed keys may appear.
  void Keys(const json& object, const std::string& where,
            const std::vector<std::string>& allowed) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
        Fail(where.empty() ? it.key() : where + "." + it.key(),
             "unknown key (accepted: " + Join(allowed) + ")");
      }
    }
  }

  static std::string Num(double d) {
    std::ostringstream out;
    out.precision(10);
    out << d;
    return out.str();
  }

 private:
  std::string file_;
  const std::string& text_;
};

}  // namespace

const std::vector<std::string>& ConditionKinds() {
  static const std::vector<std::string> kinds = {"reference_image", "object_map",
                                                 "camera_map",      "trajectory_map",
                                                 "depth",           "warp_preview"};
  return kinds;
}

const std::map<std::string, std::vector<std::string>>& ControlModeChoices() {
  static const std::map<std::string, std::vector<std::string>> choices = {
      {"object_map", {"pac", "spheres"}},
      {"camera_map", {"pac", "intrinsics"}},
      {"trajectory_map", {"dolly", "posetraj"}}};
  return choices;
}

namespace {

// "controls": one mode per control-map kind the conditions use.
void ReadControls(const Reader& r, const json& doc, Bundle* b) {
  if (!doc.contains("controls")) return;
  const json& c = r.Object(doc, "controls", "controls");
  const auto& choices = ControlModeChoices();
  for (auto it = c.begin(); it != c.end(); ++it) {
    const std::string where = "controls." + it.key();
    const auto kind = choices.find(it.key());
    if (kind == choices.end()) {
      r.Fail(where, "unknown map kind (accepted: object_map, camera_map, trajectory_map)");
    }
    const std::string mode = r.String(it.value(), where);
    if (std::find(kind->second.begin(), kind->second.end(), mode) == kind->second.end()) {
      r.Fail(where, "\"" + mode + "\" is not one of: " + Join(kind->second));
    }
    bool used = false;
    for (const auto& [name, k] : b->conditions) used = used || k == it.key();
    if (!used) r.Fail(where, "no condition of kind " + it.key() + " in \"conditions\"");
    b->controls[it.key()] = mode;
  }
  for (const auto& [name, kind] : b->conditions) {
    if (choices.count(kind) && !b->controls.count(kind)) {
      r.Fail("controls", "missing " + kind + " (condition '" + name + "' uses it; accepted: " +
                             Join(choices.at(kind)) + ")");
    }
  }
}

// "svd": the conditioning an SVD export baked into its modules.
void ReadSvd(const Reader& r, const json& doc, Bundle* b) {
  if (!doc.contains("svd")) return;
  const json& s = r.Object(doc, "svd", "svd");
  r.Keys(s, "svd", {"added_time_ids", "noise_aug_strength", "decode_chunk"});
  SvdConditioning& svd = b->svd;
  svd.present = true;
  if (!s.contains("added_time_ids")) r.Fail("svd.added_time_ids", "missing");
  const json& ids = s["added_time_ids"];
  if (!ids.is_array() || ids.size() != 3) {
    r.Fail("svd.added_time_ids", "must be [fps id, motion_bucket_id, noise aug strength]");
  }
  svd.fps_id = r.Number(ids[0], "svd.added_time_ids[0]");
  svd.motion_bucket_id = r.Number(ids[1], "svd.added_time_ids[1]");
  svd.time_noise_aug = r.Number(ids[2], "svd.added_time_ids[2]");
  if (svd.motion_bucket_id < 0) r.Fail("svd.added_time_ids[1]", "must not be negative");
  if (svd.time_noise_aug < 0) r.Fail("svd.added_time_ids[2]", "must not be negative");
  if (s.contains("noise_aug_strength")) {
    svd.has_noise_aug_strength = true;
    svd.noise_aug_strength = r.Number(s["noise_aug_strength"], "svd.noise_aug_strength");
    if (svd.noise_aug_strength < 0) r.Fail("svd.noise_aug_strength", "must not be negative");
  }
  if (s.contains("decode_chunk")) {
    svd.decode_chunk = r.Int(s["decode_chunk"], "svd.decode_chunk", 1, b->frames);
  }
}

}  // namespace

std::string BundleJsonPath(const std::string& json_or_directory) {
  std::error_code ec;
  return std::filesystem::is_directory(json_or_directory, ec)
             ? (std::filesystem::path(json_or_directory) / "bundle.json").string()
             : json_or_directory;
}

Bundle ReadBundle(const std::string& json_path) {
  std::error_code ec;
  if (!fs::is_regular_file(json_path, ec)) throw IoError(json_path + ": no such bundle file");
  std::ifstream in(json_path);
  if (!in) throw IoError(json_path + ": cannot open for reading");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError(json_path + ": cannot read");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    std::string what = e.what();
    throw InvalidInputError(json_path + ": not valid JSON (" + what + ")");
  }
  const Reader r(json_path, text);
  if (!doc.is_object()) r.Fail("", "expected a JSON object");
  r.Keys(doc, "",
         {"name", "prediction", "schedule", "defaults", "size", "latent", "modules", "conditions",
          "guidance_drop", "controls", "svd", "lora_map"});

  Bundle b;
  b.json_path = json_path;
  b.directory = fs::path(json_path).parent_path().string();
  if (b.directory.empty()) b.directory = ".";
  if (doc.contains("name")) b.name = r.String(doc["name"], "name");

  // prediction
  if (!doc.contains("prediction")) r.Fail("prediction", "missing (epsilon, v, x0, edm or flow)");
  const std::string prediction = r.String(doc["prediction"], "prediction");
  try {
    b.prediction = sampler::ParsePrediction(prediction);
  } catch (const InvalidInputError& e) {
    r.Fail("prediction", e.what());
  }

  // schedule
  {
    const json& s = r.Object(doc, "schedule", "schedule");
    if (!s.contains("type")) r.Fail("schedule.type", "missing (discrete, karras or flow)");
    const std::string type = r.String(s["type"], "schedule.type");
    if (type != "discrete" && type != "karras" && type != "flow") {
      r.Fail("schedule.type", "\"" + type + "\" is not one of: discrete, karras, flow");
    }
    const bool discrete_prediction = b.prediction == sampler::Prediction::kEpsilon ||
                                     b.prediction == sampler::Prediction::kV ||
                                     b.prediction == sampler::Prediction::kX0;
    const char* needed = discrete_prediction                          ? "discrete"
                         : b.prediction == sampler::Prediction::kEdm ? "karras"
                                                                       : "flow";
    if (type != needed) {
      r.Fail("schedule.type", "\"" + type + "\" does not go with prediction \"" + prediction +
                                  "\" (needs \"" + needed + "\")");
    }
    ScheduleSpec& spec = b.schedule;
    if (type == "discrete") {
      spec.type = ScheduleType::kDiscrete;
      r.Keys(s, "schedule",
             {"type", "beta_schedule", "beta_start", "beta_end", "num_train_timesteps",
              "zero_terminal_snr", "spacing", "steps_offset"});
      if (s.contains("beta_schedule")) {
        spec.beta_schedule = r.String(s["beta_schedule"], "schedule.beta_schedule");
        try {
          sampler::ParseBetaSchedule(spec.beta_schedule);
        } catch (const InvalidInputError& e) {
          r.Fail("schedule.beta_schedule", e.what());
        }
      }
      if (s.contains("beta_start")) spec.beta_start = r.Positive(s["beta_start"], "schedule.beta_start");
      if (s.contains("beta_end")) spec.beta_end = r.Positive(s["beta_end"], "schedule.beta_end");
      if (s.contains("num_train_timesteps")) {
        spec.num_train_timesteps =
            r.Int(s["num_train_timesteps"], "schedule.num_train_timesteps", 2, 100000);
      }
      if (s.contains("zero_terminal_snr")) {
        spec.zero_terminal_snr = r.Bool(s["zero_terminal_snr"], "schedule.zero_terminal_snr");
      }
      if (s.contains("spacing")) {
        spec.spacing = r.String(s["spacing"], "schedule.spacing");
        try {
          sampler::ParseTimestepSpacing(spec.spacing);
        } catch (const InvalidInputError& e) {
          r.Fail("schedule.spacing", e.what());
        }
      }
      if (s.contains("steps_offset")) {
        spec.steps_offset = r.Int(s["steps_offset"], "schedule.steps_offset", 0, 1000);
      }
    } else if (type == "karras") {
      spec.type = ScheduleType::kKarras;
      r.Keys(s, "schedule", {"type", "sigma_min", "sigma_max", "rho", "sigma_data"});
      if (s.contains("sigma_min")) spec.sigma_min = r.Positive(s["sigma_min"], "schedule.sigma_min");
      if (s.contains("sigma_max")) spec.sigma_max = r.Positive(s["sigma_max"], "schedule.sigma_max");
      if (s.contains("rho")) spec.rho = r.Positive(s["rho"], "schedule.rho");
      if (s.contains("sigma_data")) {
        spec.sigma_data = r.Positive(s["sigma_data"], "schedule.sigma_data");
      }
      if (!(spec.sigma_max > spec.sigma_min)) {
        r.Fail("schedule.sigma_max", "must be greater than sigma_min");
      }
    } else if (type == "flow") {
      spec.type = ScheduleType::kFlow;
      r.Keys(s, "schedule", {"type", "shift"});
      if (s.contains("shift")) spec.shift = r.Positive(s["shift"], "schedule.shift");
    } else {
      r.Fail("schedule.type", "\"" + type + "\" is not one of: discrete, karras, flow");
    }
  }

  // size
  {
    const json& s = r.Object(doc, "size", "size");
    r.Keys(s, "size", {"width", "height", "frames"});
    if (!s.contains("width") || !s.contains("height") || !s.contains("frames")) {
      r.Fail("size", "needs width, height and frames");
    }
    b.width = r.Int(s["width"], "size.width", 1, 16384);
    b.height = r.Int(s["height"], "size.height", 1, 16384);
    b.frames = r.Int(s["frames"], "size.frames", 1, 4096);
  }

  // modules
  const auto module_path = [&](const json& v, const std::string& where) {
    const std::string rel = r.String(v, where);
    if (rel.empty()) r.Fail(where, "empty file name");
    const fs::path p = fs::path(rel).is_absolute() ? fs::path(rel) : fs::path(b.directory) / rel;
    std::error_code e;
    if (!fs::is_regular_file(p, e)) {
      throw IoError(p.string() + ": no such module file (" + where + " of " + json_path + ")");
    }
    return p.string();
  };
  {
    const json& m = r.Object(doc, "modules", "modules");
    r.Keys(m, "modules", {"denoiser", "vae_encoder", "vae_decoder", "encoders"});
    if (!m.contains("denoiser")) r.Fail("modules.denoiser", "missing");
    if (m.contains("vae_encoder") != m.contains("vae_decoder")) {
      r.Fail("modules", "vae_encoder and vae_decoder come together (or neither: pixel space)");
    }
    b.denoiser = module_path(m["denoiser"], "modules.denoiser");
    if (m.contains("vae_encoder")) {
      b.vae_encoder = module_path(m["vae_encoder"], "modules.vae_encoder");
      b.vae_decoder = module_path(m["vae_decoder"], "modules.vae_decoder");
    }
    if (m.contains("encoders")) {
      const json& e = r.Object(m, "encoders", "modules.encoders");
      for (auto it = e.begin(); it != e.end(); ++it) {
        b.encoders[it.key()] = module_path(it.value(), "modules.encoders." + it.key());
      }
    }
  }

  // latent
  if (doc.contains("latent")) {
    const json& l = r.Object(doc, "latent", "latent");
    r.Keys(l, "latent", {"channels", "downsample", "scale"});
    if (l.contains("channels")) b.latent_channels = r.Int(l["channels"], "latent.channels", 1, 4096);
    if (l.contains("downsample")) b.downsample = r.Int(l["downsample"], "latent.downsample", 1, 1024);
    if (l.contains("scale")) b.latent_scale = r.Positive(l["scale"], "latent.scale");
  } else if (b.has_vae()) {
    r.Fail("latent", "missing: a bundle with a VAE must give latent.channels, downsample, scale");
  }
  if (!b.has_vae() && (b.latent_channels != 3 || b.downsample != 1 || b.latent_scale != 1.0)) {
    r.Fail("latent", "without a VAE the model works in pixel space: channels 3, downsample 1, "
                     "scale 1");
  }
  if (b.width % b.downsample != 0 || b.height % b.downsample != 0) {
    r.Fail("size", std::to_string(b.width) + "x" + std::to_string(b.height) +
                       " is not a multiple of latent.downsample " + std::to_string(b.downsample));
  }

  // conditions
  if (doc.contains("conditions")) {
    const json& c = r.Object(doc, "conditions", "conditions");
    for (auto it = c.begin(); it != c.end(); ++it) {
      const std::string where = "conditions." + it.key();
      const std::string kind = r.String(it.value(), where);
      const auto& kinds = ConditionKinds();
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
        r.Fail(where, "\"" + kind + "\" is not one of: " + Join(kinds));
      }
      b.conditions[it.key()] = kind;
    }
  }
  for (const auto& [name, path] : b.encoders) {
    if (!b.conditions.count(name)) {
      r.Fail("modules.encoders." + name, "no condition of that name in \"conditions\"");
    }
  }

  // defaults (after conditions: two-scale guidance needs the drop lists)
  if (doc.contains("defaults")) {
    const json& d = r.Object(doc, "defaults", "defaults");
    r.Keys(d, "defaults", {"sampler", "steps", "eta", "guidance"});
    if (d.contains("sampler")) b.defaults.sampler = r.String(d["sampler"], "defaults.sampler");
    if (d.contains("steps")) b.defaults.steps = r.Int(d["steps"], "defaults.steps", 1, 10000);
    if (d.contains("eta")) {
      b.defaults.eta = r.Number(d["eta"], "defaults.eta");
      if (b.defaults.eta < 0.0 || b.defaults.eta > 1.0) r.Fail("defaults.eta", "must be in [0, 1]");
    }
    if (d.contains("guidance")) {
      const json& g = d["guidance"];
      GuidanceSpec& spec = b.defaults.guidance;
      const auto scale = [&](const json& v, const std::string& where) {
        const double s = r.Number(v, where);
        if (s < 0.0) r.Fail(where, "must not be negative");
        return s;
      };
      if (g.is_number()) {
        spec.kind = GuidanceSpec::Kind::kSingle;
        spec.scale = scale(g, "defaults.guidance");
      } else if (g.is_object() && (g.contains("min") || g.contains("max"))) {
        r.Keys(g, "defaults.guidance", {"min", "max"});
        if (!g.contains("min") || !g.contains("max")) r.Fail("defaults.guidance", "needs min and max");
        spec.kind = GuidanceSpec::Kind::kRamp;
        spec.min = scale(g["min"], "defaults.guidance.min");
        spec.max = scale(g["max"], "defaults.guidance.max");
      } else if (g.is_object() && (g.contains("image") || g.contains("control"))) {
        r.Keys(g, "defaults.guidance", {"image", "control"});
        if (!g.contains("image") || !g.contains("control")) {
          r.Fail("defaults.guidance", "needs image and control");
        }
        spec.kind = GuidanceSpec::Kind::kTwo;
        spec.image = scale(g["image"], "defaults.guidance.image");
        spec.control = scale(g["control"], "defaults.guidance.control");
      } else {
        r.Fail("defaults.guidance",
               "must be a number, {\"min\", \"max\"} or {\"image\", \"control\"}");
      }
    }
  } else if (b.prediction == sampler::Prediction::kFlow) {
    b.defaults.sampler = "flow_euler";
  }
  try {
    SamplerFor(b, b.defaults.sampler);
  } catch (const InvalidInputError& e) {
    r.Fail("defaults.sampler", e.what());
  }

  // guidance_drop
  if (doc.contains("guidance_drop")) {
    const json& g = r.Object(doc, "guidance_drop", "guidance_drop");
    r.Keys(g, "guidance_drop", {"uncond", "image_only"});
    const auto names = [&](const char* key, std::vector<std::string>* out) {
      if (!g.contains(key)) return;
      const std::string where = std::string("guidance_drop.") + key;
      if (!g[key].is_array()) r.Fail(where, "must be an array of condition names");
      for (std::size_t i = 0; i < g[key].size(); ++i) {
        const std::string w = where + "[" + std::to_string(i) + "]";
        const std::string n = r.String(g[key][i], w);
        if (!b.conditions.count(n)) r.Fail(w, "\"" + n + "\" is not a condition of this bundle");
        out->push_back(n);
      }
    };
    names("uncond", &b.drop_uncond);
    names("image_only", &b.drop_image_only);
  }
  if (b.defaults.guidance.kind == GuidanceSpec::Kind::kTwo && b.drop_image_only.empty()) {
    r.Fail("guidance_drop.image_only",
           "two guidance scales need the conditions dropped for the image-only branch");
  }

  ReadControls(r, doc, &b);
  if (b.controls.count("trajectory_map") && b.controls.at("trajectory_map") == "posetraj") {
    for (const auto* drop : {&b.drop_uncond, &b.drop_image_only}) {
      for (const std::string& name : *drop) {
        if (b.conditions.at(name) == "trajectory_map") {
          r.Fail(drop == &b.drop_uncond ? "guidance_drop.uncond" : "guidance_drop.image_only",
                 "\"" + name + "\" is a posetraj trajectory map: PoseTraj feeds the same maps "
                 "to both guidance branches");
        }
      }
    }
  }
  ReadSvd(r, doc, &b);

  if (doc.contains("lora_map")) {
    const json& m = r.Object(doc, "lora_map", "lora_map");
    for (auto it = m.begin(); it != m.end(); ++it) {
      b.lora_map[it.key()] = r.String(it.value(), "lora_map." + it.key());
    }
  }
  return b;
}

sampler::SamplerKind SamplerFor(const Bundle& bundle, const std::string& name) {
  const bool flow = bundle.prediction == sampler::Prediction::kFlow;
  if (flow) {
    if (name == "flow_euler" || name == "euler") return sampler::SamplerKind::kFlowEuler;
    throw InvalidInputError("sampler \"" + name +
                            "\" does not sample flow models; accepted: flow_euler (or euler)");
  }
  const std::string accepted = "ddim, euler, euler_a, heun, dpmpp_2m";
  sampler::SamplerKind kind;
  try {
    kind = sampler::ParseSampler(name);
  } catch (const InvalidInputError&) {
    throw InvalidInputError("sampler \"" + name + "\" is not one of: " + accepted);
  }
  if (kind == sampler::SamplerKind::kFlowEuler) {
    throw InvalidInputError("sampler \"" + name + "\" is for flow models; accepted: " + accepted);
  }
  return kind;
}

std::vector<double> TrainingSigmas(const Bundle& bundle) {
  const ScheduleSpec& s = bundle.schedule;
  if (s.type != ScheduleType::kDiscrete) return {};
  const std::vector<double> betas = sampler::Betas(sampler::ParseBetaSchedule(s.beta_schedule),
                                                   s.num_train_timesteps, s.beta_start, s.beta_end);
  std::vector<double> ac = sampler::AlphasCumprod(betas);
  if (s.zero_terminal_snr) ac = sampler::RescaleZeroTerminalSnr(ac);
  for (double& a : ac) a = std::max(a, sampler::kMinAlphaCumprod);
  return sampler::DiscreteSigmas(ac);
}

std::vector<double> SamplingSigmas(const Bundle& bundle, int steps) {
  if (steps < 1) throw InvalidInputError("steps " + std::to_string(steps) + " must be at least 1");
  const ScheduleSpec& s = bundle.schedule;
  switch (s.type) {
    case ScheduleType::kDiscrete: {
      const std::vector<double> training = TrainingSigmas(bundle);
      const std::vector<int> timesteps =
          sampler::DiscreteTimesteps(s.num_train_timesteps, steps,
                                     sampler::ParseTimestepSpacing(s.spacing), s.steps_offset);
      std::vector<double> sigmas;
      for (int t : timesteps) {
        t = std::min(std::max(t, 0), s.num_train_timesteps - 1);
        sigmas.push_back(training[static_cast<std::size_t>(t)]);
      }
      sigmas.push_back(0.0);
      return sigmas;
    }
    case ScheduleType::kKarras:
      return sampler::KarrasSigmas(steps, s.sigma_min, s.sigma_max, s.rho);
    case ScheduleType::kFlow:
      return sampler::FlowSigmas(steps, s.shift);
  }
  return {};
}

}  // namespace dolly::diffusion
