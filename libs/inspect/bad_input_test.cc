#define BOOST_TEST_MODULE bad_input_test
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/inspect/inspect.h"
#include "libs/inspect/testing/test_artifacts.h"

namespace dolly::inspect {
namespace {

namespace t = testing;
using Names = std::vector<std::string>;

enum class Mode { kSummary, kJson, kExport };

std::string Run(Mode mode, const std::string& input, const std::string& export_dir = "") {
  InspectOptions options;
  options.input = input;
  options.json = mode == Mode::kJson;
  options.frames = mode == Mode::kSummary;
  options.export_dir = mode == Mode::kExport ? export_dir : "";
  std::ostringstream out;
  RunInspectImpl(options, out);
  return out.str();
}

// Runs every mode on `input`, which must fail with `Expected` naming the
// input first, in one line, leaving no export directory (nor its staging
// directory) behind.
template <typename Expected>
void CheckRejected(const std::string& input, const std::string& root) {
  for (Mode mode : {Mode::kSummary, Mode::kJson, Mode::kExport}) {
    try {
      Run(mode, input, root + "/export");
      BOOST_ERROR(input << ": accepted in mode " << static_cast<int>(mode));
    } catch (const Expected& e) {
      const std::string message = e.what();
      BOOST_TEST(message.rfind(input, 0) == 0u, "'" << message << "' does not start with the path");
      BOOST_TEST(message.find('\n') == std::string::npos);
    }
    for (const std::string& name : t::ListDir(root)) {
      BOOST_TEST(name.find("export") == std::string::npos, "left behind: " << name);
    }
  }
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_io_error) {
  const std::string root = t::MakeTestDir("bad_missing");
  CheckRejected<IoError>(root + "/no-such.dolly", root);
}

BOOST_AUTO_TEST_CASE(a_directory_is_an_io_error) {
  const std::string root = t::MakeTestDir("bad_directory");
  std::filesystem::create_directories(root + "/dir.dolly");
  CheckRejected<IoError>(root + "/dir.dolly", root);
}

BOOST_AUTO_TEST_CASE(garbage_empty_and_wrong_magic_are_invalid_input) {
  const std::string root = t::MakeTestDir("bad_garbage");
  t::WriteBytes(root + "/garbage.dolly", "this is not an artifact at all, just some text\n");
  CheckRejected<InvalidInputError>(root + "/garbage.dolly", root);
  t::WriteBytes(root + "/empty.dolly", "");
  CheckRejected<InvalidInputError>(root + "/empty.dolly", root);
  std::string bytes = t::ReadBytes(t::WriteVideo(root + "/good.dolly"));
  bytes[7] = 'X';  // DOLLYARX
  t::WriteBytes(root + "/magic.dolly", bytes);
  CheckRejected<InvalidInputError>(root + "/magic.dolly", root);
}

BOOST_AUTO_TEST_CASE(truncation_anywhere_is_invalid_input_and_json_prints_nothing) {
  const std::string root = t::MakeTestDir("bad_truncated");
  const std::string bytes = t::ReadBytes(t::WriteDepth(root + "/good.dolly", 2));
  const std::string cut = root + "/cut.dolly";
  for (size_t size : {size_t{5}, size_t{12}, size_t{20}, bytes.size() / 3, bytes.size() / 2,
                      bytes.size() - 40, bytes.size() - 1}) {
    t::WriteBytes(cut, bytes.substr(0, size));
    BOOST_TEST_CONTEXT("cut to " << size << " of " << bytes.size() << " bytes") {
      CheckRejected<InvalidInputError>(cut, root);
      // A regular file is checked before the document starts.
      InspectOptions options;
      options.input = cut;
      options.json = true;
      std::ostringstream out;
      BOOST_CHECK_THROW(RunInspectImpl(options, out), InvalidInputError);
      BOOST_TEST(out.str().empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(corrupt_bytes_never_crash_or_escape_as_other_errors) {
  const std::string root = t::MakeTestDir("bad_corrupt");
  const std::string bytes = t::ReadBytes(t::WriteTracks(root + "/good.dolly"));
  std::mt19937 random(7);
  const std::string path = root + "/corrupt.dolly";
  int rejected = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string corrupt = bytes;
    const size_t at = 12 + random() % (corrupt.size() - 12);
    corrupt[at] = static_cast<char>(random());
    t::WriteBytes(path, corrupt);
    for (Mode mode : {Mode::kSummary, Mode::kJson}) {
      try {
        Run(mode, path);
      } catch (const InvalidInputError&) {
        ++rejected;
      }
    }
  }
  BOOST_TEST(rejected > 0);
}

BOOST_AUTO_TEST_CASE(flags_that_do_not_combine_are_usage_errors) {
  const std::string root = t::MakeTestDir("bad_flags");
  const std::string video = t::WriteVideo(root + "/v.dolly");
  InspectOptions full;
  full.input = video;
  full.full = true;
  std::ostringstream out;
  BOOST_CHECK_THROW(RunInspectImpl(full, out), UsageError);
  InspectOptions frames;
  frames.input = video;
  frames.json = true;
  frames.frames = true;
  BOOST_CHECK_THROW(RunInspectImpl(frames, out), UsageError);
  InspectOptions background;
  background.input = video;
  background.video = video;
  BOOST_CHECK_THROW(RunInspectImpl(background, out), UsageError);
  InspectOptions colormap;
  colormap.input = video;
  colormap.colormap = "rainbow";
  BOOST_CHECK_THROW(RunInspectImpl(colormap, out), UsageError);
  BOOST_CHECK_THROW(RunInspectImpl(InspectOptions(), out), UsageError);
  BOOST_TEST(out.str().empty());
}

}  // namespace
}  // namespace dolly::inspect
