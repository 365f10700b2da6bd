#define BOOST_TEST_MODULE json_protocol_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <thrift/Thrift.h>
#include <thrift/protocol/TProtocolException.h>

#include "libs/inspect/json_protocol.h"
#include "libs/tensor/tensor.h"
#include "schemas/common_types.h"
#include "schemas/ground_truth_types.h"

namespace dolly::inspect {
namespace {

using apache::thrift::protocol::T_I32;
using apache::thrift::protocol::T_STRING;
using apache::thrift::protocol::T_STRUCT;
using nlohmann::json;

std::string Text(const apache::thrift::TBase& record, JsonOptions options = {}) {
  std::ostringstream out;
  {
    JsonProtocol protocol(&out, options);
    record.write(&protocol);
  }
  return out.str();
}

json Json(const apache::thrift::TBase& record, JsonOptions options = {}) {
  return json::parse(Text(record, options));
}

BOOST_AUTO_TEST_CASE(structs_use_field_names_and_skip_unset_fields) {
  schema::Intrinsics k;
  k.__set_fx(500.5);
  k.__set_width(640);
  k.height = 480;  // plain assignment: not set, so not written
  const json j = Json(k);
  BOOST_TEST((j == json{{"fx", 500.5}, {"width", 640}}));
  BOOST_TEST(Text(schema::Intrinsics()) == "{}");
}

BOOST_AUTO_TEST_CASE(pretty_and_one_line_output_hold_the_same_document) {
  schema::ArtifactHeader header;
  header.__set_kind(schema::ArtifactKind::TRACK_SET);
  header.__set_tool_name("dolly-track");
  header.__set_parameters({{"b", "2"}, {"a", "1"}});
  schema::InputDigest input;
  input.__set_role("video");
  header.__set_inputs({input, input});
  header.__set_seed(-5);
  JsonOptions compact;
  compact.indent = 0;
  const std::string one_line = Text(header, compact);
  BOOST_TEST(one_line.find('\n') == std::string::npos);
  BOOST_TEST(one_line.find(' ') == std::string::npos);
  const std::string pretty = Text(header);
  BOOST_TEST(pretty.find("\n  \"tool_name\": \"dolly-track\"") != std::string::npos);
  BOOST_TEST((json::parse(one_line) == json::parse(pretty)));
  const json j = json::parse(pretty);
  BOOST_TEST(j["kind"].get<int>() == 2);
  BOOST_TEST(j["kind_name"].get<std::string>() == "TRACK_SET");
  BOOST_TEST((j["parameters"] == json{{"a", "1"}, {"b", "2"}}));
  BOOST_TEST(j["inputs"].size() == 2u);
  BOOST_TEST(j["inputs"][1]["role"].get<std::string>() == "video");
  BOOST_TEST(j["seed"].get<int64_t>() == -5);
}

BOOST_AUTO_TEST_CASE(unknown_enum_values_print_without_a_name) {
  schema::SceneObject object;
  object.__set_shape(static_cast<schema::ObjectShape::type>(77));
  const json j = Json(object);
  BOOST_TEST(j["shape"].get<int>() == 77);
  BOOST_TEST(!j.contains("shape_name"));
}

BOOST_AUTO_TEST_CASE(non_finite_doubles_and_bad_utf8_still_give_valid_json) {
  schema::Intrinsics k;
  k.__set_fx(std::nan(""));
  k.__set_fy(std::numeric_limits<double>::infinity());
  k.__set_cx(-0.0);
  const json j = Json(k);
  BOOST_TEST(j["fx"].is_null());
  BOOST_TEST(j["fy"].is_null());
  BOOST_TEST(j["cx"].get<double>() == 0.0);

  schema::InputDigest input;
  input.__set_path("bad\xFF\xFE name\n\x01");
  const json parsed = Json(input);
  BOOST_TEST(parsed["path"].get<std::string>() == "bad\xEF\xBF\xBD\xEF\xBF\xBD name\n\x01");
}

BOOST_AUTO_TEST_CASE(tensors_are_summarised_and_full_data_is_exact) {
  const std::vector<float> values = {0.1f, -2.5f, std::numeric_limits<float>::quiet_NaN(), 7.0f};
  schema::Tensor tensor = MakeTensor<float>({2, 2}, values.data());
  const json summary = Json(tensor);
  BOOST_TEST(summary["dtype"].get<std::string>() == "FLOAT32");
  BOOST_TEST((summary["shape"] == json::array({2, 2})));
  BOOST_TEST(summary["bytes"].get<int>() == 16);
  BOOST_TEST(summary["min"].get<double>() == -2.5);
  BOOST_TEST(summary["max"].get<double>() == 7.0);
  BOOST_TEST(static_cast<float>(summary["mean"].get<double>()) == (0.1f - 2.5f + 7.0f) / 3);
  BOOST_TEST(summary["nonfinite"].get<int>() == 1);
  BOOST_TEST(!summary.contains("data"));

  JsonOptions full;
  full.full_tensors = true;
  const json data = Json(tensor, full)["data"];
  BOOST_TEST(data.size() == 4u);
  BOOST_TEST(static_cast<float>(data[0].get<double>()) == 0.1f);
  BOOST_TEST(data[1].get<double>() == -2.5);
  BOOST_TEST(data[2].is_null());
  BOOST_TEST(data[3].get<double>() == 7.0);

  const json ints = Json(MakeTensor<int64_t>(std::vector<int64_t>{int64_t{1} << 60, -3}), full);
  BOOST_TEST(ints["data"][0].get<int64_t>() == int64_t{1} << 60);
  BOOST_TEST(ints["dtype"].get<std::string>() == "INT64");
}

BOOST_AUTO_TEST_CASE(empty_and_odd_tensors_are_described_without_failing) {
  const json empty = Json(MakeTensor(schema::DType::UINT8, {0, 3}));
  BOOST_TEST(empty["bytes"].get<int>() == 0);
  BOOST_TEST(empty["min"].is_null());
  BOOST_TEST(empty["mean"].is_null());

  schema::Tensor unknown;
  unknown.__set_dtype(static_cast<schema::DType::type>(42));
  unknown.__set_data("abc");
  JsonOptions full;
  full.full_tensors = true;
  const json j = Json(unknown, full);
  BOOST_TEST(j["dtype"].get<int>() == 42);
  BOOST_TEST(j["data"].get<std::string>() == "YWJj");  // base64: nothing else is known
}

BOOST_AUTO_TEST_CASE(maps_take_scalar_keys_and_refuse_struct_keys) {
  std::ostringstream out;
  {
    JsonProtocol protocol(&out);
    protocol.writeMapBegin(T_I32, T_STRING, 2);
    protocol.writeI32(5);
    protocol.writeString("five");
    protocol.writeI32(-1);
    protocol.writeString("minus one");
    protocol.writeMapEnd();
  }
  BOOST_TEST((json::parse(out.str()) == json{{"5", "five"}, {"-1", "minus one"}}));

  std::ostringstream ignored;
  JsonProtocol protocol(&ignored);
  protocol.writeMapBegin(T_STRUCT, T_STRING, 1);
  BOOST_CHECK_THROW(protocol.writeStructBegin("Key"),
                    apache::thrift::protocol::TProtocolException);
}

}  // namespace
}  // namespace dolly::inspect
