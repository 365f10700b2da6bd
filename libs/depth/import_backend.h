// `--backend import`: depth or disparity maps the user already has (16-bit
// PNG, NPY, PFM; one file per frame) -> DepthSequence.
#ifndef DOLLY_LIBS_DEPTH_IMPORT_BACKEND_H_
#define DOLLY_LIBS_DEPTH_IMPORT_BACKEND_H_

#include <opencv2/core.hpp>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"

namespace dolly::depth {

// value -> scale * value + shift, then with `invert` 1 / that (disparity or
// inverse depth -> depth; values <= 0 become 0 = unknown). Throws
// InvalidInputError naming `source` when a result is negative or not finite.
cv::Mat ConvertImportedMap(const cv::Mat& values, const DepthOptions& options,
                           const std::string& source);

// Reads options.input (a file or a directory, natural order) and writes
// options.output with kind options.kind (default metric). A DepthSequence
// artifact (a .dolly file, or '-' for stdin) is copied frame by frame with the
// same mapping applied to its stored values (its own scale/shift folded in
// first, 0 kept as unknown); its kind, intrinsics and fps are kept unless
// --kind, --fx or --fps say otherwise.
DepthResult RunImportBackend(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_IMPORT_BACKEND_H_
