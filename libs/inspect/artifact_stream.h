// Kind-independent streaming over an artifact: the typed ArtifactReader for
// whatever kind the header names, handing each record on as a Thrift TBase
// so that printers need no per-kind code.
#ifndef DOLLY_LIBS_INSPECT_ARTIFACT_STREAM_H_
#define DOLLY_LIBS_INSPECT_ARTIFACT_STREAM_H_

#include <cstdint>
#include <string>

#include <thrift/TBase.h>

#include "schemas/common_types.h"

namespace dolly::inspect {

class ArtifactVisitor {
 public:
  virtual ~ArtifactVisitor() = default;
  // `kind_name` as in kinds.h ("DepthSequence"); `has_frames` is false for
  // the kinds that are a single info record (Mesh, Metrics).
  virtual void OnHeader(const schema::ArtifactHeader& header, const std::string& kind_name,
                        bool has_frames) = 0;
  virtual void OnInfo(const apache::thrift::TBase& info) = 0;
  // Frames arrive in file order, each valid only during the call.
  virtual void OnFrame(int64_t number, const apache::thrift::TBase& frame) = 0;
  // After the end record was read and checked.
  virtual void OnEnd(int64_t frame_count) = 0;
};

// Reads `path` ("-" = stdin) record by record, holding one frame at a time.
// Throws IoError / InvalidInputError naming the path, as ArtifactReader does.
void StreamArtifact(const std::string& path, ArtifactVisitor* visitor);

// Reads the whole artifact and discards it: every check, no output.
void CheckArtifact(const std::string& path);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_ARTIFACT_STREAM_H_
