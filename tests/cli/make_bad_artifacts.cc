// Writes malformed artifacts for the command-line bad-input test:
//   make_bad_artifacts DIR
// Each file is broken in one way a user could meet (a cut-off copy, a
// different file type, a newer dolly's output, a corrupt length, NaN data).
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/test_artifacts.h"
#include "libs/tensor/tensor.h"

namespace {

using namespace dolly;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_bad_artifacts DIR" << std::endl;
    return 2;
  }
  const std::string dir = std::string(argv[1]) + "/";
  const std::string good = dir + "good_depth.dolly";
  artifact::WriteArtifact(good, artifact::testing::MakeDepthSequence(16, 12, 3));
  const std::string bytes = Read(good);

  Write(dir + "truncated.dolly", bytes.substr(0, bytes.size() * 2 / 3));
  Write(dir + "bad_magic.dolly", "\x89PNG\r\n\x1a\n" + bytes.substr(8));
  std::string newer = bytes;
  newer[8] = 9;  // container format version 9
  Write(dir + "newer_format.dolly", newer);
  std::string absurd = bytes;
  absurd[16] = '\xf0';  // header record claims ~1 GiB
  absurd[17] = '\xff';
  absurd[18] = '\xff';
  absurd[19] = '\x3f';
  Write(dir + "absurd_size.dolly", absurd);

  // NaN depth, written around the validating writer.
  auto artifact = artifact::testing::MakeDepthSequence(16, 12, 2);
  MutableTensorData<float>(&artifact.frames[1].depth)[5] = std::numeric_limits<float>::quiet_NaN();
  artifact::RecordWriter writer(dir + "nan_depth.dolly");
  artifact::StampHeader(&artifact.header, schema::ArtifactKind::DEPTH_SEQUENCE);
  writer.Write(artifact::RecordType::kHeader, artifact.header);
  writer.Write(artifact::RecordType::kInfo, artifact.info);
  for (const auto& frame : artifact.frames) writer.Write(artifact::RecordType::kFrame, frame);
  schema::ArtifactEnd end;
  end.__set_frame_count(2);
  writer.Write(artifact::RecordType::kEnd, end);
  writer.Commit();

  artifact::WriteArtifact(dir + "tracks.dolly", artifact::testing::MakeTrackSet());
  Write(dir + "empty.mp4", "");
  Write(dir + "text.mp4", "this is not a video\n");
  return 0;
}
