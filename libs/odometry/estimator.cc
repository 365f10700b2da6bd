#include "libs/odometry/estimator.h"

#include <chrono>
#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/core/eigen.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "libs/odometry/bundle_adjust.h"
#include "libs/geometry/depth_sample.h"

namespace dolly::odometry {
namespace {

struct Keyframe {
  int frame = 0;
  std::vector<cv::Point2f> pixels;        // where the features were detected
  std::vector<Eigen::Vector3d> points_world;
  std::vector<double> depth;
  std::vector<cv::Point2f> current;       // positions in the last tracked frame
  std::vector<bool> alive;
  std::vector<Observation> observations;  // PnP inliers of the window's frames
};

Keyframe MakeKeyframe(int frame, const cv::Mat& gray, const cv::Mat& depth,
                      const Eigen::Isometry3d& world_from_camera,
                      const geometry::PinholeCamera& camera, const OdometryParams& params) {
  Keyframe kf;
  kf.frame = frame;
  // Features only on surfaces, away from depth edges: a corner formed by an
  // occluding contour is not attached to any surface and slides as the view
  // changes, which biases PnP (rotation traded for translation). Inverse
  // depth is affine in the pixel coordinates across a plane, so its
  // Laplacian is ~0 on planes (however slanted) and large at contours.
  cv::Mat inverse;
  cv::divide(1.0, depth, inverse, CV_32F);  // 0 where depth is 0
  cv::Mat laplacian;
  cv::Laplacian(inverse, laplacian, CV_32F, 1);
  const cv::Mat contour = cv::abs(laplacian) > 0.02 * inverse;
  cv::Mat near_contour, valid;
  const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7));
  cv::dilate(contour, near_contour, kernel);
  cv::erode(depth > 0, valid, kernel);
  const cv::Mat mask = valid & ~near_contour;
  std::vector<cv::Point2f> corners;
  cv::goodFeaturesToTrack(gray, corners, params.max_features, 0.01,
                          params.min_feature_distance_px, mask, 5);
  for (const cv::Point2f& c : corners) {
    const double d = geometry::SampleDepth(depth, c.x, c.y);
    if (d <= 0) continue;
    const Eigen::Vector2d px(c.x, c.y);
    kf.pixels.push_back(c);
    kf.depth.push_back(d);
    kf.points_world.push_back(world_from_camera * camera.Unproject(px, d));
    kf.observations.push_back({frame, static_cast<int>(kf.pixels.size()) - 1, px});
  }
  kf.current = kf.pixels;
  kf.alive.assign(kf.pixels.size(), true);
  return kf;
}

// LK from `from` to `to` with a forward-backward check; kills failures.
// `guess` (same size as `start`) seeds the forward search, so that fast
// motion predicted by the motion model stays within LK's reach.
void Track(const cv::Mat& from, const cv::Mat& to, const std::vector<cv::Point2f>& start,
           const std::vector<cv::Point2f>& guess, const OdometryParams& params,
           std::vector<cv::Point2f>* out, std::vector<bool>* alive) {
  out->assign(start.begin(), start.end());
  if (start.empty()) return;
  const cv::Size win(21, 21);
  const int levels = 4;
  std::vector<cv::Point2f> forward = guess, backward = start;
  std::vector<uchar> st1, st2;
  std::vector<float> err;
  // Tighter convergence than OpenCV's default (30 iterations, 0.01 px): the
  // poses are only as good as the sub-pixel positions.
  const cv::TermCriteria criteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 100, 1e-4);
  cv::calcOpticalFlowPyrLK(from, to, start, forward, st1, err, win, levels, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  cv::calcOpticalFlowPyrLK(to, from, forward, backward, st2, err, win, levels, criteria,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  for (size_t i = 0; i < start.size(); ++i) {
    const bool ok = st1[i] && st2[i] &&
                    cv::norm(backward[i] - start[i]) <= params.forward_backward_px &&
                    forward[i].x >= 0 && forward[i].y >= 0 && forward[i].x <= to.cols - 1 &&
                    forward[i].y <= to.rows - 1;
    if (!ok) (*alive)[i] = false;
    (*out)[i] = forward[i];
  }
}

// Places the current frame by PnP + RANSAC of the keyframe's points `ids`
// (world) against their tracked pixels. On success sets *world_from_camera
// and the inliers (indices into the keyframe's points).
bool PlaceFrame(const Keyframe& kf, const std::vector<int>& ids, const geometry::PinholeCamera& camera,
                const OdometryParams& params, Eigen::Isometry3d* world_from_camera,
                std::vector<int>* inliers) {
  if (static_cast<int>(ids.size()) < params.min_inliers) return false;
  std::vector<cv::Point3d> object;
  std::vector<cv::Point2d> image;
  for (int i : ids) {
    const Eigen::Vector3d& p = kf.points_world[i];
    object.emplace_back(p.x(), p.y(), p.z());
    image.emplace_back(kf.current[i].x, kf.current[i].y);
  }
  cv::Mat k;
  cv::eigen2cv(camera.K(), k);
  // Minimal solutions by P3P inside RANSAC (no initial guess: an iterative
  // solver started from the previous pose can slide into the mirrored
  // solution with every point behind the camera, which projects just as well).
  cv::Mat r, rvec, tvec;
  std::vector<int> in;
  bool ok = false;
  try {
    ok = cv::solvePnPRansac(object, image, k, cv::noArray(), rvec, tvec, false, 200,
                            static_cast<float>(params.ransac_reprojection_px), 0.999, in,
                            cv::SOLVEPNP_AP3P);
  } catch (const cv::Exception&) {
    return false;  // degenerate point sets make OpenCV throw; the frame is lost
  }
  // Few inliers, or a small share of them, is how a wrong pose (tracks that
  // slipped onto a repeated texture) looks: better lost than wrong.
  if (!ok || static_cast<int>(in.size()) < params.min_inliers ||
      in.size() < params.min_inlier_ratio * ids.size()) {
    return false;
  }
  // Refine on the inliers only.
  std::vector<cv::Point3d> obj_in;
  std::vector<cv::Point2d> img_in;
  for (int j : in) {
    obj_in.push_back(object[j]);
    img_in.push_back(image[j]);
  }
  cv::solvePnPRefineLM(obj_in, img_in, k, cv::noArray(), rvec, tvec);
  cv::Rodrigues(rvec, r);
  Eigen::Matrix3d re;
  Eigen::Vector3d te;
  cv::cv2eigen(r, re);
  cv::cv2eigen(tvec, te);
  if (!re.allFinite() || !te.allFinite()) return false;
  Eigen::Isometry3d cw = Eigen::Isometry3d::Identity();
  cw.linear() = re;
  cw.translation() = te;
  // Cheirality: the inliers must lie in front of the camera.
  int in_front = 0;
  for (int j : in) {
    const Eigen::Vector3d& p = kf.points_world[ids[j]];
    in_front += (cw * p).z() > 0;
  }
  if (in_front < 0.95 * in.size()) return false;
  *world_from_camera = cw.inverse();
  inliers->clear();
  for (int j : in) inliers->push_back(ids[j]);
  return true;
}

}  // namespace

std::vector<int> CameraPath::LostFrames() const {
  std::vector<int> out;
  for (size_t i = 0; i < lost.size(); ++i)
    if (lost[i]) out.push_back(static_cast<int>(i));
  return out;
}

CameraPath EstimateCameraPath(const std::vector<cv::Mat>& gray, const std::vector<cv::Mat>& depth,
                              const geometry::PinholeCamera& camera,
                              const OdometryParams& params,
                              const std::function<void()>& on_frame) {
  const int n = static_cast<int>(gray.size());
  CameraPath path;
  path.world_from_camera.assign(n, Eigen::Isometry3d::Identity());
  path.lost.assign(n, false);
  if (n == 0) return path;

  Keyframe kf = MakeKeyframe(0, gray[0], depth[0], Eigen::Isometry3d::Identity(), camera, params);
  path.keyframes.push_back(0);
  std::map<int, Eigen::Isometry3d> window = {{0, Eigen::Isometry3d::Identity()}};
  Eigen::Isometry3d last_pose = Eigen::Isometry3d::Identity();
  Eigen::Isometry3d velocity = Eigen::Isometry3d::Identity();  // per frame
  int last_placed = 0;
  if (on_frame) on_frame();

  // Bundle-adjusts the current window and copies its poses into the path.
  auto close_window = [&]() {
    if (params.bundle_adjust && window.size() > 1) {
      const auto start = std::chrono::steady_clock::now();
      WindowProblem problem{kf.frame, window, kf.points_world, kf.depth, kf.observations};
      if (BundleAdjustWindow(camera, params, &problem)) window = problem.world_from_camera;
      path.bundle_adjust_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    for (const auto& [frame, pose] : window) path.world_from_camera[frame] = pose;
  };

  for (int f = 1; f < n; ++f) {
    // Track from the last placed frame (over a dropout too), seeded with
    // the keyframe points projected into the pose a constant-velocity model
    // predicts. The keyframe's state only changes when the frame is placed.
    Eigen::Isometry3d predicted = last_pose;
    for (int k = last_placed; k < f; ++k) predicted = predicted * velocity;
    const Eigen::Isometry3d camera_from_world = predicted.inverse();
    std::vector<cv::Point2f> guess = kf.current;
    for (size_t i = 0; i < guess.size(); ++i) {
      const Eigen::Vector3d p = camera_from_world * kf.points_world[i];
      if (p.z() <= 1e-6) continue;
      const Eigen::Vector2d uv = camera.Project(p);
      if (camera.InImage(uv)) guess[i] = cv::Point2f(uv.x(), uv.y());
    }
    std::vector<cv::Point2f> tracked;
    std::vector<bool> alive = kf.alive;
    Track(gray[last_placed], gray[f], kf.current, guess, params, &tracked, &alive);
    const std::vector<cv::Point2f> previous = kf.current;
    kf.current = tracked;
    std::vector<int> ids, inliers;
    for (size_t i = 0; i < alive.size(); ++i)
      if (alive[i]) ids.push_back(static_cast<int>(i));
    Eigen::Isometry3d pose = last_pose;
    if (!PlaceFrame(kf, ids, camera, params, &pose, &inliers)) {
      kf.current = previous;
      path.lost[f] = true;
      path.world_from_camera[f] = last_pose;
      if (on_frame) on_frame();
      continue;
    }
    // Per-frame motion, for the prediction of the next frame.
    velocity = Eigen::Isometry3d::Identity();
    if (f - last_placed == 1) velocity = last_pose.inverse() * pose;
    last_placed = f;
    last_pose = pose;
    path.world_from_camera[f] = pose;
    window[f] = pose;
    // Outliers (moving objects, bad tracks) stop being tracked.
    std::vector<bool> keep(kf.alive.size(), false);
    for (int i : inliers) {
      keep[i] = true;
      kf.observations.push_back({f, i, Eigen::Vector2d(kf.current[i].x, kf.current[i].y)});
    }
    kf.alive = keep;

    const bool few = inliers.size() < params.min_tracked_fraction * kf.pixels.size() ||
                     static_cast<int>(inliers.size()) < 2 * params.min_inliers;
    if ((few || f - kf.frame >= params.window) && f + 1 < n) {
      close_window();
      last_pose = path.world_from_camera[f];
      Keyframe next = MakeKeyframe(f, gray[f], depth[f], last_pose, camera, params);
      // Keep the old keyframe when the new one has nothing to track (a
      // textureless frame): frames can still be placed against the old one.
      if (static_cast<int>(next.pixels.size()) >= params.min_inliers) {
        kf = std::move(next);
        path.keyframes.push_back(f);
        window = {{f, last_pose}};
      }
    }
    if (on_frame) on_frame();
  }
  close_window();
  // Lost frames after the last placed frame keep the last known pose, which
  // the bundle adjustment may have refined.
  Eigen::Isometry3d known = path.world_from_camera[0];
  for (int f = 0; f < n; ++f) {
    if (path.lost[f]) path.world_from_camera[f] = known;
    else known = path.world_from_camera[f];
  }
  return path;
}

}  // namespace dolly::odometry
