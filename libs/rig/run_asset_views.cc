#include "libs/rig/run_asset_views.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <utility>

#include "libs/asset/normalize.h"
#include "libs/asset/read_asset.h"
#include "libs/asset/static_asset.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/core/version.h"
#include "libs/fileio/atomic_file.h"
#include "libs/fileio/staging_dir.h"
#include "libs/media/image_io.h"
#include "libs/rig/asset_views.h"

namespace dolly::rig {
namespace {

using nlohmann::json;

std::string ViewDirName(int view) {
  char name[32];
  std::snprintf(name, sizeof(name), "view_%02d", view);
  return name;
}

json Matrix4(const Eigen::Matrix4d& m) {
  json rows = json::array();
  for (int r = 0; r < 4; ++r) {
    rows.push_back({m(r, 0), m(r, 1), m(r, 2), m(r, 3)});
  }
  return rows;
}

json Vector3(const Eigen::Vector3d& v) { return {v.x(), v.y(), v.z()}; }

// Camera z-depth (metres) -> millimetres: rounded, at least 1 where the mask
// is set (0 means "no depth"), saturated at 65535.
cv::Mat DepthMillimetres(const cv::Mat& depth, const cv::Mat& mask) {
  cv::Mat out = cv::Mat::zeros(depth.size(), CV_16UC1);
  for (int y = 0; y < depth.rows; ++y) {
    const float* d = depth.ptr<float>(y);
    const uint8_t* m = mask.ptr<uint8_t>(y);
    uint16_t* o = out.ptr<uint16_t>(y);
    for (int x = 0; x < depth.cols; ++x) {
      if (m[x] == 0 || !std::isfinite(d[x]) || d[x] <= 0.0f) continue;
      const double mm = std::round(double(d[x]) * 1000.0);
      o[x] = static_cast<uint16_t>(std::clamp(mm, 1.0, 65535.0));
    }
  }
  return out;
}

void CreateDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw IoError(dir + ": cannot create (" + ec.message() + ")");
}

// 8-bit single-channel PNG (media::image_io writes RGB and 16-bit only).
void WriteMask(const std::string& path, const cv::Mat& mask) {
  std::vector<unsigned char> bytes;
  if (mask.type() != CV_8UC1 || !cv::imencode(".png", mask, bytes)) {
    throw IoError(path + ": cannot encode the mask as PNG");
  }
  fileio::WriteFileAtomically(path, bytes);
}

void WriteText(const std::string& path, const std::string& text) {
  fileio::WriteFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
}

void CheckOptions(const AssetViewsOptions& o) {
  if (o.asset.empty()) throw UsageError("--asset is required");
  if (o.output.empty()) throw UsageError("-o/--output (the directory to create) is required");
  if (o.output == "-") throw UsageError("-o -: asset mode writes a directory, not stdout");
  if (o.rig.views > kMaxAssetViews) {
    throw UsageError("--views must be at most " + std::to_string(kMaxAssetViews) + ", got " +
                     std::to_string(o.rig.views));
  }
  if (o.rig.width > kMaxAssetViewSide || o.rig.height > kMaxAssetViewSide) {
    throw UsageError("view size must be at most " + std::to_string(kMaxAssetViewSide) +
                     " per side, got " + std::to_string(o.rig.width) + "x" +
                     std::to_string(o.rig.height));
  }
  for (int c = 0; c < 3; ++c) {
    if (!(o.background[c] >= 0.0f && o.background[c] <= 255.0f)) {
      throw UsageError("--background: components must lie in [0, 255]");
    }
  }
}

}  // namespace

Eigen::Vector3f ParseRgb(const std::string& text, const std::string& flag) {
  const std::string bad = flag + ": expected R,G,B with integers in [0, 255], got '" + text + "'";
  Eigen::Vector3f rgb;
  std::stringstream in(text);
  std::string part;
  int n = 0;
  while (std::getline(in, part, ',')) {
    if (n == 3 || part.empty() || part.size() > 3 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      throw UsageError(bad);
    }
    const int value = std::stoi(part);
    if (value > 255) throw UsageError(bad);
    rgb[n++] = static_cast<float>(value);
  }
  if (n != 3 || text.back() == ',') throw UsageError(bad);
  return rgb;
}

AssetViewsResult RunAssetViewsImpl(const AssetViewsOptions& options, cli::Summary* summary) {
  CheckOptions(options);
  cli::Stopwatch total;
  const std::vector<RigCamera> rig = MakeRig(options.rig);  // UsageError for a bad rig

  fileio::StagingDir staging(options.output, options.overwrite ? fileio::ExistingTarget::kReplace
                                                               : fileio::ExistingTarget::kRefuse);

  asset::StaticAsset asset = asset::ReadAsset(options.asset);
  Eigen::Affine3f world_from_asset = Eigen::Affine3f::Identity();
  if (options.normalize) world_from_asset = asset::NormalizeToUnitCube(&asset);
  CheckRigSeesAsset(asset, rig);

  cli::Stopwatch render_time;
  std::vector<AssetView> views;
  {
    // One view at a time (each view is rendered independently) for progress.
    cli::Progress progress("rendering asset views", static_cast<int64_t>(rig.size()));
    for (const RigCamera& camera : rig) {
      views.push_back(std::move(RenderAssetViews(asset, {camera}, options.background)[0]));
      progress.Advance();
    }
    progress.Done();
  }
  for (size_t k = 0; k < views.size(); ++k) {
    if (cv::countNonZero(views[k].mask) == 0) {
      throw InvalidInputError(options.asset + ": rig view " + std::to_string(k) +
                              " does not see the asset (nothing rendered)");
    }
  }
  const double render_seconds = render_time.Seconds();

  AssetViewsResult result;
  result.output_dir = staging.target();
  result.views = static_cast<int>(views.size());
  auto written = [&](const std::string& relative) {
    result.files.push_back(result.output_dir + "/" + relative);
  };

  json view_list = json::array();
  std::vector<cv::Mat> strip;
  for (size_t k = 0; k < views.size(); ++k) {
    const std::string dir = ViewDirName(static_cast<int>(k));
    CreateDirectory(staging.File(dir));
    media::WriteImageRgb(staging.File(dir + "/rgb.png"), views[k].rgb);
    WriteMask(staging.File(dir + "/mask.png"), views[k].mask);
    media::WriteImage16(staging.File(dir + "/depth_mm.png"),
                        DepthMillimetres(views[k].depth, views[k].mask));
    written(dir + "/rgb.png");
    written(dir + "/mask.png");
    written(dir + "/depth_mm.png");
    strip.push_back(views[k].rgb);

    const RigCamera& camera = rig[k];
    const geometry::PinholeCamera& in = camera.intrinsics;
    view_list.push_back({
        {"index", k},
        {"dir", dir},
        {"azimuth_deg",
         options.rig.first_azimuth_deg + 360.0 * static_cast<double>(k) / options.rig.views},
        {"elevation_deg", options.rig.elevation_deg},
        {"eye", Vector3(camera.world_from_camera.translation())},
        {"intrinsics",
         {{"fx", in.fx},
          {"fy", in.fy},
          {"cx", in.cx},
          {"cy", in.cy},
          {"width", in.width},
          {"height", in.height}}},
        {"world_from_camera", Matrix4(camera.world_from_camera.matrix())},
    });
  }

  cv::Mat preview;
  cv::hconcat(strip, preview);
  media::WriteImageRgb(staging.File("views.png"), preview);
  written("views.png");

  const RigSpec& r = options.rig;
  const Eigen::Matrix4d normalization = world_from_asset.matrix().cast<double>();
  const json cameras = {
      {"tool", "dolly-render"},
      {"version", kVersion},
      {"asset", options.asset},
      {"world_frame", options.normalize
                          ? "the asset normalised into the unit cube (bounding-box centre at "
                            "the origin, longest side 1); +z is the rig's up"
                          : "the asset's own frame (not normalised); +z is the rig's up"},
      {"convention",
       "camera x right, y down, z forward (OpenCV); world_from_camera maps camera "
       "points to world points; matrices row-major; depth_mm.png is camera z in "
       "millimetres, 0 off the asset"},
      {"normalized", options.normalize},
      {"normalization",
       {{"world_from_asset", Matrix4(normalization)},
        {"scale", normalization.block<3, 3>(0, 0).col(0).norm()},
        {"translation", Vector3(normalization.block<3, 1>(0, 3))}}},
      {"rig",
       {{"views", r.views},
        {"elevation_deg", r.elevation_deg},
        {"distance", r.distance},
        {"fov_y_deg", r.fov_y_deg},
        {"width", r.width},
        {"height", r.height},
        {"first_azimuth_deg", r.first_azimuth_deg},
        {"target", Vector3(r.target)}}},
      {"background",
       {std::lround(options.background.x()), std::lround(options.background.y()),
        std::lround(options.background.z())}},
      {"views", view_list},
  };
  WriteText(staging.File("cameras.json"), cameras.dump(2) + "\n");
  written("cameras.json");
  staging.Commit();

  if (summary != nullptr) {
    summary->Set("mode", "asset");
    summary->Set("output", result.output_dir);
    summary->Set("views", result.views);
    summary->Set("width", r.width);
    summary->Set("height", r.height);
    summary->Set("normalized", options.normalize);
    summary->AddOutput("cameras", result.output_dir + "/cameras.json");
    summary->AddOutput("views_preview", result.output_dir + "/views.png");
    summary->AddTiming("render", render_seconds);
    summary->AddTiming("total", total.Seconds());
  }
  return result;
}

}  // namespace dolly::rig
