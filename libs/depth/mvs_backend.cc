#include "libs/depth/mvs_backend.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <opencv2/core/eigen.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/depth/depth_range.h"
#include "libs/depth/mvs_shots.h"
#include "libs/frames/frame_input.h"
#include "libs/geometry/schema_convert.h"
#include "libs/trajectory/artifact_convert.h"

namespace dolly::depth {
namespace {

constexpr float kNoMatch = 2.0f;  // cost of a pixel a neighbour cannot see

cv::Mat Box(const cv::Mat& m, int patch) {
  cv::Mat out;
  cv::boxFilter(m, out, CV_32F, cv::Size(patch, patch), cv::Point(-1, -1), true,
                cv::BORDER_REFLECT);
  return out;
}

// Homography taking reference pixels to neighbour pixels for the plane
// z = depth in the reference camera: K (R + t n^T / depth) K^-1, n = (0,0,1).
cv::Mat PlaneHomography(const Eigen::Matrix3d& k, const Eigen::Isometry3d& nbr_from_ref,
                        double inverse_depth) {
  Eigen::Matrix3d m = nbr_from_ref.linear();
  m.col(2) += nbr_from_ref.translation() * inverse_depth;
  const Eigen::Matrix3d h = k * m * k.inverse();
  cv::Mat out;
  cv::eigen2cv(h, out);
  return out;
}

// Plane sweep of one reference frame: depth from the cost checks alone.
cv::Mat SweepFrame(int ref, const std::vector<cv::Mat>& gray,
                   const std::vector<Eigen::Isometry3d>& world_from_camera,
                   const geometry::PinholeCamera& camera, const MvsParams& p) {
  const cv::Mat& a = gray[ref];
  const cv::Size size = a.size();
  const int n_pix = size.area();
  std::vector<int> nbrs;
  for (int d = 1; d <= p.neighbours; ++d) {
    if (ref - d >= 0) nbrs.push_back(ref - d);
    if (ref + d < static_cast<int>(gray.size())) nbrs.push_back(ref + d);
  }
  const cv::Mat mean_a = Box(a, p.patch);
  cv::Mat var_a = Box(a.mul(a), p.patch) - mean_a.mul(mean_a);
  const Eigen::Matrix3d k = camera.K();
  const double inv_near = 1.0 / p.min_depth, inv_far = 1.0 / p.max_depth;
  auto inverse_depth = [&](double plane) {
    return inv_far + (inv_near - inv_far) * plane / (p.planes - 1);
  };

  // cost[plane][pixel]: mean of the best two neighbours' 1 - ZNCC (the best
  // one alone with a single neighbour), so one occluded view does not veto.
  std::vector<float> cost(static_cast<size_t>(p.planes) * n_pix);
  cv::parallel_for_(cv::Range(0, p.planes), [&](const cv::Range& range) {
    cv::Mat ones(size, CV_32F, cv::Scalar(1)), warped, mask;
    std::vector<float> c1(n_pix), c2(n_pix);
    for (int plane = range.start; plane < range.end; ++plane) {
      std::fill(c1.begin(), c1.end(), kNoMatch);
      std::fill(c2.begin(), c2.end(), kNoMatch);
      for (int n : nbrs) {
        const Eigen::Isometry3d nbr_from_ref =
            world_from_camera[n].inverse() * world_from_camera[ref];
        const cv::Mat h = PlaneHomography(k, nbr_from_ref, inverse_depth(plane));
        cv::warpPerspective(gray[n], warped, h, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                            cv::BORDER_REPLICATE);
        cv::warpPerspective(ones, mask, h, size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                            cv::BORDER_CONSTANT, cv::Scalar(0));
        const cv::Mat mean_b = Box(warped, p.patch);
        const cv::Mat mean_b2 = Box(warped.mul(warped), p.patch);
        const cv::Mat mean_ab = Box(a.mul(warped), p.patch);
        for (int y = 0; y < size.height; ++y) {
          const float* ma = mean_a.ptr<float>(y);
          const float* va = var_a.ptr<float>(y);
          const float* mb = mean_b.ptr<float>(y);
          const float* mb2 = mean_b2.ptr<float>(y);
          const float* mab = mean_ab.ptr<float>(y);
          const float* mk = mask.ptr<float>(y);
          for (int x = 0; x < size.width; ++x) {
            if (mk[x] < 0.999f) continue;
            const float vb = mb2[x] - mb[x] * mb[x];
            const float cov = mab[x] - ma[x] * mb[x];
            const float denom = std::sqrt(std::max(va[x], 1e-3f) * std::max(vb, 1e-3f));
            const float c = 1.0f - std::clamp(cov / denom, -1.0f, 1.0f);
            const int i = y * size.width + x;
            if (c < c1[i]) {
              c2[i] = c1[i];
              c1[i] = c;
            } else if (c < c2[i]) {
              c2[i] = c;
            }
          }
        }
      }
      float* out = &cost[static_cast<size_t>(plane) * n_pix];
      for (int i = 0; i < n_pix; ++i) out[i] = nbrs.size() >= 2 ? 0.5f * (c1[i] + c2[i]) : c1[i];
    }
  });

  cv::Mat depth(size, CV_32F, cv::Scalar(0));
  const float min_var = static_cast<float>(p.min_texture_std * p.min_texture_std);
  cv::parallel_for_(cv::Range(0, size.height), [&](const cv::Range& rows) {
    for (int y = rows.start; y < rows.end; ++y) {
      for (int x = 0; x < size.width; ++x) {
        const int i = y * size.width + x;
        if (var_a.at<float>(y, x) < min_var) continue;
        int best = 0;
        for (int plane = 1; plane < p.planes; ++plane) {
          if (cost[static_cast<size_t>(plane) * n_pix + i] <
              cost[static_cast<size_t>(best) * n_pix + i]) {
            best = plane;
          }
        }
        // At the ends of the range the true depth may lie outside it.
        if (best == 0 || best == p.planes - 1) continue;
        const float cb = cost[static_cast<size_t>(best) * n_pix + i];
        if (1.0f - cb < p.min_zncc) continue;
        float second = kNoMatch;
        for (int plane = 0; plane < p.planes; ++plane) {
          if (std::abs(plane - best) > 2) {
            second = std::min(second, cost[static_cast<size_t>(plane) * n_pix + i]);
          }
        }
        if (cb > p.uniqueness * second) continue;
        const float cm = cost[static_cast<size_t>(best - 1) * n_pix + i];
        const float cp = cost[static_cast<size_t>(best + 1) * n_pix + i];
        const float curvature = cm - 2 * cb + cp;
        const double offset =
            curvature > 1e-9f ? std::clamp(0.5 * (cm - cp) / curvature, -0.5, 0.5) : 0.0;
        depth.at<float>(y, x) = static_cast<float>(1.0 / inverse_depth(best + offset));
      }
    }
  });
  return depth;
}

// Keeps a depth only where at least one neighbouring frame's depth map sees
// the same point at the same depth (within `consistency`, relative).
cv::Mat CheckConsistency(int ref, const std::vector<cv::Mat>& depth,
                         const std::vector<Eigen::Isometry3d>& world_from_camera,
                         const geometry::PinholeCamera& camera, const MvsParams& p) {
  cv::Mat out = depth[ref].clone();
  std::vector<int> nbrs;
  for (int d = 1; d <= p.neighbours; ++d) {
    if (ref - d >= 0) nbrs.push_back(ref - d);
    if (ref + d < static_cast<int>(depth.size())) nbrs.push_back(ref + d);
  }
  std::vector<Eigen::Isometry3d> nbr_from_ref;
  for (int n : nbrs) nbr_from_ref.push_back(world_from_camera[n].inverse() * world_from_camera[ref]);
  for (int y = 0; y < out.rows; ++y) {
    float* z = out.ptr<float>(y);
    for (int x = 0; x < out.cols; ++x) {
      if (z[x] <= 0) continue;
      const Eigen::Vector3d point = camera.Unproject(Eigen::Vector2d(x, y), z[x]);
      bool agreed = false;
      for (size_t j = 0; j < nbrs.size() && !agreed; ++j) {
        const Eigen::Vector3d q = nbr_from_ref[j] * point;
        if (q.z() <= 0) continue;
        const Eigen::Vector2d uv = camera.Project(q);
        const int u = static_cast<int>(std::lround(uv.x())), v = static_cast<int>(std::lround(uv.y()));
        if (u < 0 || v < 0 || u >= out.cols || v >= out.rows) continue;
        const float zn = depth[nbrs[j]].at<float>(v, u);
        agreed = zn > 0 && std::abs(q.z() - zn) <= p.consistency * zn;
      }
      if (!agreed) z[x] = 0.0f;
    }
  }
  return out;
}

}  // namespace

std::vector<cv::Mat> PlaneSweepDepth(const std::vector<cv::Mat>& gray,
                                     const std::vector<Eigen::Isometry3d>& world_from_camera,
                                     const geometry::PinholeCamera& camera,
                                     const MvsParams& params) {
  CV_Assert(gray.size() == world_from_camera.size() && gray.size() >= 2);
  std::vector<cv::Mat> raw;
  cli::Progress progress("mvs", static_cast<int64_t>(gray.size()));
  for (size_t f = 0; f < gray.size(); ++f) {
    raw.push_back(SweepFrame(static_cast<int>(f), gray, world_from_camera, camera, params));
    progress.Advance();
  }
  progress.Done();
  std::vector<cv::Mat> out;
  for (size_t f = 0; f < gray.size(); ++f) {
    out.push_back(CheckConsistency(static_cast<int>(f), raw, world_from_camera, camera, params));
  }
  return out;
}

DepthResult RunMvsBackend(const DepthOptions& options) {
  if (options.poses.empty()) throw UsageError("--poses is required with --backend mvs");
  MvsParams params;
  params.min_depth = options.min_depth.value_or(params.min_depth);
  params.max_depth = options.max_depth.value_or(params.max_depth);
  params.planes = options.planes;
  params.neighbours = options.neighbours;
  params.patch = options.patch;
  if (!options.range_from.empty() && (options.min_depth || options.max_depth)) {
    throw UsageError("--range-from sets the depth range; drop --min-depth/--max-depth");
  }
  if (!(std::isfinite(params.min_depth) && std::isfinite(params.max_depth) &&
        params.min_depth > 0 && params.max_depth > params.min_depth)) {
    throw UsageError("--min-depth/--max-depth: need 0 < min < max");
  }
  if (params.planes < 3 || params.planes > 4096) throw UsageError("--planes: must be 3..4096");
  if (params.neighbours < 1 || params.neighbours > 16) {
    throw UsageError("--neighbours: must be 1..16");
  }
  if (params.patch < 3 || params.patch > 31 || params.patch % 2 == 0) {
    throw UsageError("--patch: must be odd, 3..31");
  }
  if (!options.kind.empty() && options.kind != "metric") {
    throw UsageError("--kind: mvs depth is in the units of the poses (metric)");
  }

  const auto trajectory = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(options.poses);
  std::vector<Eigen::Isometry3d> poses;
  std::vector<bool> lost;
  for (size_t f = 0; f < trajectory.frames.size(); ++f) {
    const auto& frame = trajectory.frames[f];
    const std::string where = options.poses + ": frame " + std::to_string(f);
    if (!frame.__isset.world_from_camera) throw InvalidInputError(where + ": no pose");
    if (frame.__isset.intrinsics) {
      throw InvalidInputError(where + ": per-frame intrinsics are not supported by mvs");
    }
    poses.push_back(geometry::FromPose(frame.world_from_camera, where));
    lost.push_back(frame.__isset.lost && frame.lost);
  }
  const std::vector<schema::CameraSegment> segments =
      trajectory::TrajectorySegments(trajectory, options.poses);

  std::unique_ptr<media::FrameSource> source = frames::OpenFrameInput(options.input);
  std::optional<schema::Intrinsics> intrinsics =
      IntrinsicsFromFlags(options, source->width(), source->height());
  if (!intrinsics) {
    if (!trajectory.info.__isset.intrinsics) {
      throw UsageError(options.poses + ": has no intrinsics; give --fx");
    }
    intrinsics = trajectory.info.intrinsics;
  }
  const geometry::PinholeCamera camera = geometry::FromIntrinsics(*intrinsics, options.poses);
  if (camera.width != source->width() || camera.height != source->height()) {
    throw InvalidInputError(options.poses + ": intrinsics are for " +
                            std::to_string(camera.width) + "x" + std::to_string(camera.height) +
                            " but " + options.input + " is " + std::to_string(source->width()) +
                            "x" + std::to_string(source->height()));
  }

  std::vector<cv::Mat> gray;
  cv::Mat rgb;
  bool more = false;  // the video is longer than the trajectory
  while (source->Next(&rgb)) {
    if (gray.size() == poses.size()) {
      more = true;
      break;
    }
    cv::Mat g, f;
    cv::cvtColor(rgb, g, cv::COLOR_RGB2GRAY);
    g.convertTo(f, CV_32F);
    gray.push_back(f);
  }
  if (more || gray.size() != poses.size()) {
    throw InvalidInputError(options.poses + ": holds " + std::to_string(poses.size()) +
                            " poses but " + options.input + " has " +
                            (more ? "more" : std::to_string(gray.size())) + " frames");
  }
  if (gray.size() < 2) {
    throw InvalidInputError(options.input + ": mvs needs at least 2 frames, got " +
                            std::to_string(gray.size()));
  }

  const std::vector<MvsShot> shots = MvsShots(segments, lost, options.poses);
  const std::optional<schema::ScaleKind::type> scale_kind =
      trajectory.info.__isset.scale_kind ? std::optional(trajectory.info.scale_kind)
                                         : std::nullopt;
  std::vector<DepthRange> ranges(shots.size(),
                                 DepthRange{params.min_depth, params.max_depth, 0, 0.0});
  if (!options.range_from.empty()) {
    ranges = SegmentDepthRanges(options.range_from, segments, camera.width, camera.height,
                                scale_kind);
  }

  std::string parallaxes;
  for (size_t s = 0; s < shots.size(); ++s) {
    // Without sparse points, the middle of the sweep in inverse depth.
    const double depth = ranges[s].median_depth > 0
                             ? ranges[s].median_depth
                             : 2.0 / (1.0 / ranges[s].min_depth + 1.0 / ranges[s].max_depth);
    const double parallax =
        ShotParallaxPx(shots[s], poses, params.neighbours, camera.fx, depth);
    if (parallax < kMinParallaxPx) RefuseLowParallax(shots[s], parallax, options.poses);
    parallaxes += (parallaxes.empty() ? "" : ",") + FormatNumber(std::round(parallax * 100) / 100);
  }

  std::string min_depths, max_depths;
  for (const DepthRange& range : ranges) {
    min_depths += (min_depths.empty() ? "" : ",") + FormatNumber(range.min_depth);
    max_depths += (max_depths.empty() ? "" : ",") + FormatNumber(range.max_depth);
  }
  // min_depth, max_depth (in the segment's unit) and parallax_px: one value
  // per segment.
  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "mvs"},
                      {"min_depth", min_depths},
                      {"max_depth", max_depths},
                      {"parallax_px", parallaxes},
                      {"planes", std::to_string(params.planes)},
                      {"neighbours", std::to_string(params.neighbours)},
                      {"patch", std::to_string(params.patch)}});
  artifact::AddInput(&header, "poses", options.poses);
  if (!options.range_from.empty()) {
    header.parameters["range_from"] = options.range_from;
    artifact::AddInput(&header, "range_from", options.range_from);
  }
  if (!std::filesystem::is_directory(options.input)) {
    artifact::AddInput(&header, "frames", options.input);
  }
  const double fps = source->fps() > 0 ? source->fps()
                     : trajectory.info.__isset.fps ? trajectory.info.fps : 0.0;
  DepthSink sink(options, header, schema::DepthKind::METRIC,
                 static_cast<int64_t>(gray.size()), fps);
  sink.SetIntrinsics(*intrinsics);
  if (scale_kind) sink.SetScaleKind(*scale_kind);
  std::vector<cv::Mat> depth(gray.size());
  for (size_t s = 0; s < shots.size(); ++s) {
    std::vector<cv::Mat> shot_gray;
    std::vector<Eigen::Isometry3d> shot_poses;
    for (int f : shots[s].placed) {
      shot_gray.push_back(gray[f]);
      shot_poses.push_back(poses[f]);
    }
    MvsParams shot_params = params;
    shot_params.min_depth = ranges[s].min_depth;
    shot_params.max_depth = ranges[s].max_depth;
    const std::vector<cv::Mat> shot_depth =
        PlaneSweepDepth(shot_gray, shot_poses, camera, shot_params);
    for (size_t i = 0; i < shots[s].placed.size(); ++i) depth[shots[s].placed[i]] = shot_depth[i];
  }
  for (cv::Mat& d : depth) {
    if (d.empty()) d = cv::Mat(gray.front().size(), CV_32F, cv::Scalar(0));  // a lost frame
    sink.Write(d, options.input);
  }
  return sink.Finish();
}

}  // namespace dolly::depth
