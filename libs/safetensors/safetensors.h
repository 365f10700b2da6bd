// The safetensors format (https://github.com/huggingface/safetensors), read and
// written directly: an 8-byte little-endian header length N, N bytes of JSON
// header {name: {"dtype", "shape", "data_offsets": [begin, end]},
// "__metadata__": {string: string}}, then the byte buffer the offsets index.
//
// Open() validates the whole header against the file's length before anything
// is allocated or read ("check every claimed size before
// allocating"): the header length must fit in the file, every tensor's dtype
// must be known, its element count times the dtype size must equal its byte
// range, and the ranges must tile the buffer exactly (sorted, starting at 0,
// no gaps, no overlaps, ending at the end of the file). Any violation is an
// InvalidInputError "<path>: tensor '<name>': ..."; an unreadable file is an
// IoError. Tensor data is read lazily, one tensor per Read().
#ifndef DOLLY_LIBS_SAFETENSORS_SAFETENSORS_H_
#define DOLLY_LIBS_SAFETENSORS_SAFETENSORS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dolly::safetensors {

// One tensor. `values` holds the elements in row-major order converted to
// float32: exactly for F32/F16/BF16/F8_*, rounded for F64 (to nearest) and for
// integers beyond 2^24.
struct SafeTensor {
  std::string dtype;  // "F32", "F16", "BF16", "F64", "I32", ...
  std::vector<int64_t> shape;
  std::vector<float> values;
};

// What the header says about a tensor, without its data.
struct TensorInfo {
  std::string dtype;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte range within the data buffer
  uint64_t end = 0;
  int64_t num_elements() const;
};

// Bytes per element of a dtype name; 0 when the name is not a safetensors
// dtype. Known: F64 F32 F16 BF16 F8_E4M3 F8_E5M2 I64 I32 I16 I8 U64 U32 U16 U8
// BOOL.
int DtypeSize(const std::string& dtype);

class SafetensorsFile {
 public:
  // Reads and validates the header. Throws InvalidInputError / IoError
  // naming `path`.
  static SafetensorsFile Open(const std::string& path);

  const std::string& path() const { return path_; }
  // Tensor names, sorted.
  std::vector<std::string> names() const;
  bool Has(const std::string& name) const;
  // Throws InvalidInputError naming the file and tensor when absent.
  const TensorInfo& Info(const std::string& name) const;
  // "__metadata__" (empty when the file has none).
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

  // Reads one tensor and converts it to float32. Throws InvalidInputError
  // when absent, IoError when the file can no longer be read (for instance
  // truncated since Open).
  SafeTensor Read(const std::string& name) const;
  // The tensor's raw little-endian bytes, as stored.
  std::vector<unsigned char> ReadBytes(const std::string& name) const;

 private:
  std::string path_;
  uint64_t data_start_ = 0;  // 8 + header length
  std::map<std::string, TensorInfo> tensors_;
  std::map<std::string, std::string> metadata_;
};

// Writes `tensors` (dtype F32, F16, BF16 or F64; values.size() must equal the
// product of shape) and `metadata` as a safetensors file, atomically
// (temporary file + rename). Tensors are laid out in name order; the header is
// padded with spaces to a multiple of 8 bytes. F16/BF16 round to nearest even
// (overflow to inf, NaN kept NaN). Throws InvalidInputError for a bad tensor
// (naming it), IoError when the file cannot be written.
void WriteSafetensors(const std::string& path,
                      const std::map<std::string, SafeTensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// Hand-written conversions (IEEE 754 binary16 and bfloat16), exposed for tests.
float HalfToFloat(uint16_t bits);
uint16_t FloatToHalf(float value);  // round to nearest even
float BFloat16ToFloat(uint16_t bits);
uint16_t FloatToBFloat16(float value);  // round to nearest even

}  // namespace dolly::safetensors

#endif  // DOLLY_LIBS_SAFETENSORS_SAFETENSORS_H_
