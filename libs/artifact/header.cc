#include "libs/artifact/header.h"

#include "libs/core/sha256.h"
#include "libs/core/version.h"

namespace dolly::artifact {

schema::ArtifactHeader MakeHeader(const std::string& tool_name,
                                  const std::map<std::string, std::string>& parameters,
                                  std::optional<int64_t> seed) {
  schema::ArtifactHeader header;
  header.__set_tool_name(tool_name);
  header.__set_tool_version(kVersion);
  header.__set_parameters(parameters);
  if (seed) header.__set_seed(*seed);
  return header;
}

void AddInput(schema::ArtifactHeader* header, const std::string& role, const std::string& path) {
  schema::InputDigest input;
  input.__set_role(role);
  input.__set_path(path);
  if (path != "-") input.__set_sha256(Sha256File(path));
  header->inputs.push_back(input);
  header->__isset.inputs = true;
}

}  // namespace dolly::artifact
