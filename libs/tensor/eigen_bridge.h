// artifact tensors <-> Eigen row-major matrices ([rows, cols] tensors; [N]
// tensors read as N x 1).
#ifndef DOLLY_LIBS_TENSOR_EIGEN_BRIDGE_H_
#define DOLLY_LIBS_TENSOR_EIGEN_BRIDGE_H_

#include <string>

#include <Eigen/Core>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly {

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename T>
schema::Tensor TensorFromEigen(const Eigen::Ref<const RowMatrix<T>>& m) {
  const RowMatrix<T> packed = m;
  return MakeTensor<T>({static_cast<int64_t>(packed.rows()), static_cast<int64_t>(packed.cols())},
                       packed.data());
}

// A view of a rank-1 or rank-2 tensor of dtype T; throws InvalidInputError
// (naming `what`) on another dtype or rank.
template <typename T>
Eigen::Map<const RowMatrix<T>> EigenFromTensor(const schema::Tensor& t,
                                               const std::string& what = "tensor") {
  CheckTensor(t, what);
  if (t.dtype != DTypeOf<T>::value || t.shape.empty() || t.shape.size() > 2) {
    throw InvalidInputError(what + ": expected a rank-1 or rank-2 " +
                            DTypeName(DTypeOf<T>::value) + " tensor, got " + DescribeTensor(t));
  }
  const Eigen::Index rows = t.shape[0];
  const Eigen::Index cols = t.shape.size() == 2 ? t.shape[1] : 1;
  return Eigen::Map<const RowMatrix<T>>(TensorData<T>(t), rows, cols);
}

}  // namespace dolly

#endif  // DOLLY_LIBS_TENSOR_EIGEN_BRIDGE_H_
