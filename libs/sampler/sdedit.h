// SDEdit (Meng et al. 2022): start sampling from a noised init (e.g. the warp
// preview) part way down the schedule instead of from pure noise.
#ifndef DOLLY_LIBS_SAMPLER_SDEDIT_H_
#define DOLLY_LIBS_SAMPLER_SDEDIT_H_

#include <vector>

#include "libs/sampler/gaussian_noise.h"
#include "libs/sampler/latent.h"

namespace dolly::sampler {

struct SdeditStart {
  Latent x;                    // init + sigmas[0] * noise (VE form)
  std::vector<double> sigmas;  // the tail of the schedule still to walk
};

// Strength in [0, 1]: the last round(strength * steps) steps of `sigmas`
// (steps = sigmas.size() - 1) are kept. Strength 0 keeps none: x is `init`
// exactly and sigmas is {final sigma}, so a sampler returns init unchanged.
// Strength 1 is plain sampling from sigmas[0] (plus the init, negligible at
// large sigma). Throws std::invalid_argument for a strength outside [0, 1].
SdeditStart StartFromInit(const Latent& init, const std::vector<double>& sigmas, double strength,
                          GaussianNoise* noise);

// The flow-matching form: x = (1 - s0) * init + s0 * noise.
SdeditStart StartFlowFromInit(const Latent& init, const std::vector<double>& s, double strength,
                              GaussianNoise* noise);

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_SDEDIT_H_
