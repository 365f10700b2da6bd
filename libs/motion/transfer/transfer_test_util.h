// Shared by the motion-transfer tests: a dolly-synth scene with a moving
// camera, two moving rigid objects and a static one, rendered in-process into
// $TEST_TMPDIR, and the tool options that read its ground truth.
#ifndef DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_TEST_UTIL_H_
#define DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_TEST_UTIL_H_

#include <fstream>
#include <string>

#include "libs/motion/transfer/run_transfer.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::motion::testing {

// The camera orbits 20 degrees; "car" drives a half circle with its yaw
// following the path (rotation + translation), "ball" translates, "crate"
// stands still. GT tracks carry STATIC/DYNAMIC labels and instance ids.
inline std::string MovingRecipe() {
  const std::string path = synth::testing::TestTmpDir() + "/moving_scene.json";
  std::ofstream(path) << R"({
  "name": "transfer_moving",
  "camera": {"position": [0, -5, 2.2], "target": [0, 0, 0.3], "fov_y_deg": 50,
             "motion": {"type": "orbit", "degrees": 20}},
  "ground": {"texture": "noise", "tile": 2.0},
  "backdrop": true,
  "object_track_fraction": 0.6,
  "objects": [
    {"name": "car", "shape": "box", "size": [0.9, 0.45, 0.4], "position": [-1.1, 0, 0.2],
     "color": [200, 60, 50],
     "motion": {"type": "half_circle", "radius": 1.1, "start_deg": 180, "sweep_deg": 120}},
    {"name": "ball", "shape": "sphere", "radius": 0.35, "position": [0.9, 1.0, 0.35],
     "color": [80, 120, 220], "texture": "noise",
     "motion": {"type": "translate", "offset": [-0.8, 0.3, 0.0]}},
    {"name": "crate", "shape": "box", "size": [0.5, 0.5, 0.5], "position": [1.6, -0.6, 0.25],
     "color": [90, 200, 90]}
  ]
})";
  return path;
}

inline synth::SynthResult RenderMoving(const std::string& name, int frames, int width, int height,
                                       int tracks) {
  synth::SynthOptions o;
  o.scene = MovingRecipe();
  o.frames = frames;
  o.width = width;
  o.height = height;
  o.tracks = tracks;
  o.write_mp4 = false;
  o.write_png = false;
  return synth::testing::RunSynth(o, name);
}

// GT inputs of a rendered directory (the GT TrackSet already has labels).
inline TransferToolOptions OptionsFor(const std::string& dir) {
  TransferToolOptions o;
  o.tracks = dir + "/tracks.dolly";
  o.depth = dir + "/depth.dolly";
  o.camera = dir + "/camera.dolly";
  o.video = dir + "/video.dolly";
  o.output = dir + "/motion.dolly";
  return o;
}

}  // namespace dolly::motion::testing

#endif  // DOLLY_LIBS_MOTION_TRANSFER_TRANSFER_TEST_UTIL_H_
