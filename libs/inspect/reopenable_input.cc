#include "libs/inspect/reopenable_input.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "libs/core/error.h"

namespace dolly::inspect {
namespace {

std::string TempPattern() {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/dolly-inspect-XXXXXX";
}

}  // namespace

ReopenableInput::ReopenableInput(const std::string& path) : original_(path), path_(path) {
  std::error_code error;
  if (path != "-" && std::filesystem::is_regular_file(path, error)) return;
  if (path != "-" && (!std::filesystem::exists(path, error) ||
                      std::filesystem::is_directory(path, error))) {
    return;  // opening it reports what is wrong, as for any input
  }
  FILE* in = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (in == nullptr) throw IoError(path + ": cannot open: " + std::strerror(errno));
  std::unique_ptr<FILE, int (*)(FILE*)> owned(in == stdin ? nullptr : in, &std::fclose);

  std::string pattern = TempPattern();
  const int fd = mkstemp(&pattern[0]);
  if (fd < 0) {
    throw IoError(pattern + ": cannot create a copy of " + path + ": " + std::strerror(errno));
  }
  // The destructor does not run for a constructor that throws.
  const auto fail = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    std::remove(pattern.c_str());
    throw IoError(path + ": " + what + " " + pattern + ": " + reason);
  };
  FILE* out = fdopen(fd, "wb");
  if (out == nullptr) {
    close(fd);
    fail("cannot open the copy");
  }
  std::vector<char> buffer(1 << 20);
  size_t got;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
    if (std::fwrite(buffer.data(), 1, got, out) != got) {
      std::fclose(out);
      fail("cannot write the copy");
    }
  }
  const bool read_failed = std::ferror(in) != 0;
  if (std::fclose(out) != 0 || read_failed) fail("cannot read it into");
  path_ = pattern;
  temporary_ = true;
}

ReopenableInput::~ReopenableInput() {
  if (temporary_) std::remove(path_.c_str());
}

std::string ReopenableInput::Rename(const std::string& message) const {
  if (!temporary_) return message;
  std::string out = message;
  for (size_t at = out.find(path_); at != std::string::npos; at = out.find(path_, at)) {
    out.replace(at, path_.size(), original_);
    at += original_.size();
  }
  return out;
}

}  // namespace dolly::inspect
