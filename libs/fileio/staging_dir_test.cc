#define BOOST_TEST_MODULE staging_dir_test
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libs/core/error.h"
#include "libs/fileio/staging_dir.h"

namespace dolly::fileio {
namespace {

namespace fs = std::filesystem;

std::string Tmp(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

int EntriesMentioning(const std::string& name) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(Tmp(name)).parent_path())) {
    if (entry.path().filename().string().find(name) != std::string::npos) ++n;
  }
  return n;
}

BOOST_AUTO_TEST_CASE(UncommittedLeavesNothing) {
  {
    StagingDir staging(Tmp("never"));
    std::ofstream(staging.path() + "/file.txt") << "partial";
    BOOST_TEST(fs::exists(staging.path() + "/file.txt"));
  }
  BOOST_TEST(EntriesMentioning("never") == 0);
}

BOOST_AUTO_TEST_CASE(CommitMovesIntoPlace) {
  {
    StagingDir staging(Tmp("made/deeper/out/"));
    std::ofstream(staging.path() + "/file.txt") << "done";
    staging.Commit();
  }
  BOOST_TEST(fs::is_regular_file(Tmp("made/deeper/out/file.txt")));
  // A plain mkdir's permissions, not mkdtemp's private 0700.
  const mode_t mask = umask(0);
  umask(mask);
  const unsigned perms = static_cast<unsigned>(fs::status(Tmp("made/deeper/out")).permissions());
  BOOST_TEST(perms == (0777u & ~static_cast<unsigned>(mask)));
}

BOOST_AUTO_TEST_CASE(ExistingOutputNeedsOverwrite) {
  fs::create_directories(Tmp("busy"));
  std::ofstream(Tmp("busy/old.txt")) << "old";
  BOOST_CHECK_THROW(StagingDir(Tmp("busy")), IoError);
  {
    StagingDir staging(Tmp("busy"), ExistingTarget::kReplace);
    std::ofstream(staging.path() + "/new.txt") << "new";
    BOOST_TEST(fs::exists(Tmp("busy/old.txt")));  // untouched until commit
    staging.Commit();
  }
  BOOST_TEST(!fs::exists(Tmp("busy/old.txt")));
  BOOST_TEST(fs::exists(Tmp("busy/new.txt")));
  BOOST_TEST(EntriesMentioning("busy") == 1);
}

BOOST_AUTO_TEST_CASE(RejectsPathsThatNameNoDirectory) {
  BOOST_CHECK_THROW(StagingDir(""), UsageError);
  BOOST_CHECK_THROW(StagingDir(".", ExistingTarget::kReplace), UsageError);
  BOOST_CHECK_THROW(StagingDir("..", ExistingTarget::kReplace), UsageError);
}

BOOST_AUTO_TEST_CASE(EmptyTargetIsTakenOverAndCreatedParentsAreRemovedOnFailure) {
  fs::create_directories(Tmp("empty-target"));
  {
    StagingDir staging(Tmp("empty-target"));
    std::ofstream(staging.File("a.txt")) << "a";
    staging.Commit();
  }
  BOOST_TEST(fs::exists(Tmp("empty-target/a.txt")));
  { StagingDir staging(Tmp("new-parent/child/out")); }
  BOOST_TEST(!fs::exists(Tmp("new-parent")));
}

BOOST_AUTO_TEST_CASE(AFileInTheWayIsRefused) {
  std::ofstream(Tmp("plain-file")) << "x";
  try {
    StagingDir staging(Tmp("plain-file"));
    BOOST_FAIL("a file was taken over");
  } catch (const IoError& e) {
    BOOST_TEST(std::string(e.what()).find("plain-file: already exists") != std::string::npos);
  }
}

}  // namespace
}  // namespace dolly::fileio
