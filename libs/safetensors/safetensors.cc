#include "libs/safetensors/safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <utility>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::safetensors {
namespace {

// The reference implementation refuses headers above 100 MB; so do we, which
// also bounds what a header claiming to fit a huge file can make us allocate.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;

[[noreturn]] void Invalid(const std::string& path, const std::string& what) {
  throw InvalidInputError(path + ": " + what);
}

[[noreturn]] void InvalidTensor(const std::string& path, const std::string& name,
                                const std::string& what) {
  throw InvalidInputError(path + ": tensor '" + name + "': " + what);
}

uint32_t FloatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

float BitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

uint64_t LoadLe(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void StoreLe(uint64_t v, int bytes, std::vector<unsigned char>* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<unsigned char>(v >> (8 * i)));
}

// F8 E4M3 "FN" (the variant safetensors and PyTorch use): bias 7, no
// infinities, S.1111.111 is NaN.
float E4M3ToFloat(uint8_t b) {
  const bool neg = b & 0x80;
  const int exp = (b >> 3) & 0xF;
  const int mant = b & 0x7;
  float v;
  if (exp == 0xF && mant == 0x7) {
    v = std::numeric_limits<float>::quiet_NaN();
  } else if (exp == 0) {
    v = std::ldexp(static_cast<float>(mant), -9);
  } else {
    v = std::ldexp(static_cast<float>(8 + mant), exp - 7 - 3);
  }
  return neg ? -v : v;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const uint32_t exp = (h >> 10) & 0x1F;
  const uint32_t mant = h & 0x3FF;
  if (exp == 0) {
    // Zero or subnormal: mant * 2^-24, exact in float32.
    const float v = std::ldexp(static_cast<float>(mant), -24);
    return sign ? -v : v;
  }
  if (exp == 0x1F) {
    // Inf, or NaN with its payload kept.
    return BitsFloat(sign | 0x7F800000u | (mant << 13));
  }
  return BitsFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

uint16_t FloatToHalf(float value) {
  const uint32_t f = FloatBits(value);
  const uint16_t sign = static_cast<uint16_t>((f >> 16) & 0x8000);
  const uint32_t abs = f & 0x7FFFFFFFu;
  if (abs >= 0x7F800000u) {
    if (abs > 0x7F800000u) {  // NaN: keep the top payload bits, force quiet.
      return static_cast<uint16_t>(sign | 0x7E00 | ((abs >> 13) & 0x3FF));
    }
    return static_cast<uint16_t>(sign | 0x7C00);
  }
  // 65520 (half-way between 65504 and 2^16) and above round to infinity.
  if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00);
  if (abs < 0x38800000u) {
    // Below 2^-14: a half subnormal (or zero), in units of 2^-24.
    const int e = static_cast<int>(abs >> 23);
    const int shift = 126 - e;  // value = m * 2^(e-150) = (m >> shift) * 2^-24
    if (shift > 24) return sign;
    const uint32_t m = (abs & 0x7FFFFFu) | 0x800000u;
    uint32_t r = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1);
    const uint32_t halfway = 1u << (shift - 1);
    if (rem > halfway || (rem == halfway && (r & 1))) ++r;
    return static_cast<uint16_t>(sign | r);
  }
  uint32_t r = (abs - 0x38000000u) >> 13;  // re-bias exponent 127 -> 15
  const uint32_t rem = abs & 0x1FFF;
  if (rem > 0x1000 || (rem == 0x1000 && (r & 1))) ++r;  // carry may bump exp
  return static_cast<uint16_t>(sign | r);
}

float BFloat16ToFloat(uint16_t bits) { return BitsFloat(static_cast<uint32_t>(bits) << 16); }

uint16_t FloatToBFloat16(float value) {
  const uint32_t f = FloatBits(value);
  if ((f & 0x7FFFFFFFu) > 0x7F800000u) {
    return static_cast<uint16_t>((f >> 16) | 0x0040);  // quiet NaN
  }
  const uint32_t rounding = 0x7FFFu + ((f >> 16) & 1);
  return static_cast<uint16_t>((f + rounding) >> 16);  // overflow -> inf
}

int DtypeSize(const std::string& d) {
  static const std::map<std::string, int> kSizes = {
      {"F64", 8}, {"F32", 4}, {"F16", 2},  {"BF16", 2}, {"F8_E4M3", 1},
      {"F8_E5M2", 1}, {"I64", 8}, {"I32", 4}, {"I16", 2}, {"I8", 1},
      {"U64", 8}, {"U32", 4}, {"U16", 2},  {"U8", 1},   {"BOOL", 1}};
  const auto it = kSizes.find(d);
  return it == kSizes.end() ? 0 : it->second;
}

int64_t TensorInfo::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;  // validated not to overflow at Open
  return n;
}

SafetensorsFile SafetensorsFile::Open(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw IoError(path + ": cannot open safetensors file: " +
                  (ec ? ec.message() : "no such file"));
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw IoError(path + ": cannot open safetensors file: not a regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open safetensors file: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff end_pos = in.tellg();
  if (end_pos < 0) throw IoError(path + ": cannot determine the file size");
  const uint64_t file_size = static_cast<uint64_t>(end_pos);
  in.seekg(0);

  if (file_size < 8) {
    Invalid(path, "not a safetensors file: " + std::to_string(file_size) +
                      " bytes, shorter than the 8-byte header length");
  }
  unsigned char len_bytes[8];
  if (!in.read(reinterpret_cast<char*>(len_bytes), 8)) {
    throw IoError(path + ": cannot read the header length");
  }
  const uint64_t header_len = LoadLe(len_bytes, 8);
  if (header_len > file_size - 8) {
    Invalid(path, "header length " + std::to_string(header_len) +
                      " exceeds the file size (" + std::to_string(file_size) + " bytes)");
  }
  if (header_len > kMaxHeaderBytes) {
    Invalid(path, "header length " + std::to_string(header_len) +
                      " exceeds the 100 MB limit of the format");
  }
  if (header_len < 2) Invalid(path, "header of " + std::to_string(header_len) + " bytes is no JSON object");
  std::string header(header_len, '\0');
  if (!in.read(&header[0], static_cast<std::streamsize>(header_len))) {
    throw IoError(path + ": cannot read the " + std::to_string(header_len) + "-byte header");
  }

  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(header);
  } catch (const nlohmann::json::parse_error& e) {
    Invalid(path, std::string("header is not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) Invalid(path, "header is not a JSON object");

  SafetensorsFile file;
  file.path_ = path;
  file.data_start_ = 8 + header_len;
  const uint64_t buffer_size = file_size - file.data_start_;

  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& name = it.key();
    const nlohmann::json& v = it.value();
    if (name == "__metadata__") {
      if (!v.is_object()) Invalid(path, "\"__metadata__\" is not a JSON object");
      for (auto m = v.begin(); m != v.end(); ++m) {
        if (!m.value().is_string()) {
          Invalid(path, "\"__metadata__\" entry '" + m.key() + "' is not a string");
        }
        file.metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    if (!v.is_object()) InvalidTensor(path, name, "header entry is not a JSON object");
    const auto dtype_it = v.find("dtype");
    const auto shape_it = v.find("shape");
    const auto offsets_it = v.find("data_offsets");
    if (dtype_it == v.end() || !dtype_it->is_string()) {
      InvalidTensor(path, name, "missing or non-string \"dtype\"");
    }
    if (shape_it == v.end() || !shape_it->is_array()) {
      InvalidTensor(path, name, "missing or non-array \"shape\"");
    }
    if (offsets_it == v.end() || !offsets_it->is_array() || offsets_it->size() != 2) {
      InvalidTensor(path, name, "\"data_offsets\" is not an array [begin, end]");
    }
    TensorInfo info;
    info.dtype = dtype_it->get<std::string>();
    const int elem_size = DtypeSize(info.dtype);
    if (elem_size == 0) InvalidTensor(path, name, "unknown dtype '" + info.dtype + "'");

    uint64_t count = 1;
    bool count_overflow = false;
    for (const auto& d : *shape_it) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0) {
        InvalidTensor(path, name, "shape " + shape_it->dump() + " has a dimension that is not a non-negative integer");
      }
      const uint64_t dim = d.get<uint64_t>();
      info.shape.push_back(static_cast<int64_t>(dim));
      if (__builtin_mul_overflow(count, dim, &count) || count > (1ull << 62)) {
        count_overflow = true;
        count = 0;  // keep checking the other dims; reported below
      }
    }
    for (const auto& o : *offsets_it) {
      if (!o.is_number_integer() || o.get<int64_t>() < 0) {
        InvalidTensor(path, name, "data_offsets " + offsets_it->dump() +
                                      " are not non-negative integers");
      }
    }
    info.begin = (*offsets_it)[0].get<uint64_t>();
    info.end = (*offsets_it)[1].get<uint64_t>();
    if (info.begin > info.end) {
      InvalidTensor(path, name, "data_offsets " + offsets_it->dump() + " end before they begin");
    }
    if (info.end > buffer_size) {
      InvalidTensor(path, name, "data_offsets " + offsets_it->dump() +
                                    " run past the data buffer (" + std::to_string(buffer_size) +
                                    " bytes)");
    }
    uint64_t bytes = 0;
    const bool shape_zero =
        std::any_of(info.shape.begin(), info.shape.end(), [](int64_t d) { return d == 0; });
    if ((count_overflow && !shape_zero) ||
        __builtin_mul_overflow(shape_zero ? 0 : count, static_cast<uint64_t>(elem_size), &bytes) ||
        bytes != info.end - info.begin) {
      InvalidTensor(path, name, "shape " + ShapeText(info.shape) + " of " + info.dtype +
                                    " does not match its byte range of " +
                                    std::to_string(info.end - info.begin) + " bytes");
    }
    file.tensors_.emplace(name, std::move(info));
  }

  // The ranges must tile the buffer: sorted, contiguous, no overlap, no slack.
  std::vector<std::pair<const std::string*, const TensorInfo*>> order;
  for (const auto& [name, info] : file.tensors_) order.emplace_back(&name, &info);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.second->begin, a.second->end) <
           std::make_pair(b.second->begin, b.second->end);
  });
  uint64_t expected = 0;
  const std::string* previous = nullptr;
  for (const auto& [name, info] : order) {
    if (info->begin < expected) {
      InvalidTensor(path, *name, "data_offsets [" + std::to_string(info->begin) + ", " +
                                     std::to_string(info->end) + "] overlap those of tensor '" +
                                     *previous + "'");
    }
    if (info->begin > expected) {
      InvalidTensor(path, *name, "data_offsets [" + std::to_string(info->begin) + ", " +
                                     std::to_string(info->end) + "] leave a gap of " +
                                     std::to_string(info->begin - expected) +
                                     " bytes before them (ranges must be contiguous)");
    }
    expected = info->end;
    previous = name;
  }
  if (expected != buffer_size) {
    Invalid(path, "the tensors cover " + std::to_string(expected) + " of the " +
                      std::to_string(buffer_size) + " data bytes (trailing bytes belong to no tensor)");
  }
  return file;
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(tensors_.size());
  for (const auto& kv : tensors_) out.push_back(kv.first);
  return out;
}

bool SafetensorsFile::Has(const std::string& name) const { return tensors_.count(name) > 0; }

const TensorInfo& SafetensorsFile::Info(const std::string& name) const {
  const auto it = tensors_.find(name);
  if (it == tensors_.end()) InvalidTensor(path_, name, "no such tensor in the file");
  return it->second;
}

std::vector<unsigned char> SafetensorsFile::ReadBytes(const std::string& name) const {
  const TensorInfo& info = Info(name);
  std::ifstream in(path_, std::ios::binary);
  if (!in) throw IoError(path_ + ": cannot reopen safetensors file: " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0 || static_cast<uint64_t>(size) < data_start_ + info.end) {
    throw IoError(path_ + ": tensor '" + name + "': file is shorter than when it was opened");
  }
  std::vector<unsigned char> bytes(info.end - info.begin);
  in.seekg(static_cast<std::streamoff>(data_start_ + info.begin));
  if (!bytes.empty() &&
      !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    throw IoError(path_ + ": tensor '" + name + "': cannot read its " +
                  std::to_string(bytes.size()) + " bytes");
  }
  return bytes;
}

SafeTensor SafetensorsFile::Read(const std::string& name) const {
  const TensorInfo& info = Info(name);
  const std::vector<unsigned char> bytes = ReadBytes(name);
  SafeTensor t;
  t.dtype = info.dtype;
  t.shape = info.shape;
  const int size = DtypeSize(info.dtype);
  const size_t n = bytes.size() / size;
  t.values.resize(n);
  const unsigned char* p = bytes.data();
  const std::string& d = info.dtype;
  for (size_t i = 0; i < n; ++i, p += size) {
    const uint64_t raw = LoadLe(p, size);
    float v;
    if (d == "F32") {
      v = BitsFloat(static_cast<uint32_t>(raw));
    } else if (d == "F16") {
      v = HalfToFloat(static_cast<uint16_t>(raw));
    } else if (d == "BF16") {
      v = BFloat16ToFloat(static_cast<uint16_t>(raw));
    } else if (d == "F64") {
      double x;
      std::memcpy(&x, &raw, sizeof x);
      v = static_cast<float>(x);
    } else if (d == "F8_E5M2") {
      v = HalfToFloat(static_cast<uint16_t>(raw << 8));
    } else if (d == "F8_E4M3") {
      v = E4M3ToFloat(static_cast<uint8_t>(raw));
    } else if (d == "I64") {
      v = static_cast<float>(static_cast<int64_t>(raw));
    } else if (d == "I32") {
      v = static_cast<float>(static_cast<int32_t>(static_cast<uint32_t>(raw)));
    } else if (d == "I16") {
      v = static_cast<float>(static_cast<int16_t>(static_cast<uint16_t>(raw)));
    } else if (d == "I8") {
      v = static_cast<float>(static_cast<int8_t>(static_cast<uint8_t>(raw)));
    } else if (d == "BOOL") {
      v = raw != 0 ? 1.0f : 0.0f;
    } else {  // U8..U64
      v = static_cast<float>(raw);
    }
    t.values[i] = v;
  }
  return t;
}

void WriteSafetensors(const std::string& path, const std::map<std::string, SafeTensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto& [name, t] : tensors) {
    if (name == "__metadata__") {
      throw InvalidInputError(path + ": '__metadata__' is reserved and cannot name a tensor");
    }
    if (t.dtype != "F32" && t.dtype != "F16" && t.dtype != "BF16" && t.dtype != "F64") {
      throw InvalidInputError(path + ": tensor '" + name + "': cannot write dtype '" + t.dtype +
                              "' (F32, F16, BF16 or F64)");
    }
    uint64_t count = 1;
    for (int64_t d : t.shape) {
      if (d < 0) throw InvalidInputError(path + ": tensor '" + name + "': negative dimension in shape " + ShapeText(t.shape));
      count *= static_cast<uint64_t>(d);
    }
    if (count != t.values.size()) {
      throw InvalidInputError(path + ": tensor '" + name + "': shape " + ShapeText(t.shape) +
                              " holds " + std::to_string(count) + " elements, given " +
                              std::to_string(t.values.size()));
    }
    const uint64_t bytes = count * DtypeSize(t.dtype);
    header[name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  while (text.size() % 8 != 0) text.push_back(' ');

  std::vector<unsigned char> out;
  out.reserve(8 + text.size() + offset);
  StoreLe(text.size(), 8, &out);
  out.insert(out.end(), text.begin(), text.end());
  for (const auto& [name, t] : tensors) {
    for (float v : t.values) {
      if (t.dtype == "F32") {
        StoreLe(FloatBits(v), 4, &out);
      } else if (t.dtype == "F16") {
        StoreLe(FloatToHalf(v), 2, &out);
      } else if (t.dtype == "BF16") {
        StoreLe(FloatToBFloat16(v), 2, &out);
      } else {
        const double x = v;
        uint64_t u;
        std::memcpy(&u, &x, sizeof u);
        StoreLe(u, 8, &out);
      }
    }
  }
  fileio::WriteFileAtomically(path, out);
}

}  // namespace dolly::safetensors
