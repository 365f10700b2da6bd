// RunRecon4dImpl's checks that come before any reading or fitting, and the
// view directory listing (the end-to-end runs are in tools/recon4d).
#define BOOST_TEST_MODULE run_recon4d_test
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "libs/core/error.h"
#include "libs/recon4d/run/run_recon4d.h"

namespace dolly::recon4d {
namespace {

namespace fs = std::filesystem;

std::string TmpDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name;
  fs::remove_all(dir);
  return dir;
}

Recon4dRunOptions Valid() {
  Recon4dRunOptions o;
  o.asset = "asset.obj";
  o.views_root = "views";
  o.output = TmpDir("out_never_made");
  return o;
}

BOOST_AUTO_TEST_CASE(ParsesNormalizeModes) {
  BOOST_TEST((ParseNormalizeMode("auto") == NormalizeMode::kAuto));
  BOOST_TEST((ParseNormalizeMode("on") == NormalizeMode::kOn));
  BOOST_TEST((ParseNormalizeMode("off") == NormalizeMode::kOff));
  BOOST_CHECK_THROW(ParseNormalizeMode("yes"), UsageError);
}

BOOST_AUTO_TEST_CASE(BadOptionsAreUsageErrorsAndLeaveNothing) {
  std::vector<Recon4dRunOptions> bad(9, Valid());
  bad[0].asset.clear();
  bad[1].views_root.clear();                 // no views at all
  bad[2].views = {"a"};                      // both kinds of view list
  bad[3].output.clear();
  bad[4].fps = -1;
  bad[5].fit.max_nodes = 0;
  bad[6].fit.arap_weight = -0.5;
  bad[7].fit.max_iterations = 0;
  bad[8].fit.track_spacing_px = 0;
  for (size_t i = 0; i < bad.size(); ++i) {
    BOOST_TEST_CONTEXT("case " << i) {
      BOOST_CHECK_THROW(RunRecon4dImpl(bad[i], nullptr), UsageError);
      BOOST_TEST(!fs::exists(Valid().output));
    }
  }
}

BOOST_AUTO_TEST_CASE(MissingInputsAreIoErrorsAndLeaveNothing) {
  Recon4dRunOptions o = Valid();
  o.views_root = TmpDir("no_such_root");
  BOOST_CHECK_THROW(RunRecon4dImpl(o, nullptr), IoError);
  BOOST_TEST(!fs::exists(o.output));
  // A view directory without frames.
  const std::string root = TmpDir("empty_view_root");
  fs::create_directories(root + "/view_00");
  o.views_root = root;
  BOOST_CHECK_THROW(RunRecon4dImpl(o, nullptr), IoError);
  BOOST_TEST(!fs::exists(o.output));
}

BOOST_AUTO_TEST_CASE(ListsViewDirectoriesSorted) {
  const std::string root = TmpDir("views_root");
  for (const char* name : {"view_02", "view_00", "view_01", "other"}) {
    fs::create_directories(root + "/" + name);
  }
  { std::ofstream(root + "/view_03"); }  // a file, not a view
  const std::vector<std::string> dirs = ListViewDirs(root);
  BOOST_REQUIRE(dirs.size() == 3u);
  BOOST_TEST(fs::path(dirs[0]).filename() == "view_00");
  BOOST_TEST(fs::path(dirs[2]).filename() == "view_02");
  BOOST_CHECK_THROW(ListViewDirs(root + "/other"), InvalidInputError);
  BOOST_CHECK_THROW(ListViewDirs(root + "/missing"), IoError);
}

}  // namespace
}  // namespace dolly::recon4d
