#include "libs/synth/primitives.h"

#include <cmath>

namespace dolly::synth {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Adds the quad a, b, c, d (counter-clockwise seen from the side it faces)
// with the texture's corners.
void AddQuad(LocalMesh* mesh, const Eigen::Vector3d& a, const Eigen::Vector3d& b,
             const Eigen::Vector3d& c, const Eigen::Vector3d& d, const Eigen::Vector2f& uv_a,
             const Eigen::Vector2f& uv_b, const Eigen::Vector2f& uv_c,
             const Eigen::Vector2f& uv_d) {
  const int base = static_cast<int>(mesh->vertices.size());
  mesh->vertices.insert(mesh->vertices.end(), {a, b, c, d});
  mesh->uvs.insert(mesh->uvs.end(), {uv_a, uv_b, uv_c, uv_d});
  mesh->triangles.push_back({base, base + 1, base + 2});
  mesh->triangles.push_back({base, base + 2, base + 3});
}

}  // namespace

LocalMesh MakeBox(const Eigen::Vector3d& size) {
  LocalMesh mesh;
  const Eigen::Vector3d h = 0.5 * size;
  // For each face: outward normal axis and sign; corners listed
  // counter-clockwise seen from outside, starting bottom-left of the texture.
  for (int axis = 0; axis < 3; ++axis) {
    for (int sign = -1; sign <= 1; sign += 2) {
      const int u_axis = (axis + 1) % 3;
      const int v_axis = (axis + 2) % 3;
      auto corner = [&](double su, double sv) {
        Eigen::Vector3d p;
        p[axis] = sign * h[axis];
        p[u_axis] = su * h[u_axis];
        p[v_axis] = sv * h[v_axis];
        return p;
      };
      // (u_axis, v_axis, axis) is right-handed, so (+u, +v) order is
      // counter-clockwise seen from +axis; flip for the -axis face.
      if (sign > 0) {
        AddQuad(&mesh, corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1), {0, 1}, {1, 1},
                {1, 0}, {0, 0});
      } else {
        AddQuad(&mesh, corner(-1, -1), corner(-1, 1), corner(1, 1), corner(1, -1), {0, 1}, {0, 0},
                {1, 0}, {1, 1});
      }
    }
  }
  return mesh;
}

LocalMesh MakeSphere(double radius, int rings, int segments) {
  LocalMesh mesh;
  // (rings + 1) x (segments + 1) grid: the seam column is duplicated so uv
  // stays continuous, and each pole is a row of coincident vertices.
  for (int r = 0; r <= rings; ++r) {
    const double polar = kPi * r / rings;
    for (int s = 0; s <= segments; ++s) {
      const double azimuth = 2.0 * kPi * s / segments;
      mesh.vertices.push_back(radius * Eigen::Vector3d(std::sin(polar) * std::cos(azimuth),
                                                       std::sin(polar) * std::sin(azimuth),
                                                       std::cos(polar)));
      mesh.uvs.push_back({static_cast<float>(s) / segments, static_cast<float>(r) / rings});
    }
  }
  const int row = segments + 1;
  for (int r = 0; r < rings; ++r) {
    for (int s = 0; s < segments; ++s) {
      const int a = r * row + s, b = a + 1, c = a + row, d = c + 1;
      // Seen from outside, azimuth grows to the right and the polar angle
      // downwards: a (top-left), c (bottom-left), d, b is counter-clockwise.
      if (r > 0) mesh.triangles.push_back({a, c, b});
      if (r < rings - 1) mesh.triangles.push_back({b, c, d});
    }
  }
  return mesh;
}

LocalMesh MakeCylinder(double radius, double height, int segments, int stacks) {
  LocalMesh mesh;
  const int row = segments + 1;
  for (int k = 0; k <= stacks; ++k) {
    const double z = height * k / stacks;
    for (int s = 0; s <= segments; ++s) {
      const double azimuth = 2.0 * kPi * s / segments;
      mesh.vertices.push_back({radius * std::cos(azimuth), radius * std::sin(azimuth), z});
      mesh.uvs.push_back({static_cast<float>(s) / segments, 1.0f - static_cast<float>(k) / stacks});
    }
  }
  for (int k = 0; k < stacks; ++k) {
    for (int s = 0; s < segments; ++s) {
      const int a = k * row + s, b = a + 1, c = a + row, d = c + 1;
      // Seen from outside: azimuth grows to the right, z upwards.
      mesh.triangles.push_back({a, b, d});
      mesh.triangles.push_back({a, d, c});
    }
  }
  // Caps: a centre vertex and their own ring copies (for their own uvs).
  for (int cap = 0; cap < 2; ++cap) {
    const double z = cap == 0 ? 0.0 : height;
    const int centre = static_cast<int>(mesh.vertices.size());
    mesh.vertices.push_back({0.0, 0.0, z});
    mesh.uvs.push_back({0.5f, 0.5f});
    for (int s = 0; s < segments; ++s) {
      const double azimuth = 2.0 * kPi * s / segments;
      const double x = std::cos(azimuth), y = std::sin(azimuth);
      mesh.vertices.push_back({radius * x, radius * y, z});
      mesh.uvs.push_back({static_cast<float>(0.5 + 0.5 * x), static_cast<float>(0.5 - 0.5 * y)});
    }
    for (int s = 0; s < segments; ++s) {
      const int p = centre + 1 + s, q = centre + 1 + (s + 1) % segments;
      // The top faces +z (counter-clockwise from above), the bottom -z.
      if (cap == 1) {
        mesh.triangles.push_back({centre, p, q});
      } else {
        mesh.triangles.push_back({centre, q, p});
      }
    }
  }
  return mesh;
}

LocalMesh MakeGround(double size, double tile) {
  LocalMesh mesh;
  const double h = 0.5 * size;
  auto uv = [&](double x, double y) {
    return Eigen::Vector2f(static_cast<float>(x / tile), static_cast<float>(-y / tile));
  };
  AddQuad(&mesh, {-h, -h, 0}, {h, -h, 0}, {h, h, 0}, {-h, h, 0}, uv(-h, -h), uv(h, -h), uv(h, h),
          uv(-h, h));
  return mesh;
}

LocalMesh MakeBackdrop(double distance, double width, double height, double tile) {
  LocalMesh mesh;
  const double h = 0.5 * width;
  auto uv = [&](double x, double z) {
    return Eigen::Vector2f(static_cast<float>(x / tile), static_cast<float>(-z / tile));
  };
  // Seen from -y (the front), +x is to the right and +z up.
  AddQuad(&mesh, {-h, distance, 0}, {h, distance, 0}, {h, distance, height},
          {-h, distance, height}, uv(-h, 0), uv(h, 0), uv(h, height), uv(-h, height));
  return mesh;
}

}  // namespace dolly::synth
