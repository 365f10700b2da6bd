#include "libs/sample/control_modes.h"

#include "libs/core/error.h"

namespace dolly::sample {
namespace {

// dolly-render's flag for each map kind.
std::string RenderFlag(const std::string& kind) {
  if (kind == "object_map") return "--object-map";
  if (kind == "camera_map") return "--camera-map";
  return "--trajectory-map";
}

// The schema version whose "pac" camera map is PAC's own (see
// schemas/CHANGES.md, version 3).
constexpr int kPacCameraMapVersion = 3;

}  // namespace

RenderedModes ModesOf(const schema::ControlSignalsInfo& info, int schema_version) {
  RenderedModes out;
  out.schema_version = schema_version;
  out.modes["object_map"] = info.__isset.object_map_mode ? info.object_map_mode : "pac";
  out.modes["camera_map"] = info.__isset.camera_map_mode ? info.camera_map_mode : "pac";
  out.modes["trajectory_map"] =
      info.__isset.trajectory_map_mode ? info.trajectory_map_mode : "dolly";
  return out;
}

void CheckControlModes(const diffusion::Bundle& bundle, const RenderedModes& rendered,
                       const std::string& controls_path) {
  for (const auto& [kind, trained] : bundle.controls) {
    const auto it = rendered.modes.find(kind);
    const std::string mode = it == rendered.modes.end() ? "" : it->second;
    const std::string fix = " (render with dolly-render " + RenderFlag(kind) + " " + trained + ")";
    if (mode != trained) {
      throw InvalidInputError(controls_path + ": " + kind + " was rendered in mode \"" + mode +
                              "\" but bundle " + bundle.json_path + " was trained on \"" +
                              trained + "\"" + fix);
    }
    if (kind == "camera_map" && trained == "pac" &&
        rendered.schema_version < kPacCameraMapVersion) {
      throw InvalidInputError(
          controls_path + ": camera_map \"pac\" of schema version " +
          std::to_string(rendered.schema_version) +
          " is dolly's earlier 60-degree stand-in, not the PAC map bundle " + bundle.json_path +
          " was trained on; render the ControlSignals again with this dolly-render" + fix);
    }
  }
}

}  // namespace dolly::sample
