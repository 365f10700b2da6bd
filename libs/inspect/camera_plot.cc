#include "libs/inspect/camera_plot.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <Eigen/Geometry>
#include <opencv2/imgproc.hpp>

#include "libs/inspect/palette.h"
#include "libs/inspect/plot_panel.h"

namespace dolly::inspect {
namespace {

// Which world axes a view shows: horizontal, vertical.
struct View {
  int h, v;
  bool v_up;
  const char* title;
  const char* h_label;
  const char* v_label;
};

constexpr View kViews[] = {
    {0, 2, true, "top view", "x (right)", "z (forward)"},
    {2, 1, false, "side view", "z (forward)", "y (down)"},
};

// Corners of the frustum's far rectangle in the world, then the centre.
std::array<Eigen::Vector3d, 5> FrustumPoints(const CameraPlotPose& pose,
                                             const FrustumShape& shape, double size) {
  const Eigen::Vector3d corners[4] = {{shape.left, shape.top, 1},
                                      {shape.right, shape.top, 1},
                                      {shape.right, shape.bottom, 1},
                                      {shape.left, shape.bottom, 1}};
  std::array<Eigen::Vector3d, 5> points;
  for (int i = 0; i < 4; ++i) points[i] = pose.rotation * (corners[i] * size) + pose.position;
  points[4] = pose.position;
  return points;
}

}  // namespace

CameraPlotPose ToPlotPose(const schema::Pose& world_from_camera) {
  const schema::Quaternion& q = world_from_camera.rotation;
  const schema::Vec3& t = world_from_camera.translation;
  CameraPlotPose pose;
  pose.rotation = Eigen::Quaterniond(q.w, q.x, q.y, q.z).normalized().toRotationMatrix();
  pose.position = Eigen::Vector3d(t.x, t.y, t.z);
  return pose;
}

FrustumShape FrustumFromIntrinsics(const schema::Intrinsics& k) {
  FrustumShape shape;
  shape.left = (-0.5 - k.cx) / k.fx;
  shape.right = (k.width - 0.5 - k.cx) / k.fx;
  shape.top = (-0.5 - k.cy) / k.fy;
  shape.bottom = (k.height - 0.5 - k.cy) / k.fy;
  return shape;
}

cv::Mat DrawCameraPath(const std::vector<CameraPlotPose>& poses, const FrustumShape& frustum,
                       const std::string& title) {
  cv::Mat image(kCameraPlotHeight, kCameraPlotWidth, CV_8UC3, cv::Scalar(255, 255, 255));
  const int n = static_cast<int>(poses.size());

  Eigen::Vector3d lo = n > 0 ? poses[0].position : Eigen::Vector3d::Zero().eval();
  Eigen::Vector3d hi = lo;
  for (const CameraPlotPose& pose : poses) {
    lo = lo.cwiseMin(pose.position);
    hi = hi.cwiseMax(pose.position);
  }
  const double extent = (hi - lo).maxCoeff();
  // Frusta a fraction of the path's size; a camera that stays put gets unit ones.
  const double size = extent > 1e-9 ? 0.12 * extent : 1.0;
  const int stride = std::max(1, n / 10);
  const auto has_frustum = [&](int i) { return i % stride == 0 || i == n - 1; };
  const auto time_color = [&](int i) {
    return ToScalar(MapColor(n > 1 ? static_cast<double>(i) / (n - 1) : 0.0));
  };

  const int title_height = 40;
  const int panel_width = kCameraPlotWidth / 2;
  for (int view_index = 0; view_index < 2; ++view_index) {
    const View& view = kViews[view_index];
    Range2 range;
    for (int i = 0; i < n; ++i) {
      range.Include(poses[i].position[view.h], poses[i].position[view.v]);
      if (!has_frustum(i)) continue;
      for (const Eigen::Vector3d& p : FrustumPoints(poses[i], frustum, size)) {
        range.Include(p[view.h], p[view.v]);
      }
    }
    PlotPanel panel(&image,
                    cv::Rect(view_index * panel_width, title_height, panel_width,
                             kCameraPlotHeight - title_height),
                    range, view.v_up);
    panel.DrawAxes(view.title, view.h_label, view.v_label);
    const auto pixel = [&](const Eigen::Vector3d& p) { return panel.ToPixel(p[view.h], p[view.v]); };

    for (int i = 0; i < n; ++i) {
      if (!has_frustum(i)) continue;
      const auto points = FrustumPoints(poses[i], frustum, size);
      const cv::Scalar color = time_color(i);
      for (int c = 0; c < 4; ++c) {
        cv::line(image, pixel(points[4]), pixel(points[c]), color, 1, cv::LINE_AA);
        cv::line(image, pixel(points[c]), pixel(points[(c + 1) % 4]), color, 1, cv::LINE_AA);
      }
    }
    for (int i = 1; i < n; ++i) {
      cv::line(image, pixel(poses[i - 1].position), pixel(poses[i].position), time_color(i), 2,
               cv::LINE_AA);
    }
    if (n > 0) {
      cv::circle(image, pixel(poses[0].position), 5, cv::Scalar(0, 0, 0), -1, cv::LINE_AA);
      cv::putText(image, "start", pixel(poses[0].position) + cv::Point(8, -8),
                  cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    if (n > 1) {
      const cv::Point end = pixel(poses[n - 1].position);
      cv::rectangle(image, end - cv::Point(4, 4), end + cv::Point(4, 4), cv::Scalar(0, 0, 0), -1);
      cv::putText(image, "end", end + cv::Point(8, -8), cv::FONT_HERSHEY_SIMPLEX, 0.45,
                  cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
  }
  cv::putText(image, title, cv::Point(16, 26), cv::FONT_HERSHEY_SIMPLEX, 0.6,
              cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  return image;
}

}  // namespace dolly::inspect
