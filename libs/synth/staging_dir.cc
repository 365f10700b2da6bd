#include "libs/synth/staging_dir.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "libs/core/error.h"

namespace dolly::synth {

namespace fs = std::filesystem;

namespace {

std::string MakeTempDirBeside(const fs::path& final_path, const std::string& tag) {
  std::string pattern =
      (final_path.parent_path() / ("." + final_path.filename().string() + "." + tag + "-XXXXXX"))
          .string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw IoError(final_path.string() + ": cannot create a directory beside it (" +
                  std::strerror(errno) + ")");
  }
  return std::string(buffer.data());
}

}  // namespace

StagingDirectory::StagingDirectory(const std::string& final_path, bool overwrite)
    : overwrite_(overwrite) {
  if (final_path.empty()) throw UsageError("--output: must not be empty");
  fs::path path = fs::path(final_path).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // "out/" -> "out"
  if (path.empty() || path.filename() == "." || path.filename() == "..") {
    throw UsageError("--output: '" + final_path + "' does not name a directory to create");
  }
  if (path.parent_path().empty()) path = fs::path(".") / path;
  final_ = path.string();
  std::error_code ec;
  if (fs::exists(path, ec) && !overwrite_) {
    throw IoError(final_path + ": already exists (remove it, or pass --overwrite)");
  }
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw IoError(path.parent_path().string() + ": cannot create (" + ec.message() + ")");
  staging_ = MakeTempDirBeside(path, "tmp");
}

StagingDirectory::~StagingDirectory() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void StagingDirectory::Commit() {
  std::error_code ec;
  // mkdtemp creates the directory private (0700); give the result the
  // permissions a plain mkdir would have.
  const mode_t mask = umask(0);
  umask(mask);
  chmod(staging_.c_str(), 0777 & ~mask);
  std::string old;
  if (fs::exists(final_, ec)) {
    if (!overwrite_) throw IoError(final_ + ": appeared while writing; not replaced");
    // Move the old one aside first so the rename below cannot fail half way.
    old = MakeTempDirBeside(final_, "old");
    if (std::rename(final_.c_str(), old.c_str()) != 0) {
      const int error = errno;
      fs::remove(old, ec);
      throw IoError(final_ + ": cannot replace (" + std::strerror(error) + ")");
    }
  }
  if (std::rename(staging_.c_str(), final_.c_str()) != 0) {
    const int error = errno;
    if (!old.empty()) std::rename(old.c_str(), final_.c_str());
    throw IoError(final_ + ": cannot move the output into place (" + std::strerror(error) + ")");
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace dolly::synth
