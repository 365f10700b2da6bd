#include "libs/artifact/header.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "libs/core/error.h"
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
  std::error_code ec;
  if (path == "-") {
    // stdin: no digest
  } else if (std::filesystem::is_directory(path, ec)) {
    input.__set_sha256(DirectoryDigest(path));
  } else {
    input.__set_sha256(Sha256File(path));
  }
  header->inputs.push_back(input);
  header->__isset.inputs = true;
}

std::string DirectoryDigest(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::follow_directory_symlink, ec);
  while (!ec && it != fs::recursive_directory_iterator()) {
    if (it->is_regular_file(ec)) files.push_back(fs::relative(it->path(), path, ec).generic_string());
    if (!ec) it.increment(ec);
  }
  if (ec) throw IoError(path + ": cannot list the directory: " + ec.message());
  std::sort(files.begin(), files.end());
  Sha256 hash;
  for (const std::string& file : files) {
    const std::string line = file + '\0' + Sha256File((fs::path(path) / file).string()) + '\n';
    hash.Update(line.data(), line.size());
  }
  return hash.HexDigest();
}

}  // namespace dolly::artifact
