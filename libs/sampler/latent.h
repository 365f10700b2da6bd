// The sampler's working array: a latent (or a batch of them) flattened to
// one contiguous float array. Shapes stay with the caller (the model layer);
// samplers only need elementwise arithmetic, and keeping LibTorch out of
// this library keeps it quick to build and exact to test.
#ifndef DOLLY_LIBS_SAMPLER_LATENT_H_
#define DOLLY_LIBS_SAMPLER_LATENT_H_

#include <Eigen/Core>

namespace dolly::sampler {

using Latent = Eigen::ArrayXf;

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_LATENT_H_
