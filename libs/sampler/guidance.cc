#include "libs/sampler/guidance.h"

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dolly::sampler {
namespace {

void RequireSameSize(const Latent& a, const Latent& b, const char* who) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(std::string(who) + ": sizes differ (" + std::to_string(a.size()) +
                                " and " + std::to_string(b.size()) + ")");
  }
}

}  // namespace

Latent Guide(const Latent& cond, const Latent& uncond, double scale) {
  RequireSameSize(cond, uncond, "Guide");
  if (scale == 1.0) return cond;  // exactly, not uncond + (cond - uncond)
  if (scale == 0.0) return uncond;
  return uncond + static_cast<float>(scale) * (cond - uncond);
}

Latent Guide2(const Latent& uncond, const Latent& cond_a, const Latent& cond_ab, double scale_a,
              double scale_b) {
  RequireSameSize(uncond, cond_a, "Guide2");
  RequireSameSize(uncond, cond_ab, "Guide2");
  return uncond + static_cast<float>(scale_a) * (cond_a - uncond) +
         static_cast<float>(scale_b) * (cond_ab - cond_a);
}

std::vector<double> FrameGuidanceRamp(int frames, double min_scale, double max_scale) {
  if (frames < 1) {
    throw std::invalid_argument("FrameGuidanceRamp: frames " + std::to_string(frames) +
                                " is not positive");
  }
  std::vector<double> scales(static_cast<std::size_t>(frames), min_scale);
  for (int f = 1; f < frames; ++f) {
    scales[static_cast<std::size_t>(f)] =
        f == frames - 1 ? max_scale
                        : min_scale + (max_scale - min_scale) * f / static_cast<double>(frames - 1);
  }
  return scales;
}

Latent GuidePerFrame(const Latent& cond, const Latent& uncond, const std::vector<double>& scales) {
  RequireSameSize(cond, uncond, "GuidePerFrame");
  const Eigen::Index frames = static_cast<Eigen::Index>(scales.size());
  if (frames == 0 || cond.size() % frames != 0) {
    throw std::invalid_argument("GuidePerFrame: a latent of " + std::to_string(cond.size()) +
                                " values does not split into " + std::to_string(frames) +
                                " equal frames");
  }
  const Eigen::Index block = cond.size() / frames;
  Latent out(cond.size());
  for (Eigen::Index f = 0; f < frames; ++f) {
    out.segment(f * block, block) =
        Guide(cond.segment(f * block, block), uncond.segment(f * block, block),
              scales[static_cast<std::size_t>(f)]);
  }
  return out;
}

}  // namespace dolly::sampler
