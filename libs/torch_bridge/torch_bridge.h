// artifact tensors <-> torch::Tensor. Kept in its own library: every
// translation unit that sees LibTorch headers costs ~25 s to compile, so only
// learned stages depend on this.
#ifndef DOLLY_LIBS_TORCH_BRIDGE_TORCH_BRIDGE_H_
#define DOLLY_LIBS_TORCH_BRIDGE_TORCH_BRIDGE_H_

#include <ATen/core/Tensor.h>

#include "schemas/common_types.h"

namespace dolly {

// A CPU tensor owning a copy of the data, same dtype and shape.
at::Tensor TorchFromTensor(const schema::Tensor& tensor);

// Any device, any layout; copied to CPU and made contiguous. Throws
// InvalidInputError for dtypes the schema lacks (e.g. bool, half).
schema::Tensor TensorFromTorch(const at::Tensor& tensor);

}  // namespace dolly

#endif  // DOLLY_LIBS_TORCH_BRIDGE_TORCH_BRIDGE_H_
