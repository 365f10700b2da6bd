// Speed of the 4D fit: the time for the default rig (4 x 16 frames at 256^2)
// with a mesh of about 10k vertices, and where the time goes. One process renders the dolly-synth `rig_asset` preset
// (a bending cylinder on a base) at 256^2, 16 frames, 4 views, then fits
//  - baseline: the synth asset as it is (~500 vertices),
//  - dense: the same asset midpoint-subdivided (every triangle -> 4, edge
//    midpoints shared) until it has >= 10,000 vertices. The subdivided surface
//    is the same flat-faceted surface, so the same videos apply.
// Printed per run: vertices, nodes, tracks, the phases of Recon4dTimings,
// dense / baseline ratios of every phase, the process's peak resident memory
// (getrusage ru_maxrss, a running maximum) after each run, and the mean /
// worst per-vertex error as % of the rest bounding-box diagonal (informative
// only: the timing is the point here).
//
// Ground truth of a subdivision vertex is the midpoint of its edge's two
// ground-truth vertices in every frame (applied recursively). That is exact for
// the piecewise-linear mesh dolly-synth renders, but only approximate for the
// underlying curved bend.
//
//   bazel run -c opt //libs/recon4d:recon4d_benchmark [-- rounds [min_vertices]]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "libs/recon4d/recon4d_test_util.h"

namespace {

using dolly::recon4d::Recon4dOptions;
using dolly::recon4d::Recon4dResult;
using dolly::recon4d::Reconstruct4d;
using dolly::recon4d::testing::SynthRig;

double Seconds(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux: kilobytes
}

// One midpoint subdivision of `rig`'s asset: every triangle -> 4, one new
// vertex per edge, shared between the edge's triangles. Positions, colours,
// uvs and every frame of the ground truth of a new vertex are the averages of
// its edge's two vertices.
SynthRig Subdivide(const SynthRig& in) {
  SynthRig out;
  out.views = in.views;
  out.fps = in.fps;
  out.asset = in.asset;
  out.asset.faces.clear();
  out.truth = in.truth;
  std::vector<Eigen::Vector3f>& positions = out.asset.positions;
  std::vector<Eigen::Vector3f>& colors = out.asset.colors;
  std::vector<Eigen::Vector2f>& uvs = out.asset.uvs;
  std::map<std::pair<int, int>, int> midpoints;
  auto midpoint = [&](int a, int b) {
    const std::pair<int, int> key(std::min(a, b), std::max(a, b));
    const auto it = midpoints.find(key);
    if (it != midpoints.end()) return it->second;
    const int index = static_cast<int>(positions.size());
    positions.push_back(0.5f * (positions[a] + positions[b]));
    if (!colors.empty()) colors.push_back(0.5f * (colors[a] + colors[b]));
    if (!uvs.empty()) uvs.push_back(0.5f * (uvs[a] + uvs[b]));
    for (std::vector<Eigen::Vector3f>& frame : out.truth) {
      frame.push_back(0.5f * (frame[a] + frame[b]));
    }
    midpoints.emplace(key, index);
    return index;
  };
  for (const Eigen::Vector3i& f : in.asset.faces) {
    const int ab = midpoint(f[0], f[1]), bc = midpoint(f[1], f[2]), ca = midpoint(f[2], f[0]);
    out.asset.faces.emplace_back(f[0], ab, ca);
    out.asset.faces.emplace_back(ab, f[1], bc);
    out.asset.faces.emplace_back(ca, bc, f[2]);
    out.asset.faces.emplace_back(ab, bc, ca);
  }
  return out;
}

struct Run {
  int vertices = 0;
  int faces = 0;
  int nodes = 0;
  int tracks = 0;
  dolly::recon4d::Recon4dTimings timings;
  double wall = 0.0;          // around the Reconstruct4d call
  double mean_error = 0.0;    // % of the diagonal, mean over frames and vertices
  double worst_error = 0.0;   // % of the diagonal, worst over frames and vertices
  double peak_rss_mib = 0.0;  // process peak after this run
};

Run Fit(const SynthRig& rig, const char* label) {
  Recon4dOptions options;  // defaults (2 threads)
  const auto start = std::chrono::steady_clock::now();
  options.progress = [&](int f, int count) {
    std::fprintf(stderr, "  [%s] frame %d / %d at %.1f s\n", label, f + 1, count, Seconds(start));
  };
  const Recon4dResult result = Reconstruct4d(rig.asset, rig.views, rig.fps, options);
  Run run;
  run.wall = Seconds(start);
  run.vertices = static_cast<int>(rig.asset.positions.size());
  run.faces = static_cast<int>(rig.asset.faces.size());
  run.nodes = result.nodes;
  run.tracks = result.tracks;
  run.timings = result.timings;
  const double diagonal = dolly::recon4d::testing::BoxDiagonal(rig.asset.positions);
  double sum = 0.0;
  size_t count = 0;
  for (size_t f = 0; f < result.mesh.frames.size() && f < rig.truth.size(); ++f) {
    for (size_t v = 0; v < rig.truth[f].size(); ++v) {
      const double d = (result.mesh.frames[f][v] - rig.truth[f][v]).norm() / diagonal;
      run.worst_error = std::max(run.worst_error, d);
      sum += d;
      ++count;
    }
  }
  run.mean_error = count ? 100.0 * sum / count : 0.0;
  run.worst_error *= 100.0;
  run.peak_rss_mib = PeakRssMiB();
  return run;
}

void Print(const char* label, const Run& r) {
  std::printf(
      "  %-8s %6d vertices %6d faces, %4d nodes, %5d tracks | anchors %7.3f s  tracking %7.3f s"
      "  graph %7.3f s  solve %8.3f s  total %8.3f s (wall %8.3f s) | error mean %.2f %% worst "
      "%.2f %% | peak RSS so far %.0f MiB\n"
      "           solve: Ceres evaluation %.3f s, linear solver %.3f s, rest %.3f s, %d iterations\n",
      label, r.vertices, r.faces, r.nodes, r.tracks, r.timings.anchors, r.timings.tracking,
      r.timings.graph, r.timings.solve, r.timings.total, r.wall, r.mean_error, r.worst_error,
      r.peak_rss_mib, r.timings.solve_evaluate, r.timings.solve_linear,
      r.timings.solve - r.timings.solve_evaluate - r.timings.solve_linear,
      r.timings.solver_iterations);
}

double Ratio(double a, double b) { return b > 0.0 ? a / b : 0.0; }

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
  const int min_vertices = argc > 2 ? std::atoi(argv[2]) : 10000;
  // RenderSynthRig writes into $TEST_TMPDIR (under bazel run it is unset: a
  // temporary directory, removed at the end).
  std::string tmp;
  if (!std::getenv("TEST_TMPDIR")) {
    char dir[] = "/tmp/recon4d_benchmark_XXXXXX";
    if (!mkdtemp(dir)) {
      std::perror("mkdtemp");
      return 1;
    }
    tmp = dir;
    setenv("TEST_TMPDIR", dir, 1);
  }
  const int size = 256, frames = 16;
  auto start = std::chrono::steady_clock::now();
  const SynthRig base = dolly::recon4d::testing::RenderSynthRig("rig_asset", size, frames);
  const double render_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  SynthRig dense = base;
  int levels = 0;
  while (static_cast<int>(dense.asset.positions.size()) < min_vertices) {
    dense = Subdivide(dense);
    ++levels;
  }
  const double subdivide_s = Seconds(start);
  std::printf(
      "recon4d_benchmark: rig_asset, %zu views x %d frames at %dx%d, default Recon4dOptions "
      "(threads %d), %ld online CPUs; render %.1f s; dense = %d midpoint subdivision(s) "
      "(%.2f s)\n",
      base.views.size(), frames, size, size, Recon4dOptions().threads,
      sysconf(_SC_NPROCESSORS_ONLN), render_s, levels, subdivide_s);
  std::printf("  errors: %% of the rest bounding-box diagonal over all frames and vertices; dense "
              "truth = edge midpoints of the synth truth (approximate for the curved bend)\n");
  std::fflush(stdout);
  for (int round = 0; round < rounds; ++round) {
    std::printf("round %d / %d\n", round + 1, rounds);
    std::fflush(stdout);
    const Run b = Fit(base, "baseline");
    Print("baseline", b);
    std::fflush(stdout);
    const Run d = Fit(dense, "dense");
    Print("dense", d);
    std::printf(
        "  ratio dense / baseline: vertices %.1fx | anchors %.2fx  tracking %.2fx  graph %.2fx  "
        "solve %.2fx  total %.2fx\n",
        Ratio(d.vertices, b.vertices), Ratio(d.timings.anchors, b.timings.anchors),
        Ratio(d.timings.tracking, b.timings.tracking), Ratio(d.timings.graph, b.timings.graph),
        Ratio(d.timings.solve, b.timings.solve), Ratio(d.timings.total, b.timings.total));
    std::printf("  dense total %.1f s against the 120 s target: %s\n", d.timings.total,
                d.timings.total < 120.0 ? "under" : "OVER");
    std::fflush(stdout);
  }
  if (!tmp.empty()) std::filesystem::remove_all(tmp);
  return 0;
}
