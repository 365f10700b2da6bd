#define BOOST_TEST_MODULE json_dump_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "libs/core/version.h"
#include "libs/inspect/inspect.h"
#include "schemas/common_constants.h"
#include "libs/inspect/testing/test_artifacts.h"

namespace dolly::inspect {
namespace {

using nlohmann::json;
namespace t = testing;

json Dump(const std::string& path, bool full = false, std::string* text = nullptr) {
  std::ostringstream out;
  InspectOptions options;
  options.input = path;
  options.json = true;
  options.full = full;
  RunInspectImpl(options, out);
  if (text != nullptr) *text = out.str();
  return json::parse(out.str());  // throws (fails the test) on invalid JSON
}

std::string Dir(const std::string& name) { return t::MakeTestDir(name); }

void CheckHeader(const json& header, int kind, const std::string& kind_name) {
  BOOST_TEST(header["kind"].get<int>() == kind);
  BOOST_TEST(header["kind_name"].get<std::string>() == kind_name);
  BOOST_TEST(header["schema_version"].get<int>() == schema::g_common_constants.SCHEMA_VERSION);
  BOOST_TEST(header["tool_name"].get<std::string>() == "dolly-test");
  BOOST_TEST(header["tool_version"].get<std::string>() == kVersion);
  BOOST_TEST(header["seed"].get<int64_t>() == t::kSeed);
  BOOST_TEST(header["parameters"]["alpha"].get<std::string>() == "1");
  BOOST_TEST(header["parameters"]["quote"].get<std::string>() == "say \"hi\"\n");
  BOOST_TEST(header["inputs"].size() == 1u);
  BOOST_TEST(header["inputs"][0]["role"].get<std::string>() == "image");
  BOOST_TEST(header["inputs"][0]["sha256"].get<std::string>() == std::string(64, 'a'));
}

BOOST_AUTO_TEST_CASE(depth_round_trips_header_info_and_frames) {
  const json doc = Dump(t::WriteDepth(Dir("json_depth") + "/d.dolly"));
  CheckHeader(doc["header"], 1, "DEPTH_SEQUENCE");
  const json& info = doc["info"];
  BOOST_TEST(info["kind"].get<int>() == 1);
  BOOST_TEST(info["kind_name"].get<std::string>() == "METRIC");
  BOOST_TEST(info["intrinsics"]["fx"].get<double>() == t::kFx);
  BOOST_TEST(info["intrinsics"]["fy"].get<double>() == t::kFy);
  BOOST_TEST(info["intrinsics"]["width"].get<int>() == t::kDepthCols);
  BOOST_TEST(info["fps"].get<double>() == 8.0);
  BOOST_TEST(doc["frames"].size() == 3u);
  for (int f = 0; f < 3; ++f) {
    const json& frame = doc["frames"][f];
    BOOST_TEST(frame["index"].get<int>() == f);
    BOOST_TEST(frame["timestamp"].get<double>() == f / 8.0);
  }
  // Frame 1 holds 0.5 + 0.25 * (24..47): 6.5 .. 12.25.
  const json& depth = doc["frames"][1]["depth"];
  BOOST_TEST(depth["dtype"].get<std::string>() == "FLOAT32");
  BOOST_TEST((depth["shape"] == json::array({4, 6})));
  BOOST_TEST(depth["bytes"].get<int>() == 96);
  BOOST_TEST(depth["min"].get<double>() == 6.5);
  BOOST_TEST(depth["max"].get<double>() == 12.25);
  BOOST_TEST(depth["mean"].get<double>() == 9.375);
  BOOST_TEST(!depth.contains("data"));
  BOOST_TEST(!depth.contains("nonfinite"));
}

BOOST_AUTO_TEST_CASE(full_includes_exactly_the_data_values) {
  // Values with long decimal expansions must survive the text round trip.
  const auto value = [](int f, int y, int x) {
    return static_cast<float>(std::sqrt(2.0 + f + 0.1 * y + 0.01 * x) / 3.0);
  };
  const json doc = Dump(t::WriteDepth(Dir("json_full") + "/d.dolly", 2, value), true);
  for (int f = 0; f < 2; ++f) {
    const json& data = doc["frames"][f]["depth"]["data"];
    BOOST_TEST_REQUIRE(data.size() == static_cast<size_t>(t::kDepthRows * t::kDepthCols));
    for (int y = 0; y < t::kDepthRows; ++y) {
      for (int x = 0; x < t::kDepthCols; ++x) {
        // FLOAT32 prints as the shortest decimal that reads back to the same float.
        BOOST_TEST(static_cast<float>(data[y * t::kDepthCols + x].get<double>()) ==
                   value(f, y, x));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(video_frames_carry_image_summaries) {
  const json doc = Dump(t::WriteVideo(Dir("json_video") + "/v.dolly"), true);
  CheckHeader(doc["header"], 6, "VIDEO");
  BOOST_TEST(doc["info"]["width"].get<int>() == 8);
  BOOST_TEST(doc["info"]["height"].get<int>() == 6);
  BOOST_TEST(doc["frames"].size() == 2u);
  const json& image = doc["frames"][1]["image"];
  BOOST_TEST((image["shape"] == json::array({6, 8, 3})));
  BOOST_TEST(image["dtype"].get<std::string>() == "UINT8");
  BOOST_TEST(image["max"].get<double>() == 100.0);  // 20 * 5
  // Pixel (y 2, x 3) of frame 1 = (30, 40, 50).
  const size_t at = (2 * 8 + 3) * 3;
  BOOST_TEST(image["data"][at].get<int>() == 30);
  BOOST_TEST(image["data"][at + 1].get<int>() == 40);
  BOOST_TEST(image["data"][at + 2].get<int>() == 50);
}

BOOST_AUTO_TEST_CASE(tracks_round_trip_positions_and_visibility) {
  const json doc = Dump(t::WriteTracks(Dir("json_tracks") + "/t.dolly"), true);
  CheckHeader(doc["header"], 2, "TRACK_SET");
  const json& info = doc["info"];
  BOOST_TEST(info["track_count"].get<int>() == 3);
  BOOST_TEST(info["query_frames"]["dtype"].get<std::string>() == "INT64");
  BOOST_TEST((info["query_frames"]["data"] == json::array({0, 0, 1})));
  BOOST_TEST((info["labels"]["data"] == json::array({1, 2, 0})));
  BOOST_TEST(doc["frames"].size() == 4u);
  const json& frame = doc["frames"][2];
  BOOST_TEST(frame["index"].get<int>() == 2);
  BOOST_TEST((frame["visibility"]["data"] == json::array({1, 0, 1})));
  // Track 2 at frame 2: (10 + 10 + 4, 10 + 6 + 2).
  BOOST_TEST(frame["positions"]["data"][4].get<double>() == 24.0);
  BOOST_TEST(frame["positions"]["data"][5].get<double>() == 18.0);
}

BOOST_AUTO_TEST_CASE(camera_round_trips_pose_quaternions_exactly) {
  const json doc = Dump(t::WriteCamera(Dir("json_camera") + "/c.dolly"));
  CheckHeader(doc["header"], 3, "CAMERA_TRAJECTORY");
  BOOST_TEST(doc["info"]["world_frame"].get<std::string>() == "camera of frame 0");
  BOOST_TEST(doc["info"]["intrinsics"]["cx"].get<double>() == 31.5);
  BOOST_TEST(doc["frames"].size() == 5u);
  for (int f = 0; f < 5; ++f) {
    const json& pose = doc["frames"][f]["world_from_camera"];
    const double half = 5.0 * f * M_PI / 180.0;
    BOOST_TEST(pose["rotation"]["w"].get<double>() == std::cos(half));
    BOOST_TEST(pose["rotation"]["y"].get<double>() == std::sin(half));
    BOOST_TEST(pose["rotation"]["x"].get<double>() == 0.0);
    BOOST_TEST(pose["translation"]["x"].get<double>() == 0.1 * f);
    BOOST_TEST(pose["translation"]["z"].get<double>() == 0.2 * f);
  }
}

BOOST_AUTO_TEST_CASE(motion_control_and_ground_truth_round_trip) {
  const json motion = Dump(t::WriteMotion(Dir("json_motion") + "/m.dolly"), true);
  CheckHeader(motion["header"], 4, "MOTION_REPRESENTATION");
  BOOST_TEST(motion["info"]["point_count"].get<int>() == 4);
  BOOST_TEST((motion["info"]["instance_ids"]["data"] == json::array({-1, 1, 1, 2})));
  BOOST_TEST(static_cast<float>(motion["frames"][1]["points_world"]["data"][3].get<double>()) ==
             0.5f + 0.1f);

  const json control = Dump(t::WriteControl(Dir("json_control") + "/c.dolly"));
  CheckHeader(control["header"], 5, "CONTROL_SIGNALS");
  BOOST_TEST(control["frames"][1]["camera_map"]["min"].get<double>() == 101.0);
  BOOST_TEST(control["frames"][1]["object_map"]["max"].get<double>() == 7.0);
  BOOST_TEST(!control["frames"][1].contains("trajectory_map"));

  const json truth = Dump(t::WriteGroundTruth(Dir("json_truth") + "/g.dolly"));
  CheckHeader(truth["header"], 10, "SCENE_GROUND_TRUTH");
  const json& objects = truth["info"]["objects"];
  BOOST_TEST(objects.size() == 2u);
  BOOST_TEST(objects[0]["name"].get<std::string>() == "box");
  BOOST_TEST(objects[0]["shape"].get<int>() == 3);
  BOOST_TEST(objects[0]["shape_name"].get<std::string>() == "BOX");
  BOOST_TEST(objects[1]["shape_name"].get<std::string>() == "SPHERE");
  BOOST_TEST(objects[0]["rigid"].get<bool>() == true);
  BOOST_TEST(truth["info"]["recipe"].get<std::string>() == "{\"scene\": \"two objects\"}");
  const json& frame = truth["frames"][1];
  BOOST_TEST(frame["instance_mask"]["dtype"].get<std::string>() == "UINT16");
  BOOST_TEST(frame["instance_mask"]["max"].get<double>() == 2.0);
  BOOST_TEST(frame["boxes"][0]["world_from_object"]["translation"]["x"].get<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(kinds_without_frames_have_no_frames_key) {
  const json mesh = Dump(t::WriteMesh(Dir("json_mesh") + "/m.dolly"), true);
  CheckHeader(mesh["header"], 7, "MESH");
  BOOST_TEST(!mesh.contains("frames"));
  BOOST_TEST((mesh["info"]["mesh"]["faces"]["data"] ==
              json::array({0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3})));
  BOOST_TEST((mesh["info"]["mesh"]["object_names"] == json::array({"tetra"})));

  const json metrics = Dump(t::WriteMetrics(Dir("json_metrics") + "/m.dolly"));
  CheckHeader(metrics["header"], 9, "METRICS");
  BOOST_TEST(!metrics.contains("frames"));
  const json& list = metrics["info"]["metrics"];
  BOOST_TEST(list.size() == 2u);
  BOOST_TEST(list[0]["value"].get<double>() == 31.5);
  BOOST_TEST(list[0]["unit"].get<std::string>() == "dB");
  BOOST_TEST(list[1]["name"].get<std::string>() == "odd \"name\"\n");
  BOOST_TEST(list[1]["description"].get<std::string>() == "tab\there");
}

BOOST_AUTO_TEST_CASE(animated_mesh_frames_follow_the_vertices) {
  const json doc = Dump(t::WriteAnimatedMesh(Dir("json_anim") + "/a.dolly"));
  CheckHeader(doc["header"], 8, "ANIMATED_MESH");
  BOOST_TEST(doc["frames"].size() == 3u);
  BOOST_TEST(doc["frames"][2]["vertices"]["min"].get<double>() == 0.0);
  BOOST_TEST(doc["frames"][2]["vertices"]["max"].get<double>() == 2.0);  // 1 + 0.5 * 2
  BOOST_TEST(doc["info"]["rest"]["vertices"]["max"].get<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(reads_stdin) {
  const std::string path = t::WriteDepth(Dir("json_stdin") + "/d.dolly", 2);
  BOOST_TEST_REQUIRE(std::freopen(path.c_str(), "rb", stdin) != nullptr);
  const json doc = Dump("-");
  BOOST_TEST(doc["frames"].size() == 2u);
  BOOST_TEST(doc["info"]["intrinsics"]["fx"].get<double>() == t::kFx);
}

}  // namespace
}  // namespace dolly::inspect
