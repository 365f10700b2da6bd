#include "libs/motion/transfer/transfer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>

#include <Eigen/Geometry>

#include "libs/core/error.h"
#include "schemas/tracks_types.h"

namespace dolly::motion {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const Eigen::Vector3d kNoPoint(kNaN, kNaN, kNaN);

bool Valid(const Eigen::Vector3d& p) { return p.allFinite(); }

double Median(std::vector<double> values) {
  if (values.empty()) return kNaN;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  if (values.size() % 2 == 1) return values[mid];
  const double upper = values[mid];
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return 0.5 * (lower + upper);
}

// Linear-interpolated percentile p in [0, 1] of `values` (not empty).
double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double pos = p * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  const double a = pos - static_cast<double>(lo);
  return (1.0 - a) * values[lo] + a * values[hi];
}

Eigen::Vector3d MedianPoint(const std::vector<Eigen::Vector3d>& points) {
  std::vector<double> x, y, z;
  for (const auto& p : points) {
    x.push_back(p.x());
    y.push_back(p.y());
    z.push_back(p.z());
  }
  return {Median(x), Median(y), Median(z)};
}

// Depth at a sub-pixel position: bilinear in inverse depth (exact on planes)
// over the 4 surrounding pixels when all are known and agree within
// `max_ratio`; 0 outside the image, where depth is unknown, or at an edge.
double SampleDepthBilinear(const cv::Mat& depth, double x, double y, double max_ratio) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0.0;
  if (x < -0.5 || y < -0.5 || x > depth.cols - 0.5 || y > depth.rows - 0.5) return 0.0;
  const double xc = std::clamp(x, 0.0, depth.cols - 1.0);
  const double yc = std::clamp(y, 0.0, depth.rows - 1.0);
  const int x0 = std::max(0, std::min(static_cast<int>(std::floor(xc)), depth.cols - 2));
  const int y0 = std::max(0, std::min(static_cast<int>(std::floor(yc)), depth.rows - 2));
  const int x1 = std::min(x0 + 1, depth.cols - 1);
  const int y1 = std::min(y0 + 1, depth.rows - 1);
  const double ax = std::clamp(xc - x0, 0.0, 1.0);
  const double ay = std::clamp(yc - y0, 0.0, 1.0);
  const double d[4] = {depth.at<float>(y0, x0), depth.at<float>(y0, x1), depth.at<float>(y1, x0),
                       depth.at<float>(y1, x1)};
  double lo = d[0], hi = d[0];
  for (double v : d) {
    if (!(v > 0.0)) return 0.0;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (hi > max_ratio * lo) return 0.0;
  const double inv = (1 - ay) * ((1 - ax) / d[0] + ax / d[1]) + ay * ((1 - ax) / d[2] + ax / d[3]);
  return 1.0 / inv;
}

// Depth at a sub-pixel position that does not blend two surfaces: inverse
// depth is affine in the pixel coordinates on a plane, so each 2x2 cell that
// holds the nearest pixel and is planar (its 4 inverse depths fit an affine
// function within `kPlanarTolerance`, relative) is a candidate, scored by how
// many pixels of the 3x3 neighbourhood lie on its plane; the best one (ties:
// the cell that contains (x, y)) is evaluated at (x, y). Where no cell is
// planar (curved surfaces), the bilinear sample above. Near a crease (a box
// edge, the ground meeting a wall) bilinear interpolation would mix the two
// planes; this takes the plane of the nearest pixel's surface. 0 where the
// bilinear sample is 0 (a depth edge, unknown depth, outside the image); the
// candidate cells must agree with it within `max_ratio`.
double SampleDepth(const cv::Mat& depth, double x, double y, double max_ratio) {
  constexpr double kPlanarTolerance = 2e-5;
  // A depth edge (the 4 pixels around (x, y) disagree) cannot be lifted.
  const double bilinear = SampleDepthBilinear(depth, x, y, max_ratio);
  if (!(bilinear > 0)) return 0.0;
  const int xn = static_cast<int>(std::lround(x));
  const int yn = static_cast<int>(std::lround(y));
  auto inv = [&](int u, int v) -> double {
    if (u < 0 || v < 0 || u >= depth.cols || v >= depth.rows) return 0.0;
    const double d = depth.at<float>(v, u);
    return d > 0.0 ? 1.0 / d : 0.0;
  };
  const int own_dx = x < xn ? -1 : 0;
  const int own_dy = y < yn ? -1 : 0;
  int best_support = -1;
  double best_value = 0.0;
  for (int dy = -1; dy <= 0; ++dy) {
    for (int dx = -1; dx <= 0; ++dx) {
      const int u0 = xn + dx, v0 = yn + dy;
      const double i00 = inv(u0, v0), i10 = inv(u0 + 1, v0), i01 = inv(u0, v0 + 1),
                   i11 = inv(u0 + 1, v0 + 1);
      if (!(i00 > 0 && i10 > 0 && i01 > 0 && i11 > 0)) continue;
      const double lo = std::min({i00, i10, i01, i11}), hi = std::max({i00, i10, i01, i11});
      // Same surface as the bilinear sample (inverse depths: ratios flip).
      if (hi * bilinear > max_ratio || lo * bilinear * max_ratio < 1.0) continue;
      const double mean = 0.25 * (i00 + i10 + i01 + i11);
      if (std::abs(i00 - i10 - i01 + i11) * 0.25 > kPlanarTolerance * mean) continue;
      const double gx = 0.5 * ((i10 - i00) + (i11 - i01));
      const double gy = 0.5 * ((i01 - i00) + (i11 - i10));
      auto plane = [&](double u, double v) {
        return mean + gx * (u - (u0 + 0.5)) + gy * (v - (v0 + 0.5));
      };
      int support = 0;
      for (int v = yn - 1; v <= yn + 1; ++v) {
        for (int u = xn - 1; u <= xn + 1; ++u) {
          const double iv = inv(u, v);
          if (iv > 0 && std::abs(iv - plane(u, v)) <= 4 * kPlanarTolerance * mean) ++support;
        }
      }
      const bool own = dx == own_dx && dy == own_dy;
      if (support > best_support || (support == best_support && own)) {
        const double value = plane(x, y);
        if (!(value > 0)) continue;
        best_support = support;
        best_value = value;
      }
    }
  }
  if (best_support >= 4) return 1.0 / best_value;
  return bilinear;
}

// Depth of the pixel nearest to (x, y); 0 outside the image or unknown.
double SampleDepthNearest(const cv::Mat& depth, double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0.0;
  const int xi = static_cast<int>(std::lround(x));
  const int yi = static_cast<int>(std::lround(y));
  if (xi < 0 || yi < 0 || xi >= depth.cols || yi >= depth.rows) return 0.0;
  const double v = depth.at<float>(yi, xi);
  return v > 0.0 ? v : 0.0;
}

Eigen::Isometry3d FromMatrix(const Eigen::Matrix4d& m) {
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.linear() = m.topLeftCorner<3, 3>();
  out.translation() = m.topRightCorner<3, 1>();
  return out;
}

Eigen::Isometry3d Umeyama(const std::vector<Eigen::Vector3d>& from,
                          const std::vector<Eigen::Vector3d>& to, const std::vector<int>& use) {
  Eigen::Matrix3Xd a(3, use.size()), b(3, use.size());
  for (size_t k = 0; k < use.size(); ++k) {
    a.col(k) = from[use[k]];
    b.col(k) = to[use[k]];
  }
  if (use.size() < 3) {  // translation of the centroid only
    Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
    out.translation() = b.rowwise().mean() - a.rowwise().mean();
    return out;
  }
  return FromMatrix(Eigen::umeyama(a, b, false));
}

std::vector<int> Inliers(const Eigen::Isometry3d& m, const std::vector<Eigen::Vector3d>& from,
                         const std::vector<Eigen::Vector3d>& to, double threshold) {
  std::vector<int> out;
  for (size_t i = 0; i < from.size(); ++i) {
    if ((m * from[i] - to[i]).norm() <= threshold) out.push_back(static_cast<int>(i));
  }
  return out;
}

// Rigid motion taking `from` to `to` (same size, >= 1): below 3 pairs the
// centroid's translation; otherwise RANSAC over 3-point Umeyama fits, then
// refits on the inliers until they settle.
Eigen::Isometry3d FitRigidRobust(const std::vector<Eigen::Vector3d>& from,
                                 const std::vector<Eigen::Vector3d>& to, double threshold,
                                 int iterations, std::uint64_t seed) {
  const int n = static_cast<int>(from.size());
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  if (n < 3) return Umeyama(from, to, all);
  Eigen::Isometry3d best = Umeyama(from, to, all);
  std::vector<int> best_inliers = Inliers(best, from, to, threshold);
  if (static_cast<int>(best_inliers.size()) < n) {
    std::mt19937_64 rng(seed);
    for (int it = 0; it < iterations; ++it) {
      const int i = static_cast<int>(rng() % n);
      int j = static_cast<int>(rng() % n);
      int k = static_cast<int>(rng() % n);
      if (i == j || j == k || i == k) continue;
      const Eigen::Isometry3d m = Umeyama(from, to, {i, j, k});
      std::vector<int> inl = Inliers(m, from, to, threshold);
      if (inl.size() > best_inliers.size()) {
        best_inliers = std::move(inl);
        best = m;
        if (static_cast<int>(best_inliers.size()) == n) break;
      }
    }
  }
  if (best_inliers.size() < 3) return best;
  for (int round = 0; round < 4; ++round) {
    const Eigen::Isometry3d m = Umeyama(from, to, best_inliers);
    std::vector<int> inl = Inliers(m, from, to, threshold);
    best = m;
    if (inl == best_inliers || inl.size() < 3) break;
    best_inliers = std::move(inl);
  }
  return best;
}

const geometry::PinholeCamera& CameraAt(const DrivingInputs& in, size_t t) {
  return in.cameras.size() == 1 ? in.cameras[0] : in.cameras[t];
}

std::string Size(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

void CheckDepthMap(const cv::Mat& m, const std::string& where) {
  for (int y = 0; y < m.rows; ++y) {
    const float* row = m.ptr<float>(y);
    for (int x = 0; x < m.cols; ++x) {
      if (!std::isfinite(row[x]) || row[x] < 0.0f) {
        throw InvalidInputError(where + ": depth at (" + std::to_string(x) + ", " +
                                std::to_string(y) + ") is " +
                                (std::isnan(row[x]) ? "NaN" : "negative or infinite"));
      }
    }
  }
}

void Validate(const DrivingInputs& in) {
  const size_t frames = in.depth.size();
  if (frames == 0) throw InvalidInputError(in.depth_name + ": no depth frames");
  if (in.cameras.size() != 1 && in.cameras.size() != frames) {
    throw InvalidInputError(in.depth_name + ": " + std::to_string(in.cameras.size()) +
                            " intrinsics for " + std::to_string(frames) + " frames");
  }
  for (size_t t = 0; t < frames; ++t) {
    const std::string where = in.depth_name + ": frame " + std::to_string(t);
    const geometry::PinholeCamera& cam = CameraAt(in, t);
    if (!(cam.fx > 0) || !(cam.fy > 0) || cam.width <= 0 || cam.height <= 0) {
      throw InvalidInputError(where + ": intrinsics need a positive size and focal length");
    }
    const cv::Mat& d = in.depth[t];
    if (d.type() != CV_32FC1) throw InvalidInputError(where + ": depth is not FLOAT32 [H, W]");
    if (d.cols != cam.width || d.rows != cam.height) {
      throw InvalidInputError(where + ": depth is " + Size(d.cols, d.rows) +
                              " but the intrinsics say " + Size(cam.width, cam.height));
    }
    if (d.size() != in.depth[0].size()) {
      throw InvalidInputError(where + ": depth is " + Size(d.cols, d.rows) + " but frame 0 is " +
                              Size(in.depth[0].cols, in.depth[0].rows));
    }
    CheckDepthMap(d, where);
  }
  if (in.world_from_camera.size() != frames) {
    throw InvalidInputError(in.camera_name + ": has " + std::to_string(in.world_from_camera.size()) +
                            " frames but " + in.depth_name + " has " + std::to_string(frames));
  }
  if (!in.lost.empty() && in.lost.size() != frames) {
    throw InvalidInputError(in.camera_name + ": " + std::to_string(in.lost.size()) +
                            " lost flags for " + std::to_string(frames) + " frames");
  }
  for (size_t t = 0; t < frames; ++t) {
    if (!in.world_from_camera[t].matrix().allFinite()) {
      throw InvalidInputError(in.camera_name + ": frame " + std::to_string(t) +
                              ": non-finite pose");
    }
  }
  if (in.positions.size() != frames || in.visible.size() != frames) {
    throw InvalidInputError(in.tracks_name + ": has " + std::to_string(in.positions.size()) +
                            " frames but " + in.depth_name + " has " + std::to_string(frames));
  }
  const size_t n = in.positions[0].size();
  if (n == 0) throw InvalidInputError(in.tracks_name + ": no tracks");
  for (size_t t = 0; t < frames; ++t) {
    if (in.positions[t].size() != n || in.visible[t].size() != n) {
      throw InvalidInputError(in.tracks_name + ": frame " + std::to_string(t) + " has " +
                              std::to_string(in.positions[t].size()) + " positions and " +
                              std::to_string(in.visible[t].size()) + " visibility flags for " +
                              std::to_string(n) + " tracks");
    }
  }
  if (in.labels.size() != n) {
    throw InvalidInputError(in.tracks_name + ": no STATIC/DYNAMIC label per track (" +
                            std::to_string(in.labels.size()) + " labels for " + std::to_string(n) +
                            " tracks); label it with dolly-odometry --labelled-tracks");
  }
  if (!in.instance_ids.empty() && in.instance_ids.size() != n) {
    throw InvalidInputError(in.tracks_name + ": " + std::to_string(in.instance_ids.size()) +
                            " instance ids for " + std::to_string(n) + " tracks");
  }
  if (!in.video.empty()) {
    if (in.video.size() != frames) {
      throw InvalidInputError(in.video_name + ": has " + std::to_string(in.video.size()) +
                              " frames but " + in.depth_name + " has " + std::to_string(frames));
    }
    for (size_t t = 0; t < frames; ++t) {
      const cv::Mat& v = in.video[t];
      if (v.type() != CV_8UC3 || v.size() != in.depth[0].size()) {
        throw InvalidInputError(in.video_name + ": frame " + std::to_string(t) + " is " +
                                Size(v.cols, v.rows) + " (or not RGB) but " + in.depth_name +
                                " is " + Size(in.depth[0].cols, in.depth[0].rows));
      }
    }
  }
  if (in.new_camera) {
    if (in.new_camera->reference_from_camera.size() != frames ||
        in.new_camera->focal_scale.size() != frames) {
      throw InvalidInputError("new camera path: has " +
                              std::to_string(in.new_camera->reference_from_camera.size()) +
                              " poses and " + std::to_string(in.new_camera->focal_scale.size()) +
                              " focal scales but " + in.depth_name + " has " +
                              std::to_string(frames) + " frames");
    }
    for (size_t t = 0; t < frames; ++t) {
      if (!in.new_camera->reference_from_camera[t].matrix().allFinite() ||
          !(in.new_camera->focal_scale[t] > 0) || !std::isfinite(in.new_camera->focal_scale[t])) {
        throw InvalidInputError("new camera path: frame " + std::to_string(t) +
                                ": non-finite pose or non-positive focal scale");
      }
    }
  }
  if (in.reference) {
    const RetargetReference& r = *in.reference;
    const geometry::PinholeCamera& c = r.camera;
    if (!(c.fx > 0) || !(c.fy > 0) || c.width < 2 || c.height < 2) {
      throw InvalidInputError(in.reference_name + ": intrinsics need a size of at least 2x2 and "
                              "positive focal lengths");
    }
    if (r.rgb.type() != CV_8UC3 || r.rgb.cols != c.width || r.rgb.rows != c.height) {
      throw InvalidInputError(in.reference_name + ": image is " + Size(r.rgb.cols, r.rgb.rows) +
                              " (or not RGB) but its intrinsics say " + Size(c.width, c.height));
    }
    if (r.depth.type() != CV_32FC1 || r.depth.size() != r.rgb.size()) {
      throw InvalidInputError(in.reference_name + ": depth is " +
                              Size(r.depth.cols, r.depth.rows) + " (or not FLOAT32) but the image is " +
                              Size(r.rgb.cols, r.rgb.rows));
    }
    CheckDepthMap(r.depth, in.reference_name + ": depth");
    if (in.depth[0].cols < 2 || in.depth[0].rows < 2) {
      throw InvalidInputError(in.depth_name + ": retargeting needs frames of at least 2x2 pixels");
    }
  }
}

std::array<std::uint8_t, 3> ColourAt(const cv::Mat& rgb, double x, double y) {
  const int xi = static_cast<int>(std::lround(x));
  const int yi = static_cast<int>(std::lround(y));
  if (!std::isfinite(x) || !std::isfinite(y) || xi < 0 || yi < 0 || xi >= rgb.cols ||
      yi >= rgb.rows) {
    return {128, 128, 128};
  }
  const cv::Vec3b c = rgb.at<cv::Vec3b>(yi, xi);
  return {c[0], c[1], c[2]};
}

// Median distance of each pixel to its nearest other pixel (0 for < 2).
double MedianNearestNeighbour(const std::vector<Eigen::Vector2d>& pixels) {
  if (pixels.size() < 2) return 0.0;
  // Sort by x and sweep: only candidates within the best distance in x.
  std::vector<size_t> order(pixels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return pixels[a].x() < pixels[b].x(); });
  std::vector<double> nn(pixels.size(), std::numeric_limits<double>::infinity());
  for (size_t a = 0; a < order.size(); ++a) {
    const Eigen::Vector2d& p = pixels[order[a]];
    double best = std::numeric_limits<double>::infinity();
    for (size_t b = a + 1; b < order.size(); ++b) {
      const Eigen::Vector2d& q = pixels[order[b]];
      if (q.x() - p.x() > best) break;
      best = std::min(best, (q - p).norm());
    }
    for (size_t b = a; b-- > 0;) {
      const Eigen::Vector2d& q = pixels[order[b]];
      if (p.x() - q.x() > best) break;
      best = std::min(best, (q - p).norm());
    }
    nn[order[a]] = best;
  }
  return Median(nn);
}

// Union-find.
struct Components {
  std::vector<int> parent;
  explicit Components(int n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void Join(int a, int b) { parent[Find(a)] = Find(b); }
};

// Groups of dynamic tracks (indices into `dyn`) by proximity and rigidity.
std::vector<std::vector<int>> ClusterDynamic(const std::vector<int>& dyn,
                                             const std::vector<std::vector<Eigen::Vector3d>>& lifted,
                                             double scene_depth, const TransferOptions& options) {
  const int m = static_cast<int>(dyn.size());
  const size_t frames = lifted.size();
  const double inf = std::numeric_limits<double>::infinity();
  // Per pair (recomputed rather than stored, so memory stays O(tracks)):
  // distance at the first common frame, frames in common, and whether the
  // distance ever leaves the tolerance.
  struct Pair {
    double d0 = std::numeric_limits<double>::infinity();
    int common = 0;
    bool broken = false;
  };
  auto pair = [&](int a, int b) {
    Pair out;
    for (size_t t = 0; t < frames; ++t) {
      const Eigen::Vector3d& pa = lifted[t][dyn[a]];
      const Eigen::Vector3d& pb = lifted[t][dyn[b]];
      if (!Valid(pa) || !Valid(pb)) continue;
      const double d = (pa - pb).norm();
      if (++out.common == 1) {
        out.d0 = d;
      } else if (std::abs(d - out.d0) > options.rigidity_tolerance * out.d0 + 0.01 * scene_depth) {
        out.broken = true;
        break;
      }
    }
    return out;
  };
  std::vector<double> nn(m, inf);
  for (int a = 0; a < m; ++a) {
    for (int b = a + 1; b < m; ++b) {
      const Pair pr = pair(a, b);
      nn[a] = std::min(nn[a], pr.d0);
      nn[b] = std::min(nn[b], pr.d0);
    }
  }
  std::vector<double> finite_nn;
  for (double d : nn) {
    if (std::isfinite(d)) finite_nn.push_back(d);
  }
  const double typical_nn = finite_nn.empty() ? 0.0 : Median(finite_nn);
  // Two tracks are near when their distance is within the factor of the
  // typical or of both one's own nearest-neighbour distances (so a sparsely
  // tracked object holds together, while an isolated track, whose own
  // distance is large, is not near everything).
  auto near = [&](int a, int b, double d) {
    const double own = std::min(std::isfinite(nn[a]) ? nn[a] : 0.0, std::isfinite(nn[b]) ? nn[b] : 0.0);
    return d <= options.cluster_radius_factor * std::max(typical_nn, own);
  };
  Components comp(m);
  for (int a = 0; a < m; ++a) {
    for (int b = a + 1; b < m; ++b) {
      const Pair pr = pair(a, b);
      if (!pr.broken && pr.common >= 2 && near(a, b, pr.d0)) comp.Join(a, b);
    }
  }
  // Tracks in components too small to fit a rigid motion (often seen in one
  // frame only) join the component of their nearest track that is not
  // contradicted by the rigidity test.
  std::vector<int> size(m, 0);
  for (int a = 0; a < m; ++a) size[comp.Find(a)]++;
  std::vector<int> attach(m, -1);
  for (int a = 0; a < m; ++a) {
    if (size[comp.Find(a)] >= 3) continue;
    double best = inf;
    for (int b = 0; b < m; ++b) {
      if (b == a || size[comp.Find(b)] < 3) continue;
      const Pair pr = pair(a, b);
      if (pr.broken || !std::isfinite(pr.d0) || !near(a, b, pr.d0)) continue;
      if (pr.d0 < best) {
        best = pr.d0;
        attach[a] = b;
      }
    }
  }
  for (int a = 0; a < m; ++a) {
    if (attach[a] >= 0) comp.Join(a, attach[a]);
  }
  std::map<int, std::vector<int>> groups;
  for (int a = 0; a < m; ++a) groups[comp.Find(a)].push_back(dyn[a]);
  std::vector<std::vector<int>> out;
  for (auto& [root, members] : groups) out.push_back(std::move(members));
  // Larger objects first (stable: by first member otherwise).
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& x, const auto& y) { return x.size() > y.size(); });
  return out;
}

// Instance labels of the reference image for the previews: each pixel with
// depth takes the object id of the nearest frame-0 point (within `radius`
// pixels) whose depth agrees with the pixel's within `max_ratio`; 0 where
// that point is static or there is none. Empty when an id is not positive.
cv::Mat LabelImage(const cv::Mat& depth, const std::vector<Eigen::Vector2d>& pixels,
                   const std::vector<double>& z, const std::vector<int>& ids, double radius,
                   double max_ratio) {
  for (int id : ids) {
    if (id == 0) return cv::Mat();
  }
  cv::Mat labels(depth.size(), CV_32SC1, cv::Scalar(0));
  if (!(radius > 0)) return labels;
  const int cell = std::max(1, static_cast<int>(std::ceil(radius)));
  const int gw = depth.cols / cell + 1, gh = depth.rows / cell + 1;
  std::vector<std::vector<int>> grid(static_cast<size_t>(gw) * gh);
  for (size_t p = 0; p < pixels.size(); ++p) {
    if (!(z[p] > 0) || !pixels[p].allFinite()) continue;
    const int gx = static_cast<int>(std::floor(pixels[p].x() / cell));
    const int gy = static_cast<int>(std::floor(pixels[p].y() / cell));
    if (gx < 0 || gy < 0 || gx >= gw || gy >= gh) continue;
    grid[static_cast<size_t>(gy) * gw + gx].push_back(static_cast<int>(p));
  }
  for (int y = 0; y < depth.rows; ++y) {
    for (int x = 0; x < depth.cols; ++x) {
      const double d = depth.at<float>(y, x);
      if (!(d > 0)) continue;
      double best = radius * radius;
      int label = 0;
      const int gx = x / cell, gy = y / cell;
      for (int cy = std::max(0, gy - 1); cy <= std::min(gh - 1, gy + 1); ++cy) {
        for (int cx = std::max(0, gx - 1); cx <= std::min(gw - 1, gx + 1); ++cx) {
          for (int p : grid[static_cast<size_t>(cy) * gw + cx]) {
            const double d2 = (pixels[p] - Eigen::Vector2d(x, y)).squaredNorm();
            if (d2 > best) continue;
            if (std::max(d, z[p]) > max_ratio * std::min(d, z[p])) continue;
            best = d2;
            label = ids[p] < 0 ? 0 : ids[p];
          }
        }
      }
      labels.at<int32_t>(y, x) = label;
    }
  }
  return labels;
}

struct ObjectFit {
  int id = 0;
  std::string name;
  std::vector<int> tracks;
  std::vector<Eigen::Isometry3d> motions;  // world_t_from_world_0
};

}  // namespace

MotionScene BuildFromDrivingVideo(const DrivingInputs& in, const TransferOptions& options,
                                  TransferReport* report) {
  Validate(in);
  const size_t frames = in.depth.size();
  const int n = static_cast<int>(in.positions[0].size());
  const geometry::PinholeCamera& cam0 = CameraAt(in, 0);
  const Eigen::Isometry3d camera0_from_world = in.world_from_camera[0].inverse();

  // ---- 1. lift every visible observation to the world
  std::vector<std::vector<Eigen::Vector3d>> lifted(frames, std::vector<Eigen::Vector3d>(n, kNoPoint));
  std::vector<int> lifted_count(n, 0);
  for (size_t t = 0; t < frames; ++t) {
    const geometry::PinholeCamera& cam = CameraAt(in, t);
    if (!in.lost.empty() && in.lost[t]) continue;
    for (int i = 0; i < n; ++i) {
      if (!in.visible[t][i]) continue;
      const Eigen::Vector2f& px = in.positions[t][i];
      const double z = SampleDepth(in.depth[t], px.x(), px.y(), options.depth_edge_ratio);
      if (!(z > 0)) continue;
      lifted[t][i] = in.world_from_camera[t] * cam.Unproject(px.cast<double>(), z);
      ++lifted_count[i];
    }
  }
  // Tracks lifted nowhere (every visible frame at a depth edge): nearest depth.
  for (int i = 0; i < n; ++i) {
    if (lifted_count[i] > 0) continue;
    for (size_t t = 0; t < frames; ++t) {
      if (!in.visible[t][i] || (!in.lost.empty() && in.lost[t])) continue;
      const Eigen::Vector2f& px = in.positions[t][i];
      const double z = SampleDepthNearest(in.depth[t], px.x(), px.y());
      if (!(z > 0)) continue;
      lifted[t][i] = in.world_from_camera[t] * CameraAt(in, t).Unproject(px.cast<double>(), z);
      ++lifted_count[i];
    }
  }
  std::vector<double> depths0;
  for (int i = 0; i < n; ++i) {
    if (Valid(lifted[0][i])) depths0.push_back((camera0_from_world * lifted[0][i]).z());
  }
  if (depths0.empty()) {
    for (size_t t = 0; t < frames && depths0.empty(); ++t) {
      for (int i = 0; i < n; ++i) {
        if (Valid(lifted[t][i])) depths0.push_back((camera0_from_world * lifted[t][i]).z());
      }
    }
  }
  if (depths0.empty()) {
    throw InvalidInputError(in.tracks_name + ": no track has depth in " + in.depth_name +
                            " where it is visible");
  }
  const double scene_depth = std::max(Median(depths0), 1e-9);
  const double threshold = options.ransac_threshold * scene_depth;

  // ---- 2. static tracks: one robust world point
  std::vector<Eigen::Vector3d> frame0(n, kNoPoint);  // each track's frame-0 world point
  std::vector<int> dynamic;
  for (int i = 0; i < n; ++i) {
    if (lifted_count[i] == 0) continue;
    if (in.labels[i] == schema::TrackLabel::DYNAMIC) {
      dynamic.push_back(i);
      continue;
    }
    std::vector<Eigen::Vector3d> points;
    for (size_t t = 0; t < frames; ++t) {
      if (Valid(lifted[t][i])) points.push_back(lifted[t][i]);
    }
    frame0[i] = MedianPoint(points);
  }

  // ---- 3. dynamic tracks: objects and their rigid motions
  std::vector<ObjectFit> objects;
  std::vector<int> loose;  // dynamic tracks in no object
  bool from_ids = !in.instance_ids.empty() && !dynamic.empty();
  for (int i : dynamic) from_ids = from_ids && in.instance_ids[i] >= 0;
  if (from_ids) {
    std::map<int, std::vector<int>> by_id;
    for (int i : dynamic) by_id[in.instance_ids[i]].push_back(i);
    for (auto& [id, members] : by_id) {
      ObjectFit o;
      o.id = id;
      o.name = "instance " + std::to_string(id);
      o.tracks = std::move(members);
      objects.push_back(std::move(o));
    }
  } else if (!dynamic.empty()) {
    std::vector<std::vector<int>> groups = ClusterDynamic(dynamic, lifted, scene_depth, options);
    for (std::vector<int>& group : groups) {
      if (static_cast<int>(group.size()) < options.min_object_tracks) {
        loose.insert(loose.end(), group.begin(), group.end());
        continue;
      }
      ObjectFit o;
      o.id = static_cast<int>(objects.size()) + 1;
      o.name = "object " + std::to_string(o.id);
      o.tracks = std::move(group);
      objects.push_back(std::move(o));
    }
  }
  // Loose dynamic tracks: frame-0 point = their first lifted position.
  std::vector<bool> is_loose(n, false);
  for (int i : loose) {
    is_loose[i] = true;
    for (size_t t = 0; t < frames && !Valid(frame0[i]); ++t) {
      if (Valid(lifted[t][i])) frame0[i] = lifted[t][i];
    }
  }
  std::vector<double> fit_medians;
  for (ObjectFit& o : objects) {
    const int size = static_cast<int>(o.tracks.size());
    const size_t need = static_cast<size_t>(std::min(3, size));
    const std::uint64_t seed = 0x9e3779b97f4a7c15ull ^ static_cast<std::uint64_t>(o.id);
    o.motions.assign(frames, Eigen::Isometry3d::Identity());
    std::vector<Eigen::Vector3d> canonical(size, kNoPoint);
    for (int k = 0; k < size; ++k) canonical[k] = lifted[0][o.tracks[k]];
    auto fit_from_canonical = [&](size_t t, Eigen::Isometry3d* out) {
      std::vector<Eigen::Vector3d> from, to;
      for (int k = 0; k < size; ++k) {
        if (Valid(canonical[k]) && Valid(lifted[t][o.tracks[k]])) {
          from.push_back(canonical[k]);
          to.push_back(lifted[t][o.tracks[k]]);
        }
      }
      if (from.size() < need || from.empty()) return false;
      *out = FitRigidRobust(from, to, threshold, options.ransac_iterations, seed + t);
      return true;
    };
    // Frame t: directly against frame 0, else chained from the previous
    // frame (pairs t-1, t), else the previous frame's motion held.
    auto solve_frame = [&](size_t t) {
      if (fit_from_canonical(t, &o.motions[t])) return;
      std::vector<Eigen::Vector3d> from, to;
      for (int i : o.tracks) {
        if (Valid(lifted[t - 1][i]) && Valid(lifted[t][i])) {
          from.push_back(lifted[t - 1][i]);
          to.push_back(lifted[t][i]);
        }
      }
      if (from.size() >= need && !from.empty()) {
        o.motions[t] = FitRigidRobust(from, to, threshold, options.ransac_iterations, seed + t) *
                       o.motions[t - 1];
      } else {
        o.motions[t] = o.motions[t - 1];
      }
    };
    // Pass 1 with the tracks lifted in frame 0.
    for (size_t t = 1; t < frames; ++t) solve_frame(t);
    // Canonical positions of tracks not lifted in frame 0.
    bool added = false;
    for (int k = 0; k < size; ++k) {
      if (Valid(canonical[k])) continue;
      std::vector<Eigen::Vector3d> back;
      for (size_t t = 0; t < frames; ++t) {
        if (Valid(lifted[t][o.tracks[k]])) back.push_back(o.motions[t].inverse() * lifted[t][o.tracks[k]]);
      }
      if (!back.empty()) {
        canonical[k] = MedianPoint(back);
        added = true;
      }
    }
    // Pass 2: refit with every track.
    if (added) {
      for (size_t t = 1; t < frames; ++t) solve_frame(t);
    }
    std::vector<double> residuals;
    for (int k = 0; k < size; ++k) {
      const int i = o.tracks[k];
      frame0[i] = canonical[k];
      for (size_t t = 0; t < frames; ++t) {
        if (Valid(lifted[t][i]) && Valid(canonical[k])) {
          residuals.push_back((o.motions[t] * canonical[k] - lifted[t][i]).norm());
        }
      }
    }
    fit_medians.push_back(residuals.empty() ? 0.0 : Median(residuals));
  }

  // ---- points: one per track with a 3D position
  std::vector<int> point_track;
  std::vector<int> track_object(n, -1);  // index into objects
  for (size_t k = 0; k < objects.size(); ++k) {
    for (int i : objects[k].tracks) track_object[i] = static_cast<int>(k);
  }
  for (int i = 0; i < n; ++i) {
    if (Valid(frame0[i])) point_track.push_back(i);
  }
  const int np = static_cast<int>(point_track.size());
  // Driving positions per frame.
  std::vector<std::vector<Eigen::Vector3d>> drv(frames, std::vector<Eigen::Vector3d>(np));
  for (int p = 0; p < np; ++p) {
    const int i = point_track[p];
    const int k = track_object[i];
    Eigen::Vector3d held = frame0[i];
    for (size_t t = 0; t < frames; ++t) {
      if (is_loose[i]) {
        if (Valid(lifted[t][i])) held = lifted[t][i];
        drv[t][p] = held;
      } else if (k < 0) {
        drv[t][p] = frame0[i];
      } else {
        drv[t][p] = Valid(lifted[t][i]) ? lifted[t][i] : objects[k].motions[t] * frame0[i];
      }
    }
  }
  // Driving frame-0 pixels.
  std::vector<Eigen::Vector2d> drv_pixel(np);
  for (int p = 0; p < np; ++p) {
    const int i = point_track[p];
    const Eigen::Vector2f& q = in.positions[0][i];
    if (q.allFinite()) {
      drv_pixel[p] = q.cast<double>();
      continue;
    }
    const Eigen::Vector3d c = camera0_from_world * frame0[i];
    if (c.z() > 1e-9) {
      drv_pixel[p] = cam0.Project(c);
    } else {
      drv_pixel[p] = {cam0.cx, cam0.cy};
      for (size_t t = 0; t < frames; ++t) {
        if (in.positions[t][i].allFinite()) {
          drv_pixel[p] = in.positions[t][i].cast<double>();
          break;
        }
      }
    }
  }

  MotionScene scene;
  scene.source = "driving_video";
  scene.fps = in.fps > 0 ? in.fps : 8.0;
  scene.points.resize(np);
  scene.frames.resize(frames);
  for (int p = 0; p < np; ++p) {
    const int k = track_object[point_track[p]];
    scene.points[p].object_id = k < 0 ? -1 : objects[k].id;
  }

  // ---- output geometry: the driving world, or the reference camera (retarget)
  double s = 1.0;
  Eigen::Matrix3d r0 = Eigen::Matrix3d::Identity();  // driving world -> output
  Eigen::Vector3d c0 = Eigen::Vector3d::Zero();
  std::vector<Eigen::Vector3d> out0(np);  // output frame-0 positions
  std::vector<Eigen::Vector2d> out_pixel = drv_pixel;
  geometry::PinholeCamera out_cam0 = cam0;
  if (in.reference) {
    const RetargetReference& ref = *in.reference;
    r0 = camera0_from_world.linear();
    c0 = in.world_from_camera[0].translation();
    const double wx = (ref.camera.width - 1.0) / (cam0.width - 1.0);
    const double wy = (ref.camera.height - 1.0) / (cam0.height - 1.0);
    std::vector<double> ref_z(np, 0.0);
    std::vector<double> zr, zd;
    for (int p = 0; p < np; ++p) {
      const int i = point_track[p];
      out_pixel[p] = {drv_pixel[p].x() * wx, drv_pixel[p].y() * wy};
      // Only where the driving frame 0 itself shows the track with a clean
      // depth sample: elsewhere its pixel shows an occluder or a depth edge.
      if (!Valid(lifted[0][i])) continue;
      const double z =
          SampleDepth(ref.depth, out_pixel[p].x(), out_pixel[p].y(), options.depth_edge_ratio);
      const double zd0 = (camera0_from_world * drv[0][p]).z();
      if (!(z > 0) || !(zd0 > 0)) continue;
      ref_z[p] = z;
      zr.push_back(z);
      zd.push_back(zd0);
    }
    if (zr.empty()) {
      throw InvalidInputError(in.reference_name + ": no depth where the driving tracks visible in "
                              "frame 0 land in the reference image");
    }
    s = Median(zr) / Median(zd);
    for (int p = 0; p < np; ++p) {
      out0[p] = ref_z[p] > 0 ? ref.camera.Unproject(out_pixel[p], ref_z[p])
                             : Eigen::Vector3d(s * r0 * (drv[0][p] - c0));
    }
    out_cam0 = ref.camera;
  } else {
    for (int p = 0; p < np; ++p) out0[p] = drv[0][p];
  }
  auto map_point = [&](int p, size_t t) -> Eigen::Vector3d {
    return in.reference ? Eigen::Vector3d(out0[p] + s * r0 * (drv[t][p] - drv[0][p])) : drv[t][p];
  };
  // S M S^-1 with S(x) = s R0 (x - c0).
  auto map_motion = [&](const Eigen::Isometry3d& m) -> Eigen::Isometry3d {
    if (!in.reference) return m;
    Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
    out.linear() = r0 * m.linear() * r0.transpose();
    out.translation() = s * r0 * (m.linear() * c0 + m.translation() - c0);
    return out;
  };

  // ---- per-frame points, visibility, object motions
  for (size_t t = 0; t < frames; ++t) {
    SceneFrame& f = scene.frames[t];
    f.points_world.resize(np);
    f.visible.resize(np);
    for (int p = 0; p < np; ++p) {
      const int i = point_track[p];
      f.points_world[p] = map_point(p, t).cast<float>();
      f.visible[p] = track_object[i] < 0 ? 1 : (in.visible[t][i] ? 1 : 0);
    }
    for (const ObjectFit& o : objects) f.object_motions.push_back(map_motion(o.motions[t]));
  }

  // ---- objects: boxes and centroid paths
  for (size_t k = 0; k < objects.size(); ++k) {
    std::vector<double> xs, ys, zs;
    Eigen::Vector3d centroid_out = Eigen::Vector3d::Zero(), centroid_drv = Eigen::Vector3d::Zero();
    int count = 0;
    for (int p = 0; p < np; ++p) {
      if (track_object[point_track[p]] != static_cast<int>(k)) continue;
      xs.push_back(out0[p].x());
      ys.push_back(out0[p].y());
      zs.push_back(out0[p].z());
      centroid_out += out0[p];
      centroid_drv += drv[0][p];
      ++count;
    }
    SceneObject so;
    so.id = objects[k].id;
    so.name = objects[k].name;
    if (count > 0) {
      centroid_out /= count;
      centroid_drv /= count;
      const Eigen::Vector3d lo(Percentile(xs, 0.02), Percentile(ys, 0.02), Percentile(zs, 0.02));
      const Eigen::Vector3d hi(Percentile(xs, 0.98), Percentile(ys, 0.98), Percentile(zs, 0.98));
      so.world_from_box.translation() = 0.5 * (lo + hi);
      so.box_size = hi - lo;
    }
    scene.objects.push_back(so);
    DragPath drag;
    drag.object_id = so.id;
    for (size_t t = 0; t < frames; ++t) {
      const Eigen::Vector3d moved = objects[k].motions[t] * centroid_drv;
      drag.world.push_back(in.reference ? Eigen::Vector3d(centroid_out + s * r0 * (moved - centroid_drv))
                                        : moved);
    }
    scene.drags.push_back(std::move(drag));
  }

  // ---- point attributes: reference pixel, colour, radius
  const double spacing = MedianNearestNeighbour(out_pixel);
  const Eigen::Isometry3d out_camera0_from_world =
      in.reference ? Eigen::Isometry3d::Identity() : camera0_from_world;
  for (int p = 0; p < np; ++p) {
    const int i = point_track[p];
    ScenePoint& sp = scene.points[p];
    sp.reference_pixel = out_pixel[p].cast<float>();
    if (in.reference) {
      sp.rgb = ColourAt(in.reference->rgb, out_pixel[p].x(), out_pixel[p].y());
    } else if (!in.video.empty()) {
      sp.rgb = ColourAt(in.video[0], drv_pixel[p].x(), drv_pixel[p].y());
      for (size_t t = 0; t < frames; ++t) {
        const Eigen::Vector2f& q = in.positions[t][i];
        if (in.visible[t][i] && q.allFinite()) {
          sp.rgb = ColourAt(in.video[t], q.x(), q.y());
          break;
        }
      }
    } else {
      sp.rgb = {128, 128, 128};
    }
    const double z = (out_camera0_from_world * out0[p]).z();
    sp.radius = static_cast<float>(std::max(z, 0.0) * spacing / (2.0 * out_cam0.fx));
  }

  // ---- cameras
  scene.reference_camera = out_cam0;
  for (size_t t = 0; t < frames; ++t) {
    SceneFrame& f = scene.frames[t];
    if (in.new_camera) {
      const Eigen::Isometry3d base =
          in.reference ? Eigen::Isometry3d::Identity() : in.world_from_camera[0];
      f.world_from_camera = base * in.new_camera->reference_from_camera[t];
      f.camera = out_cam0;
      f.camera.fx *= in.new_camera->focal_scale[t];
      f.camera.fy *= in.new_camera->focal_scale[t];
    } else if (in.reference) {
      const Eigen::Isometry3d rel = camera0_from_world * in.world_from_camera[t];
      f.world_from_camera = Eigen::Isometry3d::Identity();
      f.world_from_camera.linear() = rel.linear();
      f.world_from_camera.translation() = s * rel.translation();
      f.camera = out_cam0;
      f.camera.fx *= CameraAt(in, t).fx / cam0.fx;
      f.camera.fy *= CameraAt(in, t).fy / cam0.fy;
    } else {
      f.world_from_camera = in.world_from_camera[t];
      f.camera = CameraAt(in, t);
    }
  }

  // ---- previews
  if (in.reference) {
    scene.reference_rgb = in.reference->rgb.clone();
    scene.reference_depth = in.reference->depth.clone();
  } else if (!in.video.empty()) {
    scene.reference_rgb = in.video[0].clone();
    scene.reference_depth = in.depth[0].clone();
  }
  if (!scene.reference_depth.empty() && !objects.empty()) {
    // Points seen in (driving) frame 0 with their frame-0 depth.
    std::vector<double> z(np, 0.0);
    std::vector<int> ids(np, -1);
    for (int p = 0; p < np; ++p) {
      const int i = point_track[p];
      if (!in.visible[0][i] || !Valid(lifted[0][i])) continue;
      z[p] = (out_camera0_from_world * out0[p]).z();
      ids[p] = scene.points[p].object_id;
    }
    scene.reference_labels = LabelImage(scene.reference_depth, out_pixel, z, ids, 1.5 * spacing,
                                        options.depth_edge_ratio);
  }

  if (report) {
    report->static_points = 0;
    report->dynamic_points = 0;
    for (int p = 0; p < np; ++p) {
      const int i = point_track[p];
      (track_object[i] < 0 && !is_loose[i] ? report->static_points : report->dynamic_points)++;
    }
    report->objects_from_instance_ids = from_ids;
    report->retarget_scale = s;
    report->object_fit_median = fit_medians;
    report->point_track = point_track;
  }
  return scene;
}

}  // namespace dolly::motion
