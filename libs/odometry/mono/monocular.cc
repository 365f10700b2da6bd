#include "libs/odometry/mono/monocular.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <set>

#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>

#include "libs/odometry/mono/frame_tracker.h"
#include "libs/odometry/mono/mono_bundle.h"
#include "libs/odometry/mono/two_view.h"

namespace dolly::odometry::mono {
namespace {

constexpr double kRadToDeg = 180.0 / 3.14159265358979323846;
constexpr double kHuberPx = 1.0;
// A keyframe at least this often (frames), so that new points are
// triangulated and the window stays well constrained.
constexpr int kKeyframeInterval = 4;
// New keyframe when fewer than this share of the map points tracked at the
// last keyframe are still PnP inliers.
constexpr double kMapTrackedFraction = 0.7;
// The global bundle adjustment of a segment refines every placed frame up to
// this many, only the keyframes beyond (the others are then re-placed).
constexpr int kGlobalBundleFrames = 150;
// The most frames and map points a focal profile adjusts (each of its
// bundle adjustments): the focal length is shared by all of them, so a few
// hundred well-observed points pin it as well as the whole map does.
constexpr int kProfileFrames = 40;
constexpr int kProfilePoints = 800;
// The focal length is unobservable (a pure translation: scaling it and the
// depth alike gives the same images) when the profile's cost rises by less
// than this share of its minimum at the focal kFlatStep (log) either side.
constexpr double kFlatRise = 0.02;
constexpr double kFlatStep = 0.18;
// The smallest turn (degrees) whose homography sets the focal length.
constexpr double kFocalTurnDeg = 3.0;
// Keyframes of the map when the focal length (not given) is first profiled.
constexpr int kProfileKeyframes = 4;

// A feature followed through the segment's frames.
struct Track {
  std::vector<std::pair<int, Eigen::Vector2d>> observations;  // frame order
  cv::Point2f last;
  bool active = true;
  bool has_point = false;
  Eigen::Vector3d point = Eigen::Vector3d::Zero();

  const Eigen::Vector2d* At(int frame) const {
    auto it = std::lower_bound(observations.begin(), observations.end(), frame,
                               [](const auto& o, int f) { return o.first < f; });
    return it != observations.end() && it->first == frame ? &it->second : nullptr;
  }
};

struct SegmentState {
  int first_frame = 0;
  std::vector<Track> tracks;
  std::map<int, Eigen::Isometry3d> placed;  // world_from_camera of placed frames
  std::vector<int> keyframes;
  bool initialised = false;
  // Before initialisation: the frame the next frames are compared with.
  int reference = 0;
  int reference_tracks = 0;  // tracks alive at the reference
  // The first baseline (its length is the segment's unit).
  int baseline_first = -1, baseline_second = -1;
  bool moved = false;  // some frame's median feature motion exceeded static_motion_px
  int map_tracked_at_keyframe = 0;
  bool focal_profiled = false;
  // The largest turn (degrees) a homography has measured the focal with.
  double focal_turn_deg = 0.0;
  // The focal length and whether it was measured when the segment began:
  // what it keeps if its own motion cannot measure it.
  double focal_at_start = 0.0;
  bool focal_measured_at_start = false;
  // The last focal profile was flat: the window adjustments keep the focal.
  bool focal_flat = false;
};

Eigen::Isometry3d Rotation(const Eigen::Matrix3d& r) {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() = r;
  return t;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

const char* MotionKindName(MotionKind kind) {
  switch (kind) {
    case MotionKind::GENERAL: return "general";
    case MotionKind::ROTATION_ONLY: return "rotation_only";
    case MotionKind::STATIC: return "static";
  }
  return "general";
}

std::vector<int> MonoPath::LostFrames() const {
  std::vector<int> out;
  for (size_t i = 0; i < lost.size(); ++i)
    if (lost[i]) out.push_back(static_cast<int>(i));
  return out;
}

int MonoPath::SegmentOf(int frame) const {
  for (size_t s = 0; s < segments.size(); ++s)
    if (frame >= segments[s].first_frame && frame < segments[s].end_frame) return static_cast<int>(s);
  return -1;
}

struct MonocularEstimator::Impl {
  int width, height;
  MonoParams params;
  double cx, cy;
  double focal;
  MonoPath path;  // filled as segments close
  std::optional<SegmentState> segment;
  cv::Mat last_gray;  // the last frame features were tracked into
  // The focal length was measured (a bundle adjustment refined it, or a
  // turn's homography set it); false while it is still the prior.
  bool focal_measured = false;
  int frames = 0;

  Impl(int w, int h, const MonoParams& p)
      : width(w), height(h), params(p), cx(0.5 * (w - 1)), cy(0.5 * (h - 1)),
        focal(p.focal_px ? *p.focal_px : 1.2 * std::max(w, h)) {}

  Eigen::Matrix3d K() const {
    Eigen::Matrix3d k;
    k << focal, 0, cx, 0, focal, cy, 0, 0, 1;
    return k;
  }
  Eigen::Vector3d Ray(const Eigen::Vector2d& px) const {
    return {(px.x() - cx) / focal, (px.y() - cy) / focal, 1.0};
  }
  Eigen::Vector2d Project(const Eigen::Isometry3d& world_from_camera, const Eigen::Vector3d& x) const {
    const Eigen::Vector3d p = world_from_camera.inverse() * x;
    return {focal * p.x() / p.z() + cx, focal * p.y() / p.z() + cy};
  }
  TwoViewParams TwoView() const {
    TwoViewParams t;
    t.ransac_px = params.ransac_px;
    t.min_parallax_deg = params.min_parallax_deg;
    t.min_points = std::max(params.min_inliers, 30);
    return t;
  }

  void Push(const cv::Mat& gray, bool cut_before);
  void StartSegment(int f, const cv::Mat& gray);
  void Detect(int f, const cv::Mat& gray);
  void Commit(int f, const cv::Mat& gray, const std::vector<int>& ids,
              const std::vector<cv::Point2f>& positions);
  void PlaceBeforeMap(int f, const cv::Mat& gray, const std::vector<int>& ids,
                      const std::vector<cv::Point2f>& positions);
  void Initialise(int f, const cv::Mat& gray, const std::vector<int>& ids,
                  const std::vector<cv::Point2f>& positions, const std::vector<int>& pair_ids,
                  const TwoViewResult& two_view);
  void PlaceWithMap(int f, const cv::Mat& gray, const std::vector<int>& ids,
                    const std::vector<cv::Point2f>& positions);
  std::optional<Eigen::Isometry3d> PlaceByPnP(const std::vector<Eigen::Vector3d>& world,
                                              const std::vector<Eigen::Vector2d>& pixels,
                                              std::vector<int>* inliers) const;
  void AddKeyframe(int f, const cv::Mat& gray);
  int TriangulateNewPoints(int f);
  void AdjustWindow(int f);
  void FinishSegment();
  void FinishGeneral(SegmentState& s);
  void FinishRotation(SegmentState& s);
  bool ProfileFocal(SegmentState& s, const std::vector<int>& frames, bool narrow, bool keep_flat);
  void KeepFocal(SegmentState& s, const std::vector<int>& frames);
  void WriteSegment(SegmentState& s, MotionKind motion);
  MonoBundle BundleOf(const SegmentState& s, const std::vector<int>& frames) const;
};

void MonocularEstimator::Impl::Push(const cv::Mat& gray, bool cut_before) {
  const int f = frames;
  // The previous shot ends before this frame is counted.
  if (segment && cut_before) FinishSegment();
  ++frames;
  path.world_from_camera.push_back(Eigen::Isometry3d::Identity());
  path.lost.push_back(false);
  path.quality.emplace_back();
  if (!segment) {
    StartSegment(f, gray);
    return;
  }
  SegmentState& s = *segment;
  std::vector<int> ids;
  std::vector<cv::Point2f> from;
  for (size_t i = 0; i < s.tracks.size(); ++i) {
    if (!s.tracks[i].active) continue;
    ids.push_back(static_cast<int>(i));
    from.push_back(s.tracks[i].last);
  }
  std::vector<cv::Point2f> to;
  std::vector<bool> alive;
  TrackFeatures(last_gray, gray, from, GlobalShift(last_gray, gray), params.forward_backward_px,
                &to, &alive);
  std::vector<int> kept;
  std::vector<cv::Point2f> positions;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!alive[i]) continue;
    kept.push_back(ids[i]);
    positions.push_back(to[i]);
  }
  path.quality[f].tracked = static_cast<int>(kept.size());
  // Too few followed: the frame is lost; the next one is tracked from the
  // last good frame (the global-shift seed bridges the gap).
  if (static_cast<int>(kept.size()) < params.min_inliers) {
    path.lost[f] = true;
    return;
  }
  if (s.initialised) {
    PlaceWithMap(f, gray, kept, positions);
  } else {
    PlaceBeforeMap(f, gray, kept, positions);
  }
}

void MonocularEstimator::Impl::StartSegment(int f, const cv::Mat& gray) {
  segment.emplace();
  SegmentState& s = *segment;
  s.first_frame = f;
  s.reference = f;
  s.focal_at_start = focal;
  s.focal_measured_at_start = focal_measured;
  s.placed[f] = Eigen::Isometry3d::Identity();
  s.keyframes.push_back(f);
  last_gray = gray.clone();
  Detect(f, gray);
  s.reference_tracks = static_cast<int>(s.tracks.size());
  path.quality[f].tracked = s.reference_tracks;
}

void MonocularEstimator::Impl::Detect(int f, const cv::Mat& gray) {
  SegmentState& s = *segment;
  std::vector<cv::Point2f> existing;
  for (const Track& t : s.tracks)
    if (t.active) existing.push_back(t.last);
  const int wanted = params.max_features - static_cast<int>(existing.size());
  if (wanted < params.max_features / 5) return;
  for (const cv::Point2f& c : DetectFeatures(gray, existing, wanted, params.min_feature_distance_px)) {
    Track t;
    t.last = c;
    t.observations.push_back({f, Eigen::Vector2d(c.x, c.y)});
    s.tracks.push_back(std::move(t));
  }
}

// Records the tracked positions of frame f (the others stop being tracked)
// and makes f the frame the next one is tracked from.
void MonocularEstimator::Impl::Commit(int f, const cv::Mat& gray, const std::vector<int>& ids,
                                      const std::vector<cv::Point2f>& positions) {
  SegmentState& s = *segment;
  for (Track& t : s.tracks) t.active = false;
  for (size_t i = 0; i < ids.size(); ++i) {
    Track& t = s.tracks[ids[i]];
    t.active = true;
    t.last = positions[i];
    t.observations.push_back({f, Eigen::Vector2d(positions[i].x, positions[i].y)});
  }
  last_gray = gray.clone();
}

void MonocularEstimator::Impl::PlaceBeforeMap(int f, const cv::Mat& gray,
                                              const std::vector<int>& ids,
                                              const std::vector<cv::Point2f>& positions) {
  SegmentState& s = *segment;
  std::vector<Eigen::Vector2d> at_reference, now;
  std::vector<int> pair_ids;
  std::vector<double> motion;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Eigen::Vector2d* r = s.tracks[ids[i]].At(s.reference);
    if (!r) continue;
    at_reference.push_back(*r);
    now.emplace_back(positions[i].x, positions[i].y);
    pair_ids.push_back(ids[i]);
    motion.push_back((now.back() - *r).norm());
  }
  path.quality[f].inliers = static_cast<int>(pair_ids.size());
  const Eigen::Isometry3d world_from_reference = s.placed.at(s.reference);
  if (Median(motion) < params.static_motion_px) {
    // Nothing moved since the reference: its pose.
    Commit(f, gray, ids, positions);
    s.placed[f] = world_from_reference;
    return;
  }
  s.moved = true;
  const TwoViewResult two_view = SolveTwoView(at_reference, now, K(), TwoView());
  if (two_view.model == TwoViewModel::NONE) {
    path.lost[f] = true;
    return;
  }
  if (two_view.accepted) {
    Initialise(f, gray, ids, positions, pair_ids, two_view);
    return;
  }
  // A turn measures the focal length (H = K R K^-1), the better the larger
  // it is: without it a prior far off makes the next views look like a
  // plane seen from two places.
  const double turn_deg = Eigen::AngleAxisd(two_view.homography_rotation).angle() * kRadToDeg;
  if (!params.focal_px && two_view.rotation_only && turn_deg > s.focal_turn_deg &&
      turn_deg >= kFocalTurnDeg) {
    s.focal_turn_deg = turn_deg;
    focal = two_view.rotation_focal_px;
    focal_measured = true;
  }
  // Not enough parallax (yet): the turn since the reference, no translation.
  Commit(f, gray, ids, positions);
  s.placed[f] = world_from_reference * Rotation(two_view.homography_rotation.transpose());
  // Most reference features gone: compare the next frames with this one.
  if (pair_ids.size() < 0.5 * s.reference_tracks) {
    s.reference = f;
    s.keyframes.push_back(f);
    Detect(f, gray);
    s.reference_tracks = 0;
    for (const Track& t : s.tracks) s.reference_tracks += t.active;
  }
}

std::optional<Eigen::Isometry3d> MonocularEstimator::Impl::PlaceByPnP(
    const std::vector<Eigen::Vector3d>& world, const std::vector<Eigen::Vector2d>& pixels,
    std::vector<int>* inliers) const {
  inliers->clear();
  if (static_cast<int>(world.size()) < params.min_inliers) return std::nullopt;
  std::vector<cv::Point3d> object;
  std::vector<cv::Point2d> image;
  for (size_t i = 0; i < world.size(); ++i) {
    object.emplace_back(world[i].x(), world[i].y(), world[i].z());
    image.emplace_back(pixels[i].x(), pixels[i].y());
  }
  cv::Mat k;
  cv::eigen2cv(K(), k);
  cv::Mat rvec, tvec;
  std::vector<int> in;
  try {
    if (!cv::solvePnPRansac(object, image, k, cv::noArray(), rvec, tvec, false, 200,
                            static_cast<float>(params.ransac_px), 0.999, in, cv::SOLVEPNP_AP3P)) {
      return std::nullopt;
    }
  } catch (const cv::Exception&) {
    return std::nullopt;  // degenerate point sets make OpenCV throw
  }
  if (static_cast<int>(in.size()) < params.min_inliers || in.size() < 0.4 * world.size()) {
    return std::nullopt;
  }
  std::vector<cv::Point3d> object_in;
  std::vector<cv::Point2d> image_in;
  for (int j : in) {
    object_in.push_back(object[j]);
    image_in.push_back(image[j]);
  }
  cv::solvePnPRefineLM(object_in, image_in, k, cv::noArray(), rvec, tvec);
  cv::Mat r;
  cv::Rodrigues(rvec, r);
  Eigen::Matrix3d re;
  Eigen::Vector3d te;
  cv::cv2eigen(r, re);
  cv::cv2eigen(tvec, te);
  if (!re.allFinite() || !te.allFinite()) return std::nullopt;
  Eigen::Isometry3d camera_from_world = Eigen::Isometry3d::Identity();
  camera_from_world.linear() = re;
  camera_from_world.translation() = te;
  int in_front = 0;
  for (int j : in) in_front += (camera_from_world * world[j]).z() > 0;
  if (in_front < 0.95 * in.size()) return std::nullopt;
  *inliers = in;
  return camera_from_world.inverse();
}

void MonocularEstimator::Impl::Initialise(int f, const cv::Mat& gray, const std::vector<int>& ids,
                                          const std::vector<cv::Point2f>& positions,
                                          const std::vector<int>& pair_ids,
                                          const TwoViewResult& two_view) {
  SegmentState& s = *segment;
  const int r = s.reference;
  const Eigen::Isometry3d world_from_reference = s.placed.at(r);
  Eigen::Isometry3d current_from_reference = Rotation(two_view.rotation);
  current_from_reference.translation() = two_view.translation;
  for (size_t i = 0; i < pair_ids.size(); ++i) {
    if (!two_view.points[i]) continue;
    Track& t = s.tracks[pair_ids[i]];
    t.has_point = true;
    t.point = world_from_reference * *two_view.points[i];
  }
  Commit(f, gray, ids, positions);
  s.placed[f] = world_from_reference * current_from_reference.inverse();
  path.quality[f].inliers = two_view.triangulated;
  // The frames between the two views, by PnP against the new points.
  for (auto it = s.placed.upper_bound(r); it != s.placed.end() && it->first < f; ++it) {
    std::vector<Eigen::Vector3d> world;
    std::vector<Eigen::Vector2d> pixels;
    for (const Track& t : s.tracks) {
      const Eigen::Vector2d* p = t.has_point ? t.At(it->first) : nullptr;
      if (!p) continue;
      world.push_back(t.point);
      pixels.push_back(*p);
    }
    std::vector<int> inliers;
    if (auto pose = PlaceByPnP(world, pixels, &inliers)) it->second = *pose;
  }
  s.initialised = true;
  s.baseline_first = r;
  s.baseline_second = f;
  if (s.keyframes.back() != r) s.keyframes.push_back(r);
  s.keyframes.push_back(f);
  AdjustWindow(f);
  Detect(f, gray);
  s.map_tracked_at_keyframe = 0;
  for (const Track& t : s.tracks) s.map_tracked_at_keyframe += t.active && t.has_point;
}

void MonocularEstimator::Impl::PlaceWithMap(int f, const cv::Mat& gray, const std::vector<int>& ids,
                                            const std::vector<cv::Point2f>& positions) {
  SegmentState& s = *segment;
  std::vector<Eigen::Vector3d> world;
  std::vector<Eigen::Vector2d> pixels;
  std::vector<int> with_point;
  for (size_t i = 0; i < ids.size(); ++i) {
    const Track& t = s.tracks[ids[i]];
    if (!t.has_point) continue;
    world.push_back(t.point);
    pixels.emplace_back(positions[i].x, positions[i].y);
    with_point.push_back(static_cast<int>(i));
  }
  std::vector<int> inliers;
  const std::optional<Eigen::Isometry3d> pose = PlaceByPnP(world, pixels, &inliers);
  if (!pose) {
    path.lost[f] = true;
    return;
  }
  // PnP outliers (slipped tracks, moving things) stop being tracked.
  std::vector<bool> outlier(ids.size(), false);
  for (int j : with_point) outlier[j] = true;
  for (int j : inliers) outlier[with_point[j]] = false;
  std::vector<int> kept;
  std::vector<cv::Point2f> kept_positions;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (outlier[i]) continue;
    kept.push_back(ids[i]);
    kept_positions.push_back(positions[i]);
  }
  Commit(f, gray, kept, kept_positions);
  s.placed[f] = *pose;
  path.quality[f].inliers = static_cast<int>(inliers.size());
  const bool few = inliers.size() < kMapTrackedFraction * s.map_tracked_at_keyframe;
  if (few || f - s.keyframes.back() >= kKeyframeInterval) AddKeyframe(f, gray);
}

void MonocularEstimator::Impl::AddKeyframe(int f, const cv::Mat& gray) {
  SegmentState& s = *segment;
  s.keyframes.push_back(f);
  TriangulateNewPoints(f);
  // The focal length, once the map spans a few keyframes, so that tracking
  // goes on with a good one: a wrong one makes PnP reject the features
  // where it matters most (far from the centre), which biases it further.
  int map_keyframes = 0;
  for (int k : s.keyframes) map_keyframes += k >= s.baseline_first;
  if (!params.focal_px && params.bundle_adjust && !s.focal_profiled && map_keyframes >= kProfileKeyframes) {
    std::vector<int> frames;
    for (const auto& [frame, pose] : s.placed)
      if (frame >= s.baseline_first && !path.lost[frame]) frames.push_back(frame);
    // Its best is kept even when flat: a few keyframes of an orbit can
    // leave the profile shallow yet point the right way; the segment's
    // final profile decides whether the focal was observable.
    s.focal_flat = !ProfileFocal(s, frames, /*narrow=*/false, /*keep_flat=*/true);
    s.focal_profiled = true;
  }
  AdjustWindow(f);
  Detect(f, gray);
  s.map_tracked_at_keyframe = 0;
  for (const Track& t : s.tracks) s.map_tracked_at_keyframe += t.active && t.has_point;
}

// Active tracks without a point, triangulated between their first placed
// view (since the map exists) and frame f.
int MonocularEstimator::Impl::TriangulateNewPoints(int f) {
  SegmentState& s = *segment;
  const Eigen::Isometry3d camera_f = s.placed.at(f).inverse();
  int added = 0;
  for (Track& t : s.tracks) {
    if (!t.active || t.has_point || t.observations.size() < 2) continue;
    const Eigen::Vector2d* now = t.At(f);
    if (!now) continue;
    for (const auto& [frame, pixel] : t.observations) {
      if (frame >= f) break;
      if (frame < s.baseline_first || !s.placed.count(frame)) continue;
      double parallax = 0.0;
      const Eigen::Isometry3d camera_a = s.placed.at(frame).inverse();
      const auto x = TriangulatePoint(camera_a, camera_f, Ray(pixel), Ray(*now), &parallax);
      if (!x || parallax < params.min_parallax_deg) break;
      const double max_px = 2.0 * params.ransac_px;
      if ((Project(s.placed.at(frame), *x) - pixel).norm() > max_px ||
          (Project(s.placed.at(f), *x) - *now).norm() > max_px) {
        break;
      }
      t.has_point = true;
      t.point = *x;
      ++added;
      break;
    }
  }
  return added;
}

MonoBundle MonocularEstimator::Impl::BundleOf(const SegmentState& s,
                                              const std::vector<int>& frames) const {
  MonoBundle b;
  b.focal = focal;
  b.cx = cx;
  b.cy = cy;
  for (int f : frames) b.world_from_camera[f] = s.placed.at(f);
  for (size_t i = 0; i < s.tracks.size(); ++i) {
    const Track& t = s.tracks[i];
    if (!t.has_point) continue;
    int seen = 0;
    for (const auto& [frame, pixel] : t.observations) {
      if (!b.world_from_camera.count(frame)) continue;
      b.observations.push_back({frame, static_cast<int>(i), pixel});
      ++seen;
    }
    if (seen > 0) b.points[static_cast<int>(i)] = t.point;
  }
  return b;
}

// Bundle adjustment of the last keyframes' frames; the older frames and the
// first baseline stay fixed (gauge and scale).
void MonocularEstimator::Impl::AdjustWindow(int f) {
  SegmentState& s = *segment;
  if (!params.bundle_adjust) return;
  std::vector<int> window_keyframes;
  for (int k : s.keyframes)
    if (k >= s.baseline_first) window_keyframes.push_back(k);
  const int w = std::max(2, params.window_keyframes);
  if (static_cast<int>(window_keyframes.size()) > w)
    window_keyframes.erase(window_keyframes.begin(), window_keyframes.end() - w);
  const int start = window_keyframes.front();
  std::vector<int> frames;
  for (auto it = s.placed.lower_bound(start); it != s.placed.end() && it->first <= f; ++it)
    if (!path.lost[it->first]) frames.push_back(it->first);
  MonoBundle b = BundleOf(s, frames);
  b.fixed_frames = {s.baseline_first, s.baseline_second};
  if (start > s.baseline_first && window_keyframes.size() > 1) {
    for (int g : frames)
      if (g <= window_keyframes[1]) b.fixed_frames.insert(g);
  }
  int map_keyframes = 0;
  for (int k : s.keyframes) map_keyframes += k >= s.baseline_first;
  b.refine_focal = !params.focal_px && map_keyframes >= 3;
  if (!AdjustBundle(&b, kHuberPx, 15).usable) return;
  for (const auto& [frame, pose] : b.world_from_camera) s.placed[frame] = pose;
  for (const auto& [id, x] : b.points) s.tracks[id].point = x;
  focal = b.focal;
  focal_measured |= b.refine_focal;
  // Points that still do not fit the frame they were last seen in are dropped.
  const Eigen::Isometry3d& pose_f = s.placed.at(f);
  for (Track& t : s.tracks) {
    if (!t.has_point) continue;
    const Eigen::Vector2d* p = t.At(f);
    if (!p) continue;
    const Eigen::Vector3d c = pose_f.inverse() * t.point;
    if (c.z() <= 0 || (Project(pose_f, t.point) - *p).norm() > 2.0 * params.ransac_px) {
      t.has_point = false;
      t.active = false;
    }
  }
}

void MonocularEstimator::Impl::FinishSegment() {
  SegmentState& s = *segment;
  if (s.initialised) {
    FinishGeneral(s);
    WriteSegment(s, MotionKind::GENERAL);
  } else if (s.moved) {
    FinishRotation(s);
    WriteSegment(s, MotionKind::ROTATION_ONLY);
  } else {
    for (auto& [frame, pose] : s.placed) pose = Eigen::Isometry3d::Identity();
    WriteSegment(s, MotionKind::STATIC);
  }
  segment.reset();
}

// Global bundle adjustment of the segment (bounded: keyframes only on long
// segments, the other frames re-placed against the refined points), then
// the scale set so that the first baseline has length 1.
void MonocularEstimator::Impl::FinishGeneral(SegmentState& s) {
  std::vector<int> frames;
  for (const auto& [frame, pose] : s.placed)
    if (frame >= s.baseline_first && !path.lost[frame]) frames.push_back(frame);
  const bool all = static_cast<int>(frames.size()) <= kGlobalBundleFrames;
  if (!all) {
    frames.clear();
    for (int k : s.keyframes)
      if (k >= s.baseline_first) frames.push_back(k);
  }
  if (params.bundle_adjust) {
    if (!params.focal_px) {
      // A profile that found the focal at the first keyframes only checks
      // around it; a flat one (so far) sweeps the whole range again.
      s.focal_flat = !ProfileFocal(s, frames, /*narrow=*/s.focal_profiled && !s.focal_flat,
                                   /*keep_flat=*/false);
      if (s.focal_flat) KeepFocal(s, frames);
    }
    MonoBundle b = BundleOf(s, frames);
    b.fixed_frames = {s.baseline_first};
    b.refine_focal = !params.focal_px && !s.focal_flat;
    if (AdjustBundle(&b, kHuberPx, 50).usable) {
          for (const auto& [frame, pose] : b.world_from_camera) s.placed[frame] = pose;
      for (const auto& [id, x] : b.points) s.tracks[id].point = x;
      focal = b.focal;
      focal_measured |= b.refine_focal;
    }
  }
  if (!all) {
    for (auto& [frame, pose] : s.placed) {
      if (frame < s.baseline_first || std::binary_search(frames.begin(), frames.end(), frame))
        continue;
      std::vector<Eigen::Vector3d> world;
      std::vector<Eigen::Vector2d> pixels;
      for (const Track& t : s.tracks) {
        const Eigen::Vector2d* p = t.has_point ? t.At(frame) : nullptr;
        if (!p) continue;
        world.push_back(t.point);
        pixels.push_back(*p);
      }
      std::vector<int> inliers;
      if (auto refined = PlaceByPnP(world, pixels, &inliers)) pose = *refined;
    }
  }
  // Gauge: the world is the camera of the first baseline's first frame
  // (identity unless the segment turned before it), the baseline length 1.
  const Eigen::Isometry3d anchor = s.placed.at(s.baseline_first);
  const double baseline = (s.placed.at(s.baseline_second).translation() -
                           s.placed.at(s.baseline_first).translation()).norm();
  const double scale = baseline > 1e-12 ? 1.0 / baseline : 1.0;
  for (auto& [frame, pose] : s.placed) {
    if (frame < s.baseline_first) continue;
    pose.translation() = anchor.translation() + scale * (pose.translation() - anchor.translation());
  }
  for (Track& t : s.tracks)
    if (t.has_point) t.point = anchor.translation() + scale * (t.point - anchor.translation());
}

// The focal length's cost profile: bundle adjustments with the focal fixed
// at a range of values around the current one, keeping the best (the map
// and poses it gives too). A map built under a focal far from the truth (the
// 1.2 max(W, H) prior can be 50 % off) is distorted, and a free bundle
// adjustment started there settles in a shallow valley a few percent away;
// the profile steps across it. Each value starts from its neighbour's
// solution (a small step), on the best-observed points only.
// Returns false when the profile is flat (the focal unobservable, or not
// yet); then nothing is changed unless `keep_flat`.
bool MonocularEstimator::Impl::ProfileFocal(SegmentState& s, const std::vector<int>& all_frames,
                                            bool narrow, bool keep_flat) {
  // Bounded: at most kProfileFrames frames, evenly spread over the segment.
  std::vector<int> frames = all_frames;
  if (static_cast<int>(frames.size()) > kProfileFrames) {
    frames.clear();
    for (int i = 0; i < kProfileFrames; ++i)
      frames.push_back(all_frames[i * (all_frames.size() - 1) / (kProfileFrames - 1)]);
  }
  MonoBundle start = BundleOf(s, frames);
  start.fixed_frames = {s.baseline_first};
  if (static_cast<int>(start.points.size()) > kProfilePoints) {
    // Spread over the image (the focal shows where rays are far from the
    // centre, and long-lived tracks gather near it): the image in 8 x 8
    // cells by each point's first observation, the most-viewed point of
    // each cell in turn.
    std::map<int, int> seen;
    std::map<int, int> cell;
    for (const BundleObservation& o : start.observations) {
      if (!seen[o.point]++) {
        const int gx = std::clamp(static_cast<int>(8 * o.pixel.x() / width), 0, 7);
        const int gy = std::clamp(static_cast<int>(8 * o.pixel.y() / height), 0, 7);
        cell[o.point] = 8 * gy + gx;
      }
    }
    std::vector<std::vector<std::pair<int, int>>> cells(64);  // (-views, point)
    for (const auto& [id, n] : seen) cells[cell[id]].push_back({-n, id});
    for (auto& c : cells) std::sort(c.begin(), c.end());
    std::map<int, Eigen::Vector3d> kept;
    for (size_t rank = 0; static_cast<int>(kept.size()) < kProfilePoints; ++rank) {
      bool any = false;
      for (const auto& c : cells) {
        if (rank >= c.size() || static_cast<int>(kept.size()) >= kProfilePoints) continue;
        kept[c[rank].second] = start.points[c[rank].second];
        any = true;
      }
      if (!any) break;
    }
    start.points = std::move(kept);
    std::vector<BundleObservation> observations;
    for (const BundleObservation& o : start.observations)
      if (start.points.count(o.point)) observations.push_back(o);
    start.observations = std::move(observations);
  }
  // Cost by log-focal offset from the centre, with the solution reached.
  std::map<double, std::pair<double, MonoBundle>> profile;
  const double centre = focal;
  auto sweep = [&](double from, const MonoBundle& seed, double step, int steps) {
    for (int direction : {-1, 1}) {
      const MonoBundle* previous = &seed;
      for (int i = direction < 0 ? 0 : 1; i <= steps; ++i) {
        const double at = from + direction * step * i;
        auto known = profile.find(at);
        if (known == profile.end()) {
          MonoBundle b = *previous;
          b.focal = centre * std::exp(at);
          const BundleStats stats = AdjustBundle(&b, kHuberPx, 12);
          if (!stats.usable) break;
          known = profile.emplace(at, std::pair{stats.cost, std::move(b)}).first;
        }
        previous = &known->second.second;
      }
    }
  };
  auto best = [&]() {
    auto b = profile.begin();
    for (auto it = profile.begin(); it != profile.end(); ++it)
      if (it->second.first < b->second.first) b = it;
    return b;
  };
  if (narrow) {
    sweep(0.0, start, kFlatStep / 3, 3);
  } else {
    // Over a factor of 2 either way, then around the best.
    sweep(0.0, start, 0.08, 9);
    if (profile.empty()) return true;
    const auto coarse = best();
    const MonoBundle seed = coarse->second.second;
    sweep(coarse->first, seed, 0.02, 4);
  }
  if (profile.empty()) return true;
  const auto b = best();
  // The rise of the cost kFlatStep either side of the best, interpolated
  // (log focal) between the values swept; a side beyond the range is left out.
  double rise = std::numeric_limits<double>::infinity();
  for (double side : {-kFlatStep, kFlatStep}) {
    const double at = b->first + side;
    auto above = profile.lower_bound(at - 1e-9);
    if (above == profile.end()) continue;
    double cost = above->second.first;
    if (above->first > at + 1e-9) {
      if (above == profile.begin()) continue;
      const auto below = std::prev(above);
      const double w = (at - below->first) / (above->first - below->first);
      cost = (1 - w) * below->second.first + w * above->second.first;
    }
    rise = std::min(rise, (cost - b->second.first) / std::max(b->second.first, 1e-12));
  }
  const bool observable = rise >= kFlatRise;
  if (!observable && !keep_flat) return false;
  // The best focal; the map and poses follow it (all points: one more
  // adjustment from the current map with that focal fixed).
  focal = b->second.second.focal;
  MonoBundle full = BundleOf(s, all_frames);
  full.fixed_frames = {s.baseline_first};
  for (const auto& [frame, pose] : b->second.second.world_from_camera) full.world_from_camera[frame] = pose;
  for (const auto& [id, x] : b->second.second.points) full.points[id] = x;
  if (AdjustBundle(&full, kHuberPx, 20).usable) {
    for (const auto& [frame, pose] : full.world_from_camera) s.placed[frame] = pose;
    for (const auto& [id, x] : full.points) s.tracks[id].point = x;
  }
  focal_measured |= observable;
  return observable;
}

// An unobservable focal length: the one the segment began with (the prior,
// or one a turn or an earlier shot measured), the map and poses adjusted to
// it, and not counted as measured by this segment.
void MonocularEstimator::Impl::KeepFocal(SegmentState& s, const std::vector<int>& frames) {
  focal = s.focal_at_start;
  focal_measured = s.focal_measured_at_start;
  MonoBundle b = BundleOf(s, frames);
  b.fixed_frames = {s.baseline_first};
  if (AdjustBundle(&b, kHuberPx, 30).usable) {
    for (const auto& [frame, pose] : b.world_from_camera) s.placed[frame] = pose;
    for (const auto& [id, x] : b.points) s.tracks[id].point = x;
  }
}

// Rotations and focal of a camera that only turned: every track is a
// direction, refined with the rotations.
void MonocularEstimator::Impl::FinishRotation(SegmentState& s) {
  if (!params.bundle_adjust) return;
  MonoBundle b;
  b.focal = focal;
  b.cx = cx;
  b.cy = cy;
  for (const auto& [frame, pose] : s.placed)
    if (!path.lost[frame]) b.world_from_camera[frame] = pose;
  b.fixed_frames = {s.first_frame};
  for (size_t i = 0; i < s.tracks.size(); ++i) {
    const Track& t = s.tracks[i];
    if (t.observations.size() < 2) continue;
    const auto& [frame, pixel] = t.observations.front();
    auto pose = b.world_from_camera.find(frame);
    if (pose == b.world_from_camera.end()) continue;
    b.points[static_cast<int>(i)] = (pose->second.linear() * Ray(pixel)).normalized();
    for (const auto& [g, px] : t.observations) b.observations.push_back({g, static_cast<int>(i), px});
  }
  b.refine_focal = !params.focal_px;
  if (!AdjustRotationBundle(&b, kHuberPx, 50).usable) return;
  for (const auto& [frame, pose] : b.world_from_camera) {
    s.placed[frame] = Rotation(pose.linear());
  }
  focal = b.focal;
  focal_measured |= b.refine_focal;
}

// Copies the segment's poses, quality and points into the path.
void MonocularEstimator::Impl::WriteSegment(SegmentState& s, MotionKind motion) {
  Segment seg;
  seg.first_frame = s.first_frame;
  seg.end_frame = frames;
  seg.motion = motion;
  const int index = static_cast<int>(path.segments.size());
  path.segments.push_back(seg);
  Eigen::Isometry3d known = Eigen::Isometry3d::Identity();
  std::vector<std::vector<double>> squared(frames - s.first_frame), parallax(frames - s.first_frame);
  if (motion == MotionKind::GENERAL) {
    for (const Track& t : s.tracks) {
      if (!t.has_point) continue;
      MapPoint p;
      p.segment = index;
      p.world = t.point;
      const Eigen::Vector3d* first_centre = nullptr;
      Eigen::Vector3d first;
      for (const auto& [frame, pixel] : t.observations) {
        auto pose = s.placed.find(frame);
        if (pose == s.placed.end() || path.lost[frame]) continue;
        p.observations.push_back({frame, pixel.cast<float>()});
        const Eigen::Vector3d c = pose->second.inverse() * t.point;
        if (c.z() > 0) squared[frame - s.first_frame].push_back((Project(pose->second, t.point) - pixel).squaredNorm());
        const Eigen::Vector3d centre = pose->second.translation();
        if (!first_centre) {
          first = centre;
          first_centre = &first;
        }
        const Eigen::Vector3d a = (t.point - first).normalized(), b = (t.point - centre).normalized();
        parallax[frame - s.first_frame].push_back(std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * kRadToDeg);
      }
      path.points.push_back(std::move(p));
    }
  }
  for (int f = s.first_frame; f < frames; ++f) {
    auto pose = s.placed.find(f);
    if (pose != s.placed.end() && !path.lost[f]) {
      known = pose->second;
    } else {
      path.lost[f] = true;
    }
    path.world_from_camera[f] = known;
    FrameQuality& q = path.quality[f];
    const std::vector<double>& e = squared[f - s.first_frame];
    if (!e.empty()) {
      double sum = 0.0;
      for (double v : e) sum += v;
      q.reprojection_rms_px = std::sqrt(sum / e.size());
    }
    q.parallax_deg = Median(parallax[f - s.first_frame]);
  }
  for (int k : s.keyframes)
    if (path.keyframes.empty() || path.keyframes.back() < k) path.keyframes.push_back(k);
}

MonocularEstimator::MonocularEstimator(int width, int height, const MonoParams& params)
    : impl_(std::make_unique<Impl>(width, height, params)) {}

MonocularEstimator::~MonocularEstimator() = default;

void MonocularEstimator::Push(const cv::Mat& gray, bool cut_before) { impl_->Push(gray, cut_before); }

MonoPath MonocularEstimator::Finish() {
  if (impl_->segment) impl_->FinishSegment();
  MonoPath out = std::move(impl_->path);
  out.focal_px = impl_->focal;
  out.focal_refined = !impl_->params.focal_px && impl_->focal_measured;
  impl_->path = MonoPath();
  return out;
}

}  // namespace dolly::odometry::mono
