// RecipeToJson: the resolved recipe, written next to the outputs so a run can
// be reproduced from it alone.
#include "libs/synth/recipe.h"
#include "libs/synth/recipe_names.h"

namespace dolly::synth {

namespace {

nlohmann::json Vec(const Eigen::Vector3d& v) { return {v.x(), v.y(), v.z()}; }

nlohmann::json Camera(const CameraSpec& c) {
  nlohmann::json j = {{"fov_y_deg", c.fov_y_deg},
                      {"position", Vec(c.position)},
                      {"target", Vec(c.target)},
                      {"near", c.near}};
  nlohmann::json motion = {{"type", CameraMotionNames()[static_cast<int>(c.motion)]}};
  if (c.motion == CameraMotion::kPan || c.motion == CameraMotion::kTilt ||
      c.motion == CameraMotion::kOrbit) {
    motion["degrees"] = c.degrees;
  }
  if (c.motion == CameraMotion::kDolly || c.motion == CameraMotion::kTruck) {
    motion["distance"] = c.distance;
  }
  j["motion"] = motion;
  if (c.shake.enabled) {
    j["shake"] = {{"rotation_deg", c.shake.rotation_deg},
                  {"translation", c.shake.translation},
                  {"frequency_hz", c.shake.frequency_hz}};
  } else {
    j["shake"] = false;
  }
  // Written only when on, so recipe.json of a scene without it is unchanged.
  if (c.jump.enabled) j["jump"] = {{"frame", c.jump.frame}, {"pixels", c.jump.pixels}};
  if (!c.cuts.empty()) {
    nlohmann::json cuts = nlohmann::json::array();
    for (const CutSpec& cut : c.cuts) {
      cuts.push_back({{"frame", cut.frame}, {"orbit_deg", cut.orbit_deg}});
    }
    j["cuts"] = cuts;
  }
  return j;
}

nlohmann::json Motion(const ObjectMotionSpec& m) {
  nlohmann::json j = {{"type", ObjectMotionNames()[static_cast<int>(m.type)]}};
  switch (m.type) {
    case ObjectMotion::kStatic:
      break;
    case ObjectMotion::kTranslate:
      j["offset"] = Vec(m.offset);
      break;
    case ObjectMotion::kRotate:
      j["degrees"] = m.degrees;
      j["axis"] = Vec(m.axis);
      break;
    case ObjectMotion::kHalfCircle:
      j["radius"] = m.radius;
      j["start_deg"] = m.start_deg;
      j["sweep_deg"] = m.sweep_deg;
      break;
    case ObjectMotion::kSCurve:
      j["length"] = m.length;
      j["amplitude"] = m.amplitude;
      j["direction_deg"] = m.direction_deg;
      break;
  }
  return j;
}

nlohmann::json Object(const ObjectSpec& o) {
  nlohmann::json j = {{"name", o.name},
                      {"shape", ShapeNames()[static_cast<int>(o.shape)]},
                      {"position", Vec(o.position)},
                      {"yaw_deg", o.yaw_deg},
                      {"color", Vec(o.color)},
                      {"texture", TextureNames()[static_cast<int>(o.texture)]},
                      {"squares", o.squares},
                      {"motion", Motion(o.motion)}};
  switch (o.shape) {
    case Shape::kBox:
      j["size"] = Vec(o.size);
      break;
    case Shape::kSphere:
      j["radius"] = o.radius;
      break;
    case Shape::kBendingCylinder:
      j["radius"] = o.radius;
      j["height"] = o.height;
      j["bend"] = {{"degrees", o.bend.degrees}, {"cycles", o.bend.cycles}};
      break;
  }
  return j;
}

}  // namespace

nlohmann::json RecipeToJson(const Recipe& r) {
  nlohmann::json j = {{"name", r.name},
                      {"frames", r.frames},
                      {"width", r.width},
                      {"height", r.height},
                      {"fps", r.fps},
                      {"tracks", r.tracks},
                      {"object_track_fraction", r.object_track_fraction},
                      {"background", Vec(r.background)},
                      {"light_direction", Vec(r.light_direction)},
                      {"ambient", r.ambient},
                      {"camera", Camera(r.camera)}};
  if (r.rig.enabled) {
    j["rig"] = {{"views", r.rig.views},
                {"elevation_deg", r.rig.elevation_deg},
                {"distance", r.rig.distance},
                {"fov_y_deg", r.rig.fov_y_deg},
                {"target", Vec(r.rig.target)},
                {"azimuth_start_deg", r.rig.azimuth_start_deg}};
  } else {
    j["rig"] = false;
  }
  if (r.ground.enabled) {
    j["ground"] = {{"size", r.ground.size},
                   {"texture", TextureNames()[static_cast<int>(r.ground.texture)]},
                   {"tile", r.ground.tile},
                   {"color_a", Vec(r.ground.color_a)},
                   {"color_b", Vec(r.ground.color_b)}};
  } else {
    j["ground"] = false;
  }
  if (r.backdrop.enabled) {
    j["backdrop"] = {{"distance", r.backdrop.distance},
                     {"width", r.backdrop.width},
                     {"height", r.backdrop.height},
                     {"texture", TextureNames()[static_cast<int>(r.backdrop.texture)]},
                     {"tile", r.backdrop.tile},
                     {"color_a", Vec(r.backdrop.color_a)},
                     {"color_b", Vec(r.backdrop.color_b)}};
  } else {
    j["backdrop"] = false;
  }
  nlohmann::json objects = nlohmann::json::array();
  for (const ObjectSpec& o : r.objects) objects.push_back(Object(o));
  j["objects"] = objects;
  DegradeToJson(r.degrade, &j);
  return j;
}

}  // namespace dolly::synth
