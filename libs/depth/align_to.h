// --align-to: turn relative (or relative inverse) depth into metric depth,
// frame by frame, with a robust scale/shift fit (align.h) to a sparse metric
// DepthSequence (e.g. SfM points, a sensor, or the map points of monocular
// odometry, whose unit is its first baseline; 0 = no measurement).
#ifndef DOLLY_LIBS_DEPTH_ALIGN_TO_H_
#define DOLLY_LIBS_DEPTH_ALIGN_TO_H_

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/depth/align.h"

namespace dolly::depth {

class DepthAligner {
 public:
  // Opens the reference (IoError when missing, InvalidInputError when it is
  // not a DepthSequence or not metric).
  explicit DepthAligner(const std::string& reference_path);

  // Fits the next reference frame and returns metric depth (0 where the fit
  // maps to <= 0). A reference frame with fewer than 2 measured pixels (a
  // frame the odometry lost) takes the previous frame's fit, reported with
  // 0 inliers. InvalidInputError naming the reference when it has fewer
  // frames, another size, or no measured frame before such a frame.
  cv::Mat Align(const cv::Mat& relative, bool inverse, ScaleShift* fit = nullptr);

  // InvalidInputError when the reference holds more frames than were aligned.
  void Finish();

  const std::string& path() const { return path_; }
  // The reference's unit of length when it is a camera trajectory's (sparse
  // points of monocular odometry); the aligned depth is in that unit too.
  std::optional<schema::ScaleKind::type> scale_kind() const;

 private:
  std::string path_;
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader_;
  std::optional<ScaleShift> last_fit_;
};

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_ALIGN_TO_H_
