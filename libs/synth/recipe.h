// A scene recipe: everything dolly-synth renders, as parsed from JSON. The
// JSON keys, defaults and ranges are documented in libs/synth/README.md; the
// defaults below are those defaults.
#ifndef DOLLY_LIBS_SYNTH_RECIPE_H_
#define DOLLY_LIBS_SYNTH_RECIPE_H_

#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "libs/synth/degrade.h"

namespace dolly::synth {

enum class TextureKind { kChecker, kNoise, kNone };

// The ground: the square [-size/2, size/2]^2 of the plane z = 0 (scene frame).
struct GroundSpec {
  bool enabled = false;
  double size = 20.0;
  TextureKind texture = TextureKind::kChecker;
  double tile = 1.0;  // the texture repeats every `tile` metres
  Eigen::Vector3d color_a{200, 200, 200};
  Eigen::Vector3d color_b{70, 70, 80};
};

// A vertical wall y = distance, x in [-width/2, width/2], z in [0, height].
struct BackdropSpec {
  bool enabled = false;
  double distance = 8.0;
  double width = 40.0;
  double height = 10.0;
  TextureKind texture = TextureKind::kNoise;
  double tile = 4.0;
  Eigen::Vector3d color_a{90, 120, 170};
  Eigen::Vector3d color_b{200, 210, 230};
};

enum class CameraMotion { kStatic, kPan, kTilt, kOrbit, kDolly, kHandheld, kTruck };

// Smooth seeded shake added to the camera in its own frame.
struct ShakeSpec {
  bool enabled = false;
  double rotation_deg = 0.8;   // amplitude of each rotation angle
  double translation = 0.02;   // amplitude of each translation axis (metres)
  double frequency_hz = 1.5;   // noise lattice knots per second
};

// A sudden pan: from frame `frame` on, the camera is turned right about its
// own image-vertical axis by 2 atan(pixels / (2 fx)), the smallest angle that
// moves every static point at least `pixels` to the left in the image between
// frames frame - 1 and frame.
struct JumpSpec {
  bool enabled = false;
  int frame = 1;
  double pixels = 30.0;
};

// A shot cut: from frame `frame` on the whole camera path is turned about the
// vertical through the target by orbit_deg (scene frame), a new viewpoint of
// the same set; several cuts add up.
struct CutSpec {
  int frame = 1;
  double orbit_deg = 120.0;
};

struct CameraSpec {
  double fov_y_deg = 50.0;
  Eigen::Vector3d position{0.0, -5.0, 1.6};
  Eigen::Vector3d target{0.0, 0.0, 0.5};
  double near = 0.05;
  CameraMotion motion = CameraMotion::kStatic;
  double degrees = 30.0;   // pan, tilt, orbit: total angle over the clip
  double distance = 1.5;   // dolly: total forward travel; truck: total travel to the right
  ShakeSpec shake;         // handheld enables it by default
  JumpSpec jump;           // off by default
  std::vector<CutSpec> cuts;  // sorted by frame; none by default
};

// Multi-view rig (Animate3D): `views` static cameras looking at `target` from
// azimuths azimuth_start_deg + 360 k / views (measured from +x towards +y),
// all at the same elevation and distance; z-up scene.
struct RigSpec {
  bool enabled = false;
  int views = 4;
  double elevation_deg = 15.0;
  double distance = 3.0;
  double fov_y_deg = 40.0;
  Eigen::Vector3d target{0.0, 0.0, 0.0};
  double azimuth_start_deg = 0.0;
};

enum class Shape { kBox, kSphere, kBendingCylinder };
enum class ObjectMotion { kStatic, kTranslate, kRotate, kHalfCircle, kSCurve };

struct ObjectMotionSpec {
  ObjectMotion type = ObjectMotion::kStatic;
  Eigen::Vector3d offset{1.0, 0.0, 0.0};  // translate: total displacement
  double degrees = 90.0;                  // rotate: total angle
  Eigen::Vector3d axis{0.0, 0.0, 1.0};    // rotate: axis in the object frame
  double radius = 1.0;                    // half_circle
  double start_deg = 180.0;               // half_circle: start angle around the centre
  double sweep_deg = 180.0;               // half_circle: signed angle travelled
  double length = 2.0;                    // s_curve: travel along its direction
  double amplitude = 0.4;                 // s_curve: sideways swing
  double direction_deg = 0.0;             // s_curve: heading of its axis
};

// bending_cylinder: the bend angle at time s in [0, 1] is
// degrees * sin(2 pi cycles s), so frame 0 is the straight rest shape.
struct BendSpec {
  double degrees = 60.0;
  double cycles = 1.0;
};

struct ObjectSpec {
  std::string name;
  Shape shape = Shape::kBox;
  Eigen::Vector3d size{0.6, 0.6, 0.6};  // box: full extent
  double radius = 0.3;                  // sphere, bending_cylinder
  double height = 1.2;                  // bending_cylinder
  Eigen::Vector3d position{0.0, 0.0, 0.3};
  double yaw_deg = 0.0;
  Eigen::Vector3d color{200, 80, 60};
  TextureKind texture = TextureKind::kChecker;
  int squares = 4;
  ObjectMotionSpec motion;
  BendSpec bend;
};

struct Recipe {
  std::string name = "scene";
  int frames = 16;
  int width = 256;
  int height = 192;
  double fps = 8.0;
  int tracks = 256;
  double object_track_fraction = 0.5;
  Eigen::Vector3d background{25, 25, 35};
  Eigen::Vector3d light_direction{0.4, -0.6, 1.0};
  double ambient = 0.35;
  CameraSpec camera;
  RigSpec rig;
  GroundSpec ground;
  BackdropSpec backdrop;
  std::vector<ObjectSpec> objects;
  DegradeSpec degrade;  // RGB-only degradations (noise, exposure); off by default
};

// Parses and checks a recipe. `source` names the file (or "preset NAME") in
// errors: InvalidInputError("<source>: key '<path>': <what>") for an unknown
// key, a wrong type, a value out of range or an unknown name.
Recipe ParseRecipe(const nlohmann::json& json, const std::string& source);

// The fully resolved recipe (every key, defaults filled in); parsing it gives
// back the same recipe.
nlohmann::json RecipeToJson(const Recipe& recipe);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_RECIPE_H_
