#include "libs/sampler/sdedit.h"

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace dolly::sampler {
namespace {

// The tail of `sigmas` that keeps round(strength * steps) steps; validates.
std::vector<double> KeptTail(const std::vector<double>& sigmas, double strength, const char* who) {
  if (!(strength >= 0.0 && strength <= 1.0)) {
    throw std::invalid_argument(std::string(who) + ": strength " + std::to_string(strength) +
                                " is outside [0, 1]");
  }
  if (sigmas.empty()) {
    throw std::invalid_argument(std::string(who) + ": the schedule is empty");
  }
  const long steps = static_cast<long>(sigmas.size()) - 1;
  const long keep = std::lround(strength * static_cast<double>(steps));
  return std::vector<double>(sigmas.end() - (keep + 1), sigmas.end());
}

GaussianNoise* RequireNoise(GaussianNoise* noise, const char* who) {
  if (noise == nullptr) {
    throw std::invalid_argument(std::string(who) + ": a strength above 0 needs a noise source");
  }
  return noise;
}

}  // namespace

SdeditStart StartFromInit(const Latent& init, const std::vector<double>& sigmas, double strength,
                          GaussianNoise* noise) {
  SdeditStart start{init, KeptTail(sigmas, strength, "StartFromInit")};
  if (start.sigmas.size() > 1) {  // at least one step to walk: noise the init
    const Latent z = RequireNoise(noise, "StartFromInit")->Next(static_cast<std::size_t>(init.size()));
    start.x = init + static_cast<float>(start.sigmas.front()) * z;
  }
  return start;
}

SdeditStart StartFlowFromInit(const Latent& init, const std::vector<double>& s, double strength,
                              GaussianNoise* noise) {
  SdeditStart start{init, KeptTail(s, strength, "StartFlowFromInit")};
  if (start.sigmas.size() > 1) {
    const Latent z =
        RequireNoise(noise, "StartFlowFromInit")->Next(static_cast<std::size_t>(init.size()));
    const double s0 = start.sigmas.front();
    start.x = static_cast<float>(1.0 - s0) * init + static_cast<float>(s0) * z;
  }
  return start;
}

}  // namespace dolly::sampler
