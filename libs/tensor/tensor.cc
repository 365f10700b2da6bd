#include "libs/tensor/tensor.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "libs/core/error.h"

namespace dolly {

size_t DTypeSize(schema::DType::type dtype) {
  switch (dtype) {
    case schema::DType::UINT8: return 1;
    case schema::DType::UINT16: return 2;
    case schema::DType::INT32: return 4;
    case schema::DType::INT64: return 8;
    case schema::DType::FLOAT32: return 4;
    case schema::DType::FLOAT64: return 8;
  }
  return 0;
}

const char* DTypeName(schema::DType::type dtype) {
  switch (dtype) {
    case schema::DType::UINT8: return "UINT8";
    case schema::DType::UINT16: return "UINT16";
    case schema::DType::INT32: return "INT32";
    case schema::DType::INT64: return "INT64";
    case schema::DType::FLOAT32: return "FLOAT32";
    case schema::DType::FLOAT64: return "FLOAT64";
  }
  return "UNKNOWN";
}

int64_t ElementCount(const std::vector<int64_t>& shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) throw InvalidInputError("negative tensor dimension " + std::to_string(d));
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / 8 / d) {
      throw InvalidInputError("tensor shape overflows");
    }
    count *= d;
  }
  return count;
}

schema::Tensor MakeTensor(schema::DType::type dtype, const std::vector<int64_t>& shape,
                          const void* data) {
  schema::Tensor t;
  t.__set_dtype(dtype);
  t.__set_shape(shape);
  const size_t bytes = static_cast<size_t>(ElementCount(shape)) * DTypeSize(dtype);
  std::string buffer(bytes, '\0');
  if (data != nullptr && bytes > 0) std::memcpy(&buffer[0], data, bytes);
  t.__set_data(std::move(buffer));
  return t;
}

void CheckTensor(const schema::Tensor& t, const std::string& what) {
  if (!t.__isset.dtype || DTypeSize(t.dtype) == 0) {
    throw InvalidInputError(what + ": tensor has no valid dtype");
  }
  if (!t.__isset.shape) throw InvalidInputError(what + ": tensor has no shape");
  int64_t count;
  try {
    count = ElementCount(t.shape);
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(what + ": " + e.what());
  }
  const uint64_t expected = static_cast<uint64_t>(count) * DTypeSize(t.dtype);
  if (t.data.size() != expected) {
    throw InvalidInputError(what + ": tensor " + DescribeTensor(t) + " needs " +
                            std::to_string(expected) + " bytes but holds " +
                            std::to_string(t.data.size()));
  }
}

void CheckTensor(const schema::Tensor& t, const std::string& what, schema::DType::type dtype,
                 const std::vector<int64_t>& shape) {
  CheckTensor(t, what);
  bool ok = t.dtype == dtype && t.shape.size() == shape.size();
  for (size_t i = 0; ok && i < shape.size(); ++i) {
    ok = shape[i] < 0 || shape[i] == t.shape[i];
  }
  if (!ok) {
    std::ostringstream expected;
    expected << DTypeName(dtype) << "[";
    for (size_t i = 0; i < shape.size(); ++i) {
      if (i) expected << ", ";
      if (shape[i] < 0) {
        expected << "*";
      } else {
        expected << shape[i];
      }
    }
    expected << "]";
    throw InvalidInputError(what + ": expected a tensor " + expected.str() + ", got " +
                            DescribeTensor(t));
  }
}

namespace {

// Branch-free scans that the compiler vectorises; the slow per-element loop
// runs only to name the offending element once a scan has found one. The
// fixed-size inner loops let GCC's cheap -O2 cost model vectorise them.
constexpr size_t kBlock = 64;

template <typename Word, typename IsBad>
bool AnyBad(const Word* words, size_t n, IsBad is_bad) {
  Word bad = 0;
  size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    for (size_t j = 0; j < kBlock; ++j) bad |= is_bad(words[i + j]);
  }
  for (; i < n; ++i) bad |= is_bad(words[i]);
  return bad != 0;
}

bool AnyNonFinite(const float* p, size_t n) {
  return AnyBad(reinterpret_cast<const uint32_t*>(p), n, [](uint32_t b) -> uint32_t {
    return (b & 0x7f800000u) == 0x7f800000u;
  });
}

bool AnyNonFinite(const double* p, size_t n) {
  return AnyBad(reinterpret_cast<const uint64_t*>(p), n, [](uint64_t b) -> uint64_t {
    return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull;
  });
}

// As signed integers, finite non-negative floats are exactly 0..0x7f7fffff
// (-0 is INT32_MIN, also allowed).
bool AnyNegativeOrNonFinite(const float* p, size_t n) {
  return AnyBad(reinterpret_cast<const int32_t*>(p), n, [](int32_t b) -> int32_t {
    return (b > 0x7f7fffff) | ((b < 0) & (b != INT32_MIN));
  });
}

template <typename T>
void CheckFiniteAs(const schema::Tensor& t, const std::string& what) {
  const size_t n = t.data.size() / sizeof(T);
  const T* p = TensorData<T>(t);
  if (!AnyNonFinite(p, n)) return;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(p[i])) {
      throw InvalidInputError(what + ": element " + std::to_string(i) + " is " +
                              (std::isnan(p[i]) ? "NaN" : "Inf"));
    }
  }
}

}  // namespace

void CheckFinite(const schema::Tensor& t, const std::string& what) {
  if (t.dtype == schema::DType::FLOAT32) CheckFiniteAs<float>(t, what);
  if (t.dtype == schema::DType::FLOAT64) CheckFiniteAs<double>(t, what);
}

void CheckFiniteNonNegative(const schema::Tensor& t, const std::string& what) {
  if (t.dtype != schema::DType::FLOAT32) {
    throw InvalidInputError(what + ": expected FLOAT32, got " + DescribeTensor(t));
  }
  const size_t n = t.data.size() / sizeof(float);
  const float* p = TensorData<float>(t);
  if (!AnyNegativeOrNonFinite(p, n)) return;
  for (size_t i = 0; i < n; ++i) {
    if (!(p[i] >= 0.f && std::isfinite(p[i]))) {
      throw InvalidInputError(what + ": element " + std::to_string(i) + " is " +
                              (std::isnan(p[i]) ? "NaN" : std::isinf(p[i]) ? "Inf" : "negative"));
    }
  }
}

std::string DescribeTensor(const schema::Tensor& t) {
  std::ostringstream out;
  out << DTypeName(t.dtype) << "[";
  for (size_t i = 0; i < t.shape.size(); ++i) {
    if (i) out << ", ";
    out << t.shape[i];
  }
  out << "]";
  return out.str();
}

}  // namespace dolly
