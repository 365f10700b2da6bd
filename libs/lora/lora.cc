#include "libs/lora/lora.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "libs/core/error.h"
#include "libs/safetensors/safetensors.h"

namespace dolly::lora {
namespace {

using safetensors::SafetensorsFile;
using safetensors::TensorInfo;

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

bool EndsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

int64_t Product(const std::vector<int64_t>& v, size_t from) {
  int64_t n = 1;
  for (size_t i = from; i < v.size(); ++i) n *= v[i];
  return n;
}

// Module key without the wrappers diffusers and PEFT put in front.
std::string StripDottedPrefixes(std::string m) {
  if (StartsWith(m, "base_model.model.")) m = m.substr(17);
  if (StartsWith(m, "unet.")) m = m.substr(5);
  return m;
}

bool IsTextEncoderKey(const std::string& m) {
  return StartsWith(m, "lora_te_") || StartsWith(m, "lora_te1_") || StartsWith(m, "lora_te2_") ||
         StartsWith(m, "text_encoder.") || StartsWith(m, "text_encoder_2.") ||
         StartsWith(m, "base_model.model.text_encoder");
}

bool IsFloatDtype(const std::string& d) {
  return d == "F32" || d == "F16" || d == "BF16" || d == "F64" || d == "F8_E4M3" || d == "F8_E5M2";
}

struct Group {
  std::string down, up, alpha;
};

}  // namespace

std::optional<LoraKey> ParseLoraKey(const std::string& name) {
  struct Suffix {
    const char* text;
    LoraRole role;
  };
  static const Suffix kSuffixes[] = {
      {".lora_down.weight", LoraRole::kDown},
      {".lora_up.weight", LoraRole::kUp},
      {".lora_A.weight", LoraRole::kDown},
      {".lora_B.weight", LoraRole::kUp},
      {".lora_A.default.weight", LoraRole::kDown},  // PEFT, adapter name kept
      {".lora_B.default.weight", LoraRole::kUp},
      {".lora_linear_layer.down.weight", LoraRole::kDown},
      {".lora_linear_layer.up.weight", LoraRole::kUp},
      {".lora.down.weight", LoraRole::kDown},
      {".lora.up.weight", LoraRole::kUp},
      {".alpha", LoraRole::kAlpha},
  };
  for (const auto& s : kSuffixes) {
    const std::string suffix = s.text;
    if (EndsWith(name, suffix) && name.size() > suffix.size()) {
      return LoraKey{name.substr(0, name.size() - suffix.size()), s.role};
    }
  }
  // Old diffusers attention processors: "<attn>.processor.to_q_lora.down.weight".
  for (const auto& [suffix, role] : {std::make_pair(std::string("_lora.down.weight"), LoraRole::kDown),
                                     std::make_pair(std::string("_lora.up.weight"), LoraRole::kUp)}) {
    if (EndsWith(name, suffix) && name.find(".processor.") != std::string::npos) {
      return LoraKey{name.substr(0, name.size() - suffix.size() + 5), role};  // keeps "_lora"
    }
  }
  return std::nullopt;
}

LoraKeyMapper::LoraKeyMapper(const std::vector<std::string>& parameter_names,
                             const std::map<std::string, std::string>& explicit_map)
    : parameters_(parameter_names.begin(), parameter_names.end()), explicit_map_(explicit_map) {
  for (const auto& p : parameter_names) {
    if (!EndsWith(p, ".weight")) continue;
    std::string u = p.substr(0, p.size() - 7);
    std::replace(u.begin(), u.end(), '.', '_');
    underscored_[u].push_back(p);
  }
}

std::optional<std::string> LoraKeyMapper::Resolve(const std::string& module_key,
                                                  std::string* why) const {
  std::string ignored;
  if (why == nullptr) why = &ignored;
  auto exp = explicit_map_.find(module_key);
  if (exp == explicit_map_.end()) exp = explicit_map_.find(StripDottedPrefixes(module_key));
  if (exp != explicit_map_.end()) {
    const std::string& target = exp->second;
    if (parameters_.count(target)) return target;
    if (parameters_.count(target + ".weight")) return target + ".weight";
    *why = "the explicit mapping sends it to '" + target + "', which the module has no parameter of";
    return std::nullopt;
  }
  if (IsTextEncoderKey(module_key)) {
    *why = "text-encoder LoRA is not supported";
    return std::nullopt;
  }
  if (StartsWith(module_key, "lora_unet_")) {
    const std::string rest = module_key.substr(10);
    const auto it = underscored_.find(rest);
    if (it == underscored_.end()) {
      *why = "no parameter '<path>.weight' whose path with '_' for '.' is '" + rest + "'";
      return std::nullopt;
    }
    if (it->second.size() > 1) {
      *why = "ambiguous: '" + rest + "' fits both '" + it->second[0] + "' and '" + it->second[1] +
             "'; give an explicit mapping";
      return std::nullopt;
    }
    return it->second[0];
  }
  std::string m = StripDottedPrefixes(module_key);
  const size_t proc = m.rfind(".processor.");
  if (proc != std::string::npos && EndsWith(m, "_lora")) {
    std::string leaf = m.substr(proc + 11, m.size() - proc - 11 - 5);
    if (leaf == "to_out") leaf = "to_out.0";
    m = m.substr(0, proc) + "." + leaf;
  }
  const std::string candidate = m + ".weight";
  if (parameters_.count(candidate)) return candidate;
  *why = "no parameter '" + candidate + "'";
  return std::nullopt;
}

void ForEachLoraDelta(const std::string& path,
                      const std::map<std::string, std::vector<int64_t>>& parameters, double scale,
                      const std::function<void(LoraDelta&)>& sink,
                      const std::map<std::string, std::string>& explicit_map, LoraReport* report) {
  if (!std::isfinite(scale)) {
    throw UsageError("LoRA scale must be finite, got " + std::to_string(scale));
  }
  const SafetensorsFile file = SafetensorsFile::Open(path);
  auto fail = [&path](const std::string& key, const std::string& what) {
    throw InvalidInputError(path + ": LoRA key '" + key + "': " + what);
  };
  LoraReport local;
  LoraReport& rep = report ? *report : local;
  rep = LoraReport{};

  std::map<std::string, Group> groups;
  for (const std::string& name : file.names()) {
    const auto key = ParseLoraKey(name);
    if (!key) {
      rep.unmatched.push_back({name, "not a LoRA down/up/alpha tensor (unsupported LoRA kind)"});
      continue;
    }
    Group& g = groups[key->module];
    std::string& slot = key->role == LoraRole::kDown ? g.down : key->role == LoraRole::kUp ? g.up : g.alpha;
    if (!slot.empty()) {
      fail(name, "module '" + key->module + "' already has this role from '" + slot + "'");
    }
    slot = name;
  }

  std::vector<std::string> parameter_names;
  for (const auto& kv : parameters) parameter_names.push_back(kv.first);
  const LoraKeyMapper mapper(parameter_names, explicit_map);
  std::map<std::string, std::string> adapted_by;  // parameter -> module key

  for (const auto& [module, g] : groups) {
    const std::string& any = !g.down.empty() ? g.down : !g.up.empty() ? g.up : g.alpha;
    if (g.down.empty() || g.up.empty()) {
      fail(any, std::string("module '") + module + "' has no " +
                    (g.down.empty() && g.up.empty() ? "down or up"
                     : g.down.empty()               ? "down (lora_down / lora_A)"
                                                    : "up (lora_up / lora_B)") +
                    " tensor: half of the pair is missing");
    }
    std::string why;
    const auto parameter = mapper.Resolve(module, &why);
    if (!parameter) {
      for (const std::string* k : {&g.down, &g.up, &g.alpha}) {
        if (!k->empty()) rep.unmatched.push_back({*k, why});
      }
      continue;
    }
    const auto prior = adapted_by.find(*parameter);
    if (prior != adapted_by.end()) {
      fail(g.down, "adapts parameter '" + *parameter + "', which module '" + prior->second +
                       "' already adapts");
    }
    adapted_by[*parameter] = module;
    rep.matched[module] = *parameter;

    const std::vector<int64_t>& pshape = parameters.at(*parameter);
    const TensorInfo& down = file.Info(g.down);
    const TensorInfo& up = file.Info(g.up);
    for (const auto* t : {&g.down, &g.up}) {
      const std::string& dt = file.Info(*t).dtype;
      if (!IsFloatDtype(dt)) fail(*t, "dtype " + dt + " is not a floating-point type");
    }
    if (down.shape.size() < 2) fail(g.down, "shape " + ShapeText(down.shape) + " is not [rank, in, ...]");
    if (up.shape.size() < 2) fail(g.up, "shape " + ShapeText(up.shape) + " is not [out, rank, 1, ...]");
    const int64_t rank = down.shape[0];
    if (rank <= 0) fail(g.down, "rank 0 (shape " + ShapeText(down.shape) + ")");
    if (up.shape[1] != rank) {
      fail(g.up, "shape " + ShapeText(up.shape) + " does not fit down tensor '" + g.down +
                     "' of shape " + ShapeText(down.shape) + " (rank " + std::to_string(rank) + ")");
    }
    if (Product(up.shape, 2) != 1) {
      fail(g.up, "shape " + ShapeText(up.shape) + " has a kernel larger than 1 (only down may)");
    }
    const int64_t out = up.shape[0];
    const int64_t in = down.shape[1];
    const std::vector<int64_t> dk(down.shape.begin() + 2, down.shape.end());
    const bool fits = pshape.size() >= 2 && pshape[0] == out && pshape[1] == in &&
                      (std::vector<int64_t>(pshape.begin() + 2, pshape.end()) == dk ||
                       (Product(pshape, 2) == 1 && Product(down.shape, 2) == 1));
    if (!fits) {
      fail(g.down, "up " + ShapeText(up.shape) + " x down " + ShapeText(down.shape) +
                       " does not fit parameter '" + *parameter + "' of shape " + ShapeText(pshape));
    }

    double alpha = static_cast<double>(rank);
    if (!g.alpha.empty()) {
      const TensorInfo& a = file.Info(g.alpha);
      if (!IsFloatDtype(a.dtype) && a.dtype.front() != 'I' && a.dtype.front() != 'U') {
        fail(g.alpha, "dtype " + a.dtype + " is not numeric");
      }
      if (a.num_elements() != 1) fail(g.alpha, "shape " + ShapeText(a.shape) + " is not a scalar");
      alpha = file.Read(g.alpha).values[0];
      if (!std::isfinite(alpha)) fail(g.alpha, "alpha is not finite");
    }

    const auto up_t = file.Read(g.up);
    const auto down_t = file.Read(g.down);
    for (const auto* t : {&up_t, &down_t}) {
      const auto bad = std::find_if(t->values.begin(), t->values.end(),
                                    [](float v) { return !std::isfinite(v); });
      if (bad != t->values.end()) {
        fail(t == &up_t ? g.up : g.down,
             "element " + std::to_string(bad - t->values.begin()) + " is not finite");
      }
    }

    LoraDelta d;
    d.parameter = *parameter;
    d.shape = pshape;
    const int64_t cols = Product(down.shape, 1);  // in * k...
    d.delta.assign(static_cast<size_t>(out * cols), 0.0f);
    if (scale != 0.0) {
      using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
      Eigen::Map<const RowMajor> U(up_t.values.data(), out, rank);
      Eigen::Map<const RowMajor> D(down_t.values.data(), rank, cols);
      Eigen::Map<RowMajor> delta(d.delta.data(), out, cols);
      delta.noalias() = U * D;
      delta *= static_cast<float>(scale * alpha / static_cast<double>(rank));
    }
    sink(d);
  }
  std::sort(rep.unmatched.begin(), rep.unmatched.end(),
            [](const LoraUnmatched& a, const LoraUnmatched& b) { return a.key < b.key; });
}

std::vector<LoraDelta> LoraDeltas(const std::string& path,
                                  const std::map<std::string, std::vector<int64_t>>& parameters,
                                  double scale, const std::map<std::string, std::string>& explicit_map,
                                  LoraReport* report) {
  std::vector<LoraDelta> out;
  ForEachLoraDelta(
      path, parameters, scale, [&out](LoraDelta& d) { out.push_back(std::move(d)); }, explicit_map,
      report);
  std::sort(out.begin(), out.end(),
            [](const LoraDelta& a, const LoraDelta& b) { return a.parameter < b.parameter; });
  return out;
}

std::map<std::string, std::string> ReadLoraKeyMap(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path + ": cannot open LoRA key map");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw IoError(path + ": cannot read LoRA key map");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInputError(path + ": LoRA key map is not valid JSON: " + e.what());
  }
  if (!doc.is_object()) {
    throw InvalidInputError(path + ": LoRA key map is not a JSON object {lora key: parameter}");
  }
  std::map<std::string, std::string> out;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it.value().is_string()) {
      throw InvalidInputError(path + ": LoRA key map entry '" + it.key() + "' is not a string");
    }
    out[it.key()] = it.value().get<std::string>();
  }
  return out;
}

}  // namespace dolly::lora
