// Pinhole camera model shared by every stage (dolly's conventions):
// pixel (0,0) is the centre of the top-left pixel, x right, y down; the
// camera frame has x right, y down, z forward. No distortion.
#ifndef DOLLY_LIBS_GEOMETRY_PINHOLE_CAMERA_H_
#define DOLLY_LIBS_GEOMETRY_PINHOLE_CAMERA_H_

#include <Eigen/Core>

namespace dolly::geometry {

struct PinholeCamera {
  double fx = 1.0;
  double fy = 1.0;
  double cx = 0.0;
  double cy = 0.0;
  int width = 0;
  int height = 0;

  // Pixel of a point in the camera frame; the caller must ensure z > 0.
  Eigen::Vector2d Project(const Eigen::Vector3d& point_camera) const;
  // Point in the camera frame at z-depth `depth` seen through `pixel`.
  Eigen::Vector3d Unproject(const Eigen::Vector2d& pixel, double depth) const;
  // Direction through `pixel` scaled so that its z is 1 (K^-1 [u v 1]^T).
  Eigen::Vector3d Ray(const Eigen::Vector2d& pixel) const;
  // True when the pixel lies inside the image area, i.e. within
  // [-0.5, width - 0.5) x [-0.5, height - 0.5): the footprint of the pixels.
  bool InImage(const Eigen::Vector2d& pixel) const;
  Eigen::Matrix3d K() const;
};

// A square-pixel camera whose image spans `fov_y_degrees` vertically from the
// top edge of the top row to the bottom edge of the bottom row, with the
// principal point at the image centre ((width-1)/2, (height-1)/2).
PinholeCamera CameraFromVerticalFov(double fov_y_degrees, int width, int height);

// Vertical field of view in degrees, edge to edge (inverse of the above).
double VerticalFovDegrees(const PinholeCamera& camera);

}  // namespace dolly::geometry

#endif  // DOLLY_LIBS_GEOMETRY_PINHOLE_CAMERA_H_
