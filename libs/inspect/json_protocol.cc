#include "libs/inspect/json_protocol.h"

#include <charconv>
#include <cmath>
#include <type_traits>
#include <utility>
#include <cstring>
#include <memory>

#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TTransportUtils.h>

#include "libs/inspect/enum_names.h"
#include "libs/inspect/json_text.h"
#include "libs/inspect/tensor_stats.h"
#include "schemas/common_types.h"

namespace dolly::inspect {
namespace {

using apache::thrift::protocol::TProtocolException;
using apache::thrift::protocol::TType;

constexpr size_t kFlushBytes = 64 << 10;

bool IsScalar(TType type) {
  return type != apache::thrift::protocol::T_STRUCT && type != apache::thrift::protocol::T_MAP &&
         type != apache::thrift::protocol::T_LIST && type != apache::thrift::protocol::T_SET;
}

template <typename T>
void AppendInteger(std::string* out, T v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  out->append(buffer, result.ptr);
}

}  // namespace

// The transport is never written: text goes to `out`. TProtocol insists on
// one (it reads its recursion limit from the transport's configuration).
JsonProtocol::JsonProtocol(std::ostream* out, JsonOptions options)
    : TVirtualProtocol(std::make_shared<apache::thrift::transport::TNullTransport>()),
      out_(out),
      options_(options) {}

JsonProtocol::~JsonProtocol() {
  try {
    Flush();
  } catch (...) {
    // A destructor must not throw; a failed stream reports itself to the
    // caller through its state.
  }
}

void JsonProtocol::Flush() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonProtocol::MaybeFlush() {
  if (buffer_.size() >= kFlushBytes) Flush();
}

uint32_t JsonProtocol::writeMessageBegin(const std::string&,
                                         apache::thrift::protocol::TMessageType, int32_t) {
  throw TProtocolException(TProtocolException::NOT_IMPLEMENTED,
                           "JsonProtocol prints records, not RPC messages");
}

uint32_t JsonProtocol::writeMessageEnd() { return writeMessageBegin("", {}, 0); }

void JsonProtocol::Separate(Level* level) {
  if (!level->empty) buffer_.push_back(',');
  if (level->one_line) {
    if (!level->empty && options_.indent > 0) buffer_.push_back(' ');
  } else if (options_.indent > 0) {
    buffer_.push_back('\n');
    buffer_.append(static_cast<size_t>(options_.indent) * stack_.size(), ' ');
  }
  level->empty = false;
}

void JsonProtocol::Key(Level* level, std::string_view name) {
  Separate(level);
  AppendJsonString(&buffer_, name);
  buffer_.append(options_.indent > 0 ? ": " : ":");
}

void JsonProtocol::BeginValue() {
  if (stack_.empty()) return;
  Level& level = stack_.back();
  switch (level.scope) {
    case Scope::kStruct:
      break;  // writeFieldBegin wrote the key
    case Scope::kList:
      Separate(&level);
      break;
    case Scope::kMap:
      if (level.next_is_key) {
        throw TProtocolException(TProtocolException::INVALID_DATA,
                                 "JSON object keys must be strings or numbers");
      }
      level.next_is_key = true;
      break;
  }
}

uint32_t JsonProtocol::Scalar(std::string_view json_text, std::string_view key_text) {
  if (!stack_.empty() && stack_.back().scope == Scope::kMap && stack_.back().next_is_key) {
    Level& level = stack_.back();
    Key(&level, key_text);
    level.next_is_key = false;
  } else {
    BeginValue();
    buffer_.append(json_text);
  }
  MaybeFlush();
  return static_cast<uint32_t>(json_text.size());
}

void JsonProtocol::Open(Scope scope, char bracket, bool one_line) {
  BeginValue();
  buffer_.push_back(bracket);
  Level level;
  level.scope = scope;
  level.one_line = one_line || options_.indent == 0;
  stack_.push_back(level);
}

uint32_t JsonProtocol::Close(char bracket) {
  if (stack_.empty()) {
    throw TProtocolException(TProtocolException::INVALID_DATA, "unbalanced JSON output");
  }
  const Level level = stack_.back();
  stack_.pop_back();
  if (!level.empty && !level.one_line) {
    buffer_.push_back('\n');
    buffer_.append(static_cast<size_t>(options_.indent) * stack_.size(), ' ');
  }
  buffer_.push_back(bracket);
  MaybeFlush();
  return 1;
}

uint32_t JsonProtocol::writeStructBegin(const char* name) {
  Open(Scope::kStruct, '{', false);
  stack_.back().struct_name = name;
  stack_.back().tensor = std::strcmp(name, "Tensor") == 0;
  return 1;
}

uint32_t JsonProtocol::writeStructEnd() { return Close('}'); }

uint32_t JsonProtocol::writeFieldBegin(const char* name, TType, int16_t) {
  if (stack_.empty() || stack_.back().scope != Scope::kStruct) {
    throw TProtocolException(TProtocolException::INVALID_DATA, "field outside a struct");
  }
  Level& level = stack_.back();
  level.field = name;
  // A tensor's data prints as several keys, written by TensorData().
  if (level.tensor && std::strcmp(name, "data") == 0) return 0;
  Key(&level, name);
  return 1;
}

uint32_t JsonProtocol::writeFieldEnd() {
  if (stack_.empty() || stack_.back().scope != Scope::kStruct) {
    throw TProtocolException(TProtocolException::INVALID_DATA, "field outside a struct");
  }
  Level& level = stack_.back();
  if (level.enum_name != nullptr) {
    Key(&level, std::string(level.field) + "_name");
    AppendJsonString(&buffer_, level.enum_name);
    level.enum_name = nullptr;
  }
  level.field = "";
  return 0;
}

uint32_t JsonProtocol::writeMapBegin(TType, TType, uint32_t) {
  Open(Scope::kMap, '{', false);
  return 1;
}

uint32_t JsonProtocol::writeListBegin(TType element_type, uint32_t) {
  Open(Scope::kList, '[', IsScalar(element_type));
  return 1;
}

uint32_t JsonProtocol::writeBool(bool value) {
  return Scalar(value ? "true" : "false", value ? "true" : "false");
}

uint32_t JsonProtocol::Integer(int64_t value) {
  std::string text;
  AppendInteger(&text, value);
  return Scalar(text, text);
}

uint32_t JsonProtocol::writeI32(int32_t value) {
  if (!stack_.empty() && stack_.back().scope == Scope::kStruct) {
    Level& level = stack_.back();
    const char* name = EnumValueName(level.struct_name, level.field, value);
    if (level.tensor && std::strcmp(level.field, "dtype") == 0) {
      level.dtype = value;
      if (name != nullptr) return Scalar(JsonString(name), name);
    } else if (name != nullptr) {
      level.enum_name = name;
    }
  }
  return Integer(value);
}

uint32_t JsonProtocol::writeDouble(double value) {
  const std::string text = JsonNumber(value);
  return Scalar(text, text);
}

uint32_t JsonProtocol::writeString(const std::string& value) {
  return Scalar(JsonString(value), value);
}

uint32_t JsonProtocol::writeBinary(const std::string& value) {
  if (!stack_.empty() && stack_.back().tensor && std::strcmp(stack_.back().field, "data") == 0) {
    TensorData(&stack_.back(), value);
    return static_cast<uint32_t>(value.size());
  }
  return Scalar(JsonString(Base64(value)), Base64(value));
}

void JsonProtocol::TensorData(Level* level, const std::string& data) {
  Key(level, "bytes");
  AppendInteger(&buffer_, data.size());
  TensorStats values;
  values.Add(static_cast<schema::DType::type>(level->dtype), data);
  const std::pair<const char*, double> range[] = {
      {"min", values.min}, {"max", values.max}, {"mean", values.mean()}};
  for (const auto& [key, value] : range) {
    Key(level, key);
    // No finite element: null rather than a made-up number.
    AppendJsonNumber(&buffer_, values.has_values() ? value : NAN);
  }
  if (values.nonfinite() > 0) {
    Key(level, "nonfinite");
    AppendInteger(&buffer_, values.nonfinite());
  }
  if (options_.full_tensors) {
    Key(level, "data");
    AppendElements(level->dtype, data);
  }
  MaybeFlush();
}

void JsonProtocol::AppendElements(int32_t dtype, const std::string& data) {
  const auto each = [&](auto zero) {
    using T = decltype(zero);
    const size_t n = data.size() / sizeof(T);
    const char* separator = options_.indent > 0 ? ", " : ",";
    buffer_.push_back('[');
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) buffer_.append(separator);
      T v;
      std::memcpy(&v, data.data() + i * sizeof(T), sizeof(T));
      if constexpr (std::is_floating_point_v<T>) {
        AppendJsonNumber(&buffer_, v);
      } else {
        AppendInteger(&buffer_, v);
      }
      MaybeFlush();
    }
    buffer_.push_back(']');
  };
  switch (dtype) {
    case schema::DType::UINT8: return each(uint8_t{});
    case schema::DType::UINT16: return each(uint16_t{});
    case schema::DType::INT32: return each(int32_t{});
    case schema::DType::INT64: return each(int64_t{});
    case schema::DType::FLOAT32: return each(float{});
    case schema::DType::FLOAT64: return each(double{});
  }
  // Unknown dtype: the bytes are all there is to show.
  AppendJsonString(&buffer_, Base64(data));
}

}  // namespace dolly::inspect
