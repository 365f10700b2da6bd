// Prints every operator the linked LibTorch registers, one
// "namespace::name.overload" per line (".overload" omitted when empty),
// sorted: the list export scripts check traced graphs against
// (libtorch_1_13_ops.txt, kept equal to this output by libtorch_ops_test).
//   bazel run //tools/sample/export:list_libtorch_ops > tools/sample/export/libtorch_1_13_ops.txt
#include <iostream>

#include "tools/sample/export/libtorch_ops.h"

int main() {
  for (const std::string& op : dolly::export_tools::RegisteredOperators()) std::cout << op << "\n";
  return 0;
}
