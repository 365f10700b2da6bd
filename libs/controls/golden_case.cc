#include "libs/controls/golden_case.h"

namespace dolly::controls::golden {

std::vector<ControlPoint> ObjectMapCase() {
  struct Raw {
    float x, y, x0, y0;
    double depth;
    bool visible;
  };
  // Changing any value here changes the golden PNG: regenerate it on purpose.
  const Raw raw[] = {
      {10.0f, 10.0f, 8.0f, 6.0f, 2.0, true},
      {18.3f, 12.7f, 20.0f, 8.0f, 5.0, true},    // Overlaps point 0, farther.
      {30.5f, 20.5f, 31.0f, 22.0f, 3.0, true},   // Exact .5 on both axes.
      {36.0f, 22.0f, 40.0f, 24.0f, 3.0, true},   // Same depth as point 2: index order.
      {50.2f, 30.9f, 47.0f, 33.0f, 1.0, true},   // Nearest: largest disc.
      {58.0f, 34.0f, 60.0f, 30.0f, 6.0, true},   // Farthest: smallest disc, under point 4.
      {70.0f, 8.0f, 72.0f, 5.0f, 4.0, false},    // Invisible.
      {94.0f, 60.0f, 90.0f, 58.0f, 2.5, true},   // Cut by the bottom-right border.
      {-1.4f, 40.0f, 1.0f, 40.0f, 4.5, true},    // Centre left of the image.
      {120.0f, 30.0f, 95.0f, 30.0f, 1.5, true},  // Wholly outside.
      {80.7f, 45.1f, 78.0f, 50.0f, 3.5, true},
      {24.0f, 52.0f, 20.0f, 63.0f, 5.5, true},
  };
  std::vector<double> depths;
  for (const Raw& r : raw) depths.push_back(r.depth);
  const std::vector<double> normalised = NormaliseDepths(depths, static_cast<int>(depths.size()));
  std::vector<ControlPoint> points;
  for (size_t i = 0; i < depths.size(); ++i) {
    const Raw& r = raw[i];
    points.push_back({r.x, r.y, r.x0, r.y0, normalised[i], r.visible});
  }
  return points;
}

cv::Mat RenderObjectMapCase() { return RenderObjectMap(kWidth, kHeight, ObjectMapCase()); }

}  // namespace dolly::controls::golden
