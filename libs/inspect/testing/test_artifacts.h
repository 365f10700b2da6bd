// Small artifacts of every kind with known contents, written by the tests
// themselves (no binary test data), plus scratch directories.
#ifndef DOLLY_LIBS_INSPECT_TESTING_TEST_ARTIFACTS_H_
#define DOLLY_LIBS_INSPECT_TESTING_TEST_ARTIFACTS_H_

#include <functional>
#include <string>
#include <vector>

#include "schemas/depth_types.h"

namespace dolly::inspect::testing {

// A fresh, empty $TEST_TMPDIR/<name> (under /tmp outside Bazel).
std::string MakeTestDir(const std::string& name);

// The header every test artifact carries: tool "dolly-test" (this build's version), seed 42,
// parameters {alpha: "1", quote: "say \"hi\"\n"}, one input
// {role "image", path "ref.png", sha256 "ab"*32}.
inline constexpr int64_t kSeed = 42;

// Depth, frames x 4 x 6 (kDepthRows x kDepthCols), intrinsics kIntrinsics*,
// fps 8; pixel (f, y, x) = `value(f, y, x)`, by default
// 0.5 + 0.25 * (f * 24 + y * 6 + x) (so min 0.5, max 0.5 + 0.25 * (24f - 1)).
inline constexpr int kDepthRows = 4;
inline constexpr int kDepthCols = 6;
inline constexpr double kFx = 500.25, kFy = 501.5, kCx = 2.5, kCy = 1.5;
float DefaultDepth(int f, int y, int x);
std::string WriteDepth(const std::string& path, int frames = 3,
                       const std::function<float(int, int, int)>& value = DefaultDepth,
                       schema::DepthKind::type kind = schema::DepthKind::METRIC);

// A larger depth sequence for trying speed by hand: frames x rows x cols,
// smooth values in 0.5 .. 10.5 with a zero (unknown) border.
std::string WriteLargeDepth(const std::string& path, int frames, int rows, int cols);

// Video: 8 x 6 RGB, `frames` frames, pixel (f, y, x) = (10x, 20y, 50f), fps 12.
std::string WriteVideo(const std::string& path, int frames = 2);

// TrackSet: 3 tracks, 4 frames, intrinsics 64 x 48; track i at frame f is at
// (10 + 5i + 2f, 10 + 3i + f), visible except track 1 in frame 2.
std::string WriteTracks(const std::string& path);

// CameraTrajectory: 5 frames; frame f rotated 10f degrees about y
// (quaternion w = cos(5f deg), y = sin(5f deg)), centre (0.1f, 0, 0.2f);
// intrinsics 64 x 48.
std::string WriteCamera(const std::string& path);

// MotionRepresentation: 4 points, 2 frames, intrinsics 32 x 24, identity pose.
std::string WriteMotion(const std::string& path);

// ControlSignals: 16 x 12, 2 frames with object_map (value 7f) and
// camera_map (value 100 + f); no trajectory_map.
std::string WriteControl(const std::string& path);

// Mesh: a tetrahedron (vertices (0,0,0) (1,0,0) (0,1,0) (0,0,1), 4 faces).
std::string WriteMesh(const std::string& path);

// AnimatedMesh: that tetrahedron, 3 frames, frame f shifted by 0.5f in x.
std::string WriteAnimatedMesh(const std::string& path);

// Metrics: psnr 31.5 dB, and "odd \"name\"\n" = 0.125 with description
// "tab\there".
std::string WriteMetrics(const std::string& path);

// SceneGroundTruth: objects 1 "box" BOX and 2 "ball" SPHERE, 8 x 6 masks,
// 2 frames: left half 1, right half 2, top row 0; one Box3D per object.
std::string WriteGroundTruth(const std::string& path);

// Names of the entries of `dir`, sorted (hidden ones included).
std::vector<std::string> ListDir(const std::string& dir);

// Writes `bytes` to `path`.
void WriteBytes(const std::string& path, const std::string& bytes);
std::string ReadBytes(const std::string& path);

}  // namespace dolly::inspect::testing

#endif  // DOLLY_LIBS_INSPECT_TESTING_TEST_ARTIFACTS_H_
