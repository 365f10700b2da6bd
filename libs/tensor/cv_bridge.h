// artifact tensors <-> cv::Mat. Shapes: [H, W] for one channel, [H, W, C] for
// C channels. Both directions copy (artifact bytes must outlive nothing).
#ifndef DOLLY_LIBS_TENSOR_CV_BRIDGE_H_
#define DOLLY_LIBS_TENSOR_CV_BRIDGE_H_

#include <opencv2/core.hpp>

#include "schemas/common_types.h"

namespace dolly {

// Supported Mat depths: CV_8U, CV_16U, CV_32S, CV_32F, CV_64F; 1 channel gives
// shape [H, W], more give [H, W, C].
schema::Tensor TensorFromMat(const cv::Mat& mat);

// Throws InvalidInputError for a malformed tensor, a rank other than 2 or 3,
// more than 4 channels, or an INT64 dtype (cv::Mat has none).
cv::Mat MatFromTensor(const schema::Tensor& tensor);

}  // namespace dolly

#endif  // DOLLY_LIBS_TENSOR_CV_BRIDGE_H_
