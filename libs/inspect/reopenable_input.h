// Export of some kinds reads the artifact twice (depth colours need the
// sequence's value range before the first frame is drawn); a stream can be
// read only once, so it is copied to a temporary file first.
#ifndef DOLLY_LIBS_INSPECT_REOPENABLE_INPUT_H_
#define DOLLY_LIBS_INSPECT_REOPENABLE_INPUT_H_

#include <string>

namespace dolly::inspect {

class ReopenableInput {
 public:
  // `path` is "-" for stdin. A regular file is used in place; anything else
  // (stdin, a pipe) is copied to a file in $TMPDIR, removed on destruction.
  explicit ReopenableInput(const std::string& path);
  ~ReopenableInput();
  ReopenableInput(const ReopenableInput&) = delete;
  ReopenableInput& operator=(const ReopenableInput&) = delete;

  // The file to open, as often as needed.
  const std::string& path() const { return path_; }
  // What the user named, for messages.
  const std::string& original() const { return original_; }
  // `message` with the temporary copy's name replaced by the original one.
  std::string Rename(const std::string& message) const;

 private:
  std::string original_;
  std::string path_;
  bool temporary_ = false;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_REOPENABLE_INPUT_H_
