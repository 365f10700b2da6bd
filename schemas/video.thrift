include "common.thrift"
namespace cpp dolly.schema

struct VideoInfo {
  1: optional i32 width
  2: optional i32 height
  3: optional double fps
  4: optional i64 frame_count
}

struct VideoFrame {
  1: optional i64 index
  2: optional double timestamp
  // UINT8 [H, W, 3] RGB.
  3: optional common.Tensor image
}
