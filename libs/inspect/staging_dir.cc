#include "libs/inspect/staging_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "libs/core/error.h"

namespace dolly::inspect {
namespace {

namespace fs = std::filesystem;

std::string WithoutTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

void CheckTargetIsFree(const std::string& target) {
  std::error_code error;
  const fs::file_status status = fs::symlink_status(target, error);
  if (!fs::exists(status)) return;
  if (fs::is_directory(status) && fs::is_empty(target, error) && !error) return;
  throw IoError(target + ": already exists and is not an empty directory; export needs a new one");
}

}  // namespace

StagingDir::StagingDir(const std::string& target) : target_(WithoutTrailingSlashes(target)) {
  if (target_.empty()) throw UsageError("empty export directory name");
  CheckTargetIsFree(target_);
  const fs::path target_path(target_);
  const fs::path parent = target_path.has_parent_path() ? target_path.parent_path() : ".";
  std::error_code error;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, error); p = p.parent_path()) {
    created_parents_.push_back(p.string());
  }
  if (!created_parents_.empty() && !fs::create_directories(parent, error)) {
    RemoveCreatedParents();
    throw IoError(target_ + ": cannot create its parent directory: " + error.message());
  }
  std::string pattern = (parent / ("." + target_path.filename().string() + ".tmp-XXXXXX")).string();
  if (mkdtemp(&pattern[0]) == nullptr) {
    const std::string reason = std::strerror(errno);
    RemoveCreatedParents();
    throw IoError(target_ + ": cannot create a directory beside it: " + reason);
  }
  path_ = pattern;
  // mkdtemp makes the directory private (0700); the export is meant to look
  // like any directory the user creates.
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
  // Only directories this export made, and only while still empty.
  for (const std::string& dir : created_parents_) {
    if (rmdir(dir.c_str()) != 0) break;
  }
  created_parents_.clear();
}

std::string StagingDir::File(const std::string& relative) const { return path_ + "/" + relative; }

void StagingDir::Commit() {
  // rename(2) replaces an empty directory in one step and refuses a full one,
  // so a directory that appeared meanwhile is never clobbered.
  if (std::rename(path_.c_str(), target_.c_str()) != 0) {
    throw IoError(target_ + ": cannot move the export into place: " + std::strerror(errno));
  }
  committed_ = true;
}

}  // namespace dolly::inspect
