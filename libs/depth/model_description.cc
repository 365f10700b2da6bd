// The parts of the model backend that need no LibTorch (cheap to compile).
#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/depth/model_backend.h"

namespace dolly::depth {

ModelDescription ReadModelDescription(const std::string& model_path) {
  const std::string path =
      std::filesystem::path(model_path).replace_extension(".json").string();
  ModelDescription out;
  std::error_code ec;
  if (path == model_path || !std::filesystem::is_regular_file(path, ec)) return out;
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open for reading");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInputError(path + ": not valid JSON");
  }
  if (!doc.is_object()) throw InvalidInputError(path + ": expected a JSON object");
  if (doc.contains("kind")) {
    if (!doc["kind"].is_string()) throw InvalidInputError(path + ": 'kind' must be a string");
    out.kind = doc["kind"].get<std::string>();
    if (out.kind != "metric" && out.kind != "relative" && out.kind != "relative-inverse") {
      throw InvalidInputError(path + ": 'kind' must be metric, relative or relative-inverse");
    }
  }
  if (doc.contains("input_size")) {
    if (!doc["input_size"].is_number_integer() || doc["input_size"].get<int64_t>() < 14 ||
        doc["input_size"].get<int64_t>() > 8192) {
      throw InvalidInputError(path + ": 'input_size' must be an integer in 14..8192");
    }
    out.input_size = doc["input_size"].get<int>();
  }
  if (doc.contains("input_height") || doc.contains("input_width")) {
    int hw[2] = {0, 0};
    const char* keys[2] = {"input_height", "input_width"};
    for (int i = 0; i < 2; ++i) {
      if (!doc.contains(keys[i]) || !doc[keys[i]].is_number_integer() ||
          doc[keys[i]].get<int64_t>() < 14 || doc[keys[i]].get<int64_t>() > 8192 ||
          doc[keys[i]].get<int64_t>() % 14 != 0) {
        throw InvalidInputError(path + ": '" + keys[i] +
                                "' must be given with its pair, a multiple of 14 in 14..8192");
      }
      hw[i] = doc[keys[i]].get<int>();
    }
    out.fixed_size = cv::Size(hw[1], hw[0]);
  }
  return out;
}

cv::Size NetworkInputSize(int width, int height, int input_size) {
  if (input_size < 14) throw UsageError("--input-size: must be at least 14");
  const int long_side = input_size / 14 * 14;
  const int long_frame = std::max(width, height), short_frame = std::min(width, height);
  const double scaled = static_cast<double>(short_frame) * long_side / long_frame;
  const int short_side = std::max(14, static_cast<int>(std::lround(scaled / 14.0)) * 14);
  return width >= height ? cv::Size(long_side, short_side) : cv::Size(short_side, long_side);
}

}  // namespace dolly::depth
