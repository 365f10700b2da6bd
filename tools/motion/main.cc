// dolly-motion: the 3D motion representation (MotionRepresentation), from a
// reference image + depth + instance labels + intentions (image mode), or
// from a driving video's depth, labelled tracks and camera path (driving
// mode, motion transfer).
#include <CLI/CLI.hpp>

#include "libs/cli/tool.h"
#include "libs/core/error.h"
#include "libs/motion/build/run_motion.h"
#include "libs/motion/transfer/run_transfer.h"

namespace {

// "--a --b" for the flags of `named` that are empty.
std::string Missing(std::initializer_list<std::pair<const char*, const std::string*>> named) {
  std::string missing;
  for (const auto& [flag, value] : named) {
    if (value->empty()) missing += std::string(" ") + flag;
  }
  return missing;
}

}  // namespace

int main(int argc, char** argv) {
  dolly::motion::MotionImageOptions image;
  dolly::motion::TransferToolOptions driving;
  std::string intentions;
  std::string depth;
  std::string output;
  return dolly::cli::RunTool(
      argc, argv,
      {"dolly-motion",
       "Build the 3D motion representation of a clip (MotionRepresentation): 3D points ('unit "
       "spheres') with a colour code from their frame-0 pixel, moving per frame, seen by one "
       "camera per frame.\n"
       "Image mode (--image, --depth, --intentions [--masks]): the reference image's pixels "
       "lifted with its depth, moved by the camera and object motions of an intentions file "
       "(camera presets, sentences or pose files; object drags, yaw, rotations; zoom). World = "
       "the reference camera.\n"
       "Driving mode (--tracks, --depth, --camera [--video] [--intentions] [--reference-image "
       "--reference-depth]): world trajectories of a driving video's labelled tracks, objects' "
       "rigid motions fitted to them; the camera path kept or replaced by an intentions file's "
       "camera part; optionally retargeted onto a reference image by point identity."},
      [&](CLI::App& app) {
        app.add_option("--image", image.image, "Image mode: reference image (PNG or JPEG)");
        app.add_option("--depth", depth,
                       "DepthSequence artifact: the reference image's depth (frame 0, its "
                       "intrinsics are the camera) or the driving video's (METRIC)");
        app.add_option("--masks", image.masks,
                       "Image mode: instance labels, 8- or 16-bit single-channel PNG (0 = none)");
        app.add_option("--intentions", intentions,
                       "Intentions JSON (libs/motion/intentions/README.md); in driving mode only "
                       "its camera part is used, replacing the driving camera path");
        app.add_option("--tracks", driving.tracks,
                       "Driving mode: TrackSet with STATIC/DYNAMIC labels (dolly-odometry "
                       "--labelled-tracks)");
        app.add_option("--camera", driving.camera, "Driving mode: CameraTrajectory");
        app.add_option("--video", driving.video,
                       "Driving mode: the driving frames (Video artifact, video file or frame "
                       "directory), for the points' colours and the preview");
        app.add_option("--reference-image", driving.reference_image,
                       "Driving mode: retarget the motion onto this image (needs "
                       "--reference-depth)");
        app.add_option("--reference-depth", driving.reference_depth,
                       "Driving mode: DepthSequence of the reference image (frame 0)");
        app.add_option("-o,--output", output, "MotionRepresentation to write ('-' = stdout)");
        app.add_option("--grid", image.grid, "Image mode: scene points per image side")
            ->capture_default_str();
        app.add_option("--object-stride", image.object_stride,
                       "Image mode: pixels between a moving object's points")
            ->capture_default_str();
        app.add_option("--convention", image.convention,
                       "Image mode: dolly, or pac to build the scene as Perception-as-Control's "
                       "inference does (its preset poses and interpolation, its query grid, "
                       "points lifted through its 500 px pinhole, its screen projection)")
            ->check(CLI::IsMember({"dolly", "pac"}))
            ->capture_default_str();
        app.add_option("--fx", image.fx,
                       "Image mode: focal length in pixels (fx = fy), overriding the depth's "
                       "intrinsics");
      },
      [&](const dolly::cli::CommonOptions&, dolly::cli::Summary* summary) {
        if (output.empty()) throw dolly::UsageError("-o/--output is required");
        const bool driving_mode = !driving.tracks.empty() || !driving.camera.empty();
        if (driving_mode) {
          if (image.convention != "dolly") {
            throw dolly::UsageError("--convention pac is an image-mode flag");
          }
          if (!image.image.empty() || !image.masks.empty()) {
            throw dolly::UsageError(
                "--image/--masks are image-mode flags; with --tracks/--camera use "
                "--reference-image and --reference-depth to retarget");
          }
          driving.depth = depth;
          driving.intentions = intentions;
          driving.output = output;
          const std::string missing = Missing(
              {{"--tracks", &driving.tracks}, {"--depth", &depth}, {"--camera", &driving.camera}});
          if (!missing.empty()) {
            throw dolly::UsageError("driving mode needs --tracks, --depth and --camera; missing:" +
                                    missing);
          }
          dolly::motion::RunTransferImpl(driving, summary);
          return;
        }
        if (!driving.video.empty() || !driving.reference_image.empty() ||
            !driving.reference_depth.empty()) {
          throw dolly::UsageError("--video/--reference-image/--reference-depth need --tracks and "
                                  "--camera (driving mode)");
        }
        image.depth = depth;
        image.intentions = intentions;
        image.output = output;
        const std::string missing = Missing(
            {{"--image", &image.image}, {"--depth", &depth}, {"--intentions", &intentions}});
        if (!missing.empty()) {
          throw dolly::UsageError(
              "image mode needs --image, --depth and --intentions (driving mode: --tracks, "
              "--depth, --camera); missing:" +
              missing);
        }
        dolly::motion::RunMotionImageImpl(image, summary);
      });
}
