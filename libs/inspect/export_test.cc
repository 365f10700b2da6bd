#define BOOST_TEST_MODULE export_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/inspect/inspect.h"
#include "libs/inspect/palette.h"
#include "libs/inspect/testing/test_artifacts.h"
#include "libs/media/image_io.h"
#include "libs/media/video_reader.h"
#include "libs/media/video_writer.h"
#include "libs/trajectory/artifact_convert.h"
#include "schemas/camera_types.h"

namespace dolly::inspect {
namespace {

namespace fs = std::filesystem;
namespace t = testing;
using Names = std::vector<std::string>;

// Runs the export and returns what it printed.
std::string Export(const std::string& input, const std::string& dir,
                   const std::string& video = "", bool json = false) {
  InspectOptions options;
  options.input = input;
  options.export_dir = dir;
  options.video = video;
  options.json = json;
  std::ostringstream out;
  RunInspectImpl(options, out);
  return out.str();
}

cv::Mat Png(const std::string& path) { return media::ReadImageRgb(path); }

int64_t VideoFrames(const std::string& path, cv::Size* size) {
  auto reader = media::VideoReader::Open(path);
  *size = cv::Size(reader->width(), reader->height());
  int64_t n = 0;
  cv::Mat frame;
  while (reader->Next(&frame)) ++n;
  return n;
}

int ColormapLevel(const cv::Vec3b& color) {
  int best = -1;
  double best_distance = 1e18;
  for (int level = 0; level < 256; ++level) {
    const double d = cv::norm(cv::Vec3d(MapColor(level / 255.0)) - cv::Vec3d(color));
    if (d < best_distance) {
      best_distance = d;
      best = level;
    }
  }
  return best;
}

BOOST_AUTO_TEST_CASE(video_becomes_lossless_pngs_and_a_playable_mp4) {
  const std::string root = t::MakeTestDir("export_video");
  const std::string dir = root + "/out";
  const std::string printed = Export(t::WriteVideo(root + "/v.dolly", 3), dir);
  BOOST_TEST((t::ListDir(dir) == Names{"frames", "frames.mp4"}));
  BOOST_TEST((t::ListDir(dir + "/frames") == Names{"000000.png", "000001.png", "000002.png"}));
  const cv::Mat frame = Png(dir + "/frames/000001.png");
  BOOST_TEST(frame.cols == 8);
  BOOST_TEST(frame.rows == 6);
  BOOST_TEST((frame.at<cv::Vec3b>(2, 3) == cv::Vec3b(30, 40, 50)));
  cv::Size size;
  BOOST_TEST(VideoFrames(dir + "/frames.mp4", &size) == 3);
  BOOST_TEST(size.width == 8);
  BOOST_TEST(size.height == 6);
  BOOST_TEST(printed.find("exported Video to " + dir + "/") != std::string::npos);
  BOOST_TEST(printed.find("frames/  3 files 000000.png .. 000002.png") != std::string::npos);
  BOOST_TEST(printed.find("frames.mp4") != std::string::npos);
  // Only the target appears beside the input: no staging directory is left.
  BOOST_TEST((t::ListDir(root) == Names{"out", "v.dolly"}));
}

BOOST_AUTO_TEST_CASE(depth_colours_follow_depth_order_with_unknown_black) {
  const std::string root = t::MakeTestDir("export_depth");
  // Depth grows with x (1 .. 6 m); pixel (0, 0) is unknown.
  const auto value = [](int, int y, int x) { return y == 0 && x == 0 ? 0.0f : 1.0f + x; };
  Export(t::WriteDepth(root + "/d.dolly", 3, value), root + "/out");
  const std::string dir = root + "/out";
  BOOST_TEST((t::ListDir(dir) == Names{"depth", "depth.mp4", "depth_colors.json", "depth_legend.png"}));
  BOOST_TEST(t::ListDir(dir + "/depth").size() == 3u);
  const cv::Mat image = Png(dir + "/depth/000002.png");
  BOOST_TEST(image.cols == t::kDepthCols);
  BOOST_TEST(image.rows == t::kDepthRows);
  BOOST_TEST((image.at<cv::Vec3b>(0, 0) == cv::Vec3b(0, 0, 0)));
  for (int x = 1; x < t::kDepthCols; ++x) {
    BOOST_TEST(ColormapLevel(image.at<cv::Vec3b>(1, x - 1)) > ColormapLevel(image.at<cv::Vec3b>(1, x)),
               "nearer pixel " << x - 1 << " is not warmer than " << x);
  }
  const cv::Vec3b near = image.at<cv::Vec3b>(1, 0), far = image.at<cv::Vec3b>(1, 5);
  BOOST_TEST(near != far);
  BOOST_TEST(near[0] > far[0]);
  const auto legend = nlohmann::json::parse(t::ReadBytes(dir + "/depth_colors.json"));
  BOOST_TEST(std::abs(legend["low"].get<double>() - 1.0) < 0.01);
  BOOST_TEST(std::abs(legend["high"].get<double>() - 6.0) < 0.04);
  BOOST_TEST(legend["larger_is_nearer"].get<bool>() == false);
  BOOST_TEST(legend["known_pixels"].get<int>() == 3 * (t::kDepthRows * t::kDepthCols - 1));
  cv::Size size;
  BOOST_TEST(VideoFrames(dir + "/depth.mp4", &size) == 3);
}

BOOST_AUTO_TEST_CASE(inverse_depth_makes_larger_values_nearer) {
  const std::string root = t::MakeTestDir("export_inverse");
  const auto value = [](int, int, int x) { return 1.0f + x; };
  Export(t::WriteDepth(root + "/d.dolly", 1, value, schema::DepthKind::RELATIVE_INVERSE_DEPTH),
         root + "/out");
  const cv::Mat image = Png(root + "/out/depth/000000.png");
  BOOST_TEST(ColormapLevel(image.at<cv::Vec3b>(1, 5)) > ColormapLevel(image.at<cv::Vec3b>(1, 0)));
}

BOOST_AUTO_TEST_CASE(tracks_are_drawn_on_black_or_over_a_background) {
  const std::string root = t::MakeTestDir("export_tracks");
  const std::string tracks = t::WriteTracks(root + "/t.dolly");
  Export(tracks, root + "/black");
  BOOST_TEST((t::ListDir(root + "/black") == Names{"tracks", "tracks.mp4"}));
  BOOST_TEST(t::ListDir(root + "/black/tracks").size() == 4u);
  const cv::Mat first = Png(root + "/black/tracks/000000.png");
  BOOST_TEST(first.cols == 64);
  BOOST_TEST(first.rows == 48);
  BOOST_TEST((first.at<cv::Vec3b>(10, 10) == DistinctColor(0)));  // track 0, visible
  BOOST_TEST((first.at<cv::Vec3b>(0, 63) == cv::Vec3b(0, 0, 0)));

  // A Video artifact as background: its size wins, positions are scaled.
  const std::string video = t::WriteVideo(root + "/v.dolly", 2);
  Export(tracks, root + "/over_artifact", video);
  const cv::Mat small = Png(root + "/over_artifact/tracks/000003.png");
  BOOST_TEST(small.cols == 8);
  BOOST_TEST(small.rows == 6);

  // An MP4 file as background, shorter than the tracks.
  const std::string mp4 = root + "/background.mp4";
  {
    auto writer = media::Mp4Writer::Open(mp4, 32, 24, media::FrameRate{6, 1});
    writer->Write(cv::Mat(24, 32, CV_8UC3, cv::Scalar(0, 0, 200)));
    writer->Close();
  }
  Export(tracks, root + "/over_mp4", mp4);
  const cv::Mat last = Png(root + "/over_mp4/tracks/000003.png");
  BOOST_TEST(last.cols == 32);
  BOOST_TEST(last.at<cv::Vec3b>(23, 0)[2] > 150);  // the background's blue shows through
}

BOOST_AUTO_TEST_CASE(control_maps_each_get_frames_and_a_video) {
  const std::string root = t::MakeTestDir("export_control");
  Export(t::WriteControl(root + "/c.dolly"), root + "/out");
  BOOST_TEST((t::ListDir(root + "/out") ==
              Names{"camera_map", "camera_map.mp4", "object_map", "object_map.mp4"}));
  BOOST_TEST(t::ListDir(root + "/out/camera_map").size() == 2u);
  const cv::Mat camera = Png(root + "/out/camera_map/000001.png");
  BOOST_TEST(camera.cols == 16);
  BOOST_TEST((camera.at<cv::Vec3b>(5, 5) == cv::Vec3b(101, 101, 101)));
}

BOOST_AUTO_TEST_CASE(camera_path_plot_and_tum_file) {
  const std::string root = t::MakeTestDir("export_camera");
  Export(t::WriteCamera(root + "/c.dolly"), root + "/out");
  BOOST_TEST((t::ListDir(root + "/out") == Names{"camera_path.png", "trajectory_tum.txt"}));
  const cv::Mat plot = Png(root + "/out/camera_path.png");
  BOOST_TEST(plot.cols == 1280);
  BOOST_TEST(plot.rows == 640);
  cv::Mat gray;
  cv::cvtColor(plot, gray, cv::COLOR_RGB2GRAY);
  BOOST_TEST(cv::countNonZero(gray < 250) > 2000);  // not blank: axes, labels, path
  double lo, hi;
  cv::minMaxLoc(gray, &lo, &hi);
  BOOST_TEST(lo < 50.0);

  std::istringstream tum(t::ReadBytes(root + "/out/trajectory_tum.txt"));
  std::string line;
  std::getline(tum, line);
  BOOST_TEST(line.front() == '#');
  std::vector<std::vector<double>> rows;
  while (std::getline(tum, line)) {
    std::istringstream fields(line);
    std::vector<double> row;
    double v;
    while (fields >> v) row.push_back(v);
    rows.push_back(row);
  }
  BOOST_TEST_REQUIRE(rows.size() == 5u);
  const double half = 5.0 * 3 * M_PI / 180.0;
  const std::vector<double> expected = {0.3, 0.3, 0, 0.6, 0, std::sin(half), 0, std::cos(half)};
  BOOST_TEST_REQUIRE(rows[3].size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) BOOST_TEST(std::abs(rows[3][i] - expected[i]) < 1e-8);
}

BOOST_AUTO_TEST_CASE(camera_path_of_two_shots_marks_each_segment_in_the_tum_file) {
  const std::string root = t::MakeTestDir("export_camera_shots");
  const std::string path = t::WriteCamera(root + "/one.dolly");
  auto camera = artifact::ReadArtifact<schema::CameraTrajectoryInfo>(path);
  BOOST_TEST_REQUIRE(camera.frames.size() == 5u);
  trajectory::SetShotSegments({0, 3}, &camera);
  artifact::WriteArtifact(root + "/shots.dolly", camera);
  const std::string printed = Export(root + "/shots.dolly", root + "/out");
  BOOST_TEST(printed.find("2 segments (shots)") != std::string::npos, printed);
  std::istringstream tum(t::ReadBytes(root + "/out/trajectory_tum.txt"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(tum, line);) lines.push_back(line);
  BOOST_TEST_REQUIRE(lines.size() == 8u);  // header, 2 segment lines, 5 poses
  BOOST_TEST(lines[1] == "# segment 0: 3 frames from frame 0, world = camera of frame 0");
  BOOST_TEST(lines[5] == "# segment 1: 2 frames from frame 3, world = camera of frame 3");
  for (int i : {2, 3, 4, 6, 7}) BOOST_TEST(lines[i].front() != '#');
}

BOOST_AUTO_TEST_CASE(ground_truth_masks_colour_each_object) {
  const std::string root = t::MakeTestDir("export_truth");
  Export(t::WriteGroundTruth(root + "/g.dolly"), root + "/out");
  BOOST_TEST((t::ListDir(root + "/out") == Names{"masks", "masks.mp4", "objects.csv"}));
  const cv::Mat mask = Png(root + "/out/masks/000001.png");
  BOOST_TEST(mask.cols == 8);
  BOOST_TEST(mask.rows == 6);
  BOOST_TEST((mask.at<cv::Vec3b>(0, 0) == cv::Vec3b(0, 0, 0)));
  BOOST_TEST((mask.at<cv::Vec3b>(1, 1) == DistinctColor(1)));
  BOOST_TEST((mask.at<cv::Vec3b>(1, 6) == DistinctColor(2)));
  const cv::Vec3b box = DistinctColor(1), ball = DistinctColor(2);
  const auto rgb = [](const cv::Vec3b& c) {
    return std::to_string(c[0]) + "," + std::to_string(c[1]) + "," + std::to_string(c[2]);
  };
  BOOST_TEST(t::ReadBytes(root + "/out/objects.csv") ==
             "id,name,shape,red,green,blue\n1,box,BOX," + rgb(box) + "\n2,ball,SPHERE," +
                 rgb(ball) + "\n");
}

BOOST_AUTO_TEST_CASE(meshes_render_orthographic_views) {
  const std::string root = t::MakeTestDir("export_mesh");
  Export(t::WriteMesh(root + "/m.dolly"), root + "/mesh");
  BOOST_TEST((t::ListDir(root + "/mesh") == Names{"mesh.png"}));
  const cv::Mat image = Png(root + "/mesh/mesh.png");
  BOOST_TEST(image.cols == 960);
  BOOST_TEST(image.rows == 320);
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_RGB2GRAY);
  BOOST_TEST(cv::countNonZero(gray) > 500);

  Export(t::WriteAnimatedMesh(root + "/a.dolly"), root + "/animated");
  BOOST_TEST((t::ListDir(root + "/animated") == Names{"mesh", "mesh.mp4", "rest.png"}));
  BOOST_TEST(t::ListDir(root + "/animated/mesh").size() == 3u);
  // The mesh moves right: frames differ.
  BOOST_TEST(cv::norm(Png(root + "/animated/mesh/000000.png"),
                      Png(root + "/animated/mesh/000002.png")) > 0.0);
}

BOOST_AUTO_TEST_CASE(motion_points_are_projected_in_their_colours) {
  const std::string root = t::MakeTestDir("export_motion");
  Export(t::WriteMotion(root + "/m.dolly"), root + "/out");
  BOOST_TEST((t::ListDir(root + "/out") == Names{"points", "points.mp4"}));
  const cv::Mat image = Png(root + "/out/points/000000.png");
  BOOST_TEST(image.cols == 32);
  BOOST_TEST(image.rows == 24);
  // Point 0 at (0, 0, 2) lands on the principal point (15.5, 11.5), red.
  BOOST_TEST((image.at<cv::Vec3b>(12, 16) == cv::Vec3b(255, 0, 0)));
}

BOOST_AUTO_TEST_CASE(metrics_become_json_and_csv) {
  const std::string root = t::MakeTestDir("export_metrics");
  Export(t::WriteMetrics(root + "/m.dolly"), root + "/out");
  BOOST_TEST((t::ListDir(root + "/out") == Names{"metrics.csv", "metrics.json"}));
  const auto metrics = nlohmann::json::parse(t::ReadBytes(root + "/out/metrics.json"));
  BOOST_TEST(metrics.size() == 2u);
  BOOST_TEST(metrics[0]["name"].get<std::string>() == "psnr");
  BOOST_TEST(metrics[0]["value"].get<double>() == 31.5);
  BOOST_TEST(metrics[1]["name"].get<std::string>() == "odd \"name\"\n");
  BOOST_TEST(t::ReadBytes(root + "/out/metrics.csv") ==
             "name,value,unit,description\npsnr,31.5,dB,\n\"odd \"\"name\"\"\n\",0.125,,tab\there\n");
}

BOOST_AUTO_TEST_CASE(an_existing_export_is_never_overwritten) {
  const std::string root = t::MakeTestDir("export_existing");
  const std::string video = t::WriteVideo(root + "/v.dolly");
  fs::create_directories(root + "/full");
  t::WriteBytes(root + "/full/keep.txt", "mine");
  try {
    Export(video, root + "/full");
    BOOST_ERROR("export into a non-empty directory succeeded");
  } catch (const IoError& e) {
    BOOST_TEST(std::string(e.what()).rfind(root + "/full", 0) == 0u);
  }
  BOOST_TEST((t::ListDir(root + "/full") == Names{"keep.txt"}));
  // An empty directory (e.g. made by a workflow engine) is fine.
  fs::create_directories(root + "/empty");
  Export(video, root + "/empty/");
  BOOST_TEST((t::ListDir(root + "/empty") == Names{"frames", "frames.mp4"}));
  BOOST_TEST((t::ListDir(root) == Names{"empty", "full", "v.dolly"}));
}

BOOST_AUTO_TEST_CASE(failing_midway_leaves_no_directory) {
  const std::string root = t::MakeTestDir("export_failing");
  const std::string good = t::WriteDepth(root + "/d.dolly", 3);
  const std::string bytes = t::ReadBytes(good);
  // Cut inside the last frame: the header and info are fine, frames fail.
  t::WriteBytes(root + "/cut.dolly", bytes.substr(0, bytes.size() - 20));
  BOOST_CHECK_THROW(Export(root + "/cut.dolly", root + "/out"), InvalidInputError);
  // A background that does not exist fails after the directory was started.
  BOOST_CHECK_THROW(Export(t::WriteTracks(root + "/t.dolly"), root + "/out", root + "/nope.mp4"),
                    Error);
  BOOST_TEST((t::ListDir(root) == Names{"cut.dolly", "d.dolly", "t.dolly"}));
}

BOOST_AUTO_TEST_CASE(missing_parents_are_made_and_removed_again_on_failure) {
  const std::string root = t::MakeTestDir("export_parents");
  Export(t::WriteMetrics(root + "/m.dolly"), root + "/previews/run1/metrics");
  BOOST_TEST((t::ListDir(root + "/previews/run1/metrics") == Names{"metrics.csv", "metrics.json"}));

  const std::string bytes = t::ReadBytes(t::WriteDepth(root + "/d.dolly"));
  t::WriteBytes(root + "/cut.dolly", bytes.substr(0, bytes.size() - 20));
  BOOST_CHECK_THROW(Export(root + "/cut.dolly", root + "/new/deeper/depth"), InvalidInputError);
  BOOST_TEST((t::ListDir(root) == Names{"cut.dolly", "d.dolly", "m.dolly", "previews"}));
}

BOOST_AUTO_TEST_CASE(json_and_export_together_keep_stdout_pure_json) {
  const std::string root = t::MakeTestDir("export_json");
  const std::string printed = Export(t::WriteDepth(root + "/d.dolly", 2), root + "/out", "", true);
  const auto doc = nlohmann::json::parse(printed);
  BOOST_TEST(doc["frames"].size() == 2u);
  BOOST_TEST(fs::exists(root + "/out/depth.mp4"));
}

BOOST_AUTO_TEST_CASE(stdin_is_copied_once_and_the_copy_removed) {
  const std::string root = t::MakeTestDir("export_stdin");
  const std::string tmp = t::MakeTestDir("export_stdin_tmp");
  setenv("TMPDIR", tmp.c_str(), 1);
  const std::string path = t::WriteDepth(root + "/d.dolly", 2);
  BOOST_TEST_REQUIRE(std::freopen(path.c_str(), "rb", stdin) != nullptr);
  const std::string printed = Export("-", root + "/out", "", true);
  BOOST_TEST(nlohmann::json::parse(printed)["frames"].size() == 2u);
  BOOST_TEST(t::ListDir(root + "/out/depth").size() == 2u);
  BOOST_TEST(t::ListDir(tmp).empty());
}

}  // namespace
}  // namespace dolly::inspect
