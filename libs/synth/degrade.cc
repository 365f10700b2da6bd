#include "libs/synth/degrade.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "libs/synth/json_fields.h"
#include "libs/synth/rng.h"

namespace dolly::synth {

namespace {

// Standard normal by Box-Muller from raw engine output (the standard
// distributions are implementation-defined, see rng.h).
double Gaussian(Rng& rng) {
  const double u1 = 1.0 - rng.Uniform();  // (0, 1]: log is finite
  const double u2 = rng.Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

// Absent/null/false = off, true = defaults, object = customised.
const nlohmann::json* Section(JsonFields& root, const char* key, bool* enabled) {
  const nlohmann::json* value = root.Raw(key);
  *enabled = false;
  if (!value || value->is_null()) return nullptr;
  if (value->is_boolean()) {
    *enabled = value->get<bool>();
    return nullptr;
  }
  if (!value->is_object()) root.Fail(key, "must be an object, true or false");
  *enabled = true;
  return value;
}

}  // namespace

DegradeSpec ParseDegrade(JsonFields& root, int frames, const std::string& source) {
  DegradeSpec d;
  if (const nlohmann::json* noise = Section(root, "noise", &d.noise.enabled)) {
    JsonFields f(*noise, "noise", source);
    d.noise.sigma = f.Number("sigma", d.noise.sigma, 0.0, 64.0);
    d.noise.shot = f.Number("shot", d.noise.shot, 0.0, 16.0);
    f.Finish();
  }
  if (const nlohmann::json* exposure = Section(root, "exposure", &d.exposure.enabled)) {
    JsonFields f(*exposure, "exposure", source);
    d.exposure.walk = f.Number("walk", d.exposure.walk, 0.0, 1.0);
    d.exposure.step_frame = f.Integer("step_frame", d.exposure.step_frame, 0, 100000);
    d.exposure.step_gain = f.Positive("step_gain", d.exposure.step_gain, 100.0);
    if (d.exposure.step_frame >= frames) {
      f.Fail("step_frame", "must be below frames (" + std::to_string(frames) + ")");
    }
    f.Finish();
  }
  if (const nlohmann::json* drop = root.Raw("drop_frames")) {
    if (!drop->is_array()) root.Fail("drop_frames", "must be an array of frame indices");
    for (const nlohmann::json& index : *drop) {
      if (!index.is_number_integer() || index.get<int64_t>() < 0 ||
          index.get<int64_t>() >= frames) {
        root.Fail("drop_frames", "every entry must be a frame index in 0.." +
                                     std::to_string(frames - 1));
      }
      d.drop_frames.push_back(index.get<int>());
    }
    std::sort(d.drop_frames.begin(), d.drop_frames.end());
    d.drop_frames.erase(std::unique(d.drop_frames.begin(), d.drop_frames.end()),
                        d.drop_frames.end());
    if (static_cast<int>(d.drop_frames.size()) >= frames) {
      root.Fail("drop_frames", "must keep at least one frame");
    }
  }
  if (const nlohmann::json* focal = Section(root, "unknown_focal", &d.unknown_focal.enabled)) {
    JsonFields f(*focal, "unknown_focal", source);
    d.unknown_focal.fov_min_deg = f.Number("fov_min_deg", d.unknown_focal.fov_min_deg, 1.0, 170.0);
    d.unknown_focal.fov_max_deg = f.Number("fov_max_deg", d.unknown_focal.fov_max_deg, 1.0, 170.0);
    if (d.unknown_focal.fov_max_deg < d.unknown_focal.fov_min_deg) {
      f.Fail("fov_max_deg", "must not be below fov_min_deg");
    }
    f.Finish();
  }
  if (const nlohmann::json* h264 = Section(root, "h264", &d.h264.enabled)) {
    JsonFields f(*h264, "h264", source);
    d.h264.crf = f.Integer("crf", d.h264.crf, 0, 51);
    f.Finish();
  }
  if (const nlohmann::json* blur = Section(root, "motion_blur", &d.motion_blur.enabled)) {
    JsonFields f(*blur, "motion_blur", source);
    d.motion_blur.shutter = f.Number("shutter", d.motion_blur.shutter, 0.0, 1.0);
    d.motion_blur.samples = f.Integer("samples", d.motion_blur.samples, 1, 64);
    f.Finish();
  }
  return d;
}

double DrawFovDegrees(const UnknownFocalSpec& spec, uint64_t seed) {
  Rng rng(seed, "focal");
  return rng.Uniform(spec.fov_min_deg, spec.fov_max_deg);
}

std::vector<int> KeptFrames(const std::vector<int>& drop, int frames) {
  std::vector<int> kept;
  for (int f = 0; f < frames; ++f) {
    if (!std::binary_search(drop.begin(), drop.end(), f)) kept.push_back(f);
  }
  return kept;
}

std::vector<double> ShutterTimes(const MotionBlurSpec& spec, int frame, int frames) {
  std::vector<double> times;
  if (!spec.enabled || spec.shutter <= 0.0) return times;
  for (int k = 0; k < spec.samples; ++k) {
    const double t = frame + spec.shutter * ((k + 0.5) / spec.samples - 0.5);
    times.push_back(std::clamp(t, 0.0, static_cast<double>(frames - 1)));
  }
  return times;
}

void DegradeToJson(const DegradeSpec& spec, nlohmann::json* recipe) {
  if (spec.noise.enabled) {
    (*recipe)["noise"] = {{"sigma", spec.noise.sigma}, {"shot", spec.noise.shot}};
  }
  if (spec.exposure.enabled) {
    (*recipe)["exposure"] = {{"walk", spec.exposure.walk},
                             {"step_frame", spec.exposure.step_frame},
                             {"step_gain", spec.exposure.step_gain}};
  }
  if (!spec.drop_frames.empty()) (*recipe)["drop_frames"] = spec.drop_frames;
  if (spec.h264.enabled) (*recipe)["h264"] = {{"crf", spec.h264.crf}};
  if (spec.unknown_focal.enabled) {
    (*recipe)["unknown_focal"] = {{"fov_min_deg", spec.unknown_focal.fov_min_deg},
                                  {"fov_max_deg", spec.unknown_focal.fov_max_deg}};
  }
  if (spec.motion_blur.enabled) {
    (*recipe)["motion_blur"] = {{"shutter", spec.motion_blur.shutter},
                                {"samples", spec.motion_blur.samples}};
  }
}

std::vector<double> ExposureGains(const ExposureSpec& spec, int frames, uint64_t seed) {
  std::vector<double> gains(std::max(frames, 0), 1.0);
  if (!spec.enabled) return gains;
  Rng rng(seed, "exposure");
  double log_gain = 0.0;
  for (int f = 0; f < frames; ++f) {
    if (f > 0) log_gain += spec.walk * Gaussian(rng);
    const bool stepped = spec.step_frame > 0 && f >= spec.step_frame;
    gains[f] = std::exp(log_gain) * (stepped ? spec.step_gain : 1.0);
  }
  return gains;
}

void DegradeFrame(const DegradeSpec& spec, double gain, uint64_t seed, int view, int frame,
                  cv::Mat* rgb) {
  if (!spec.any()) return;
  Rng rng(seed, "noise/" + std::to_string(view) + "/" + std::to_string(frame));
  const bool noisy = spec.noise.enabled;
  for (int y = 0; y < rgb->rows; ++y) {
    uint8_t* row = rgb->ptr<uint8_t>(y);
    for (int i = 0; i < rgb->cols * rgb->channels(); ++i) {
      double v = row[i] * gain;
      if (noisy) {
        const double variance =
            spec.noise.sigma * spec.noise.sigma + spec.noise.shot * std::max(v, 0.0);
        v += std::sqrt(variance) * Gaussian(rng);
      }
      row[i] = static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
    }
  }
}

}  // namespace dolly::synth
