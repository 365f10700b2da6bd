// Test helpers: known synthetic frames and per-test scratch directories, so
// that media tests generate their data instead of committing binary files.
#ifndef DOLLY_LIBS_MEDIA_TESTING_TEST_MEDIA_H_
#define DOLLY_LIBS_MEDIA_TESTING_TEST_MEDIA_H_

#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace dolly::media::testing {

// A fresh, empty directory $TEST_TMPDIR/<name> (or under /tmp outside Bazel).
std::string MakeTestDir(const std::string& name);

// Frame `index` of a clip: a smooth red/green gradient with blue 128, and a
// 16x16 orange square that moves 4 px right and 2 px down per frame. Smooth
// areas and one sharp-edged object are what lossy codecs handle differently,
// and the motion makes frame order visible.
cv::Mat SyntheticFrame(int index, int width, int height);

// Mean over all pixels and channels of |a - b|, in gray levels.
double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b);

void WriteTextFile(const std::string& path, const std::string& content);

// The names (not paths) of the entries of `dir`, sorted.
std::vector<std::string> ListDir(const std::string& dir);

}  // namespace dolly::media::testing

#endif  // DOLLY_LIBS_MEDIA_TESTING_TEST_MEDIA_H_
