// Named scene recipes selectable with `dolly-synth --scene NAME`.
#ifndef DOLLY_LIBS_SYNTH_PRESETS_H_
#define DOLLY_LIBS_SYNTH_PRESETS_H_

#include <optional>
#include <string>
#include <vector>

namespace dolly::synth {

std::vector<std::string> PresetNames();
// The recipe JSON text of a preset, or nullopt for an unknown name.
std::optional<std::string> PresetJson(const std::string& name);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_PRESETS_H_
