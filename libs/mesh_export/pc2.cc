#include "libs/mesh_export/pc2.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <string>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::mesh_export {
namespace {

constexpr char kMagic[12] = {'P', 'O', 'I', 'N', 'T', 'C', 'A', 'C', 'H', 'E', '2', '\0'};

// Little-endian encoding independent of the host's byte order.
void PutU32(uint32_t v, unsigned char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<unsigned char>(v >> (8 * i));
}
void PutI32(int32_t v, unsigned char* out) { PutU32(static_cast<uint32_t>(v), out); }
void PutF32(float v, unsigned char* out) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  PutU32(bits, out);
}
uint32_t GetU32(const unsigned char* in) {
  return uint32_t{in[0]} | uint32_t{in[1]} << 8 | uint32_t{in[2]} << 16 | uint32_t{in[3]} << 24;
}
int32_t GetI32(const unsigned char* in) { return static_cast<int32_t>(GetU32(in)); }
float GetF32(const unsigned char* in) {
  const uint32_t bits = GetU32(in);
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

std::string ErrnoText() { return std::strerror(errno); }

// Writes everything to `out`; false on a write error (errno set).
bool WriteAll(std::FILE* out, const AnimatedMesh& mesh, float start_frame, float sample_rate) {
  unsigned char header[kPc2HeaderBytes];
  std::memcpy(header, kMagic, 12);
  PutI32(1, header + 12);
  PutI32(static_cast<int32_t>(mesh.rest.size()), header + 16);
  PutF32(start_frame, header + 20);
  PutF32(sample_rate, header + 24);
  PutI32(static_cast<int32_t>(mesh.frames.size()), header + 28);
  if (std::fwrite(header, 1, sizeof header, out) != sizeof header) return false;
  std::vector<unsigned char> buffer(mesh.rest.size() * 12);
  for (const auto& frame : mesh.frames) {
    for (size_t i = 0; i < frame.size(); ++i) {
      for (int k = 0; k < 3; ++k) PutF32(frame[i][k], &buffer[i * 12 + k * 4]);
    }
    if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) return false;
  }
  return std::fflush(out) == 0;
}

std::vector<unsigned char> ReadStdin() {
  std::vector<unsigned char> bytes;
  unsigned char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  if (std::ferror(stdin)) throw IoError("-: cannot read stdin: " + ErrnoText());
  return bytes;
}

}  // namespace

void WritePc2(const std::string& path, const AnimatedMesh& mesh, float start_frame,
              float sample_rate) {
  ValidateAnimatedMesh(mesh, path + ": animated mesh");
  if (!std::isfinite(start_frame)) throw UsageError(path + ": PC2 start frame is not finite");
  if (!std::isfinite(sample_rate) || sample_rate <= 0) {
    throw UsageError(path + ": PC2 sample rate " + std::to_string(sample_rate) +
                     " is not a finite positive number");
  }
  if (path == "-") {
    if (!WriteAll(stdout, mesh, start_frame, sample_rate)) {
      throw IoError("-: cannot write to stdout: " + ErrnoText());
    }
    return;
  }
  const std::string temp = fileio::CreateTempFileBeside(path);
  File out(std::fopen(temp.c_str(), "wb"));
  if (!out || !WriteAll(out.get(), mesh, start_frame, sample_rate) ||
      std::fclose(out.release()) != 0) {
    const std::string reason = ErrnoText();
    out.reset();
    fileio::RemoveFileQuietly(temp);
    throw IoError(path + ": cannot write file: " + reason);
  }
  fileio::CommitTempFile(temp, path);
}

Pc2 ReadPc2(const std::string& path) {
  std::vector<unsigned char> header(kPc2HeaderBytes);
  std::vector<unsigned char> stdin_bytes;
  File in;
  uint64_t size = 0;
  if (path == "-") {
    stdin_bytes = ReadStdin();
    size = stdin_bytes.size();
    if (size >= kPc2HeaderBytes) std::memcpy(header.data(), stdin_bytes.data(), kPc2HeaderBytes);
  } else {
    in.reset(std::fopen(path.c_str(), "rb"));
    if (!in) throw IoError(path + ": cannot open file: " + ErrnoText());
    if (std::fseek(in.get(), 0, SEEK_END) != 0) {
      throw IoError(path + ": cannot read file: " + ErrnoText());
    }
    const long end = std::ftell(in.get());
    if (end < 0) throw IoError(path + ": cannot read file: " + ErrnoText());
    size = static_cast<uint64_t>(end);
    std::rewind(in.get());
    if (size >= kPc2HeaderBytes &&
        std::fread(header.data(), 1, kPc2HeaderBytes, in.get()) != kPc2HeaderBytes) {
      throw IoError(path + ": cannot read file: " + ErrnoText());
    }
  }
  if (size < kPc2HeaderBytes) {
    throw InvalidInputError(path + ": " + std::to_string(size) +
                            " bytes, too short for a PC2 header (32 bytes)");
  }
  if (std::memcmp(header.data(), kMagic, 12) != 0) {
    throw InvalidInputError(path + ": not a PC2 file (no \"POINTCACHE2\" magic)");
  }
  Pc2 pc2;
  pc2.version = GetI32(&header[12]);
  pc2.num_points = GetI32(&header[16]);
  pc2.start_frame = GetF32(&header[20]);
  pc2.sample_rate = GetF32(&header[24]);
  const int32_t num_samples = GetI32(&header[28]);
  if (pc2.version != 1) {
    throw InvalidInputError(path + ": PC2 version " + std::to_string(pc2.version) +
                            ", only version 1 is supported");
  }
  if (pc2.num_points < 0 || num_samples < 0) {
    throw InvalidInputError(path + ": negative PC2 point count " + std::to_string(pc2.num_points) +
                            " or sample count " + std::to_string(num_samples));
  }
  if (!std::isfinite(pc2.start_frame) || !std::isfinite(pc2.sample_rate)) {
    throw InvalidInputError(path + ": PC2 start frame or sample rate is not finite");
  }
  // Both counts are below 2^31, so their product fits in 64 bits; times 12 may
  // not, hence the division.
  const uint64_t values = uint64_t(pc2.num_points) * uint64_t(num_samples);
  const uint64_t payload = size - kPc2HeaderBytes;
  if (payload % 12 != 0 || payload / 12 != values) {
    throw InvalidInputError(path + ": " + std::to_string(size) + " bytes, but the PC2 header claims " +
                            std::to_string(num_samples) + " samples of " +
                            std::to_string(pc2.num_points) + " points (" +
                            (values > std::numeric_limits<uint64_t>::max() / 12 - kPc2HeaderBytes
                                 ? std::string("more than can exist")
                                 : std::to_string(kPc2HeaderBytes + values * 12)) +
                            " bytes)");
  }
  pc2.samples.resize(static_cast<size_t>(num_samples));
  std::vector<unsigned char> buffer(static_cast<size_t>(pc2.num_points) * 12);
  for (int32_t s = 0; s < num_samples; ++s) {
    if (path == "-") {
      std::memcpy(buffer.data(),
                  stdin_bytes.data() + kPc2HeaderBytes + static_cast<size_t>(s) * buffer.size(),
                  buffer.size());
    } else if (std::fread(buffer.data(), 1, buffer.size(), in.get()) != buffer.size()) {
      throw IoError(path + ": cannot read file (did it change while being read?)");
    }
    auto& sample = pc2.samples[static_cast<size_t>(s)];
    sample.resize(static_cast<size_t>(pc2.num_points));
    for (size_t i = 0; i < sample.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        const float v = GetF32(&buffer[i * 12 + k * 4]);
        if (!std::isfinite(v)) {
          throw InvalidInputError(path + ": sample " + std::to_string(s) + ", point " +
                                  std::to_string(i) + " is not finite");
        }
        sample[i][k] = v;
      }
    }
  }
  return pc2;
}

}  // namespace dolly::mesh_export
