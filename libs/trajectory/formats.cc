#include "libs/trajectory/formats.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"

namespace dolly::trajectory {
namespace {

using Matrix34 = Eigen::Matrix<double, 3, 4>;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(path + ": read failed");
  return ss.str();
}

void WriteText(const std::string& path, const std::string& text) {
  fileio::WriteFileAtomically(path, std::vector<unsigned char>(text.begin(), text.end()));
}

std::string Where(const std::string& path, int line) {
  return path + ":" + std::to_string(line);
}

// Calls `on_line(numbers, line_number)` for every non-empty, non-comment line.
template <typename F>
void ForEachLine(const std::string& text, const std::string& path, size_t expected, F on_line) {
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<double> values;
    std::istringstream fields(line);
    std::string field;
    while (fields >> field) {
      char* end = nullptr;
      const double v = std::strtod(field.c_str(), &end);
      if (end == field.c_str() || *end != '\0') {
        throw InvalidInputError(Where(path, number) + ": '" + field + "' is not a number");
      }
      if (!std::isfinite(v)) {
        throw InvalidInputError(Where(path, number) + ": '" + field + "' is not finite");
      }
      values.push_back(v);
    }
    if (values.size() != expected) {
      throw InvalidInputError(Where(path, number) + ": expected " + std::to_string(expected) +
                              " numbers, got " + std::to_string(values.size()));
    }
    on_line(values, number);
  }
}

Eigen::Matrix3d CheckedRotation(const Eigen::Matrix3d& r, const std::string& where) {
  // Text files carry ~6-9 significant digits; 1e-4 accepts that and rejects
  // anything that is not a rotation.
  if ((r.transpose() * r - Eigen::Matrix3d::Identity()).norm() > 1e-4 || r.determinant() < 0) {
    throw InvalidInputError(where + ": the 3x3 part is not a rotation matrix");
  }
  // Re-orthonormalise so that the poses we hand on are exact rotations.
  return Eigen::Quaterniond(r).normalized().toRotationMatrix();
}

Matrix34 RowMajor34(const std::vector<double>& v) {
  Matrix34 m;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) m(r, c) = v[4 * r + c];
  return m;
}

void AppendRow34(std::ostringstream& out, const Matrix34& m) {
  char buf[64];
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 4; ++c) {
      // + 0.0 turns -0 into 0, so the files do not print "-0".
      std::snprintf(buf, sizeof(buf), "%s%.9g", (r || c) ? " " : "", m(r, c) + 0.0);
      out << buf;
    }
  }
  out << "\n";
}

const Eigen::Matrix3d kFlipXY = Eigen::Vector3d(-1.0, -1.0, 1.0).asDiagonal();

}  // namespace

Eigen::Isometry3d WorldFromCameraFromPac(const Eigen::Matrix<double, 3, 4>& rt) {
  const Eigen::Matrix3d r = rt.block<3, 3>(0, 0);
  const Eigen::Vector3d t = rt.col(3);
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.linear() = r * kFlipXY;
  out.translation() = -r * t;
  return out;
}

Eigen::Matrix<double, 3, 4> PacFromWorldFromCamera(const Eigen::Isometry3d& world_from_camera) {
  const Eigen::Matrix3d r_wc = world_from_camera.linear();
  Matrix34 out;
  out.block<3, 3>(0, 0) = r_wc * kFlipXY;
  out.col(3) = -kFlipXY * r_wc.transpose() * world_from_camera.translation();
  return out;
}

Trajectory ParseTum(const std::string& text, const std::string& path) {
  Trajectory out;
  ForEachLine(text, path, 8, [&](const std::vector<double>& v, int line) {
    Eigen::Quaterniond q(v[7], v[4], v[5], v[6]);  // Eigen takes (w, x, y, z)
    if (std::abs(q.norm() - 1.0) > 1e-3) {
      throw InvalidInputError(Where(path, line) + ": quaternion is not unit length (|q| = " +
                              std::to_string(q.norm()) + ")");
    }
    Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
    pose.linear() = q.normalized().toRotationMatrix();
    pose.translation() = Eigen::Vector3d(v[1], v[2], v[3]);
    out.Add(v[0], pose);
  });
  return out;
}

Trajectory ParseKitti(const std::string& text, const std::string& path) {
  Trajectory out;
  ForEachLine(text, path, 12, [&](const std::vector<double>& v, int line) {
    const Matrix34 m = RowMajor34(v);
    Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
    pose.linear() = CheckedRotation(m.block<3, 3>(0, 0), Where(path, line));
    pose.translation() = m.col(3);
    out.Add(static_cast<double>(out.size()), pose);
  });
  return out;
}

Trajectory ParsePac(const std::string& text, const std::string& path) {
  Trajectory out;
  ForEachLine(text, path, 12, [&](const std::vector<double>& v, int line) {
    Matrix34 m = RowMajor34(v);
    m.block<3, 3>(0, 0) = CheckedRotation(m.block<3, 3>(0, 0), Where(path, line));
    out.Add(static_cast<double>(out.size()), WorldFromCameraFromPac(m));
  });
  return out;
}

std::string FormatTum(const Trajectory& trajectory) {
  std::ostringstream out;
  out << "# timestamp tx ty tz qx qy qz qw (world_from_camera; camera x right, y down, z forward)\n";
  char buf[256];
  for (size_t i = 0; i < trajectory.size(); ++i) {
    const Eigen::Isometry3d& p = trajectory.world_from_camera[i];
    Eigen::Quaterniond q(p.linear());
    if (q.w() < 0) q.coeffs() = -q.coeffs();
    const double t = i < trajectory.timestamps.size() ? trajectory.timestamps[i] : double(i);
    std::snprintf(buf, sizeof(buf), "%.9g %.9g %.9g %.9g %.9g %.9g %.9g %.9g\n", t,
                  p.translation().x(), p.translation().y(), p.translation().z(), q.x(), q.y(),
                  q.z(), q.w());
    out << buf;
  }
  return out.str();
}

std::string FormatKitti(const Trajectory& trajectory) {
  std::ostringstream out;
  for (const Eigen::Isometry3d& p : trajectory.world_from_camera) AppendRow34(out, p.matrix().topRows<3>());
  return out.str();
}

std::string FormatPac(const Trajectory& trajectory) {
  std::ostringstream out;
  for (const Eigen::Isometry3d& p : trajectory.world_from_camera) AppendRow34(out, PacFromWorldFromCamera(p));
  return out.str();
}

Trajectory ReadTum(const std::string& path) { return ParseTum(ReadText(path), path); }
Trajectory ReadKitti(const std::string& path) { return ParseKitti(ReadText(path), path); }
Trajectory ReadPac(const std::string& path) { return ParsePac(ReadText(path), path); }
void WriteTum(const std::string& path, const Trajectory& t) { WriteText(path, FormatTum(t)); }
void WriteKitti(const std::string& path, const Trajectory& t) { WriteText(path, FormatKitti(t)); }
void WritePac(const std::string& path, const Trajectory& t) { WriteText(path, FormatPac(t)); }

}  // namespace dolly::trajectory
