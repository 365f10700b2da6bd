// Writes testdata/animate/ from a dolly-synth scene directory: frame 0's image
// (reference.png), its depth as a 16-bit PNG in millimetres (depth_mm.png),
// its instance labels as an 8-bit PNG (labels.png) and an intentions file
// (animate.json: an eased orbit plus one inline drag that starts at the
// centre of object --mask-id, checked to lie on that object's labels). Prints
// fx of the scene camera, the --fx that the depth import needs. See README.md
// beside this file.
//
//   make_animate_testdata --scene-dir SYNTH_DIR --out testdata/animate
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/depth_types.h"
#include "schemas/ground_truth_types.h"
#include "schemas/video_types.h"

namespace {

template <typename Info>
typename dolly::artifact::ArtifactTraits<Info>::Frame FirstFrame(const std::string& path,
                                                                 Info* info) {
  dolly::artifact::ArtifactReader<Info> reader(path);
  typename dolly::artifact::ArtifactTraits<Info>::Frame frame;
  if (!reader.NextFrame(&frame)) throw std::runtime_error(path + ": no frames");
  *info = reader.info();
  return frame;
}

void Write(const std::string& path, const cv::Mat& image) {
  if (!cv::imwrite(path, image, {cv::IMWRITE_PNG_COMPRESSION, 9})) {
    throw std::runtime_error(path + ": cannot write");
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string scene_dir;
  std::string out;
  int mask_id = 3;
  int frames = 16;
  double orbit_degrees = 25.0;
  double drag_dx = -70.0;
  double drag_dy = 0.0;
  CLI::App app{"Writes the animate pipeline's test data from a dolly-synth scene directory"};
  app.add_option("--scene-dir", scene_dir, "dolly-synth output directory")->required();
  app.add_option("--out", out, "Directory to write into (must exist)")->required();
  app.add_option("--mask-id", mask_id, "Instance id of the dragged object")->capture_default_str();
  app.add_option("--frames", frames, "Clip length of the intentions")->capture_default_str();
  app.add_option("--orbit-degrees", orbit_degrees, "orbit_left magnitude")->capture_default_str();
  app.add_option("--drag-dx", drag_dx, "Drag end minus start, x (pixels)")->capture_default_str();
  app.add_option("--drag-dy", drag_dy, "Drag end minus start, y (pixels)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    namespace schema = dolly::schema;
    // Reference image: RGB in the artifact, BGR for OpenCV.
    schema::VideoInfo video_info;
    const schema::VideoFrame video = FirstFrame(scene_dir + "/video.dolly", &video_info);
    cv::Mat bgr;
    cv::cvtColor(dolly::MatFromTensor(video.image), bgr, cv::COLOR_RGB2BGR);
    Write(out + "/reference.png", bgr);

    // Depth in millimetres, 0 = nothing drawn (unknown).
    schema::DepthSequenceInfo depth_info;
    const schema::DepthFrame depth = FirstFrame(scene_dir + "/depth.dolly", &depth_info);
    const cv::Mat metres = dolly::MatFromTensor(depth.depth);
    cv::Mat mm(metres.size(), CV_16U);
    for (int y = 0; y < metres.rows; ++y) {
      for (int x = 0; x < metres.cols; ++x) {
        const double v = std::round(metres.at<float>(y, x) * 1000.0);
        if (!(v >= 0 && v <= 65535)) {
          throw std::runtime_error("depth " + std::to_string(v) + " mm at (" + std::to_string(x) +
                                   ", " + std::to_string(y) + ") does not fit 16 bits");
        }
        mm.at<uint16_t>(y, x) = static_cast<uint16_t>(v);
      }
    }
    Write(out + "/depth_mm.png", mm);

    // Instance labels (ids are small: ground 1, backdrop 2, objects from 3).
    schema::SceneGroundTruthInfo scene_info;
    const schema::SceneGroundTruthFrame scene =
        FirstFrame(scene_dir + "/scene.dolly", &scene_info);
    const cv::Mat ids = dolly::MatFromTensor(scene.instance_mask);
    double max_id = 0;
    cv::minMaxLoc(ids, nullptr, &max_id);
    if (max_id > 255) throw std::runtime_error("instance ids above 255 do not fit 8 bits");
    cv::Mat labels;
    ids.convertTo(labels, CV_8U);
    Write(out + "/labels.png", labels);

    // The drag starts at the object pixel nearest to the object's centroid.
    const cv::Mat object = labels == mask_id;
    const cv::Moments m = cv::moments(object, true);
    if (m.m00 < 50) {
      throw std::runtime_error("object " + std::to_string(mask_id) + " covers only " +
                               std::to_string(m.m00) + " pixels of frame 0");
    }
    const cv::Point2d centroid(m.m10 / m.m00, m.m01 / m.m00);
    cv::Point start(-1, -1);
    double best = 1e30;
    for (int y = 0; y < labels.rows; ++y) {
      for (int x = 0; x < labels.cols; ++x) {
        if (labels.at<uint8_t>(y, x) != mask_id) continue;
        const double d = std::hypot(x - centroid.x, y - centroid.y);
        if (d < best) best = d, start = cv::Point(x, y);
      }
    }
    const cv::Point end(static_cast<int>(std::lround(start.x + drag_dx)),
                        static_cast<int>(std::lround(start.y + drag_dy)));
    if (labels.at<uint8_t>(start.y, start.x) != mask_id) {
      throw std::runtime_error("drag start is not on the object");
    }
    if (end.x < 0 || end.y < 0 || end.x >= labels.cols || end.y >= labels.rows) {
      throw std::runtime_error("drag end lies outside the image");
    }

    const nlohmann::ordered_json intentions = {
        {"frames", frames},
        {"fps", video_info.__isset.fps ? video_info.fps : 8.0},
        {"camera",
         {{"preset", "orbit_left"}, {"magnitude", orbit_degrees}, {"easing", "ease_in_out"}}},
        {"objects",
         nlohmann::ordered_json::array(
             {{{"mask_id", mask_id},
               {"drags", {{{start.x, start.y}, {end.x, end.y}}}},
               {"drag_space", "reference"}}})}};
    std::ofstream(out + "/animate.json") << intentions.dump(2) << "\n";

    const schema::Intrinsics& k = depth_info.intrinsics;
    std::cout << "fx " << k.fx << " fy " << k.fy << " cx " << k.cx << " cy " << k.cy << "\n"
              << "object " << mask_id << ": " << m.m00 << " pixels, drag (" << start.x << ", "
              << start.y << ") -> (" << end.x << ", " << end.y << "), label at start "
              << int(labels.at<uint8_t>(start.y, start.x)) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "make_animate_testdata: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
