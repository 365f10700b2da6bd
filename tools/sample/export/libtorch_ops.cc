#include "tools/sample/export/libtorch_ops.h"

#include <torch/csrc/jit/runtime/operator.h>

namespace dolly::export_tools {

std::set<std::string> RegisteredOperators() {
  std::set<std::string> names;
  for (const auto& op : torch::jit::getAllOperators()) {
    const c10::FunctionSchema& schema = op->schema();
    const std::string& overload = schema.overload_name();
    names.insert(overload.empty() ? schema.name() : schema.name() + "." + overload);
  }
  return names;
}

}  // namespace dolly::export_tools
