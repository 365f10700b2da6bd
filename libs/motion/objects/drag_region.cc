#include "libs/motion/objects/drag_region.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace dolly::motion {
namespace {

bool Valid(float z) { return std::isfinite(z) && z > 0.0f; }

cv::Point Pixel(const Eigen::Vector2d& p, const cv::Size& size) {
  // (0,0) is the centre of the top-left pixel: rounding finds the pixel
  // whose footprint holds the point.
  return {std::clamp(static_cast<int>(std::lround(p.x())), 0, size.width - 1),
          std::clamp(static_cast<int>(std::lround(p.y())), 0, size.height - 1)};
}

// Step 1: the pixels reachable from the seed through 4-neighbours without
// crossing a depth discontinuity or a concave crease.
class ConvexGrowth {
 public:
  ConvexGrowth(const cv::Mat& depth, const DragRegionOptions& options)
      : depth_(depth), options_(options) {}

  cv::Mat From(cv::Point seed) const {
    cv::Mat in(depth_.size(), CV_8U, cv::Scalar(0));
    in.at<uint8_t>(seed) = 255;
    if (!Valid(depth_.at<float>(seed))) return in;
    std::deque<cv::Point> queue{seed};
    const cv::Point steps[] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    while (!queue.empty()) {
      const cv::Point p = queue.front();
      queue.pop_front();
      for (const cv::Point& s : steps) {
        const cv::Point q = p + s;
        if (!Inside(q) || in.at<uint8_t>(q) || !Joined(p, q) || Concave(q)) continue;
        in.at<uint8_t>(q) = 255;
        queue.push_back(q);
      }
    }
    return in;
  }

 private:
  bool Inside(cv::Point q) const {
    return q.x >= 0 && q.y >= 0 && q.x < depth_.cols && q.y < depth_.rows;
  }

  // Both have depth and no discontinuity lies between them.
  bool Joined(cv::Point a, cv::Point b) const {
    if (!Inside(a) || !Inside(b)) return false;
    const float za = depth_.at<float>(a), zb = depth_.at<float>(b);
    return Valid(za) && Valid(zb) &&
           std::max(za, zb) <= options_.depth_edge_ratio * std::min(za, zb);
  }

  // A plane's inverse depth w is affine in the pixel coordinates. Where two
  // surfaces meet at a crease, w's second difference across it is negative
  // for a convex crease (a box's edge, facing the camera) and positive for a
  // concave one (the box meeting the floor); a crease at any angle shows in
  // the x or the y difference with that sign. Stencils reaching across a
  // depth discontinuity are not taken.
  bool Concave(cv::Point q) const {
    const double wq = 1.0 / depth_.at<float>(q);
    const int k = options_.stencil;
    for (const cv::Point& s : {cv::Point(k, 0), cv::Point(0, k)}) {
      if (!Joined(q - s, q) || !Joined(q, q + s)) continue;
      const double second = 1.0 / depth_.at<float>(q - s) - 2.0 * wq + 1.0 / depth_.at<float>(q + s);
      if (second > options_.concavity * wq) return true;
    }
    return false;
  }

  const cv::Mat& depth_;
  const DragRegionOptions& options_;
};

// Step 2: GrabCut moves the boundary of `grown` by up to options.band pixels
// where the colours say the object ends elsewhere (depth maps estimated
// from a photograph blur their edges).
cv::Mat RefineByColour(const cv::Mat& rgb, const cv::Mat& grown, cv::Point seed,
                       const std::vector<Eigen::Vector2d>& pins,
                       const DragRegionOptions& options) {
  const cv::Size size = rgb.size();
  if (options.band <= 0) return grown.clone();
  const cv::Mat kernel = cv::getStructuringElement(
      cv::MORPH_ELLIPSE, cv::Size(2 * options.band + 1, 2 * options.band + 1));
  cv::Mat inner, outer;
  cv::erode(grown, inner, kernel);
  cv::dilate(grown, outer, kernel);
  cv::Mat mask(size, CV_8U, cv::Scalar(cv::GC_BGD));
  mask.setTo(cv::GC_PR_BGD, outer);
  mask.setTo(cv::GC_PR_FGD, grown);
  mask.setTo(cv::GC_FGD, inner);
  cv::circle(mask, seed, options.seed_radius, cv::GC_FGD, cv::FILLED);
  for (const Eigen::Vector2d& pin : pins) {
    cv::circle(mask, Pixel(pin, size), options.pin_radius, cv::GC_BGD, cv::FILLED);
  }
  mask.at<uint8_t>(seed) = cv::GC_FGD;
  // GrabCut needs samples of both colour models.
  const int background = cv::countNonZero((mask == cv::GC_BGD) | (mask == cv::GC_PR_BGD));
  if (background == 0) return grown.clone();
  cv::Mat bgr, bgd_model, fgd_model;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  cv::grabCut(bgr, mask, cv::Rect(), bgd_model, fgd_model, options.iterations,
              cv::GC_INIT_WITH_MASK);
  return (mask == cv::GC_FGD) | (mask == cv::GC_PR_FGD);
}

// Step 3: the 8-connected component of `foreground` holding `seed`, with
// the holes it encloses (background components that do not reach the image
// border) filled, except at pins.
cv::Mat SeedComponent(const cv::Mat& foreground, cv::Point seed,
                      const std::vector<Eigen::Vector2d>& pins, int pin_radius) {
  cv::Mat labels;
  cv::connectedComponents(foreground, labels, 8, CV_32S);
  cv::Mat region = labels == labels.at<int>(seed);
  cv::Mat outside;
  const int n = cv::connectedComponents(~region, outside, 4, CV_32S);
  std::vector<bool> touches(n, false);
  for (int x = 0; x < region.cols; ++x) {
    touches[outside.at<int>(0, x)] = true;
    touches[outside.at<int>(region.rows - 1, x)] = true;
  }
  for (int y = 0; y < region.rows; ++y) {
    touches[outside.at<int>(y, 0)] = true;
    touches[outside.at<int>(y, region.cols - 1)] = true;
  }
  for (int y = 0; y < region.rows; ++y) {
    for (int x = 0; x < region.cols; ++x) {
      const int c = outside.at<int>(y, x);
      if (c != 0 && !touches[c]) region.at<uint8_t>(y, x) = 255;
    }
  }
  for (const Eigen::Vector2d& pin : pins) {
    cv::circle(region, Pixel(pin, region.size()), pin_radius, 0, cv::FILLED);
  }
  region.at<uint8_t>(seed) = 255;
  return region;
}

}  // namespace

cv::Mat DragRegion(const cv::Mat& rgb, const cv::Mat& depth, const Eigen::Vector2d& seed,
                   const std::vector<Eigen::Vector2d>& pins, const DragRegionOptions& options) {
  if (rgb.type() != CV_8UC3 || depth.type() != CV_32FC1 || rgb.size() != depth.size() ||
      rgb.empty()) {
    throw std::invalid_argument(
        "DragRegion: needs an 8-bit RGB image and a float depth map of the same size");
  }
  if (!(seed.x() >= -0.5 && seed.x() < rgb.cols - 0.5 && seed.y() >= -0.5 &&
        seed.y() < rgb.rows - 0.5)) {
    throw std::invalid_argument("DragRegion: the seed is outside the image");
  }
  const cv::Point s = Pixel(seed, rgb.size());
  const cv::Mat grown = ConvexGrowth(depth, options).From(s);
  const cv::Mat refined = RefineByColour(rgb, grown, s, pins, options);
  return SeedComponent(refined, s, pins, options.pin_radius);
}

double MaskIou(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size()) throw std::invalid_argument("MaskIou: masks differ in size");
  const int inter = cv::countNonZero((a != 0) & (b != 0));
  const int uni = cv::countNonZero((a != 0) | (b != 0));
  return uni == 0 ? 0.0 : static_cast<double>(inter) / uni;
}

}  // namespace dolly::motion
