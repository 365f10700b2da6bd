// Helpers shared by the asset tests: files under $TEST_TMPDIR.
#ifndef DOLLY_LIBS_ASSET_TEST_UTIL_H_
#define DOLLY_LIBS_ASSET_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <string>

namespace dolly::asset::testing {

inline std::string TmpPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

inline std::string WriteFile(const std::string& name, const std::string& content) {
  const std::string path = TmpPath(name);
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

// The message of the exception `f` throws as E ("" when it throws nothing).
template <typename E, typename F>
std::string ErrorOf(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

}  // namespace dolly::asset::testing

#endif  // DOLLY_LIBS_ASSET_TEST_UTIL_H_
