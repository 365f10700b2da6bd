// dolly-synth as a library call: renders a scene recipe into a directory of
// video, images and ground truth for every stage (see README.md for the
// layout). The tool's main only parses flags into SynthOptions.
#ifndef DOLLY_LIBS_SYNTH_SYNTH_H_
#define DOLLY_LIBS_SYNTH_SYNTH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dolly::synth {

struct SynthOptions {
  // A preset name (see presets.h) or the path of a recipe .json file.
  std::string scene = "orbit_boxes";
  // The directory to create. It must not exist unless `overwrite`.
  std::string output;
  // Overrides of the recipe's values (flag values win over the file).
  std::optional<int> frames;
  std::optional<int> width;
  std::optional<int> height;
  std::optional<double> fps;
  std::optional<int> tracks;
  // Multi-view rig mode with this many cameras (rig defaults unless the
  // recipe has a "rig" section).
  std::optional<int> views;
  uint64_t seed = 0;
  // The RGB video is rendered at this many samples per pixel side and
  // box-filtered down, as a camera integrates over its pixels; 1 gives the
  // aliased point-sampled image. Depth, masks and tracks stay exact at pixel
  // centres either way.
  int supersample = 2;
  bool write_mp4 = true;
  bool write_png = true;
  bool overwrite = false;
};

struct SynthResult {
  std::string output_dir;
  int frames = 0;
  int views = 0;
  int tracks = 0;
  // Final paths of the main files (artifacts, videos, recipe.json).
  std::vector<std::string> files;
};

// Throws InvalidInputError for a bad recipe (exit 3), IoError when a file
// cannot be read or written (exit 4), UsageError for bad option values
// (exit 2). On any failure nothing is left at `output`.
SynthResult RunSynthImpl(const SynthOptions& options);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_SYNTH_H_
