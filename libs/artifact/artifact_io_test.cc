#define BOOST_TEST_MODULE artifact_io
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include <sys/stat.h>
#include <dirent.h>

#include <unistd.h>

#include <cmath>
#include <thread>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>

#include "schemas/common_constants.h"
#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/artifact/test_artifacts.h"
#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly::artifact {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// Files in the temp dir whose name contains `part` (to find leftover temporaries).
int CountFilesContaining(const std::string& part) {
  const char* dir = std::getenv("TEST_TMPDIR");
  DIR* d = opendir(dir ? dir : "/tmp");
  int count = 0;
  while (dirent* e = readdir(d)) {
    if (std::string(e->d_name).find(part) != std::string::npos) ++count;
  }
  closedir(d);
  return count;
}

// Expects `fn` to throw E whose message starts with `path` and contains `text`.
template <typename E, typename F>
void ExpectError(F fn, const std::string& path, const std::string& text) {
  try {
    fn();
    BOOST_FAIL("no error for " + path + " (expected '" + text + "')");
  } catch (const E& e) {
    const std::string message = e.what();
    BOOST_TEST_INFO("message: " << message);
    BOOST_TEST(message.rfind(path, 0) == 0u);
    BOOST_TEST(message.find(text) != std::string::npos);
    BOOST_TEST(message.find('\n') == std::string::npos);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(depth_sequence_round_trips_frame_by_frame) {
  const std::string path = TempPath("depth.dolly");
  const auto written = testing::MakeDepthSequence(5, 6, 4);
  WriteArtifact(path, written);
  ArtifactReader<schema::DepthSequenceInfo> reader(path);
  BOOST_TEST(reader.header().tool_name == "dolly-test");
  BOOST_TEST(reader.header().kind == schema::ArtifactKind::DEPTH_SEQUENCE);
  BOOST_TEST(reader.header().schema_version == schema::g_common_constants.SCHEMA_VERSION);
  BOOST_TEST(reader.info().intrinsics.fx == written.info.intrinsics.fx);
  schema::DepthFrame frame;
  int count = 0;
  while (reader.NextFrame(&frame)) {
    BOOST_TEST(frame.index == count);
    BOOST_TEST(frame.depth.data == written.frames[count].depth.data);
    ++count;
  }
  BOOST_TEST(count == 4);
  BOOST_TEST(!reader.NextFrame(&frame));
}

BOOST_AUTO_TEST_CASE(every_kind_round_trips) {
  const std::string dir = TempPath("");
  testing::WriteOneOfEachKind(dir);
  for (const auto& [name, kind] : testing::OneOfEachKindFiles()) {
    OpenedArtifact opened = OpenArtifact(dir + name);
    BOOST_TEST(opened.header.kind == kind);
    VisitKind(kind, [&](auto tag) {
      using Info = typename decltype(tag)::type;
      ArtifactReader<Info> reader(std::move(opened));
      if constexpr (kHasFrames<Info>) {
        typename ArtifactTraits<Info>::Frame frame;
        while (reader.NextFrame(&frame)) {
        }
        BOOST_TEST(reader.frames_read() >= 1);
      }
    });
  }
}

BOOST_AUTO_TEST_CASE(same_content_same_bytes) {
  WriteArtifact(TempPath("a.dolly"), testing::MakeDepthSequence(4, 4, 2));
  WriteArtifact(TempPath("b.dolly"), testing::MakeDepthSequence(4, 4, 2));
  BOOST_TEST(ReadBytes(TempPath("a.dolly")) == ReadBytes(TempPath("b.dolly")));
}

BOOST_AUTO_TEST_CASE(unfinished_writer_leaves_no_file) {
  const std::string path = TempPath("unfinished.dolly");
  {
    ArtifactWriter<schema::DepthSequenceInfo> writer(path, MakeHeader("dolly-test"),
                                                     testing::MakeDepthSequence(4, 4, 1).info);
    writer.WriteFrame(testing::MakeDepthSequence(4, 4, 1).frames[0]);
  }
  BOOST_TEST(!Exists(path));
  BOOST_TEST(CountFilesContaining("unfinished.dolly") == 0);
}

BOOST_AUTO_TEST_CASE(invalid_frame_is_refused_on_write_and_nothing_is_left) {
  const std::string path = TempPath("nan.dolly");
  auto artifact = testing::MakeDepthSequence(4, 4, 2);
  MutableTensorData<float>(&artifact.frames[1].depth)[3] = std::numeric_limits<float>::quiet_NaN();
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path, "frame 1: depth");
  BOOST_TEST(!Exists(path));
  BOOST_TEST(CountFilesContaining("nan.dolly") == 0);
}

BOOST_AUTO_TEST_CASE(motion_convention_and_object_map_depth_are_checked_on_write) {
  const std::string path = TempPath("motion.dolly");
  auto artifact = testing::MakeMotionRepresentation(3);
  MutableTensorData<float>(&artifact.info.object_map_depth)[1] = 1.5f;
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path, "object_map_depth");
  artifact = testing::MakeMotionRepresentation(3);
  artifact.info.__set_convention("opengl");
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path, "convention");
  BOOST_TEST(!Exists(path));
}

BOOST_AUTO_TEST_CASE(camera_segments_and_quality_are_checked_on_write) {
  const std::string path = TempPath("camera.dolly");
  auto artifact = testing::MakeCameraTrajectory();
  artifact.frames[0].__set_segment(static_cast<int32_t>(artifact.info.segments.size()));
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path, "segment");
  artifact = testing::MakeCameraTrajectory();
  schema::FrameQuality quality;
  quality.__set_reprojection_rms_px(std::numeric_limits<double>::infinity());
  artifact.frames[0].__set_quality(quality);
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path,
                                 "reprojection_rms_px");
  artifact = testing::MakeCameraTrajectory();
  artifact.info.__set_scale_kind(static_cast<schema::ScaleKind::type>(99));
  ExpectError<InvalidInputError>([&] { WriteArtifact(path, artifact); }, path, "scale_kind");
  BOOST_TEST(!Exists(path));
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_io_error) {
  const std::string path = TempPath("does-not-exist.dolly");
  ExpectError<IoError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                       "cannot open");
}

BOOST_AUTO_TEST_CASE(unwritable_output_is_an_io_error) {
  const std::string path = TempPath("no-such-dir/out.dolly");
  ExpectError<IoError>([&] { WriteArtifact(path, testing::MakeDepthSequence(2, 2, 1)); }, path,
                       "cannot create file");
}

BOOST_AUTO_TEST_CASE(wrong_magic_is_rejected) {
  const std::string path = TempPath("magic.dolly");
  WriteBytes(path, "PNG\x89 this is not an artifact at all");
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "bad magic");
  WriteBytes(path, "");
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "too short");
}

BOOST_AUTO_TEST_CASE(newer_format_version_is_rejected) {
  const std::string path = TempPath("newer.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(2, 2, 1));
  std::string bytes = ReadBytes(path);
  bytes[8] = 2;
  WriteBytes(path, bytes);
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "newer than this build");
}

BOOST_AUTO_TEST_CASE(newer_schema_version_is_rejected) {
  const std::string path = TempPath("newer-schema.dolly");
  RecordWriter writer(path);
  schema::ArtifactHeader header = MakeHeader("dolly-test");
  header.__set_kind(schema::ArtifactKind::DEPTH_SEQUENCE);
  header.__set_schema_version(99);
  writer.Write(RecordType::kHeader, header);
  writer.Commit();
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "schema version 99 is newer");
}

BOOST_AUTO_TEST_CASE(wrong_kind_is_rejected) {
  const std::string path = TempPath("kind.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(2, 2, 1));
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::TrackSetInfo>(path); }, path,
                                 "is a DepthSequence artifact, expected a TrackSet");
}

BOOST_AUTO_TEST_CASE(every_truncation_is_detected) {
  const std::string path = TempPath("whole.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(3, 3, 2));
  const std::string bytes = ReadBytes(path);
  const std::string cut = TempPath("cut.dolly");
  for (size_t size = 0; size < bytes.size(); ++size) {
    WriteBytes(cut, bytes.substr(0, size));
    BOOST_TEST_INFO("truncated to " << size << " of " << bytes.size() << " bytes");
    BOOST_CHECK_THROW(ReadArtifact<schema::DepthSequenceInfo>(cut), InvalidInputError);
  }
}

BOOST_AUTO_TEST_CASE(absurd_claimed_sizes_fail_fast) {
  const std::string path = TempPath("absurd.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(3, 3, 1));
  std::string bytes = ReadBytes(path);
  // The first record's length field sits after magic (8), version (4), type (4).
  std::string huge = bytes;
  huge[16] = '\xff';
  huge[17] = '\xff';
  huge[18] = '\xff';
  huge[19] = '\x3f';
  WriteBytes(path, huge);
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "over the limit");
  huge[19] = '\x01';
  WriteBytes(path, huge);
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "remain");
}

BOOST_AUTO_TEST_CASE(claimed_string_size_beyond_payload_is_corrupt) {
  // A header whose tool_name claims 100 MB inside a 20-byte record.
  const std::string path = TempPath("string.dolly");
  RecordWriter writer(path);
  // Compact protocol: field 3 (binary, delta 3 -> 0x38), varint 100000000, 3 bytes.
  const uint8_t payload[] = {0x38, 0x80, 0xc2, 0xd7, 0x2f, 'a', 'b', 'c', 0x00};
  writer.WriteRaw(RecordType::kHeader, payload, sizeof(payload));
  writer.Commit();
  ExpectError<InvalidInputError>([&] { OpenArtifact(path); }, path, "corrupt header record");
}

BOOST_AUTO_TEST_CASE(tensor_data_not_matching_shape_is_invalid) {
  const std::string path = TempPath("shape.dolly");
  auto artifact = testing::MakeDepthSequence(4, 4, 1);
  WriteArtifact(path, artifact);
  // Rewrite with a lying frame by going around the validating writer.
  artifact.frames[0].depth.shape = {4, 5};
  RecordWriter writer(path);
  schema::ArtifactHeader header = artifact.header;
  StampHeader(&header, schema::ArtifactKind::DEPTH_SEQUENCE);
  writer.Write(RecordType::kHeader, header);
  writer.Write(RecordType::kInfo, artifact.info);
  writer.Write(RecordType::kFrame, artifact.frames[0]);
  schema::ArtifactEnd end;
  end.__set_frame_count(1);
  writer.Write(RecordType::kEnd, end);
  writer.Commit();
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "frame 0: depth");
}

BOOST_AUTO_TEST_CASE(frame_count_mismatch_and_trailing_data_are_detected) {
  const std::string path = TempPath("count.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(2, 2, 2));
  WriteBytes(path, ReadBytes(path) + "x");
  ExpectError<InvalidInputError>([&] { ReadArtifact<schema::DepthSequenceInfo>(path); }, path,
                                 "truncated record framing");
}

BOOST_AUTO_TEST_CASE(header_records_input_digests) {
  const std::string input = TempPath("input.txt");
  WriteBytes(input, "abc");
  schema::ArtifactHeader header = MakeHeader("dolly-test", {{"k", "v"}}, 42);
  AddInput(&header, "image", input);
  BOOST_TEST(header.inputs[0].sha256 ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(header.seed == 42);
  ExpectError<IoError>([&] { AddInput(&header, "image", TempPath("absent.png")); },
                       TempPath("absent.png"), "cannot open");
}

// A folder of frames (or a model bundle) is an input too: its digest covers
// every file's relative path and bytes, so tools given a frame directory
// record it instead of failing to read a directory as a file.
BOOST_AUTO_TEST_CASE(directory_inputs_get_a_digest_of_their_files) {
  const std::string dir = TempPath("frames_dir");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/sub");
  WriteBytes(dir + "/sub/b.txt", "x");
  WriteBytes(dir + "/a.txt", "abc");
  // sha256("a.txt\0" sha256("abc") "\n" "sub/b.txt\0" sha256("x") "\n"), by Python's hashlib.
  const std::string expected = "d3f8e558247b917ac97b17dbb9bcc3a8853c830327137c24adefaca52067e205";
  BOOST_TEST(DirectoryDigest(dir) == expected);
  schema::ArtifactHeader header = MakeHeader("dolly-test");
  AddInput(&header, "frames", dir);
  BOOST_TEST(header.inputs[0].sha256 == expected);
  std::filesystem::rename(dir + "/a.txt", dir + "/c.txt");
  BOOST_TEST(DirectoryDigest(dir) != expected);
  std::filesystem::rename(dir + "/c.txt", dir + "/a.txt");
  WriteBytes(dir + "/sub/b.txt", "y");
  BOOST_TEST(DirectoryDigest(dir) != expected);
  std::filesystem::remove(dir + "/sub/b.txt");
  WriteBytes(dir + "/sub/b.txt", "x");
  BOOST_TEST(DirectoryDigest(dir) == expected);
}

}  // namespace dolly::artifact

namespace dolly::artifact {

// Streams (stdin, pipes) have no known length: records are read in chunks as
// bytes arrive, so a lying length fails at the end of the data, not in malloc.
BOOST_AUTO_TEST_CASE(pipes_stream_and_reject_lying_lengths) {
  const std::string path = TempPath("piped.dolly");
  WriteArtifact(path, testing::MakeDepthSequence(6, 5, 3));
  const std::string bytes = ReadBytes(path);
  auto read_through_pipe = [](const std::string& content) {
    int fds[2];
    BOOST_REQUIRE(pipe(fds) == 0);
    std::thread feeder([&] {
      size_t off = 0;
      while (off < content.size()) {
        const ssize_t n = write(fds[1], content.data() + off, content.size() - off);
        if (n <= 0) break;
        off += static_cast<size_t>(n);
      }
      close(fds[1]);
    });
    const std::string fd_path = "/dev/fd/" + std::to_string(fds[0]);
    try {
      auto artifact = ReadArtifact<schema::DepthSequenceInfo>(fd_path);
      feeder.join();
      close(fds[0]);
      return artifact.frames.size();
    } catch (...) {
      // Drain so the feeder can finish.
      char sink[4096];
      while (read(fds[0], sink, sizeof(sink)) > 0) {
      }
      feeder.join();
      close(fds[0]);
      throw;
    }
  };
  BOOST_TEST(read_through_pipe(bytes) == 3u);
  // Claim ~1 GiB for the header record (over the small-record limit) and
  // ~63 MiB (under it): the first is refused at once, the second when the
  // pipe runs dry.
  std::string lying = bytes;
  lying[16] = '\x00';
  lying[17] = '\x00';
  lying[18] = '\x00';
  lying[19] = '\x3f';
  BOOST_CHECK_THROW(read_through_pipe(lying), InvalidInputError);
  lying[19] = '\x03';
  BOOST_CHECK_THROW(read_through_pipe(lying), InvalidInputError);
}

}  // namespace dolly::artifact
