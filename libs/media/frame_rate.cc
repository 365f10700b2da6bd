#include "libs/media/frame_rate.h"

#include <cmath>

extern "C" {
#include <libavutil/rational.h>
}

namespace dolly::media {

FrameRate FrameRateFromDouble(double fps) {
  if (!std::isfinite(fps) || fps <= 0.0 || fps > 1e6) return {0, 1};
  const double ntsc = fps * 1001.0 / 1000.0;
  if (std::abs(ntsc - std::round(ntsc)) < 1e-3 &&
      std::abs(fps - std::round(fps)) > 1e-3) {
    return {static_cast<int>(std::lround(ntsc)) * 1000, 1001};
  }
  const AVRational q = av_d2q(fps, 1000000);
  return {q.num, q.den};
}

}  // namespace dolly::media
