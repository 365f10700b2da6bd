// The operators the linked LibTorch registers (its TorchScript interpreter
// can run a graph only through these, plus the node kinds it executes
// itself).
#ifndef DOLLY_TOOLS_SAMPLE_EXPORT_LIBTORCH_OPS_H_
#define DOLLY_TOOLS_SAMPLE_EXPORT_LIBTORCH_OPS_H_

#include <set>
#include <string>

namespace dolly::export_tools {

// "namespace::name.overload" ("namespace::name" for the default overload).
std::set<std::string> RegisteredOperators();

}  // namespace dolly::export_tools

#endif  // DOLLY_TOOLS_SAMPLE_EXPORT_LIBTORCH_OPS_H_
