#include "libs/synth/json_fields.h"

#include <cmath>
#include <sstream>

#include "libs/core/error.h"

namespace dolly::synth {

namespace {

std::string Format(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

void FailAt(const std::string& source, const std::string& path, const std::string& what) {
  throw InvalidInputError(source + ": key '" + (path.empty() ? "(root)" : path) + "': " + what);
}

JsonFields::JsonFields(const nlohmann::json& json, std::string path, std::string source)
    : json_(json), path_(std::move(path)), source_(std::move(source)) {
  if (!json_.is_object()) FailAt(source_, path_, "must be a JSON object");
}

std::string JsonFields::PathOf(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void JsonFields::Fail(const std::string& key, const std::string& what) const {
  FailAt(source_, PathOf(key), what);
}

bool JsonFields::Has(const char* key) const {
  return json_.contains(key) && !json_.at(key).is_null();
}

const nlohmann::json* JsonFields::Raw(const char* key) {
  known_.insert(key);
  return Has(key) ? &json_.at(key) : nullptr;
}

double JsonFields::Number(const char* key, double fallback, double min, double max) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  if (!value->is_number()) Fail(key, "must be a number");
  const double x = value->get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    Fail(key, "must be in [" + Format(min) + ", " + Format(max) + "], got " + Format(x));
  }
  return x;
}

double JsonFields::Positive(const char* key, double fallback, double max) {
  const double x = Number(key, fallback, -1e300, max);
  if (!(x > 0.0)) Fail(key, "must be positive, got " + Format(x));
  return x;
}

int JsonFields::Integer(const char* key, int fallback, int min, int max) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  if (!value->is_number_integer()) Fail(key, "must be an integer");
  const int64_t x = value->get<int64_t>();
  if (x < min || x > max) {
    Fail(key, "must be in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " +
                  std::to_string(x));
  }
  return static_cast<int>(x);
}

bool JsonFields::Bool(const char* key, bool fallback) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  if (!value->is_boolean()) Fail(key, "must be true or false");
  return value->get<bool>();
}

std::string JsonFields::String(const char* key, const std::string& fallback) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  if (!value->is_string()) Fail(key, "must be a string");
  return value->get<std::string>();
}

int JsonFields::Choice(const char* key, int fallback, const std::vector<std::string>& names) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  if (!value->is_string()) Fail(key, "must be one of " + list);
  const std::string s = value->get<std::string>();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == s) return static_cast<int>(i);
  }
  Fail(key, "unknown value '" + s + "' (one of " + list + ")");
}

Eigen::Vector3d JsonFields::Vec3(const char* key, const Eigen::Vector3d& fallback, double min,
                                 double max) {
  const nlohmann::json* value = Raw(key);
  if (!value) return fallback;
  if (!value->is_array() || value->size() != 3) Fail(key, "must be an array of 3 numbers");
  Eigen::Vector3d v;
  for (int i = 0; i < 3; ++i) {
    const nlohmann::json& e = (*value)[i];
    if (!e.is_number()) Fail(key, "must be an array of 3 numbers");
    v[i] = e.get<double>();
    if (!std::isfinite(v[i]) || v[i] < min || v[i] > max) {
      Fail(key, "values must be in [" + Format(min) + ", " + Format(max) + "], got " +
                    Format(v[i]));
    }
  }
  return v;
}

Eigen::Vector3d JsonFields::Color(const char* key, const Eigen::Vector3d& fallback) {
  return Vec3(key, fallback, 0.0, 255.0);
}

void JsonFields::Finish() const {
  for (auto it = json_.begin(); it != json_.end(); ++it) {
    if (!known_.count(it.key())) Fail(it.key(), "unknown key");
  }
}

}  // namespace dolly::synth
