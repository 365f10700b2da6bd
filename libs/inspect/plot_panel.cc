#include "libs/inspect/plot_panel.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

namespace dolly::inspect {
namespace {

constexpr int kLeftMargin = 70;
constexpr int kRightMargin = 20;
constexpr int kTopMargin = 36;
constexpr int kBottomMargin = 50;
constexpr double kFontScale = 0.45;
const cv::Scalar kInk(30, 30, 30);
const cv::Scalar kGrid(225, 225, 225);

std::string TickText(double v, double step) {
  // Enough decimals to tell neighbouring ticks apart, no more.
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f", std::min(decimals, 6), std::abs(v) < step * 1e-6 ? 0.0 : v);
  return buffer;
}

void Text(cv::Mat* image, const std::string& text, cv::Point at, double scale = kFontScale) {
  cv::putText(*image, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

cv::Size TextSize(const std::string& text, double scale = kFontScale) {
  int baseline = 0;
  return cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 1, &baseline);
}

}  // namespace

void Range2::Include(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  if (empty) {
    x0 = x1 = x;
    y0 = y1 = y;
    empty = false;
    return;
  }
  x0 = std::min(x0, x);
  x1 = std::max(x1, x);
  y0 = std::min(y0, y);
  y1 = std::max(y1, y);
}

double NiceTickStep(double span, int max_ticks) {
  if (!(span > 0) || !std::isfinite(span)) return 1.0;
  const double raw = span / std::max(1, max_ticks);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    if (factor * power >= raw) return factor * power;
  }
  return 10.0 * power;
}

std::vector<double> TickValues(double lo, double hi, double step) {
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k += 1) {
    ticks.push_back(k * step);
  }
  return ticks;
}

PlotPanel::PlotPanel(cv::Mat* image, const cv::Rect& area, const Range2& data, bool y_up)
    : image_(image), area_(area), y_up_(y_up) {
  plot_ = cv::Rect(area.x + kLeftMargin, area.y + kTopMargin,
                   std::max(1, area.width - kLeftMargin - kRightMargin),
                   std::max(1, area.height - kTopMargin - kBottomMargin));
  Range2 range = data;
  if (range.empty) range.Include(0, 0);
  double cx = 0.5 * (range.x0 + range.x1), cy = 0.5 * (range.y0 + range.y1);
  double w = std::max(range.x1 - range.x0, 1e-9), h = std::max(range.y1 - range.y0, 1e-9);
  if (range.x1 - range.x0 < 1e-9 && range.y1 - range.y0 < 1e-9) w = h = 1.0;
  w *= 1.16;
  h *= 1.16;
  const double aspect = static_cast<double>(plot_.width) / plot_.height;
  if (w / h < aspect) {
    w = h * aspect;
  } else {
    h = w / aspect;
  }
  x0_ = cx - w / 2;
  x1_ = cx + w / 2;
  y0_ = cy - h / 2;
  y1_ = cy + h / 2;
}

cv::Point PlotPanel::ToPixel(double x, double y) const {
  const double u = (x - x0_) / (x1_ - x0_);
  double v = (y - y0_) / (y1_ - y0_);
  if (y_up_) v = 1.0 - v;
  return cv::Point(static_cast<int>(std::lround(plot_.x + u * (plot_.width - 1))),
                   static_cast<int>(std::lround(plot_.y + v * (plot_.height - 1))));
}

void PlotPanel::DrawAxes(const std::string& title, const std::string& x_label,
                         const std::string& y_label) {
  const double x_step = NiceTickStep(x1_ - x0_, std::max(2, plot_.width / 90));
  const double y_step = NiceTickStep(y1_ - y0_, std::max(2, plot_.height / 60));
  for (double x : TickValues(x0_, x1_, x_step)) {
    const cv::Point p = ToPixel(x, y_up_ ? y0_ : y1_);
    cv::line(*image_, {p.x, plot_.y}, {p.x, plot_.y + plot_.height - 1}, kGrid, 1);
    cv::line(*image_, {p.x, plot_.y + plot_.height - 1}, {p.x, plot_.y + plot_.height + 4}, kInk, 1);
    const std::string text = TickText(x, x_step);
    Text(image_, text, {p.x - TextSize(text).width / 2, plot_.y + plot_.height + 20});
  }
  for (double y : TickValues(y0_, y1_, y_step)) {
    const cv::Point p = ToPixel(x0_, y);
    cv::line(*image_, {plot_.x, p.y}, {plot_.x + plot_.width - 1, p.y}, kGrid, 1);
    cv::line(*image_, {plot_.x - 5, p.y}, {plot_.x, p.y}, kInk, 1);
    const std::string text = TickText(y, y_step);
    Text(image_, text, {plot_.x - 8 - TextSize(text).width, p.y + 5});
  }
  cv::rectangle(*image_, plot_, kInk, 1);
  Text(image_, x_label,
       {plot_.x + plot_.width / 2 - TextSize(x_label).width / 2, plot_.y + plot_.height + 42});
  // OpenCV cannot draw rotated text; the y name goes above the axis.
  Text(image_, y_label, {area_.x + 8, plot_.y - 8});
  Text(image_, title, {plot_.x + plot_.width / 2 - TextSize(title, 0.6).width / 2, area_.y + 18},
       0.6);
}

}  // namespace dolly::inspect
