// The camera-adapted object map in convention "pac", against a test-local
// re-statement of Perception-as-Control's own formula: query grid, lifting
// through its 500 px pinhole with the sign flips of PyTorch3D's axes, the
// pose as a row-vector view transform, FoVPerspectiveCameras' NDC and
// transform_points_screen, then the scaling, clipping and truncation of its
// inference. The poses are PAC's own (testdata/pac, PanLeft and OrbitUp),
// not dolly's.
#define BOOST_TEST_MODULE pac_object_map
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "libs/controls/pac_object_points.h"
#include "libs/controls/render_controls.h"
#include "libs/motion/build/from_intentions.h"
#include "libs/motion/build/pac_geometry.h"
#include "libs/motion/camera/pac_pose_table.h"

namespace dolly::motion {
namespace {

// z = 2 + 0.02 x + 0.01 y: whole-map range [2, 2 + 0.02 (W - 1) + 0.01 (H - 1)].
cv::Mat Depth(int w, int h) {
  cv::Mat d(h, w, CV_32FC1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) d.at<float>(y, x) = 2.0f + 0.02f * x + 0.01f * y;
  return d;
}

struct Reference {
  double u = 0, v = 0;  // PAC's screen position at the original size
  double z = 0;         // depth in PAC's view
};

// PAC's projection of query pixel (i, j) with metric depth d through [R | T].
Reference PacProject(int i, int j, double d, const Eigen::Matrix<double, 3, 4>& rt, int w, int h) {
  const Eigen::RowVector3d world(-(i - w / 2.0) / 500.0 * d, -(j - h / 2.0) / 500.0 * d, d);
  const Eigen::RowVector3d view = world * rt.block<3, 3>(0, 0) + rt.col(3).transpose();
  const double tan_half = (h / 2) / 500.0;  // fov = 2 atan((H // 2) / 500), aspect 1
  const double x_ndc = view.x() / (view.z() * tan_half), y_ndc = view.y() / (view.z() * tan_half);
  const double s = std::min(w, h) / 2.0;
  return {w / 2.0 - s * x_ndc, h / 2.0 - s * y_ndc, view.z()};
}

const testing::PacPoseCase& Case(const std::vector<testing::PacPoseCase>& table,
                                 const std::string& name) {
  for (const auto& c : table) {
    if (c.name == name && c.frames == 16) return c;
  }
  BOOST_FAIL("no case " + name);
  return table.front();
}

void CheckAgainstPac(int w, int h, CameraPreset preset, double magnitude, const std::string& name) {
  BOOST_TEST_CONTEXT(name << " at " << w << "x" << h) {
    const cv::Mat depth = Depth(w, h);
    Intentions intentions;
    intentions.frames = 16;
    CameraSegment s;
    s.preset = preset;
    s.magnitude = magnitude;
    s.end_frame = 16;
    intentions.camera_segments = {s};
    BuildOptions options;
    options.convention = "pac";
    // Real intrinsics that PAC ignores.
    const geometry::PinholeCamera given{321.0, 300.0, 10.0, 12.0, w, h};
    const MotionScene scene = BuildFromIntentions(cv::Mat(h, w, CV_8UC3, cv::Scalar::all(9)),
                                                  depth, cv::Mat(), given, intentions, options);
    BOOST_TEST(scene.convention == "pac");

    // PAC's generate_query, x-major.
    std::vector<Eigen::Vector2i> grid;
    for (int i = 0; i < w; i += w / 30)
      for (int j = 0; j < h; j += h / 30) grid.emplace_back(i, j);
    BOOST_REQUIRE(scene.point_count() == static_cast<int>(grid.size()));
    const double z_max = 2.0 + 0.02 * (w - 1) + 0.01 * (h - 1);

    const std::vector<testing::PacPoseCase> table = testing::ReadPacPoseTable();
    const testing::PacPoseCase& poses = Case(table, name);
    const cv::Size out(768, 512);
    double worst_px = 0.0;
    int compared = 0, drawn = 0;
    for (int t = 0; t < 16; ++t) {
      const SceneFrame& f = scene.frames[t];
      const Eigen::Isometry3d cam_from_world = f.world_from_camera.inverse();
      const std::vector<controls::ControlPoint> points =
          controls::PacConventionControlPoints(scene, t, out);
      for (size_t k = 0; k < grid.size(); ++k) {
        const int i = grid[k].x(), j = grid[k].y();
        BOOST_REQUIRE(scene.points[k].reference_pixel == Eigen::Vector2f(float(i), float(j)));
        const double d = 2.0 + 0.02 * i + 0.01 * j;
        const Reference ref = PacProject(i, j, d, poses.poses[t], w, h);
        const Eigen::Vector3d c = cam_from_world * f.points_world[k].cast<double>();
        const Eigen::Vector2d uv(f.camera.fx * c.x() / c.z() + f.camera.cx,
                                 f.camera.fy * c.y() / c.z() + f.camera.cy);
        // Points stored as float32 (as PAC's are) lose ~1e-7 of their
        // position; within 5 cm of the camera plane that is magnified past
        // any fixed pixel tolerance, in PAC as here.
        if (std::abs(ref.z) < 0.05) continue;
        const Eigen::Vector2d from_centre(ref.u - w / 2.0, ref.v - h / 2.0);
        worst_px = std::max(worst_px, (uv - Eigen::Vector2d(ref.u, ref.v)).cwiseAbs().maxCoeff() /
                                          std::max(1.0, from_centre.cwiseAbs().maxCoeff()));
        // The disc depth: PAC's relative depth at the query pixel.
        BOOST_TEST(scene.object_map_depth[k] == (d - 2.0) / (z_max - 2.0),
                   boost::test_tools::tolerance(1e-5));
        BOOST_TEST(points[k].depth == double(scene.object_map_depth[k]));
        // PAC's inference: scale, clip, truncate, skip 0.
        const double x = std::clamp(ref.u / w * out.width, 0.0, out.width - 1.0);
        const double y = std::clamp(ref.v / h * out.height, 0.0, out.height - 1.0);
        const auto near_integer = [](double a) { return std::abs(a - std::round(a)) < 1e-3; };
        if (near_integer(x) || near_integer(y)) continue;  // float32 decides there
        ++compared;
        const bool visible = int(x) != 0 && int(y) != 0;
        BOOST_TEST(points[k].visible == visible);
        if (!visible) continue;
        ++drawn;
        BOOST_TEST(points[k].x == float(int(x)));
        BOOST_TEST(points[k].y == float(int(y)));
      }
    }
    // Relative to the distance from the image centre (at least 1 px).
    BOOST_TEST(worst_px < 1e-5);
    BOOST_TEST(compared > 1000);
    BOOST_TEST(drawn > 500);
    BOOST_TEST_MESSAGE(name << " " << w << "x" << h << ": worst projection difference "
                            << worst_px << " (relative) over " << compared << " positions");
  }
}

BOOST_AUTO_TEST_CASE(pan_left_matches_pacs_projection_landscape) {
  CheckAgainstPac(96, 64, CameraPreset::kPanLeft, 10.0, "PanLeft");
}

BOOST_AUTO_TEST_CASE(orbit_up_matches_pacs_projection_portrait_odd_height) {
  // Portrait with an odd height: PyTorch3D scales by min(W, H) / 2 and PAC's
  // fov uses H // 2, so the screen focal is not 500 here.
  CheckAgainstPac(60, 91, CameraPreset::kOrbitUp, 15.0, "OrbitUp");
  BOOST_TEST(PacScreenCamera(60, 91).fx == 500.0 * 30.0 / 45.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(dolly_in_pulls_points_to_the_border_as_pac_does) {
  CheckAgainstPac(90, 60, CameraPreset::kDollyIn, 2.0, "DollyIn");
}

// dolly-render sizes discs by the recorded object_map_depth: 0 gives PAC's
// 11 px disc, 1 its 1 px disc, where the points' own equal depths would give
// 6 px to both.
BOOST_AUTO_TEST_CASE(dolly_render_sizes_discs_by_the_recorded_depth) {
  MotionScene scene;
  scene.source = "intentions";
  scene.reference_camera = {50.0, 50.0, 32.0, 24.0, 64, 48};
  scene.points.resize(2);
  scene.points[0].reference_pixel = {16.0f, 24.0f};
  scene.points[1].reference_pixel = {48.0f, 24.0f};
  SceneFrame f;
  f.camera = scene.reference_camera;
  f.points_world = {Eigen::Vector3f(-0.64f, 0.0f, 2.0f), Eigen::Vector3f(0.64f, 0.0f, 2.0f)};
  f.visible = {1, 1};
  scene.frames = {f};
  controls::RenderOptions options;
  options.warp_preview = options.depth = options.wireframes = false;
  auto differing = [](const cv::Mat& a, const cv::Mat& b) {
    cv::Mat diff;
    cv::absdiff(a, b, diff);
    return cv::countNonZero(diff.reshape(1));
  };
  auto disc = [](float x, double depth) {
    controls::ControlPoint p;
    p.x = p.x0 = x;
    p.y = p.y0 = 24.0f;
    p.depth = depth;
    return p;
  };
  const cv::Mat equal = controls::RenderControlFrame(scene, 0, options).object_map;
  const cv::Mat expected_equal =
      controls::RenderObjectMap(64, 48, {disc(16.0f, 0.5), disc(48.0f, 0.5)});
  BOOST_TEST(differing(equal, expected_equal) == 0);
  scene.object_map_depth = {0.0f, 1.0f};
  const cv::Mat recorded = controls::RenderControlFrame(scene, 0, options).object_map;
  const cv::Mat expected = controls::RenderObjectMap(64, 48, {disc(16.0f, 0.0), disc(48.0f, 1.0)});
  BOOST_TEST(differing(recorded, expected) == 0);
  BOOST_TEST(differing(recorded, equal) > 0);
}

}  // namespace
}  // namespace dolly::motion
