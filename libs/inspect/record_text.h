// A record as short human-readable text: one (name, value) pair per field,
// values in a compact key=value style, tensors as their summary. Built on the
// JSON output, so it covers every kind and every future field.
#ifndef DOLLY_LIBS_INSPECT_RECORD_TEXT_H_
#define DOLLY_LIBS_INSPECT_RECORD_TEXT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <thrift/TBase.h>

namespace dolly::inspect {

struct FieldText {
  std::string name;
  std::string value;
  // For a list of structs: one line per element (value holds the count);
  // for a struct too long for one line, one line per field (value empty).
  std::vector<std::string> items;
  // A struct other than a tensor, whose value has no braces of its own.
  bool is_struct = false;
};

std::vector<FieldText> RecordText(const apache::thrift::TBase& record);

// The record as JSON (tensors summarised), keys in field order.
nlohmann::ordered_json RecordJson(const apache::thrift::TBase& record);

// "FLOAT32[16, 512, 768] min 0.52 max 9.87 mean 3.1", as the summary prints
// tensor ranges; `shape` is printed as given.
std::string RangeText(const std::string& dtype_and_shape, bool has_values, double min,
                      double max, double mean, int64_t nonfinite);

// `s` with control characters shown as C escapes (\n, \t, \x01), so a
// value from a file cannot break the summary's one-line-per-field layout.
std::string OneLine(const std::string& s);

// %.6g, with integers printed whole: short enough to scan, exact for the
// values tests write.
std::string ShortNumber(double v);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_RECORD_TEXT_H_
