// Bad recipes and bad flags: the right error (and exit code through the
// binary), one line naming the file and key, and nothing left behind.
#define BOOST_TEST_MODULE bad_input_test
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/core/error.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::synth {
namespace {

namespace fs = std::filesystem;

std::string WriteRecipe(const std::string& name, const std::string& text) {
  const std::string path = testing::TestTmpDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// Nothing named after `output` (the directory or a staging leftover) exists.
bool NothingLeftFor(const std::string& output) {
  const std::string name = fs::path(output).filename().string();
  for (const auto& entry : fs::directory_iterator(fs::path(output).parent_path())) {
    if (entry.path().filename().string().find(name) != std::string::npos) return false;
  }
  return true;
}

template <typename E>
std::string ExpectError(const std::string& scene, const std::string& output_name) {
  SynthOptions options;
  options.scene = scene;
  options.output = testing::TestTmpDir() + "/" + output_name;
  try {
    RunSynthImpl(options);
  } catch (const E& e) {
    BOOST_TEST(NothingLeftFor(options.output));
    return e.what();
  }
  BOOST_FAIL("expected an error for " + scene);
  return "";
}

BOOST_AUTO_TEST_CASE(BadRecipesAreInvalidInput) {
  const std::string unknown = WriteRecipe(
      "unknown_key.json", R"({"objects": [{"shape": "box", "colour": [1, 2, 3]}]})");
  BOOST_TEST(ExpectError<InvalidInputError>(unknown, "out_unknown") ==
             unknown + ": key 'objects[0].colour': unknown key");
  const std::string type = WriteRecipe("wrong_type.json", R"({"camera": {"fov_y_deg": "wide"}})");
  BOOST_TEST(ExpectError<InvalidInputError>(type, "out_type") ==
             type + ": key 'camera.fov_y_deg': must be a number");
  const std::string negative =
      WriteRecipe("negative.json", R"({"objects": [{"shape": "sphere", "radius": -1}]})");
  BOOST_TEST(ExpectError<InvalidInputError>(negative, "out_negative") ==
             negative + ": key 'objects[0].radius': must be positive, got -1");
  const std::string json = WriteRecipe("broken.json", "{\"frames\": 3,\n");
  BOOST_TEST(ExpectError<InvalidInputError>(json, "out_json").rfind(json + ": not valid JSON", 0) ==
             0u);
  const std::string down = WriteRecipe(
      "down.json", R"({"ground": true, "camera": {"position": [0, 0, 5], "target": [0, 0, 0]}})");
  BOOST_TEST(ExpectError<InvalidInputError>(down, "out_down") ==
             down + ": key 'camera.target': the camera looks straight up or down at frame 0 "
                    "(image up undefined)");
  BOOST_TEST(ExpectError<InvalidInputError>("no_such_preset", "out_preset")
                 .rfind("--scene: unknown preset 'no_such_preset'", 0) == 0u);
  BOOST_TEST(ExpectError<IoError>(testing::TestTmpDir() + "/missing.json", "out_missing") ==
             testing::TestTmpDir() + "/missing.json: cannot open recipe (no such file)");
}

BOOST_AUTO_TEST_CASE(ExistingOutputIsKeptUnlessOverwrite) {
  const std::string output = testing::TestTmpDir() + "/existing";
  fs::create_directories(output);
  std::ofstream(output + "/keep.txt") << "mine";
  SynthOptions options;
  options.scene = testing::TestScene("orbit_boxes.json");
  options.output = output;
  options.frames = 1;
  options.width = 32;
  options.height = 24;
  options.write_mp4 = false;
  BOOST_CHECK_THROW(RunSynthImpl(options), IoError);
  BOOST_TEST(fs::exists(output + "/keep.txt"));
  options.overwrite = true;
  RunSynthImpl(options);
  BOOST_TEST(!fs::exists(output + "/keep.txt"));
  BOOST_TEST(fs::is_regular_file(output + "/tracks.dolly"));
  // No staging or backup directories remain beside it.
  int siblings = 0;
  for (const auto& entry : fs::directory_iterator(testing::TestTmpDir())) {
    if (entry.path().filename().string().find("existing") != std::string::npos) ++siblings;
  }
  BOOST_TEST(siblings == 1);
}

struct Outcome {
  int code = -1;
  std::string err;
};

Outcome RunTool(const std::string& args) {
  const std::string err_path = testing::TestTmpDir() + "/stderr.txt";
  const std::string command =
      testing::Runfile("tools/synth/dolly-synth") + " " + args + " >/dev/null 2>" + err_path;
  const int status = std::system(command.c_str());
  Outcome out;
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_path);
  std::ostringstream text;
  text << in.rdbuf();
  out.err = text.str();
  return out;
}

BOOST_AUTO_TEST_CASE(ExitCodesOfTheBinary) {
  const std::string tmp = testing::TestTmpDir();
  const std::string bad = WriteRecipe("bad_for_tool.json", R"({"objects": [{"shape": "box", "size": [1, 0, 1]}]})");
  Outcome out = RunTool("--scene " + bad + " -o " + tmp + "/tool_bad");
  BOOST_TEST(out.code == 3);
  BOOST_TEST(out.err == "dolly-synth: " + bad + ": key 'objects[0].size': every size must be positive\n");
  BOOST_TEST(NothingLeftFor(tmp + "/tool_bad"));
  BOOST_TEST(RunTool("--scene nope -o " + tmp + "/tool_nope").code == 3);
  BOOST_TEST(RunTool("--scene " + tmp + "/absent.json -o " + tmp + "/tool_absent").code == 4);
  BOOST_TEST(RunTool("--scene orbit_boxes --frames 0 -o " + tmp + "/tool_frames").code == 2);
  BOOST_TEST(RunTool("--scene orbit_boxes --no-such-flag -o " + tmp + "/tool_flag").code == 2);
  BOOST_TEST(RunTool("--help").code == 0);
  BOOST_TEST(RunTool("--version").code == 0);
  // A small real run through the binary, then the same output again: exists.
  out = RunTool("--quiet --scene orbit_boxes --frames 2 --width 32 --height 24 --tracks 8 -o " +
                tmp + "/tool_ok");
  BOOST_TEST(out.code == 0, out.err);
  BOOST_TEST(fs::is_regular_file(tmp + "/tool_ok/video.mp4"));
  BOOST_TEST(RunTool("--quiet --scene orbit_boxes --frames 2 -o " + tmp + "/tool_ok").code == 4);
}

}  // namespace
}  // namespace dolly::synth
