// Test input for the 4D fit: a dolly-synth rig scene read back as a static
// asset (frame 0 of its mesh.dolly), the views (frames/, masks/ and
// camera.dolly of each view_NN) and the ground-truth vertices per frame.
#ifndef DOLLY_LIBS_RECON4D_RECON4D_TEST_UTIL_H_
#define DOLLY_LIBS_RECON4D_RECON4D_TEST_UTIL_H_

#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libs/asset/static_asset.h"
#include "libs/recon4d/reconstruct.h"
#include "tools/synth/synth_test_util.h"

namespace dolly::recon4d::testing {

struct SynthRig {
  asset::StaticAsset asset;
  std::vector<ViewInput> views;
  std::vector<std::vector<Eigen::Vector3f>> truth;  // per frame, per vertex
  double fps = 8.0;
};

inline std::string FrameFile(const std::string& dir, const std::string& sub, int f) {
  char name[32];
  std::snprintf(name, sizeof(name), "/%06d.png", f);
  return dir + "/" + sub + name;
}

// Renders `scene` (a preset) with dolly-synth at size x size, `frames` frames.
inline SynthRig RenderSynthRig(const std::string& scene, int size, int frames) {
  synth::SynthOptions options;
  options.scene = scene;
  options.width = size;
  options.height = size;
  options.frames = frames;
  options.tracks = 16;
  options.seed = 3;
  options.write_mp4 = false;
  const synth::SynthResult run = synth::testing::RunSynth(options, "recon4d_" + scene);
  const std::string root = run.output_dir;
  SynthRig rig;
  const synth::testing::MeshData mesh = synth::testing::ReadMesh(root);
  const int vertices = static_cast<int>(mesh.mesh.info.rest.vertices.shape[0]);
  for (int64_t t = 0; t < mesh.face_count(); ++t) rig.asset.faces.push_back(mesh.Face(t));
  rig.truth.resize(frames);
  for (int f = 0; f < frames; ++f) {
    for (int v = 0; v < vertices; ++v) rig.truth[f].push_back(mesh.Vertex(f, v).cast<float>());
  }
  rig.asset.positions = rig.truth[0];
  rig.asset.source = root + "/mesh.dolly";
  for (int view = 0; view < run.views; ++view) {
    char name[32];
    std::snprintf(name, sizeof(name), "/view_%02d", view);
    const std::string dir = root + name;
    const synth::testing::ViewData data = synth::testing::ReadView(dir);
    ViewInput in;
    in.name = dir;
    for (int f = 0; f < frames; ++f) {
      cv::Mat bgr = cv::imread(FrameFile(dir, "frames", f), cv::IMREAD_COLOR), rgb;
      cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
      in.frames.push_back(rgb);
      in.masks.push_back(cv::imread(FrameFile(dir, "masks", f), cv::IMREAD_GRAYSCALE));
      rig::RigCamera camera;
      camera.intrinsics = data.intrinsics;
      camera.world_from_camera = data.WorldFromCamera(f);
      in.cameras.push_back(camera);
    }
    rig.views.push_back(std::move(in));
  }
  return rig;
}

inline double BoxDiagonal(const std::vector<Eigen::Vector3f>& points) {
  Eigen::Vector3f lo = points[0], hi = points[0];
  for (const Eigen::Vector3f& p : points) {
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
  }
  return (hi - lo).norm();
}

}  // namespace dolly::recon4d::testing

#endif  // DOLLY_LIBS_RECON4D_RECON4D_TEST_UTIL_H_
