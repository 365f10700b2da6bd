#include "libs/recon4d/run/preview.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"
#include "libs/geometry/pinhole_camera.h"
#include "libs/media/frame_rate.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_writer.h"
#include "libs/rig/asset_views.h"

namespace dolly::recon4d {
namespace {

const rig::RigCamera& CameraAt(const ViewInput& view, int frame) {
  return view.cameras.size() == 1 ? view.cameras[0] : view.cameras[static_cast<size_t>(frame)];
}

// A point set: one dot per point, far to near (painter's order).
cv::Mat RenderPoints(const asset::StaticAsset& asset, const std::vector<Eigen::Vector3f>& positions,
                     const rig::RigCamera& camera) {
  const geometry::PinholeCamera& k = camera.intrinsics;
  cv::Mat rgb(k.height, k.width, CV_8UC3,
              cv::Scalar(kPreviewBackground.x(), kPreviewBackground.y(), kPreviewBackground.z()));
  const Eigen::Isometry3d camera_from_world = camera.world_from_camera.inverse();
  struct Dot {
    double z;
    cv::Point2d p;
    cv::Scalar color;
  };
  std::vector<Dot> dots;
  dots.reserve(positions.size());
  const int radius = std::max(1, k.width / 256);
  for (size_t i = 0; i < positions.size(); ++i) {
    const Eigen::Vector3d p = camera_from_world * positions[i].cast<double>();
    if (!(p.z() > 1e-6)) continue;
    const cv::Point2d px(k.fx * p.x() / p.z() + k.cx, k.fy * p.y() / p.z() + k.cy);
    if (px.x < -radius || px.y < -radius || px.x > k.width + radius || px.y > k.height + radius) {
      continue;
    }
    cv::Scalar color(200, 200, 200);
    if (asset.colors.size() == positions.size()) {
      const Eigen::Vector3f c = 255.0f * asset.colors[i];
      color = cv::Scalar(c.x(), c.y(), c.z());
    }
    dots.push_back({p.z(), px, color});
  }
  std::sort(dots.begin(), dots.end(), [](const Dot& a, const Dot& b) { return a.z > b.z; });
  for (const Dot& d : dots) {
    cv::circle(rgb, cv::Point(static_cast<int>(std::lround(d.p.x)), static_cast<int>(std::lround(d.p.y))),
               radius, d.color, cv::FILLED);
  }
  return rgb;
}

// `image` scaled (aspect kept) to `height` rows, CV_8UC3.
cv::Mat ToHeight(const cv::Mat& image, int height) {
  cv::Mat rgb = image;
  if (rgb.type() == CV_8UC1) cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
  if (rgb.rows == height) return rgb;
  const int width = std::max(1, static_cast<int>(std::lround(double(rgb.cols) * height / rgb.rows)));
  cv::Mat out;
  cv::resize(rgb, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace

cv::Mat RenderAssetAt(const asset::StaticAsset& asset, const std::vector<Eigen::Vector3f>& positions,
                      const rig::RigCamera& camera) {
  if (asset.is_point_set()) return RenderPoints(asset, positions, camera);
  asset::StaticAsset posed = asset;
  posed.positions = positions;
  return rig::RenderAssetViews(posed, {camera}, kPreviewBackground)[0].rgb;
}

rig::RigCamera NewViewCamera(const std::vector<Eigen::Vector3f>& positions,
                             const std::vector<ViewInput>& views) {
  if (views.empty() || views[0].cameras.empty() || positions.empty()) {
    throw InvalidInputError("preview: no view or no positions to place the new view");
  }
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();
  for (const Eigen::Vector3f& p : positions) centroid += p.cast<double>();
  centroid /= static_cast<double>(positions.size());
  const rig::RigCamera& first = views[0].cameras[0];
  const Eigen::Vector3d eye0 = first.world_from_camera.translation() - centroid;
  const double azimuth0 = std::atan2(eye0.y(), eye0.x());
  double azimuth = azimuth0 + M_PI / 4.0;
  if (views.size() > 1 && !views[1].cameras.empty()) {
    const Eigen::Vector3d eye1 = views[1].cameras[0].world_from_camera.translation() - centroid;
    const double delta = std::remainder(std::atan2(eye1.y(), eye1.x()) - azimuth0, 2.0 * M_PI);
    if (std::abs(delta) > 1e-6) azimuth = azimuth0 + 0.5 * delta;
  }
  rig::RigSpec spec;
  spec.views = 1;
  spec.elevation_deg = 30.0;
  spec.distance = std::max(eye0.norm(), 1e-6);
  spec.fov_y_deg = geometry::VerticalFovDegrees(first.intrinsics);
  spec.width = first.intrinsics.width;
  spec.height = first.intrinsics.height;
  spec.first_azimuth_deg = azimuth * 180.0 / M_PI;
  spec.target = centroid;
  return rig::MakeRig(spec)[0];
}

cv::Mat CompareFrame(const asset::StaticAsset& asset, const std::vector<Eigen::Vector3f>& positions,
                     const std::vector<ViewInput>& views, int frame, const rig::RigCamera& new_view) {
  const int height = views.at(0).frames.at(static_cast<size_t>(frame)).rows;
  std::vector<cv::Mat> panels;
  for (const ViewInput& view : views) {
    panels.push_back(ToHeight(view.frames.at(static_cast<size_t>(frame)), height));
    panels.push_back(ToHeight(RenderAssetAt(asset, positions, CameraAt(view, frame)), height));
  }
  panels.push_back(ToHeight(RenderAssetAt(asset, positions, new_view), height));
  cv::Mat out;
  cv::hconcat(panels, out);
  return out;
}

std::vector<std::string> WritePreviews(const std::string& dir, const asset::StaticAsset& asset,
                                       const mesh_export::AnimatedMesh& mesh,
                                       const std::vector<ViewInput>& views, double fps) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(dir + ": cannot create (" + ec.message() + ")");
  const rig::RigCamera new_view = NewViewCamera(mesh.rest, views);
  const media::FrameRate rate = media::FrameRateFromDouble(fps);
  media::PngSequenceWriter png(dir + "/compare", "%06d.png");
  std::unique_ptr<media::Mp4Writer> compare_mp4;
  std::unique_ptr<media::Mp4Writer> new_view_mp4;
  for (size_t t = 0; t < mesh.frames.size(); ++t) {
    const cv::Mat compare = CompareFrame(asset, mesh.frames[t], views, static_cast<int>(t), new_view);
    const cv::Mat novel = RenderAssetAt(asset, mesh.frames[t], new_view);
    png.Write(compare);
    if (!compare_mp4) {
      compare_mp4 = media::Mp4Writer::Open(dir + "/compare.mp4", compare.cols, compare.rows, rate);
      new_view_mp4 = media::Mp4Writer::Open(dir + "/new_view.mp4", novel.cols, novel.rows, rate);
    }
    compare_mp4->Write(compare);
    new_view_mp4->Write(novel);
  }
  if (compare_mp4) compare_mp4->Close();
  if (new_view_mp4) new_view_mp4->Close();
  return {dir + "/compare", dir + "/compare.mp4", dir + "/new_view.mp4"};
}

}  // namespace dolly::recon4d
