#include "libs/motion/objects/drag_formats.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/core/json_location.h"

namespace dolly::motion {
namespace {

// Ordered so PoseTraj tracks keep the file's order ("10" after "2").
using json = nlohmann::ordered_json;

// The document being parsed: its name in messages and, when it is a file a
// person edits, its text, so messages can name the line to fix.
struct Source {
  std::string name;
  const std::string* text = nullptr;  // null: no line numbers (e.g. inline JSON)

  int Line(const std::string& json_path) const {
    return text ? JsonLineOf(*text, ParseJsonPath(json_path)) : 0;
  }
  std::string At(const std::string& json_path) const {
    return text ? name + ":" + std::to_string(Line(json_path)) : name;
  }
};

// `json_path` (ParseJsonPath syntax) locates the value at fault for the line.
[[noreturn]] void Fail(const Source& source, const std::string& json_path,
                       const std::string& entry, const std::string& problem) {
  throw InvalidInputError(source.At(json_path) + ": " + entry + ": " + problem);
}

std::string Num(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// What a point's optional third number means.
enum class Third {
  kNone,       // PoseTraj: [x, y] only
  kZHint,      // dolly: a z-depth hint, > 0
  kDepthCode,  // PAC: its normalised depth code, any finite number
};

// PAC's inference stacks a file's tracks into one array, so every point of a
// PAC file has as many numbers as the file's first point; `arity` carries that
// count between tracks (0 before the first point).
struct Arity {
  size_t count = 0;
};

// A point is a list of 2 (or, unless `third` is kNone, 3) finite numbers.
void ParsePoint(const json& value, const Source& source, const std::string& entry,
                const std::string& json_path, size_t index, Third third, Arity* arity,
                int width, int height, Drag* drag) {
  const std::string where = entry + " point " + std::to_string(index);
  const std::string at = json_path + "[" + std::to_string(index) + "]";
  const bool allow_third = third != Third::kNone;
  const char* expected = third == Third::kNone      ? "expected [x, y]"
                         : third == Third::kZHint   ? "expected [x, y] or [x, y, z]"
                                                    : "expected [x, y] or [x, y, d]";
  if (!value.is_array() || value.size() < 2 || value.size() > (allow_third ? 3u : 2u)) {
    Fail(source, at, where, expected);
  }
  if (arity != nullptr) {
    if (arity->count == 0) arity->count = value.size();
    if (value.size() != arity->count) {
      Fail(source, at, where,
           "expected " + std::to_string(arity->count) + " numbers " +
               (arity->count == 3 ? "[x, y, d]" : "[x, y]") + " like the file's first point, got " +
               std::to_string(value.size()));
    }
  }
  double c[3];
  for (size_t k = 0; k < value.size(); ++k) {
    if (!value[k].is_number()) Fail(source, at, where, expected);
    c[k] = value[k].get<double>();
    if (!std::isfinite(c[k])) Fail(source, at, where, "coordinates must be finite");
  }
  // Pixel footprints span [-0.5, size - 0.5); anything else is off the image.
  if (c[0] < -0.5 || c[0] >= width - 0.5 || c[1] < -0.5 || c[1] >= height - 0.5) {
    Fail(source, at, where,
         "(" + Num(c[0]) + ", " + Num(c[1]) + ") is outside the " + std::to_string(width) +
             "x" + std::to_string(height) + " image");
  }
  const bool has_third = value.size() == 3;
  if (third == Third::kDepthCode) {
    if (has_third) drag->depth_codes.push_back(c[2]);
  } else {
    // Depth hints only make sense for the whole track; a partial set would
    // leave the interpolation without values between keypoints.
    if (index > 0 && has_third != !drag->depths.empty()) {
      Fail(source, at, where, "mixes points with and without z");
    }
    if (has_third) {
      if (!(c[2] > 0.0)) Fail(source, at, where, "z (depth) must be positive");
      drag->depths.push_back(c[2]);
    }
  }
  drag->points.emplace_back(c[0], c[1]);
}

void ParsePoints(const json& points, const Source& source, const std::string& entry,
                 const std::string& json_path, Third third, Arity* arity, int width, int height,
                 Drag* drag) {
  if (!points.is_array() || points.empty()) {
    Fail(source, json_path, entry, "expected a non-empty list of points");
  }
  drag->line = source.Line(json_path);
  for (size_t i = 0; i < points.size(); ++i) {
    ParsePoint(points[i], source, entry, json_path, i, third, arity, width, height, drag);
  }
}

DragFormat Detect(const json& doc, const Source& source) {
  if (doc.is_array()) return DragFormat::kPerceptionAsControl;
  if (doc.is_object()) {
    if (doc.contains("drags")) return DragFormat::kDolly;
    return DragFormat::kPoseTraj;
  }
  throw InvalidInputError(source.At("") +
                          ": expected a list of tracks (Perception-as-Control), an object of "
                          "tracks (PoseTraj) or {\"drags\": [...]} (dolly)");
}

void ParseDolly(const json& doc, const Source& source, int width, int height,
                DragSet* set) {
  const json& drags = doc["drags"];
  if (!drags.is_array()) Fail(source, "drags", "\"drags\"", "expected a list");
  for (size_t i = 0; i < drags.size(); ++i) {
    const json& d = drags[i];
    std::string entry = "drags[" + std::to_string(i) + "]";
    const std::string at = entry;
    if (!d.is_object()) Fail(source, at, entry, "expected an object");
    Drag drag;
    if (d.contains("id")) {
      const json& id = d["id"];
      if (id.is_number_integer()) {
        drag.id = std::to_string(id.get<long long>());
      } else if (id.is_string()) {
        drag.id = id.get<std::string>();
      } else {
        Fail(source, at + ".id", entry, "\"id\" must be an integer or a string");
      }
      entry = "drag \"" + drag.id + "\"";
    } else {
      drag.id = std::to_string(i);
    }
    if (!d.contains("points")) Fail(source, at, entry, "missing \"points\"");
    ParsePoints(d["points"], source, entry, at + ".points", Third::kZHint, /*arity=*/nullptr,
                width, height, &drag);
    if (d.contains("frames")) {
      const json& frames = d["frames"];
      if (!frames.is_array() || frames.size() != drag.points.size()) {
        Fail(source, at + ".frames", entry,
             "\"frames\" must list one frame index per point (" +
                 std::to_string(drag.points.size()) + ")");
      }
      for (size_t k = 0; k < frames.size(); ++k) {
        if (!frames[k].is_number_integer() || frames[k].get<long long>() < 0) {
          Fail(source, at + ".frames[" + std::to_string(k) + "]",
               entry + " frame " + std::to_string(k), "expected a non-negative integer");
        }
        const int f = frames[k].get<int>();
        if (k > 0 && f <= drag.frames.back()) {
          Fail(source, at + ".frames[" + std::to_string(k) + "]",
               entry + " frame " + std::to_string(k), "frames must increase");
        }
        drag.frames.push_back(f);
      }
    }
    if (d.contains("object")) {
      if (!d["object"].is_number_integer()) {
        Fail(source, at + ".object", entry, "\"object\" must be an integer instance id");
      }
      drag.object = d["object"].get<int>();
    }
    set->drags.push_back(std::move(drag));
  }
}

}  // namespace

std::string DragFormatName(DragFormat format) {
  switch (format) {
    case DragFormat::kPerceptionAsControl:
      return "perception_as_control";
    case DragFormat::kPoseTraj:
      return "posetraj";
    case DragFormat::kDolly:
      return "dolly";
  }
  return "dolly";
}

DragSet ParseDrags(const std::string& json_text, const std::string& source_name, int width,
                   int height, bool report_lines) {
  const Source source{source_name, report_lines ? &json_text : nullptr};
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // nlohmann's byte offset points just past the offending character.
    const size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    const std::string at =
        report_lines ? ":" + std::to_string(1 + std::count(json_text.begin(),
                                                          json_text.begin() +
                                                              std::min(byte, json_text.size()),
                                                          '\n'))
                     : "";
    throw InvalidInputError(source_name + at + ": not valid JSON (" + e.what() + ")");
  }
  DragSet set;
  set.format = Detect(doc, source);
  switch (set.format) {
    case DragFormat::kPerceptionAsControl: {
      Arity arity;
      for (size_t i = 0; i < doc.size(); ++i) {
        Drag drag;
        drag.id = std::to_string(i);
        drag.may_subsample = true;
        ParsePoints(doc[i], source, "track " + std::to_string(i), "[" + std::to_string(i) + "]",
                    Third::kDepthCode, &arity, width, height, &drag);
        set.drags.push_back(std::move(drag));
      }
      break;
    }
    case DragFormat::kPoseTraj:
      for (const auto& [key, value] : doc.items()) {
        Drag drag;
        drag.id = key;
        ParsePoints(value, source, "track \"" + key + "\"", "\"" + key + "\"", Third::kNone,
                    /*arity=*/nullptr, width, height, &drag);
        set.drags.push_back(std::move(drag));
      }
      break;
    case DragFormat::kDolly:
      ParseDolly(doc, source, width, height, &set);
      break;
  }
  return set;
}

DragSet ReadDrags(const std::string& path, int width, int height) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open drag file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseDrags(buffer.str(), path, width, height, /*report_lines=*/true);
}

}  // namespace dolly::motion
