#include "libs/motion/camera/easing.h"

#include <algorithm>

#include "libs/core/error.h"

namespace dolly::motion {

double Ease(Easing easing, double t) {
  t = std::clamp(t, 0.0, 1.0);
  switch (easing) {
    case Easing::kLinear:
      return t;
    case Easing::kEaseIn:
      return t * t;
    case Easing::kEaseOut:
      return 1.0 - (1.0 - t) * (1.0 - t);
    case Easing::kEaseInOut:
      return t * t * (3.0 - 2.0 * t);
  }
  return t;
}

std::string EasingName(Easing easing) {
  switch (easing) {
    case Easing::kLinear:
      return "linear";
    case Easing::kEaseIn:
      return "ease_in";
    case Easing::kEaseOut:
      return "ease_out";
    case Easing::kEaseInOut:
      return "ease_in_out";
  }
  return "linear";
}

Easing ParseEasing(const std::string& name) {
  for (Easing e : {Easing::kLinear, Easing::kEaseIn, Easing::kEaseOut, Easing::kEaseInOut}) {
    if (EasingName(e) == name) return e;
  }
  throw InvalidInputError("easing '" + name +
                          "' is unknown; accepted: linear, ease_in, ease_out, ease_in_out");
}

}  // namespace dolly::motion
