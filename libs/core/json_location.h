// Where a value sits in a JSON text, so that an error about a parsed value
// can name the line of the file a person has to fix (JSON libraries keep no
// positions once a document is parsed).
#ifndef DOLLY_LIBS_CORE_JSON_LOCATION_H_
#define DOLLY_LIBS_CORE_JSON_LOCATION_H_

#include <string>
#include <vector>

namespace dolly {

// One step into a JSON document: an object member (index < 0) or an array
// element (index >= 0).
struct JsonStep {
  std::string key;
  long index = -1;
};

// "objects[0].drags", "camera[1].preset", "\"7\"[2]" (a quoted key may hold
// dots) -> steps. An empty string is the document itself.
std::vector<JsonStep> ParseJsonPath(const std::string& dotted);

// 1-based line on which the value at `path` starts in `text`, a valid JSON
// document. When the path leads nowhere (a missing key, an index past the
// end), the line of the deepest value on the way that exists; 1 for text
// that is not valid JSON where the walk stops.
int JsonLineOf(const std::string& text, const std::vector<JsonStep>& path);

}  // namespace dolly

#endif  // DOLLY_LIBS_CORE_JSON_LOCATION_H_
