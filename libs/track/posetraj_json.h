// PoseTraj's track JSON: {"<id>": [[x, y], ...], ...}, one list per track and
// one [x, y] per frame (pixels). It has no visibility: export writes every
// frame's position (the last reliable estimate where a point is lost).
#ifndef DOLLY_LIBS_TRACK_POSETRAJ_JSON_H_
#define DOLLY_LIBS_TRACK_POSETRAJ_JSON_H_

#include <string>
#include <vector>

namespace dolly::track {

struct PoseTrajTracks {
  std::vector<std::string> ids;
  // points[i][f] = {x, y} of track i in frame f; every track has the same length.
  std::vector<std::vector<std::pair<float, float>>> points;
};

// Throws IoError when the file cannot be read, InvalidInputError naming the
// file for malformed JSON, non-finite values, empty or unequal-length tracks.
PoseTrajTracks ReadPoseTrajJson(const std::string& path);

// Writes atomically ("-" is stdout). Ids are written in the given order.
void WritePoseTrajJson(const std::string& path, const PoseTrajTracks& tracks);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_POSETRAJ_JSON_H_
