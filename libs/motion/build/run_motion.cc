#include "libs/motion/build/run_motion.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/media/image_io.h"
#include "libs/motion/build/from_intentions.h"
#include "libs/motion/intentions/intentions.h"
#include "libs/motion/representation/motion_artifact.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/depth_types.h"

namespace dolly::motion {
namespace {

std::string SizeText(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

std::string Shortest(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

struct DepthInput {
  cv::Mat depth;                    // CV_32F z-depth, 0 unknown
  geometry::PinholeCamera camera;   // from the artifact (width/height always set)
  bool has_intrinsics = false;
  std::string kind;                 // METRIC, RELATIVE_DEPTH, RELATIVE_INVERSE_DEPTH
  std::string conversion;           // how values became z-depth
};

// Frame 0 of a DepthSequence, converted to z-depth.
DepthInput ReadDepth(const std::string& path) {
  artifact::ArtifactReader<schema::DepthSequenceInfo> reader(path);
  const schema::DepthSequenceInfo& info = reader.info();
  schema::DepthFrame frame;
  if (!reader.NextFrame(&frame)) throw InvalidInputError(path + ": has no depth frames");
  if (!frame.__isset.depth) throw InvalidInputError(path + ": frame 0: no depth");
  cv::Mat raw = MatFromTensor(frame.depth);
  if (raw.type() != CV_32FC1) {
    throw InvalidInputError(path + ": frame 0: depth is not FLOAT32 [H, W]");
  }
  DepthInput out;
  if (frame.__isset.intrinsics) {
    out.camera = geometry::FromIntrinsics(frame.intrinsics, path + ": frame 0: intrinsics");
    out.has_intrinsics = true;
  } else if (info.__isset.intrinsics) {
    out.camera = geometry::FromIntrinsics(info.intrinsics, path + ": intrinsics");
    out.has_intrinsics = true;
  }
  if (out.has_intrinsics && (out.camera.width != raw.cols || out.camera.height != raw.rows)) {
    throw InvalidInputError(path + ": frame 0: depth is " + SizeText(raw.cols, raw.rows) +
                            " but the intrinsics say " +
                            SizeText(out.camera.width, out.camera.height));
  }
  out.camera.width = raw.cols;
  out.camera.height = raw.rows;

  const schema::DepthKind::type kind =
      info.__isset.kind ? info.kind : schema::DepthKind::METRIC;
  const double scale = info.__isset.scale ? info.scale : 1.0;
  const double shift = info.__isset.shift ? info.shift : 0.0;
  if (!std::isfinite(scale) || !std::isfinite(shift)) {
    throw InvalidInputError(path + ": depth scale/shift are not finite");
  }
  out.depth = cv::Mat(raw.size(), CV_32F, cv::Scalar(0));
  auto convert = [&](auto f) {
    for (int y = 0; y < raw.rows; ++y) {
      const float* in = raw.ptr<float>(y);
      float* o = out.depth.ptr<float>(y);
      for (int x = 0; x < raw.cols; ++x) {
        const double z = std::isfinite(in[x]) ? f(static_cast<double>(in[x])) : 0.0;
        o[x] = std::isfinite(z) && z > 0.0 ? static_cast<float>(z) : 0.0f;
      }
    }
  };
  switch (kind) {
    case schema::DepthKind::METRIC:
      out.kind = "METRIC";
      out.conversion = "z = v";
      convert([](double v) { return v; });
      break;
    case schema::DepthKind::RELATIVE_DEPTH:
      out.kind = "RELATIVE_DEPTH";
      out.conversion = "z = " + Shortest(scale) + " * v + " + Shortest(shift);
      convert([&](double v) { return v > 0.0 ? scale * v + shift : 0.0; });
      break;
    case schema::DepthKind::RELATIVE_INVERSE_DEPTH:
      out.kind = "RELATIVE_INVERSE_DEPTH";
      out.conversion = "z = 1 / (" + Shortest(scale) + " * v + " + Shortest(shift) +
                       ") where v > 0 and that is positive";
      convert([&](double v) {
        if (!(v > 0.0)) return 0.0;
        const double inverse = scale * v + shift;
        return inverse > 0.0 ? 1.0 / inverse : 0.0;
      });
      break;
    default:
      throw InvalidInputError(path + ": unknown depth kind " + std::to_string(kind));
  }
  return out;
}

// 8- or 16-bit single-channel PNG of instance ids.
cv::Mat ReadLabels(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open label image");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError(path + ": read failed");
  cv::Mat labels;
  try {
    labels = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception&) {
    labels = cv::Mat();
  }
  if (labels.empty()) throw InvalidInputError(path + ": not a decodable label image");
  if (labels.channels() != 1 || (labels.depth() != CV_8U && labels.depth() != CV_16U)) {
    const std::string bits = labels.depth() == CV_8U    ? "8-bit"
                             : labels.depth() == CV_16U ? "16-bit"
                                                        : "not 8/16-bit";
    throw InvalidInputError(path + ": label image must be 8- or 16-bit single-channel (got " +
                            std::to_string(labels.channels()) + " channel(s), " + bits + ")");
  }
  return labels;
}

}  // namespace

MotionScene RunMotionImageImpl(const MotionImageOptions& options, cli::Summary* summary) {
  std::string missing;
  if (options.image.empty()) missing += " --image";
  if (options.depth.empty()) missing += " --depth";
  if (options.intentions.empty()) missing += " --intentions";
  if (options.output.empty()) missing += " -o/--output";
  if (!missing.empty()) throw UsageError("image mode needs" + missing);
  if (options.grid < 1) throw UsageError("--grid must be >= 1");
  if (options.object_stride < 1) throw UsageError("--object-stride must be >= 1");
  if (!(options.fx >= 0.0) || !std::isfinite(options.fx)) {
    throw UsageError("--fx must be positive (or 0 for the depth's intrinsics)");
  }
  if (options.convention != "dolly" && options.convention != "pac") {
    throw UsageError("--convention '" + options.convention + "' is not one of: dolly, pac");
  }
  const bool pac = options.convention == "pac";
  if (pac && options.fx > 0.0) {
    throw UsageError("--fx has no effect with --convention pac (PAC lifts through its own "
                     "500 px pinhole)");
  }
  cli::Stopwatch total;

  // ---- read and check every input before writing anything
  cli::Stopwatch read_watch;
  const cv::Mat rgb = media::ReadImageRgb(options.image);
  const DepthInput depth = ReadDepth(options.depth);
  if (rgb.cols != depth.depth.cols || rgb.rows != depth.depth.rows) {
    throw InvalidInputError(options.depth + ": depth is " +
                            SizeText(depth.depth.cols, depth.depth.rows) + " but " +
                            options.image + " is " + SizeText(rgb.cols, rgb.rows));
  }
  geometry::PinholeCamera camera = depth.camera;
  if (options.fx > 0.0) {
    if (!depth.has_intrinsics) {
      camera.cx = (rgb.cols - 1) / 2.0;
      camera.cy = (rgb.rows - 1) / 2.0;
    }
    camera.fx = camera.fy = options.fx;
  } else if (!depth.has_intrinsics && !pac) {
    throw InvalidInputError(options.depth +
                            ": has no intrinsics; give the focal length with --fx");
  }
  cv::Mat labels;
  if (!options.masks.empty()) {
    labels = ReadLabels(options.masks);
    if (labels.cols != rgb.cols || labels.rows != rgb.rows) {
      throw InvalidInputError(options.masks + ": label image is " +
                              SizeText(labels.cols, labels.rows) + " but " + options.image +
                              " is " + SizeText(rgb.cols, rgb.rows));
    }
  }
  const Intentions intentions =
      ReadIntentions(options.intentions, rgb.cols, rgb.rows, options.convention);
  const double read_seconds = read_watch.Seconds();

  // ---- build
  cli::Stopwatch build_watch;
  BuildOptions build;
  build.grid = options.grid;
  build.object_stride = options.object_stride;
  build.convention = options.convention;
  build.intentions_name = options.intentions;
  build.labels_name = options.masks.empty() ? "label image" : options.masks;
  const MotionScene scene =
      BuildFromIntentions(rgb, depth.depth, labels, camera, intentions, build);
  const double build_seconds = build_watch.Seconds();

  // ---- write
  cli::Stopwatch write_watch;
  const std::map<std::string, std::string> parameters = {
      {"source", scene.source},
      {"grid", std::to_string(options.grid)},
      {"object_stride", std::to_string(options.object_stride)},
      {"depth_kind", depth.kind},
      {"depth_conversion", depth.conversion},
      {"focal", pac                ? "PAC pinhole 500 px"
                : options.fx > 0.0 ? "--fx " + Shortest(options.fx)
                                   : "depth intrinsics"},
      {"convention", options.convention},
  };
  schema::ArtifactHeader header = artifact::MakeHeader("dolly-motion", parameters);
  artifact::AddInput(&header, "image", options.image);
  artifact::AddInput(&header, "depth", options.depth);
  if (!options.masks.empty()) artifact::AddInput(&header, "masks", options.masks);
  artifact::AddInput(&header, "intentions", options.intentions);
  artifact::WriteArtifact(options.output, ToMotionArtifact(scene, header));
  const double write_seconds = write_watch.Seconds();

  if (summary) {
    summary->Set("mode", "image");
    summary->Set("points", scene.point_count());
    summary->Set("frames", scene.frame_count());
    summary->Set("objects", static_cast<int64_t>(scene.objects.size()));
    summary->Set("drags", static_cast<int64_t>(scene.drags.size()));
    summary->Set("fps", scene.fps);
    summary->Set("depth_kind", depth.kind);
    summary->Set("convention", scene.convention);
    summary->AddTiming("read", read_seconds);
    summary->AddTiming("build", build_seconds);
    summary->AddTiming("write", write_seconds);
    summary->AddTiming("total", total.Seconds());
    summary->AddOutput("motion", options.output);
  }
  return scene;
}

}  // namespace dolly::motion
