// dolly-inspect as a library call, so tests run it without a process:
//   FILE              summary text (provenance, info fields, value ranges)
//   --json [--full]   the whole artifact as one JSON document
//   --export DIR      PNG/MP4/plot previews per kind (see export.h)
#ifndef DOLLY_LIBS_INSPECT_INSPECT_H_
#define DOLLY_LIBS_INSPECT_INSPECT_H_

#include <ostream>
#include <string>

namespace dolly::inspect {

struct InspectOptions {
  std::string input;        // artifact path; "-" reads stdin
  bool json = false;        // print the artifact as JSON instead of the summary
  bool full = false;        // with json: tensor data in full, not summarised
  bool frames = false;      // with the summary: one line per frame too
  std::string export_dir;   // write previews here (must not exist yet)
  std::string video;        // with export of a TrackSet: frames to draw over
  std::string colormap = "turbo";  // depth export: "turbo" or "inferno"
};

// Writes the summary or JSON to `out`. With export_dir, the list of what was
// written goes to `out`, or to stderr when `out` carries JSON. Throws
// UsageError for flags that do not combine, IoError / InvalidInputError
// (naming the path) for unreadable or malformed input.
void RunInspectImpl(const InspectOptions& options, std::ostream& out);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_INSPECT_H_
