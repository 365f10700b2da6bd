// JSON text pieces that stay valid whatever bytes an artifact holds: Thrift
// strings of a corrupt file need not be UTF-8, and doubles may be NaN or Inf,
// neither of which JSON can spell.
#ifndef DOLLY_LIBS_INSPECT_JSON_TEXT_H_
#define DOLLY_LIBS_INSPECT_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace dolly::inspect {

// Appends `s` as a quoted JSON string. Bytes that are not well-formed UTF-8
// become U+FFFD, so the result always parses.
void AppendJsonString(std::string* out, std::string_view s);
std::string JsonString(std::string_view s);

// Shortest decimal text that reads back to the same value (so a float
// written by a tool compares equal after a round trip through JSON);
// "null" for NaN and Inf.
void AppendJsonNumber(std::string* out, double v);
void AppendJsonNumber(std::string* out, float v);
std::string JsonNumber(double v);

// Standard base64 with padding, for binary fields that are not tensors.
std::string Base64(std::string_view bytes);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_JSON_TEXT_H_
