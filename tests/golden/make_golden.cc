// Writes the golden artifacts of the current schema version:
//   bazel run //tests/golden:make_golden -- $PWD/testdata/golden/v<N>/
// Run it once per released schema version, into a new folder; never rewrite
// an old folder: those files prove that old artifacts still load.
#include <iostream>

#include "libs/artifact/test_artifacts.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_golden OUTPUT_DIR/" << std::endl;
    return 2;
  }
  std::string dir = argv[1];
  if (dir.back() != '/') dir += '/';
  dolly::artifact::testing::WriteOneOfEachKind(dir);
  return 0;
}
