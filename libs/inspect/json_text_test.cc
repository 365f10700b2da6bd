#define BOOST_TEST_MODULE json_text_test
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "libs/inspect/json_text.h"

namespace dolly::inspect {
namespace {

std::string Parsed(const std::string& raw) {
  return nlohmann::json::parse(JsonString(raw)).get<std::string>();
}

BOOST_AUTO_TEST_CASE(escapes_quotes_backslashes_and_control_characters) {
  BOOST_TEST(JsonString("a\"b\\c") == R"("a\"b\\c")");
  BOOST_TEST(JsonString("\n\t\r\b\f") == R"("\n\t\r\b\f")");
  BOOST_TEST(JsonString(std::string("\x01\x1f", 2)) == R"("\u0001\u001f")");
  BOOST_TEST(JsonString(std::string("nul\0here", 8)) == R"("nul\u0000here")");
  const std::string tricky = "quote \" slash \\ tab \t bell \a end";
  BOOST_TEST(Parsed(tricky) == tricky);
}

BOOST_AUTO_TEST_CASE(keeps_valid_utf8_and_replaces_malformed_bytes) {
  const std::string valid = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";  // café € 😀
  BOOST_TEST(Parsed(valid) == valid);
  const std::string replacement = "\xEF\xBF\xBD";
  BOOST_TEST(Parsed("a\xFF" "b") == "a" + replacement + "b");          // never valid
  BOOST_TEST(Parsed("\xC0\x80") == replacement + replacement);          // overlong NUL
  BOOST_TEST(Parsed("\xED\xA0\x80") == replacement + replacement + replacement);  // surrogate
  BOOST_TEST(Parsed("cut \xE2\x82") == "cut " + replacement + replacement);  // truncated
  BOOST_TEST(Parsed("\xF4\x90\x80\x80").find(replacement) == 0u);      // above U+10FFFF
}

BOOST_AUTO_TEST_CASE(numbers_round_trip_and_non_finite_become_null) {
  for (double v : {0.1, 1.0 / 3.0, -2.5e-300, 1e300, 123456789.125, 0.0}) {
    BOOST_TEST(nlohmann::json::parse(JsonNumber(v)).get<double>() == v);
  }
  for (float v : {0.1f, 1.0f / 3.0f, 3.4e38f, 1e-45f}) {
    std::string text;
    AppendJsonNumber(&text, v);
    BOOST_TEST(static_cast<float>(nlohmann::json::parse(text).get<double>()) == v);
  }
  std::string text;
  AppendJsonNumber(&text, 0.1f);
  BOOST_TEST(text == "0.1");  // shortest, not 0.100000001490116
  BOOST_TEST(JsonNumber(std::nan("")) == "null");
  BOOST_TEST(JsonNumber(std::numeric_limits<double>::infinity()) == "null");
  BOOST_TEST(JsonNumber(-std::numeric_limits<double>::infinity()) == "null");
}

BOOST_AUTO_TEST_CASE(base64_matches_rfc4648_vectors) {
  BOOST_TEST(Base64("") == "");
  BOOST_TEST(Base64("f") == "Zg==");
  BOOST_TEST(Base64("fo") == "Zm8=");
  BOOST_TEST(Base64("foo") == "Zm9v");
  BOOST_TEST(Base64("foob") == "Zm9vYg==");
  BOOST_TEST(Base64("fooba") == "Zm9vYmE=");
  BOOST_TEST(Base64("foobar") == "Zm9vYmFy");
  BOOST_TEST(Base64(std::string("\xFF\xFE\x00", 3)) == "//4A");
}

}  // namespace
}  // namespace dolly::inspect
