// Artifact throughput against raw file I/O of the same bytes, in one process
// (these machines are noisy, so only the ratio means anything):
//   bazel run -c opt //libs/artifact:artifact_benchmark [-- DIR [ROUNDS]]
// Writes and reads a 16-frame 512x768 FLOAT32 DepthSequence, then the same
// bytes as a plain file, alternating, and reports the median of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/tensor/tensor.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFrames = 16, kHeight = 512, kWidth = 768;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::vector<dolly::schema::DepthFrame> MakeFrames() {
  std::vector<dolly::schema::DepthFrame> frames(kFrames);
  std::vector<float> depth(kHeight * kWidth);
  for (int t = 0; t < kFrames; ++t) {
    for (size_t i = 0; i < depth.size(); ++i) depth[i] = 1.f + 1e-5f * i + t;
    frames[t].__set_index(t);
    frames[t].__set_depth(dolly::MakeTensor<float>({kHeight, kWidth}, depth.data()));
  }
  return frames;
}

struct Times {
  double write = 0, read = 0;
  double total() const { return write + read; }
};

Times ArtifactRoundTrip(const std::string& path,
                        const std::vector<dolly::schema::DepthFrame>& frames) {
  using namespace dolly;
  const auto start = Clock::now();
  schema::Intrinsics k;
  k.__set_fx(500);
  k.__set_fy(500);
  k.__set_cx(kWidth / 2.0);
  k.__set_cy(kHeight / 2.0);
  k.__set_width(kWidth);
  k.__set_height(kHeight);
  schema::DepthSequenceInfo info;
  info.__set_kind(schema::DepthKind::METRIC);
  info.__set_intrinsics(k);
  {
    artifact::ArtifactWriter<schema::DepthSequenceInfo> writer(
        path, artifact::MakeHeader("artifact_benchmark"), info);
    for (const auto& frame : frames) writer.WriteFrame(frame);
    writer.Finish();
  }
  Times times;
  times.write = Seconds(start);
  const auto read_start = Clock::now();
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(path);
  schema::DepthFrame frame;
  size_t bytes = 0;
  while (reader.NextFrame(&frame)) bytes += frame.depth.data.size();
  if (bytes != frames.size() * kHeight * kWidth * sizeof(float)) std::abort();
  times.read = Seconds(read_start);
  return times;
}

Times RawRoundTrip(const std::string& path,
                    const std::vector<dolly::schema::DepthFrame>& frames) {
  const auto start = Clock::now();
  FILE* out = std::fopen(path.c_str(), "wb");
  for (const auto& frame : frames) {
    std::fwrite(frame.depth.data.data(), 1, frame.depth.data.size(), out);
  }
  std::fclose(out);
  Times times;
  times.write = Seconds(start);
  const auto read_start = Clock::now();
  FILE* in = std::fopen(path.c_str(), "rb");
  std::string buffer;
  size_t bytes = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    buffer.resize(frames[i].depth.data.size());
    bytes += std::fread(&buffer[0], 1, buffer.size(), in);
  }
  std::fclose(in);
  if (bytes != frames.size() * kHeight * kWidth * sizeof(float)) std::abort();
  times.read = Seconds(read_start);
  return times;
}

}  // namespace

int main(int argc, char** argv) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = argc > 1 ? argv[1] : (tmp ? tmp : "/tmp");
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 9;
  const auto frames = MakeFrames();
  std::vector<double> artifact_times, raw_times, artifact_writes, artifact_reads, raw_writes,
      raw_reads;
  for (int r = 0; r < rounds; ++r) {
    // Both write new files: replacing an existing one costs the filesystem's
    // replace semantics (ext4 flushes on rename-over and on truncate), which
    // is not what is measured here.
    std::remove((dir + "/bench.dolly").c_str());
    std::remove((dir + "/bench.raw").c_str());
    const Times a = ArtifactRoundTrip(dir + "/bench.dolly", frames);
    const Times b = RawRoundTrip(dir + "/bench.raw", frames);
    artifact_times.push_back(a.total());
    artifact_writes.push_back(a.write);
    artifact_reads.push_back(a.read);
    raw_times.push_back(b.total());
    raw_writes.push_back(b.write);
    raw_reads.push_back(b.read);
  }
  std::remove((dir + "/bench.dolly").c_str());
  std::remove((dir + "/bench.raw").c_str());
  const double mib = frames.size() * kHeight * kWidth * sizeof(float) / (1024.0 * 1024.0);
  const double artifact = Median(artifact_times), raw = Median(raw_times);
  std::printf("DepthSequence %dx%dx%d float32 (%.1f MiB), write+read, median of %d rounds\n",
              kFrames, kHeight, kWidth, mib, rounds);
  std::printf("  raw bytes: %.1f ms (%.0f MiB/s; write %.1f ms, read %.1f ms)\n", raw * 1e3,
              mib / raw, Median(raw_writes) * 1e3, Median(raw_reads) * 1e3);
  std::printf("  artifact:  %.1f ms (%.0f MiB/s; write %.1f ms, read %.1f ms)\n", artifact * 1e3,
              mib / artifact, Median(artifact_writes) * 1e3, Median(artifact_reads) * 1e3);
  std::printf("  artifact throughput / raw throughput: %.2f (target >= 0.5)\n", raw / artifact);
  return 0;
}
