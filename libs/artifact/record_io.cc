#include "libs/artifact/record_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include <thrift/TBase.h>
#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "libs/artifact/compact_protocol.h"
#include "libs/artifact/file_transport.h"
#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::artifact {
namespace {

using apache::thrift::TConfiguration;
using apache::thrift::protocol::TCompactProtocol;
using apache::thrift::protocol::TCompactProtocolT;
using apache::thrift::transport::TMemoryBuffer;

std::string Errno() { return std::strerror(errno); }

void PutU32(uint8_t* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t GetU32(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(in[i]) << (8 * i);
  return v;
}

uint64_t LimitFor(RecordType type) {
  return type == RecordType::kFrame ? kMaxRecordBytes : kMaxSmallRecordBytes;
}

}  // namespace

const char* RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kHeader: return "header";
    case RecordType::kInfo: return "info";
    case RecordType::kFrame: return "frame";
    case RecordType::kEnd: return "end";
  }
  return "unknown";
}

// ---------------------------------------------------------------- writer

RecordWriter::RecordWriter(const std::string& path) : path_(path) {
  if (path.empty()) throw UsageError("empty output path");
  if (path == "-") {
    file_ = stdout;
  } else {
    temp_path_ = fileio::CreateTempFileBeside(path);
    file_ = fopen(temp_path_.c_str(), "wb");
    if (file_ == nullptr) {
      const std::string reason = Errno();
      fileio::RemoveFileQuietly(temp_path_);
      throw IoError(path + ": cannot open output: " + reason);
    }
  }
  uint8_t preamble[12];
  std::memcpy(preamble, kMagic, 8);
  PutU32(preamble + 8, kFormatVersion);
  WriteBytes(preamble, sizeof(preamble));
}

RecordWriter::~RecordWriter() {
  if (file_ != nullptr && file_ != stdout) fclose(file_);
  if (!committed_ && !temp_path_.empty()) fileio::RemoveFileQuietly(temp_path_);
}

void RecordWriter::WriteBytes(const void* data, size_t size) {
  if (size > 0 && fwrite(data, 1, size, file_) != size) {
    throw IoError(path_ + ": write failed: " + Errno());
  }
}

void RecordWriter::Write(RecordType type, const apache::thrift::TBase& record) {
  if (committed_) throw std::logic_error(path_ + ": write after commit");
  // Size the record with a counting pass (no copies), then serialise it
  // straight into the file: tensors never pass through a second buffer.
  auto counter = std::make_shared<FileWriteTransport>(nullptr);
  TCompactProtocolT<FileWriteTransport> counting(counter);
  record.write(&counting);
  WriteHeader(type, counter->written());
  auto sink = std::make_shared<FileWriteTransport>(file_);
  TCompactProtocolT<FileWriteTransport> writing(sink);
  try {
    record.write(&writing);
  } catch (const apache::thrift::TException&) {
    throw IoError(path_ + ": write failed: " + Errno());
  }
  if (sink->written() != counter->written()) {
    throw std::logic_error(path_ + ": record changed size between passes");
  }
}

void RecordWriter::WriteHeader(RecordType type, uint64_t size) {
  if (size > LimitFor(type)) {
    throw InvalidInputError(path_ + ": " + RecordTypeName(type) + " record of " +
                            std::to_string(size) + " bytes exceeds the limit of " +
                            std::to_string(LimitFor(type)) + " bytes");
  }
  uint8_t frame[8];
  PutU32(frame, static_cast<uint32_t>(type));
  PutU32(frame + 4, static_cast<uint32_t>(size));
  WriteBytes(frame, sizeof(frame));
}

void RecordWriter::WriteRaw(RecordType type, const void* data, size_t size) {
  if (committed_) throw std::logic_error(path_ + ": write after commit");
  WriteHeader(type, size);
  WriteBytes(data, size);
}

void RecordWriter::Commit() {
  if (fflush(file_) != 0) throw IoError(path_ + ": write failed: " + Errno());
  if (file_ != stdout) {
    const int rc = fclose(file_);
    file_ = nullptr;
    if (rc != 0) throw IoError(path_ + ": write failed: " + Errno());
    fileio::CommitTempFile(temp_path_, path_);
  }
  committed_ = true;
}

// ---------------------------------------------------------------- reader

RecordReader::RecordReader(const std::string& path) : path_(path) {
  if (path == "-") {
    // A second reader of the same pipe would start mid-stream (or at its
    // end) and fail with "bad magic", as if the data were broken; it is the
    // command line that asks the impossible (e.g. "-i - --depth -").
    static std::atomic<bool> stdin_taken{false};
    if (stdin_taken.exchange(true)) {
      throw UsageError("-: stdin can feed only one input and is already read by another; "
                       "give a file for the others");
    }
    file_ = stdin;
  } else {
    file_ = fopen(path.c_str(), "rb");
    if (file_ == nullptr) throw IoError(path + ": cannot open: " + Errno());
    owns_file_ = true;
    struct stat st;
    if (fstat(fileno(file_), &st) != 0) throw IoError(path + ": cannot stat: " + Errno());
    if (S_ISDIR(st.st_mode)) throw IoError(path + ": is a directory, not an artifact file");
    if (S_ISREG(st.st_mode)) remaining_ = st.st_size;
  }
  uint8_t preamble[12];
  if (ReadSome(preamble, sizeof(preamble)) != sizeof(preamble)) {
    throw InvalidInputError(path + ": not a dolly artifact (file too short for the preamble)");
  }
  if (std::memcmp(preamble, kMagic, 8) != 0) {
    throw InvalidInputError(path + ": not a dolly artifact (bad magic)");
  }
  format_version_ = GetU32(preamble + 8);
  if (format_version_ == 0) {
    throw InvalidInputError(path + ": invalid container format version 0");
  }
  if (format_version_ > kFormatVersion) {
    throw InvalidInputError(path + ": container format version " +
                            std::to_string(format_version_) +
                            " is newer than this build reads (" + std::to_string(kFormatVersion) +
                            "); upgrade dolly");
  }
}

RecordReader::~RecordReader() {
  if (owns_file_) fclose(file_);
}

size_t RecordReader::ReadSome(void* data, size_t size) {
  const size_t got = fread(data, 1, size, file_);
  if (got < size && ferror(file_)) throw IoError(path_ + ": read failed: " + Errno());
  if (remaining_ >= 0) remaining_ -= static_cast<int64_t>(got);
  return got;
}

void RecordReader::ReadExactly(void* data, size_t size, const char* what) {
  if (ReadSome(data, size) != size) {
    throw InvalidInputError(path_ + ": truncated inside a " + what + " record");
  }
}

bool RecordReader::Next(RecordType* type) {
  if (pending_) Skip();
  uint8_t frame[8];
  const size_t got = ReadSome(frame, sizeof(frame));
  if (got == 0) return false;
  if (got != sizeof(frame)) throw InvalidInputError(path_ + ": truncated record framing");
  const uint32_t raw_type = GetU32(frame);
  const uint64_t size = GetU32(frame + 4);
  if (raw_type < static_cast<uint32_t>(RecordType::kHeader) ||
      raw_type > static_cast<uint32_t>(RecordType::kEnd)) {
    throw InvalidInputError(path_ + ": unknown record type " + std::to_string(raw_type) +
                            " (corrupt file)");
  }
  *type = static_cast<RecordType>(raw_type);
  const char* name = RecordTypeName(*type);
  if (size > LimitFor(*type)) {
    throw InvalidInputError(path_ + ": " + name + " record claims " + std::to_string(size) +
                            " bytes, over the limit of " + std::to_string(LimitFor(*type)));
  }
  record_type_ = *type;
  record_size_ = static_cast<uint32_t>(size);
  pending_ = true;
  if (remaining_ >= 0) {
    // A regular file: the claim is checked against what the file holds, and
    // the payload is decoded straight from the file.
    if (static_cast<int64_t>(size) > remaining_) {
      throw InvalidInputError(path_ + ": " + name + " record claims " + std::to_string(size) +
                              " bytes but only " + std::to_string(remaining_) +
                              " remain (truncated or corrupt)");
    }
    buffered_ = false;
    return true;
  }
  // A stream's length is unknown: grow only as bytes arrive, so a corrupt
  // claim costs at most one chunk beyond the data actually present.
  constexpr size_t kChunk = 16u << 20;
  payload_.clear();
  while (payload_.size() < size) {
    const size_t old_size = payload_.size();
    const size_t step = std::min<size_t>(kChunk, size - old_size);
    payload_.resize(old_size + step);
    ReadExactly(payload_.data() + old_size, step, name);
  }
  buffered_ = true;
  return true;
}

void RecordReader::Skip() {
  if (!pending_) return;
  pending_ = false;
  if (buffered_) return;
  std::vector<uint8_t> sink(std::min<uint32_t>(record_size_, 1u << 20));
  for (uint32_t left = record_size_; left > 0;) {
    const uint32_t step = std::min<uint32_t>(left, static_cast<uint32_t>(sink.size()));
    ReadExactly(sink.data(), step, RecordTypeName(record_type_));
    left -= step;
  }
}

void RecordReader::Decode(apache::thrift::TBase* record, const char* what) {
  if (!pending_) throw std::logic_error(path_ + ": Decode() without a pending record");
  pending_ = false;
  const uint32_t size = record_size_;
  uint32_t left = 0;
  try {
    if (buffered_) {
      auto config = std::make_shared<TConfiguration>(static_cast<int>(size));
      auto buffer = std::make_shared<TMemoryBuffer>(payload_.data(), size, TMemoryBuffer::OBSERVE,
                                                    config);
      PayloadProtocol protocol(buffer, size);
      record->read(&protocol);
      left = buffer->available_read();
    } else {
      auto source = std::make_shared<FileReadTransport>(file_, size);
      PayloadProtocol protocol(source, size);
      try {
        record->read(&protocol);
      } catch (...) {
        if (source->failed()) throw IoError(path_ + ": read failed: " + Errno());
        throw;
      }
      left = source->remaining();
      remaining_ -= size - left;
      if (left > 0) {
        // Keep the stream in step even though this record is rejected below.
        pending_ = true;
        record_size_ = left;
        Skip();
      }
    }
  } catch (const apache::thrift::TException& e) {
    throw InvalidInputError(path_ + ": corrupt " + what + " (" + e.what() + ")");
  }
  if (left != 0) {
    throw InvalidInputError(path_ + ": corrupt " + what + " (" + std::to_string(left) +
                            " trailing bytes)");
  }
}

}  // namespace dolly::artifact
