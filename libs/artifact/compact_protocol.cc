#include "libs/artifact/compact_protocol.h"

#include <algorithm>
#include <limits>

#include <thrift/protocol/TProtocolException.h>

namespace dolly::artifact {

using apache::thrift::protocol::TProtocolException;

PayloadProtocol::PayloadProtocol(
    std::shared_ptr<apache::thrift::transport::TTransport> transport, uint32_t payload_size)
    : TVirtualProtocol(std::move(transport)) {
  const int32_t limit = static_cast<int32_t>(
      std::min<uint32_t>(payload_size, std::numeric_limits<int32_t>::max()));
  string_limit_ = limit;
  container_limit_ = limit;
}

uint32_t PayloadProtocol::readBinary(std::string& str) {
  int32_t size;
  const uint32_t rsize = readVarint32(size);
  if (size < 0) throw TProtocolException(TProtocolException::NEGATIVE_SIZE);
  if (size > string_limit_) throw TProtocolException(TProtocolException::SIZE_LIMIT);
  trans_->checkReadBytesAvailable(size);
  str.resize(static_cast<size_t>(size));
  if (size > 0) trans_->readAll(reinterpret_cast<uint8_t*>(&str[0]), static_cast<uint32_t>(size));
  return rsize + static_cast<uint32_t>(size);
}

}  // namespace dolly::artifact
