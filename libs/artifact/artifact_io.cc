#include "libs/artifact/artifact_io.h"

#include "schemas/common_constants.h"

namespace dolly::artifact {

std::string KindName(int kind) {
  if (kind < schema::ArtifactKind::DEPTH_SEQUENCE || kind > schema::ArtifactKind::SCENE_GROUND_TRUTH) {
    return "unknown kind " + std::to_string(kind);
  }
  return VisitKind(static_cast<schema::ArtifactKind::type>(kind), [](auto tag) {
    return std::string(ArtifactTraits<typename decltype(tag)::type>::kName);
  });
}

OpenedArtifact OpenArtifact(const std::string& path) {
  OpenedArtifact opened;
  opened.reader = std::make_unique<RecordReader>(path);
  RecordType type;
  if (!opened.reader->Next(&type)) {
    throw InvalidInputError(path + ": truncated (no header record)");
  }
  if (type != RecordType::kHeader) {
    throw InvalidInputError(path + ": first record is a " + RecordTypeName(type) +
                            " record, expected the header");
  }
  opened.reader->Decode(&opened.header, "header record");
  const schema::ArtifactHeader& header = opened.header;
  if (!header.__isset.kind) throw InvalidInputError(path + ": header has no artifact kind");
  if (!header.__isset.schema_version || header.schema_version < 1) {
    throw InvalidInputError(path + ": header has no valid schema version");
  }
  if (header.schema_version > schema::g_common_constants.SCHEMA_VERSION) {
    throw InvalidInputError(path + ": schema version " + std::to_string(header.schema_version) +
                            " is newer than this build reads (" +
                            std::to_string(schema::g_common_constants.SCHEMA_VERSION) +
                            "); upgrade dolly");
  }
  if (KindName(header.kind).rfind("unknown", 0) == 0) {
    throw InvalidInputError(path + ": unknown artifact kind " + std::to_string(header.kind));
  }
  return opened;
}

void CheckKind(const std::string& path, const schema::ArtifactHeader& header,
               schema::ArtifactKind::type expected) {
  if (header.kind != expected) {
    throw InvalidInputError(path + ": is a " + KindName(header.kind) + " artifact, expected a " +
                            KindName(expected));
  }
}

void StampHeader(schema::ArtifactHeader* header, schema::ArtifactKind::type kind) {
  header->__set_kind(kind);
  header->__set_schema_version(schema::g_common_constants.SCHEMA_VERSION);
}

}  // namespace dolly::artifact
