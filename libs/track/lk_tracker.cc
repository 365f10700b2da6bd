#include "libs/track/lk_tracker.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <opencv2/core/utility.hpp>
#include <opencv2/video/tracking.hpp>

#include "libs/track/affine_align.h"
#include "libs/track/global_motion.h"
#include "libs/track/neighbours.h"

namespace dolly::track {
namespace {

using Pyramid = std::vector<cv::Mat>;

// Each frame's pyramid is built once per pass and shared by the forward,
// backward and re-alignment LK calls (a bare calcOpticalFlowPyrLK on images
// rebuilds both pyramids on every call). Query frames' pyramids stay cached
// for re-alignment; other frames are evicted once the pass moves on.
class PyramidCache {
 public:
  PyramidCache(const std::vector<cv::Mat>& gray, const LkOptions& options,
               std::set<int64_t> keep)
      : gray_(gray), options_(options), keep_(std::move(keep)) {}

  const Pyramid& Get(int64_t frame) {
    auto it = cache_.find(frame);
    if (it != cache_.end()) return it->second;
    Pyramid& pyr = cache_[frame];
    cv::buildOpticalFlowPyramid(gray_[frame], pyr, cv::Size(options_.window, options_.window),
                                options_.levels, true);
    return pyr;
  }

  // Drops pyramids other than query frames' and a, b.
  void Keep(int64_t a, int64_t b) {
    for (auto it = cache_.begin(); it != cache_.end();) {
      if (it->first != a && it->first != b && !keep_.count(it->first)) {
        it = cache_.erase(it);
      } else {
        ++it;
      }
    }
  }

 private:
  const std::vector<cv::Mat>& gray_;
  const LkOptions& options_;
  std::set<int64_t> keep_;
  std::map<int64_t, Pyramid> cache_;
};

// Phase correlation on copies at most this many pixels a side (coarse, so
// cheap; still a few pixels' precision, which LK refines), accepted above
// this peak response. A pure translation peaks at 0.85, unrelated noise
// images at about 0.17, and an 80 px pan of a 256 px wide orbit shot
// between 0.1 and 0.3: the bar is low because a wrong shift costs only the
// restarted points' failed alignments.
constexpr int kPhaseSide = 160;
constexpr double kPhaseResponse = 0.1;
// The camera's motion: inliers within this many pixels, at least this many.
constexpr float kGlobalThreshold = 1.0f;
constexpr int kGlobalMinInliers = 8;
constexpr size_t kGlobalMaxPoints = 256;

bool InImage(const cv::Point2f& p, const cv::Size& size) {
  return p.x >= -0.5f && p.x < size.width - 0.5f && p.y >= -0.5f && p.y < size.height - 0.5f;
}

class Tracker {
 public:
  Tracker(const std::vector<cv::Mat>& gray, const std::vector<QueryPoint>& queries,
          const LkOptions& options, const std::function<void()>& progress)
      : gray_(gray), queries_(queries), options_(options), progress_(progress),
        win_(options.window, options.window),
        criteria_(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, options.max_iterations,
                  options.epsilon),
        carry_criteria_(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, options.carry_iterations,
                        options.carry_epsilon) {}

  TrackResult Run() {
    const size_t t = gray_.size(), n = queries_.size();
    result_.positions.assign(t, std::vector<cv::Point2f>(n));
    result_.visibility.assign(t, std::vector<uint8_t>(n, 0));
    result_.confidence.assign(t, std::vector<float>(n, 0.0f));
    std::set<int64_t> query_frames;
    bool any_later_query = false;
    for (size_t i = 0; i < n; ++i) {
      const QueryPoint& q = queries_[i];
      result_.positions[q.frame][i] = cv::Point2f(q.x, q.y);
      result_.visibility[q.frame][i] = 1;
      result_.confidence[q.frame][i] = 1.0f;
      query_frames.insert(q.frame);
      any_later_query |= q.frame > 0;
    }
    if (options_.affine_radius > 0) {
      templates_.resize(n);
      warps_.resize(n);
      for (size_t i = 0; i < n; ++i) {
        const QueryPoint& q = queries_[i];
        templates_[i] = AffineTemplate(gray_[q.frame], cv::Point2f(q.x, q.y), options_.affine_radius);
      }
      FindNeighbours();
    }
    // Query frames' pyramids are needed again only by the chained mode's
    // re-alignment (the anchored mode keeps its own small templates).
    const std::set<int64_t> keep = options_.realign_interval > 0 && options_.affine_radius <= 0
                                       ? query_frames
                                       : std::set<int64_t>();
    {
      PyramidCache cache(gray_, options_, keep);
      StartPass();
      for (size_t b = 1; b < t; ++b) Step(&cache, b - 1, b, true);
    }
    // Backward pass: only points queried after frame 0 have frames before
    // their query frame.
    if (any_later_query) {
      PyramidCache cache(gray_, options_, keep);
      StartPass();
      for (int64_t b = static_cast<int64_t>(t) - 2; b >= 0; --b) Step(&cache, b + 1, b, false);
    }
    return std::move(result_);
  }

 private:
  // Neighbours among the points queried in the same frame, by their query
  // positions; the search radius scales with the points' spacing.
  void FindNeighbours() {
    neighbours_.assign(queries_.size(), {});
    if (options_.neighbours <= 0) return;
    std::map<int64_t, std::vector<int>> by_frame;
    for (size_t i = 0; i < queries_.size(); ++i) by_frame[queries_[i].frame].push_back(static_cast<int>(i));
    const double area = static_cast<double>(gray_[0].cols) * gray_[0].rows;
    for (const auto& [frame, members] : by_frame) {
      std::vector<cv::Point2f> points;
      for (int i : members) points.emplace_back(queries_[i].x, queries_[i].y);
      const float spacing = static_cast<float>(std::sqrt(area / members.size()));
      const float radius = std::clamp(3.0f * spacing, 4.0f, 48.0f);
      const auto found = NearestNeighbours(points, options_.neighbours, radius);
      for (size_t m = 0; m < members.size(); ++m) {
        for (int j : found[m]) neighbours_[members[m]].push_back(members[j]);
      }
    }
  }

  // Where the neighbours of point i moved from a to b: the median of the
  // displacements of those visible in a and anchored in b, if there are at
  // least 3.
  bool NeighbourMotion(int i, int64_t a, int64_t b, const std::vector<uint8_t>& anchored,
                       cv::Point2f* motion) const {
    std::vector<float> dx, dy;
    // Same-surface test: a neighbour counts only if it moved like point i
    // in the step before, since neighbours across a silhouette move
    // differently. A hidden point's step is the one it was carried by
    // (itself from neighbours that moved as it did), so the neighbours
    // sliding over it, on the object that covers it, do not count.
    const int64_t prev = a + (a - b);
    const int64_t q = queries_[i].frame;
    const bool history = prev >= 0 && prev < static_cast<int64_t>(result_.visibility.size()) &&
                         (b > a ? q <= prev : q >= prev);
    const cv::Point2f step_i =
        history ? result_.positions[a][i] - result_.positions[prev][i] : cv::Point2f();
    for (int j : neighbours_[i]) {
      if (!result_.visibility[a][j] || !anchored[j]) continue;
      if (history && options_.affinity > 0.0f) {
        if (!result_.visibility[prev][j]) continue;
        const cv::Point2f step_j = result_.positions[a][j] - result_.positions[prev][j];
        if (cv::norm(step_j - step_i) > options_.affinity) continue;
      }
      dx.push_back(result_.positions[b][j].x - result_.positions[a][j].x);
      dy.push_back(result_.positions[b][j].y - result_.positions[a][j].y);
    }
    if (dx.size() < 3) return false;
    std::nth_element(dx.begin(), dx.begin() + dx.size() / 2, dx.end());
    std::nth_element(dy.begin(), dy.begin() + dy.size() / 2, dy.end());
    *motion = cv::Point2f(dx[dx.size() / 2], dy[dy.size() / 2]);
    return true;
  }

  void StartPass() {
    if (options_.affine_radius <= 0) return;
    warps_.assign(queries_.size(), AffineWarp());
    chained_.resize(queries_.size());
    for (size_t i = 0; i < queries_.size(); ++i) {
      chained_[i] = cv::Point2f(queries_[i].x, queries_[i].y);
      warps_[i].position = chained_[i];
    }
  }

  // Propagates from frame a to frame b (b = a +- 1) every point whose query
  // frame is at or behind a in this direction.
  void Step(PyramidCache* cache, int64_t a, int64_t b, bool forward) {
    if (options_.affine_radius > 0) {
      StepAnchored(cache, a, b, forward);
      return;
    }
    const size_t n = queries_.size();
    std::vector<int> active;
    std::vector<cv::Point2f> from;
    for (size_t i = 0; i < n; ++i) {
      const int64_t q = queries_[i].frame;
      if (forward ? q > a : q < a) continue;  // not started in this direction yet
      if (result_.visibility[a][i]) {
        active.push_back(static_cast<int>(i));
        from.push_back(result_.positions[a][i]);
      } else {
        // Lost earlier: stays invisible, holding its last reliable position.
        result_.positions[b][i] = result_.positions[a][i];
      }
    }
    const Pyramid& pa = cache->Get(a);
    const Pyramid& pb = cache->Get(b);
    if (!active.empty()) {
      std::vector<cv::Point2f> to, back;
      std::vector<uint8_t> status, back_status;
      std::vector<float> error, back_error;
      cv::calcOpticalFlowPyrLK(pa, pb, from, to, status, error, win_, options_.levels, criteria_);
      if (options_.refine_window > 0) {
        // Refinement on the finest level with a small window, started at the
        // coarse result: a large window near a silhouette is dominated by the
        // stronger edges of whatever surface lies beside the point.
        std::vector<cv::Point2f> refined = to;
        std::vector<uint8_t> refined_status;
        std::vector<float> refined_error;
        cv::calcOpticalFlowPyrLK(pa, pb, from, refined, refined_status, refined_error,
                                 cv::Size(options_.refine_window, options_.refine_window), 0,
                                 criteria_, cv::OPTFLOW_USE_INITIAL_FLOW);
        for (size_t k = 0; k < to.size(); ++k) {
          if (refined_status[k] && cv::norm(refined[k] - to[k]) <= options_.realign_tolerance) {
            to[k] = refined[k];
            error[k] = refined_error[k];
          }
        }
      }
      // Backward check: track the forward results back to frame a. By
      // default it starts at the forward result with the full pyramid. With
      // fb_levels >= 0 it starts at the point's position in frame a and uses
      // only that many pyramid levels: much cheaper, and still a real check,
      // since a wrong forward match leaves a patch that the backward LK
      // cannot settle on (large FB or patch error), but it can miss a wrong
      // match whose patch happens to align with the original one.
      if (options_.fb_levels >= 0) {
        back = from;
        // The same (refinement) window as the final forward step, so both
        // directions weigh the same pixels.
        const cv::Size back_win = options_.refine_window > 0
                                      ? cv::Size(options_.refine_window, options_.refine_window)
                                      : win_;
        cv::calcOpticalFlowPyrLK(pb, pa, to, back, back_status, back_error, back_win,
                                 std::min(options_.fb_levels, options_.levels), criteria_,
                                 cv::OPTFLOW_USE_INITIAL_FLOW);
      } else {
        cv::calcOpticalFlowPyrLK(pb, pa, to, back, back_status, back_error, win_,
                                 options_.levels, criteria_);
      }
      const cv::Size size = gray_[b].size();
      for (size_t k = 0; k < active.size(); ++k) {
        const int i = active[k];
        const float fb = static_cast<float>(cv::norm(back[k] - from[k]));
        const bool ok = status[k] && back_status[k] && std::isfinite(to[k].x) &&
                        std::isfinite(to[k].y) && InImage(to[k], size) &&
                        fb <= options_.fb_threshold && error[k] <= options_.max_patch_error;
        if (ok) {
          result_.positions[b][i] = to[k];
          result_.visibility[b][i] = 1;
          result_.confidence[b][i] = std::exp(-fb / options_.fb_threshold) *
                                     std::exp(-error[k] / options_.max_patch_error);
        } else {
          result_.positions[b][i] = from[k];
        }
      }
    }
    Realign(cache, b, forward);
    cache->Keep(a, b);
    if (progress_) progress_();
  }

  // A sudden pan moves everything beyond LK's reach, so most points fail
  // to align from LK's position: when more than jump_share of those
  // visible in a did, LK runs again for them from the whole-image
  // translation between a and b (phase correlation), and they are aligned
  // again from there. *to, *status, *error are updated for those points.
  template <typename Align>
  void RecoverJump(const Pyramid& pa, const Pyramid& pb, int64_t a, int64_t b,
                   const std::vector<int>& active, const std::vector<cv::Point2f>& from,
                   const std::vector<int>& visible_slots, const std::vector<uint8_t>& anchored,
                   std::vector<cv::Point2f>* to, std::vector<uint8_t>* status,
                   std::vector<float>* error, const Align& align) {
    std::vector<int> failed;
    for (int k : visible_slots) {
      if (!anchored[active[k]]) failed.push_back(k);
    }
    if (failed.empty() || failed.size() <= options_.jump_share * visible_slots.size()) return;
    const std::optional<cv::Point2f> shift =
        PhaseShift(gray_[a], gray_[b], kPhaseSide, kPhaseResponse);
    if (!shift) return;
    std::vector<cv::Point2f> start, end;
    for (int k : failed) {
      start.push_back(from[k]);
      end.push_back(from[k] + *shift);
    }
    std::vector<uint8_t> again_status;
    std::vector<float> again_error;
    cv::calcOpticalFlowPyrLK(pa, pb, start, end, again_status, again_error, win_, options_.levels,
                             carry_criteria_, cv::OPTFLOW_USE_INITIAL_FLOW);
    for (size_t c = 0; c < failed.size(); ++c) {
      (*to)[failed[c]] = end[c];
      (*status)[failed[c]] = again_status[c];
      (*error)[failed[c]] = again_error[c];
    }
    align(failed);
  }

  // Whether a step of point i from a to b, with no neighbours to compare
  // it with, moves with the camera or as the point itself moved in the
  // step before: LK on a point that an object starts to cover follows the
  // object, which does neither.
  bool Plausible(int i, int64_t a, int64_t b, const cv::Point2f& step, const GlobalMotion& global,
                 const cv::Point2f& from) const {
    const float tolerance = options_.affine_tolerance;
    if (cv::norm(from + step - global.Apply(from)) <= tolerance) return true;
    const int64_t prev = a + (a - b);
    if (prev < 0 || prev >= static_cast<int64_t>(result_.visibility.size()) ||
        !result_.visibility[prev][i]) {
      return false;
    }
    const cv::Point2f last = result_.positions[a][i] - result_.positions[prev][i];
    return cv::norm(step - last) <= tolerance;
  }

  // The camera's motion from a to b: a robust homography over the points
  // visible in a and aligned in b.
  std::optional<GlobalMotion> StepMotion(int64_t a, int64_t b, const std::vector<int>& active,
                                         const std::vector<uint8_t>& anchored) const {
    std::vector<int> used;
    for (int i : active) {
      if (anchored[i] && result_.visibility[a][i]) used.push_back(i);
    }
    // An even subsample: the fit's cost grows with the points, its
    // accuracy hardly beyond a few hundred.
    const size_t stride = (used.size() + kGlobalMaxPoints - 1) / kGlobalMaxPoints;
    std::vector<cv::Point2f> start, end;
    for (size_t k = 0; k < used.size(); k += std::max<size_t>(stride, 1)) {
      start.push_back(result_.positions[a][used[k]]);
      end.push_back(result_.positions[b][used[k]]);
    }
    return FitGlobalMotion(start, end, kGlobalThreshold, kGlobalMinInliers);
  }

  // Query-anchored step (affine_radius > 0). Every started point, visible
  // or not, is carried from a to b by pyramidal LK; the affine alignment of
  // its query-frame patch then gives its position.
  // - Phase 0, points visible in a: aligned from LK's position. Accepted
  //   (visible; confidence inlier fraction x exp(-centre error /
  //   occlusion_error)) when it converges within affine_tolerance of its
  //   start, with a matching centre and enough inliers.
  // - Phase 1, the rest: a second start from the median motion of the
  //   neighbours accepted in phase 0 (NeighbourMotion), since LK on a point
  //   that is being covered follows whatever covers it; hidden points also
  //   try LK's position. Points still not aligned are carried on by that
  //   neighbour motion (else by LK), invisible, unless (lk_fallback) they
  //   were visible in a, the LK step passes the forward-backward and
  //   patch-error checks and agrees with the neighbours within
  //   affine_tolerance: then they stay visible at LK's position with half
  //   the confidence. That keeps points the alignment cannot settle (a
  //   patch that is one edge, a face turning away); the alignment corrects
  //   them as soon as it settles again.
  // A hidden point is found again when it reappears near where its
  // neighbours carried it.
  void StepAnchored(PyramidCache* cache, int64_t a, int64_t b, bool forward) {
    const size_t n = queries_.size();
    std::vector<int> active;
    std::vector<cv::Point2f> from;
    for (size_t i = 0; i < n; ++i) {
      const int64_t q = queries_[i].frame;
      if (forward ? q > a : q < a) continue;
      active.push_back(static_cast<int>(i));
      from.push_back(chained_[i]);
    }
    const Pyramid& pa = cache->Get(a);
    const Pyramid& pb = cache->Get(b);
    if (!active.empty()) {
      std::vector<cv::Point2f> to;
      std::vector<uint8_t> status;
      std::vector<float> error;
      cv::calcOpticalFlowPyrLK(pa, pb, from, to, status, error, win_, options_.levels,
                               carry_criteria_);
      // Forward-backward errors, for the LK fallback: computed after phase
      // 0 for the points it did not align (most are aligned).
      std::vector<float> fb_error(active.size(), std::numeric_limits<float>::infinity());
      auto check_fallback_candidates = [&](const std::vector<uint8_t>& anchored) {
        if (!options_.lk_fallback) return;
        std::vector<int> slots;
        std::vector<cv::Point2f> forward_to, back;
        for (size_t k = 0; k < active.size(); ++k) {
          const int i = active[k];
          if (anchored[i] || !result_.visibility[a][i] || !status[k]) continue;
          slots.push_back(static_cast<int>(k));
          forward_to.push_back(to[k]);
          back.push_back(from[k]);
        }
        if (slots.empty()) return;
        std::vector<uint8_t> back_status;
        std::vector<float> back_error;
        cv::calcOpticalFlowPyrLK(pb, pa, forward_to, back, back_status, back_error, win_,
                                 std::min(std::max(options_.fb_levels, 0), options_.levels),
                                 carry_criteria_, cv::OPTFLOW_USE_INITIAL_FLOW);
        for (size_t c = 0; c < slots.size(); ++c) {
          if (back_status[c]) fb_error[slots[c]] = static_cast<float>(cv::norm(back[c] - from[slots[c]]));
        }
      };
      const cv::Size size = gray_[b].size();
      // Within a phase each point is independent: spread over the cores,
      // as OpenCV does with the LK calls. Phase 1 reads only what phase 0
      // wrote.
      std::vector<uint8_t> anchored(n, 0);
      auto accept = [&](int i, const AffineWarp& warp, const AffineAlignResult& r,
                        const cv::Point2f& start) {
        if (!(r.converged && InImage(warp.position, size) &&
              cv::norm(warp.position - start) <= options_.affine_tolerance &&
              r.centre_error <= options_.occlusion_error &&
              r.inlier_fraction >= options_.min_inliers)) {
          return false;
        }
        warps_[i] = warp;
        chained_[i] = warp.position;
        result_.positions[b][i] = warp.position;
        result_.visibility[b][i] = 1;
        result_.confidence[b][i] =
            r.inlier_fraction * std::exp(-r.centre_error / options_.occlusion_error);
        return true;
      };
      auto moved = [&](size_t k) {
        return status[k] && std::isfinite(to[k].x) && std::isfinite(to[k].y) &&
               InImage(to[k], size);
      };
      // Phase 0, points visible in a: aligned from LK's position.
      auto phase0 = [&](const std::vector<int>& slots) {
        cv::parallel_for_(cv::Range(0, static_cast<int>(slots.size())), [&](const cv::Range& range) {
          for (int s = range.start; s < range.end; ++s) {
            const int k = slots[s];
            const int i = active[k];
            const cv::Point2f guess = moved(k) ? to[k] : from[k];
            AffineWarp warp = warps_[i];
            warp.position = guess;
            anchored[i] = accept(i, warp, templates_[i].Align(gray_[b], &warp, options_.affine), guess);
          }
        });
      };
      std::vector<int> visible_slots;
      for (size_t k = 0; k < active.size(); ++k) {
        if (result_.visibility[a][active[k]]) visible_slots.push_back(static_cast<int>(k));
      }
      phase0(visible_slots);
      if (options_.global_motion) RecoverJump(pa, pb, a, b, active, from, visible_slots, anchored,
                                              &to, &status, &error, phase0);
      const std::optional<GlobalMotion> global =
          options_.global_motion ? StepMotion(a, b, active, anchored) : std::nullopt;
      check_fallback_candidates(anchored);
      // Phase 1, the rest.
      cv::parallel_for_(cv::Range(0, static_cast<int>(active.size())), [&](const cv::Range& range) {
        for (int k = range.start; k < range.end; ++k) {
          const int i = active[k];
          if (anchored[i]) continue;
          const bool was_visible = result_.visibility[a][i] != 0;
          const bool lk_moved = moved(k);
          const cv::Point2f guess = lk_moved ? to[k] : from[k];
          auto try_start = [&](const cv::Point2f& start) {
            AffineWarp warp = warps_[i];
            warp.position = start;
            return accept(i, warp, templates_[i].Align(gray_[b], &warp, options_.affine), start);
          };
          cv::Point2f motion;
          const bool predicted = NeighbourMotion(i, a, b, anchored, &motion);
          const cv::Point2f by_neighbours = predicted ? from[k] + motion : guess;
          const float distinct = options_.affine_tolerance * 0.5f;
          // A hidden point comes back only near where it is predicted to
          // be (by its neighbours, else the camera): LK's guess follows
          // whatever covers it, and a look-alike patch there must not
          // take its place.
          if (!was_visible) {
            const cv::Point2f expected =
                predicted ? by_neighbours : global ? global->Apply(from[k]) : guess;
            if (cv::norm(guess - expected) <= options_.affine_tolerance && try_start(guess)) {
              continue;
            }
          }
          if (predicted && cv::norm(by_neighbours - guess) > distinct && try_start(by_neighbours)) {
            continue;
          }
          // The camera's motion: for points whose neighbours do not tell
          // (all hidden, or all failed with them).
          const cv::Point2f by_camera = global ? global->Apply(from[k]) : by_neighbours;
          if (global && cv::norm(by_camera - guess) > distinct &&
              (!predicted || cv::norm(by_camera - by_neighbours) > distinct) &&
              try_start(by_camera)) {
            continue;
          }
          // Not aligned: carried on by the neighbours where they tell, else
          // by the camera's motion, else by LK (which follows whatever
          // covers a point, so it comes last).
          const cv::Point2f carried = predicted ? by_neighbours : by_camera;
          chained_[i] = carried;
          result_.positions[b][i] = carried;
          if (options_.lk_fallback && lk_moved && was_visible &&
              error[k] <= options_.max_patch_error &&
              (predicted ? cv::norm(by_neighbours - guess) <= options_.affine_tolerance
                         : !global || Plausible(i, a, b, guess - from[k], *global, from[k]))) {
            const float fb = fb_error[k];
            if (fb <= options_.fb_threshold) {
              chained_[i] = guess;
              result_.positions[b][i] = guess;
              result_.visibility[b][i] = 1;
              result_.confidence[b][i] = 0.5f * std::exp(-fb / options_.fb_threshold);
            }
          }
        }
      });
    }
    cache->Keep(a, b);
    if (progress_) progress_();
  }

  // Every realign_interval frames from their query frame: re-aligns the
  // visible points of frame b against their query frame's patch, and tries
  // to re-acquire the lost ones at their last position (see lk_tracker.h).
  void Realign(PyramidCache* cache, int64_t b, bool forward) {
    const int k = options_.realign_interval;
    if (k <= 0) return;
    std::map<int64_t, std::vector<int>> by_query;
    for (size_t i = 0; i < queries_.size(); ++i) {
      const int64_t q = queries_[i].frame;
      if ((forward ? q >= b : q <= b) || std::llabs(b - q) % k != 0) continue;
      by_query[q].push_back(static_cast<int>(i));
    }
    const cv::Size size = gray_[b].size();
    for (const auto& [q, indices] : by_query) {
      std::vector<cv::Point2f> from, to;
      for (int i : indices) {
        from.emplace_back(queries_[i].x, queries_[i].y);
        to.push_back(result_.positions[b][i]);
      }
      const std::vector<cv::Point2f> chained = to;
      std::vector<uint8_t> status;
      std::vector<float> error;
      const Pyramid& pq = cache->Get(q);
      const Pyramid& pb = cache->Get(b);
      cv::calcOpticalFlowPyrLK(pq, pb, from, to, status, error, win_, options_.levels, criteria_,
                               cv::OPTFLOW_USE_INITIAL_FLOW);
      std::vector<int> candidates;  // lost points that match the query patch again
      std::vector<cv::Point2f> candidate_to;
      for (size_t j = 0; j < indices.size(); ++j) {
        const int i = indices[j];
        const bool match = status[j] && std::isfinite(to[j].x) && std::isfinite(to[j].y) &&
                           InImage(to[j], size) &&
                           cv::norm(to[j] - chained[j]) <= options_.realign_tolerance;
        if (result_.visibility[b][i]) {
          if (match && error[j] <= options_.max_patch_error) result_.positions[b][i] = to[j];
        } else if (options_.reacquire && match && error[j] <= options_.reacquire_error) {
          candidates.push_back(static_cast<int>(j));
          candidate_to.push_back(to[j]);
        }
      }
      if (candidates.empty()) continue;
      // A re-acquired point must also pass the forward-backward check
      // against its query frame.
      std::vector<cv::Point2f> back;
      std::vector<uint8_t> back_status;
      std::vector<float> back_error;
      cv::calcOpticalFlowPyrLK(pb, pq, candidate_to, back, back_status, back_error, win_,
                               options_.levels, criteria_);
      for (size_t c = 0; c < candidates.size(); ++c) {
        const int j = candidates[c];
        const float fb = static_cast<float>(cv::norm(back[c] - from[j]));
        if (!back_status[c] || !(fb <= options_.fb_threshold)) continue;
        const int i = indices[j];
        result_.positions[b][i] = candidate_to[c];
        result_.visibility[b][i] = 1;
        result_.confidence[b][i] = std::exp(-fb / options_.fb_threshold) *
                                   std::exp(-error[j] / options_.max_patch_error);
      }
    }
  }

  const std::vector<cv::Mat>& gray_;
  const std::vector<QueryPoint>& queries_;
  const LkOptions& options_;
  const std::function<void()>& progress_;
  const cv::Size win_;
  const cv::TermCriteria criteria_;
  const cv::TermCriteria carry_criteria_;
  TrackResult result_;
  std::vector<AffineTemplate> templates_;  // per point, from its query frame
  std::vector<AffineWarp> warps_;          // per point, last accepted (warm start)
  std::vector<cv::Point2f> chained_;       // per point, carried by LK in this pass
  std::vector<std::vector<int>> neighbours_;  // per point, by query position
};

}  // namespace

TrackResult TrackPoints(const std::vector<cv::Mat>& gray, const std::vector<QueryPoint>& queries,
                        const LkOptions& options, const std::function<void()>& progress) {
  return Tracker(gray, queries, options, progress).Run();
}

}  // namespace dolly::track
