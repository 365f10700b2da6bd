// Helpers of the tool tests: run a tool binary from the test's runfiles as a
// subprocess, capturing its exit code, stdout and stderr, and small file
// helpers around it.
#ifndef DOLLY_TOOLS_TESTING_TOOL_PROCESS_H_
#define DOLLY_TOOLS_TESTING_TOOL_PROCESS_H_

#include <string>

namespace dolly::testing {

struct ProcessResult {
  int code;         // exit status of the command line
  std::string out;  // everything it wrote to stdout
  std::string err;  // everything it wrote to stderr
};

// $TEST_TMPDIR, or /tmp outside Bazel.
std::string TestTmpDir();

// The path of a runfile of this workspace, e.g. "tools/depth/dolly-depth".
std::string RunfilePath(const std::string& path);

// Runs `command_line` through the shell (its words already quoted where
// needed), with stdin from `stdin_path` when that is not empty, and returns
// its exit status and what it wrote to stdout and stderr. Throws
// std::runtime_error when the command does not exit normally (e.g. it is
// killed by a signal).
ProcessResult RunCommand(const std::string& command_line, const std::string& stdin_path = "");

// RunCommand(RunfilePath(tool) + " " + args, stdin_path).
ProcessResult RunTool(const std::string& tool, const std::string& args,
                      const std::string& stdin_path = "");

// The whole file as bytes; empty when it cannot be read.
std::string ReadFile(const std::string& path);

// Whether anything (file, directory, ...) exists at `path`.
bool FileExists(const std::string& path);

}  // namespace dolly::testing

#endif  // DOLLY_TOOLS_TESTING_TOOL_PROCESS_H_
