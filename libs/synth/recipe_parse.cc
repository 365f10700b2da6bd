// ParseRecipe: JSON -> Recipe with every key checked (see README.md).
#include <string>
#include <vector>

#include "libs/synth/json_fields.h"
#include "libs/synth/recipe.h"
#include "libs/synth/recipe_names.h"

namespace dolly::synth {

namespace {

// Plenty for any scene and far below the 65535 instance ids of a UINT16 mask.
constexpr int kMaxObjects = 1000;

TextureKind ParseTexture(JsonFields& f, TextureKind fallback) {
  return static_cast<TextureKind>(
      f.Choice("texture", static_cast<int>(fallback), TextureNames()));
}

// Sections that may be absent, null or false (off), true (defaults) or an
// object (customised). Returns the object to read, or nullptr.
const nlohmann::json* OptionalSection(JsonFields& parent, const char* key, bool* enabled) {
  const nlohmann::json* value = parent.Raw(key);
  *enabled = false;
  if (!value) return nullptr;
  if (value->is_boolean()) {
    *enabled = value->get<bool>();
    return nullptr;
  }
  if (!value->is_object()) parent.Fail(key, "must be an object, true or false");
  *enabled = true;
  return value;
}

void ParseShake(const nlohmann::json& json, const std::string& path, const std::string& source,
                ShakeSpec* shake) {
  JsonFields f(json, path, source);
  shake->rotation_deg = f.Number("rotation_deg", shake->rotation_deg, 0.0, 45.0);
  shake->translation = f.Number("translation", shake->translation, 0.0, 100.0);
  shake->frequency_hz = f.Positive("frequency_hz", shake->frequency_hz, 1000.0);
  f.Finish();
}

CameraSpec ParseCamera(const nlohmann::json& json, const std::string& source) {
  JsonFields f(json, "camera", source);
  CameraSpec c;
  c.fov_y_deg = f.Number("fov_y_deg", c.fov_y_deg, 1.0, 170.0);
  c.position = f.Vec3("position", c.position);
  c.target = f.Vec3("target", c.target);
  c.near = f.Positive("near", c.near);
  if ((c.target - c.position).norm() < 1e-9) f.Fail("target", "must differ from position");
  if (const nlohmann::json* motion = f.Raw("motion")) {
    JsonFields m(*motion, "camera.motion", source);
    c.motion = static_cast<CameraMotion>(m.Choice("type", 0, CameraMotionNames()));
    switch (c.motion) {
      case CameraMotion::kPan:
      case CameraMotion::kTilt:
      case CameraMotion::kOrbit:
        c.degrees = m.Number("degrees", c.degrees, -3600.0, 3600.0);
        break;
      case CameraMotion::kDolly:
        c.distance = m.Number("distance", c.distance, -1e6, 1e6);
        if (c.distance >= (c.target - c.position).norm()) {
          m.Fail("distance", "must be shorter than the camera's distance to its target");
        }
        break;
      case CameraMotion::kTruck:
        c.distance = m.Number("distance", c.distance, -1e6, 1e6);
        break;
      case CameraMotion::kStatic:
      case CameraMotion::kHandheld:
        break;
    }
    m.Finish();
  }
  c.shake.enabled = c.motion == CameraMotion::kHandheld;
  bool shake_enabled = false;
  if (const nlohmann::json* shake = OptionalSection(f, "shake", &shake_enabled)) {
    ParseShake(*shake, "camera.shake", source, &c.shake);
  }
  if (f.Has("shake")) c.shake.enabled = shake_enabled;
  if (const nlohmann::json* cuts = f.Raw("cuts")) {
    if (!cuts->is_array()) f.Fail("cuts", "must be an array of {frame, orbit_deg}");
    for (size_t i = 0; i < cuts->size(); ++i) {
      JsonFields k((*cuts)[i], "camera.cuts[" + std::to_string(i) + "]", source);
      CutSpec cut;
      cut.frame = k.Integer("frame", cut.frame, 1, 100000);
      cut.orbit_deg = k.Number("orbit_deg", cut.orbit_deg, -360.0, 360.0);
      k.Finish();
      if (!c.cuts.empty() && cut.frame <= c.cuts.back().frame) {
        k.Fail("frame", "cuts must be in increasing frame order");
      }
      c.cuts.push_back(cut);
    }
  }
  if (const nlohmann::json* jump = OptionalSection(f, "jump", &c.jump.enabled)) {
    JsonFields j(*jump, "camera.jump", source);
    c.jump.frame = j.Integer("frame", c.jump.frame, 1, 100000);
    c.jump.pixels = j.Number("pixels", c.jump.pixels, -100000.0, 100000.0);
    j.Finish();
  }
  f.Finish();
  return c;
}

RigSpec ParseRig(const nlohmann::json* json, const std::string& source) {
  RigSpec r;
  r.enabled = true;
  if (!json) return r;
  JsonFields f(*json, "rig", source);
  r.views = f.Integer("views", r.views, 1, 64);
  r.elevation_deg = f.Number("elevation_deg", r.elevation_deg, -89.0, 89.0);
  r.distance = f.Positive("distance", r.distance);
  r.fov_y_deg = f.Number("fov_y_deg", r.fov_y_deg, 1.0, 170.0);
  r.target = f.Vec3("target", r.target);
  r.azimuth_start_deg = f.Number("azimuth_start_deg", r.azimuth_start_deg, -360.0, 360.0);
  f.Finish();
  return r;
}

GroundSpec ParseGround(const nlohmann::json* json, const std::string& source) {
  GroundSpec g;
  g.enabled = true;
  if (!json) return g;
  JsonFields f(*json, "ground", source);
  g.size = f.Positive("size", g.size);
  g.texture = ParseTexture(f, g.texture);
  g.tile = f.Positive("tile", g.tile);
  g.color_a = f.Color("color_a", g.color_a);
  g.color_b = f.Color("color_b", g.color_b);
  f.Finish();
  return g;
}

BackdropSpec ParseBackdrop(const nlohmann::json* json, const std::string& source) {
  BackdropSpec b;
  b.enabled = true;
  if (!json) return b;
  JsonFields f(*json, "backdrop", source);
  b.distance = f.Positive("distance", b.distance);
  b.width = f.Positive("width", b.width);
  b.height = f.Positive("height", b.height);
  b.texture = ParseTexture(f, b.texture);
  b.tile = f.Positive("tile", b.tile);
  b.color_a = f.Color("color_a", b.color_a);
  b.color_b = f.Color("color_b", b.color_b);
  f.Finish();
  return b;
}

ObjectMotionSpec ParseObjectMotion(const nlohmann::json& json, const std::string& path,
                                   const std::string& source) {
  JsonFields f(json, path, source);
  ObjectMotionSpec m;
  m.type = static_cast<ObjectMotion>(f.Choice("type", 0, ObjectMotionNames()));
  switch (m.type) {
    case ObjectMotion::kStatic:
      break;
    case ObjectMotion::kTranslate:
      m.offset = f.Vec3("offset", m.offset);
      break;
    case ObjectMotion::kRotate:
      m.degrees = f.Number("degrees", m.degrees, -3600.0, 3600.0);
      m.axis = f.Vec3("axis", m.axis);
      if (m.axis.norm() < 1e-9) f.Fail("axis", "must not be zero");
      break;
    case ObjectMotion::kHalfCircle:
      m.radius = f.Positive("radius", m.radius);
      m.start_deg = f.Number("start_deg", m.start_deg, -360.0, 360.0);
      m.sweep_deg = f.Number("sweep_deg", m.sweep_deg, -3600.0, 3600.0);
      break;
    case ObjectMotion::kSCurve:
      m.length = f.Positive("length", m.length);
      m.amplitude = f.Number("amplitude", m.amplitude, 0.0, 1e6);
      m.direction_deg = f.Number("direction_deg", m.direction_deg, -360.0, 360.0);
      break;
  }
  f.Finish();
  return m;
}

ObjectSpec ParseObject(const nlohmann::json& json, size_t index, const std::string& source) {
  const std::string path = "objects[" + std::to_string(index) + "]";
  JsonFields f(json, path, source);
  ObjectSpec o;
  if (!f.Has("shape")) f.Fail("shape", "is required");
  o.shape = static_cast<Shape>(f.Choice("shape", 0, ShapeNames()));
  o.name = f.String("name", ShapeNames()[static_cast<int>(o.shape)] + std::to_string(index));
  if (o.name.empty()) f.Fail("name", "must not be empty");
  switch (o.shape) {
    case Shape::kBox:
      o.size = f.Vec3("size", o.size);
      for (int i = 0; i < 3; ++i) {
        if (!(o.size[i] > 0.0)) f.Fail("size", "every size must be positive");
      }
      break;
    case Shape::kSphere:
      o.radius = f.Positive("radius", o.radius);
      break;
    case Shape::kBendingCylinder:
      o.radius = f.Positive("radius", o.radius);
      o.height = f.Positive("height", o.height);
      if (const nlohmann::json* bend = f.Raw("bend")) {
        JsonFields b(*bend, path + ".bend", source);
        o.bend.degrees = b.Number("degrees", o.bend.degrees, -360.0, 360.0);
        o.bend.cycles = b.Number("cycles", o.bend.cycles, 0.0, 1000.0);
        b.Finish();
      }
      break;
  }
  o.position = f.Vec3("position", o.position);
  o.yaw_deg = f.Number("yaw_deg", o.yaw_deg, -360.0, 360.0);
  o.color = f.Color("color", o.color);
  o.texture = ParseTexture(f, o.texture);
  o.squares = f.Integer("squares", o.squares, 1, 64);
  if (const nlohmann::json* motion = f.Raw("motion")) {
    o.motion = ParseObjectMotion(*motion, path + ".motion", source);
  }
  f.Finish();
  return o;
}

}  // namespace

Recipe ParseRecipe(const nlohmann::json& json, const std::string& source) {
  JsonFields f(json, "", source);
  Recipe r;
  r.name = f.String("name", r.name);
  r.frames = f.Integer("frames", r.frames, 1, 100000);
  r.width = f.Integer("width", r.width, 8, 8192);
  r.height = f.Integer("height", r.height, 8, 8192);
  r.fps = f.Positive("fps", r.fps, 1000.0);
  r.tracks = f.Integer("tracks", r.tracks, 0, 1000000);
  r.object_track_fraction = f.Number("object_track_fraction", r.object_track_fraction, 0.0, 1.0);
  r.background = f.Color("background", r.background);
  r.light_direction = f.Vec3("light_direction", r.light_direction);
  if (r.light_direction.norm() < 1e-9) f.Fail("light_direction", "must not be zero");
  r.ambient = f.Number("ambient", r.ambient, 0.0, 1.0);
  if (const nlohmann::json* camera = f.Raw("camera")) r.camera = ParseCamera(*camera, source);
  bool enabled = false;
  const nlohmann::json* rig = OptionalSection(f, "rig", &enabled);
  if (enabled) r.rig = ParseRig(rig, source);
  const nlohmann::json* ground = OptionalSection(f, "ground", &enabled);
  if (enabled) r.ground = ParseGround(ground, source);
  const nlohmann::json* backdrop = OptionalSection(f, "backdrop", &enabled);
  if (enabled) r.backdrop = ParseBackdrop(backdrop, source);
  if (const nlohmann::json* objects = f.Raw("objects")) {
    if (!objects->is_array()) f.Fail("objects", "must be an array");
    if (objects->size() > kMaxObjects) {
      f.Fail("objects", "at most " + std::to_string(kMaxObjects) + " objects");
    }
    for (size_t i = 0; i < objects->size(); ++i) {
      r.objects.push_back(ParseObject((*objects)[i], i, source));
    }
  }
  r.degrade = ParseDegrade(f, r.frames, source);
  f.Finish();
  return r;
}

}  // namespace dolly::synth
