// MotionRepresentation -> points/ + points.mp4: the moving points as the
// camera of each frame sees them (coloured by their colour, else by
// instance), or orthographic views when there are no intrinsics.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/camera_plot.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/ortho_render.h"
#include "libs/inspect/palette.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

std::vector<uint8_t> PointColors(const schema::MotionRepresentationInfo& info) {
  const size_t n = static_cast<size_t>(info.point_count);
  if (info.__isset.colors) return std::vector<uint8_t>(info.colors.data.begin(), info.colors.data.end());
  std::vector<uint8_t> rgb(3 * n, 255);
  if (info.__isset.instance_ids) {
    const int32_t* ids = TensorData<int32_t>(info.instance_ids);
    for (size_t i = 0; i < n; ++i) {
      const cv::Vec3b c = ids[i] < 0 ? cv::Vec3b(160, 160, 160) : DistinctColor(ids[i] + 1);
      for (int k = 0; k < 3; ++k) rgb[3 * i + k] = c[k];
    }
  }
  return rgb;
}

cv::Mat Project(const schema::MotionFrame& frame, const schema::Intrinsics& k,
                const std::vector<uint8_t>& rgb, int radius) {
  const CameraPlotPose pose = ToPlotPose(frame.world_from_camera);
  const Eigen::Matrix3d camera_from_world = pose.rotation.transpose();
  const float* xyz = TensorData<float>(frame.points_world);
  const int64_t n = frame.points_world.shape[0];
  std::vector<Eigen::Vector3d> camera(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    camera[i] = camera_from_world *
                (Eigen::Vector3d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]) - pose.position);
  }
  // Far points first, so nearer ones cover them.
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return camera[a].z() > camera[b].z(); });
  cv::Mat image(k.height, k.width, CV_8UC3, cv::Scalar(0, 0, 0));
  for (int64_t i : order) {
    const Eigen::Vector3d& p = camera[i];
    if (!(p.z() > 1e-9)) continue;
    const double u = k.fx * p.x() / p.z() + k.cx;
    const double v = k.fy * p.y() / p.z() + k.cy;
    if (!(std::abs(u) < 1e6 && std::abs(v) < 1e6)) continue;
    cv::circle(image, cv::Point(static_cast<int>(std::lround(u)), static_cast<int>(std::lround(v))),
               radius, cv::Scalar(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]), -1, cv::LINE_AA);
  }
  return image;
}

}  // namespace

void ExportKind(Kind<schema::MotionRepresentationInfo>, ExportContext* context) {
  Bounds3 bounds;
  bool has_intrinsics;
  {
    artifact::ArtifactReader<schema::MotionRepresentationInfo> reader(context->input);
    has_intrinsics = reader.info().__isset.intrinsics;
    schema::MotionFrame frame;
    while (!has_intrinsics && reader.NextFrame(&frame)) {
      bounds.Include(TensorData<float>(frame.points_world), frame.points_world.shape[0]);
    }
  }
  artifact::ArtifactReader<schema::MotionRepresentationInfo> reader(context->input);
  const schema::MotionRepresentationInfo& info = reader.info();
  const std::vector<uint8_t> rgb = PointColors(info);
  const int radius =
      has_intrinsics ? std::max(1, std::min(info.intrinsics.width, info.intrinsics.height) / 200) : 1;
  FrameSequence frames(context->dir, "points", context->Fps(info.__isset.fps, info.fps));
  cli::Progress progress("exporting motion frames", info.__isset.frame_count ? info.frame_count : -1);
  schema::MotionFrame frame;
  while (reader.NextFrame(&frame)) {
    if (has_intrinsics) {
      frames.Write(Project(frame, info.intrinsics, rgb, radius));
    } else {
      PointsView view;
      view.xyz = TensorData<float>(frame.points_world);
      view.count = frame.points_world.shape[0];
      view.rgb = rgb.data();
      frames.Write(RenderOrthographic(view, bounds));
    }
    progress.Advance();
  }
  frames.Close();
  progress.Done();
  context->notes.push_back(has_intrinsics
                               ? "points: projected through each frame's camera"
                               : "points: no intrinsics, so orthographic front/side/top views");
}

}  // namespace dolly::inspect
