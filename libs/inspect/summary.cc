#include "libs/inspect/summary.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "libs/inspect/artifact_stream.h"
#include "libs/inspect/field_walker.h"
#include "libs/inspect/record_text.h"
#include "libs/inspect/tensor_stats.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

constexpr size_t kNameWidth = 14;
constexpr size_t kMaxNameWidth = 34;
// Deeper paths (box poses inside lists) would make the summary long for
// little insight.
constexpr int kMaxNumberPathDepth = 3;

struct TensorAggregate {
  int32_t dtype = 0;
  bool mixed_dtype = false;
  std::vector<int64_t> shape;  // of one frame
  bool same_shape = true;
  int64_t frames = 0;
  TensorStats stats;
};

struct NumberAggregate {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
};

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string out;
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out;
}

std::string DTypeText(int32_t dtype) {
  const char* name = DTypeName(static_cast<schema::DType::type>(dtype));
  return std::string(name) == "UNKNOWN" ? "dtype " + std::to_string(dtype) : name;
}

std::string RangeOf(const NumberAggregate& a, const char* separator) {
  return a.min == a.max ? ShortNumber(a.min) : ShortNumber(a.min) + separator + ShortNumber(a.max);
}

std::string TensorLine(const TensorAggregate& t, int64_t frame_count) {
  const std::string shape = (t.mixed_dtype ? "mixed dtypes" : DTypeText(t.dtype)) + "[" +
                            std::to_string(t.frames) + ", " +
                            (t.same_shape ? ShapeText(t.shape) : "varying") + "]";
  std::string text = RangeText(shape, t.stats.has_values(), t.stats.min, t.stats.max,
                               t.stats.mean(), t.stats.nonfinite());
  // In depth maps 0 means unknown; how much is unknown matters.
  const bool floating = t.dtype == schema::DType::FLOAT32 || t.dtype == schema::DType::FLOAT64;
  if (floating && t.stats.zeros > 0) {
    char percent[32];
    std::snprintf(percent, sizeof(percent), " zeros %.3g%%",
                  100.0 * static_cast<double>(t.stats.zeros) / static_cast<double>(t.stats.count));
    text += percent;
  }
  if (t.frames != frame_count) {
    text += " (in " + std::to_string(t.frames) + " of " + std::to_string(frame_count) + " frames)";
  }
  return text;
}

int PathDepth(const std::string& path) {
  return 1 + static_cast<int>(std::count(path.begin(), path.end(), '.'));
}

class SummaryPrinter : public ArtifactVisitor, public FieldVisitor {
 public:
  SummaryPrinter(const std::string& path, std::ostream& out, const SummaryOptions& options)
      : path_(path), out_(out), options_(options) {}

  void OnHeader(const schema::ArtifactHeader& header, const std::string& kind_name,
                bool has_frames) override {
    has_frames_ = has_frames;
    Line(0, "artifact", path_ == "-" ? "(stdin)" : OneLine(path_));
    Line(0, "kind", kind_name + " (schema version " + std::to_string(header.schema_version) + ")");
    std::string tool = header.__isset.tool_name ? OneLine(header.tool_name) : "(unknown tool)";
    if (header.__isset.tool_version) tool += " " + OneLine(header.tool_version);
    Line(0, "produced by", tool);
    Line(0, "seed", header.__isset.seed ? std::to_string(header.seed) : "(none)");
    if (header.parameters.empty()) Line(0, "parameters", "(none)");
    bool first = true;
    for (const auto& [key, value] : header.parameters) {
      Line(0, first ? "parameters" : "", OneLine(key) + "=" + OneLine(value));
      first = false;
    }
    if (header.inputs.empty()) Line(0, "inputs", "(none)");
    first = true;
    for (const schema::InputDigest& input : header.inputs) {
      std::string text = OneLine(input.role.empty() ? "?" : input.role) + " " + OneLine(input.path);
      if (input.__isset.sha256) text += " sha256 " + OneLine(input.sha256.substr(0, 16)) + "...";
      Line(0, first ? "inputs" : "", text);
      first = false;
    }
  }

  void OnInfo(const apache::thrift::TBase& info) override {
    Line(0, "info", "");
    const std::vector<FieldText> fields = RecordText(info);
    size_t width = kNameWidth;
    for (const FieldText& field : fields) width = std::max(width, 2 + field.name.size() + 2);
    width = std::min(width, kMaxNameWidth);
    for (const FieldText& field : fields) {
      Line(1, field.name, field.value, width);
      for (const std::string& item : field.items) Line(2, "", item, width);
    }
  }

  void OnFrame(int64_t number, const apache::thrift::TBase& frame) override {
    current_frame_ = number;
    WalkFields(frame, this);
    if (!options_.per_frame) return;
    std::string line;
    for (const FieldText& field : RecordText(frame)) {
      if (!line.empty()) line += "  ";
      std::string items;
      for (const std::string& item : field.items) items += (items.empty() ? "" : "; ") + item;
      if (field.is_struct) {
        line += field.name + "={" + (field.value.empty() ? items : field.value) + "}";
      } else {
        line += field.name + "=" + field.value + (items.empty() ? "" : " {" + items + "}");
      }
    }
    out_ << "frame " << number << ": " << line << "\n";
  }

  void OnEnd(int64_t frame_count) override {
    if (!has_frames_) return;
    Line(0, "frames", std::to_string(frame_count));
    std::vector<std::pair<std::string, std::string>> lines;
    std::set<std::string> grouped;
    for (const std::string& path : order_) {
      if (tensors_.count(path) > 0) {
        lines.emplace_back(path, TensorLine(tensors_.at(path), frame_count));
        continue;
      }
      // Sibling numbers (a translation's x, y, z) share one line.
      const size_t dot = path.rfind('.');
      if (dot == std::string::npos) {
        lines.emplace_back(path, RangeOf(numbers_.at(path), " .. "));
        continue;
      }
      const std::string parent = path.substr(0, dot);
      if (!grouped.insert(parent).second) continue;
      std::string text;
      for (const std::string& other : order_) {
        if (other.size() <= parent.size() || other.compare(0, parent.size() + 1, parent + ".") != 0 ||
            other.find('.', parent.size() + 1) != std::string::npos || numbers_.count(other) == 0) {
          continue;
        }
        if (!text.empty()) text += ' ';
        text += other.substr(parent.size() + 1) + "=" + RangeOf(numbers_.at(other), "..");
      }
      lines.emplace_back(parent, text);
    }
    size_t width = kNameWidth;
    for (const auto& line : lines) width = std::max(width, 2 + line.first.size() + 2);
    width = std::min(width, kMaxNameWidth);
    for (const auto& [name, text] : lines) Line(1, name, text, width);
  }

  void OnTensor(const std::string& path, const TensorView& tensor) override {
    auto [it, inserted] = tensors_.try_emplace(path);
    TensorAggregate& a = it->second;
    if (inserted) {
      order_.push_back(path);
      a.dtype = tensor.dtype;
      a.shape = tensor.shape;
    }
    a.mixed_dtype |= a.dtype != tensor.dtype;
    a.same_shape &= a.shape == tensor.shape;
    // A field repeated inside a list counts once per frame.
    if (last_frame_[path] != current_frame_ + 1) ++a.frames;
    last_frame_[path] = current_frame_ + 1;
    a.stats.Add(static_cast<schema::DType::type>(tensor.dtype), tensor.data);
  }

  void OnNumber(const std::string& path, double value) override {
    if (PathDepth(path) > kMaxNumberPathDepth) return;
    auto [it, inserted] = numbers_.try_emplace(path);
    if (inserted) order_.push_back(path);
    it->second.min = std::min(it->second.min, value);
    it->second.max = std::max(it->second.max, value);
  }

 private:
  void Line(int depth, const std::string& name, const std::string& value,
            size_t width = kNameWidth) {
    const size_t used = 2 * static_cast<size_t>(depth) + name.size();
    out_ << std::string(2 * depth, ' ') << name;
    if (!value.empty()) out_ << std::string(used < width ? width - used : 1, ' ') << value;
    out_ << "\n";
  }

  std::string path_;
  std::ostream& out_;
  SummaryOptions options_;
  bool has_frames_ = false;
  int64_t current_frame_ = 0;
  std::vector<std::string> order_;  // fields in the order first seen
  std::map<std::string, TensorAggregate> tensors_;
  std::map<std::string, NumberAggregate> numbers_;
  std::map<std::string, int64_t> last_frame_;
};

}  // namespace

void PrintSummary(const std::string& path, std::ostream& out, const SummaryOptions& options) {
  SummaryPrinter printer(path, out, options);
  StreamArtifact(path, &printer);
}

}  // namespace dolly::inspect
