#include "libs/inspect/inspect.h"

#include <iostream>
#include <vector>

#include "libs/core/error.h"
#include "libs/inspect/export.h"
#include "libs/inspect/json_dump.h"
#include "libs/inspect/reopenable_input.h"
#include "libs/inspect/summary.h"

namespace dolly::inspect {
namespace {

void CheckFlags(const InspectOptions& options) {
  if (options.input.empty()) throw UsageError("no input artifact given");
  if (options.full && !options.json) throw UsageError("--full only applies with --json");
  if (options.frames && options.json) {
    throw UsageError("--frames applies to the text summary; --json always lists every frame");
  }
  if (!options.video.empty() && options.export_dir.empty()) {
    throw UsageError("--video " + options.video + ": only used with --export");
  }
  if (options.colormap != "turbo" && options.colormap != "inferno") {
    throw UsageError("--colormap " + options.colormap + ": expected turbo or inferno");
  }
}

void Export(const InspectOptions& options, std::ostream& out) {
  // JSON and export both read the input; a stream is copied once for both.
  const ReopenableInput source(options.input);
  try {
    ExportOptions export_options;
    export_options.dir = options.export_dir;
    export_options.background = options.video;
    export_options.colormap = options.colormap == "inferno" ? Colormap::kInferno : Colormap::kTurbo;
    const ExportReport report = ExportArtifact(source.path(), export_options);
    std::ostream& listing = options.json ? std::cerr : out;
    listing << "exported " << report.kind << " to " << options.export_dir << "/\n";
    const std::vector<std::string> lines = DescribeExport(options.export_dir);
    for (const std::string& line : lines) listing << "  " << line << "\n";
    if (lines.empty()) listing << "  (nothing to show: the artifact has no frames)\n";
    if (!options.video.empty() && report.kind != "TrackSet") {
      listing << "note: --video is only used for a TrackSet; ignored\n";
    }
    for (const std::string& note : report.notes) listing << "note: " << note << "\n";
    listing.flush();
    if (options.json) WriteArtifactJson(source.path(), out, JsonOptions{options.full});
  } catch (const InvalidInputError& e) {
    throw InvalidInputError(source.Rename(e.what()));
  } catch (const IoError& e) {
    throw IoError(source.Rename(e.what()));
  }
}

}  // namespace

void RunInspectImpl(const InspectOptions& options, std::ostream& out) {
  CheckFlags(options);
  if (!options.export_dir.empty()) return Export(options, out);
  if (options.json) return WriteArtifactJson(options.input, out, JsonOptions{options.full});
  SummaryOptions summary;
  summary.per_frame = options.frames;
  PrintSummary(options.input, out, summary);
}

}  // namespace dolly::inspect
