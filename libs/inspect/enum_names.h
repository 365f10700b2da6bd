// Thrift's C++ code writes an enum field as a bare i32 and keeps no record of
// which fields are enums, so the JSON output looks them up here.
#ifndef DOLLY_LIBS_INSPECT_ENUM_NAMES_H_
#define DOLLY_LIBS_INSPECT_ENUM_NAMES_H_

#include <cstdint>
#include <string_view>

namespace dolly::inspect {

// Name of `value` for field `field` of struct `struct_name` (Thrift names, as
// the generated write() passes them), or nullptr when that field is not an
// enum or the value has no name. A new enum field in schemas/ belongs here.
const char* EnumValueName(std::string_view struct_name, std::string_view field, int32_t value);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_ENUM_NAMES_H_
