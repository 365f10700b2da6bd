#include "libs/inspect/tensor_stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace dolly::inspect {
namespace {

// Element-wise pass with its own accumulators, so the compiler keeps them in
// registers; memcpy because artifact bytes carry no alignment promise.
template <typename T>
void Accumulate(std::string_view data, TensorStats* stats) {
  const size_t n = data.size() / sizeof(T);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double sum = 0.0;
  int64_t finite = 0;
  int64_t zeros = 0;
  for (size_t i = 0; i < n; ++i) {
    T raw;
    std::memcpy(&raw, data.data() + i * sizeof(T), sizeof(T));
    const double v = static_cast<double>(raw);
    if constexpr (std::is_floating_point_v<T>) {
      if (!std::isfinite(v)) continue;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
    ++finite;
    zeros += v == 0.0;
  }
  TensorStats part;
  part.count = static_cast<int64_t>(n);
  part.finite = finite;
  part.min = lo;
  part.max = hi;
  part.sum = sum;
  part.zeros = zeros;
  stats->Merge(part);
}

}  // namespace

void TensorStats::Add(schema::DType::type dtype, std::string_view data) {
  switch (dtype) {
    case schema::DType::UINT8: return Accumulate<uint8_t>(data, this);
    case schema::DType::UINT16: return Accumulate<uint16_t>(data, this);
    case schema::DType::INT32: return Accumulate<int32_t>(data, this);
    case schema::DType::INT64: return Accumulate<int64_t>(data, this);
    case schema::DType::FLOAT32: return Accumulate<float>(data, this);
    case schema::DType::FLOAT64: return Accumulate<double>(data, this);
  }
}

void TensorStats::Merge(const TensorStats& other) {
  count += other.count;
  zeros += other.zeros;
  if (other.finite == 0) return;
  min = finite > 0 ? std::min(min, other.min) : other.min;
  max = finite > 0 ? std::max(max, other.max) : other.max;
  finite += other.finite;
  sum += other.sum;
}

TensorStats StatsOf(const schema::Tensor& tensor) {
  TensorStats stats;
  stats.Add(tensor);
  return stats;
}

}  // namespace dolly::inspect
