// SHA-256 (FIPS 180-4), for the input digests in artifact headers and the
// output digests in --json summaries.
#ifndef DOLLY_LIBS_CORE_SHA256_H_
#define DOLLY_LIBS_CORE_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace dolly {

class Sha256 {
 public:
  Sha256();
  void Update(const void* data, size_t size);
  // Lower-case hex of the digest; the object is spent afterwards.
  std::string HexDigest();

 private:
  void Block(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t length_ = 0;
};

std::string Sha256Hex(const std::string& bytes);

// Throws IoError naming the path when it cannot be read.
std::string Sha256File(const std::string& path);

}  // namespace dolly

#endif  // DOLLY_LIBS_CORE_SHA256_H_
