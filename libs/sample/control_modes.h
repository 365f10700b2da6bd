// Which mode each control map of a ControlSignals artifact was rendered in,
// and the check that a model bundle was trained on those modes (the bundle's
// "controls", libs/diffusion/bundle.h).
#ifndef DOLLY_LIBS_SAMPLE_CONTROL_MODES_H_
#define DOLLY_LIBS_SAMPLE_CONTROL_MODES_H_

#include <map>
#include <string>

#include "libs/diffusion/bundle.h"
#include "schemas/control_types.h"

namespace dolly::sample {

struct RenderedModes {
  int schema_version = 0;  // of the ControlSignals file
  // "object_map" / "camera_map" / "trajectory_map" -> mode as recorded, or
  // the mode dolly-render drew before the field existed: object and camera
  // map "pac" (schema version 1), trajectory map "dolly".
  std::map<std::string, std::string> modes;
};

RenderedModes ModesOf(const schema::ControlSignalsInfo& info, int schema_version);

// Throws InvalidInputError, one line naming the map, both modes, the
// bundle and the dolly-render flag to use, when the bundle declares
// "controls" and a map kind its conditions use was rendered in another
// mode, or is a camera map "pac" of schema version < 3 (dolly's stand-in,
// not PAC's map) for a bundle trained on camera_map "pac". A bundle without
// "controls" passes whatever the modes.
void CheckControlModes(const diffusion::Bundle& bundle, const RenderedModes& rendered,
                       const std::string& controls_path);

}  // namespace dolly::sample

#endif  // DOLLY_LIBS_SAMPLE_CONTROL_MODES_H_
