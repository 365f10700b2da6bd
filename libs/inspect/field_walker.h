// Every tensor and every number of a record, with its field path, found by
// running the record's generated write() against a protocol that records
// instead of serialising. Lets the summary aggregate any kind's fields over
// frames without a list of fields per kind.
#ifndef DOLLY_LIBS_INSPECT_FIELD_WALKER_H_
#define DOLLY_LIBS_INSPECT_FIELD_WALKER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <thrift/TBase.h>

namespace dolly::inspect {

// A tensor as written: views into the record, valid during the callback.
struct TensorView {
  int32_t dtype = 0;  // 0 when the field is unset
  std::vector<int64_t> shape;
  std::string_view data;
};

class FieldVisitor {
 public:
  virtual ~FieldVisitor() = default;
  // Paths join struct field names with '.'; list elements share their
  // list's path ("boxes.size.x"), map entries are not visited.
  virtual void OnTensor(const std::string& path, const TensorView& tensor) = 0;
  // i8..i64 and double fields outside tensors, enums included.
  virtual void OnNumber(const std::string& path, double value) = 0;
};

void WalkFields(const apache::thrift::TBase& record, FieldVisitor* visitor);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_FIELD_WALKER_H_
