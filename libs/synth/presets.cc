#include "libs/synth/presets.h"

#include <map>

namespace dolly::synth {

namespace {

const std::map<std::string, std::string>& Presets() {
  static const std::map<std::string, std::string> presets = {
      // Static boxes and a ball on a checker floor; the camera orbits 60 degrees.
      {"orbit_boxes", R"({
  "name": "orbit_boxes",
  "camera": {"position": [0, -5, 2], "target": [0, 0, 0.4], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 60}},
  "ground": {"texture": "checker", "tile": 1.0},
  "backdrop": true,
  "objects": [
    {"name": "red_box", "shape": "box", "size": [0.8, 0.8, 0.8], "position": [-0.9, 0.2, 0.4],
     "yaw_deg": 20, "color": [210, 70, 60]},
    {"name": "blue_box", "shape": "box", "size": [0.6, 1.0, 0.5], "position": [0.9, 0.5, 0.25],
     "yaw_deg": -15, "color": [60, 100, 210]},
    {"name": "green_box", "shape": "box", "size": [0.4, 0.4, 1.0], "position": [0.1, 1.2, 0.5],
     "color": [70, 180, 90]},
    {"name": "ball", "shape": "sphere", "radius": 0.35, "position": [0.2, -0.8, 0.35],
     "color": [230, 200, 60], "texture": "noise"}
  ]
})"},
      // PoseTraj-style: a box drives a half circle in front of a ball, its yaw
      // following the path; the camera is static.
      {"posetraj_halfcircle", R"({
  "name": "posetraj_halfcircle",
  "camera": {"position": [0, -5, 2.2], "target": [0, 0, 0.3], "fov_y_deg": 50},
  "ground": {"texture": "noise", "tile": 2.0, "color_a": [150, 140, 120], "color_b": [90, 100, 70]},
  "backdrop": true,
  "objects": [
    {"name": "car", "shape": "box", "size": [0.9, 0.45, 0.4], "position": [-1.3, 0, 0.2],
     "color": [200, 60, 50],
     "motion": {"type": "half_circle", "radius": 1.3, "start_deg": 180, "sweep_deg": 180}},
    {"name": "ball", "shape": "sphere", "radius": 0.4, "position": [0, 0.7, 0.4],
     "color": [80, 120, 220], "texture": "noise"}
  ]
})"},
      // PoseTraj-style S-shaped path with the yaw following the tangent.
      {"posetraj_scurve", R"({
  "name": "posetraj_scurve",
  "camera": {"position": [0, -4.5, 2.5], "target": [0, 0.2, 0.2], "fov_y_deg": 55},
  "ground": {"texture": "checker", "tile": 0.8},
  "backdrop": true,
  "objects": [
    {"name": "car", "shape": "box", "size": [0.7, 0.35, 0.35], "position": [-1.6, 0, 0.175],
     "color": [230, 140, 40],
     "motion": {"type": "s_curve", "length": 3.2, "amplitude": 0.6, "direction_deg": 0}},
    {"name": "crate", "shape": "box", "size": [0.5, 0.5, 0.5], "position": [0.3, 1.2, 0.25],
     "yaw_deg": 30, "color": [140, 100, 60]}
  ]
})"},
      // The non-rigid object: a cylinder bending back and forth; handheld camera.
      {"bending_cylinder", R"({
  "name": "bending_cylinder",
  "camera": {"position": [0.5, -3.5, 1.4], "target": [0, 0, 0.6], "fov_y_deg": 45,
             "motion": {"type": "handheld"}},
  "ground": {"texture": "checker", "tile": 0.6},
  "backdrop": true,
  "objects": [
    {"name": "stalk", "shape": "bending_cylinder", "radius": 0.15, "height": 1.3,
     "position": [0, 0, 0], "color": [90, 200, 120], "squares": 6,
     "bend": {"degrees": 70, "cycles": 1}},
    {"name": "block", "shape": "box", "size": [0.4, 0.4, 0.4], "position": [0.8, 0.5, 0.2],
     "yaw_deg": 25, "color": [180, 80, 160]}
  ]
})"},
      // The camera moves towards a rotating box.
      {"dolly_in", R"({
  "name": "dolly_in",
  "camera": {"position": [0, -6, 1.5], "target": [0, 0, 0.5], "fov_y_deg": 45,
             "motion": {"type": "dolly", "distance": 2.5}},
  "ground": true,
  "backdrop": true,
  "objects": [
    {"name": "spinner", "shape": "box", "size": [0.7, 0.7, 0.7], "position": [0, 0, 0.5],
     "color": [200, 70, 70], "motion": {"type": "rotate", "degrees": 120, "axis": [0, 0, 1]}},
    {"name": "ball", "shape": "sphere", "radius": 0.3, "position": [-1.0, 0.8, 0.3],
     "color": [70, 160, 220]}
  ]
})"},
      // The camera pans 40 degrees to the right across a row of objects.
      {"pan_sweep", R"({
  "name": "pan_sweep",
  "camera": {"position": [0, -4, 1.2], "target": [-1.2, 0, 0.4], "fov_y_deg": 45,
             "motion": {"type": "pan", "degrees": -40}},
  "ground": true,
  "backdrop": true,
  "objects": [
    {"name": "left", "shape": "box", "size": [0.5, 0.5, 0.8], "position": [-1.5, 0.3, 0.4],
     "color": [210, 80, 60]},
    {"name": "middle", "shape": "sphere", "radius": 0.35, "position": [0, 0.5, 0.35],
     "color": [80, 200, 90]},
    {"name": "right", "shape": "box", "size": [0.6, 0.6, 0.6], "position": [1.5, 0.2, 0.3],
     "yaw_deg": 40, "color": [70, 90, 210]}
  ]
})"},
      // The camera tilts 25 degrees up a tall box.
      {"tilt_up", R"({
  "name": "tilt_up",
  "camera": {"position": [0, -3.5, 1.0], "target": [0, 0, 0.2], "fov_y_deg": 50,
             "motion": {"type": "tilt", "degrees": 25}},
  "ground": true,
  "backdrop": true,
  "objects": [
    {"name": "tower", "shape": "box", "size": [0.5, 0.5, 2.0], "position": [0, 0.5, 1.0],
     "color": [160, 160, 200]}
  ]
})"},
      // Animate3D-style rig: 4 cameras around a bending asset at the origin.
      {"rig_asset", R"({
  "name": "rig_asset",
  "background": [128, 128, 128],
  "camera": {"position": [0, -3, 0.8], "target": [0, 0, 0]},
  "rig": {"views": 4, "elevation_deg": 15, "distance": 3, "fov_y_deg": 40, "target": [0, 0, 0]},
  "objects": [
    {"name": "asset", "shape": "bending_cylinder", "radius": 0.25, "height": 1.4,
     "position": [0, 0, -0.7], "color": [200, 150, 90], "squares": 6,
     "bend": {"degrees": 60, "cycles": 0.5}},
    {"name": "base", "shape": "box", "size": [0.8, 0.8, 0.1], "position": [0, 0, -0.75],
     "color": [90, 90, 110]}
  ]
})"},
      // Animate3D-style rig: a rigid arm turning 90 degrees about the vertical
      // through its centre on top of a static base (no contact: 0.02 gap).
      // Everything stays within |x|, |y| <= 0.64, z in [-0.25, 0.24].
      {"rig_hinge", R"({
  "name": "rig_hinge",
  "background": [128, 128, 128],
  "camera": {"position": [0, -3, 0.8], "target": [0, 0, 0]},
  "rig": {"views": 4, "elevation_deg": 15, "distance": 3, "fov_y_deg": 40, "target": [0, 0, 0]},
  "width": 256,
  "height": 256,
  "frames": 16,
  "objects": [
    {"name": "base", "shape": "box", "size": [0.9, 0.9, 0.25], "position": [0, 0, -0.125],
     "color": [70, 110, 200], "texture": "checker", "squares": 6},
    {"name": "arm", "shape": "box", "size": [0.9, 0.22, 0.22], "position": [0, 0, 0.13],
     "color": [220, 130, 60], "texture": "checker", "squares": 4,
     "motion": {"type": "rotate", "degrees": 90, "axis": [0, 0, 1]}}
  ]
})"},
  };
  return presets;
}

}  // namespace

std::vector<std::string> PresetNames() {
  std::vector<std::string> names;
  for (const auto& [name, json] : Presets()) names.push_back(name);
  return names;
}

std::optional<std::string> PresetJson(const std::string& name) {
  const auto it = Presets().find(name);
  if (it == Presets().end()) return std::nullopt;
  return it->second;
}

}  // namespace dolly::synth
