#include "libs/artifact/records.h"

namespace dolly::artifact {

schema::Intrinsics MakeIntrinsics(double fx, double fy, double cx, double cy, int width,
                                  int height) {
  schema::Intrinsics k;
  k.__set_fx(fx);
  k.__set_fy(fy);
  k.__set_cx(cx);
  k.__set_cy(cy);
  k.__set_width(width);
  k.__set_height(height);
  return k;
}

schema::Vec3 MakeVec3(double x, double y, double z) {
  schema::Vec3 v;
  v.__set_x(x);
  v.__set_y(y);
  v.__set_z(z);
  return v;
}

schema::Quaternion MakeQuaternion(double w, double x, double y, double z) {
  schema::Quaternion q;
  q.__set_w(w);
  q.__set_x(x);
  q.__set_y(y);
  q.__set_z(z);
  return q;
}

schema::Pose MakePose(const schema::Quaternion& q, const schema::Vec3& t) {
  schema::Pose pose;
  pose.__set_rotation(q);
  pose.__set_translation(t);
  return pose;
}

}  // namespace dolly::artifact
