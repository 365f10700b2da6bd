#include "libs/synth/recipe_source.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/core/error.h"
#include "libs/synth/presets.h"

namespace dolly::synth {

namespace {

// Recipes are a few kilobytes; anything this large is not one.
constexpr std::uintmax_t kMaxRecipeBytes = 16u << 20;

bool LooksLikeFile(const std::string& scene) {
  const bool json_suffix =
      scene.size() >= 5 && scene.compare(scene.size() - 5, 5, ".json") == 0;
  std::error_code ec;
  return json_suffix || scene.find('/') != std::string::npos ||
         std::filesystem::is_regular_file(scene, ec);
}

std::string ReadText(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw IoError(path + ": cannot open recipe (no such file)");
  }
  if (std::filesystem::file_size(path, ec) > kMaxRecipeBytes) {
    throw InvalidInputError(path + ": too large for a recipe (over 16 MiB)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open recipe");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(path + ": read error");
  return text.str();
}

nlohmann::json ParseJson(const std::string& text, const std::string& source) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    for (char& c : what) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    throw InvalidInputError(source + ": not valid JSON: " + what);
  }
}

void CheckRange(const char* flag, double value, double min, double max) {
  if (!(value >= min && value <= max)) {
    std::ostringstream out;
    out << flag << ": must be in [" << min << ", " << max << "], got " << value;
    throw UsageError(out.str());
  }
}

}  // namespace

LoadedRecipe LoadRecipe(const std::string& scene) {
  LoadedRecipe loaded;
  if (LooksLikeFile(scene)) {
    loaded.path = scene;
    loaded.source = scene;
    loaded.recipe = ParseRecipe(ParseJson(ReadText(scene), scene), scene);
    return loaded;
  }
  const std::optional<std::string> preset = PresetJson(scene);
  if (!preset) {
    std::string names;
    for (const std::string& name : PresetNames()) names += (names.empty() ? "" : ", ") + name;
    throw InvalidInputError("--scene: unknown preset '" + scene + "' (presets: " + names +
                            "; or give a recipe .json file)");
  }
  loaded.source = "preset " + scene;
  loaded.recipe = ParseRecipe(ParseJson(*preset, loaded.source), loaded.source);
  return loaded;
}

void ApplyOverrides(const SynthOptions& options, Recipe* recipe) {
  if (options.frames) {
    CheckRange("--frames", *options.frames, 1, 100000);
    recipe->frames = *options.frames;
  }
  if (options.width) {
    CheckRange("--width", *options.width, 8, 8192);
    recipe->width = *options.width;
  }
  if (options.height) {
    CheckRange("--height", *options.height, 8, 8192);
    recipe->height = *options.height;
  }
  if (options.fps) {
    CheckRange("--fps", *options.fps, 1e-3, 1000);
    recipe->fps = *options.fps;
  }
  if (options.tracks) {
    CheckRange("--tracks", *options.tracks, 0, 1000000);
    recipe->tracks = *options.tracks;
  }
  if (options.views) {
    CheckRange("--views", *options.views, 1, 64);
    recipe->rig.enabled = true;
    recipe->rig.views = *options.views;
  }
}

}  // namespace dolly::synth
