#define BOOST_TEST_MODULE safetensors
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/safetensors/safetensors.h"

namespace dolly::safetensors {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

// A file made byte by byte: length prefix (claimed, possibly a lie), header
// text, data.
std::string WriteRaw(const std::string& name, uint64_t claimed_len, const std::string& header,
                     const std::vector<unsigned char>& data) {
  const std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (int i = 0; i < 8; ++i) out.put(static_cast<char>(claimed_len >> (8 * i)));
  out.write(header.data(), header.size());
  out.write(reinterpret_cast<const char*>(data.data()), data.size());
  return path;
}

std::string WriteRaw(const std::string& name, const std::string& header,
                     const std::vector<unsigned char>& data) {
  return WriteRaw(name, header.size(), header, data);
}

// Expects InvalidInputError whose message names the file and contains every
// one of `parts`.
template <typename F>
void ExpectInvalid(F&& f, const std::string& path, const std::vector<std::string>& parts) {
  try {
    f();
    BOOST_ERROR("no error for " << path);
  } catch (const InvalidInputError& e) {
    const std::string msg = e.what();
    BOOST_TEST_MESSAGE(msg);
    BOOST_TEST(msg.rfind(path + ": ", 0) == 0, msg);
    BOOST_TEST(msg.find('\n') == std::string::npos, msg);
    for (const auto& p : parts) BOOST_TEST(msg.find(p) != std::string::npos, msg << " lacks " << p);
  }
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

BOOST_AUTO_TEST_CASE(half_known_bit_patterns) {
  BOOST_TEST(FloatToHalf(1.0f) == 0x3C00);
  BOOST_TEST(HalfToFloat(0x3C00) == 1.0f);
  BOOST_TEST(FloatToHalf(-2.0f) == 0xC000);
  BOOST_TEST(FloatToHalf(65504.0f) == 0x7BFF);
  BOOST_TEST(HalfToFloat(0x7BFF) == 65504.0f);
  BOOST_TEST(FloatToHalf(65519.0f) == 0x7BFF);  // below the half-way point
  BOOST_TEST(FloatToHalf(65520.0f) == 0x7C00);  // ties to even -> inf
  BOOST_TEST(FloatToHalf(1e6f) == 0x7C00);
  const float tiny = std::ldexp(1.0f, -24);
  BOOST_TEST(FloatToHalf(tiny) == 0x0001);
  BOOST_TEST(HalfToFloat(0x0001) == tiny);
  BOOST_TEST(HalfToFloat(0x03FF) == std::ldexp(1023.0f, -24));  // largest subnormal
  BOOST_TEST(FloatToHalf(std::ldexp(1023.0f, -24)) == 0x03FF);
  BOOST_TEST(FloatToHalf(std::ldexp(1.0f, -14)) == 0x0400);  // smallest normal
  BOOST_TEST(FloatToHalf(std::ldexp(1.0f, -25)) == 0x0000);  // tie -> even (0)
  BOOST_TEST(FloatToHalf(std::ldexp(1.5f, -25)) == 0x0001);
  BOOST_TEST(FloatToHalf(std::ldexp(3.0f, -25)) == 0x0002);  // 1.5 ulp: tie -> even 2
  BOOST_TEST(FloatToHalf(1e-10f) == 0x0000);
  BOOST_TEST(FloatToHalf(-0.0f) == 0x8000);
  BOOST_TEST(Bits(HalfToFloat(0x8000)) == 0x80000000u);
  BOOST_TEST(FloatToHalf(std::numeric_limits<float>::infinity()) == 0x7C00);
  BOOST_TEST(FloatToHalf(-std::numeric_limits<float>::infinity()) == 0xFC00);
  BOOST_TEST(std::isinf(HalfToFloat(0x7C00)));
  BOOST_TEST(std::isnan(HalfToFloat(0x7E00)));
  BOOST_TEST(std::isnan(HalfToFloat(0x7C01)));  // signalling payload stays NaN
  const uint16_t nan = FloatToHalf(std::numeric_limits<float>::quiet_NaN());
  BOOST_TEST((nan & 0x7C00) == 0x7C00);
  BOOST_TEST((nan & 0x03FF) != 0);
  // 1 + 2^-11 is half-way between 1 and 1 + 2^-10: ties to even (1).
  BOOST_TEST(FloatToHalf(1.0f + std::ldexp(1.0f, -11)) == 0x3C00);
  BOOST_TEST(FloatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3C02);
  // Every half value survives half -> float -> half.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    BOOST_TEST_REQUIRE(FloatToHalf(f) == h, "half 0x" << std::hex << h);
  }
}

BOOST_AUTO_TEST_CASE(bfloat16_known_bit_patterns) {
  BOOST_TEST(FloatToBFloat16(1.0f) == 0x3F80);
  BOOST_TEST(BFloat16ToFloat(0x3F80) == 1.0f);
  BOOST_TEST(FloatToBFloat16(65504.0f) == 0x4780);  // 65536: 8 mantissa bits
  BOOST_TEST(FloatToBFloat16(-0.0f) == 0x8000);
  BOOST_TEST(Bits(BFloat16ToFloat(0x8000)) == 0x80000000u);
  BOOST_TEST(FloatToBFloat16(std::numeric_limits<float>::infinity()) == 0x7F80);
  BOOST_TEST(FloatToBFloat16(std::numeric_limits<float>::max()) == 0x7F80);  // rounds up
  BOOST_TEST(std::isnan(BFloat16ToFloat(FloatToBFloat16(std::numeric_limits<float>::quiet_NaN()))));
  // A NaN whose payload is only in the low 16 bits must not become inf.
  float low_nan;
  const uint32_t low_nan_bits = 0x7F800001u;
  std::memcpy(&low_nan, &low_nan_bits, 4);
  BOOST_TEST(std::isnan(BFloat16ToFloat(FloatToBFloat16(low_nan))));
  const float denorm = std::ldexp(1.0f, -133);  // bf16 subnormal 0x0001
  BOOST_TEST(FloatToBFloat16(denorm) == 0x0001);
  BOOST_TEST(BFloat16ToFloat(0x0001) == denorm);
  // 1 + 2^-8 ties to even (1); 1 + 3*2^-8 rounds to 1 + 2^-6.
  BOOST_TEST(FloatToBFloat16(1.0f + std::ldexp(1.0f, -8)) == 0x3F80);
  BOOST_TEST(FloatToBFloat16(1.0f + 3 * std::ldexp(1.0f, -8)) == 0x3F82);
}

void CheckSame(const std::vector<float>& got, const std::vector<float>& want) {
  BOOST_REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      BOOST_TEST(std::isnan(got[i]));
    } else {
      BOOST_TEST(Bits(got[i]) == Bits(want[i]), "element " << i << ": " << got[i] << " vs " << want[i]);
    }
  }
}

BOOST_AUTO_TEST_CASE(round_trip_each_dtype) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float sub = std::ldexp(1.0f, -24);
  // Values exactly representable in F16 and BF16 alike, plus specials.
  const std::vector<float> exact = {1.0f, -2.5f, 0.0f, -0.0f, inf, -inf, nan, 0.375f};
  std::map<std::string, SafeTensor> tensors;
  tensors["a_f32"] = {"F32", {2, 2}, {1.0f, 3.14159274f, std::ldexp(1.0f, -140), -inf}};
  tensors["b_f16"] = {"F16", {2, 4}, exact};
  tensors["c_f16_edges"] = {"F16", {3}, {65504.0f, sub, -sub}};
  tensors["d_bf16"] = {"BF16", {8}, exact};
  tensors["e_f64"] = {"F64", {1, 3}, {0.1f, nan, -inf}};
  tensors["f_scalar"] = {"F32", {}, {7.0f}};
  tensors["g_empty"] = {"F16", {0, 3}, {}};
  const std::string path = TempPath("round_trip.safetensors");
  WriteSafetensors(path, tensors, {{"format", "pt"}, {"note", "\"quoted\" é"}});

  const SafetensorsFile file = SafetensorsFile::Open(path);
  BOOST_TEST(file.names() == (std::vector<std::string>{"a_f32", "b_f16", "c_f16_edges", "d_bf16",
                                                       "e_f64", "f_scalar", "g_empty"}),
             boost::test_tools::per_element());
  BOOST_TEST(file.metadata().at("format") == "pt");
  BOOST_TEST(file.metadata().at("note") == "\"quoted\" é");
  for (const auto& [name, t] : tensors) {
    const SafeTensor got = file.Read(name);
    BOOST_TEST(got.dtype == t.dtype);
    BOOST_TEST(got.shape == t.shape, boost::test_tools::per_element());
    CheckSame(got.values, t.values);
  }
  // Stored bit patterns.
  const auto f16 = file.ReadBytes("c_f16_edges");
  BOOST_REQUIRE(f16.size() == 6u);
  BOOST_TEST((f16[0] | f16[1] << 8) == 0x7BFF);
  BOOST_TEST((f16[2] | f16[3] << 8) == 0x0001);
  BOOST_TEST((f16[4] | f16[5] << 8) == 0x8001);
  const auto bf16 = file.ReadBytes("d_bf16");
  BOOST_TEST((bf16[0] | bf16[1] << 8) == 0x3F80);
  BOOST_TEST((bf16[6] | bf16[7] << 8) == 0x8000);  // -0
  BOOST_TEST(file.Info("b_f16").num_elements() == 8);
  BOOST_TEST(file.Info("f_scalar").num_elements() == 1);
}

BOOST_AUTO_TEST_CASE(rounding_on_write) {
  const std::string path = TempPath("rounding.safetensors");
  WriteSafetensors(path, {{"h", {"F16", {2}, {1.0f + std::ldexp(1.0f, -12), 70000.0f}}},
                          {"b", {"BF16", {1}, {3.14159274f}}}});
  const auto file = SafetensorsFile::Open(path);
  BOOST_TEST(file.Read("h").values[0] == 1.0f);
  BOOST_TEST(std::isinf(file.Read("h").values[1]));
  BOOST_TEST(file.Read("b").values[0] == 3.140625f);
}

BOOST_AUTO_TEST_CASE(reads_integer_and_f8_dtypes) {
  // I32 [-1, 7], U8 [200], I64 [-3], BOOL [1, 0], F8_E4M3 [1.0 = 0x38, NaN = 0x7F],
  // F8_E5M2 [1.0 = 0x3C], F64 [0.5].
  std::vector<unsigned char> data = {0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0, 0,  // i32
                                     200,                                 // u8
                                     0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // i64
                                     1, 0,          // bool
                                     0x38, 0x7F,    // e4m3
                                     0x3C,          // e5m2
                                     0, 0, 0, 0, 0, 0, 0xE0, 0x3F};  // f64 0.5
  const std::string header =
      R"({"i32":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},)"
      R"("u8":{"dtype":"U8","shape":[1],"data_offsets":[8,9]},)"
      R"("i64":{"dtype":"I64","shape":[1],"data_offsets":[9,17]},)"
      R"("bool":{"dtype":"BOOL","shape":[2],"data_offsets":[17,19]},)"
      R"("e4m3":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[19,21]},)"
      R"("e5m2":{"dtype":"F8_E5M2","shape":[1],"data_offsets":[21,22]},)"
      R"("f64":{"dtype":"F64","shape":[1],"data_offsets":[22,30]}})";
  const std::string path = WriteRaw("ints.safetensors", header, data);
  const auto file = SafetensorsFile::Open(path);
  BOOST_TEST(file.metadata().empty());
  BOOST_TEST(file.Read("i32").values == (std::vector<float>{-1, 7}), boost::test_tools::per_element());
  BOOST_TEST(file.Read("u8").values[0] == 200.0f);
  BOOST_TEST(file.Read("i64").values[0] == -3.0f);
  BOOST_TEST(file.Read("bool").values == (std::vector<float>{1, 0}), boost::test_tools::per_element());
  BOOST_TEST(file.Read("e4m3").values[0] == 1.0f);
  BOOST_TEST(std::isnan(file.Read("e4m3").values[1]));
  BOOST_TEST(file.Read("e5m2").values[0] == 1.0f);
  BOOST_TEST(file.Read("f64").values[0] == 0.5f);
}

BOOST_AUTO_TEST_CASE(header_padding_and_unsorted_offsets_are_fine) {
  // Entries listed out of offset order, header padded with spaces.
  const std::string header =
      R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}    )";
  std::vector<unsigned char> data = {0, 0, 0x80, 0x3F, 0, 0, 0, 0x40};  // 1.0, 2.0
  const auto file = SafetensorsFile::Open(WriteRaw("padded.safetensors", header, data));
  BOOST_TEST(file.Read("a").values[0] == 1.0f);
  BOOST_TEST(file.Read("b").values[0] == 2.0f);
}

BOOST_AUTO_TEST_CASE(malformed_files_give_errors_naming_file_and_tensor) {
  const std::vector<unsigned char> four = {0, 0, 0x80, 0x3F};
  auto open = [](const std::string& p) { return [p] { SafetensorsFile::Open(p); }; };
  {
    const std::string p = TempPath("short.safetensors");
    std::ofstream(p, std::ios::binary) << "abc";
    ExpectInvalid(open(p), p, {"shorter than the 8-byte header length"});
  }
  {
    // A huge claimed header length on a tiny file: an error, no allocation.
    const std::string p = WriteRaw("huge_len.safetensors", 0xFFFFFFFFFFFFull, "{}", {});
    ExpectInvalid(open(p), p, {"header length 281474976710655 exceeds the file size (10 bytes)"});
    const std::string p2 = WriteRaw("max_len.safetensors", ~0ull, "{}", {});
    ExpectInvalid(open(p2), p2, {"exceeds the file size"});
  }
  {
    const std::string p = WriteRaw("bad_json.safetensors", "{\"a\": [1, ", four);
    ExpectInvalid(open(p), p, {"header is not valid JSON"});
  }
  {
    // Deeply nested JSON: an error, not a stack overflow.
    const std::string p = WriteRaw("deep.safetensors", std::string(1000000, '[') + std::string(1000000, ']'), {});
    ExpectInvalid(open(p), p, {"header is not a JSON object"});
    const std::string p2 = WriteRaw("deep_open.safetensors", std::string(1000000, '['), {});
    ExpectInvalid(open(p2), p2, {"header is not valid JSON"});
  }
  {
    const std::string p = WriteRaw("array.safetensors", "[1,2,3]", {});
    ExpectInvalid(open(p), p, {"header is not a JSON object"});
  }
  {
    const std::string p = WriteRaw(
        "unknown_dtype.safetensors", R"({"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "unknown dtype 'Q4'"});
  }
  {
    const std::string p = WriteRaw(
        "no_dtype.safetensors", R"({"w":{"shape":[1],"data_offsets":[0,4]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "dtype"});
  }
  {
    const std::string p = WriteRaw(
        "neg_shape.safetensors", R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "non-negative integer"});
  }
  {
    const std::string p = WriteRaw(
        "bad_offsets.safetensors", R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "data_offsets"});
  }
  {
    const std::string p = WriteRaw(
        "reversed.safetensors", R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "end before they begin"});
  }
  {
    // Offsets past the end of the file.
    const std::string p = WriteRaw(
        "past_end.safetensors",
        R"({"w":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "run past the data buffer (4 bytes)"});
  }
  {
    // Element count x dtype size != byte range.
    const std::string p = WriteRaw(
        "count.safetensors", R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", four);
    ExpectInvalid(open(p), p, {"tensor 'w'", "shape [2] of F32 does not match its byte range of 4 bytes"});
    const std::string p2 = WriteRaw(
        "overflow.safetensors",
        R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,4]}})", four);
    ExpectInvalid(open(p2), p2, {"tensor 'w'", "does not match its byte range"});
  }
  {
    // Overlap.
    const std::vector<unsigned char> eight(8, 0);
    const std::string p = WriteRaw(
        "overlap.safetensors",
        R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
        eight);
    ExpectInvalid(open(p), p, {"tensor 'b'", "overlap those of tensor 'a'"});
  }
  {
    // Gap.
    const std::vector<unsigned char> twelve(12, 0);
    const std::string p = WriteRaw(
        "gap.safetensors",
        R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
        twelve);
    ExpectInvalid(open(p), p, {"tensor 'b'", "gap of 4 bytes"});
    // Trailing bytes no tensor owns.
    const std::string p2 = WriteRaw(
        "trailing.safetensors", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", twelve);
    ExpectInvalid(open(p2), p2, {"cover 4 of the 12 data bytes"});
  }
  {
    const std::string p = WriteRaw("bad_meta.safetensors", R"({"__metadata__":{"n":3}})", {});
    ExpectInvalid(open(p), p, {"__metadata__", "'n'", "not a string"});
  }
  {
    const std::string p = WriteRaw(
        "ok.safetensors", R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", four);
    const auto file = SafetensorsFile::Open(p);
    ExpectInvalid([&] { file.Read("zz"); }, p, {"tensor 'zz'", "no such tensor"});
  }
}

BOOST_AUTO_TEST_CASE(unreadable_file_is_an_io_error) {
  BOOST_CHECK_THROW(SafetensorsFile::Open(TempPath("does_not_exist.safetensors")), IoError);
  const char* dir = std::getenv("TEST_TMPDIR");
  BOOST_CHECK_THROW(SafetensorsFile::Open(dir ? dir : "/tmp"), IoError);
  try {
    SafetensorsFile::Open(TempPath("does_not_exist.safetensors"));
  } catch (const IoError& e) {
    BOOST_TEST(std::string(e.what()).find("does_not_exist.safetensors") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(truncated_after_open_is_an_io_error) {
  const std::string p = TempPath("truncate.safetensors");
  WriteSafetensors(p, {{"w", {"F32", {4}, {1, 2, 3, 4}}}});
  const auto file = SafetensorsFile::Open(p);
  std::ofstream(p, std::ios::binary | std::ios::trunc) << "x";
  BOOST_CHECK_THROW(file.Read("w"), IoError);
}

BOOST_AUTO_TEST_CASE(writer_rejects_bad_tensors) {
  const std::string p = TempPath("bad_write.safetensors");
  BOOST_CHECK_THROW(WriteSafetensors(p, {{"w", {"F32", {3}, {1, 2}}}}), InvalidInputError);
  BOOST_CHECK_THROW(WriteSafetensors(p, {{"w", {"I32", {1}, {1}}}}), InvalidInputError);
  BOOST_CHECK_THROW(WriteSafetensors(p, {{"__metadata__", {"F32", {1}, {1}}}}), InvalidInputError);
  std::ifstream in(p);
  BOOST_TEST(!in.good());  // nothing written
}

}  // namespace
}  // namespace dolly::safetensors
