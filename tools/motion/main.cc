// dolly-motion: the 3D motion representation (MotionRepresentation) from a
// reference image + depth + instance labels + intentions (image mode).
#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/motion/build/run_motion.h"

int main(int argc, char** argv) {
  dolly::motion::MotionImageOptions options;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-motion",
       "Build the 3D motion representation of a clip (MotionRepresentation): the reference "
       "image's pixels lifted to 3D points ('unit spheres') with its depth, moved by the "
       "camera and object motions of an intentions file (camera presets, sentences or pose "
       "files; object drags, yaw, rotations; zoom), one camera per frame. World = the "
       "reference camera. Image mode: --image, --depth and --intentions (and --masks when "
       "the intentions move objects)."},
      [&](CLI::App& app) {
        app.add_option("--image", options.image, "Reference image (PNG or JPEG)");
        app.add_option("--depth", options.depth,
                       "DepthSequence artifact; frame 0 is the reference image's depth and "
                       "its intrinsics are the camera");
        app.add_option("--masks", options.masks,
                       "Instance labels: 8- or 16-bit single-channel PNG (0 = none)");
        app.add_option("--intentions", options.intentions,
                       "Intentions JSON (libs/motion/intentions/README.md)");
        app.add_option("-o,--output", options.output,
                       "MotionRepresentation to write ('-' = stdout)");
        app.add_option("--grid", options.grid, "Scene points per image side (grid x grid)")
            ->capture_default_str();
        app.add_option("--object-stride", options.object_stride,
                       "Pixels between a moving object's points")
            ->capture_default_str();
        app.add_option("--fx", options.fx,
                       "Focal length in pixels (fx = fy), overriding the depth's intrinsics");
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        // Image mode needs its three inputs; the driving-video mode (tracks,
        // camera, video) will be selected by its own flags.
        std::string missing;
        if (options.image.empty()) missing += " --image";
        if (options.depth.empty()) missing += " --depth";
        if (options.intentions.empty()) missing += " --intentions";
        if (!missing.empty()) {
          throw dolly::UsageError("image mode needs --image, --depth and --intentions; missing:" +
                                  missing);
        }
        if (options.output.empty()) throw dolly::UsageError("-o/--output is required");
        dolly::motion::RunMotionImageImpl(options, summary);
      });
}
