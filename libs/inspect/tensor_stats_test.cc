#define BOOST_TEST_MODULE tensor_stats_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "libs/inspect/tensor_stats.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

template <typename T>
TensorStats Of(const std::vector<T>& values) {
  return StatsOf(MakeTensor<T>(values));
}

BOOST_AUTO_TEST_CASE(every_dtype_gives_exact_min_max_mean) {
  const TensorStats u8 = Of<uint8_t>({0, 255, 3});
  BOOST_TEST(u8.min == 0.0);
  BOOST_TEST(u8.max == 255.0);
  BOOST_TEST(u8.mean() == 86.0);
  const TensorStats u16 = Of<uint16_t>({65535, 1});
  BOOST_TEST(u16.min == 1.0);
  BOOST_TEST(u16.max == 65535.0);
  const TensorStats i32 = Of<int32_t>({-7, 5, 2});
  BOOST_TEST(i32.min == -7.0);
  BOOST_TEST(i32.max == 5.0);
  BOOST_TEST(i32.mean() == 0.0);
  const TensorStats i64 = Of<int64_t>({-(int64_t{1} << 40), 4});
  BOOST_TEST(i64.min == -std::ldexp(1.0, 40));
  const TensorStats f32 = Of<float>({0.5f, -1.25f, 2.0f, 0.75f});
  BOOST_TEST(f32.min == -1.25);
  BOOST_TEST(f32.max == 2.0);
  BOOST_TEST(f32.mean() == 0.5);
  BOOST_TEST(f32.count == 4);
  BOOST_TEST(f32.zeros == 0);
  BOOST_TEST(Of<float>({0.0f, -0.0f, 1.0f}).zeros == 2);
  const TensorStats f64 = Of<double>({1e-300, 1e300});
  BOOST_TEST(f64.min == 1e-300);
  BOOST_TEST(f64.max == 1e300);
}

BOOST_AUTO_TEST_CASE(nan_and_inf_are_counted_but_left_out_of_the_range) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const TensorStats stats = Of<float>({nan, 1.0f, inf, 3.0f, -inf});
  BOOST_TEST(stats.count == 5);
  BOOST_TEST(stats.finite == 2);
  BOOST_TEST(stats.nonfinite() == 3);
  BOOST_TEST(stats.min == 1.0);
  BOOST_TEST(stats.max == 3.0);
  BOOST_TEST(stats.mean() == 2.0);
  const TensorStats none = Of<float>({nan, nan});
  BOOST_TEST(!none.has_values());
  BOOST_TEST(none.mean() == 0.0);
}

BOOST_AUTO_TEST_CASE(merging_equals_accumulating_everything_at_once) {
  TensorStats merged = Of<float>({4.0f, 6.0f});
  merged.Merge(Of<float>({}));
  merged.Merge(Of<float>({-2.0f, 0.0f, 2.0f}));
  const TensorStats all = Of<float>({4.0f, 6.0f, -2.0f, 0.0f, 2.0f});
  BOOST_TEST(merged.min == all.min);
  BOOST_TEST(merged.max == all.max);
  BOOST_TEST(merged.mean() == all.mean());
  BOOST_TEST(merged.count == all.count);
  TensorStats from_empty;
  from_empty.Merge(Of<uint8_t>({9}));
  BOOST_TEST(from_empty.min == 9.0);
  BOOST_TEST(from_empty.max == 9.0);
}

BOOST_AUTO_TEST_CASE(unaligned_and_partial_bytes_are_handled) {
  // A view one byte into a buffer: elements are not aligned.
  std::string bytes(1 + 2 * sizeof(float) + 1, '\0');
  const float values[2] = {1.5f, -4.0f};
  std::memcpy(&bytes[1], values, sizeof(values));
  TensorStats stats;
  stats.Add(schema::DType::FLOAT32, std::string_view(bytes).substr(1));  // 9 bytes: 2 floats + 1
  BOOST_TEST(stats.count == 2);
  BOOST_TEST(stats.min == -4.0);
  TensorStats unknown;
  unknown.Add(static_cast<schema::DType::type>(99), bytes);
  BOOST_TEST(unknown.count == 0);
}

}  // namespace
}  // namespace dolly::inspect
