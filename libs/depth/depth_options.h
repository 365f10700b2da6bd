// Everything dolly-depth can be asked to do, as one struct, so that the tool's
// main only parses flags and tests call RunDepthImpl directly.
#ifndef DOLLY_LIBS_DEPTH_DEPTH_OPTIONS_H_
#define DOLLY_LIBS_DEPTH_DEPTH_OPTIONS_H_

#include <optional>
#include <string>

namespace dolly::depth {

struct DepthOptions {
  // import | model | stereo | mvs | planar (BackendNames()).
  std::string backend = "import";
  // import: a depth file (16-bit PNG, NPY, PFM) or a directory of them.
  // model, planar, mvs: an image, a video file, a frame directory or a Video
  // artifact. stereo: the left image / frames.
  std::string input;
  // stereo: the right image / frames.
  std::string right;
  // The DepthSequence to write ('-' = stdout).
  std::string output;
  // Frames per second recorded in the output (0 = unknown / from the input).
  double fps = 0.0;

  // Pinhole intrinsics; cx, cy default to the image centre, fy to fx.
  std::optional<double> fx;
  std::optional<double> fy;
  std::optional<double> cx;
  std::optional<double> cy;

  // import: value -> scale * value + shift, then 1 / that with `invert`.
  double scale = 1.0;
  double shift = 0.0;
  bool invert = false;
  // metric | relative | relative-inverse; empty = the backend's default
  // (import: metric; model: the model description, else relative-inverse).
  std::string kind;

  // import, model: a sparse metric DepthSequence (0 = no measurement) with
  // one frame per input frame; each frame's relative (or, for
  // relative-inverse, inverse) values get a robust scale/shift fit to it and
  // the output is metric, in the reference's unit (its scale_kind is kept:
  // e.g. the first baseline of monocular odometry).
  std::string align_to;

  // model: TorchScript file; its description JSON is the same path with the
  // extension replaced by .json (optional).
  std::string model;
  // Long side of the network input, rounded down to a multiple of 14;
  // unset = the description's fixed size or input_size, else 518.
  std::optional<int> input_size;
  int batch = 4;
  // cpu | cuda (the tool passes --device).
  std::string device = "cpu";

  // stereo: baseline in metres between the two cameras (right camera at +x).
  double baseline = 0.0;
  // stereo: disparity search range (rounded up to a multiple of 16).
  int num_disparities = 64;
  // stereo: SGBM matching block size (odd).
  int block_size = 5;
  // stereo: largest left-right disparity disagreement that is still valid.
  double lr_max_diff = 1.0;

  // mvs: CameraTrajectory of the video (world_from_camera per frame; its
  // intrinsics unless --fx is given).
  std::string poses;
  // mvs: depth range of the plane sweep in the unit of the poses (unset:
  // 0.5 and 50, MvsParams' defaults), for every segment.
  std::optional<double> min_depth;
  std::optional<double> max_depth;
  // mvs: instead, each segment's range from these sparse points (a METRIC
  // DepthSequence in the poses' unit, e.g. dolly-odometry --points): robust
  // percentiles with a margin (depth_range.h).
  std::string range_from;
  // mvs: number of planes, uniform in inverse depth.
  int planes = 128;
  // mvs: frames on each side matched against each frame.
  int neighbours = 2;
  // mvs: ZNCC window side (odd).
  int patch = 7;

  // planar: image row of the horizon (may lie outside the image).
  std::optional<double> horizon_row;
  // planar: camera height above the ground plane, metres.
  double camera_height = 1.6;
  // planar: depth given to pixels at or above the horizon.
  double far_depth = 100.0;
};

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_DEPTH_OPTIONS_H_
