// Tracker cost against a bare frame-to-frame cv::calcOpticalFlowPyrLK loop on
// the same frames and points, in one process, runs alternating, medians
// printed with their ratio (target: dolly <= 1.3x bare). The bare loop
// has no forward-backward check, no re-alignment, no anchored alignment and
// no visibility: the ratio is the price of those.
//   bazel run -c opt //libs/track:track_benchmark [-- frames width height points]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "libs/track/lk_tracker.h"
#include "libs/track/query_points.h"

namespace {

using dolly::track::LkOptions;

// A blurred-noise scene under a slow rotation, zoom and translation; with
// `jump`, everything from the middle frame on moves that many pixels
// further left (a sudden pan).
std::vector<cv::Mat> MakeFrames(int frames, int width, int height, double jump = 0.0) {
  cv::RNG rng(3);
  cv::Mat base(height * 2, width * 2, CV_8U);
  rng.fill(base, cv::RNG::UNIFORM, 0, 255);
  cv::GaussianBlur(base, base, cv::Size(0, 0), 2.0);
  std::vector<cv::Mat> out;
  for (int f = 0; f < frames; ++f) {
    cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(width, height), 0.3 * f, 1.0 + 0.003 * f);
    m.at<double>(0, 2) += 1.7 * f - width / 2.0 - (f >= frames / 2 ? jump : 0.0);
    m.at<double>(1, 2) += 0.9 * f - height / 2.0;
    cv::Mat frame;
    cv::warpAffine(base, frame, m, cv::Size(width, height), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    out.push_back(frame);
  }
  return out;
}

double Seconds(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Bare(const std::vector<cv::Mat>& frames, const std::vector<cv::Point2f>& points,
            const LkOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<cv::Point2f> prev = points, next;
  std::vector<uint8_t> status;
  std::vector<float> error;
  const cv::TermCriteria criteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS,
                                  o.max_iterations, o.epsilon);
  for (size_t f = 1; f < frames.size(); ++f) {
    cv::calcOpticalFlowPyrLK(frames[f - 1], frames[f], prev, next, status, error,
                             cv::Size(o.window, o.window), o.levels, criteria);
    prev.swap(next);
  }
  return Seconds(start);
}

double Dolly(const std::vector<cv::Mat>& frames,
             const std::vector<dolly::track::QueryPoint>& queries, const LkOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  dolly::track::TrackPoints(frames, queries, o);
  return Seconds(start);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 48;
  const int width = argc > 2 ? std::atoi(argv[2]) : 640;
  const int height = argc > 3 ? std::atoi(argv[3]) : 480;
  const int count = argc > 4 ? std::atoi(argv[4]) : 2000;
  const std::vector<cv::Mat> video = MakeFrames(frames, width, height);
  const std::vector<cv::Mat> jump_video = MakeFrames(frames, width, height, 30.0);
  const auto queries = dolly::track::GridQueries(width, height, count);
  std::vector<cv::Point2f> points;
  for (const auto& q : queries) points.emplace_back(q.x, q.y);

  struct Variant {
    const char* name;
    LkOptions options;
    const std::vector<cv::Mat>* frames;
  };
  LkOptions defaults;  // query-anchored affine alignment, camera motion, gain
  LkOptions no_global = defaults;
  no_global.global_motion = false;
  LkOptions no_gain = defaults;
  no_gain.affine.gain = false;
  LkOptions chained = defaults;  // chained LK, FB check, re-alignment every 16 frames
  chained.affine_radius = 0;
  LkOptions no_realign = chained;
  no_realign.realign_interval = 0;
  LkOptions full_fb = chained;  // classic FB check: full-pyramid backward LK
  full_fb.fb_levels = -1;
  const std::vector<Variant> variants = {
      {"dolly defaults (anchored)", defaults, &video},
      {"  ... 30 px jump at the middle frame", defaults, &jump_video},
      {"  ... --no-global-motion", no_global, &video},
      {"  ... --no-gain", no_gain, &video},
      {"dolly --affine-radius 0", chained, &video},
      {"  ... and no realign", no_realign, &video},
      {"  ... and full-pyramid FB check", full_fb, &video}};
  std::printf("track_benchmark: %d frames %dx%d, %zu points, window %d, levels %d\n", frames,
              width, height, points.size(), defaults.window, defaults.levels);
  const int repeats = 5;
  for (const Variant& v : variants) {
    std::vector<double> bare, dolly;
    Bare(*v.frames, points, v.options);  // warm-up
    for (int r = 0; r < repeats; ++r) {
      bare.push_back(Bare(*v.frames, points, v.options));
      dolly.push_back(Dolly(*v.frames, queries, v.options));
    }
    std::printf("  %-38s median %.3f s vs bare LK loop %.3f s: ratio %.2fx (target <= 1.3x)\n",
                v.name, Median(dolly), Median(bare), Median(dolly) / Median(bare));
  }
  return 0;
}
