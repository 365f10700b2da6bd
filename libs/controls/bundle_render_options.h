// The control maps a model bundle was trained on, as dolly-render options:
// rendering "for" a bundle gives the maps its model reads (PAC's discs and
// camera map for a PAC bundle, PoseTraj's per-segment trajectory maps for a
// PoseTraj bundle) at the bundle's size, so that dolly-sample accepts them.
#ifndef DOLLY_LIBS_CONTROLS_BUNDLE_RENDER_OPTIONS_H_
#define DOLLY_LIBS_CONTROLS_BUNDLE_RENDER_OPTIONS_H_

#include <string>

#include "libs/controls/render_controls.h"
#include "libs/diffusion/bundle.h"

namespace dolly::controls {

// Which of the render options the user set explicitly on the command line;
// a bundle fills the others and must agree with these.
struct ExplicitRenderOptions {
  bool object_map = false;
  bool camera_map = false;
  bool trajectory_map = false;
  bool width = false;
  bool height = false;
};

// Sets each map mode the bundle's "controls" names and, unless the user gave
// a size, the bundle's width x height. A mode the user chose that differs
// from the bundle's is a UsageError naming both ("--camera-map intrinsics,
// but bundle pac/bundle.json was trained on camera_map \"pac\""): the
// sampler would refuse those controls. A bundle without "controls" changes
// only the size.
void ApplyBundleControls(const diffusion::Bundle& bundle, const ExplicitRenderOptions& given,
                         RenderOptions* options);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_BUNDLE_RENDER_OPTIONS_H_
