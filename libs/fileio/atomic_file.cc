#include "libs/fileio/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "libs/core/error.h"

namespace dolly::fileio {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

// Process id + counter + random bits: unique across threads and processes
// writing into the same directory; O_EXCL catches the rest.
std::string UniqueSuffix() {
  static std::atomic<unsigned> counter{0};
  static thread_local std::mt19937 random(std::random_device{}());
  return ".tmp-" + std::to_string(getpid()) + "-" +
         std::to_string(counter.fetch_add(1)) + "-" +
         std::to_string(random() % 1000000);
}

}  // namespace

std::string CreateTempFileBeside(const std::string& path) {
  const std::filesystem::path target(path);
  const std::string name = target.filename().string();
  if (name.empty()) throw IoError(path + ": not a file name");
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string temp =
        (target.parent_path() / ("." + name + UniqueSuffix())).string();
    // 0666 lets the umask decide the final permissions, as for any new file.
    const int fd =
        open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      close(fd);
      return temp;
    }
    if (errno != EEXIST) {
      throw IoError(path + ": cannot create file: " + ErrnoText());
    }
  }
  throw IoError(path + ": cannot create a unique temporary file");
}

void CommitTempFile(const std::string& temp_path, const std::string& path) {
  if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
    const std::string reason = ErrnoText();
    RemoveFileQuietly(temp_path);
    throw IoError(path + ": cannot write file: " + reason);
  }
}

void RemoveFileQuietly(const std::string& path) { unlink(path.c_str()); }

void WriteFileAtomically(const std::string& path,
                         const std::vector<unsigned char>& bytes) {
  const std::string temp = CreateTempFileBeside(path);
  const int fd = open(temp.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) {
    const std::string reason = ErrnoText();
    RemoveFileQuietly(temp);
    throw IoError(path + ": cannot write file: " + reason);
  }
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = n < 0 ? ErrnoText() : "short write";
      close(fd);
      RemoveFileQuietly(temp);
      throw IoError(path + ": cannot write file: " + reason);
    }
    written += static_cast<size_t>(n);
  }
  // No fsync: these are regenerable outputs and a sync per frame of a long
  // PNG sequence costs more than a crash-time loss would.
  if (close(fd) != 0) {
    const std::string reason = ErrnoText();
    RemoveFileQuietly(temp);
    throw IoError(path + ": cannot write file: " + reason);
  }
  CommitTempFile(temp, path);
}

}  // namespace dolly::fileio
