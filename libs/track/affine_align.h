// Affine Lucas-Kanade alignment of one point's query-frame patch to a later
// frame (inverse compositional, Baker & Matthews 2004), with a brightness
// offset and Tukey-weighted residuals.
//
// Why: chained frame-to-frame translation LK drifts. Each step is biased by
// the patch's deformation (perspective, rotation: 0.14 px median per step
// with a 21 px window on dolly-synth's orbit) and by the other surface
// inside the window near a silhouette, and the biases add up over frames.
// Aligning the original patch, allowed to deform affinely, to every frame
// removes the accumulation; the robust weights let the pixels of whatever
// surface lies beside the point drop out, and the centre's residual tells
// when the point itself is covered.
#ifndef DOLLY_LIBS_TRACK_AFFINE_ALIGN_H_
#define DOLLY_LIBS_TRACK_AFFINE_ALIGN_H_

#include <array>
#include <vector>

#include <opencv2/core.hpp>

namespace dolly::track {

// Maps template offset (u, v) to image position (x, y) + A (u, v); the
// image there reads gain (T - mean T) + mean T + brightness for template T.
struct AffineWarp {
  cv::Matx22f a = cv::Matx22f::eye();
  cv::Point2f position;
  float brightness = 0.0f;  // added to the template's intensities
  // Contrast about the template's mean: an exposure change scales the
  // intensities, which an offset alone leaves as a residual that grows
  // with the patch's contrast.
  float gain = 1.0f;
  // Robust residual scale of the last alignment (0: none yet); a warm start
  // uses it for its first iteration.
  float scale = 0.0f;
};

struct AffineAlignOptions {
  int max_iterations = 8;
  // Stops when the centre moves less than min_step and the corners (beyond
  // the centre's move) less than min_corner_step pixels in an iteration.
  float min_step = 0.03f;
  float min_corner_step = 0.1f;
  // Converged when the last iteration moved the centre less than this.
  float max_final_step = 0.2f;
  float tukey_c = 4.685f;     // Tukey constant in units of the robust residual scale
  float min_scale = 2.0f;     // floor of the residual scale (0..255 intensities)
  int scale_iterations = 2;   // iterations that re-estimate the scale
  bool gain = true;           // estimate AffineWarp::gain (else it stays as given)
  // Outside: not converged. A wider range lets a low-contrast fit of the
  // template match a patch of something else.
  float min_gain = 0.5f, max_gain = 2.0f;
};

struct AffineAlignResult {
  bool converged = false;       // finite, non-degenerate, within max_iterations
  float inlier_fraction = 0.0f; // Tukey weight mass / pixels, in [0, 1]
  float centre_error = 0.0f;    // mean |residual| of the centre 3x3 pixels (0..255)
  float scale = 0.0f;           // robust residual scale of the last iteration
};

// A square patch of side 2 * radius + 1 around `centre` of `gray` (CV_8UC1),
// sampled bilinearly, with its gradients.
class AffineTemplate {
 public:
  AffineTemplate() = default;
  AffineTemplate(const cv::Mat& gray, cv::Point2f centre, int radius);

  bool empty() const { return values_.empty(); }
  // Refines *warp so that the warped template matches `gray` (CV_8UC1, any
  // frame of the video); *warp is updated even when not converged.
  AffineAlignResult Align(const cv::Mat& gray, AffineWarp* warp,
                          const AffineAlignOptions& options) const;

 private:
  int radius_ = 0;
  float mean_ = 0.0f;  // of values_
  std::vector<float> values_, u_, v_;
 public:
  static constexpr int kParams = 8;  // affine 4, translation 2, gain, brightness
 private:
  // d(template)/d(parameter) per pixel, one column per parameter, padded to
  // a multiple of 4 pixels.
  std::array<std::vector<float>, kParams> columns_;
};

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_AFFINE_ALIGN_H_
