// Shared by the intentions tests: scratch files and error-message capture.
#ifndef DOLLY_LIBS_MOTION_INTENTIONS_TEST_UTIL_H_
#define DOLLY_LIBS_MOTION_INTENTIONS_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <string>

#include "libs/core/error.h"
#include "libs/motion/intentions/intentions.h"

namespace dolly::motion::testing {

constexpr int kWidth = 64;
constexpr int kHeight = 48;

// Bazel gives each test a private TEST_TMPDIR, so fixed names do not collide.
inline std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

inline std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Parses `text` as if it were <TempDir()>/intent.json.
inline Intentions Parse(const std::string& text) {
  return ParseIntentions(text, "intent.json", TempDir(), kWidth, kHeight);
}

// The InvalidInputError message of parsing `text`, or "" when it parses.
inline std::string ErrorOf(const std::string& text) {
  try {
    Parse(text);
  } catch (const InvalidInputError& e) {
    return e.what();
  }
  return "";
}

inline bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

inline bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace dolly::motion::testing

#endif  // DOLLY_LIBS_MOTION_INTENTIONS_TEST_UTIL_H_
