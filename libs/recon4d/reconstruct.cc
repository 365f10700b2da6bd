#include "libs/recon4d/reconstruct.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <sstream>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"
#include "libs/recon4d/cost_functors.h"
#include "libs/recon4d/deformation_graph.h"
#include "libs/recon4d/silhouette.h"
#include "libs/recon4d/surface_anchors.h"
#include "libs/rig/asset_views.h"
#include "libs/track/lk_tracker.h"

namespace dolly::recon4d {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Surface samples held to the silhouettes (farthest-point spread).
constexpr int kSilhouetteSamples = 2000;
// A tracked point counts as hidden when it lies this far (relative) behind
// the surface the current pose shows at its pixel.
constexpr double kOcclusionMargin = 0.03;
// A sample is on the asset's contour when its normal is this close to
// perpendicular to the view ray (|cos| below).
constexpr double kContourCosine = 0.3;
// Structure-tensor window (pixels) for the track weights, and the share of a
// view's typical texture strength below which a query is left out.
constexpr int kTextureWindow = 11;
constexpr double kFlatShare = 0.05;
// Fit passes per frame: the contour and occlusion sets are chosen again from
// the first pass's result.
constexpr int kPasses = 2;
// Gaussian blur (pixels) of the images the photometric term compares, which
// widens its reach; and its robust scale in grey levels.
constexpr double kPhotometricBlur = 1.0;
constexpr double kPhotometricScale = 10.0;
// Weight of the temporal prior on frame 1 at most (see w_temporal_first).
constexpr double kFirstFramePrior = 0.05;

// A distance map over one frame of one view, with its interpolator.
struct Map {
  cv::Mat values;
  std::unique_ptr<ceres::Grid2D<float, 1>> grid;
  std::unique_ptr<DistanceMap> interpolator;

  explicit Map(cv::Mat v) : values(std::move(v)) {
    grid = std::make_unique<ceres::Grid2D<float, 1>>(values.ptr<float>(), 0, values.rows, 0,
                                                     values.cols);
    interpolator = std::make_unique<DistanceMap>(*grid);
  }
};

// Everything a view contributes, per frame.
struct ViewData {
  std::vector<cv::Mat> gray;
  std::vector<cv::Mat> masks;
  std::vector<rig::RigCamera> cameras;
  std::vector<CameraNumbers> numbers;
  std::vector<std::unique_ptr<Map>> outside;  // OutsideDistance
  std::vector<std::unique_ptr<Map>> signed_distance;
  std::vector<std::unique_ptr<Map>> blurred;  // grey, float, for the photometric term
  std::vector<double> reference;              // anchors' grey level in frame 0
  std::vector<SurfaceAnchor> anchors;
  std::vector<BlendPoint> blends;
  track::TrackResult tracks;
  double texture_scale = 1.0;  // typical largest structure-tensor eigenvalue
};

// cv::cornerEigenValsAndVecs: per pixel (l1, l2, x1, y1, x2, y2).
cv::Mat StructureTensor(const cv::Mat& gray) {
  cv::Mat out;
  cv::cornerEigenValsAndVecs(gray, out, kTextureWindow, 3);
  return out;
}

// Square root information of a track observed at (x, y): each eigen
// direction of the local structure tensor weighted by its strength relative
// to the view's typical texture, capped at 1.
Eigen::Matrix2d TrackWeight(const cv::Mat& tensor, double x, double y, double scale) {
  const int ix = std::clamp(static_cast<int>(std::lround(x)), 0, tensor.cols - 1);
  const int iy = std::clamp(static_cast<int>(std::lround(y)), 0, tensor.rows - 1);
  const cv::Vec6f& e = tensor.at<cv::Vec6f>(iy, ix);
  Eigen::Matrix2d w;
  const double s1 = std::sqrt(std::clamp(e[0] / scale, 0.0, 1.0));
  const double s2 = std::sqrt(std::clamp(e[1] / scale, 0.0, 1.0));
  w << s1 * e[2], s1 * e[3], s2 * e[4], s2 * e[5];
  return w;
}

// Area-weighted normals on the welded surface, one per vertex.
std::vector<Eigen::Vector3d> VertexNormals(const std::vector<Eigen::Vector3f>& positions,
                                           const std::vector<Eigen::Vector3i>& faces,
                                           const std::vector<int>& welded, int unique_count) {
  std::vector<Eigen::Vector3d> sum(unique_count, Eigen::Vector3d::Zero());
  for (const Eigen::Vector3i& f : faces) {
    const Eigen::Vector3d a = positions[f[0]].cast<double>(), b = positions[f[1]].cast<double>(),
                          c = positions[f[2]].cast<double>();
    const Eigen::Vector3d n = (b - a).cross(c - a);
    for (int k = 0; k < 3; ++k) sum[welded[f[k]]] += n;
  }
  std::vector<Eigen::Vector3d> normals(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    const Eigen::Vector3d& n = sum[welded[i]];
    normals[i] = n.norm() > 0 ? n.normalized() : Eigen::Vector3d::Zero();
  }
  return normals;
}

// True when the pose's own render shows something in front of camera point c.
bool Hidden(const SurfaceRender& shown, const geometry::PinholeCamera& k,
            const Eigen::Vector3d& c) {
  if (c.z() <= 0) return true;
  const Eigen::Vector2d px = k.Project(c);
  const int x = static_cast<int>(std::lround(px.x())), y = static_cast<int>(std::lround(px.y()));
  if (x < 0 || y < 0 || x >= shown.depth.cols || y >= shown.depth.rows) return false;
  const float front = shown.depth.at<float>(y, x);
  return front > 0 && c.z() > front * (1.0 + kOcclusionMargin);
}

CameraNumbers Numbers(const rig::RigCamera& camera) {
  const Eigen::Isometry3d cw = camera.world_from_camera.inverse();
  CameraNumbers n;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) n.r[3 * r + c] = cw.linear()(r, c);
    n.t[r] = cw.translation()[r];
  }
  n.fx = camera.intrinsics.fx;
  n.fy = camera.intrinsics.fy;
  n.cx = camera.intrinsics.cx;
  n.cy = camera.intrinsics.cy;
  return n;
}

void Validate(const asset::StaticAsset& asset, const std::vector<ViewInput>& views, double fps) {
  const std::string& source = asset.source.empty() ? std::string("asset") : asset.source;
  if (asset.positions.empty()) throw InvalidInputError(source + ": the asset has no vertices");
  for (size_t i = 0; i < asset.positions.size(); ++i) {
    if (!asset.positions[i].allFinite()) {
      throw InvalidInputError(source + ": vertex " + std::to_string(i) + " is not finite");
    }
  }
  for (size_t f = 0; f < asset.faces.size(); ++f) {
    for (int k = 0; k < 3; ++k) {
      const int v = asset.faces[f][k];
      if (v < 0 || v >= static_cast<int>(asset.positions.size())) {
        throw InvalidInputError(source + ": face " + std::to_string(f) + " indexes vertex " +
                                std::to_string(v) + " of " +
                                std::to_string(asset.positions.size()));
      }
    }
  }
  if (!(std::isfinite(fps) && fps > 0)) {
    throw InvalidInputError("frame rate " + std::to_string(fps) + " is not positive");
  }
  if (views.empty()) throw InvalidInputError("no views given");
  const size_t t = views[0].frames.size();
  for (const ViewInput& v : views) {
    if (v.frames.size() != t) {
      throw InvalidInputError(v.name + ": " + std::to_string(v.frames.size()) +
                              " frames, but " + views[0].name + " has " + std::to_string(t) +
                              "; every view needs the same frame count");
    }
  }
  if (t < 2) throw InvalidInputError(views[0].name + ": at least 2 frames are needed");
  for (const ViewInput& v : views) {
    const cv::Size size = v.frames[0].size();
    for (size_t f = 0; f < t; ++f) {
      if (v.frames[f].type() != CV_8UC3 || v.frames[f].size() != size) {
        throw InvalidInputError(v.name + ": frame " + std::to_string(f) +
                                " is not an RGB image of frame 0's size");
      }
    }
    if (v.masks.size() != 0 && v.masks.size() != t) {
      throw InvalidInputError(v.name + ": " + std::to_string(v.masks.size()) + " masks for " +
                              std::to_string(t) + " frames");
    }
    for (size_t f = 0; f < v.masks.size(); ++f) {
      if (v.masks[f].type() != CV_8UC1 || v.masks[f].size() != size) {
        throw InvalidInputError(v.name + ": mask " + std::to_string(f) +
                                " is not a one-channel image of the frames' size");
      }
    }
    if (v.cameras.size() != 1 && v.cameras.size() != t) {
      throw InvalidInputError(v.name + ": " + std::to_string(v.cameras.size()) +
                              " cameras; give 1 (static) or one per frame (" +
                              std::to_string(t) + ")");
    }
    for (const rig::RigCamera& c : v.cameras) {
      if (c.intrinsics.width != size.width || c.intrinsics.height != size.height) {
        std::ostringstream s;
        s << v.name << ": camera is " << c.intrinsics.width << "x" << c.intrinsics.height
          << " but the frames are " << size.width << "x" << size.height;
        throw InvalidInputError(s.str());
      }
    }
    if (!rig::AssetVisible(asset, v.cameras[0])) {
      throw InvalidInputError(v.name + ": the camera does not see the asset (" + source + ")");
    }
  }
}

// Mean pixels per world unit over the views at frame 0 (focal / distance to
// the asset's centroid): converts world-length residuals to pixels.
double PixelsPerUnit(const std::vector<ViewData>& views, const Eigen::Vector3d& centre) {
  double sum = 0.0;
  for (const ViewData& v : views) {
    const rig::RigCamera& c = v.cameras[0];
    const double distance = (c.world_from_camera.translation() - centre).norm();
    sum += 0.5 * (c.intrinsics.fx + c.intrinsics.fy) / std::max(distance, 1e-9);
  }
  return sum / views.size();
}

struct GainEdge {
  double weight;
  template <typename T>
  bool operator()(const T* a, const T* b, T* r) const {
    r[0] = T(weight) * (a[0] - b[0]);
    return true;
  }
};
struct GainPrior {
  double weight;
  template <typename T>
  bool operator()(const T* a, T* r) const {
    r[0] = T(weight) * a[0];
    return true;
  }
};

}  // namespace

Recon4dResult Reconstruct4d(const asset::StaticAsset& asset, const std::vector<ViewInput>& views,
                            double fps, const Recon4dOptions& options) {
  const Clock::time_point start = Clock::now();
  Validate(asset, views, fps);
  const int frame_count = static_cast<int>(views[0].frames.size());
  const std::vector<Eigen::Vector3f>& rest = asset.positions;
  const std::vector<Eigen::Vector3i>& faces = asset.faces;
  Recon4dResult result;

  // Masks, cameras, distance maps and frame-0 anchors per view; anchors in
  // flat patches are left out (nothing to track there).
  Clock::time_point phase = Clock::now();
  std::vector<ViewData> data(views.size());
  for (size_t vi = 0; vi < views.size(); ++vi) {
    const ViewInput& in = views[vi];
    ViewData& v = data[vi];
    const cv::Vec3b background = BorderColour(in.frames[0]);
    for (int f = 0; f < frame_count; ++f) {
      v.gray.emplace_back();
      cv::cvtColor(in.frames[f], v.gray.back(), cv::COLOR_RGB2GRAY);
      v.masks.push_back(in.masks.empty()
                            ? KeyForeground(in.frames[f], background, options.key_threshold)
                            : in.masks[f]);
      v.cameras.push_back(in.cameras.size() == 1 ? in.cameras[0] : in.cameras[f]);
      v.numbers.push_back(Numbers(v.cameras.back()));
      v.outside.push_back(std::make_unique<Map>(OutsideDistance(v.masks.back())));
      v.signed_distance.push_back(std::make_unique<Map>(SignedDistance(v.masks.back())));
      cv::Mat blurred;
      v.gray.back().convertTo(blurred, CV_32F);
      cv::GaussianBlur(blurred, blurred, cv::Size(0, 0), kPhotometricBlur);
      v.blurred.push_back(std::make_unique<Map>(blurred));
    }
    if (cv::countNonZero(RenderSurface(rest, faces, v.cameras[0]).depth) == 0) {
      throw InvalidInputError(in.name + ": the camera does not see the asset (" + asset.source +
                              ")");
    }
    const std::vector<SurfaceAnchor> anchors =
        SampleAnchors(rest, faces, v.cameras[0], v.masks[0], options.track_spacing_px);
    const cv::Mat tensor = StructureTensor(v.gray[0]);
    std::vector<float> strength;
    for (const SurfaceAnchor& a : anchors) {
      strength.push_back(tensor.at<cv::Vec6f>(static_cast<int>(std::lround(a.pixel.y())),
                                              static_cast<int>(std::lround(a.pixel.x())))[0]);
    }
    if (!strength.empty()) {
      std::vector<float> sorted = strength;
      auto q = sorted.begin() + (sorted.size() * 3) / 4;
      std::nth_element(sorted.begin(), q, sorted.end());
      v.texture_scale = std::max(1e-6, static_cast<double>(*q));
    }
    for (size_t k = 0; k < anchors.size(); ++k) {
      if (strength[k] < kFlatShare * v.texture_scale) continue;
      v.anchors.push_back(anchors[k]);
      v.reference.push_back(v.blurred[0]->values.at<float>(
          static_cast<int>(std::lround(anchors[k].pixel.y())),
          static_cast<int>(std::lround(anchors[k].pixel.x()))));
    }
  }
  result.timings.anchors = Seconds(phase);

  // Tracks of every anchor through its view.
  phase = Clock::now();
  for (ViewData& v : data) {
    if (v.anchors.empty()) continue;
    std::vector<track::QueryPoint> queries;
    for (const SurfaceAnchor& a : v.anchors) {
      queries.push_back({0, static_cast<float>(a.pixel.x()), static_cast<float>(a.pixel.y())});
    }
    v.tracks = track::TrackPoints(v.gray, queries, track::LkOptions());

    result.tracks += static_cast<int>(queries.size());
  }
  result.timings.tracking = Seconds(phase);

  // The graph, and every anchor and silhouette sample as a blend of nodes.
  phase = Clock::now();
  GraphOptions graph_options;
  graph_options.max_nodes = options.max_nodes;
  graph_options.skin_neighbours = options.skin_neighbours;
  graph_options.arap_neighbours = options.arap_neighbours;
  const DeformationGraph graph = BuildDeformationGraph(rest, faces, graph_options);
  result.nodes = static_cast<int>(graph.nodes.size());
  for (ViewData& v : data) {
    for (const SurfaceAnchor& a : v.anchors) v.blends.push_back(BlendOf(graph, rest, a.vertices, a.bary));
  }
  int unique_count = 0;
  const std::vector<int> welded = WeldedIndex(rest, &unique_count);
  std::vector<Eigen::Vector3d> rest_d(rest.size());
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  for (size_t i = 0; i < rest.size(); ++i) {
    rest_d[i] = rest[i].cast<double>();
    centre += rest_d[i];
  }
  centre /= static_cast<double>(rest.size());
  std::vector<int> sample_vertices =
      FarthestPointSamples(rest_d, ConnectedComponents(static_cast<int>(rest.size()), faces),
                           kSilhouetteSamples);
  std::vector<BlendPoint> samples;
  for (int i : sample_vertices) samples.push_back(BlendOf(graph, rest, {i, i, i}, {1.0, 0.0, 0.0}));
  const double px_per_unit = PixelsPerUnit(data, centre);
  result.timings.graph = Seconds(phase);

  // Frame 0 is the asset; every later frame is fitted from the one before.
  result.mesh.rest = rest;
  result.mesh.faces = faces;
  result.mesh.fps = fps;
  for (const Eigen::Vector3f& c : asset.colors) {
    std::array<uint8_t, 3> rgb;
    for (int i = 0; i < 3; ++i) {
      rgb[i] = static_cast<uint8_t>(std::lround(std::clamp(c[i], 0.0f, 1.0f) * 255.0f));
    }
    result.mesh.colors.push_back(rgb);
  }
  result.mesh.frames.push_back(rest);

  phase = Clock::now();
  const int m = static_cast<int>(graph.nodes.size());
  std::vector<NodeParams> previous(m, NodeParams{}), before(m, NodeParams{});
  std::vector<double> previous_gain(m, 0.0);
  const double gain_smooth = options.shading_smoothness;
  std::vector<Eigen::Vector3f> posed = rest;
  ceres::CauchyLoss track_loss(options.robust_px);
  ceres::HuberLoss silhouette_loss(2.0 * options.robust_px);
  const double w_track = std::sqrt(options.track_weight);
  const double w_photometric = std::sqrt(options.photometric_weight);
  ceres::CauchyLoss photometric_loss(kPhotometricScale * w_photometric);
  const double w_silhouette = std::sqrt(options.silhouette_weight);
  const double w_arap = std::sqrt(options.arap_weight) * px_per_unit;
  const double w_temporal = std::sqrt(options.temporal_weight) * px_per_unit;
  // Frame 1 has no velocity to go on: its prior only says "near the rest
  // pose", which must not hold the first motion back.
  const double w_temporal_first =
      std::sqrt(std::min(options.temporal_weight, kFirstFramePrior)) * px_per_unit;

  auto silhouette_iou = [&](int f, const std::vector<Eigen::Vector3f>& vertices) {
    double iou = 0.0;
    for (const ViewData& v : data) {
      iou += MaskIou(RenderSurface(vertices, faces, v.cameras[f]).depth > 0, v.masks[f]);
    }
    return iou / data.size();
  };
  FrameStats first;
  first.silhouette_iou = silhouette_iou(0, rest);
  result.frames.push_back(first);

  struct Used {
    const BlendPoint* blend;
    const CameraNumbers* camera;
    Eigen::Vector2d observed;
  };
  for (int f = 1; f < frame_count; ++f) {
    std::vector<NodeParams> params = previous;
    std::vector<double> gain = previous_gain;
    std::vector<Eigen::Vector3f> shown_pose = posed;  // what visibility is judged on
    std::vector<cv::Mat> tensors;
    for (const ViewData& v : data) tensors.push_back(StructureTensor(v.gray[f]));
    std::vector<Used> used;
    for (int pass = 0; pass < kPasses; ++pass) {
      ceres::Problem::Options problem_options;
      problem_options.loss_function_ownership = ceres::DO_NOT_TAKE_OWNERSHIP;
      ceres::Problem problem(problem_options);
      for (NodeParams& p : params) problem.AddParameterBlock(p.data(), 6);
      auto blocks = [&](const BlendPoint& b) {
        std::vector<double*> out;
        for (const BlendTerm& t : b) out.push_back(params[t.node].data());
        return out;
      };
      const std::vector<Eigen::Vector3d> normals =
          faces.empty() ? std::vector<Eigen::Vector3d>()
                        : VertexNormals(shown_pose, faces, welded, unique_count);
      used.clear();
      for (size_t vi = 0; vi < data.size(); ++vi) {
        const ViewData& v = data[vi];
        const rig::RigCamera& camera = v.cameras[f];
        const SurfaceRender shown = RenderSurface(shown_pose, faces, camera);
        const Eigen::Isometry3d camera_from_world = camera.world_from_camera.inverse();
        // Tracks: visible to the tracker, inside the mask, and not hidden by
        // the pose itself. The photometric term takes every unhidden anchor.
        for (size_t k = 0; k < v.anchors.size(); ++k) {
          // `params` is the pose visibility is judged on (the previous frame's
          // before the first pass, the first pass's result before the second).
          const bool hidden = Hidden(shown, camera.intrinsics,
                                     camera_from_world * DeformPoint(v.blends[k], graph, params));
          if (options.photometric_weight > 0 && !hidden && gain_smooth > 0) {
            std::vector<double*> b = blocks(v.blends[k]);
            for (const BlendTerm& t : v.blends[k]) b.push_back(&gain[t.node]);
            problem.AddResidualBlock(
                new ShadedPhotometricCost(v.blends[k], &graph.nodes, v.numbers[f],
                                          v.blurred[f]->interpolator.get(), v.reference[k],
                                          w_photometric),
                &photometric_loss, b);
          } else if (options.photometric_weight > 0 && !hidden) {
            problem.AddResidualBlock(
                new PhotometricCost(v.blends[k], &graph.nodes, v.numbers[f],
                                    v.blurred[f]->interpolator.get(), v.reference[k],
                                    w_photometric),
                &photometric_loss, blocks(v.blends[k]));
          }
          if (!v.tracks.visibility[f][k]) continue;
          const cv::Point2f obs = v.tracks.positions[f][k];
          const int ox = static_cast<int>(std::lround(obs.x));
          const int oy = static_cast<int>(std::lround(obs.y));
          if (ox < 0 || oy < 0 || ox >= v.masks[f].cols || oy >= v.masks[f].rows) continue;
          if (v.masks[f].at<uint8_t>(oy, ox) == 0) continue;
          if (hidden) continue;
          const Eigen::Matrix2d weight =
              w_track * TrackWeight(tensors[vi], obs.x, obs.y, v.texture_scale);
          const Eigen::Vector2d observed(obs.x, obs.y);
          problem.AddResidualBlock(
              new TrackCost(v.blends[k], &graph.nodes, v.numbers[f], observed, weight),
              &track_loss, blocks(v.blends[k]));
          used.push_back({&v.blends[k], &v.numbers[f], observed});
        }
        if (options.silhouette_weight <= 0) continue;
        // Every sample inside the mask; samples on the pose's contour on the
        // mask's boundary.
        const Eigen::Vector3d eye = camera.world_from_camera.translation();
        for (size_t s = 0; s < samples.size(); ++s) {
          problem.AddResidualBlock(new SilhouetteCost(samples[s], &graph.nodes, v.numbers[f],
                                                          v.outside[f]->interpolator.get(),
                                                          w_silhouette),
                                   &silhouette_loss, blocks(samples[s]));
          if (normals.empty()) continue;
          const int i = sample_vertices[s];
          const Eigen::Vector3d p = shown_pose[i].cast<double>();
          if (std::abs(normals[i].dot((p - eye).normalized())) >= kContourCosine) continue;
          if (Hidden(shown, camera.intrinsics, camera_from_world * p)) continue;
          problem.AddResidualBlock(
              new SilhouetteCost(samples[s], &graph.nodes, v.numbers[f],
                                     v.signed_distance[f]->interpolator.get(), w_silhouette),
              &silhouette_loss, blocks(samples[s]));
        }
      }
      if (options.arap_weight > 0) {
        for (int j = 0; j < m; ++j) {
          for (int k : graph.neighbours[j]) {
            problem.AddResidualBlock(
                ArapEdgeCost::Create(graph.nodes[j], graph.nodes[k], w_arap), nullptr,
                params[j].data(), params[k].data());
          }
        }
      }
      if (gain_smooth > 0 && options.photometric_weight > 0) {
        // The shading gain varies slowly over the surface (between ARAP
        // neighbours, in grey levels at a typical grey of 100) and is weakly
        // held at 1.
        const double w_edge = std::sqrt(gain_smooth) * 100.0;
        for (int j = 0; j < m; ++j) {
          for (int k : graph.neighbours[j]) {
            if (k < j) continue;
            problem.AddResidualBlock(
                new ceres::AutoDiffCostFunction<GainEdge, 1, 1, 1>(new GainEdge{w_edge}), nullptr,
                &gain[j], &gain[k]);
          }
          problem.AddResidualBlock(
              new ceres::AutoDiffCostFunction<GainPrior, 1, 1>(new GainPrior{1.0}), nullptr,
              &gain[j]);
        }
      }
      if (options.temporal_weight > 0) {
        for (int j = 0; j < m; ++j) {
          NodeParams predicted;
          for (int i = 0; i < 6; ++i) predicted[i] = 2.0 * previous[j][i] - before[j][i];
          problem.AddResidualBlock(
              TemporalCost::Create(predicted, std::max(graph.mean_spacing, 1e-6),
                                   f == 1 ? w_temporal_first : w_temporal),
              nullptr, params[j].data());
        }
      }

      ceres::Solver::Options solver;
      // Conjugate gradients on the sparse normal equations (Jacobi
      // preconditioned): the graph couples every node with many others, so
      // a sparse Cholesky fills in; CGNR fits as well here and was 2.7x
      // faster on the benchmark (recon4d_benchmark).
      solver.linear_solver_type = ceres::CGNR;
      solver.max_num_iterations = options.max_iterations;
      solver.num_threads = std::max(1, options.threads);
      solver.logging_type = ceres::SILENT;
      solver.minimizer_progress_to_stdout = false;
      ceres::Solver::Summary summary;
      ceres::Solve(solver, &problem, &summary);
      result.timings.solve_evaluate +=
          summary.residual_evaluation_time_in_seconds + summary.jacobian_evaluation_time_in_seconds;
      result.timings.solve_linear += summary.linear_solver_time_in_seconds;
      result.timings.solver_iterations += static_cast<int>(summary.iterations.size());
      if (!summary.IsSolutionUsable()) {
        throw InvalidInputError("frame " + std::to_string(f) + ": the fit failed (" +
                                summary.message + ")");
      }
      shown_pose = DeformVertices(graph, rest, params);
    }

    // Reprojection of the observations the robust loss kept (within 3 scales).
    FrameStats stats;
    double sum = 0.0;
    for (const Used& u : used) {
      const Eigen::Vector3d p = DeformPoint(*u.blend, graph, params);
      const double e2 = (ProjectWithJacobian(*u.camera, p, nullptr) - u.observed).squaredNorm();
      if (e2 <= 9.0 * options.robust_px * options.robust_px) {
        sum += e2;
        ++stats.track_observations;
      }
    }
    stats.track_rms_px =
        stats.track_observations > 0 ? std::sqrt(sum / stats.track_observations) : 0.0;
    before = previous;
    previous = params;
    previous_gain = gain;
    posed = shown_pose;
    stats.silhouette_iou = silhouette_iou(f, posed);
    result.frames.push_back(stats);
    result.mesh.frames.push_back(posed);
    if (options.progress) options.progress(f, frame_count);
  }
  result.timings.solve = Seconds(phase);
  result.timings.total = Seconds(start);
  return result;
}

}  // namespace dolly::recon4d
