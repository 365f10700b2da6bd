// Value range of tensor elements, accumulated over any number of tensors so
// that a sequence can be summarised one frame at a time.
#ifndef DOLLY_LIBS_INSPECT_TENSOR_STATS_H_
#define DOLLY_LIBS_INSPECT_TENSOR_STATS_H_

#include <cstdint>
#include <string_view>

#include "schemas/common_types.h"

namespace dolly::inspect {

struct TensorStats {
  int64_t count = 0;      // elements seen
  int64_t finite = 0;     // elements in min/max/mean (NaN and Inf are left out)
  double min = 0.0;       // meaningful only when finite > 0
  double max = 0.0;
  double sum = 0.0;
  int64_t zeros = 0;      // elements equal to 0 (depth's "unknown")

  // Adds the elements of raw little-endian `data` of `dtype`; a trailing
  // partial element is ignored. An unknown dtype adds nothing.
  void Add(schema::DType::type dtype, std::string_view data);
  void Add(const schema::Tensor& tensor) { Add(tensor.dtype, tensor.data); }
  void Merge(const TensorStats& other);

  bool has_values() const { return finite > 0; }
  int64_t nonfinite() const { return count - finite; }
  double mean() const { return finite > 0 ? sum / static_cast<double>(finite) : 0.0; }
};

TensorStats StatsOf(const schema::Tensor& tensor);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_TENSOR_STATS_H_
