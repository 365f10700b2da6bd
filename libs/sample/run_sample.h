// dolly-sample behind a function call (tools/sample/main.cc parses flags):
// reference image + ControlSignals (+ a model bundle) -> generated video as a
// Video artifact, an MP4 and PNG frames.
#ifndef DOLLY_LIBS_SAMPLE_RUN_SAMPLE_H_
#define DOLLY_LIBS_SAMPLE_RUN_SAMPLE_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/sample/sample_options.h"

namespace dolly::sample {

// The backends, nullptr-terminated: "model", "preview".
const char* const* SampleBackends();

// Reads the ControlSignals (and the reference image when given), produces the
// frames of the chosen backend and writes the Video
// artifact (header: tool "dolly-sample", parameters backend, seed, sampler,
// steps, guidance, strength, eta, init; digests of the controls, image and
// bundle), the MP4 and the PNG frames. Each output appears whole or not at
// all, and a failed run leaves none of them. The summary lists the outputs
// with their SHA-256, "frames", "width", "height", "fps", "backend", "seed",
// "frames_dir" and timings.
//  - "preview": the warp_preview of every control frame, streamed frame by
//    frame (progress per frame); no bundle.
//  - "model": LoadBundle + GenerateVideo (model_backend.h) on every control
//    video, the reference image and the --init frames; progress per sampler
//    step with seconds per step. Needs bundle and image.
// Throws UsageError (missing -o/--controls, unknown backend, bad option
// values, model without bundle or image), IoError (unreadable or unwritable
// files, --frames not a new or empty directory), InvalidInputError (not a
// ControlSignals artifact; backend "preview" or --init warp on ControlSignals
// without warp_preview frames; an image that does not decode; what
// LoadBundle / GenerateVideo reject), ResourceError (cuda unavailable).
void RunSampleImpl(const SampleToolOptions& options, cli::Summary* summary);

}  // namespace dolly::sample

#endif  // DOLLY_LIBS_SAMPLE_RUN_SAMPLE_H_
