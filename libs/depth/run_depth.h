// dolly-depth as a library call: dispatches on options.backend.
#ifndef DOLLY_LIBS_DEPTH_RUN_DEPTH_H_
#define DOLLY_LIBS_DEPTH_RUN_DEPTH_H_

#include <string>
#include <vector>

#include "libs/depth/depth_options.h"
#include "libs/depth/depth_sink.h"

namespace dolly::depth {

// The backends this build has, in the order --help lists them.
const std::vector<std::string>& BackendNames();

// Throws UsageError for an unknown backend or a missing input/output,
// InvalidInputError (exit 3) for malformed inputs, IoError (4) for unreadable
// ones, ResourceError (5) for an unavailable device. On failure nothing is
// left at options.output.
DepthResult RunDepthImpl(const DepthOptions& options);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_RUN_DEPTH_H_
