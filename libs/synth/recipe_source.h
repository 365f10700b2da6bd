// Where a recipe comes from: a preset or a JSON file, plus flag overrides.
#ifndef DOLLY_LIBS_SYNTH_RECIPE_SOURCE_H_
#define DOLLY_LIBS_SYNTH_RECIPE_SOURCE_H_

#include <string>

#include "libs/synth/recipe.h"
#include "libs/synth/synth.h"

namespace dolly::synth {

struct LoadedRecipe {
  Recipe recipe;
  // Names the recipe in errors: the file path, or "preset NAME".
  std::string source;
  // The file read, empty for a preset.
  std::string path;
};

// A name without ".json" and without a '/' that is not an existing file is a
// preset. Throws IoError when the file cannot be read, InvalidInputError for
// bad JSON or recipe content, or an unknown preset.
LoadedRecipe LoadRecipe(const std::string& scene);

// Applies the flag overrides of `options` (UsageError naming the flag when a
// value is out of range).
void ApplyOverrides(const SynthOptions& options, Recipe* recipe);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_RECIPE_SOURCE_H_
