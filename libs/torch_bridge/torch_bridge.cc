#include "libs/torch_bridge/torch_bridge.h"

#include <cstring>

#include <torch/torch.h>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly {
namespace {

at::ScalarType ScalarTypeOf(schema::DType::type dtype) {
  switch (dtype) {
    case schema::DType::UINT8: return at::kByte;
    case schema::DType::INT32: return at::kInt;
    case schema::DType::INT64: return at::kLong;
    case schema::DType::FLOAT32: return at::kFloat;
    case schema::DType::FLOAT64: return at::kDouble;
    case schema::DType::UINT16: break;  // widened below: torch 1.13 has no uint16
  }
  throw InvalidInputError(std::string("tensor dtype ") + DTypeName(dtype) +
                          " has no torch equivalent");
}

schema::DType::type DTypeOfScalar(at::ScalarType type) {
  switch (type) {
    case at::kByte: return schema::DType::UINT8;
    case at::kInt: return schema::DType::INT32;
    case at::kLong: return schema::DType::INT64;
    case at::kFloat: return schema::DType::FLOAT32;
    case at::kDouble: return schema::DType::FLOAT64;
    default: break;
  }
  throw InvalidInputError(std::string("torch dtype ") + c10::toString(type) +
                          " has no artifact tensor dtype");
}

}  // namespace

at::Tensor TorchFromTensor(const schema::Tensor& tensor) {
  CheckTensor(tensor, "tensor");
  std::vector<int64_t> shape(tensor.shape.begin(), tensor.shape.end());
  if (tensor.dtype == schema::DType::UINT16) {
    // LibTorch 1.13 has no unsigned 16-bit type: widen to int32.
    at::Tensor out = torch::empty(shape, torch::kInt);
    const uint16_t* src = TensorData<uint16_t>(tensor);
    int32_t* dst = out.data_ptr<int32_t>();
    for (int64_t i = 0, n = out.numel(); i < n; ++i) dst[i] = src[i];
    return out;
  }
  at::Tensor out = torch::empty(shape, torch::TensorOptions().dtype(ScalarTypeOf(tensor.dtype)));
  if (!tensor.data.empty()) std::memcpy(out.data_ptr(), tensor.data.data(), tensor.data.size());
  return out;
}

schema::Tensor TensorFromTorch(const at::Tensor& tensor) {
  const schema::DType::type dtype = DTypeOfScalar(tensor.scalar_type());
  const at::Tensor cpu = tensor.to(torch::kCPU).contiguous();
  return MakeTensor(dtype, cpu.sizes().vec(), cpu.data_ptr());
}

}  // namespace dolly
