#include "libs/shots/motion_continuity.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace dolly::shots {
namespace {

const cv::Size kWindow(15, 15);
constexpr int kLevels = 3;
// Fewer tracks than this fit some fundamental matrix whatever they are.
constexpr int kMinEpipolarTracks = 15;

// Forward-backward LK from `guess` (per point); fills the forward positions
// and each point's forward-backward error (infinity where either pass failed).
void TrackBothWays(const ShotFrame& a, const ShotFrame& b, const std::vector<cv::Point2f>& guess,
                   std::vector<cv::Point2f>* forward, std::vector<float>* fb_error) {
  const std::vector<cv::Point2f>& seeds = a.corners;
  const cv::TermCriteria stop(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 20, 0.03);
  *forward = guess;
  std::vector<uchar> ok_f, ok_b;
  std::vector<float> err;
  cv::calcOpticalFlowPyrLK(a.grey, b.grey, seeds, *forward, ok_f, err, kWindow, kLevels, stop,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  std::vector<cv::Point2f> back = seeds;
  cv::calcOpticalFlowPyrLK(b.grey, a.grey, *forward, back, ok_b, err, kWindow, kLevels, stop,
                           cv::OPTFLOW_USE_INITIAL_FLOW);
  fb_error->assign(seeds.size(), INFINITY);
  const cv::Rect inside(0, 0, b.grey.cols, b.grey.rows);
  for (size_t i = 0; i < seeds.size(); ++i) {
    if (!ok_f[i] || !ok_b[i] || !inside.contains((*forward)[i])) continue;
    (*fb_error)[i] = static_cast<float>(cv::norm(back[i] - seeds[i]));
  }
}

cv::Point2d PhaseShift(const ShotFrame& a, const ShotFrame& b) {
  cv::Mat fa, fb, window;
  a.grey.convertTo(fa, CV_32F);
  b.grey.convertTo(fb, CV_32F);
  cv::createHanningWindow(window, fa.size(), CV_32F);
  return cv::phaseCorrelate(fa, fb, window);
}

}  // namespace

MotionContinuity MeasureContinuity(const ShotFrame& previous, const ShotFrame& current,
                                   const ContinuityParams& params) {
  MotionContinuity out;
  out.seeded = static_cast<int>(previous.corners.size());
  out.shift = PhaseShift(previous, current);
  if (out.seeded == 0) return out;

  std::vector<cv::Point2f> forward, shifted_guess = previous.corners;
  std::vector<float> fb;
  TrackBothWays(previous, current, previous.corners, &forward, &fb);
  // A second start at the global shift: the pyramid alone may not reach a
  // sudden pan, and per point the start that tracks back better wins.
  if (std::hypot(out.shift.x, out.shift.y) > 2.0) {
    for (cv::Point2f& p : shifted_guess) p += cv::Point2f(out.shift);
    std::vector<cv::Point2f> forward2;
    std::vector<float> fb2;
    TrackBothWays(previous, current, shifted_guess, &forward2, &fb2);
    for (size_t i = 0; i < fb.size(); ++i) {
      if (fb2[i] < fb[i]) {
        fb[i] = fb2[i];
        forward[i] = forward2[i];
      }
    }
  }

  std::vector<cv::Point2f> from, to;
  for (size_t i = 0; i < fb.size(); ++i) {
    if (fb[i] > params.fb_max_px) continue;
    from.push_back(previous.corners[i]);
    to.push_back(forward[i]);
  }
  out.tracked = static_cast<int>(from.size());
  if (out.tracked < 4) {
    out.consistent = 0;
    return out;
  }
  // Parallax grows with the motion: a fast orbit leaves near and far points
  // off one homography by a share of their displacement.
  std::vector<float> moved;
  for (size_t i = 0; i < from.size(); ++i) moved.push_back(cv::norm(to[i] - from[i]));
  std::nth_element(moved.begin(), moved.begin() + moved.size() / 2, moved.end());
  const double tolerance = params.inlier_px + params.inlier_share * moved[moved.size() / 2];
  std::vector<uchar> inlier;
  const cv::Mat h = cv::findHomography(from, to, cv::RANSAC, tolerance, inlier, 500, 0.995);
  if (h.empty()) return out;
  for (uchar v : inlier) out.consistent += v != 0;
  // A large step of an orbit or a dolly leaves near and far points off any
  // one homography; the epipolar constraint holds for every static point.
  if (out.tracked >= kMinEpipolarTracks) {
    std::vector<uchar> on_epipolar;
    const cv::Mat f =
        cv::findFundamentalMat(from, to, cv::FM_RANSAC, params.epipolar_px, 0.995, 500, on_epipolar);
    if (f.rows == 3 && f.cols == 3) {
      int n = 0;
      for (uchar v : on_epipolar) n += v != 0;
      out.consistent = std::max(out.consistent, n);
    }
  }
  // Corners that the motion carries out of the frame cannot be followed: a
  // sudden pan must not read as a cut for them.
  std::vector<cv::Point2f> mapped;
  cv::perspectiveTransform(previous.corners, mapped, h);
  const float margin = 2.0f;
  out.in_view = 0;
  for (const cv::Point2f& p : mapped) {
    out.in_view += p.x >= margin && p.y >= margin && p.x < current.grey.cols - 1 - margin &&
                   p.y < current.grey.rows - 1 - margin;
  }
  out.in_view = std::max(out.in_view, out.consistent);
  return out;
}

}  // namespace dolly::shots
