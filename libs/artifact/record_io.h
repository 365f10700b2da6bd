// Framed records on a file or stdin/stdout ("-"), with atomic file writes.
#ifndef DOLLY_LIBS_ARTIFACT_RECORD_IO_H_
#define DOLLY_LIBS_ARTIFACT_RECORD_IO_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "libs/artifact/format.h"

namespace apache::thrift {
class TBase;
}

namespace dolly::artifact {

// Writes magic + version, then records. A file path is written to a temporary
// file beside it and renamed over the path by Commit(); destroying an
// uncommitted writer deletes the temporary, so a failed tool leaves nothing.
// "-" writes to stdout (not atomic: a pipe has no rename).
class RecordWriter {
 public:
  explicit RecordWriter(const std::string& path);
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  void Write(RecordType type, const apache::thrift::TBase& record);
  void WriteRaw(RecordType type, const void* data, size_t size);
  void Commit();
  const std::string& path() const { return path_; }

 private:
  void WriteBytes(const void* data, size_t size);
  void WriteHeader(RecordType type, uint64_t size);

  std::string path_;
  std::string temp_path_;
  FILE* file_ = nullptr;
  bool committed_ = false;
};

// Reads magic + version and then records, checking every claimed length
// against the bytes the file still holds (or, for a stream, growing the buffer
// only as bytes actually arrive) before allocating for it.
class RecordReader {
 public:
  explicit RecordReader(const std::string& path);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // Reads the next record's framing; false at a clean end of file. The
  // payload must then be consumed by Decode() or Skip() before the next call.
  bool Next(RecordType* type);
  uint32_t record_size() const { return record_size_; }
  // Decodes the current payload into `record`; `what` names it in errors.
  void Decode(apache::thrift::TBase* record, const char* what);
  void Skip();
  const std::string& path() const { return path_; }
  uint32_t format_version() const { return format_version_; }

 private:
  void ReadExactly(void* data, size_t size, const char* what);
  size_t ReadSome(void* data, size_t size);

  std::string path_;
  FILE* file_ = nullptr;
  bool owns_file_ = false;
  int64_t remaining_ = -1;  // bytes left in a regular file, -1 for a stream
  uint32_t format_version_ = 0;
  RecordType record_type_ = RecordType::kHeader;
  uint32_t record_size_ = 0;
  bool pending_ = false;     // a payload is waiting to be consumed
  bool buffered_ = false;    // ...and it sits in payload_ (streams) rather than the file
  std::vector<uint8_t> payload_;
};

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_RECORD_IO_H_
