// The JSON spelling of each recipe enum, indexed by the enum's value.
#ifndef DOLLY_LIBS_SYNTH_RECIPE_NAMES_H_
#define DOLLY_LIBS_SYNTH_RECIPE_NAMES_H_

#include <string>
#include <vector>

namespace dolly::synth {

inline const std::vector<std::string>& TextureNames() {
  static const std::vector<std::string> names = {"checker", "noise", "none"};
  return names;
}
inline const std::vector<std::string>& CameraMotionNames() {
  static const std::vector<std::string> names = {"static", "pan",   "tilt",
                                                 "orbit",  "dolly", "handheld",
                                                 "truck"};
  return names;
}
inline const std::vector<std::string>& ShapeNames() {
  static const std::vector<std::string> names = {"box", "sphere", "bending_cylinder"};
  return names;
}
inline const std::vector<std::string>& ObjectMotionNames() {
  static const std::vector<std::string> names = {"static", "translate", "rotate", "half_circle",
                                                 "s_curve"};
  return names;
}

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_RECIPE_NAMES_H_
