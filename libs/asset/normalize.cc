#include "libs/asset/normalize.h"

#include <cmath>
#include <string>

#include "libs/core/error.h"

namespace dolly::asset {

Eigen::Affine3f NormalizeToUnitCube(StaticAsset* asset) {
  const std::string name = asset->source.empty() ? "asset" : asset->source;
  if (asset->positions.empty()) {
    throw InvalidInputError(name + ": cannot normalise an asset with no vertices");
  }
  // Compute in double so that large offsets do not lose the extent.
  Eigen::Vector3d lo = Eigen::Vector3d::Constant(INFINITY);
  Eigen::Vector3d hi = Eigen::Vector3d::Constant(-INFINITY);
  for (const Eigen::Vector3f& p : asset->positions) {
    if (!p.allFinite()) {
      throw InvalidInputError(name + ": cannot normalise: non-finite vertex position");
    }
    lo = lo.cwiseMin(p.cast<double>());
    hi = hi.cwiseMax(p.cast<double>());
  }
  const double extent = (hi - lo).maxCoeff();
  if (!(extent > 0.0) || !std::isfinite(extent)) {
    throw InvalidInputError(name +
                            ": cannot normalise a degenerate asset (zero extent: all "
                            "vertices coincide)");
  }
  const Eigen::Vector3d centre = 0.5 * (lo + hi);
  const double s = 1.0 / extent;
  for (Eigen::Vector3f& p : asset->positions) {
    p = ((p.cast<double>() - centre) * s).cast<float>();
  }
  Eigen::Affine3f t = Eigen::Affine3f::Identity();
  t.linear() = Eigen::Matrix3f::Identity() * static_cast<float>(s);
  t.translation() = (-centre * s).cast<float>();
  return t;
}

}  // namespace dolly::asset
