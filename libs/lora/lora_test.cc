#define BOOST_TEST_MODULE lora
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "libs/core/error.h"
#include "libs/lora/lora.h"
#include "libs/safetensors/safetensors.h"

namespace dolly::lora {
namespace {

using safetensors::SafeTensor;
using safetensors::WriteSafetensors;
using Shape = std::vector<int64_t>;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

const std::string kProjIn = "down_blocks.0.attentions.0.proj_in.weight";
const std::string kConv1 = "mid_block.resnets.0.conv1.weight";
const std::string kToQ = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight";
const std::string kToK = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k.weight";
const std::string kToOut = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0.weight";
const std::string kShortcut = "down_blocks.1.resnets.0.conv_shortcut.weight";

const std::map<std::string, Shape> kParameters = {
    {kProjIn, {8, 4}},
    {kConv1, {8, 8, 3, 3}},
    {"mid_block.resnets.0.conv1.bias", {8}},
    {kToQ, {8, 8}},
    {kToK, {8, 8}},
    {kToOut, {8, 8}},
    {"down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0.bias", {8}},
    {kShortcut, {8, 4, 1, 1}},
};

// Deterministic values in [-1, 1).
std::vector<float> Values(int64_t n, int seed) {
  std::vector<float> v(n);
  uint32_t s = 2654435761u * (seed + 1);
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = static_cast<float>((s >> 8) & 0xFFFF) / 32768.0f - 1.0f;
  }
  return v;
}

int64_t Count(const Shape& s) {
  int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}

SafeTensor F32(const Shape& shape, int seed) { return {"F32", shape, Values(Count(shape), seed)}; }

// Hand-computed scale * alpha / rank * up @ down, in double, flattened over
// the down tensor's trailing dims.
std::vector<double> Expected(const SafeTensor& up, const SafeTensor& down, double alpha, double scale) {
  const int64_t out = up.shape[0], rank = down.shape[0];
  const int64_t cols = Count(down.shape) / rank;
  std::vector<double> d(out * cols, 0.0);
  for (int64_t o = 0; o < out; ++o)
    for (int64_t c = 0; c < cols; ++c) {
      double sum = 0;
      for (int64_t r = 0; r < rank; ++r) sum += double(up.values[o * rank + r]) * down.values[r * cols + c];
      d[o * cols + c] = scale * alpha / rank * sum;
    }
  return d;
}

const LoraDelta& Find(const std::vector<LoraDelta>& ds, const std::string& p) {
  for (const auto& d : ds)
    if (d.parameter == p) return d;
  BOOST_FAIL("no delta for " << p);
  return ds.front();
}

void CheckDelta(const std::vector<LoraDelta>& ds, const std::string& p, const std::vector<double>& want) {
  const LoraDelta& d = Find(ds, p);
  BOOST_TEST(d.shape == kParameters.at(p), boost::test_tools::per_element());
  BOOST_REQUIRE(d.delta.size() == want.size());
  double worst = 0;
  for (size_t i = 0; i < want.size(); ++i) worst = std::max(worst, std::abs(d.delta[i] - want[i]));
  BOOST_TEST(worst < 1e-6, p << ": max abs error " << worst);
}

bool Unmatched(const LoraReport& r, const std::string& key, const std::string& reason_part = "") {
  for (const auto& u : r.unmatched)
    if (u.key == key) return u.reason.find(reason_part) != std::string::npos;
  return false;
}

template <typename F>
void ExpectInvalid(F&& f, const std::string& path, const std::vector<std::string>& parts) {
  try {
    f();
    BOOST_ERROR("no error for " << path);
  } catch (const InvalidInputError& e) {
    const std::string msg = e.what();
    BOOST_TEST_MESSAGE(msg);
    BOOST_TEST(msg.rfind(path + ": ", 0) == 0, msg);
    for (const auto& p : parts) BOOST_TEST(msg.find(p) != std::string::npos, msg << " lacks " << p);
  }
}

BOOST_AUTO_TEST_CASE(parse_keys) {
  auto k = ParseLoraKey("lora_unet_mid_block_resnets_0_conv1.lora_down.weight");
  BOOST_REQUIRE(k.has_value());
  BOOST_TEST(k->module == "lora_unet_mid_block_resnets_0_conv1");
  BOOST_TEST((k->role == LoraRole::kDown));
  k = ParseLoraKey("lora_unet_mid_block_resnets_0_conv1.alpha");
  BOOST_TEST((k && k->role == LoraRole::kAlpha));
  k = ParseLoraKey("unet.mid_block.resnets.0.conv1.lora_B.weight");
  BOOST_TEST((k && k->role == LoraRole::kUp && k->module == "unet.mid_block.resnets.0.conv1"));
  k = ParseLoraKey("base_model.model.a.to_k.lora_A.default.weight");
  BOOST_TEST((k && k->role == LoraRole::kDown && k->module == "base_model.model.a.to_k"));
  k = ParseLoraKey("a.to_q.lora.up.weight");
  BOOST_TEST((k && k->role == LoraRole::kUp && k->module == "a.to_q"));
  k = ParseLoraKey("a.to_q.lora_linear_layer.down.weight");
  BOOST_TEST((k && k->role == LoraRole::kDown && k->module == "a.to_q"));
  k = ParseLoraKey("a.attn1.processor.to_out_lora.down.weight");
  BOOST_TEST((k && k->role == LoraRole::kDown && k->module == "a.attn1.processor.to_out_lora"));
  BOOST_TEST(!ParseLoraKey("lora_unet_x.hada_w1_a").has_value());
  BOOST_TEST(!ParseLoraKey("lora_unet_x.dora_scale").has_value());
}

BOOST_AUTO_TEST_CASE(kohya_style) {
  std::map<std::string, SafeTensor> t;
  // proj_in: rank 2, alpha 1.
  t["lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight"] = F32({2, 4}, 1);
  t["lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight"] = F32({8, 2}, 2);
  t["lora_unet_down_blocks_0_attentions_0_proj_in.alpha"] = {"F16", {}, {1.0f}};
  // conv1 3x3: rank 3, no alpha (alpha = rank).
  t["lora_unet_mid_block_resnets_0_conv1.lora_down.weight"] = F32({3, 8, 3, 3}, 3);
  t["lora_unet_mid_block_resnets_0_conv1.lora_up.weight"] = F32({8, 3, 1, 1}, 4);
  // to_out.0 (underscore form to_out_0), F16 factors, alpha 8 with rank 4.
  SafeTensor down_o = F32({4, 8}, 5), up_o = F32({8, 4}, 6);
  down_o.dtype = up_o.dtype = "F16";
  for (auto* x : {&down_o, &up_o})
    for (auto& v : x->values) v = safetensors::HalfToFloat(safetensors::FloatToHalf(v));
  t["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_0.lora_down.weight"] = down_o;
  t["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_0.lora_up.weight"] = up_o;
  t["lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_0.alpha"] = {"F32", {1}, {8.0f}};
  // 1x1 conv shortcut.
  t["lora_unet_down_blocks_1_resnets_0_conv_shortcut.lora_down.weight"] = F32({2, 4, 1, 1}, 7);
  t["lora_unet_down_blocks_1_resnets_0_conv_shortcut.lora_up.weight"] = F32({8, 2, 1, 1}, 8);
  // Unmatched: text encoder, unknown module, LoHa tensor.
  t["lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight"] = F32({2, 4}, 9);
  t["lora_te_text_model_encoder_layers_0_mlp_fc1.lora_up.weight"] = F32({4, 2}, 10);
  t["lora_te_text_model_encoder_layers_0_mlp_fc1.alpha"] = {"F32", {}, {2.0f}};
  t["lora_unet_input_blocks_1_1_proj_in.lora_down.weight"] = F32({2, 4}, 11);
  t["lora_unet_input_blocks_1_1_proj_in.lora_up.weight"] = F32({8, 2}, 12);
  t["lora_unet_x.hada_w1_a"] = F32({2}, 13);
  const std::string path = TempPath("kohya.safetensors");
  WriteSafetensors(path, t, {{"ss_network_dim", "2"}});

  LoraReport report;
  const auto ds = LoraDeltas(path, kParameters, 0.7, {}, &report);
  BOOST_REQUIRE(ds.size() == 4u);
  BOOST_TEST(ds[0].parameter < ds[1].parameter);  // sorted
  const std::string k = "lora_unet_down_blocks_0_attentions_0_";
  CheckDelta(ds, kProjIn, Expected(t[k + "proj_in.lora_up.weight"], t[k + "proj_in.lora_down.weight"], 1.0, 0.7));
  CheckDelta(ds, kConv1,
             Expected(t["lora_unet_mid_block_resnets_0_conv1.lora_up.weight"],
                      t["lora_unet_mid_block_resnets_0_conv1.lora_down.weight"], 3.0, 0.7));
  CheckDelta(ds, kToOut, Expected(up_o, down_o, 8.0, 0.7));
  CheckDelta(ds, kShortcut,
             Expected(t["lora_unet_down_blocks_1_resnets_0_conv_shortcut.lora_up.weight"],
                      t["lora_unet_down_blocks_1_resnets_0_conv_shortcut.lora_down.weight"], 2.0, 0.7));
  // conv 3x3 element by hand: delta[o, i, kh, kw] = s * sum_r up[o, r] down[r, i, kh, kw].
  {
    const auto& up = t["lora_unet_mid_block_resnets_0_conv1.lora_up.weight"].values;
    const auto& down = t["lora_unet_mid_block_resnets_0_conv1.lora_down.weight"].values;
    const int o = 5, i = 6, kh = 2, kw = 1;
    double sum = 0;
    for (int r = 0; r < 3; ++r) sum += double(up[o * 3 + r]) * down[((r * 8 + i) * 3 + kh) * 3 + kw];
    BOOST_TEST(std::abs(Find(ds, kConv1).delta[((o * 8 + i) * 3 + kh) * 3 + kw] - 0.7 * sum) < 1e-6);
  }
  BOOST_TEST(report.matched.size() == 4u);
  BOOST_TEST(report.matched.at("lora_unet_mid_block_resnets_0_conv1") == kConv1);
  BOOST_TEST(report.unmatched.size() == 6u);
  BOOST_TEST(Unmatched(report, "lora_te_text_model_encoder_layers_0_mlp_fc1.alpha", "text-encoder"));
  BOOST_TEST(Unmatched(report, "lora_te_text_model_encoder_layers_0_mlp_fc1.lora_up.weight", "text-encoder"));
  BOOST_TEST(Unmatched(report, "lora_unet_input_blocks_1_1_proj_in.lora_down.weight", "input_blocks_1_1_proj_in"));
  BOOST_TEST(Unmatched(report, "lora_unet_x.hada_w1_a", "not a LoRA"));
}

BOOST_AUTO_TEST_CASE(diffusers_and_peft_styles) {
  std::map<std::string, SafeTensor> t;
  t["unet.down_blocks.0.attentions.0.proj_in.lora_A.weight"] = F32({2, 4}, 21);
  t["unet.down_blocks.0.attentions.0.proj_in.lora_B.weight"] = F32({8, 2}, 22);
  t["base_model.model.mid_block.resnets.0.conv1.lora_A.weight"] = F32({1, 8, 3, 3}, 23);
  t["base_model.model.mid_block.resnets.0.conv1.lora_B.weight"] = F32({8, 1, 1, 1}, 24);
  t["base_model.model.mid_block.resnets.0.conv1.alpha"] = {"BF16", {}, {4.0f}};
  t["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.lora.down.weight"] = F32({2, 8}, 25);
  t["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.lora.up.weight"] = F32({8, 2}, 26);
  t["down_blocks.0.attentions.0.transformer_blocks.0.attn1.processor.to_out_lora.down.weight"] = F32({2, 8}, 27);
  t["down_blocks.0.attentions.0.transformer_blocks.0.attn1.processor.to_out_lora.up.weight"] = F32({8, 2}, 28);
  t["down_blocks.1.resnets.0.conv_shortcut.lora_linear_layer.down.weight"] = F32({2, 4}, 29);  // linear on 1x1 conv
  t["down_blocks.1.resnets.0.conv_shortcut.lora_linear_layer.up.weight"] = F32({8, 2}, 30);
  t["text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight"] = F32({2, 4}, 31);
  t["text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_B.weight"] = F32({4, 2}, 32);
  const std::string path = TempPath("diffusers.safetensors");
  WriteSafetensors(path, t);

  LoraReport report;
  const auto ds = LoraDeltas(path, kParameters, 1.0, {}, &report);
  BOOST_REQUIRE(ds.size() == 5u);
  CheckDelta(ds, kProjIn,
             Expected(t["unet.down_blocks.0.attentions.0.proj_in.lora_B.weight"],
                      t["unet.down_blocks.0.attentions.0.proj_in.lora_A.weight"], 2.0, 1.0));
  CheckDelta(ds, kConv1,
             Expected(t["base_model.model.mid_block.resnets.0.conv1.lora_B.weight"],
                      t["base_model.model.mid_block.resnets.0.conv1.lora_A.weight"], 4.0, 1.0));
  const std::string a = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.";
  CheckDelta(ds, kToQ, Expected(t[a + "to_q.lora.up.weight"], t[a + "to_q.lora.down.weight"], 2.0, 1.0));
  CheckDelta(ds, kToOut,
             Expected(t[a + "processor.to_out_lora.up.weight"], t[a + "processor.to_out_lora.down.weight"], 2.0, 1.0));
  CheckDelta(ds, kShortcut,
             Expected(t["down_blocks.1.resnets.0.conv_shortcut.lora_linear_layer.up.weight"],
                      t["down_blocks.1.resnets.0.conv_shortcut.lora_linear_layer.down.weight"], 2.0, 1.0));
  BOOST_TEST(report.unmatched.size() == 2u);
  BOOST_TEST(Unmatched(report, "text_encoder.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight",
                       "text-encoder"));
}

std::string SimpleLora(const std::string& name, double alpha) {
  std::map<std::string, SafeTensor> t;
  t["lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight"] = F32({2, 4}, 41);
  t["lora_unet_down_blocks_0_attentions_0_proj_in.lora_up.weight"] = F32({8, 2}, 42);
  if (alpha > 0) t["lora_unet_down_blocks_0_attentions_0_proj_in.alpha"] = {"F32", {}, {float(alpha)}};
  t["lora_unet_mid_block_resnets_0_conv1.lora_down.weight"] = F32({3, 8, 3, 3}, 43);
  t["lora_unet_mid_block_resnets_0_conv1.lora_up.weight"] = F32({8, 3, 1, 1}, 44);
  const std::string path = TempPath(name);
  WriteSafetensors(path, t);
  return path;
}

BOOST_AUTO_TEST_CASE(alpha_over_rank_and_scale_linearity) {
  const auto no_alpha = LoraDeltas(SimpleLora("no_alpha.safetensors", 0), kParameters, 1.0);
  const auto alpha1 = LoraDeltas(SimpleLora("alpha1.safetensors", 1), kParameters, 1.0);
  const auto& a = Find(no_alpha, kProjIn).delta;  // alpha = rank = 2: factor 1
  const auto& b = Find(alpha1, kProjIn).delta;    // alpha 1, rank 2: factor 0.5
  for (size_t i = 0; i < a.size(); ++i) BOOST_TEST(std::abs(b[i] - 0.5f * a[i]) < 1e-7);

  const std::string path = SimpleLora("linear.safetensors", 1);
  const auto s1 = LoraDeltas(path, kParameters, 1.0);
  const auto s2 = LoraDeltas(path, kParameters, 2.5);
  const auto sm = LoraDeltas(path, kParameters, -1.0);
  const auto s0 = LoraDeltas(path, kParameters, 0.0);
  BOOST_REQUIRE(s1.size() == 2u);
  BOOST_REQUIRE(s0.size() == 2u);  // scale 0: same parameters, exact zeros
  for (size_t k = 0; k < s1.size(); ++k) {
    BOOST_TEST(s0[k].parameter == s1[k].parameter);
    BOOST_TEST(s0[k].shape == s1[k].shape, boost::test_tools::per_element());
    for (size_t i = 0; i < s1[k].delta.size(); ++i) {
      BOOST_TEST(std::abs(s2[k].delta[i] - 2.5f * s1[k].delta[i]) < 1e-6);
      BOOST_TEST(sm[k].delta[i] == -s1[k].delta[i]);
      BOOST_TEST(s0[k].delta[i] == 0.0f);
      BOOST_TEST(!std::signbit(s0[k].delta[i]));
    }
  }
  // Adding the scale-0 deltas leaves weights bit-identical.
  for (const auto& d : s0)
    for (float v : d.delta) {
      const float w = 0.123f;
      BOOST_TEST(w + v == w);
    }
}

BOOST_AUTO_TEST_CASE(explicit_map_takes_precedence) {
  std::map<std::string, SafeTensor> t;
  // An LDM-style name only the explicit map knows.
  t["lora_unet_input_blocks_1_1_proj_in.lora_down.weight"] = F32({2, 4}, 51);
  t["lora_unet_input_blocks_1_1_proj_in.lora_up.weight"] = F32({8, 2}, 52);
  // A key the underscore rule would send to to_q; the map sends it to to_k.
  const std::string q = "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";
  t[q + ".lora_down.weight"] = F32({2, 8}, 53);
  t[q + ".lora_up.weight"] = F32({8, 2}, 54);
  // A dotted key mapped after prefix stripping, target without ".weight".
  t["unet.foo.bar.lora_A.weight"] = F32({1, 8, 3, 3}, 55);
  t["unet.foo.bar.lora_B.weight"] = F32({8, 1, 1, 1}, 56);
  // Explicit target missing from the module: unmatched.
  t["lora_unet_gone.lora_down.weight"] = F32({1, 4}, 57);
  t["lora_unet_gone.lora_up.weight"] = F32({8, 1}, 58);
  const std::string path = TempPath("explicit.safetensors");
  WriteSafetensors(path, t);
  const std::string map_path = TempPath("keymap.json");
  std::ofstream(map_path) << R"({"lora_unet_input_blocks_1_1_proj_in": ")" << kProjIn << R"(",
    ")" << q << R"(": ")" << kToK << R"(", "foo.bar": "mid_block.resnets.0.conv1",
    "lora_unet_gone": "no.such.param"})";
  const auto explicit_map = ReadLoraKeyMap(map_path);
  BOOST_TEST(explicit_map.size() == 4u);

  LoraReport report;
  const auto ds = LoraDeltas(path, kParameters, 1.0, explicit_map, &report);
  BOOST_REQUIRE(ds.size() == 3u);
  CheckDelta(ds, kProjIn,
             Expected(t["lora_unet_input_blocks_1_1_proj_in.lora_up.weight"],
                      t["lora_unet_input_blocks_1_1_proj_in.lora_down.weight"], 2.0, 1.0));
  CheckDelta(ds, kToK, Expected(t[q + ".lora_up.weight"], t[q + ".lora_down.weight"], 2.0, 1.0));
  CheckDelta(ds, kConv1, Expected(t["unet.foo.bar.lora_B.weight"], t["unet.foo.bar.lora_A.weight"], 1.0, 1.0));
  for (const auto& d : ds) BOOST_TEST(d.parameter != kToQ);
  BOOST_TEST(Unmatched(report, "lora_unet_gone.lora_up.weight", "no.such.param"));

  // Without the map the same file maps the to_q key to to_q.
  const auto plain = LoraDeltas(path, kParameters, 1.0);
  BOOST_REQUIRE(plain.size() == 1u);
  BOOST_TEST(plain[0].parameter == kToQ);
}

BOOST_AUTO_TEST_CASE(ambiguous_underscore_form_is_unmatched) {
  const LoraKeyMapper mapper({"a_b.c.weight", "a.b_c.weight", "x.y.weight"});
  std::string why;
  BOOST_TEST(!mapper.Resolve("lora_unet_a_b_c", &why).has_value());
  BOOST_TEST(why.find("ambiguous") != std::string::npos, why);
  BOOST_TEST(mapper.Resolve("lora_unet_x_y", &why).value() == "x.y.weight");
  BOOST_TEST(mapper.Resolve("unet.x.y", &why).value() == "x.y.weight");
}

BOOST_AUTO_TEST_CASE(bad_lora_files_give_errors_naming_file_and_key) {
  const std::string k = "lora_unet_down_blocks_0_attentions_0_proj_in";
  auto run = [](const std::string& path) { return [path] { LoraDeltas(path, kParameters, 1.0); }; };
  {
    const std::string p = TempPath("shape_mismatch.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 5}, 1)}, {k + ".lora_up.weight", F32({8, 2}, 2)}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".lora_down.weight'", "does not fit parameter '" + kProjIn + "'", "[8, 4]"});
  }
  {
    const std::string p = TempPath("out_mismatch.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".lora_up.weight", F32({6, 2}, 2)}});
    ExpectInvalid(run(p), p, {"does not fit parameter"});
  }
  {
    const std::string p = TempPath("rank_mismatch.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".lora_up.weight", F32({8, 3}, 2)}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".lora_up.weight'", "rank 2"});
  }
  {
    const std::string p = TempPath("kernel_mismatch.safetensors");
    const std::string c = "lora_unet_mid_block_resnets_0_conv1";
    WriteSafetensors(p, {{c + ".lora_down.weight", F32({2, 8, 1, 1}, 1)}, {c + ".lora_up.weight", F32({8, 2, 1, 1}, 2)}});
    ExpectInvalid(run(p), p, {"does not fit parameter '" + kConv1 + "' of shape [8, 8, 3, 3]"});
  }
  {
    const std::string p = TempPath("missing_up.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".alpha", {"F32", {}, {1}}}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".lora_down.weight'", "no up", "missing"});
  }
  {
    const std::string p = TempPath("missing_down.safetensors");
    WriteSafetensors(p, {{"unet.x.lora_B.weight", F32({8, 2}, 1)}});
    ExpectInvalid(run(p), p, {"LoRA key 'unet.x.lora_B.weight'", "no down"});
  }
  {
    const std::string p = TempPath("alpha_only.safetensors");
    WriteSafetensors(p, {{k + ".alpha", {"F32", {}, {1}}}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".alpha'", "no down or up"});
  }
  {
    const std::string p = TempPath("vector_alpha.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".lora_up.weight", F32({8, 2}, 2)},
                         {k + ".alpha", {"F32", {2}, {1, 1}}}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".alpha'", "not a scalar"});
  }
  {
    const std::string p = TempPath("nan.safetensors");
    SafeTensor up = F32({8, 2}, 2);
    up.values[3] = std::numeric_limits<float>::quiet_NaN();
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".lora_up.weight", up}});
    ExpectInvalid(run(p), p, {"LoRA key '" + k + ".lora_up.weight'", "element 3 is not finite"});
  }
  {
    const std::string p = TempPath("twice.safetensors");
    WriteSafetensors(p, {{k + ".lora_down.weight", F32({2, 4}, 1)}, {k + ".lora_up.weight", F32({8, 2}, 2)},
                         {"unet.down_blocks.0.attentions.0.proj_in.lora_A.weight", F32({2, 4}, 3)},
                         {"unet.down_blocks.0.attentions.0.proj_in.lora_B.weight", F32({8, 2}, 4)}});
    ExpectInvalid(run(p), p, {"already adapts"});
  }
  {
    // The safetensors layer's own errors come through, naming the file.
    const std::string p = TempPath("not_safetensors.safetensors");
    std::ofstream(p) << "hello world, not a header";
    ExpectInvalid(run(p), p, {"header length"});
  }
  BOOST_CHECK_THROW(LoraDeltas(TempPath("absent.safetensors"), kParameters, 1.0), IoError);
  BOOST_CHECK_THROW(LoraDeltas(SimpleLora("ok.safetensors", 1), kParameters, std::nan("")), UsageError);
  {
    const std::string m = TempPath("bad_map.json");
    std::ofstream(m) << R"({"a": 3})";
    ExpectInvalid([&] { ReadLoraKeyMap(m); }, m, {"'a'", "not a string"});
  }
}

}  // namespace
}  // namespace dolly::lora
