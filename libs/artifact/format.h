// The on-disk container every artifact shares:
//
//   magic "DOLLYART" (8 bytes) | format version (uint32 LE)
//   record*  where record = type (uint32 LE) | length (uint32 LE) | payload
//
// Each payload is one Thrift struct in TCompactProtocol. The records are, in
// order: HEADER (ArtifactHeader), INFO (the kind's *Info struct), FRAME* (the
// kind's *Frame struct, one per frame, so readers can stream and no record
// nears Thrift's 2 GiB message limit), END (ArtifactEnd). A file without END is
// truncated.
#ifndef DOLLY_LIBS_ARTIFACT_FORMAT_H_
#define DOLLY_LIBS_ARTIFACT_FORMAT_H_

#include <cstdint>

namespace dolly::artifact {

inline constexpr char kMagic[8] = {'D', 'O', 'L', 'L', 'Y', 'A', 'R', 'T'};
// Container layout version (bumped only if the framing above changes; record
// contents evolve through schema_version in the header).
inline constexpr uint32_t kFormatVersion = 1;

enum class RecordType : uint32_t {
  kHeader = 1,
  kInfo = 2,
  kFrame = 3,
  kEnd = 4,
};

// No record may claim more than this; a frame that needs more must be split.
inline constexpr uint64_t kMaxRecordBytes = 1ull << 30;
// Header, info and end records are small; a larger claim is corrupt.
inline constexpr uint64_t kMaxSmallRecordBytes = 64ull << 20;

const char* RecordTypeName(RecordType type);

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_FORMAT_H_
