// RFC 4180 quoting for the small CSV files export writes.
#ifndef DOLLY_LIBS_INSPECT_CSV_H_
#define DOLLY_LIBS_INSPECT_CSV_H_

#include <string>

namespace dolly::inspect {

// `s` as one CSV field: quoted (with quotes doubled) only when it holds a
// comma, quote or line break.
inline std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_CSV_H_
