// LoRA (low-rank adaptation) weights read from a .safetensors file and turned
// into dense deltas for a module's parameters (no LibTorch here: the caller
// adds each delta to the named parameter).
//
// Key styles understood, each pairing a "down" (A, [rank, in, ...]) and an
// "up" (B, [out, rank, 1, ...]) tensor under a module key, with an optional
// scalar ".alpha":
//   kohya / A1111   lora_unet_<path with '_'>.lora_down.weight / .lora_up.weight / .alpha
//                   (the path is resolved against the caller's parameter names,
//                   since the names themselves contain '_'); lora_te_, lora_te1_,
//                   lora_te2_ (text encoders) are reported unmatched.
//   diffusers/PEFT  [unet.|base_model.model.]<dotted path>.lora_A.weight / .lora_B.weight,
//                   <path>.lora_A.default.weight / .lora_B.default.weight,
//                   <path>.lora.down.weight / .lora.up.weight,
//                   <path>.lora_linear_layer.down.weight / .up.weight,
//                   <path>.processor.to_q_lora.down.weight (old attention processors;
//                   to_out_lora means to_out.0); text_encoder* prefixes are unmatched.
//   explicit map    {module key: parameter name} given by the bundle, tried first.
// The module key is the tensor name without its role suffix, e.g.
// "lora_unet_mid_block_resnets_0_conv1" or "unet.mid_block.resnets.0.conv1".
#ifndef DOLLY_LIBS_LORA_LORA_H_
#define DOLLY_LIBS_LORA_LORA_H_

#include <cstdint>
#include <map>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dolly::lora {

enum class LoraRole { kDown, kUp, kAlpha };

struct LoraKey {
  std::string module;  // tensor name without the role suffix
  LoraRole role;
};

// Splits a tensor name into module key and role; nullopt for tensors that are
// not LoRA down/up/alpha (LoHa/LoKr "hada_*", "dora_scale", ...).
std::optional<LoraKey> ParseLoraKey(const std::string& tensor_name);

// Maps module keys to parameter names of one module.
class LoraKeyMapper {
 public:
  // `parameter_names`: the module's named parameters (dotted, e.g.
  // "down_blocks.0.attentions.0.proj_in.weight"). `explicit_map`: module key
  // -> parameter name (with or without ".weight"), taking precedence.
  LoraKeyMapper(const std::vector<std::string>& parameter_names,
                const std::map<std::string, std::string>& explicit_map = {});

  // The parameter a module key adapts, or nullopt with *why set (unknown
  // name, text encoder, ambiguous underscore form, explicit target missing).
  std::optional<std::string> Resolve(const std::string& module_key, std::string* why) const;

 private:
  std::set<std::string> parameters_;
  std::map<std::string, std::vector<std::string>> underscored_;  // kohya form -> names
  std::map<std::string, std::string> explicit_map_;
};

struct LoraUnmatched {
  std::string key;     // tensor name in the LoRA file
  std::string reason;  // one line, e.g. "text-encoder LoRA is not supported"
};

struct LoraReport {
  std::map<std::string, std::string> matched;  // module key -> parameter
  std::vector<LoraUnmatched> unmatched;        // sorted by key; not applied
};

struct LoraDelta {
  std::string parameter;
  std::vector<int64_t> shape;  // the parameter's shape
  std::vector<float> delta;    // row-major, to be added to the parameter
};

// For every LoRA module of `safetensors_path` that maps to a parameter:
//   delta = scale * (alpha / rank) * up @ down
// (alpha = rank when the file has none), reshaped to the parameter's shape.
// Linear [out, in]: down [r, in], up [out, r]. Conv [out, in, k...]: down
// [r, in, k...], up [out, r, 1...]; delta[o, i, ...] = sum_r up[o, r] down[r, i, ...].
// A linear LoRA may adapt a 1x1 conv and vice versa (trailing 1s ignored).
//
// Deltas come back sorted by parameter name, one per matched module. With
// scale 0 every matched parameter still gets a delta, of exact zeros (the
// factors are not even multiplied, so NaN-free by construction), so that
// "scale 0 leaves outputs unchanged" can be checked with the same code path.
//
// Throws InvalidInputError naming the LoRA file and key for: a module with a
// down or up tensor missing, a role given twice, a shape that does not fit its
// partner or the parameter, rank 0, a non-scalar alpha, non-floating dtypes,
// non-finite values, two modules adapting the same parameter; IoError when
// the file cannot be read; UsageError for a non-finite scale. Keys that map to
// no parameter are not errors: they go to report->unmatched.
std::vector<LoraDelta> LoraDeltas(const std::string& safetensors_path,
                                  const std::map<std::string, std::vector<int64_t>>& parameters,
                                  double scale,
                                  const std::map<std::string, std::string>& explicit_map = {},
                                  LoraReport* report = nullptr);

// The same, one delta at a time (peak memory: one delta), in module-key
// order; `sink` may move from its argument.
void ForEachLoraDelta(const std::string& safetensors_path,
                      const std::map<std::string, std::vector<int64_t>>& parameters, double scale,
                      const std::function<void(LoraDelta&)>& sink,
                      const std::map<std::string, std::string>& explicit_map = {},
                      LoraReport* report = nullptr);

// JSON object {module key: parameter name} (the bundle's mapping table) ->
// map. Throws InvalidInputError naming `path` for bad JSON or non-string
// values, IoError when unreadable.
std::map<std::string, std::string> ReadLoraKeyMap(const std::string& path);

}  // namespace dolly::lora

#endif  // DOLLY_LIBS_LORA_LORA_H_
