// RenderControlFrame throughput on a 16-frame 768 x 512 orbit (961 and
// 10,000 points, a textured reference image with depth and one moving
// object), against the cost of merely writing the same bytes in the same run:
//   bazel run -c opt //libs/controls:render_controls_benchmark
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <vector>

#include "libs/controls/render_controls.h"
#include "libs/motion/camera/camera_presets.h"

namespace {

using namespace dolly;

constexpr int kWidth = 768;
constexpr int kHeight = 512;
constexpr int kFrames = 16;
constexpr int kRepeats = 3;
// Bytes per pixel of every signal: 4 RGB maps + warp RGB + coverage + float depth.
constexpr size_t kBytesPerPixel = 4 * 3 + 3 + 1 + 4;

double BestSeconds(const std::function<void()>& run) {
  double best = 1e30;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    run();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return best;
}

motion::MotionScene Scene(int points) {
  motion::MotionScene s;
  geometry::PinholeCamera k;
  k.fx = k.fy = 600.0;
  k.cx = (kWidth - 1) / 2.0;
  k.cy = (kHeight - 1) / 2.0;
  k.width = kWidth;
  k.height = kHeight;
  s.reference_camera = k;
  std::mt19937 rng(7);
  s.reference_rgb.create(kHeight, kWidth, CV_8UC3);
  cv::randu(s.reference_rgb, cv::Scalar::all(0), cv::Scalar::all(255));
  s.reference_depth.create(kHeight, kWidth, CV_32FC1);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) s.reference_depth.at<float>(y, x) = 3.0f + 0.002f * y;
  }
  const cv::Rect object_rect(300, 180, 160, 160);
  s.reference_depth(object_rect).setTo(2.5f);
  s.reference_labels = cv::Mat(kHeight, kWidth, CV_32SC1, cv::Scalar(0));
  s.reference_labels(object_rect).setTo(1);

  std::vector<Eigen::Vector2d> pixels;
  if (points == 961) {
    for (int y = 0; y < kHeight; y += kHeight / 30) {
      for (int x = 0; x < kWidth; x += kWidth / 30) pixels.emplace_back(x, y);
    }
  } else {
    std::uniform_real_distribution<double> ux(0, kWidth - 1), uy(0, kHeight - 1);
    for (int i = 0; i < points; ++i) pixels.emplace_back(ux(rng), uy(rng));
  }
  std::vector<Eigen::Vector3d> p0;
  for (const Eigen::Vector2d& px : pixels) {
    const bool on_object = object_rect.contains(cv::Point(int(px.x()), int(px.y())));
    const double z = s.reference_depth.at<float>(int(px.y()), int(px.x()));
    p0.push_back(k.Unproject(px, z));
    motion::ScenePoint p;
    p.radius = float(2.0 * z / k.fx);
    p.reference_pixel = px.cast<float>();
    p.object_id = on_object ? 1 : -1;
    s.points.push_back(p);
  }
  motion::SceneObject object;
  object.id = 1;
  object.world_from_box = Eigen::Isometry3d(Eigen::Translation3d(0, 0, 2.5));
  object.box_size = Eigen::Vector3d(0.6, 0.6, 0.3);
  s.objects.push_back(object);

  motion::CameraSegment orbit;
  orbit.preset = motion::CameraPreset::kOrbitLeft;
  orbit.magnitude = 20.0;
  orbit.end_frame = kFrames;
  motion::CameraRig rig;
  rig.pivot_distance = 3.0;
  const motion::CameraMotion cm = motion::ComputeCameraMotion({orbit}, kFrames, rig);
  motion::DragPath drag;
  drag.object_id = 1;
  for (int t = 0; t < kFrames; ++t) {
    const Eigen::Isometry3d m(Eigen::Translation3d(0.02 * t, 0, 0));
    drag.world.push_back(m * Eigen::Vector3d(0, 0, 2.5));
    motion::SceneFrame f;
    f.world_from_camera = cm.reference_from_camera[t];
    f.camera = k;
    for (size_t i = 0; i < p0.size(); ++i) {
      f.points_world.push_back((s.points[i].object_id == 1 ? m * p0[i] : p0[i]).cast<float>());
      f.visible.push_back(1);
    }
    f.object_motions.push_back(m);
    s.frames.push_back(f);
  }
  s.drags.push_back(drag);
  motion::ValidateMotionScene(s, "benchmark scene");
  return s;
}

}  // namespace

int main() {
  const size_t frame_bytes = size_t(kWidth) * kHeight * kBytesPerPixel;
  std::vector<unsigned char> buffer(frame_bytes);
  const double baseline = BestSeconds([&] {
    for (int f = 0; f < kFrames; ++f) std::memset(buffer.data(), f, frame_bytes);
  });
  std::printf("baseline (memset %d frames x %zu bytes, all signals of %dx%d): %.1f fps\n", kFrames,
              frame_bytes, kWidth, kHeight, kFrames / baseline);
  for (const int points : {961, 10000}) {
    const motion::MotionScene scene = Scene(points);
    struct Case {
      const char* name;
      controls::RenderOptions options;
    };
    std::vector<Case> cases(4);
    cases[0].name = "all signals, pac/pac";
    cases[1].name = "all signals, spheres/intrinsics";
    cases[1].options.object_map = controls::ObjectMapMode::kSpheres;
    cases[1].options.camera_map = controls::CameraMapMode::kIntrinsics;
    cases[2].name = "no warp/depth, pac/pac";
    cases[2].options.warp_preview = cases[2].options.depth = false;
    cases[3].name = "no warp/depth/wireframes";
    cases[3].options.warp_preview = cases[3].options.depth = false;
    cases[3].options.wireframes = false;
    for (const Case& c : cases) {
      size_t checksum = 0;
      const double seconds = BestSeconds([&] {
        for (int t = 0; t < kFrames; ++t) {
          const controls::ControlImages images = controls::RenderControlFrame(scene, t, c.options);
          checksum += images.object_map.data[images.object_map.total()];
        }
      });
      std::printf("%5d points, %-32s %6.1f fps, %6.1fx the baseline's time (checksum %zu)\n",
                  points, c.name, kFrames / seconds, seconds / baseline, checksum);
    }
  }
  return 0;
}
