// A 2D plot area drawn with OpenCV: data coordinates at one scale on both
// axes (so a path's shape and distances are true), a frame with labelled
// ticks at "nice" steps (1, 2 or 5 times a power of ten), and axis names.
#ifndef DOLLY_LIBS_INSPECT_PLOT_PANEL_H_
#define DOLLY_LIBS_INSPECT_PLOT_PANEL_H_

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::inspect {

struct Range2 {
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  bool empty = true;
  void Include(double x, double y);
};

// Step between ticks that gives at most `max_ticks` ticks over `span`.
double NiceTickStep(double span, int max_ticks);
// Tick values that are multiples of `step` within [lo, hi].
std::vector<double> TickValues(double lo, double hi, double step);

class PlotPanel {
 public:
  // `area` is the whole panel (labels included) inside `image`; the data
  // range is padded by 8% and widened along one axis to fit the aspect.
  // With `y_up`, larger y is drawn higher.
  PlotPanel(cv::Mat* image, const cv::Rect& area, const Range2& data, bool y_up);

  cv::Point ToPixel(double x, double y) const;
  // Frame, grid, ticks with values, axis names and a title above.
  void DrawAxes(const std::string& title, const std::string& x_label, const std::string& y_label);
  const cv::Rect& plot_area() const { return plot_; }

 private:
  cv::Mat* image_;
  cv::Rect area_;
  cv::Rect plot_;  // inside the margins for labels
  double x0_, x1_, y0_, y1_;
  bool y_up_;
};

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_PLOT_PANEL_H_
