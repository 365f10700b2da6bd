// Helpers of the dolly-depth tests: scratch directories, depth files in every
// import format, and the error-contract check.
#ifndef DOLLY_LIBS_DEPTH_TESTING_DEPTH_TEST_UTIL_H_
#define DOLLY_LIBS_DEPTH_TESTING_DEPTH_TEST_UTIL_H_

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>
#include <opencv2/core.hpp>

namespace dolly::depth::testing {

// A fresh, empty directory $TEST_TMPDIR/<name>.
inline std::string MakeTestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// NPY version 1.0 with the given descr and shape text, e.g. "(2, 3)", and raw
// data bytes.
inline std::string NpyBytes(const std::string& descr, const std::string& shape,
                            const std::string& data) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape +
                       ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

inline std::string MatBytes(const cv::Mat& m) {
  CV_Assert(m.isContinuous());
  return std::string(reinterpret_cast<const char*>(m.data), m.total() * m.elemSize());
}

inline std::string NpyOf(const cv::Mat& m) {
  const char* descr = m.depth() == CV_32F ? "<f4" : m.depth() == CV_64F ? "<f8" : "<u2";
  return NpyBytes(descr, "(" + std::to_string(m.rows) + ", " + std::to_string(m.cols) + ")",
                  MatBytes(m));
}

// Little-endian single-channel PFM (rows bottom to top).
inline std::string PfmOf(const cv::Mat& m) {
  std::string out = "Pf\n" + std::to_string(m.cols) + " " + std::to_string(m.rows) + "\n-1.0\n";
  for (int y = m.rows - 1; y >= 0; --y) {
    out.append(reinterpret_cast<const char*>(m.ptr<float>(y)), m.cols * sizeof(float));
  }
  return out;
}

// Runs `fn`, which must throw `Expected` with a one-line message naming `what`.
template <typename Expected, typename Fn>
void CheckThrowsNaming(Fn fn, const std::string& what) {
  try {
    fn();
    BOOST_ERROR("no exception; expected one naming " + what);
  } catch (const Expected& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find(what) != std::string::npos,
               "message '" << message << "' does not name " << what);
    BOOST_TEST(message.find('\n') == std::string::npos, "message '" << message << "' not one line");
  }
}

}  // namespace dolly::depth::testing

#endif  // DOLLY_LIBS_DEPTH_TESTING_DEPTH_TEST_UTIL_H_
