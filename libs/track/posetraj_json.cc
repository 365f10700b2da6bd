#include "libs/track/posetraj_json.h"

#include <cmath>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::track {

PoseTrajTracks ReadPoseTrajJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open PoseTraj track JSON");
  // ordered_json keeps the file's track order (plain json would sort "10" before "2").
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInputError(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
  if (!doc.is_object() || doc.empty()) {
    throw InvalidInputError(path + ": expected a non-empty object {\"id\": [[x, y], ...]}");
  }
  PoseTrajTracks out;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string where = path + ": track \"" + it.key() + "\"";
    if (!it.value().is_array() || it.value().empty()) {
      throw InvalidInputError(where + ": expected a non-empty list of [x, y]");
    }
    std::vector<std::pair<float, float>> track;
    for (const auto& p : it.value()) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) {
        throw InvalidInputError(where + ": every point must be [x, y] numbers");
      }
      const double x = p[0].get<double>(), y = p[1].get<double>();
      if (!std::isfinite(x) || !std::isfinite(y)) {
        throw InvalidInputError(where + ": non-finite coordinate");
      }
      track.emplace_back(static_cast<float>(x), static_cast<float>(y));
    }
    if (!out.points.empty() && track.size() != out.points.front().size()) {
      throw InvalidInputError(where + ": has " + std::to_string(track.size()) +
                              " points, the first track has " +
                              std::to_string(out.points.front().size()));
    }
    out.ids.push_back(it.key());
    out.points.push_back(std::move(track));
  }
  return out;
}

void WritePoseTrajJson(const std::string& path, const PoseTrajTracks& tracks) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  for (size_t i = 0; i < tracks.points.size(); ++i) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [x, y] : tracks.points[i]) list.push_back({x, y});
    const std::string id = i < tracks.ids.size() ? tracks.ids[i] : std::to_string(i);
    doc[id] = std::move(list);
  }
  const std::string text = doc.dump() + "\n";
  if (path == "-") {
    std::cout << text << std::flush;
    if (!std::cout) throw IoError("-: cannot write PoseTraj track JSON to stdout");
    return;
  }
  fileio::WriteFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
}

}  // namespace dolly::track
