#include "libs/controls/bundle_render_options.h"

#include "libs/core/error.h"

namespace dolly::controls {
namespace {

// The bundle's mode for `kind` into *mode, unless the bundle names none.
template <typename Mode>
void Apply(const diffusion::Bundle& bundle, const std::string& kind, bool given,
           Mode (*parse)(const std::string&), std::string (*name)(Mode), Mode* mode) {
  const auto it = bundle.controls.find(kind);
  if (it == bundle.controls.end()) return;
  const Mode wanted = parse(it->second);
  if (given && *mode != wanted) {
    std::string flag = "--" + kind;
    for (char& c : flag) c = c == '_' ? '-' : c;
    throw UsageError(flag + " " + name(*mode) + ", but bundle " + bundle.json_path +
                     " was trained on " + kind + " \"" + it->second +
                     "\" (leave the flag out to render what the bundle reads)");
  }
  *mode = wanted;
}

}  // namespace

void ApplyBundleControls(const diffusion::Bundle& bundle, const ExplicitRenderOptions& given,
                         RenderOptions* options) {
  Apply(bundle, "object_map", given.object_map, &ParseObjectMapMode, &ObjectMapModeName,
        &options->object_map);
  Apply(bundle, "camera_map", given.camera_map, &ParseCameraMapMode, &CameraMapModeName,
        &options->camera_map);
  Apply(bundle, "trajectory_map", given.trajectory_map, &ParseTrajectoryMapMode,
        &TrajectoryMapModeName, &options->trajectory_map);
  // The sampler resizes controls to the bundle's size anyway; rendering at
  // that size keeps discs and checker squares sharp instead of resampled.
  if (!given.width && !given.height) {
    options->width = bundle.width;
    options->height = bundle.height;
  }
}

}  // namespace dolly::controls
