#include "libs/depth/import_backend.h"

#include <cmath>
#include <string>
#include <vector>

#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/depth/depth_formats.h"

namespace dolly::depth {

cv::Mat ConvertImportedMap(const cv::Mat& values, const DepthOptions& options,
                           const std::string& source) {
  cv::Mat out(values.size(), CV_32F);
  for (int y = 0; y < values.rows; ++y) {
    const float* in = values.ptr<float>(y);
    float* o = out.ptr<float>(y);
    for (int x = 0; x < values.cols; ++x) {
      double v = options.scale * in[x] + options.shift;
      if (options.invert) v = v > 0 ? 1.0 / v : 0.0;
      if (!std::isfinite(v) || v < 0 || v > 3.0e38) {
        throw InvalidInputError(source + ": pixel (" + std::to_string(x) + ", " +
                                std::to_string(y) + ") maps to " + std::to_string(v) +
                                ", not a depth >= 0 (check --scale/--shift/--invert)");
      }
      o[x] = static_cast<float>(v);
    }
  }
  return out;
}

DepthResult RunImportBackend(const DepthOptions& options) {
  if (!std::isfinite(options.scale) || !std::isfinite(options.shift)) {
    throw UsageError("--scale/--shift must be finite");
  }
  const schema::DepthKind::type kind = ParseKind(options.kind.empty() ? "metric" : options.kind);
  const std::vector<std::string> files = ListDepthFiles(options.input);

  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "import"},
                      {"kind", KindFlagName(kind)},
                      {"scale", FormatNumber(options.scale)},
                      {"shift", FormatNumber(options.shift)},
                      {"invert", options.invert ? "true" : "false"}});
  // Digests of every frame file would make headers grow with the sequence;
  // a single input file is recorded with its digest.
  if (files.size() == 1) artifact::AddInput(&header, "depth", files[0]);

  DepthSink sink(options, header, kind, static_cast<int64_t>(files.size()), options.fps);
  cli::Progress progress("import", static_cast<int64_t>(files.size()));
  for (const std::string& file : files) {
    sink.Write(ConvertImportedMap(ReadDepthFile(file), options, file), file);
    progress.Advance();
  }
  progress.Done();
  return sink.Finish();
}

}  // namespace dolly::depth
