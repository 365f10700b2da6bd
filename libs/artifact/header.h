#ifndef DOLLY_LIBS_ARTIFACT_HEADER_H_
#define DOLLY_LIBS_ARTIFACT_HEADER_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schemas/common_types.h"

namespace dolly::artifact {

// A header naming the producing tool (version = this build's) with its
// parameters; kind and schema_version are filled in by ArtifactWriter.
schema::ArtifactHeader MakeHeader(const std::string& tool_name,
                                  const std::map<std::string, std::string>& parameters = {},
                                  std::optional<int64_t> seed = std::nullopt);

// Adds the SHA-256 of the file at `path` as input `role` ("-" is recorded
// without a digest: stdin cannot be read twice). A directory (a folder of
// frames, a model bundle) gets DirectoryDigest.
void AddInput(schema::ArtifactHeader* header, const std::string& role, const std::string& path);

// One SHA-256 for a directory's contents: over its regular files, found
// recursively and sorted by their path relative to `path`, the bytes
// "<relative path>\0<file's SHA-256 hex>\n" of each. Renaming, adding,
// removing or changing a file changes it; timestamps and the directory's own
// name do not. Throws IoError when the directory or a file cannot be read.
std::string DirectoryDigest(const std::string& path);

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_HEADER_H_
