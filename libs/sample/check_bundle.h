// dolly-sample --check-bundle: load a freshly exported bundle, run every
// module once and say what came in and out, and what does not match the
// bundle JSON (libs/diffusion/bundle_model.h CheckBundle).
#ifndef DOLLY_LIBS_SAMPLE_CHECK_BUNDLE_H_
#define DOLLY_LIBS_SAMPLE_CHECK_BUNDLE_H_

#include <string>

#include "libs/cli/summary.h"
#include "libs/diffusion/bundle_model.h"  // LibTorch-free
#include "libs/sample/sample_options.h"

namespace dolly::sample {

// The report, one module after another:
//   denoiser  /b/denoiser.pt  forward(x, c_noise, cond)
//     in   x                 [5, 3, 12, 20]  Float  -1 .. 0.999
//     out  output            [5, 3, 12, 20]  Float  -2.1 .. 2.3
//     note svd.added_time_ids [6, 128, 0.02] = buffer net.added_time_ids
//     MISMATCH output [1, 3, 12, 20], expected [5, 3, 12, 20] (...)
//     ok
std::string FormatBundleCheck(const diffusion::BundleCheck& check);

// Runs CheckBundle on options.check_bundle (device, dtype, threads of the
// options) and prints the report on stdout (on stderr with --json, where
// the summary carries "modules": [{module, path, passed, mismatches}]).
// Throws InvalidInputError "--check-bundle <json>: <module> (<path>): <first
// mismatch>" when a module fails, after printing the whole report.
void RunCheckBundle(const SampleToolOptions& options, int threads, bool json,
                    cli::Summary* summary);

}  // namespace dolly::sample

#endif  // DOLLY_LIBS_SAMPLE_CHECK_BUNDLE_H_
