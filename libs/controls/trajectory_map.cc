#include "libs/controls/trajectory_map.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

// Clamping keeps cvRound in int range; cv::line clips the rest. A sample
// beyond the clamp bends its segment, which no real track comes near.
cv::Point ToPixel(const TrackSample& s) {
  constexpr float kLimit = 1 << 20;
  return cv::Point(cvRound(std::clamp(s.x, -kLimit, kLimit)), cvRound(std::clamp(s.y, -kLimit, kLimit)));
}

// Python's int() of a float: toward zero, clamped like ToPixel.
cv::Point Truncate(const TrackSample& s) {
  constexpr float kLimit = 1 << 20;
  return cv::Point(static_cast<int>(std::trunc(std::clamp(s.x, -kLimit, kLimit))),
                   static_cast<int>(std::trunc(std::clamp(s.y, -kLimit, kLimit))));
}

void RequireFinite(const TrackSample& s, size_t track, int frame) {
  if (s.visible && !(std::isfinite(s.x) && std::isfinite(s.y))) {
    throw InvalidInputError("trajectory map: track " + std::to_string(track) + " frame " +
                            std::to_string(frame) + " is visible with a non-finite position");
  }
}

}  // namespace

cv::Mat RenderPoseTrajMap(int width, int height, const std::vector<Track>& tracks, int frame,
                          int frame_count) {
  if (width <= 0 || height <= 0) {
    throw InvalidInputError("posetraj trajectory map: image size " + std::to_string(width) + "x" +
                            std::to_string(height) + " must be positive");
  }
  if (frame < 0 || frame >= frame_count) {
    throw InvalidInputError("posetraj trajectory map: frame " + std::to_string(frame) +
                            " outside 0.." + std::to_string(frame_count - 1));
  }
  cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(0));
  if (frame == frame_count - 1) return image;  // PoseTraj pads the clip with a black map.
  for (size_t t = 0; t < tracks.size(); ++t) {
    if (static_cast<int>(tracks[t].size()) < frame + 2) {
      throw InvalidInputError("posetraj trajectory map: track " + std::to_string(t) + " has " +
                              std::to_string(tracks[t].size()) + " samples, map " +
                              std::to_string(frame) + " needs " + std::to_string(frame + 2));
    }
    RequireFinite(tracks[t][frame], t, frame);
    RequireFinite(tracks[t][frame + 1], t, frame + 1);
  }
  // Thickness and radius are PoseTraj's constants, not a style: its
  // ControlNet was trained on exactly these.
  constexpr int kThickness = 3;
  constexpr int kRadius = 3;
  const cv::Scalar red(255, 0, 0);
  const cv::Scalar green(0, 255, 0);
  for (const Track& track : tracks) {
    const TrackSample& from = track[frame];
    const TrackSample& to = track[frame + 1];
    if (from.visible && to.visible) {
      cv::line(image, Truncate(from), Truncate(to), red, kThickness, cv::LINE_8);
    }
    if (to.visible) cv::circle(image, Truncate(to), kRadius, green, cv::FILLED, cv::LINE_8);
  }
  return image;
}

cv::Mat RenderTrajectoryMap(int width, int height, const std::vector<Track>& tracks, int frame,
                            const TrajectoryStyle& style) {
  if (width <= 0 || height <= 0) {
    throw InvalidInputError("trajectory map: image size " + std::to_string(width) + "x" +
                            std::to_string(height) + " must be positive");
  }
  if (style.line_thickness <= 0 || style.dot_radius < 0) {
    throw InvalidInputError("trajectory map: line thickness must be positive and dot radius non-negative");
  }
  if (frame < 0) throw InvalidInputError("trajectory map: frame " + std::to_string(frame) + " is negative");
  for (size_t t = 0; t < tracks.size(); ++t) {
    if (static_cast<int>(tracks[t].size()) <= frame) {
      throw InvalidInputError("trajectory map: track " + std::to_string(t) + " has " +
                              std::to_string(tracks[t].size()) + " samples, frame " +
                              std::to_string(frame) + " requested");
    }
    for (int k = 0; k <= frame; ++k) RequireFinite(tracks[t][k], t, k);
  }

  const cv::Scalar red(255, 0, 0);
  const cv::Scalar green(0, 255, 0);
  cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(0));
  for (const Track& track : tracks) {
    for (int k = 1; k <= frame; ++k) {
      if (track[k - 1].visible && track[k].visible) {
        cv::line(image, ToPixel(track[k - 1]), ToPixel(track[k]), red, style.line_thickness, cv::LINE_8);
      }
    }
  }
  // Dots after every line, so another track's path never hides a current position.
  for (const Track& track : tracks) {
    if (track[frame].visible) {
      cv::circle(image, ToPixel(track[frame]), style.dot_radius, green, cv::FILLED, cv::LINE_8);
    }
  }
  return image;
}

}  // namespace dolly::controls
