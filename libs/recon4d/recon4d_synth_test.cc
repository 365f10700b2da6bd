// The 4D fit against dolly-synth ground truth, from the default 4-view rig
// (256 x 256, 16 frames): the bending cylinder on its base (rig_asset,
// non-rigid, bending 60 degrees and back) and a rigid arm turning 90 degrees
// on a static base (rig_hinge).
// - Every frame: every vertex within 2 % of the asset's bounding-box
//   diagonal (measured: worst 1.63 % cylinder, 1.91 % arm), and the mean
//   within 2 % (0.36 %, 0.57 %).
// - Every frame and view: the result's silhouette against the input mask,
//   IoU >= 0.95.
// - The ARAP energy of the fit is lower than that of the same fit without the
//   ARAP term.
#define BOOST_TEST_MODULE recon4d_synth_test
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "libs/recon4d/recon4d_test_util.h"
#include "libs/recon4d/silhouette.h"
#include "libs/recon4d/surface_anchors.h"

namespace dolly::recon4d {
namespace {

struct Errors {
  std::vector<double> worst;  // per frame, relative to the box diagonal
  std::vector<double> mean;
};

Errors VertexErrors(const mesh_export::AnimatedMesh& mesh, const testing::SynthRig& rig) {
  const double diagonal = testing::BoxDiagonal(rig.asset.positions);
  Errors e;
  for (size_t f = 0; f < mesh.frames.size(); ++f) {
    double worst = 0.0, sum = 0.0;
    for (size_t v = 0; v < mesh.rest.size(); ++v) {
      const double d = (mesh.frames[f][v] - rig.truth[f][v]).norm() / diagonal;
      worst = std::max(worst, d);
      sum += d;
    }
    e.worst.push_back(worst);
    e.mean.push_back(sum / mesh.rest.size());
  }
  return e;
}

const testing::SynthRig& Rig(const std::string& scene) {
  static std::map<std::string, testing::SynthRig> rigs;
  auto it = rigs.find(scene);
  if (it == rigs.end()) it = rigs.emplace(scene, testing::RenderSynthRig(scene, 256, 16)).first;
  return it->second;
}

void CheckScene(const std::string& scene, double worst_bound) {
  const testing::SynthRig& rig = Rig(scene);
  const Recon4dResult result = Reconstruct4d(rig.asset, rig.views, rig.fps, Recon4dOptions());
  BOOST_TEST_MESSAGE(scene << ": " << rig.asset.positions.size() << " vertices, " << result.nodes
                           << " nodes, " << result.tracks << " tracks; time anchors "
                           << result.timings.anchors << " s, tracking " << result.timings.tracking
                           << " s, graph " << result.timings.graph << " s, solve "
                           << result.timings.solve << " s");
  BOOST_REQUIRE_EQUAL(result.mesh.frames.size(), rig.truth.size());
  BOOST_TEST((result.mesh.frames[0] == rig.asset.positions));  // frame 0 is the asset, exactly
  const Errors errors = VertexErrors(result.mesh, rig);
  for (size_t f = 0; f < rig.truth.size(); ++f) {
    double worst_iou = 1.0;
    for (const ViewInput& v : rig.views) {
      const SurfaceRender r = RenderSurface(result.mesh.frames[f], rig.asset.faces, v.cameras[f]);
      worst_iou = std::min(worst_iou, MaskIou(r.depth > 0, v.masks[f]));
    }
    BOOST_TEST_MESSAGE(scene << " frame " << f << ": worst vertex error " << errors.worst[f] * 100
                             << " %, mean " << errors.mean[f] * 100 << " % of the diagonal; "
                             << "track rms " << result.frames[f].track_rms_px << " px over "
                             << result.frames[f].track_observations << "; worst IoU " << worst_iou);
    BOOST_TEST(errors.mean[f] <= 0.02, scene << " frame " << f);
    BOOST_TEST(errors.worst[f] <= worst_bound, scene << " frame " << f);
    BOOST_TEST(worst_iou >= 0.95, scene << " frame " << f);
    BOOST_TEST(std::abs(result.frames[f].silhouette_iou - worst_iou) <= 0.05);
  }
}

BOOST_AUTO_TEST_CASE(BendingCylinderOnBase) { CheckScene("rig_asset", 0.02); }

BOOST_AUTO_TEST_CASE(RigidArmOnStaticBase) { CheckScene("rig_hinge", 0.02); }

// The bending cylinder as a point set (a PLY's case): 8,000 points spread
// over its surface by area, their truth the same barycentric mixes of the
// truth vertices. Anchors come from splatted points and ARAP from K nearest
// nodes.
BOOST_AUTO_TEST_CASE(BendingCylinderAsPointSet) {
  const testing::SynthRig& rig = Rig("rig_asset");
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> area;
  double total = 0.0;
  for (const Eigen::Vector3i& f : rig.asset.faces) {
    const Eigen::Vector3f& a = rig.asset.positions[f[0]];
    total += 0.5 * (rig.asset.positions[f[1]] - a).cross(rig.asset.positions[f[2]] - a).norm();
    area.push_back(total);
  }
  asset::StaticAsset points;
  points.source = "sampled points";
  std::vector<std::vector<Eigen::Vector3f>> truth(rig.truth.size());
  for (int i = 0; i < 8000; ++i) {
    const size_t t = std::lower_bound(area.begin(), area.end(), unit(rng) * total) - area.begin();
    const Eigen::Vector3i f = rig.asset.faces[std::min(t, area.size() - 1)];
    double u = unit(rng), v = unit(rng);
    if (u + v > 1.0) {
      u = 1.0 - u;
      v = 1.0 - v;
    }
    auto mix = [&](const std::vector<Eigen::Vector3f>& p) {
      return ((1.0 - u - v) * p[f[0]].cast<double>() + u * p[f[1]].cast<double>() +
              v * p[f[2]].cast<double>())
          .cast<float>();
    };
    points.positions.push_back(mix(rig.asset.positions));
    for (size_t k = 0; k < truth.size(); ++k) truth[k].push_back(mix(rig.truth[k]));
  }
  const Recon4dResult result = Reconstruct4d(points, rig.views, rig.fps, Recon4dOptions());
  BOOST_TEST(result.mesh.faces.empty());
  BOOST_TEST((result.mesh.frames[0] == points.positions));
  const double diagonal = testing::BoxDiagonal(points.positions);
  for (size_t f = 0; f < truth.size(); ++f) {
    double worst = 0.0, sum = 0.0;
    for (size_t i = 0; i < truth[f].size(); ++i) {
      const double d = (result.mesh.frames[f][i] - truth[f][i]).norm() / diagonal;
      worst = std::max(worst, d);
      sum += d;
    }
    const double mean = sum / truth[f].size();
    BOOST_TEST_MESSAGE("point set frame " << f << ": worst " << worst * 100 << " %, mean "
                                          << mean * 100 << " % of the diagonal");
    BOOST_TEST(mean <= 0.02, "point set frame " << f);
  }
}

BOOST_AUTO_TEST_CASE(ArapTermLowersArapEnergy) {
  const testing::SynthRig& rig = Rig("rig_hinge");
  Recon4dOptions unregularised;
  unregularised.arap_weight = 0.0;
  const double with = ArapEnergy(Reconstruct4d(rig.asset, rig.views, rig.fps, Recon4dOptions()).mesh);
  const double without = ArapEnergy(Reconstruct4d(rig.asset, rig.views, rig.fps, unregularised).mesh);
  BOOST_TEST_MESSAGE("ARAP energy: " << with << " with the term, " << without << " without");
  BOOST_TEST(with < without);
  // The ground truth is rigid per part: its energy is ~0 (float rounding).
  mesh_export::AnimatedMesh truth;
  truth.rest = rig.asset.positions;
  truth.faces = rig.asset.faces;
  truth.frames = rig.truth;
  BOOST_TEST(ArapEnergy(truth) < 1e-6);
}

}  // namespace
}  // namespace dolly::recon4d
