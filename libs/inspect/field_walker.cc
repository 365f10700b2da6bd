#include "libs/inspect/field_walker.h"

#include <cstring>
#include <memory>

#include <thrift/protocol/TVirtualProtocol.h>
#include <thrift/transport/TTransportUtils.h>

namespace dolly::inspect {
namespace {

using apache::thrift::protocol::TType;

class WalkProtocol : public apache::thrift::protocol::TVirtualProtocol<WalkProtocol> {
 public:
  explicit WalkProtocol(FieldVisitor* visitor)
      : TVirtualProtocol(std::make_shared<apache::thrift::transport::TNullTransport>()),
        visitor_(visitor) {}

  uint32_t writeStructBegin(const char* name) {
    Level level;
    level.path = Path();
    level.tensor = std::strcmp(name, "Tensor") == 0;
    stack_.push_back(level);
    return 0;
  }
  uint32_t writeStructEnd() {
    if (stack_.back().tensor) visitor_->OnTensor(stack_.back().path, tensor_);
    tensor_ = TensorView();
    stack_.pop_back();
    return 0;
  }
  uint32_t writeFieldBegin(const char* name, TType, int16_t) {
    stack_.back().field = name;
    return 0;
  }
  uint32_t writeFieldEnd() {
    stack_.back().field = nullptr;
    return 0;
  }
  uint32_t writeFieldStop() { return 0; }
  uint32_t writeMapBegin(TType, TType, uint32_t) { return Push(Kind::kMap); }
  uint32_t writeMapEnd() { return Pop(); }
  uint32_t writeListBegin(TType, uint32_t) { return Push(Kind::kList); }
  uint32_t writeListEnd() { return Pop(); }
  uint32_t writeSetBegin(TType, uint32_t) { return Push(Kind::kList); }
  uint32_t writeSetEnd() { return Pop(); }
  uint32_t writeBool(bool) { return 0; }
  uint32_t writeByte(int8_t v) { return Number(v); }
  uint32_t writeI16(int16_t v) { return Number(v); }
  uint32_t writeI32(int32_t v) { return Number(v); }
  uint32_t writeI64(int64_t v) { return Number(static_cast<double>(v)); }
  uint32_t writeDouble(double v) { return Number(v); }
  uint32_t writeString(const std::string&) { return 0; }
  uint32_t writeBinary(const std::string& v) {
    if (InTensorField("data")) tensor_.data = v;
    return 0;
  }

 private:
  enum class Kind { kStruct, kList, kMap };
  struct Level {
    Kind kind = Kind::kStruct;
    std::string path;  // of this struct (structs only)
    const char* field = nullptr;
    bool tensor = false;
  };

  uint32_t Push(Kind kind) {
    Level level;
    level.kind = kind;
    stack_.push_back(level);
    return 0;
  }
  uint32_t Pop() {
    stack_.pop_back();
    return 0;
  }

  // Path of the value about to be written, from the innermost struct.
  std::string Path() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind != Kind::kStruct) continue;
      if (it->field == nullptr) return it->path;
      return it->path.empty() ? it->field : it->path + "." + it->field;
    }
    return "";
  }

  bool InTensorField(const char* field) const {
    const Level& top = stack_.back();
    return top.kind == Kind::kStruct && top.tensor && top.field != nullptr &&
           std::strcmp(top.field, field) == 0;
  }

  uint32_t Number(double v) {
    const Level& top = stack_.back();
    if (top.kind == Kind::kMap) return 0;
    // A tensor's shape is a list directly inside the Tensor struct.
    if (top.kind == Kind::kList && stack_.size() >= 2) {
      const Level& parent = stack_[stack_.size() - 2];
      if (parent.tensor) {
        tensor_.shape.push_back(static_cast<int64_t>(v));
        return 0;
      }
    }
    if (InTensorField("dtype")) {
      tensor_.dtype = static_cast<int32_t>(v);
      return 0;
    }
    for (const Level& level : stack_) {
      if (level.tensor || level.kind == Kind::kMap) return 0;
    }
    visitor_->OnNumber(Path(), v);
    return 0;
  }

  FieldVisitor* visitor_;
  std::vector<Level> stack_;
  TensorView tensor_;
};

}  // namespace

void WalkFields(const apache::thrift::TBase& record, FieldVisitor* visitor) {
  WalkProtocol protocol(visitor);
  record.write(&protocol);
}

}  // namespace dolly::inspect
