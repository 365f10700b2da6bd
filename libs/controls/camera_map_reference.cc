#include "libs/controls/camera_map_reference.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Geometry>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace dolly::controls::reference {
namespace {

constexpr int kTexture = 1024;
constexpr int kQuadsPerSide = 16;
constexpr double kZNear = 0.01, kZFar = 200.0;

struct Vertex {
  Eigen::Vector3d view;  // PyTorch3D view space: x left, y up, z forward
  Eigen::Vector2d uv;
};

// One face of the cube: the corner at the lowest coordinates of its two
// in-plane axes, the two edge directions (200 long each) and the uv at the
// corner and its change along each edge, read off PAC's mesh.
struct Face {
  Eigen::Vector3d corner, edge1, edge2;
  Eigen::Vector2d uv, duv1, duv2;
};

std::vector<Face> Faces() {
  const Eigen::Vector3d X(200, 0, 0), Y(0, 200, 0), Z(0, 0, 200);
  return {
      {{-100, -100, -100}, Y, Z, {0.375, 0.25}, {0.25, 0}, {0, -0.25}},   // x = -100
      {{100, -100, -100}, Y, Z, {0.375, 0.5}, {0.25, 0}, {0, 0.25}},      // x = +100
      {{-100, -100, -100}, X, Z, {0.125, 0.5}, {0.25, 0}, {0, 0.25}},     // y = -100
      {{-100, 100, -100}, X, Z, {0.875, 0.5}, {-0.25, 0}, {0, 0.25}},     // y = +100
      {{-100, -100, -100}, X, Y, {0.375, 0.25}, {0, 0.25}, {0.25, 0}},    // z = -100
      {{-100, -100, 100}, X, Y, {0.375, 1.0}, {0, -0.25}, {0.25, 0}},     // z = +100
  };
}

cv::Mat CheckerTexture() {
  cv::Mat t(kTexture, kTexture, CV_8UC1, cv::Scalar(0));
  for (int i = 0; i < kTexture / 16; ++i) {
    for (int j = 0; j < kTexture / 16; ++j) {
      if ((i + j) % 2 == 1) t(cv::Rect(j * 16, i * 16, 16, 16)).setTo(255);
    }
  }
  return t;
}

// torch.nn.functional.grid_sample, bilinear, align_corners=True,
// padding_mode="border", on the vertically flipped map as TexturesUV does.
double GridSample(const cv::Mat& flipped, const Eigen::Vector2d& uv) {
  const double gx = uv.x() * 2.0 - 1.0, gy = uv.y() * 2.0 - 1.0;
  double ix = (gx + 1.0) / 2.0 * (flipped.cols - 1);
  double iy = (gy + 1.0) / 2.0 * (flipped.rows - 1);
  ix = std::min(std::max(ix, 0.0), double(flipped.cols - 1));
  iy = std::min(std::max(iy, 0.0), double(flipped.rows - 1));
  const int x0 = int(std::floor(ix)), y0 = int(std::floor(iy));
  double sum = 0.0;
  for (int dy = 0; dy < 2; ++dy) {
    for (int dx = 0; dx < 2; ++dx) {
      const int x = x0 + dx, y = y0 + dy;
      if (x < 0 || y < 0 || x >= flipped.cols || y >= flipped.rows) continue;
      const double w = (dx ? ix - x0 : 1.0 - (ix - x0)) * (dy ? iy - y0 : 1.0 - (iy - y0));
      sum += w * flipped.at<unsigned char>(y, x);
    }
  }
  return sum;
}

// rasterization_utils.h: the NDC coordinate of pixel index i along a side of
// S1 pixels when the other side has S2.
double PixToNonSquareNdc(int i, int s1, int s2) {
  const double range = s1 > s2 ? 2.0 * s1 / s2 : 2.0;
  const double offset = range / 2.0;
  return -offset + (range * i + offset) / s1;
}

// Sutherland-Hodgman against z >= z_clip; attributes are affine in 3D.
std::vector<Vertex> ClipNear(const std::vector<Vertex>& poly, double z_clip) {
  std::vector<Vertex> out;
  for (size_t i = 0; i < poly.size(); ++i) {
    const Vertex& a = poly[i];
    const Vertex& b = poly[(i + 1) % poly.size()];
    const bool a_in = a.view.z() >= z_clip, b_in = b.view.z() >= z_clip;
    if (a_in) out.push_back(a);
    if (a_in != b_in) {
      const double s = (z_clip - a.view.z()) / (b.view.z() - a.view.z());
      out.push_back({a.view + s * (b.view - a.view), a.uv + s * (b.uv - a.uv)});
    }
  }
  return out;
}

// softmax_rgb_blend with one face per pixel, probability 1.
double Blend(double colour, double zbuf) {
  const double eps = 1e-10, gamma = 1e-4;
  const double z_inv = (kZFar - zbuf) / (kZFar - kZNear);
  double z_inv_max = std::max(z_inv, 0.0);  // the empty slots hold 0
  z_inv_max = std::max(z_inv_max, eps);
  const double weight = std::exp((z_inv - z_inv_max) / gamma);
  const double delta = std::max(std::exp((eps - z_inv_max) / gamma), eps);
  return (weight * colour + delta * 0.0) / (weight + delta);
}

}  // namespace

cv::Mat RasterizeEnvelope(const PacPose& pose, int width, int height) {
  // update_RT: RT (4x4) @ RT_norm, RT_norm = look_at_view_transform(-50, 0, 0)
  // = [I | (0, 0, 50)].
  Eigen::Matrix4d rt = Eigen::Matrix4d::Identity(), rt_norm = Eigen::Matrix4d::Identity();
  rt.topLeftCorner<3, 3>() = pose.R;
  rt.topRightCorner<3, 1>() = pose.T;
  rt_norm(2, 3) = 50.0;
  const Eigen::Matrix4d m = rt * rt_norm;
  const Eigen::Matrix3d r_view = m.topLeftCorner<3, 3>();
  const Eigen::Vector3d t_view = m.topRightCorner<3, 1>();
  const double tan_half_fov = (height / 2) / 100.0;

  cv::Mat flipped;
  cv::flip(CheckerTexture(), flipped, 0);

  std::vector<double> ndc_x(width), ndc_y(height);
  for (int j = 0; j < width; ++j) ndc_x[j] = PixToNonSquareNdc(width - 1 - j, width, height);
  for (int i = 0; i < height; ++i) ndc_y[i] = PixToNonSquareNdc(height - 1 - i, height, width);

  cv::Mat zbuf(height, width, CV_64F, cv::Scalar(std::numeric_limits<double>::infinity()));
  cv::Mat uvs(height, width, CV_64FC2, cv::Scalar(0, 0));

  const auto rasterize = [&](const Vertex& a, const Vertex& b, const Vertex& c) {
    const Vertex* v[3] = {&a, &b, &c};
    Eigen::Vector2d p[3];
    for (int k = 0; k < 3; ++k) {
      p[k] = Eigen::Vector2d(v[k]->view.x(), v[k]->view.y()) / (v[k]->view.z() * tan_half_fov);
    }
    const auto edge = [](const Eigen::Vector2d& s, const Eigen::Vector2d& e,
                         const Eigen::Vector2d& q) {
      return (q.x() - s.x()) * (e.y() - s.y()) - (q.y() - s.y()) * (e.x() - s.x());
    };
    const double area = edge(p[0], p[1], p[2]);
    if (area == 0.0) return;
    const double xmin = std::min({p[0].x(), p[1].x(), p[2].x()});
    const double xmax = std::max({p[0].x(), p[1].x(), p[2].x()});
    const double ymin = std::min({p[0].y(), p[1].y(), p[2].y()});
    const double ymax = std::max({p[0].y(), p[1].y(), p[2].y()});
    for (int i = 0; i < height; ++i) {
      if (ndc_y[i] < ymin || ndc_y[i] > ymax) continue;
      for (int j = 0; j < width; ++j) {
        if (ndc_x[j] < xmin || ndc_x[j] > xmax) continue;
        const Eigen::Vector2d q(ndc_x[j], ndc_y[i]);
        const double w0 = edge(p[1], p[2], q) / area;
        const double w1 = edge(p[2], p[0], q) / area;
        const double w2 = edge(p[0], p[1], q) / area;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        // Perspective-correct barycentrics.
        const double b0 = w0 / v[0]->view.z(), b1 = w1 / v[1]->view.z(),
                     b2 = w2 / v[2]->view.z();
        const double sum = b0 + b1 + b2;
        const double z = (b0 * v[0]->view.z() + b1 * v[1]->view.z() + b2 * v[2]->view.z()) / sum;
        if (z >= zbuf.at<double>(i, j)) continue;
        zbuf.at<double>(i, j) = z;
        const Eigen::Vector2d uv = (b0 * v[0]->uv + b1 * v[1]->uv + b2 * v[2]->uv) / sum;
        uvs.at<cv::Vec2d>(i, j) = cv::Vec2d(uv.x(), uv.y());
      }
    }
  };

  for (const Face& f : Faces()) {
    for (int a = 0; a < kQuadsPerSide; ++a) {
      for (int b = 0; b < kQuadsPerSide; ++b) {
        Vertex quad[4];
        const int da[4] = {0, 1, 1, 0}, db[4] = {0, 0, 1, 1};
        for (int k = 0; k < 4; ++k) {
          const double s = double(a + da[k]) / kQuadsPerSide, t = double(b + db[k]) / kQuadsPerSide;
          const Eigen::Vector3d world = f.corner + s * f.edge1 + t * f.edge2;
          quad[k].view = r_view.transpose() * world + t_view;  // X_row R + T
          quad[k].uv = f.uv + s * f.duv1 + t * f.duv2;
        }
        for (const auto& tri : {std::vector<Vertex>{quad[0], quad[1], quad[2]},
                                std::vector<Vertex>{quad[0], quad[2], quad[3]}}) {
          const std::vector<Vertex> poly = ClipNear(tri, kZNear / 2.0);
          for (size_t k = 1; k + 1 < poly.size(); ++k) rasterize(poly[0], poly[k], poly[k + 1]);
        }
      }
    }
  }

  cv::Mat out(height, width, CV_8UC1);
  for (int i = 0; i < height; ++i) {
    for (int j = 0; j < width; ++j) {
      const double z = zbuf.at<double>(i, j);
      double value = 0.0;  // black background
      if (std::isfinite(z)) {
        const cv::Vec2d uv = uvs.at<cv::Vec2d>(i, j);
        value = Blend(GridSample(flipped, Eigen::Vector2d(uv[0], uv[1])), z);
      }
      out.at<unsigned char>(i, j) = cv::saturate_cast<unsigned char>(value);
    }
  }
  return out;
}

std::vector<PacPose> GoldenPoses() {
  const auto rot = [](double degrees, const Eigen::Vector3d& axis) {
    return Eigen::AngleAxisd(degrees * M_PI / 180.0, axis).toRotationMatrix();
  };
  std::vector<PacPose> poses(5);
  poses[0].name = "identity";
  poses[1].name = "pan_tilt";
  poses[1].R = rot(12.0, Eigen::Vector3d::UnitY()) * rot(-7.0, Eigen::Vector3d::UnitX());
  poses[2].name = "translation";
  poses[2].T = Eigen::Vector3d(6.0, -4.0, 10.0);
  poses[3].name = "roll_yaw";
  poses[3].R = rot(25.0, Eigen::Vector3d::UnitZ()) * rot(30.0, Eigen::Vector3d::UnitY());
  poses[3].T = Eigen::Vector3d(3.0, 2.0, -5.0);
  // look_at from (-40, -40, -40) towards the (100, 100, 100) corner, 242
  // units away: beyond zfar.
  poses[4].name = "far_corner";
  const Eigen::Vector3d centre(-40, -40, -40);
  const Eigen::Vector3d z = Eigen::Vector3d(1, 1, 1).normalized();
  const Eigen::Vector3d x = Eigen::Vector3d::UnitY().cross(z).normalized();
  const Eigen::Vector3d y = z.cross(x);
  poses[4].R.col(0) = x;
  poses[4].R.col(1) = y;
  poses[4].R.col(2) = z;
  // The camera centre C solves C R + T' = 0 with T' = R (0, 0, 50) + T.
  poses[4].T = -poses[4].R.transpose() * centre - poses[4].R * Eigen::Vector3d(0, 0, 50);
  return poses;
}

cv::Mat GoldenStrip() {
  const std::vector<PacPose> poses = GoldenPoses();
  cv::Mat strip(kGoldenHeight, kGoldenWidth * int(poses.size()), CV_8UC1);
  for (size_t k = 0; k < poses.size(); ++k) {
    RasterizeEnvelope(poses[k], kGoldenWidth, kGoldenHeight)
        .copyTo(strip(cv::Rect(int(k) * kGoldenWidth, 0, kGoldenWidth, kGoldenHeight)));
  }
  return strip;
}

cv::Mat GoldenPortrait() { return RasterizeEnvelope(GoldenPoses()[1], kGoldenHeight, kGoldenWidth); }

}  // namespace dolly::controls::reference
