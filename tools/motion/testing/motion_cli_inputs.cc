#include "tools/motion/testing/motion_cli_inputs.h"

#include "libs/artifact/artifact_io.h"
#include "libs/artifact/header.h"
#include "libs/geometry/schema_convert.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::testing {

ProcessResult RunDollyMotion(const std::string& args) {
  return RunTool("tools/motion/dolly-motion", args);
}

void WriteOneFrameDepth(const std::string& path, const cv::Mat& values,
                        schema::DepthKind::type kind, const geometry::PinholeCamera& camera,
                        const std::string& writer) {
  schema::DepthSequenceInfo info;
  info.__set_kind(kind);
  info.__set_intrinsics(geometry::ToIntrinsics(camera));
  info.__set_frame_count(1);
  artifact::ArtifactWriter<schema::DepthSequenceInfo> out(path, artifact::MakeHeader(writer),
                                                          info);
  schema::DepthFrame frame;
  frame.__set_index(0);
  frame.__set_depth(TensorFromMat(values));
  out.WriteFrame(frame);
  out.Finish();
}

}  // namespace dolly::testing
