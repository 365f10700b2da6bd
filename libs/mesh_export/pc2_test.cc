#define BOOST_TEST_MODULE pc2_test
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/mesh_export/pc2.h"
#include "libs/mesh_export/test_mesh.h"

namespace dolly::mesh_export {
namespace {

namespace fs = std::filesystem;
using testing::RotatingTetrahedron;
using testing::ExpectInvalidNaming;
using testing::ReadBytes;
using testing::TempPath;


void WriteBytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

uint32_t U32At(const std::vector<unsigned char>& b, size_t at) {
  return uint32_t{b[at]} | uint32_t{b[at + 1]} << 8 | uint32_t{b[at + 2]} << 16 |
         uint32_t{b[at + 3]} << 24;
}
float F32At(const std::vector<unsigned char>& b, size_t at) {
  const uint32_t bits = U32At(b, at);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}
void PutU32At(std::vector<unsigned char>* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + i] = static_cast<unsigned char>(v >> (8 * i));
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}


int EntriesIn(const std::string& dir) {
  int n = 0;
  for (auto it = fs::directory_iterator(dir); it != fs::directory_iterator(); ++it) ++n;
  return n;
}

BOOST_AUTO_TEST_CASE(header_bytes_are_as_specified) {
  const std::string path = TempPath("header.pc2");
  const AnimatedMesh mesh = RotatingTetrahedron();
  WritePc2(path, mesh, 3.0f, 0.5f);
  const std::vector<unsigned char> b = ReadBytes(path);
  BOOST_REQUIRE_EQUAL(b.size(), 32u + 5u * 4u * 3u * 4u);
  BOOST_TEST(std::memcmp(b.data(), "POINTCACHE2\0", 12) == 0);
  BOOST_TEST(U32At(b, 12) == 1u);   // version
  BOOST_TEST(U32At(b, 16) == 4u);   // numPoints
  BOOST_TEST(F32At(b, 20) == 3.0f); // startFrame
  BOOST_TEST(F32At(b, 24) == 0.5f); // sampleRate
  BOOST_TEST(U32At(b, 28) == 5u);   // numSamples
  // Payload: sample-major, then point, then x y z.
  BOOST_TEST(Bits(F32At(b, 32)) == Bits(mesh.frames[0][0].x()));
  BOOST_TEST(Bits(F32At(b, 32 + 4 + 4)) == Bits(mesh.frames[0][0].z()));
  BOOST_TEST(Bits(F32At(b, 32 + 12)) == Bits(mesh.frames[0][1].x()));
  BOOST_TEST(Bits(F32At(b, 32 + 48 * 2 + 12 * 3 + 4)) == Bits(mesh.frames[2][3].y()));
  BOOST_TEST(Bits(F32At(b, b.size() - 4)) == Bits(mesh.frames[4][3].z()));
}

BOOST_AUTO_TEST_CASE(round_trip_is_bit_exact) {
  const std::string path = TempPath("round_trip.pc2");
  AnimatedMesh mesh = RotatingTetrahedron();
  // Awkward floats: negative zero, a subnormal, the largest finite value.
  mesh.frames[1][2] = Eigen::Vector3f(-0.0f, 1e-41f, 3.4028235e38f);
  WritePc2(path, mesh);
  const Pc2 pc2 = ReadPc2(path);
  BOOST_TEST(pc2.version == 1);
  BOOST_TEST(pc2.num_points == 4);
  BOOST_TEST(pc2.start_frame == 0.0f);
  BOOST_TEST(pc2.sample_rate == 1.0f);
  BOOST_REQUIRE_EQUAL(pc2.samples.size(), mesh.frames.size());
  for (size_t n = 0; n < mesh.frames.size(); ++n) {
    BOOST_REQUIRE_EQUAL(pc2.samples[n].size(), mesh.rest.size());
    for (size_t i = 0; i < mesh.rest.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        BOOST_TEST(Bits(pc2.samples[n][i][k]) == Bits(mesh.frames[n][i][k]),
                   "frame " << n << " vertex " << i << " axis " << k);
      }
    }
  }
  // Overwriting an existing file works and leaves no temporary behind.
  WritePc2(path, RotatingTetrahedron(2));
  BOOST_TEST(ReadPc2(path).samples.size() == 2u);
}

BOOST_AUTO_TEST_CASE(truncated_or_lying_files_are_rejected_naming_the_file) {
  const std::string good = TempPath("good.pc2");
  WritePc2(good, RotatingTetrahedron());
  const std::vector<unsigned char> bytes = ReadBytes(good);

  const std::string truncated = TempPath("truncated.pc2");
  WriteBytes(truncated, {bytes.begin(), bytes.end() - 1});
  ExpectInvalidNaming([&] { ReadPc2(truncated); }, truncated, "header claims");

  const std::string short_header = TempPath("short_header.pc2");
  WriteBytes(short_header, {bytes.begin(), bytes.begin() + 20});
  ExpectInvalidNaming([&] { ReadPc2(short_header); }, short_header, "too short");

  const std::string empty = TempPath("empty.pc2");
  WriteBytes(empty, {});
  ExpectInvalidNaming([&] { ReadPc2(empty); }, empty);

  std::vector<unsigned char> lie = bytes;
  PutU32At(&lie, 28, 6);  // one sample more than stored
  const std::string more_samples = TempPath("more_samples.pc2");
  WriteBytes(more_samples, lie);
  ExpectInvalidNaming([&] { ReadPc2(more_samples); }, more_samples, "header claims");

  lie = bytes;
  PutU32At(&lie, 16, 0x7fffffff);  // absurd counts: an error, not an allocation
  PutU32At(&lie, 28, 0x7fffffff);
  const std::string huge = TempPath("huge.pc2");
  WriteBytes(huge, lie);
  ExpectInvalidNaming([&] { ReadPc2(huge); }, huge, "header claims");

  lie = bytes;
  PutU32At(&lie, 16, 0xffffffff);  // -1 points
  const std::string negative = TempPath("negative.pc2");
  WriteBytes(negative, lie);
  ExpectInvalidNaming([&] { ReadPc2(negative); }, negative, "negative");

  lie = bytes;
  lie[0] = 'X';
  const std::string magic = TempPath("magic.pc2");
  WriteBytes(magic, lie);
  ExpectInvalidNaming([&] { ReadPc2(magic); }, magic, "magic");

  lie = bytes;
  PutU32At(&lie, 12, 2);
  const std::string version = TempPath("version.pc2");
  WriteBytes(version, lie);
  ExpectInvalidNaming([&] { ReadPc2(version); }, version, "version");

  lie = bytes;
  PutU32At(&lie, 32 + 12, 0x7fc00000);  // NaN position
  const std::string nan = TempPath("nan.pc2");
  WriteBytes(nan, lie);
  ExpectInvalidNaming([&] { ReadPc2(nan); }, nan, "not finite");

  BOOST_CHECK_THROW(ReadPc2(TempPath("missing.pc2")), IoError);
}

BOOST_AUTO_TEST_CASE(failed_writes_leave_nothing) {
  const std::string dir = TempPath("failed_writes");
  fs::create_directories(dir);
  const std::string path = dir + "/out.pc2";

  AnimatedMesh bad = RotatingTetrahedron();
  bad.frames[3].pop_back();
  BOOST_CHECK_THROW(WritePc2(path, bad), InvalidInputError);
  BOOST_CHECK_THROW(WritePc2(path, RotatingTetrahedron(), 0, 0), UsageError);
  BOOST_TEST(EntriesIn(dir) == 0);

  // An existing output stays as it was when a write fails.
  WritePc2(path, RotatingTetrahedron(3));
  const std::vector<unsigned char> before = ReadBytes(path);
  BOOST_CHECK_THROW(WritePc2(path, bad), InvalidInputError);
  BOOST_TEST(ReadBytes(path) == before);
  BOOST_TEST(EntriesIn(dir) == 1);

  BOOST_CHECK_THROW(WritePc2(dir + "/no/such/dir/out.pc2", RotatingTetrahedron()), IoError);
  BOOST_TEST(EntriesIn(dir) == 1);
}

}  // namespace
}  // namespace dolly::mesh_export
