// Image degradations of real footage applied to the rendered RGB frames only
// (video.mp4, frames/, video.dolly): every ground-truth artifact stays that of
// the clean render. All are off by default, so a recipe without these keys
// renders the same bytes as before. Keys, units and defaults: README.md.
#ifndef DOLLY_LIBS_SYNTH_DEGRADE_H_
#define DOLLY_LIBS_SYNTH_DEGRADE_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

namespace dolly::synth {

class JsonFields;

// Sensor noise in 8-bit levels: per channel value v (after exposure) becomes
// v + sqrt(sigma^2 + shot * v) * N(0, 1), rounded and clamped to 0..255.
struct NoiseSpec {
  bool enabled = false;
  double sigma = 2.0;  // read noise standard deviation, levels
  double shot = 0.0;   // shot-noise variance per level of signal (Poisson-like)
};

// Per-frame exposure gain g_f multiplying the linear 8-bit values:
// g_f = exp(w_f) * (f >= step_frame ? step_gain : 1), with w_0 = 0 and
// w_f = w_{f-1} + walk * N(0, 1) (a seeded random walk in log gain).
struct ExposureSpec {
  bool enabled = false;
  double walk = 0.03;     // std of the per-frame log-gain step
  int step_frame = 0;     // first frame of the step; 0 = no step
  double step_gain = 1.0; // gain factor from step_frame on
};

// Motion blur: the RGB of frame f is the mean of `samples` renders at times
// f + shutter ((k + 0.5) / samples - 0.5), k = 0..samples-1 (in frames,
// clamped to the clip), i.e. the shutter is open for `shutter` of the frame
// interval, centred on the frame's time, which is the time of the ground truth.
struct MotionBlurSpec {
  bool enabled = false;
  double shutter = 0.5;  // 0..1 of the frame interval; 0 = no blur
  int samples = 8;       // 1..64 sub-frame renders
};

// Unknown focal length: the true vertical field of view is drawn (seeded,
// stream "focal") uniformly in [fov_min_deg, fov_max_deg] instead of the
// recipe's, for the single camera and the rig alike. The RGB outputs never carry
// intrinsics; every ground-truth artifact holds the true, drawn ones.
struct UnknownFocalSpec {
  bool enabled = false;
  double fov_min_deg = 35.0;
  double fov_max_deg = 75.0;
};

// Low-bitrate H.264: the RGB outputs are the frames as a decoder sees them
// after libx264 encoded them at constant quality `crf` (higher: fewer bits).
struct H264Spec {
  bool enabled = false;
  int crf = 35;  // 0..51
};

struct DegradeSpec {
  NoiseSpec noise;
  ExposureSpec exposure;
  MotionBlurSpec motion_blur;
  UnknownFocalSpec unknown_focal;
  H264Spec h264;
  // Source frames left out of every output (sorted, unique); the outputs hold
  // the others in order and record them (header parameter source_frames).
  std::vector<int> drop_frames;
  // Per-pixel degradations (DegradeFrame); motion blur is applied while rendering.
  bool any() const { return noise.enabled || exposure.enabled; }
};

// Reads the top-level keys `noise`, `exposure` and `motion_blur` (each absent/false = off,
// true = defaults, or an object); `frames` bounds exposure.step_frame.
DegradeSpec ParseDegrade(JsonFields& root, int frames, const std::string& source);
// Adds the enabled degradations to the resolved recipe JSON (absent when off,
// so recipe.json of a clean scene is unchanged).
void DegradeToJson(const DegradeSpec& spec, nlohmann::json* recipe);

// The sub-frame times (in frames) whose renders average into frame `frame`;
// empty when motion blur is off or the shutter is 0.
std::vector<double> ShutterTimes(const MotionBlurSpec& spec, int frame, int frames);

// The source frame of every output frame: 0..frames-1 without `drop`
// (indices >= frames, possible after a --frames override, are ignored).
std::vector<int> KeptFrames(const std::vector<int>& drop, int frames);

// The drawn vertical field of view (degrees) of unknown_focal.
double DrawFovDegrees(const UnknownFocalSpec& spec, uint64_t seed);

// The exposure gain of every frame (all 1 when off). Seeded by (seed, "exposure").
std::vector<double> ExposureGains(const ExposureSpec& spec, int frames, uint64_t seed);

// Applies gain then noise to a CV_8UC3 frame in place. The noise of
// (seed, view, frame) is its own stream, so runs are byte-identical.
void DegradeFrame(const DegradeSpec& spec, double gain, uint64_t seed, int view, int frame,
                  cv::Mat* rgb);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_DEGRADE_H_
