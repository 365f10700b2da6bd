#include "libs/depth/import_backend.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/format.h"
#include "libs/artifact/header.h"
#include "libs/cli/progress.h"
#include "libs/core/error.h"
#include "libs/depth/depth_formats.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::depth {

namespace {

bool IsArtifactFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof(artifact::kMagic)] = {};
  in.read(magic, sizeof(magic));
  return in && std::memcmp(magic, artifact::kMagic, sizeof(magic)) == 0;
}

// A DepthSequence artifact (a file or '-'): each frame's stored values, with
// the source's own scale/shift folded in (0 stays 0 = unknown), go through
// --scale/--shift/--invert. Kind, intrinsics and fps come from the source
// unless the flags give them.
DepthResult ImportDepthArtifact(const DepthOptions& options) {
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(options.input);
  const schema::DepthSequenceInfo& info = reader.info();
  const schema::DepthKind::type kind =
      !options.kind.empty() ? ParseKind(options.kind)
                            : (info.__isset.kind ? info.kind : schema::DepthKind::METRIC);
  const double source_scale = info.__isset.scale ? info.scale : 1.0;
  const double source_shift = info.__isset.shift ? info.shift : 0.0;

  schema::ArtifactHeader header = artifact::MakeHeader(
      "dolly-depth", {{"backend", "import"},
                      {"kind", KindFlagName(kind)},
                      {"scale", FormatNumber(options.scale)},
                      {"shift", FormatNumber(options.shift)},
                      {"invert", options.invert ? "true" : "false"},
                      {"source", "DepthSequence"}});
  if (options.input != "-") artifact::AddInput(&header, "depth", options.input);

  const int64_t frames = info.__isset.frame_count ? info.frame_count : -1;
  DepthSink sink(options, header, kind, frames, info.__isset.fps ? info.fps : 0.0);
  if (!options.fx && info.__isset.intrinsics) sink.SetIntrinsics(info.intrinsics);
  cli::Progress progress("import", frames);
  schema::DepthFrame frame;
  while (reader.NextFrame(&frame)) {
    const std::string source =
        reader.path() + " frame " + std::to_string(reader.frames_read() - 1);
    cv::Mat values = MatFromTensor(frame.depth);
    if (values.type() != CV_32FC1) values.convertTo(values, CV_32F);
    if (source_scale != 1.0 || source_shift != 0.0) {
      cv::Mat folded = values * source_scale + source_shift;
      folded.setTo(0.0f, values == 0.0f);
      values = folded;
    }
    sink.Write(ConvertImportedMap(values, options, source), source);
    progress.Advance();
  }
  progress.Done();
  return sink.Finish();
}

}  // namespace

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
  if (options.input == "-" || IsArtifactFile(options.input)) {
    return ImportDepthArtifact(options);
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
