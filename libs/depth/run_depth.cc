#include "libs/depth/run_depth.h"

#include "libs/core/error.h"
#include "libs/depth/import_backend.h"
#include "libs/depth/model_backend.h"
#include "libs/depth/mvs_backend.h"
#include "libs/depth/planar_backend.h"
#include "libs/depth/stereo_backend.h"

namespace dolly::depth {

const std::vector<std::string>& BackendNames() {
  static const std::vector<std::string> kNames = {"import", "model", "stereo", "mvs", "planar"};
  return kNames;
}

DepthResult RunDepthImpl(const DepthOptions& options) {
  if (options.input.empty()) throw UsageError("--input is required");
  if (options.output.empty()) throw UsageError("--output is required");
  if (options.backend == "import") return RunImportBackend(options);
  if (options.backend == "model") return RunModelBackend(options);
  if (options.backend == "stereo") return RunStereoBackend(options);
  if (options.backend == "mvs") return RunMvsBackend(options);
  if (options.backend == "planar") return RunPlanarBackend(options);
  throw UsageError("--backend: unknown backend '" + options.backend + "'");
}

}  // namespace dolly::depth
