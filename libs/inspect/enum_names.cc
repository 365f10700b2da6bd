#include "libs/inspect/enum_names.h"

#include <map>

#include "schemas/common_types.h"
#include "schemas/depth_types.h"
#include "schemas/ground_truth_types.h"

namespace dolly::inspect {
namespace {

struct EnumField {
  std::string_view struct_name;
  std::string_view field;
  const std::map<int, const char*>* names;
};

const EnumField kEnumFields[] = {
    {"ArtifactHeader", "kind", &schema::_ArtifactKind_VALUES_TO_NAMES},
    {"Tensor", "dtype", &schema::_DType_VALUES_TO_NAMES},
    {"DepthSequenceInfo", "kind", &schema::_DepthKind_VALUES_TO_NAMES},
    {"SceneObject", "shape", &schema::_ObjectShape_VALUES_TO_NAMES},
};

}  // namespace

const char* EnumValueName(std::string_view struct_name, std::string_view field, int32_t value) {
  for (const EnumField& entry : kEnumFields) {
    if (entry.struct_name != struct_name || entry.field != field) continue;
    const auto it = entry.names->find(value);
    return it == entry.names->end() ? nullptr : it->second;
  }
  return nullptr;
}

}  // namespace dolly::inspect
