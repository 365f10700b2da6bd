#include "libs/odometry/depth_input.h"

#include "libs/artifact/artifact_io.h"
#include "libs/core/error.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/cv_bridge.h"
#include "schemas/depth_types.h"

namespace dolly::odometry {

DepthInput ReadDepth(const std::string& path) {
  const auto depth = artifact::ReadArtifact<schema::DepthSequenceInfo>(path);
  if (!depth.info.__isset.kind || depth.info.kind != schema::DepthKind::METRIC) {
    throw InvalidInputError(path + ": dolly-odometry needs METRIC depth (got " +
                            (depth.info.__isset.kind ? std::to_string(depth.info.kind)
                                                     : std::string("no kind")) +
                            "); convert relative depth to metric first");
  }
  if (!depth.info.__isset.intrinsics) {
    throw InvalidInputError(path + ": no intrinsics in the DepthSequence info");
  }
  DepthInput out;
  out.camera = geometry::FromIntrinsics(depth.info.intrinsics, path + ": intrinsics");
  if (depth.info.__isset.scale_kind) out.scale_kind = depth.info.scale_kind;
  for (size_t i = 0; i < depth.frames.size(); ++i) {
    const std::string where = path + ": frame " + std::to_string(i);
    if (!depth.frames[i].__isset.depth) throw InvalidInputError(where + ": no depth");
    cv::Mat m = MatFromTensor(depth.frames[i].depth);
    if (m.type() != CV_32FC1) throw InvalidInputError(where + ": depth is not FLOAT32 [H, W]");
    if (m.cols != out.camera.width || m.rows != out.camera.height) {
      throw InvalidInputError(where + ": depth is " + std::to_string(m.cols) + "x" +
                              std::to_string(m.rows) + " but the intrinsics say " +
                              std::to_string(out.camera.width) + "x" +
                              std::to_string(out.camera.height));
    }
    out.maps.push_back(m.clone());
  }
  return out;
}

}  // namespace dolly::odometry
