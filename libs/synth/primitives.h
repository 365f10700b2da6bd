// Triangle meshes of the procedural shapes, in the shape's own frame. Every
// closed shape winds its triangles counter-clockwise seen from outside
// (schemas/mesh.thrift), which back-face culling relies on.
#ifndef DOLLY_LIBS_SYNTH_PRIMITIVES_H_
#define DOLLY_LIBS_SYNTH_PRIMITIVES_H_

#include <vector>

#include <Eigen/Core>

namespace dolly::synth {

struct LocalMesh {
  std::vector<Eigen::Vector3d> vertices;
  std::vector<Eigen::Vector3i> triangles;
  std::vector<Eigen::Vector2f> uvs;  // one per vertex
};

// Axis-aligned box centred at the origin; each face maps the whole texture.
LocalMesh MakeBox(const Eigen::Vector3d& size);

// Latitude-longitude sphere centred at the origin; u follows the azimuth, v
// runs from the north (+z) pole (0) to the south pole (1).
LocalMesh MakeSphere(double radius, int rings, int segments);

// Closed cylinder along +z from z = 0 to z = height, with `stacks` rings of
// side vertices so that it can bend smoothly; u around, v along the side.
LocalMesh MakeCylinder(double radius, double height, int segments, int stacks);

// The square [-size/2, size/2]^2 of z = 0 facing +z; uv = (x, -y) / tile so
// the texture repeats every `tile` units.
LocalMesh MakeGround(double size, double tile);

// The wall y = distance, x in [-width/2, width/2], z in [0, height], facing -y
// (towards a camera at the origin); uv = (x, -z) / tile.
LocalMesh MakeBackdrop(double distance, double width, double height, double tile);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_PRIMITIVES_H_
