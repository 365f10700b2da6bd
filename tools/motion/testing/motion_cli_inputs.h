// What the dolly-motion command-line tests share: running the binary and
// writing the depth artifact its image mode reads.
#ifndef DOLLY_TOOLS_MOTION_TESTING_MOTION_CLI_INPUTS_H_
#define DOLLY_TOOLS_MOTION_TESTING_MOTION_CLI_INPUTS_H_

#include <string>

#include <opencv2/core.hpp>

#include "libs/geometry/pinhole_camera.h"
#include "schemas/depth_types.h"
#include "tools/testing/tool_process.h"

namespace dolly::testing {

// Runs the dolly-motion runfile with `args`.
ProcessResult RunDollyMotion(const std::string& args);

// Writes `path`: a one-frame DepthSequence of kind `kind` whose frame holds
// `values` (CV_32FC1) and whose intrinsics are `camera`'s (e.g.
// libs/motion/testing/centred_camera.h); `writer` names
// the test in the header.
void WriteOneFrameDepth(const std::string& path, const cv::Mat& values,
                        schema::DepthKind::type kind, const geometry::PinholeCamera& camera,
                        const std::string& writer);

}  // namespace dolly::testing

#endif  // DOLLY_TOOLS_MOTION_TESTING_MOTION_CLI_INPUTS_H_
