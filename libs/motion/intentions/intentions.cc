#include "libs/motion/intentions/intentions.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/core/json_location.h"
#include "libs/motion/camera/camera_language.h"
#include "libs/motion/camera/easing.h"
#include "libs/motion/camera/pac_presets.h"
#include "libs/motion/objects/drag_interpolation.h"
#include "libs/trajectory/formats.h"

namespace dolly::motion {
namespace {

// Ordered so "accepted keys" and inline PoseTraj drags keep the file's order.
using json = nlohmann::ordered_json;

constexpr double kDefaultFps = 8.0;

// Context threaded through the parse so every message can name the document.
struct Ctx {
  std::string source;
  std::string base_dir;
  int width = 0;
  int height = 0;
  const std::string* text = nullptr;  // the document, for line numbers
  bool pac = false;                   // convention "pac"

  // "intent.json:7" for the value at JSON path `path` ("" = the document).
  std::string At(const std::string& path) const {
    return source + ":" + std::to_string(JsonLineOf(*text, ParseJsonPath(path)));
  }
};

[[noreturn]] void Fail(const Ctx& ctx, const std::string& path, const std::string& problem) {
  throw InvalidInputError(ctx.At(path) + ": " + (path.empty() ? "" : path + ": ") + problem);
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A typo in an optional key would otherwise silently fall back to a default.
void CheckKeys(const Ctx& ctx, const json& object, const std::string& path,
               const std::vector<std::string>& accepted) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(accepted.begin(), accepted.end(), key) == accepted.end()) {
      const std::string where = path.empty() ? key : path + "." + key;
      Fail(ctx, where, "unknown key \"" + key + "\" (accepted: " + Join(accepted) + ")");
    }
  }
}

int GetInt(const Ctx& ctx, const json& v, const std::string& path) {
  if (!v.is_number_integer()) Fail(ctx, path, "expected an integer");
  const auto value = v.get<long long>();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    Fail(ctx, path, "integer out of range");
  }
  return static_cast<int>(value);
}

double GetNumber(const Ctx& ctx, const json& v, const std::string& path) {
  if (!v.is_number()) Fail(ctx, path, "expected a number");
  const double value = v.get<double>();
  if (!std::isfinite(value)) Fail(ctx, path, "expected a finite number");
  return value;
}

bool GetBool(const Ctx& ctx, const json& v, const std::string& path) {
  if (!v.is_boolean()) Fail(ctx, path, "expected true or false");
  return v.get<bool>();
}

std::string GetString(const Ctx& ctx, const json& v, const std::string& path) {
  if (!v.is_string()) Fail(ctx, path, "expected a string");
  return v.get<std::string>();
}

// Runs `f`, prefixing any InvalidInputError it raises with our file and path:
// the camera library's messages name the value but not where it came from.
template <typename F>
auto Prefixed(const Ctx& ctx, const std::string& path, F f) -> decltype(f()) {
  try {
    return f();
  } catch (const InvalidInputError& e) {
    Fail(ctx, path, e.what());
  }
}

std::string Resolve(const Ctx& ctx, const std::string& name) {
  const std::filesystem::path p(name);
  if (p.is_absolute() || ctx.base_dir.empty()) return name;
  return (std::filesystem::path(ctx.base_dir) / p).string();
}

CameraSegment ParseSegment(const Ctx& ctx, const json& v, const std::string& path, int frames) {
  if (!v.is_object()) Fail(ctx, path, "expected a segment object");
  CheckKeys(ctx, v, path,
            {"preset", "magnitude", "easing", "start", "end", "in_metres", "seed"});
  if (!v.contains("preset")) Fail(ctx, path, "missing \"preset\"");
  CameraSegment s;
  const std::string preset = GetString(ctx, v["preset"], path + ".preset");
  s.preset = Prefixed(ctx, path + ".preset", [&] { return ParsePreset(preset); });
  if (v.contains("magnitude")) {
    s.magnitude = GetNumber(ctx, v["magnitude"], path + ".magnitude");
  } else if (ctx.pac && s.preset != CameraPreset::kShake && s.preset != CameraPreset::kZoom) {
    // As a sentence without a number: PAC's default for the pattern (shake
    // and zoom have no PAC form; PacCameraMotion names them).
    s.magnitude = PacDefaultMagnitude(s.preset);
    s.default_magnitude = true;
  } else if (s.preset != CameraPreset::kStill) {
    Fail(ctx, path, "missing \"magnitude\" (required for " + preset + ")");
  }
  if (v.contains("easing")) {
    const std::string easing = GetString(ctx, v["easing"], path + ".easing");
    s.easing = Prefixed(ctx, path + ".easing", [&] { return ParseEasing(easing); });
  }
  s.start_frame = v.contains("start") ? GetInt(ctx, v["start"], path + ".start") : 0;
  s.end_frame = v.contains("end") ? GetInt(ctx, v["end"], path + ".end") : frames;
  if (s.start_frame < 0 || s.end_frame > frames || s.end_frame - s.start_frame < 2) {
    Fail(ctx, path,
         "span [" + std::to_string(s.start_frame) + ", " + std::to_string(s.end_frame) +
             ") must lie in [0, " + std::to_string(frames) + ") and cover at least 2 frames");
  }
  if (v.contains("in_metres")) s.in_metres = GetBool(ctx, v["in_metres"], path + ".in_metres");
  if (v.contains("seed")) {
    if (!v["seed"].is_number_unsigned()) Fail(ctx, path + ".seed", "expected an integer >= 0");
    s.seed = v["seed"].get<std::uint64_t>();
  }
  return s;
}

// Convention "pac", a PAC camera text: the poses PAC's cam_adaptation
// (cam_utils.py) renders from it. Fewer poses than frames are interpolated
// with PAC's interpolate_slerp on the file's own [R | T] (before anchoring:
// PAC's slerp does not commute with a change of world); as many are used as
// they are. More poses make PAC's loop index the frames' query points past
// the clip (an IndexError, no video), so they are refused.
std::vector<Eigen::Isometry3d> PacFramePoses(const Ctx& ctx,
                                             const std::vector<Eigen::Isometry3d>& file_poses,
                                             const std::string& path, int frames) {
  const int n = static_cast<int>(file_poses.size());
  if (n == frames) return file_poses;
  if (n > frames) {
    Fail(ctx, "camera.poses",
         path + " has " + std::to_string(n) + " poses but \"frames\" is " +
             std::to_string(frames) +
             "; Perception-as-Control fails on more poses than frames (give at most " +
             std::to_string(frames) + ")");
  }
  if (n < 2) {
    Fail(ctx, "camera.poses",
         path + " has 1 pose; Perception-as-Control interpolates at least 2 to " +
             std::to_string(frames) + " frames");
  }
  std::vector<PacRT> keys;
  keys.reserve(file_poses.size());
  for (const Eigen::Isometry3d& world_from_camera : file_poses) {
    const Eigen::Matrix<double, 3, 4> m = trajectory::PacFromWorldFromCamera(world_from_camera);
    keys.push_back(PacRT{m.block<3, 3>(0, 0), m.col(3)});
  }
  std::vector<Eigen::Isometry3d> out;
  out.reserve(frames);
  for (const PacRT& rt : PacInterpolateSlerp(keys, frames)) {
    Eigen::Matrix<double, 3, 4> m;
    m.block<3, 3>(0, 0) = rt.R;
    m.col(3) = rt.T;
    out.push_back(trajectory::WorldFromCameraFromPac(m));
  }
  return out;
}

std::vector<Eigen::Isometry3d> ReadPoses(const Ctx& ctx, const json& v, int frames) {
  CheckKeys(ctx, v, "camera", {"poses", "format"});
  const std::string name = GetString(ctx, v["poses"], "camera.poses");
  if (!v.contains("format")) Fail(ctx, "camera", "missing \"format\" (pac, tum or kitti)");
  const std::string format = GetString(ctx, v["format"], "camera.format");
  const std::string path = Resolve(ctx, name);
  // The trajectory readers' messages already name the pose file and line.
  trajectory::Trajectory t;
  if (format == "pac") {
    t = trajectory::ReadPac(path);
  } else if (format == "tum") {
    t = trajectory::ReadTum(path);
  } else if (format == "kitti") {
    t = trajectory::ReadKitti(path);
  } else {
    Fail(ctx, "camera.format", "unknown format \"" + format + "\" (accepted: pac, tum, kitti)");
  }
  if (ctx.pac && format == "pac") {
    t.world_from_camera = PacFramePoses(ctx, t.world_from_camera, path, frames);
  } else if (static_cast<int>(t.size()) != frames) {
    Fail(ctx, "camera.poses",
         path + " has " + std::to_string(t.size()) + " poses but \"frames\" is " +
             std::to_string(frames) + "; they must match");
  }
  // Poses are in the file's world; the rest of dolly works relative to the
  // reference (first) camera, so anchor them there.
  const Eigen::Isometry3d reference_from_world = t.world_from_camera.front().inverse();
  std::vector<Eigen::Isometry3d> out;
  out.reserve(t.size());
  for (const Eigen::Isometry3d& world_from_camera : t.world_from_camera) {
    out.push_back(reference_from_world * world_from_camera);
  }
  out.front() = Eigen::Isometry3d::Identity();  // exact, not inverse * self
  return out;
}

void ParseCamera(const Ctx& ctx, const json& v, Intentions* out) {
  const int frames = out->frames;
  if (v.is_string()) {
    const std::string text = v.get<std::string>();
    out->camera_segments =
        Prefixed(ctx, "camera", [&] { return ParseCameraLanguage(text, frames); });
  } else if (v.is_object() && v.contains("poses")) {
    out->reference_from_camera = ReadPoses(ctx, v, frames);
  } else if (v.is_object()) {
    out->camera_segments.push_back(ParseSegment(ctx, v, "camera", frames));
  } else if (v.is_array()) {
    if (v.empty()) Fail(ctx, "camera", "expected at least one segment");
    for (size_t i = 0; i < v.size(); ++i) {
      out->camera_segments.push_back(
          ParseSegment(ctx, v[i], "camera[" + std::to_string(i) + "]", frames));
    }
  } else {
    Fail(ctx, "camera",
         "expected a sentence, a segment {\"preset\", ...}, a list of segments or "
         "{\"poses\", \"format\"}");
  }
  // What only the whole plan can tell (e.g. a non-positive zoom magnitude).
  if (!out->camera_segments.empty()) {
    Prefixed(ctx, "camera",
             [&] { return ComputeCameraMotion(out->camera_segments, frames, CameraRig{}); });
  }
}

// `as_tracks`: the object has no mask, its drags are PAC's tracks as they
// are (more keypoints than frames are sampled as PAC samples them); a masked
// object keeps at most one keypoint per frame whatever the drag format.
std::vector<Drag> ParseObjectDrags(const Ctx& ctx, const json& v, const std::string& path,
                                   int frames, bool as_tracks) {
  DragSet set;
  std::string source;
  if (v.is_string()) {
    // The drag library names its source (the drag file) and the entry.
    source = Resolve(ctx, v.get<std::string>());
    set = ReadDrags(source, ctx.width, ctx.height);
  } else {
    source = ctx.At(path) + ": " + path;
    set = ParseDrags(v.dump(), source, ctx.width, ctx.height);
  }
  if (set.drags.empty()) Fail(ctx, path, "no drags");
  for (Drag& drag : set.drags) drag.may_subsample = drag.may_subsample && as_tracks;
  // Checked here, not when the drags are spread over the clip later, so the
  // user learns of a bad file before any model runs.
  for (const Drag& drag : set.drags) {
    try {
      InterpolateDrag(drag, frames);
    } catch (const InvalidInputError& e) {
      const std::string at = drag.line > 0 ? source + ":" + std::to_string(drag.line) : source;
      throw InvalidInputError(at + ": " + e.what() + " (\"frames\" of " + ctx.At("frames") + ")");
    }
  }
  return set.drags;
}

ObjectIntention ParseObject(const Ctx& ctx, const json& v, const std::string& path, int frames) {
  if (!v.is_object()) Fail(ctx, path, "expected an object");
  CheckKeys(ctx, v, path, {"mask_id", "drags", "drag_space", "yaw_follows_path", "rotate"});
  ObjectIntention o;
  if (!v.contains("drags") && !v.contains("rotate")) {
    Fail(ctx, path, "needs \"drags\" or \"rotate\" (or both)");
  }
  if (v.contains("mask_id")) {
    o.mask_id = GetInt(ctx, v["mask_id"], path + ".mask_id");
    if (o.mask_id < 0) Fail(ctx, path + ".mask_id", "must be >= 0");
  } else if (!v.contains("drags")) {
    Fail(ctx, path,
         "missing \"mask_id\": without \"drags\" there is no drag to find the region from");
  } else {
    o.region_from_drags = true;
  }
  if (v.contains("drags")) {
    o.drags = ParseObjectDrags(ctx, v["drags"], path + ".drags", frames, o.region_from_drags);
  }
  if (v.contains("drag_space")) {
    const std::string space = GetString(ctx, v["drag_space"], path + ".drag_space");
    if (space == "reference") {
      o.drag_space = DragSpace::kReferenceImage;
    } else if (space == "moving_camera") {
      o.drag_space = DragSpace::kMovingCamera;
    } else {
      Fail(ctx, path + ".drag_space",
           "unknown \"" + space + "\" (accepted: reference, moving_camera)");
    }
  }
  if (v.contains("yaw_follows_path")) {
    o.yaw_follows_path = GetBool(ctx, v["yaw_follows_path"], path + ".yaw_follows_path");
  }
  if (v.contains("rotate")) {
    const json& r = v["rotate"];
    const std::string rpath = path + ".rotate";
    if (!r.is_object()) Fail(ctx, rpath, "expected {\"axis\": [x, y, z], \"degrees\": d}");
    CheckKeys(ctx, r, rpath, {"axis", "degrees"});
    if (!r.contains("axis") || !r.contains("degrees")) {
      Fail(ctx, rpath, "needs \"axis\" and \"degrees\"");
    }
    const json& a = r["axis"];
    if (!a.is_array() || a.size() != 3) Fail(ctx, rpath + ".axis", "expected [x, y, z]");
    ExplicitRotation rotation;
    for (int k = 0; k < 3; ++k) {
      rotation.axis[k] = GetNumber(ctx, a[k], rpath + ".axis[" + std::to_string(k) + "]");
    }
    if (!(rotation.axis.norm() > 1e-9)) Fail(ctx, rpath + ".axis", "must not be zero");
    rotation.axis.normalize();
    rotation.degrees = GetNumber(ctx, r["degrees"], rpath + ".degrees");
    o.rotation = rotation;
  }
  return o;
}

// nlohmann reports a byte count; people fix files by line.
int LineOfByte(const std::string& text, size_t byte) {
  const size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
}

// A Perception-as-Control track file given as the intentions: PAC's clip
// (16 frames at 8 fps, the still camera) and one maskless object.
Intentions PacTrackFile(const std::string& text, const std::string& source, int width,
                        int height) {
  Intentions out;
  out.frames = kPacClipFrames;
  out.fps = kDefaultFps;
  const DragSet set = ParseDrags(text, source, width, height, /*report_lines=*/true);
  if (set.format != DragFormat::kPerceptionAsControl) {
    throw InvalidInputError(source + ":1: expected a list of tracks [[[x, y, d], ...], ...]");
  }
  if (set.drags.empty()) throw InvalidInputError(source + ":1: no tracks");
  for (const Drag& drag : set.drags) {
    try {
      InterpolateDrag(drag, out.frames);
    } catch (const InvalidInputError& e) {
      throw InvalidInputError(source + ":" + std::to_string(drag.line) + ": " + e.what() +
                              " (PAC's clip has " + std::to_string(out.frames) + ")");
    }
  }
  ObjectIntention object;
  object.region_from_drags = true;
  object.drags = set.drags;
  out.objects.push_back(std::move(object));
  return out;
}

}  // namespace

std::string DragSpaceName(DragSpace space) {
  return space == DragSpace::kMovingCamera ? "moving_camera" : "reference";
}

Intentions ParseIntentions(const std::string& text, const std::string& source_name,
                           const std::string& base_dir, int image_width, int image_height,
                           const std::string& convention) {
  const Ctx ctx{source_name, base_dir, image_width, image_height, &text, convention == "pac"};
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string reason = e.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " tag: noise to a user.
    if (const size_t tag = reason.find("] "); tag != std::string::npos) reason.erase(0, tag + 2);
    throw InvalidInputError(source_name + ":" + std::to_string(LineOfByte(text, e.byte)) +
                            ": not valid JSON (" + reason + ")");
  }
  if (doc.is_array()) return PacTrackFile(text, source_name, image_width, image_height);
  if (!doc.is_object()) {
    Fail(ctx, "", "expected a JSON object {\"frames\": ..., ...} or a list of tracks");
  }
  CheckKeys(ctx, doc, "", {"frames", "fps", "camera", "zoom", "objects"});

  Intentions out;
  if (!doc.contains("frames")) {
    Fail(ctx, "", "missing \"frames\"");
  }
  out.frames = GetInt(ctx, doc["frames"], "frames");
  // One frame has no motion, and every camera span needs two.
  if (out.frames < 2) Fail(ctx, "frames", std::to_string(out.frames) + " is less than 2");
  out.fps = doc.contains("fps") ? GetNumber(ctx, doc["fps"], "fps") : kDefaultFps;
  if (!(out.fps > 0.0)) Fail(ctx, "fps", "must be positive");
  if (doc.contains("zoom")) {
    out.zoom = GetNumber(ctx, doc["zoom"], "zoom");
    if (!(out.zoom > 0.0)) Fail(ctx, "zoom", "must be positive");
  }
  if (doc.contains("camera")) ParseCamera(ctx, doc["camera"], &out);
  if (doc.contains("objects")) {
    const json& objects = doc["objects"];
    if (!objects.is_array()) Fail(ctx, "objects", "expected a list of objects");
    std::set<int> seen;
    for (size_t i = 0; i < objects.size(); ++i) {
      const std::string path = "objects[" + std::to_string(i) + "]";
      ObjectIntention o = ParseObject(ctx, objects[i], path, out.frames);
      // Two entries for one region would fight over its motion.
      if (!o.region_from_drags && !seen.insert(o.mask_id).second) {
        Fail(ctx, path + ".mask_id", "mask id " + std::to_string(o.mask_id) + " appears twice");
      }
      out.objects.push_back(std::move(o));
    }
  }
  return out;
}

Intentions ReadIntentions(const std::string& path, int image_width, int image_height,
                           const std::string& convention) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open intentions file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(path + ": read failed");
  return ParseIntentions(buffer.str(), path, std::filesystem::path(path).parent_path().string(),
                         image_width, image_height, convention);
}

}  // namespace dolly::motion
