#include "libs/tensor/cv_bridge.h"

#include <cstring>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly {
namespace {

schema::DType::type DTypeFromDepth(int depth) {
  switch (depth) {
    case CV_8U: return schema::DType::UINT8;
    case CV_16U: return schema::DType::UINT16;
    case CV_32S: return schema::DType::INT32;
    case CV_32F: return schema::DType::FLOAT32;
    case CV_64F: return schema::DType::FLOAT64;
  }
  throw InvalidInputError("cv::Mat depth " + std::to_string(depth) + " has no tensor dtype");
}

int DepthFromDType(schema::DType::type dtype) {
  switch (dtype) {
    case schema::DType::UINT8: return CV_8U;
    case schema::DType::UINT16: return CV_16U;
    case schema::DType::INT32: return CV_32S;
    case schema::DType::FLOAT32: return CV_32F;
    case schema::DType::FLOAT64: return CV_64F;
    default: break;
  }
  throw InvalidInputError(std::string("tensor dtype ") + DTypeName(dtype) +
                          " has no cv::Mat depth");
}

}  // namespace

schema::Tensor TensorFromMat(const cv::Mat& mat) {
  if (mat.dims != 2) throw InvalidInputError("cv::Mat with " + std::to_string(mat.dims) + " dims");
  const cv::Mat packed = mat.isContinuous() ? mat : mat.clone();
  std::vector<int64_t> shape = {packed.rows, packed.cols};
  if (packed.channels() > 1) shape.push_back(packed.channels());
  return MakeTensor(DTypeFromDepth(packed.depth()), shape, packed.data);
}

cv::Mat MatFromTensor(const schema::Tensor& tensor) {
  CheckTensor(tensor, "tensor");
  const size_t rank = tensor.shape.size();
  if (rank != 2 && rank != 3) {
    throw InvalidInputError("tensor " + DescribeTensor(tensor) + " is not an image");
  }
  const int64_t channels = rank == 3 ? tensor.shape[2] : 1;
  if (channels < 1 || channels > 4 || tensor.shape[0] > (1 << 20) || tensor.shape[1] > (1 << 20)) {
    throw InvalidInputError("tensor " + DescribeTensor(tensor) + " is not an image");
  }
  cv::Mat mat(static_cast<int>(tensor.shape[0]), static_cast<int>(tensor.shape[1]),
              CV_MAKETYPE(DepthFromDType(tensor.dtype), static_cast<int>(channels)));
  if (!tensor.data.empty()) std::memcpy(mat.data, tensor.data.data(), tensor.data.size());
  return mat;
}

}  // namespace dolly
