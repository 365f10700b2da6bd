// Thrift transports straight onto a FILE*, so that large tensor payloads go
// between the file and their std::string with no intermediate buffer.
#ifndef DOLLY_LIBS_ARTIFACT_FILE_TRANSPORT_H_
#define DOLLY_LIBS_ARTIFACT_FILE_TRANSPORT_H_

#include <cstdint>
#include <cstdio>

#include <thrift/transport/TVirtualTransport.h>

namespace dolly::artifact {

// Reads at most `limit` bytes (one record) from `file`.
class FileReadTransport : public apache::thrift::transport::TVirtualTransport<FileReadTransport> {
 public:
  FileReadTransport(FILE* file, uint32_t limit);
  uint32_t read(uint8_t* buf, uint32_t len);
  uint32_t readAll(uint8_t* buf, uint32_t len);
  uint32_t remaining() const { return remaining_; }
  bool failed() const { return failed_; }

 private:
  FILE* file_;
  uint32_t remaining_;
  bool failed_ = false;
};

// Writes to `file`, or only counts the bytes when `file` is null (used to
// size a record before writing it).
class FileWriteTransport : public apache::thrift::transport::TVirtualTransport<FileWriteTransport> {
 public:
  explicit FileWriteTransport(FILE* file);
  void write(const uint8_t* buf, uint32_t len);
  uint64_t written() const { return written_; }
  bool failed() const { return failed_; }

 private:
  FILE* file_;
  uint64_t written_ = 0;
  bool failed_ = false;
};

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_FILE_TRANSPORT_H_
