#include "libs/fileio/staging_dir.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "libs/core/error.h"

namespace dolly::fileio {
namespace {

namespace fs = std::filesystem;

// "out/" -> "out", "x" -> "./x"; rejects names that are no new directory.
std::string NormalTarget(const std::string& target) {
  if (target.empty()) throw UsageError("output directory: empty path");
  fs::path path = fs::path(target).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();
  if (path.empty() || path.filename() == "." || path.filename() == "..") {
    throw UsageError(target + ": does not name a directory to create");
  }
  if (path.parent_path().empty()) path = fs::path(".") / path;
  return path.string();
}

bool IsTaken(const std::string& target) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(target, error);
  if (!fs::exists(status)) return false;
  return !(fs::is_directory(status) && fs::is_empty(target, error) && !error);
}

std::string TempDirBeside(const std::string& target, const char* tag) {
  const fs::path path(target);
  std::string pattern =
      (path.parent_path() / ("." + path.filename().string() + "." + tag + "-XXXXXX")).string();
  if (mkdtemp(&pattern[0]) == nullptr) {
    throw IoError(target + ": cannot create a directory beside it: " + std::strerror(errno));
  }
  return pattern;
}

}  // namespace

StagingDir::StagingDir(const std::string& target, ExistingTarget existing)
    : target_(NormalTarget(target)), existing_(existing) {
  if (existing_ == ExistingTarget::kRefuse && IsTaken(target_)) {
    throw IoError(target_ + ": already exists and is not an empty directory");
  }
  const fs::path parent = fs::path(target_).parent_path();
  std::error_code error;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, error); p = p.parent_path()) {
    created_parents_.push_back(p.string());
  }
  if (!created_parents_.empty() && !fs::create_directories(parent, error)) {
    RemoveCreatedParents();
    throw IoError(target_ + ": cannot create its parent directory: " + error.message());
  }
  try {
    path_ = TempDirBeside(target_, "tmp");
  } catch (...) {
    RemoveCreatedParents();
    throw;
  }
  // mkdtemp makes the directory private (0700); the output should look like
  // any directory the user creates.
  const mode_t mask = umask(0);
  umask(mask);
  chmod(path_.c_str(), 0777 & ~mask);
}

StagingDir::~StagingDir() {
  if (committed_) return;
  std::error_code ignored;  // cleanup must not hide the error that got us here
  fs::remove_all(path_, ignored);
  RemoveCreatedParents();
}

void StagingDir::RemoveCreatedParents() {
  // Only directories made here, and only while still empty.
  for (const std::string& dir : created_parents_) {
    if (rmdir(dir.c_str()) != 0) break;
  }
  created_parents_.clear();
}

std::string StagingDir::File(const std::string& relative) const { return path_ + "/" + relative; }

void StagingDir::Commit() {
  // rename(2) replaces an empty directory in one step and refuses a full one,
  // so a directory that fills meanwhile is never clobbered unless asked for.
  std::string old;
  if (existing_ == ExistingTarget::kReplace && IsTaken(target_)) {
    old = TempDirBeside(target_, "old");
    if (std::rename(target_.c_str(), old.c_str()) != 0) {
      const std::string reason = std::strerror(errno);
      rmdir(old.c_str());
      throw IoError(target_ + ": cannot replace it: " + reason);
    }
  }
  if (std::rename(path_.c_str(), target_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    if (!old.empty()) std::rename(old.c_str(), target_.c_str());
    throw IoError(target_ + ": cannot move the output into place: " + reason);
  }
  committed_ = true;
  if (!old.empty()) {
    std::error_code ignored;
    fs::remove_all(old, ignored);
  }
}

}  // namespace dolly::fileio
