#include "tools/testing/tool_process.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace dolly::testing {

std::string TestTmpDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

std::string RunfilePath(const std::string& path) {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  return std::string(runfiles != nullptr ? runfiles : ".") + "/dolly/" + path;
}

ProcessResult RunCommand(const std::string& command_line, const std::string& stdin_path) {
  // A fresh directory a call, so that nested or repeated runs never share
  // their capture files.
  std::string pattern = TestTmpDir() + "/run_XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("cannot create a directory from " + pattern);
  }
  const std::string dir(buffer.data());
  const std::string out = dir + "/out", err = dir + "/err";
  const std::string command = command_line + (stdin_path.empty() ? "" : " < " + stdin_path) +
                              " > " + out + " 2> " + err;
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status)) {
    throw std::runtime_error("command did not exit normally: " + command);
  }
  ProcessResult result{WEXITSTATUS(status), ReadFile(out), ReadFile(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  rmdir(dir.c_str());
  return result;
}

ProcessResult RunTool(const std::string& tool, const std::string& args,
                      const std::string& stdin_path) {
  return RunCommand(RunfilePath(tool) + " " + args, stdin_path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool FileExists(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0;
}

}  // namespace dolly::testing
