// Builders for the small shared records (schemas/common.thrift), which the
// generated code only lets one fill field by field with __set_*.
#ifndef DOLLY_LIBS_ARTIFACT_RECORDS_H_
#define DOLLY_LIBS_ARTIFACT_RECORDS_H_

#include "schemas/common_types.h"

namespace dolly::artifact {

schema::Intrinsics MakeIntrinsics(double fx, double fy, double cx, double cy, int width,
                                  int height);
schema::Vec3 MakeVec3(double x, double y, double z);
schema::Quaternion MakeQuaternion(double w, double x, double y, double z);
// target_from_source = (rotation q, translation t).
schema::Pose MakePose(const schema::Quaternion& q, const schema::Vec3& t);

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_RECORDS_H_
