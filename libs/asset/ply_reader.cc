#include "libs/asset/ply_reader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "libs/core/error.h"

namespace dolly::asset {
namespace {

enum class Type { kInt8, kUint8, kInt16, kUint16, kInt32, kUint32, kFloat32, kFloat64 };

bool ParseType(const std::string& s, Type* t) {
  if (s == "char" || s == "int8") *t = Type::kInt8;
  else if (s == "uchar" || s == "uint8") *t = Type::kUint8;
  else if (s == "short" || s == "int16") *t = Type::kInt16;
  else if (s == "ushort" || s == "uint16") *t = Type::kUint16;
  else if (s == "int" || s == "int32") *t = Type::kInt32;
  else if (s == "uint" || s == "uint32") *t = Type::kUint32;
  else if (s == "float" || s == "float32") *t = Type::kFloat32;
  else if (s == "double" || s == "float64") *t = Type::kFloat64;
  else return false;
  return true;
}

std::size_t SizeOf(Type t) {
  switch (t) {
    case Type::kInt8: case Type::kUint8: return 1;
    case Type::kInt16: case Type::kUint16: return 2;
    case Type::kInt32: case Type::kUint32: case Type::kFloat32: return 4;
    case Type::kFloat64: return 8;
  }
  return 1;
}

bool IsFloat(Type t) { return t == Type::kFloat32 || t == Type::kFloat64; }

struct Property {
  std::string name;
  Type type = Type::kFloat32;
  bool is_list = false;
  Type count_type = Type::kUint8;
};

struct Element {
  std::string name;
  std::uint64_t count = 0;
  std::vector<Property> props;
};

// A token for an error message: at most 40 printable ASCII characters.
std::string Quote(const std::string& tok) {
  std::string out;
  for (char c : tok.substr(0, 40)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (tok.size() > 40) out += "...";
  return "'" + out + "'";
}

std::vector<std::string> SplitWs(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string t;
  while (in >> t) out.push_back(t);
  return out;
}

// Reads values from the body, ascii or binary little-endian.
class BodyReader {
 public:
  BodyReader(const std::string& path, const std::string& data, std::size_t pos, bool ascii)
      : path_(path), data_(data), pos_(pos), ascii_(ascii) {}

  std::size_t remaining() const { return data_.size() - pos_; }
  bool ascii() const { return ascii_; }

  double Read(Type t, const std::string& where) {
    if (ascii_) return ReadAscii(where);
    const std::size_t n = SizeOf(t);
    if (remaining() < n) Fail(where, "file ends early");
    const char* p = data_.data() + pos_;
    pos_ += n;
    switch (t) {
      case Type::kInt8: { std::int8_t v; std::memcpy(&v, p, 1); return v; }
      case Type::kUint8: { std::uint8_t v; std::memcpy(&v, p, 1); return v; }
      case Type::kInt16: { std::int16_t v; std::memcpy(&v, p, 2); return v; }
      case Type::kUint16: { std::uint16_t v; std::memcpy(&v, p, 2); return v; }
      case Type::kInt32: { std::int32_t v; std::memcpy(&v, p, 4); return v; }
      case Type::kUint32: { std::uint32_t v; std::memcpy(&v, p, 4); return v; }
      case Type::kFloat32: { float v; std::memcpy(&v, p, 4); return v; }
      case Type::kFloat64: { double v; std::memcpy(&v, p, 8); return v; }
    }
    return 0.0;
  }

  [[noreturn]] void Fail(const std::string& where, const std::string& msg) const {
    throw InvalidInputError(path_ + ": " + where + ": " + msg);
  }

 private:
  double ReadAscii(const std::string& where) {
    while (pos_ < data_.size() && std::isspace(static_cast<unsigned char>(data_[pos_]))) ++pos_;
    std::size_t end = pos_;
    while (end < data_.size() && !std::isspace(static_cast<unsigned char>(data_[end]))) ++end;
    if (end == pos_) Fail(where, "file ends early");
    const std::string tok = data_.substr(pos_, end - pos_);
    pos_ = end;
    const char* b = tok.c_str();
    char* e = nullptr;
    const double v = std::strtod(b, &e);
    if (e == b || *e != '\0') Fail(where, "malformed number " + Quote(tok));
    return v;
  }

  const std::string& path_;
  const std::string& data_;
  std::size_t pos_;
  bool ascii_;
};

}  // namespace

StaticAsset ReadPly(const std::string& path) {
  std::string data;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(path + ": cannot open PLY file");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw IoError(path + ": read error");
    data = ss.str();
  }
  auto header_error = [&](const std::string& msg) {
    return InvalidInputError(path + ": PLY header: " + msg);
  };
  // Header.
  std::size_t pos = 0;
  bool first = true, ascii = false, have_format = false, ended = false;
  std::vector<Element> elements;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    std::string line = data.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (first) {
      if (line != "ply") throw InvalidInputError(path + ": not a PLY file (no 'ply' magic)");
      first = false;
      continue;
    }
    const std::vector<std::string> t = SplitWs(line);
    if (t.empty()) continue;
    if (t[0] == "end_header") {
      ended = true;
      break;
    }
    if (t[0] == "comment" || t[0] == "obj_info") continue;
    if (t[0] == "format") {
      if (t.size() < 3) throw header_error("malformed format line");
      if (t[1] == "ascii") {
        ascii = true;
      } else if (t[1] == "binary_little_endian") {
        ascii = false;
      } else if (t[1] == "binary_big_endian") {
        throw InvalidInputError(path + ": PLY format binary_big_endian is unsupported (accepted: "
                                "ascii, binary_little_endian)");
      } else {
        throw header_error("unknown format " + Quote(t[1]));
      }
      if (t[2] != "1.0") throw header_error("unsupported version " + Quote(t[2]));
      have_format = true;
    } else if (t[0] == "element") {
      if (t.size() != 3) throw header_error("malformed element line " + Quote(line));
      Element e;
      e.name = t[1];
      const char* b = t[2].c_str();
      char* end = nullptr;
      if (t[2].empty() || t[2][0] == '-') throw header_error("bad element count " + Quote(t[2]));
      errno = 0;
      e.count = std::strtoull(b, &end, 10);
      if (end == b || *end != '\0' || errno == ERANGE) {
        throw header_error("bad element count " + Quote(t[2]));
      }
      elements.push_back(e);
    } else if (t[0] == "property") {
      if (elements.empty()) throw header_error("property before any element");
      Property p;
      if (t.size() == 5 && t[1] == "list") {
        p.is_list = true;
        if (!ParseType(t[2], &p.count_type) || !ParseType(t[3], &p.type) ||
            IsFloat(p.count_type)) {
          throw header_error("bad list property " + Quote(line));
        }
        p.name = t[4];
      } else if (t.size() == 3) {
        if (!ParseType(t[1], &p.type)) throw header_error("unknown type " + Quote(t[1]));
        p.name = t[2];
      } else {
        throw header_error("malformed property line " + Quote(line));
      }
      elements.back().props.push_back(p);
    } else {
      throw header_error("unknown keyword " + Quote(t[0]));
    }
  }
  if (!ended) throw header_error("no end_header");
  if (!have_format) throw header_error("no format line");
  if (pos > data.size()) pos = data.size();

  StaticAsset asset;
  asset.source = path;
  BodyReader body(path, data, pos, ascii);
  bool have_vertex = false;
  std::uint64_t vertex_count = 0;
  for (const Element& e : elements) {
    // Bytes (binary) or characters (ascii: a value and a separator, at least
    // the last one may lack the separator) each instance needs at minimum.
    std::uint64_t min_bytes = 0;
    for (const Property& p : e.props) {
      min_bytes += ascii ? 2 : SizeOf(p.is_list ? p.count_type : p.type);
    }
    if (e.count > 0 && min_bytes == 0) {
      if (e.name == "vertex") {
        throw InvalidInputError(path + ": PLY vertex element has no properties");
      }
      continue;  // nothing to read
    }
    if (e.count > 0 && e.count - 1 > (body.remaining() + (ascii ? 1 : 0)) / min_bytes) {
      // Not even the minimal encoding of every instance fits in the file.
      throw InvalidInputError(path + ": PLY element '" + e.name + "' claims " +
                              std::to_string(e.count) +
                              " entries, more than the file can hold");
    }
    if (e.count > 0 && e.count * min_bytes > body.remaining() + (ascii ? 1 : 0)) {
      throw InvalidInputError(path + ": PLY element '" + e.name + "' claims " +
                              std::to_string(e.count) +
                              " entries, more than the file can hold");
    }
    if (e.name == "vertex" && !have_vertex) {
      have_vertex = true;
      vertex_count = e.count;
      int ix = -1, iy = -1, iz = -1, ir = -1, ig = -1, ib = -1;
      for (std::size_t k = 0; k < e.props.size(); ++k) {
        const Property& p = e.props[k];
        if (p.is_list) continue;
        if (p.name == "x") ix = static_cast<int>(k);
        else if (p.name == "y") iy = static_cast<int>(k);
        else if (p.name == "z") iz = static_cast<int>(k);
        else if (p.name == "red") ir = static_cast<int>(k);
        else if (p.name == "green") ig = static_cast<int>(k);
        else if (p.name == "blue") ib = static_cast<int>(k);
      }
      if (ix < 0 || iy < 0 || iz < 0) {
        throw InvalidInputError(path + ": PLY vertex element lacks x, y or z");
      }
      const bool has_color = ir >= 0 && ig >= 0 && ib >= 0;
      asset.positions.reserve(e.count);
      if (has_color) asset.colors.reserve(e.count);
      std::vector<double> vals(e.props.size(), 0.0);
      for (std::uint64_t i = 0; i < e.count; ++i) {
        const std::string where = "vertex " + std::to_string(i);
        for (std::size_t k = 0; k < e.props.size(); ++k) {
          const Property& p = e.props[k];
          if (p.is_list) {
            const double n = body.Read(p.count_type, where);
            if (n < 0 || n != std::floor(n) ||
                n * (ascii ? 1.0 : SizeOf(p.type)) > body.remaining()) {
              body.Fail(where, "bad list length");
            }
            for (std::uint64_t j = 0; j < static_cast<std::uint64_t>(n); ++j) {
              body.Read(p.type, where);
            }
          } else {
            vals[k] = body.Read(p.type, where);
          }
        }
        const Eigen::Vector3d xyz(vals[ix], vals[iy], vals[iz]);
        if (!xyz.allFinite() || xyz.cwiseAbs().maxCoeff() > 3.0e38) {
          body.Fail(where, "non-finite coordinate");
        }
        asset.positions.push_back(xyz.cast<float>());
        if (has_color) {
          Eigen::Vector3f c;
          const int idx[3] = {ir, ig, ib};
          for (int ch = 0; ch < 3; ++ch) {
            const Type t = e.props[idx[ch]].type;
            double v = vals[idx[ch]];
            if (!IsFloat(t)) v /= 255.0;
            if (!std::isfinite(v)) v = 0.0;
            c[ch] = static_cast<float>(std::min(1.0, std::max(0.0, v)));
          }
          asset.colors.push_back(c);
        }
      }
    } else if (e.name == "face") {
      if (!have_vertex) {
        throw InvalidInputError(path + ": PLY face element before the vertex element");
      }
      std::vector<double> corners;
      for (std::uint64_t i = 0; i < e.count; ++i) {
        const std::string where = "face " + std::to_string(i);
        for (const Property& p : e.props) {
          if (!p.is_list) {
            body.Read(p.type, where);
            continue;
          }
          const double n = body.Read(p.count_type, where);
          if (n < 0 || n != std::floor(n) ||
              n * (ascii ? 1.0 : SizeOf(p.type)) > body.remaining()) {
            body.Fail(where, "bad list length");
          }
          const bool is_indices = p.name == "vertex_indices" || p.name == "vertex_index";
          corners.clear();
          for (std::uint64_t j = 0; j < static_cast<std::uint64_t>(n); ++j) {
            const double v = body.Read(p.type, where);
            if (is_indices) corners.push_back(v);
          }
          if (!is_indices) continue;
          if (corners.size() < 3) {
            body.Fail(where, "a face needs at least 3 vertices, got " +
                                 std::to_string(corners.size()));
          }
          for (double c : corners) {
            if (c < 0 || c != std::floor(c) || c >= static_cast<double>(vertex_count)) {
              std::ostringstream shown;
              shown << c;  // no integer cast: c may be huge or non-finite
              body.Fail(where, "vertex index " + shown.str() +
                                   " out of range (" + std::to_string(vertex_count) +
                                   " vertices)");
            }
          }
          for (std::size_t j = 1; j + 1 < corners.size(); ++j) {
            asset.faces.emplace_back(static_cast<int>(corners[0]),
                                     static_cast<int>(corners[j]),
                                     static_cast<int>(corners[j + 1]));
          }
        }
      }
    } else {
      for (std::uint64_t i = 0; i < e.count; ++i) {
        const std::string where = e.name + " " + std::to_string(i);
        for (const Property& p : e.props) {
          if (!p.is_list) {
            body.Read(p.type, where);
            continue;
          }
          const double n = body.Read(p.count_type, where);
          if (n < 0 || n != std::floor(n) ||
              n * (ascii ? 1.0 : SizeOf(p.type)) > body.remaining()) {
            body.Fail(where, "bad list length");
          }
          for (std::uint64_t j = 0; j < static_cast<std::uint64_t>(n); ++j) {
            body.Read(p.type, where);
          }
        }
      }
    }
  }
  if (!have_vertex || asset.positions.empty()) {
    throw InvalidInputError(path + ": PLY has no vertices");
  }
  if (vertex_count > static_cast<std::uint64_t>(INT32_MAX)) {
    throw InvalidInputError(path + ": PLY has too many vertices");
  }
  return asset;
}

}  // namespace dolly::asset
