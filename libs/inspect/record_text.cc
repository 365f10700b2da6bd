#include "libs/inspect/record_text.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "libs/inspect/json_protocol.h"

namespace dolly::inspect {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxArrayItems = 8;
constexpr size_t kMaxListLines = 20;
constexpr size_t kMaxStringChars = 60;
constexpr size_t kMaxInlineChars = 100;

bool IsTensorSummary(const Json& v) {
  return v.is_object() && v.contains("dtype") && v.contains("bytes");
}

std::string NumberText(const Json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  return ShortNumber(v.get<double>());
}

std::string StringText(const std::string& s, bool quote_if_needed) {
  std::string shown = s.size() > kMaxStringChars
                          ? s.substr(0, kMaxStringChars) + "... (" + std::to_string(s.size()) +
                                " chars)"
                          : s;
  const bool plain = !shown.empty() && shown.find_first_of(" \t\n\r\"={}[],") == std::string::npos;
  if (!quote_if_needed || plain) {
    return OneLine(shown);
  }
  return Json(shown).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string TensorText(const Json& t) {
  std::ostringstream shape;
  shape << (t["dtype"].is_string() ? t["dtype"].get<std::string>() : t["dtype"].dump()) << "[";
  if (t.contains("shape")) {
    for (size_t i = 0; i < t["shape"].size(); ++i) shape << (i ? ", " : "") << t["shape"][i].dump();
  }
  shape << "]";
  const bool has_values = t.contains("min") && t["min"].is_number();
  return RangeText(shape.str(), has_values, has_values ? t["min"].get<double>() : 0,
                   has_values ? t["max"].get<double>() : 0,
                   has_values ? t["mean"].get<double>() : 0,
                   t.contains("nonfinite") ? t["nonfinite"].get<int64_t>() : 0);
}

std::string ValueText(const Json& v, bool top);

std::string ObjectText(const Json& v, bool top) {
  if (IsTensorSummary(v)) return TensorText(v);
  std::string out;
  for (auto it = v.begin(); it != v.end(); ++it) {
    const std::string& key = it.key();
    // "<field>_name" is the enum name of the field before it; merged there.
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_name") == 0 &&
        v.contains(key.substr(0, key.size() - 5))) {
      continue;
    }
    if (!out.empty()) out += ' ';
    out += key + "=";
    if (v.contains(key + "_name") && v[key + "_name"].is_string()) {
      out += v[key + "_name"].get<std::string>() + "(" + it.value().dump() + ")";
    } else {
      out += ValueText(it.value(), false);
    }
  }
  return top ? out : "{" + out + "}";
}

std::string ValueText(const Json& v, bool top) {
  if (v.is_object()) return ObjectText(v, top);
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size() && i < kMaxArrayItems; ++i) {
      if (i) out += ", ";
      out += ValueText(v[i], false);
    }
    if (v.size() > kMaxArrayItems) out += ", ... " + std::to_string(v.size()) + " in all";
    return out + "]";
  }
  if (v.is_string()) return StringText(v.get<std::string>(), !top);
  if (v.is_number()) return NumberText(v);
  return v.dump();
}

}  // namespace

Json RecordJson(const apache::thrift::TBase& record) {
  std::ostringstream text;
  {
    JsonOptions options;
    options.indent = 0;
    JsonProtocol protocol(&text, options);
    record.write(&protocol);
  }
  return Json::parse(text.str());
}

std::vector<FieldText> RecordText(const apache::thrift::TBase& record) {
  const Json json = RecordJson(record);
  std::vector<FieldText> fields;
  for (auto it = json.begin(); it != json.end(); ++it) {
    const std::string& key = it.key();
    if (key.size() > 5 && key.compare(key.size() - 5, 5, "_name") == 0 &&
        json.contains(key.substr(0, key.size() - 5))) {
      continue;
    }
    FieldText field;
    field.name = key;
    const Json& value = it.value();
    if (json.contains(key + "_name") && json[key + "_name"].is_string()) {
      field.value = json[key + "_name"].get<std::string>() + " (" + value.dump() + ")";
    } else if (value.is_array() && !value.empty() && value[0].is_object() &&
               !IsTensorSummary(value[0])) {
      field.value = std::to_string(value.size()) + (value.size() == 1 ? " item" : " items");
      for (size_t i = 0; i < value.size() && i < kMaxListLines; ++i) {
        field.items.push_back(ValueText(value[i], true));
      }
      if (value.size() > kMaxListLines) {
        field.items.push_back("... " + std::to_string(value.size() - kMaxListLines) + " more");
      }
    } else {
      field.value = ValueText(value, true);
      field.is_struct = value.is_object() && !IsTensorSummary(value);
      // A struct too long for one line (a mesh's tensors) gets a line per field.
      if (value.is_object() && !IsTensorSummary(value) && field.value.size() > kMaxInlineChars) {
        field.value.clear();
        for (auto member = value.begin(); member != value.end(); ++member) {
          field.items.push_back(member.key() + "=" + ValueText(member.value(), false));
        }
      }
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

std::string RangeText(const std::string& dtype_and_shape, bool has_values, double min,
                      double max, double mean, int64_t nonfinite) {
  std::string out = dtype_and_shape;
  if (has_values) {
    out += " min " + ShortNumber(min) + " max " + ShortNumber(max) + " mean " + ShortNumber(mean);
  } else {
    out += " (no finite values)";
  }
  if (nonfinite > 0) out += " nonfinite " + std::to_string(nonfinite);
  return out;
}

std::string OneLine(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\x%02x", static_cast<unsigned char>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string ShortNumber(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e15) {
    return std::to_string(static_cast<int64_t>(v));
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", v);
  return buffer;
}

}  // namespace dolly::inspect
