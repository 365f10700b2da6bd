#include "libs/asset/obj_reader.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/core/error.h"

namespace dolly::asset {
namespace {

std::string ReadWholeFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path + ": cannot open " + what);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw IoError(path + ": read error");
  return ss.str();
}

std::vector<std::string> SplitWs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string Trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::string Folder(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

std::string Resolve(const std::string& folder, std::string name) {
  std::replace(name.begin(), name.end(), '\\', '/');
  if (!name.empty() && name[0] == '/') return name;
  return folder + name;
}

// A token for an error message: at most 40 characters, printable ASCII only,
// so the message stays one short line whatever the input holds.
std::string Quote(const std::string& tok) {
  std::string out;
  for (char c : tok.substr(0, 40)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (tok.size() > 40) out += "...";
  return "'" + out + "'";
}

class LineError {
 public:
  LineError(const std::string& file, std::size_t line) : file_(file), line_(line) {}
  [[noreturn]] void Throw(const std::string& msg) const {
    throw InvalidInputError(file_ + ":" + std::to_string(line_) + ": " + msg);
  }

 private:
  const std::string& file_;
  std::size_t line_;
};

float ParseFloat(const std::string& tok, const LineError& err) {
  const char* b = tok.c_str();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(b, &end);
  if (end == b || *end != '\0') err.Throw("malformed number " + Quote(tok));
  if (!std::isfinite(v) || std::abs(v) > 3.0e38) {
    err.Throw("non-finite coordinate " + Quote(tok));
  }
  return static_cast<float>(v);
}

// Resolves an OBJ index (1-based, or negative relative to `count`) to 0-based.
int ResolveIndex(const std::string& tok, std::size_t count, const char* what,
                 const LineError& err) {
  const char* b = tok.c_str();
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(b, &end, 10);
  if (end == b || *end != '\0' || errno == ERANGE) {
    err.Throw(std::string("malformed ") + what + " index " + Quote(tok));
  }
  if (v == 0) err.Throw(std::string(what) + " index 0 (OBJ indices start at 1)");
  long long idx = v > 0 ? v - 1 : static_cast<long long>(count) + v;
  if (idx < 0 || idx >= static_cast<long long>(count)) {
    err.Throw(std::string(what) + " index " + std::to_string(v) + " out of range (" +
              std::to_string(count) + " " + what + "s defined so far)");
  }
  return static_cast<int>(idx);
}

// Returns the map_Kd file name of `material` (or of the first material with
// one when `material` is empty) in the .mtl at `mtl_path`; "" when none.
std::string FindDiffuseMap(const std::string& mtl_path, const std::string& material) {
  const std::string text = ReadWholeFile(mtl_path, "material library");
  std::istringstream in(text);
  std::string line, current;
  bool seen_first = false;
  std::string first_current;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::vector<std::string> toks = SplitWs(line);
    if (toks.empty() || toks[0][0] == '#') continue;
    if (toks[0] == "newmtl") {
      current = toks.size() > 1 ? Trim(line.substr(line.find("newmtl") + 6)) : "";
      if (!seen_first) {
        seen_first = true;
        first_current = current;
      }
    } else if (toks[0] == "map_Kd" && toks.size() > 1) {
      if (material.empty() || current == material) {
        // Options (-s, -o, ...) precede the file name, which is last.
        return toks.back();
      }
    }
  }
  return "";
}

}  // namespace

StaticAsset ReadObj(const std::string& path, const ObjOptions& options) {
  const std::string text = ReadWholeFile(path, "OBJ file");
  std::vector<Eigen::Vector3f> v_pos;
  std::vector<Eigen::Vector3f> v_col;
  std::vector<bool> v_has_col;
  bool any_color = false;
  std::vector<Eigen::Vector2f> vts;
  std::string mtllib;
  std::string material;  // first usemtl

  StaticAsset asset;
  asset.source = path;
  std::map<std::pair<int, int>, int> vertex_of;  // (position, uv) -> output
  std::vector<std::pair<int, int>> out_vertices;
  bool any_uv = false;

  std::size_t line_no = 0;
  std::size_t pos = 0;
  std::vector<int> corners;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    const std::vector<std::string> toks = SplitWs(line);
    if (toks.empty()) continue;
    const LineError err(path, line_no);
    const std::string& kw = toks[0];
    if (kw == "v") {
      if (toks.size() < 4) err.Throw("a vertex needs 3 coordinates");
      Eigen::Vector3f p(ParseFloat(toks[1], err), ParseFloat(toks[2], err),
                        ParseFloat(toks[3], err));
      v_pos.push_back(p);
      if (toks.size() >= 7) {
        Eigen::Vector3f c(ParseFloat(toks[4], err), ParseFloat(toks[5], err),
                          ParseFloat(toks[6], err));
        v_col.push_back(c.cwiseMax(0.0f).cwiseMin(1.0f));
        v_has_col.push_back(true);
        any_color = true;
      } else {
        if (toks.size() >= 5) ParseFloat(toks[4], err);  // w, validated only
        v_col.emplace_back(1.0f, 1.0f, 1.0f);
        v_has_col.push_back(false);
      }
    } else if (kw == "vt") {
      if (toks.size() < 2) err.Throw("a texture coordinate needs at least u");
      const float u = ParseFloat(toks[1], err);
      const float v = toks.size() >= 3 ? ParseFloat(toks[2], err) : 0.0f;
      vts.emplace_back(u, v);
    } else if (kw == "f") {
      if (toks.size() < 4) {
        err.Throw("a face needs at least 3 vertices, got " +
                  std::to_string(toks.size() - 1));
      }
      corners.clear();
      for (std::size_t k = 1; k < toks.size(); ++k) {
        const std::string& c = toks[k];
        const std::size_t s1 = c.find('/');
        const std::string vi = c.substr(0, s1);
        std::string ti;
        if (s1 != std::string::npos) {
          const std::size_t s2 = c.find('/', s1 + 1);
          ti = c.substr(s1 + 1, s2 == std::string::npos ? std::string::npos : s2 - s1 - 1);
        }
        const int p = ResolveIndex(vi, v_pos.size(), "vertex", err);
        int t = -1;
        if (!ti.empty()) {
          t = ResolveIndex(ti, vts.size(), "texture coordinate", err);
          any_uv = true;
        }
        const auto key = std::make_pair(p, t);
        auto it = vertex_of.find(key);
        if (it == vertex_of.end()) {
          it = vertex_of.emplace(key, static_cast<int>(out_vertices.size())).first;
          out_vertices.push_back(key);
        }
        corners.push_back(it->second);
      }
      for (std::size_t k = 1; k + 1 < corners.size(); ++k) {
        asset.faces.emplace_back(corners[0], corners[k], corners[k + 1]);
      }
    } else if (kw == "mtllib") {
      if (mtllib.empty() && toks.size() > 1) {
        mtllib = Trim(line.substr(line.find("mtllib") + 6));
      }
    } else if (kw == "usemtl") {
      if (material.empty() && toks.size() > 1) {
        material = Trim(line.substr(line.find("usemtl") + 6));
      }
    }
    // vn, o, g, s, l, p and unknown keywords: ignored.
  }
  if (asset.faces.empty()) {
    throw InvalidInputError(
        path + ": no faces (an OBJ mesh needs faces; use a PLY for a point set)");
  }
  asset.positions.reserve(out_vertices.size());
  for (const auto& [p, t] : out_vertices) {
    asset.positions.push_back(v_pos[p]);
    if (any_color) asset.colors.push_back(v_col[p]);
    if (any_uv) asset.uvs.push_back(t >= 0 ? vts[t] : Eigen::Vector2f(0.0f, 0.0f));
  }
  if (options.load_texture && !mtllib.empty()) {
    const std::string mtl_path = Resolve(Folder(path), mtllib);
    const std::string name = FindDiffuseMap(mtl_path, material);
    if (!name.empty()) {
      // Relative to the .mtl's folder (the usual convention), else to the
      // OBJ's folder where the two differ.
      std::string tex = Resolve(Folder(mtl_path), name);
      cv::Mat bgr = cv::imread(tex, cv::IMREAD_COLOR);
      if (bgr.empty() && Folder(mtl_path) != Folder(path)) {
        const std::string alt = Resolve(Folder(path), name);
        bgr = cv::imread(alt, cv::IMREAD_COLOR);
        if (!bgr.empty()) tex = alt;
      }
      if (bgr.empty()) {
        throw IoError(mtl_path + ": cannot read texture (map_Kd) " + tex);
      }
      cv::cvtColor(bgr, asset.texture, cv::COLOR_BGR2RGB);
      asset.texture_path = tex;
    }
  }
  return asset;
}

}  // namespace dolly::asset
