// Atomic file output (a tool that fails leaves no partial output): data goes to a temporary file in the destination's directory,
// so that rename(2) can replace the destination in one step.
#ifndef DOLLY_LIBS_FILEIO_ATOMIC_FILE_H_
#define DOLLY_LIBS_FILEIO_ATOMIC_FILE_H_

#include <string>
#include <vector>

namespace dolly::fileio {

// Creates a new, empty, uniquely named file beside `path` and returns its
// name. The name starts with '.' so that directory listings (such as
// FrameDirectoryReader's) skip files still being written. Throws IoError
// naming `path`.
std::string CreateTempFileBeside(const std::string& path);

// Renames `temp_path` over `path`. On failure removes `temp_path` and throws
// IoError naming `path`.
void CommitTempFile(const std::string& temp_path, const std::string& path);

// Best-effort removal for cleanup paths, where a second error would only hide
// the first.
void RemoveFileQuietly(const std::string& path);

// Writes `bytes` to `path` through a temporary file and rename(2).
void WriteFileAtomically(const std::string& path,
                         const std::vector<unsigned char>& bytes);

}  // namespace dolly::fileio

#endif  // DOLLY_LIBS_FILEIO_ATOMIC_FILE_H_
