#ifndef DOLLY_LIBS_CORE_VERSION_H_
#define DOLLY_LIBS_CORE_VERSION_H_

namespace dolly {

// Version of the tools; written into every artifact header as tool_version.
inline constexpr const char kVersion[] = "0.2.0";

}  // namespace dolly

#endif  // DOLLY_LIBS_CORE_VERSION_H_
