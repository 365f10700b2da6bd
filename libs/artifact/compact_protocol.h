// TCompactProtocol with two changes for artifact payloads:
// - binary/string fields are read straight into their std::string (stock
//   Thrift 0.17 reads into a scratch buffer first, then copies again), and
// - every claimed string or container size is checked against the payload's
//   length before anything is allocated.
#ifndef DOLLY_LIBS_ARTIFACT_COMPACT_PROTOCOL_H_
#define DOLLY_LIBS_ARTIFACT_COMPACT_PROTOCOL_H_

#include <cstdint>
#include <memory>
#include <string>

#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TVirtualProtocol.h>

namespace dolly::artifact {

class PayloadProtocol
    : public apache::thrift::protocol::TVirtualProtocol<
          PayloadProtocol,
          apache::thrift::protocol::TCompactProtocolT<apache::thrift::transport::TTransport>> {
 public:
  // `payload_size` bounds every string and container the payload can hold.
  PayloadProtocol(std::shared_ptr<apache::thrift::transport::TTransport> transport,
                  uint32_t payload_size);

  uint32_t readBinary(std::string& str);
  uint32_t readString(std::string& str) { return readBinary(str); }
};

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_COMPACT_PROTOCOL_H_
