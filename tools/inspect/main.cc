// dolly-inspect: look inside any dolly artifact (summary, JSON, previews).
#include <iostream>

#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/inspect/inspect.h"

int main(int argc, char** argv) {
  dolly::inspect::InspectOptions options;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-inspect",
       "Summarise any dolly artifact, print it as JSON (--json), or export images, videos and "
       "plots of it (--export DIR).",
       "Print the whole artifact as JSON on stdout (tensors summarised; --full for data)"},
      [&](CLI::App& app) {
        app.add_option("input,-i,--input", options.input, "Artifact file ('-' = stdin)")
            ->required();
        app.add_flag("--full", options.full, "With --json: include tensor data in full");
        app.add_flag("--frames", options.frames, "Summary: also one line per frame");
        app.add_option("--export", options.export_dir,
                       "Write PNG/MP4/plot previews into this new directory");
        app.add_option("--video", options.video,
                       "TrackSet export: draw tracks over this video (artifact, video file or "
                       "frame directory)");
        app.add_option("--colormap", options.colormap, "Depth export colormap")
            ->check(CLI::IsMember({"turbo", "inferno"}));
      },
      [&](const dolly::cli::CommonOptions& common, dolly::cli::Summary* summary) {
        // With --json the artifact itself is the JSON output; RunTool's
        // summary object would make stdout two documents.
        options.json = common.json;
        if (common.json) summary->SuppressPrinting();
        dolly::inspect::RunInspectImpl(options, std::cout);
        std::cout.flush();
      });
}
