#include "libs/artifact/file_transport.h"

#include <thrift/TConfiguration.h>
#include <thrift/transport/TTransportException.h>

namespace dolly::artifact {

using apache::thrift::transport::TTransportException;

FileReadTransport::FileReadTransport(FILE* file, uint32_t limit)
    // The configured message size is the record's, so the protocol's own size
    // checks (checkReadBytesAvailable) see the record's bounds.
    : TVirtualTransport(std::make_shared<apache::thrift::TConfiguration>(static_cast<int>(limit))),
      file_(file),
      remaining_(limit) {}

uint32_t FileReadTransport::read(uint8_t* buf, uint32_t len) {
  if (len > remaining_) {
    throw TTransportException(TTransportException::END_OF_FILE, "read past the end of the record");
  }
  const size_t got = std::fread(buf, 1, len, file_);
  remaining_ -= static_cast<uint32_t>(got);
  countConsumedMessageBytes(static_cast<long>(got));
  if (got != len) {
    failed_ = std::ferror(file_) != 0;
    throw TTransportException(TTransportException::END_OF_FILE, "file ends inside the record");
  }
  return len;
}

uint32_t FileReadTransport::readAll(uint8_t* buf, uint32_t len) { return read(buf, len); }

FileWriteTransport::FileWriteTransport(FILE* file) : file_(file) {}

void FileWriteTransport::write(const uint8_t* buf, uint32_t len) {
  written_ += len;
  if (file_ != nullptr && len > 0 && std::fwrite(buf, 1, len, file_) != len) {
    failed_ = true;
    throw TTransportException(TTransportException::UNKNOWN, "write failed");
  }
}

}  // namespace dolly::artifact
