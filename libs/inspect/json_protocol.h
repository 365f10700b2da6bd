// A write-only Thrift protocol that prints records as JSON with field names
// (like Java's TSimpleJSONProtocol): structs and maps become objects, lists
// and sets arrays. Any generated record prints through its own write():
//
//   JsonProtocol json(&std::cout);
//   frame.write(&json);
//   json.Flush();
//
// Tensor structs are summarised as {"dtype": "FLOAT32", "shape": [...],
// "bytes": N, "min": .., "max": .., "mean": ..} ("nonfinite": k when NaN or
// Inf were left out of the range; null range when nothing finite), and with
// full_tensors also carry "data": [flat elements] (a FLOAT32 element as the
// shortest decimal that reads back to the same float). An enum field prints its
// number plus a "<field>_name" sibling where the name is known. Non-finite
// doubles print as null and non-UTF-8 bytes as U+FFFD, so the output always
// parses; other binary fields print as base64 strings.
#ifndef DOLLY_LIBS_INSPECT_JSON_PROTOCOL_H_
#define DOLLY_LIBS_INSPECT_JSON_PROTOCOL_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <thrift/protocol/TVirtualProtocol.h>

namespace dolly::inspect {

struct JsonOptions {
  bool full_tensors = false;
  // Spaces per nesting level; 0 prints everything on one line.
  int indent = 2;
};

class JsonProtocol : public apache::thrift::protocol::TVirtualProtocol<JsonProtocol> {
 public:
  using TType = apache::thrift::protocol::TType;

  explicit JsonProtocol(std::ostream* out, JsonOptions options = {});
  ~JsonProtocol() override;

  // Hands buffered text to the stream (done automatically every few KiB).
  void Flush();

  uint32_t writeMessageBegin(const std::string& name,
                             apache::thrift::protocol::TMessageType type, int32_t seqid);
  uint32_t writeMessageEnd();
  uint32_t writeStructBegin(const char* name);
  uint32_t writeStructEnd();
  uint32_t writeFieldBegin(const char* name, TType type, int16_t id);
  uint32_t writeFieldEnd();
  uint32_t writeFieldStop() { return 0; }
  uint32_t writeMapBegin(TType key_type, TType value_type, uint32_t size);
  uint32_t writeMapEnd() { return Close('}'); }
  uint32_t writeListBegin(TType element_type, uint32_t size);
  uint32_t writeListEnd() { return Close(']'); }
  uint32_t writeSetBegin(TType element_type, uint32_t size) {
    return writeListBegin(element_type, size);
  }
  uint32_t writeSetEnd() { return Close(']'); }
  uint32_t writeBool(bool value);
  uint32_t writeByte(int8_t value) { return Integer(value); }
  uint32_t writeI16(int16_t value) { return Integer(value); }
  uint32_t writeI32(int32_t value);
  uint32_t writeI64(int64_t value) { return Integer(value); }
  uint32_t writeDouble(double value);
  uint32_t writeString(const std::string& value);
  uint32_t writeBinary(const std::string& value);

 private:
  enum class Scope { kStruct, kList, kMap };
  struct Level {
    Scope scope;
    bool empty = true;        // nothing written inside yet
    bool one_line = false;    // a list of scalars stays on one line
    bool next_is_key = true;  // maps alternate key, value
    const char* struct_name = "";
    const char* field = "";   // the struct field being written
    const char* enum_name = nullptr;  // printed as "<field>_name" at field end
    bool tensor = false;
    int32_t dtype = 0;
  };

  uint32_t Integer(int64_t value);
  // Writes a scalar as a value, or as an object key when a map expects one.
  uint32_t Scalar(std::string_view json_text, std::string_view key_text);
  void BeginValue();
  void Open(Scope scope, char bracket, bool one_line);
  uint32_t Close(char bracket);
  void Separate(Level* level);
  void Key(Level* level, std::string_view name);
  void TensorData(Level* level, const std::string& data);
  void AppendElements(int32_t dtype, const std::string& data);
  void MaybeFlush();

  std::ostream* out_;
  JsonOptions options_;
  std::vector<Level> stack_;
  std::string buffer_;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_JSON_PROTOCOL_H_
