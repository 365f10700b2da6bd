// Frame rates as exact fractions: containers store time in rational units and
// NTSC rates (30000/1001) are not representable as a finite double.
#ifndef DOLLY_LIBS_MEDIA_FRAME_RATE_H_
#define DOLLY_LIBS_MEDIA_FRAME_RATE_H_

namespace dolly::media {

struct FrameRate {
  int num = 0;  // Frames...
  int den = 1;  // ...per this many seconds.

  double value() const { return den == 0 ? 0.0 : double(num) / den; }
  bool valid() const { return num > 0 && den > 0; }
};

// Nearest fraction to `fps`, recognising the NTSC family (23.976, 29.97,
// 59.94 -> N*1000/1001). Returns {0, 1} for a non-positive or non-finite fps.
FrameRate FrameRateFromDouble(double fps);

}  // namespace dolly::media

#endif  // DOLLY_LIBS_MEDIA_FRAME_RATE_H_
