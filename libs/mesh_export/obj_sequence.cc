#include "libs/mesh_export/obj_sequence.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "libs/core/error.h"
#include "libs/fileio/staging_dir.h"

namespace dolly::mesh_export {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

void CheckBase(const std::string& base) {
  if (base.empty() || base == "." || base == ".." || base.find('/') != std::string::npos ||
      base.find('\0') != std::string::npos) {
    throw UsageError("OBJ sequence base name '" + base + "': not a plain file name");
  }
}

// One frame's OBJ text, appended to `out`.
void FormatFrame(const AnimatedMesh& mesh, size_t n, std::string* out) {
  char line[160];
  const auto& frame = mesh.frames[n];
  std::snprintf(line, sizeof line, "# dolly animated mesh: frame %zu of %zu, %g fps\n", n,
                mesh.frames.size(), mesh.fps);
  out->append(line);
  for (size_t i = 0; i < frame.size(); ++i) {
    int len;
    if (mesh.colors.empty()) {
      len = std::snprintf(line, sizeof line, "v %.9g %.9g %.9g\n", frame[i].x(), frame[i].y(),
                          frame[i].z());
    } else {
      const auto& c = mesh.colors[i];
      len = std::snprintf(line, sizeof line, "v %.9g %.9g %.9g %.9g %.9g %.9g\n", frame[i].x(),
                          frame[i].y(), frame[i].z(), c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
    }
    out->append(line, static_cast<size_t>(len));
  }
  for (const Eigen::Vector3i& f : mesh.faces) {
    const int len =
        std::snprintf(line, sizeof line, "f %d %d %d\n", f[0] + 1, f[1] + 1, f[2] + 1);
    out->append(line, static_cast<size_t>(len));
  }
}

}  // namespace

std::string ObjFrameName(const std::string& base, size_t frame, size_t frame_count) {
  int digits = 6;
  for (size_t limit = 1000000; frame_count > limit && digits < 20; limit *= 10) ++digits;
  char number[32];
  std::snprintf(number, sizeof number, "%0*zu", digits, frame);
  return base + "_" + number + ".obj";
}

std::vector<std::string> WriteObjSequence(const std::string& dir, const AnimatedMesh& mesh,
                                          const std::string& base) {
  CheckBase(base);
  ValidateAnimatedMesh(mesh, dir + ": animated mesh");
  fileio::StagingDir staging(dir);
  std::vector<std::string> written;
  std::string text;
  for (size_t n = 0; n < mesh.frames.size(); ++n) {
    const std::string name = ObjFrameName(base, n, mesh.frames.size());
    const std::string final_path = (std::filesystem::path(dir) / name).string();
    text.clear();
    FormatFrame(mesh, n, &text);
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(staging.File(name).c_str(), "wb"));
    if (!out || std::fwrite(text.data(), 1, text.size(), out.get()) != text.size() ||
        std::fclose(out.release()) != 0) {
      throw IoError(final_path + ": cannot write file: " + std::strerror(errno));
    }
    written.push_back(final_path);
  }
  staging.Commit();
  return written;
}

}  // namespace dolly::mesh_export
