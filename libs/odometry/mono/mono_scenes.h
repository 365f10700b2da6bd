// dolly-synth recipes of the monocular tests: one textured set (noise-
// textured ground and backdrop, boxes and a ball) seen by different camera
// moves, with the degradations of real footage. `camera` is the JSON of the
// recipe's camera object; `degrade` the top-level degradation keys.
#ifndef DOLLY_LIBS_ODOMETRY_MONO_MONO_SCENES_H_
#define DOLLY_LIBS_ODOMETRY_MONO_MONO_SCENES_H_

#include <string>

namespace dolly::odometry::mono::testing {

// Sensor noise, motion blur over half the frame interval, low-bitrate H.264.
inline const char kRealFootage[] =
    R"("noise": {"sigma": 2.0, "shot": 0.5}, "motion_blur": {"shutter": 0.5, "samples": 4},
  "h264": {"crf": 30})";

inline std::string SetRecipe(const std::string& name, const std::string& camera,
                             const std::string& degrade) {
  return R"({"name": ")" + name + R"(", "camera": )" + camera + R"(,
  "ground": {"texture": "noise", "tile": 2.0},
  "backdrop": true,
  "objects": [
    {"shape": "box", "size": [0.8, 0.8, 0.8], "position": [-0.9, 0.2, 0.4], "yaw_deg": 20,
     "color": [210, 70, 60]},
    {"shape": "box", "size": [0.6, 1.0, 0.5], "position": [0.9, 0.5, 0.25], "yaw_deg": -15,
     "color": [60, 100, 210], "texture": "noise"},
    {"shape": "sphere", "radius": 0.35, "position": [0.2, -0.8, 0.35], "color": [230, 200, 60],
     "texture": "noise"}
  ])" + (degrade.empty() ? std::string() : ",\n  " + degrade) + "\n}";
}

}  // namespace dolly::odometry::mono::testing

#endif  // DOLLY_LIBS_ODOMETRY_MONO_MONO_SCENES_H_
