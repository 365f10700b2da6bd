// Object-map render throughput against the cost of merely writing the same
// bytes, so the number means something on any machine:
//   bazel run -c opt //libs/controls:object_map_benchmark
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

#include "libs/controls/object_map.h"

namespace {

using dolly::controls::ControlPoint;

constexpr int kWidth = 768;
constexpr int kHeight = 512;
constexpr int kFrames = 16;
constexpr int kRepeats = 7;

// Best of kRepeats, to keep one-off stalls out of the figure.
double BestSeconds(const std::function<void()>& run) {
  double best = 1e30;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return best;
}

// PAC's camera-only query grid: range(0, W, W // 30) x range(0, H, H // 30),
// which is 31 x 31 at 768 x 512.
std::vector<ControlPoint> Grid() {
  std::vector<ControlPoint> points;
  for (int y = 0; y < kHeight; y += kHeight / 30) {
    for (int x = 0; x < kWidth; x += kWidth / 30) {
      points.push_back({float(x), float(y), float(x), float(y), double(x + y) / (kWidth + kHeight), true});
    }
  }
  return points;
}

std::vector<ControlPoint> Random(int n) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> ux(0.0f, kWidth - 1.0f), uy(0.0f, kHeight - 1.0f);
  std::uniform_real_distribution<double> ud(0.0, 1.0);
  std::vector<ControlPoint> points(n);
  for (ControlPoint& p : points) {
    p.x0 = p.x = ux(rng);
    p.y0 = p.y = uy(rng);
    p.depth = ud(rng);
  }
  return points;
}

// Moves every point a little each frame, as a pan would.
std::vector<std::vector<ControlPoint>> Clip(const std::vector<ControlPoint>& first) {
  std::vector<std::vector<ControlPoint>> frames(kFrames, first);
  for (int f = 0; f < kFrames; ++f) {
    for (ControlPoint& p : frames[f]) {
      p.x += 1.5f * f;
      p.y += 0.5f * f;
    }
  }
  return frames;
}

}  // namespace

int main() {
  const size_t frame_bytes = static_cast<size_t>(kWidth) * kHeight * 3;
  std::vector<unsigned char> buffer(frame_bytes * kFrames);
  const double baseline = BestSeconds([&] {
    for (int f = 0; f < kFrames; ++f) std::memset(buffer.data() + f * frame_bytes, f, frame_bytes);
  });
  std::printf("baseline (memset %d frames of %dx%d RGB): %.1f fps\n", kFrames, kWidth, kHeight,
              kFrames / baseline);

  const std::pair<const char*, std::vector<ControlPoint>> cases[] = {
      {"PAC grid", Grid()}, {"random 10000 points", Random(10000)}};
  for (const auto& [name, points] : cases) {
    const auto clip = Clip(points);
    size_t checksum = 0;
    const double seconds = BestSeconds([&] {
      for (int f = 0; f < kFrames; ++f) {
        const cv::Mat image = dolly::controls::RenderObjectMap(kWidth, kHeight, clip[f]);
        std::memcpy(buffer.data() + f * frame_bytes, image.data, frame_bytes);
        checksum += image.data[frame_bytes / 2];
      }
    });
    std::printf("%s (%zu points): %.1f fps, %.1fx the baseline's time (checksum %zu)\n", name,
                points.size(), kFrames / seconds, seconds / baseline, checksum);
  }
  return 0;
}
