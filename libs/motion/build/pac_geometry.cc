#include "libs/motion/build/pac_geometry.h"

#include <algorithm>
#include <string>

#include "libs/core/error.h"

namespace dolly::motion {

geometry::PinholeCamera PacLiftCamera(int width, int height) {
  return {kPacFocal, kPacFocal, width / 2.0, height / 2.0, width, height};
}

geometry::PinholeCamera PacScreenCamera(int width, int height) {
  if (height < 2) throw InvalidInputError("PAC camera: image height must be at least 2");
  const double tan_half_fov = (height / 2) / kPacFocal;  // integer H // 2, as PAC
  const double f = std::min(width, height) / 2.0 / tan_half_fov;
  return {f, f, width / 2.0, height / 2.0, width, height};
}

std::vector<Eigen::Vector2i> PacQueryGrid(int width, int height) {
  if (width < 30 || height < 30) {
    throw InvalidInputError("PAC query grid: the image is " + std::to_string(width) + "x" +
                            std::to_string(height) + "; PAC's grid needs sides of 30 pixels");
  }
  std::vector<Eigen::Vector2i> out;
  for (int x = 0; x < width; x += width / 30) {
    for (int y = 0; y < height; y += height / 30) out.emplace_back(x, y);
  }
  return out;
}

}  // namespace dolly::motion
