#include "libs/controls/object_map.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

void CheckSize(int width, int height) {
  if (width <= 0 || height <= 0) {
    throw InvalidInputError("image size " + std::to_string(width) + "x" +
                            std::to_string(height) + " must be positive");
  }
}

uchar TruncateToUint8(double value) {
  return static_cast<uchar>(std::clamp(std::floor(value), 0.0, 255.0));
}

cv::Vec3b HsvKey(float x0, float y0, int width, int height) {
  return cv::Vec3b(TruncateToUint8(static_cast<double>(x0) / width * 180.0), 250,
                   TruncateToUint8(static_cast<double>(y0) / height * 180.0 + 50.0));
}

// One cvtColor over all keys: a 1x1 conversion per point dominates the
// render time for dense point sets.
std::vector<cv::Vec3b> ColoursFromKeys(std::vector<cv::Vec3b> hsv) {
  if (hsv.empty()) return hsv;
  cv::Mat keys(static_cast<int>(hsv.size()), 1, CV_8UC3, hsv.data());
  cv::Mat rgb;
  cv::cvtColor(keys, rgb, cv::COLOR_HSV2RGB);
  std::vector<cv::Vec3b> out(hsv.size());
  for (int i = 0; i < rgb.rows; ++i) out[i] = rgb.at<cv::Vec3b>(i, 0);
  return out;
}

bool Finite(float a, float b, float c, float d) {
  return std::isfinite(a) && std::isfinite(b) && std::isfinite(c) && std::isfinite(d);
}

}  // namespace

std::vector<double> NormaliseDepths(const std::vector<double>& depths, int num_points) {
  if (num_points < 0) throw InvalidInputError("point count " + std::to_string(num_points) + " is negative");
  if (depths.empty()) return std::vector<double>(num_points, 0.5);
  if (static_cast<int>(depths.size()) != num_points) {
    throw InvalidInputError("depths: " + std::to_string(depths.size()) + " values for " +
                            std::to_string(num_points) + " points");
  }
  for (double d : depths) {
    if (!std::isfinite(d)) throw InvalidInputError("depths: non-finite value");
  }
  const auto [lo, hi] = std::minmax_element(depths.begin(), depths.end());
  const double range = *hi - *lo;
  if (!(range > 0.0)) return std::vector<double>(num_points, 0.5);
  std::vector<double> out(depths.size());
  for (size_t i = 0; i < depths.size(); ++i) out[i] = (depths[i] - *lo) / range;
  return out;
}

std::vector<float> PacObjectMapDepths(const cv::Mat& depth,
                                      const std::vector<Eigen::Vector2d>& query_pixels) {
  if (depth.type() != CV_32FC1) throw InvalidInputError("object-map depth: expected a CV_32FC1 map");
  auto valid = [](float z) { return std::isfinite(z) && z > 0.0f; };
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (int y = 0; y < depth.rows; ++y) {
    const float* row = depth.ptr<float>(y);
    for (int x = 0; x < depth.cols; ++x) {
      if (!valid(row[x])) continue;
      lo = std::min(lo, row[x]);
      hi = std::max(hi, row[x]);
    }
  }
  const float range = hi - lo;  // float32, as numpy's scalar subtraction
  std::vector<float> out(query_pixels.size(), 0.5f);
  if (!(range > 0.0f)) return out;
  for (size_t i = 0; i < query_pixels.size(); ++i) {
    const Eigen::Vector2d& p = query_pixels[i];
    if (!p.allFinite() || std::abs(p.x()) > 1e9 || std::abs(p.y()) > 1e9) continue;
    // nearbyint rounds half to even in the default rounding mode, as numpy.
    const long x = static_cast<long>(std::nearbyint(p.x()));
    const long y = static_cast<long>(std::nearbyint(p.y()));
    if (x < 0 || y < 0 || x >= depth.cols || y >= depth.rows) continue;
    const float z = depth.at<float>(static_cast<int>(y), static_cast<int>(x));
    if (valid(z)) out[i] = (z - lo) / range;
  }
  return out;
}

int PacRadius(double depth) { return static_cast<int>(10.0 * (1.1 - depth)); }

cv::Vec3b PacColour(float x0, float y0, int width, int height) {
  CheckSize(width, height);
  return ColoursFromKeys({HsvKey(x0, y0, width, height)})[0];
}

cv::Mat RenderObjectMap(int width, int height, const std::vector<ControlPoint>& points) {
  CheckSize(width, height);
  std::vector<int> order;
  order.reserve(points.size());
  for (int i = 0; i < static_cast<int>(points.size()); ++i) {
    const ControlPoint& p = points[i];
    if (!p.visible) continue;
    if (!Finite(p.x, p.y, p.x0, p.y0)) {
      throw InvalidInputError("object map: point " + std::to_string(i) + " has a non-finite position");
    }
    if (!(p.depth >= 0.0 && p.depth <= 1.0)) {
      throw InvalidInputError("object map: point " + std::to_string(i) + " has depth " +
                              std::to_string(p.depth) + " outside [0, 1]");
    }
    const int r = PacRadius(p.depth);
    // Skipping discs that cannot touch the image also keeps cvRound in int range.
    if (p.x < -r - 1.0f || p.y < -r - 1.0f || p.x > width + r || p.y > height + r) continue;
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return points[a].depth > points[b].depth; });

  std::vector<cv::Vec3b> keys(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    keys[k] = HsvKey(points[order[k]].x0, points[order[k]].y0, width, height);
  }
  const std::vector<cv::Vec3b> colours = ColoursFromKeys(std::move(keys));

  cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(0));
  for (size_t k = 0; k < order.size(); ++k) {
    const ControlPoint& p = points[order[k]];
    const cv::Vec3b& c = colours[k];
    cv::circle(image, cv::Point(cvRound(p.x), cvRound(p.y)), PacRadius(p.depth),
               cv::Scalar(c[0], c[1], c[2]), cv::FILLED, cv::LINE_8);
  }
  return image;
}

cv::Mat RenderSphereMap(int width, int height, const std::vector<SpherePoint>& points,
                        double world_radius, const geometry::PinholeCamera& intrinsics) {
  CheckSize(width, height);
  if (!(world_radius > 0.0) || !std::isfinite(world_radius)) {
    throw InvalidInputError("sphere map: radius " + std::to_string(world_radius) + " must be positive");
  }
  if (!(intrinsics.fx > 0.0) || !(intrinsics.fy > 0.0)) {
    throw InvalidInputError("sphere map: focal lengths must be positive");
  }
  std::vector<cv::Vec3b> keys(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    keys[i] = HsvKey(points[i].x0, points[i].y0, width, height);
  }
  const std::vector<cv::Vec3b> colours = ColoursFromKeys(std::move(keys));

  cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(0));
  cv::Mat zbuffer(height, width, CV_64F, cv::Scalar::all(std::numeric_limits<double>::infinity()));
  for (size_t i = 0; i < points.size(); ++i) {
    const SpherePoint& p = points[i];
    if (!p.visible) continue;
    const Eigen::Vector3d& c = p.camera_position;
    if (!c.allFinite() || !std::isfinite(p.x0) || !std::isfinite(p.y0)) {
      throw InvalidInputError("sphere map: point " + std::to_string(i) + " has a non-finite position");
    }
    if (c.z() <= 0.0) continue;
    const double u = intrinsics.fx * c.x() / c.z() + intrinsics.cx;
    const double v = intrinsics.fy * c.y() / c.z() + intrinsics.cy;
    const double radius = p.radius > 0.0 ? p.radius : world_radius;
    const double r = intrinsics.fx * radius / c.z();
    // Clamped in double first: a point near z = 0 projects far out of int range.
    const int x_lo = static_cast<int>(std::clamp(std::ceil(u - r), 0.0, double(width)));
    const int x_hi = static_cast<int>(std::clamp(std::floor(u + r), -1.0, width - 1.0));
    const int y_lo = static_cast<int>(std::clamp(std::ceil(v - r), 0.0, double(height)));
    const int y_hi = static_cast<int>(std::clamp(std::floor(v + r), -1.0, height - 1.0));
    for (int y = y_lo; y <= y_hi; ++y) {
      double* z_row = zbuffer.ptr<double>(y);
      cv::Vec3b* rgb_row = image.ptr<cv::Vec3b>(y);
      for (int x = x_lo; x <= x_hi; ++x) {
        const double q = ((x - u) * (x - u) + (y - v) * (y - v)) / (r * r);
        if (q > 1.0) continue;
        // Front surface of the sphere along this pixel's ray (orthographic
        // approximation within the sphere), so spheres that intersect
        // get the right boundary rather than a centre-depth cut.
        const double z = c.z() - radius * std::sqrt(1.0 - q);
        if (z < z_row[x]) {
          z_row[x] = z;
          rgb_row[x] = colours[i];
        }
      }
    }
  }
  return image;
}

}  // namespace dolly::controls
