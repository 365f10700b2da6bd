// libtorch_1_13_ops.txt, which the export scripts check traced graphs
// against, is exactly the operator list of the LibTorch dolly links.
#define BOOST_TEST_MODULE libtorch_ops
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "tools/sample/export/libtorch_ops.h"

namespace {

std::string DataPath(const std::string& relative) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr || workspace == nullptr) return relative;
  return std::string(srcdir) + "/" + workspace + "/" + relative;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_committed_list_is_the_linked_libtorchs) {
  std::ifstream in(DataPath("tools/sample/export/libtorch_1_13_ops.txt"));
  BOOST_REQUIRE(in.good());
  std::set<std::string> listed;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) listed.insert(line);
  }
  const std::set<std::string> registered = dolly::export_tools::RegisteredOperators();
  // The scripts' checks rely on these: present in 1.13 ...
  for (const char* op : {"aten::baddbmm", "aten::softmax.int", "aten::group_norm",
                         "aten::_upsample_bicubic2d_aa", "prim::NumToTensor.Scalar"}) {
    BOOST_TEST(registered.count(op) == 1u, op);
  }
  // ... and absent (torch 2.0's attention).
  BOOST_TEST(registered.count("aten::scaled_dot_product_attention") == 0u);
  int missing = 0, extra = 0;
  for (const std::string& op : registered) {
    if (listed.count(op) == 0 && ++missing <= 10) BOOST_TEST_MESSAGE("not listed: " << op);
  }
  for (const std::string& op : listed) {
    if (registered.count(op) == 0 && ++extra <= 10) BOOST_TEST_MESSAGE("not registered: " << op);
  }
  BOOST_TEST(missing == 0, "regenerate with bazel run //tools/sample/export:list_libtorch_ops");
  BOOST_TEST(extra == 0);
  BOOST_TEST(listed.size() > 1500u);
}
