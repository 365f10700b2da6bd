// `dolly-inspect --json`: the whole artifact as one JSON document,
//   {"header": {...}, "info": {...}, "frames": [{...}, ...]}
// ("frames" only for kinds that have them), with Thrift field names, printed
// through JsonProtocol one record at a time.
#ifndef DOLLY_LIBS_INSPECT_JSON_DUMP_H_
#define DOLLY_LIBS_INSPECT_JSON_DUMP_H_

#include <ostream>
#include <string>

#include "libs/inspect/json_protocol.h"

namespace dolly::inspect {

// A regular file is read through once first, so that a corrupt or truncated
// one fails before any output instead of leaving half a document on stdout;
// stdin and pipes cannot be read twice and stream straight through.
void WriteArtifactJson(const std::string& path, std::ostream& out,
                       const JsonOptions& options = {});

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_JSON_DUMP_H_
