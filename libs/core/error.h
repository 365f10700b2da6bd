// Errors that carry the process exit code they map to (0 ok, 1 internal,
// 2 usage, 3 invalid input, 4 I/O, 5 device), so that any library function can fail with the right code and
// the shared command-line layer turns it into one line on stderr.
#ifndef DOLLY_LIBS_CORE_ERROR_H_
#define DOLLY_LIBS_CORE_ERROR_H_

#include <stdexcept>
#include <string>

namespace dolly {

enum class ExitCode : int {
  kOk = 0,
  kInternal = 1,
  kUsage = 2,
  kInvalidInput = 3,
  kIo = 4,
  kResourceUnavailable = 5,
};

// Base of every error dolly raises on purpose. The message is one line and
// names the offending input (file, flag or value) first.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Malformed or out-of-contract content of an input (exit 3).
class InvalidInputError : public Error {
 public:
  explicit InvalidInputError(const std::string& message)
      : Error(ExitCode::kInvalidInput, message) {}
};

// A file could not be opened, read, written or renamed (exit 4).
class IoError : public Error {
 public:
  explicit IoError(const std::string& message) : Error(ExitCode::kIo, message) {}
};

// A bad flag combination or value that parsing alone could not catch (exit 2).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message)
      : Error(ExitCode::kUsage, message) {}
};

// A device, model or memory that is not available (exit 5).
class ResourceError : public Error {
 public:
  explicit ResourceError(const std::string& message)
      : Error(ExitCode::kResourceUnavailable, message) {}
};

}  // namespace dolly

#endif  // DOLLY_LIBS_CORE_ERROR_H_
