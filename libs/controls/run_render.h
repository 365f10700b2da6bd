// dolly-render behind a function call (tools/render/main.cc parses flags):
// MotionRepresentation -> ControlSignals (+ PNG/MP4 previews).
#ifndef DOLLY_LIBS_CONTROLS_RUN_RENDER_H_
#define DOLLY_LIBS_CONTROLS_RUN_RENDER_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/controls/render_controls.h"

namespace dolly::controls {

struct RenderToolOptions {
  std::string input;         // MotionRepresentation ("-" = stdin)
  std::string output;        // ControlSignals ("-" = stdout)
  std::string previews_dir;  // empty = no previews; must not exist or be empty
  RenderOptions render;
};

// Reads the MotionRepresentation, renders every frame (progress on stderr)
// and streams them into the ControlSignals file (header: tool "dolly-render",
// the render parameters, the input's digest). With previews_dir, exports the
// written file as dolly-inspect --export does: one PNG folder and one MP4
// per signal (depth through the Turbo colour map), listed in the summary as
// "previews": {name: mp4 path}. On any failure no output is left behind.
// Throws UsageError (missing paths, previews with stdout output, a negative
// size), IoError, InvalidInputError (not a readable MotionRepresentation).
void RunRenderImpl(const RenderToolOptions& options, cli::Summary* summary);

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_RUN_RENDER_H_
