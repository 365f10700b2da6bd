// The screenful `dolly-inspect FILE` prints: provenance from the header, the
// info record's fields, and per-field aggregates over all frames (tensor
// shape, dtype and value range; range of each numeric field), streamed so
// that any length of artifact fits in memory.
#ifndef DOLLY_LIBS_INSPECT_SUMMARY_H_
#define DOLLY_LIBS_INSPECT_SUMMARY_H_

#include <ostream>
#include <string>

namespace dolly::inspect {

struct SummaryOptions {
  // One line per frame as well (its fields, tensors as ranges).
  bool per_frame = false;
};

void PrintSummary(const std::string& path, std::ostream& out, const SummaryOptions& options = {});

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_SUMMARY_H_
