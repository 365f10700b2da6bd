// Strict reading of one JSON object of a recipe: typed getters with defaults
// and ranges, and an error for every key nobody asked for, so a typo in a
// recipe is an error instead of a silently ignored setting.
#ifndef DOLLY_LIBS_SYNTH_JSON_FIELDS_H_
#define DOLLY_LIBS_SYNTH_JSON_FIELDS_H_

#include <set>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace dolly::synth {

class JsonFields {
 public:
  // `path` is where the object sits in the recipe ("" for the root,
  // "objects[2].motion", ...); `source` names the file in errors.
  JsonFields(const nlohmann::json& json, std::string path, std::string source);

  bool Has(const char* key) const;
  // The raw value (marks the key as known); nullptr when absent.
  const nlohmann::json* Raw(const char* key);

  double Number(const char* key, double fallback, double min, double max);
  // Like Number but the value must be > min.
  double Positive(const char* key, double fallback, double max = 1e6);
  int Integer(const char* key, int fallback, int min, int max);
  bool Bool(const char* key, bool fallback);
  std::string String(const char* key, const std::string& fallback);
  // One of `names`; returns its index.
  int Choice(const char* key, int fallback, const std::vector<std::string>& names);
  Eigen::Vector3d Vec3(const char* key, const Eigen::Vector3d& fallback, double min = -1e6,
                       double max = 1e6);
  Eigen::Vector3d Color(const char* key, const Eigen::Vector3d& fallback);

  // Throws for the first key that no getter asked for.
  void Finish() const;
  std::string PathOf(const std::string& key) const;
  [[noreturn]] void Fail(const std::string& key, const std::string& what) const;

 private:
  const nlohmann::json& json_;
  std::string path_;
  std::string source_;
  std::set<std::string> known_;
};

// InvalidInputError("<source>: key '<path>': <what>").
[[noreturn]] void FailAt(const std::string& source, const std::string& path,
                         const std::string& what);

}  // namespace dolly::synth

#endif  // DOLLY_LIBS_SYNTH_JSON_FIELDS_H_
