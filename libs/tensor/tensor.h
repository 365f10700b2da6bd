// Building and checking artifact tensors (schema::Tensor) without any other
// library; bridges to cv::Mat, Eigen and torch live beside this file.
#ifndef DOLLY_LIBS_TENSOR_TENSOR_H_
#define DOLLY_LIBS_TENSOR_TENSOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "schemas/common_types.h"

namespace dolly {

// Bytes per element; 0 for an unknown dtype value.
size_t DTypeSize(schema::DType::type dtype);
const char* DTypeName(schema::DType::type dtype);

template <typename T> struct DTypeOf;
template <> struct DTypeOf<uint8_t> { static constexpr auto value = schema::DType::UINT8; };
template <> struct DTypeOf<uint16_t> { static constexpr auto value = schema::DType::UINT16; };
template <> struct DTypeOf<int32_t> { static constexpr auto value = schema::DType::INT32; };
template <> struct DTypeOf<int64_t> { static constexpr auto value = schema::DType::INT64; };
template <> struct DTypeOf<float> { static constexpr auto value = schema::DType::FLOAT32; };
template <> struct DTypeOf<double> { static constexpr auto value = schema::DType::FLOAT64; };

// A tensor of the given dtype and shape holding a copy of `data`
// (product(shape) elements); zero-filled when data is null.
schema::Tensor MakeTensor(schema::DType::type dtype, const std::vector<int64_t>& shape,
                          const void* data = nullptr);

template <typename T>
schema::Tensor MakeTensor(const std::vector<int64_t>& shape, const T* data) {
  return MakeTensor(DTypeOf<T>::value, shape, data);
}

template <typename T>
schema::Tensor MakeTensor(const std::vector<T>& values) {
  return MakeTensor(DTypeOf<T>::value, {static_cast<int64_t>(values.size())},
                    values.data());
}

// Element count of a shape; throws InvalidInputError on a negative dimension
// or an overflowing product.
int64_t ElementCount(const std::vector<int64_t>& shape);

// Throws InvalidInputError("<what>: ...") unless the tensor is well-formed:
// dtype known, shape valid, data size == product(shape) * DTypeSize(dtype).
void CheckTensor(const schema::Tensor& t, const std::string& what);

// CheckTensor plus: dtype equals `dtype` and shape matches `shape`, where a
// dimension of -1 in `shape` matches any size.
void CheckTensor(const schema::Tensor& t, const std::string& what,
                 schema::DType::type dtype, const std::vector<int64_t>& shape);

// Throws InvalidInputError when a float tensor holds NaN or Inf.
void CheckFinite(const schema::Tensor& t, const std::string& what);

// Throws InvalidInputError unless a FLOAT32 tensor holds only finite values >= 0.
void CheckFiniteNonNegative(const schema::Tensor& t, const std::string& what);

// Typed access to a checked tensor's elements (no copy). Alignment is that of
// std::string storage, which suffices for every dtype here.
template <typename T>
const T* TensorData(const schema::Tensor& t) {
  return reinterpret_cast<const T*>(t.data.data());
}
template <typename T>
T* MutableTensorData(schema::Tensor* t) {
  return reinterpret_cast<T*>(&t->data[0]);
}

// "FLOAT32[16, 512, 768]".
std::string DescribeTensor(const schema::Tensor& t);

}  // namespace dolly

#endif  // DOLLY_LIBS_TENSOR_TENSOR_H_
