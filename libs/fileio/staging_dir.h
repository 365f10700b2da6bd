// An output directory that appears whole or not at all (a tool
// that fails leaves no partial output): files go into a hidden temporary
// directory beside the target, which Commit() renames onto the target.
// Destroying an uncommitted StagingDir deletes it, and any parent directories
// it had to create.
#ifndef DOLLY_LIBS_FILEIO_STAGING_DIR_H_
#define DOLLY_LIBS_FILEIO_STAGING_DIR_H_

#include <string>
#include <vector>

namespace dolly::fileio {

// What to do when the target already exists and is not an empty directory.
enum class ExistingTarget {
  kRefuse,   // IoError at construction (an empty directory is fine)
  kReplace,  // replaced by Commit(), in two renames
};

class StagingDir {
 public:
  // Throws UsageError for a path that names no directory ("", ".", ".."),
  // IoError when the target is taken (kRefuse) or nothing can be created.
  StagingDir(const std::string& target, ExistingTarget existing = ExistingTarget::kRefuse);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  // Where to write now.
  const std::string& path() const { return path_; }
  const std::string& target() const { return target_; }
  // path()/relative.
  std::string File(const std::string& relative) const;

  void Commit();

 private:
  void RemoveCreatedParents();

  std::string target_;
  std::string path_;
  ExistingTarget existing_;
  std::vector<std::string> created_parents_;  // deepest first
  bool committed_ = false;
};

}  // namespace dolly::fileio

#endif  // DOLLY_LIBS_FILEIO_STAGING_DIR_H_
