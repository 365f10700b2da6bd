// An output directory written in full under a temporary name beside its
// destination and renamed into place at the end (DESIGN.md: a tool that fails
// leaves no partial output).
#ifndef DOLLY_LIBS_SYNTH_STAGING_DIR_H_
#define DOLLY_LIBS_SYNTH_STAGING_DIR_H_

#include <string>

namespace dolly::synth {

class StagingDirectory {
 public:
  // Creates ".<name>.tmp-XXXXXX" beside `final_path` (and missing parents).
  // Throws UsageError for an empty path and IoError when `final_path` exists
  // and `overwrite` is false, or when the directory cannot be created.
  StagingDirectory(const std::string& final_path, bool overwrite);
  // Removes the staging directory unless Commit() succeeded.
  ~StagingDirectory();
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;

  // Where to write now.
  const std::string& path() const { return staging_; }
  const std::string& final_path() const { return final_; }

  // Moves the directory into place, replacing an existing one when allowed.
  void Commit();

 private:
  std::string final_;
  std::string staging_;
  bool overwrite_;
  bool committed_ = false;
};

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_STAGING_DIR_H_
