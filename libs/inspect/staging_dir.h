// An output directory that appears whole or not at all: files are written
// into a hidden temporary directory beside the target, renamed onto the
// target by Commit(); destroying an uncommitted StagingDir deletes it.
#ifndef DOLLY_LIBS_INSPECT_STAGING_DIR_H_
#define DOLLY_LIBS_INSPECT_STAGING_DIR_H_

#include <string>
#include <vector>

namespace dolly::inspect {

class StagingDir {
 public:
  // Creates missing parent directories (removed again if the export fails).
  // Throws IoError naming `target` when it exists as anything but an empty
  // directory (an earlier export is never overwritten), or when it cannot be
  // created.
  explicit StagingDir(const std::string& target);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;

  // Where to write now.
  const std::string& path() const { return path_; }
  const std::string& target() const { return target_; }
  // path()/relative.
  std::string File(const std::string& relative) const;

  // Renames the staging directory onto the target.
  void Commit();

 private:
  void RemoveCreatedParents();

  std::string target_;
  std::string path_;
  std::vector<std::string> created_parents_;  // deepest first
  bool committed_ = false;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_STAGING_DIR_H_
