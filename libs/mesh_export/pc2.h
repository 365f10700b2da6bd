// PC2 point caches (Blender's "Mesh Cache" modifier, 3ds Max Point Cache 2):
//
//   offset  0  char[12]  "POINTCACHE2\0"
//          12  int32     version (1)
//          16  int32     numPoints
//          20  float32   startFrame
//          24  float32   sampleRate
//          28  int32     numSamples
//          32  float32   [numSamples][numPoints][3] positions
//
// all little-endian. Only positions are stored: faces and colours travel in
// the rest mesh (OBJ, glTF) that the cache animates, with the same vertex order.
#ifndef DOLLY_LIBS_MESH_EXPORT_PC2_H_
#define DOLLY_LIBS_MESH_EXPORT_PC2_H_

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "libs/mesh_export/animated_mesh.h"

namespace dolly::mesh_export {

inline constexpr int64_t kPc2HeaderBytes = 32;

// Writes mesh.frames (one sample per frame) to `path` atomically (temporary
// file beside it + rename), or to stdout for "-". Throws InvalidInputError for
// an invalid mesh (ValidateAnimatedMesh), UsageError for a non-finite
// start_frame or a sample_rate that is not finite and > 0, IoError naming
// `path` when it cannot be written; on error nothing is left at `path`.
void WritePc2(const std::string& path, const AnimatedMesh& mesh, float start_frame = 0,
              float sample_rate = 1);

struct Pc2 {
  int32_t version = 1;
  float start_frame = 0;
  float sample_rate = 1;
  int32_t num_points = 0;
  std::vector<std::vector<Eigen::Vector3f>> samples;  // numSamples x numPoints
};

// Reads a PC2 file ("-": stdin). Checks the magic, version 1, non-negative
// counts, finite header floats and that the file length equals what the header
// claims before allocating; positions must be finite. Throws
// InvalidInputError("<path>: ...") otherwise, IoError when it cannot be read.
Pc2 ReadPc2(const std::string& path);

}  // namespace dolly::mesh_export

#endif  // DOLLY_LIBS_MESH_EXPORT_PC2_H_
