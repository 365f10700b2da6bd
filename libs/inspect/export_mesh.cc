// Mesh -> mesh.png; AnimatedMesh -> rest.png + mesh/ + mesh.mp4, all as
// orthographic wireframes at one scale (bounds of every frame, first pass).
#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/inspect/ortho_render.h"
#include "libs/media/image_io.h"
#include "libs/tensor/tensor.h"

namespace dolly::inspect {
namespace {

PointsView MeshView(const schema::Mesh& mesh, const schema::Tensor& vertices) {
  PointsView view;
  view.xyz = TensorData<float>(vertices);
  view.count = vertices.shape[0];
  view.faces = TensorData<int32_t>(mesh.faces);
  view.face_count = mesh.faces.shape[0];
  if (mesh.__isset.vertex_colors) {
    view.rgb = reinterpret_cast<const uint8_t*>(mesh.vertex_colors.data.data());
  }
  return view;
}

Bounds3 BoundsOf(const schema::Tensor& vertices) {
  Bounds3 bounds;
  bounds.Include(TensorData<float>(vertices), vertices.shape[0]);
  return bounds;
}

const char kViewsNote[] = "mesh views: front (x right, y down), side (z right, y down), top "
                          "(x right, z up), orthographic";

}  // namespace

void ExportKind(Kind<schema::MeshInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::MeshInfo> reader(context->input);
  const schema::Mesh& mesh = reader.info().mesh;
  media::WriteImageRgb(context->File("mesh.png"),
                       RenderOrthographic(MeshView(mesh, mesh.vertices), BoundsOf(mesh.vertices)));
  context->notes.push_back(kViewsNote);
}

void ExportKind(Kind<schema::AnimatedMeshInfo>, ExportContext* context) {
  Bounds3 bounds;
  {
    artifact::ArtifactReader<schema::AnimatedMeshInfo> reader(context->input);
    bounds = BoundsOf(reader.info().rest.vertices);
    schema::AnimatedMeshFrame frame;
    while (reader.NextFrame(&frame)) {
      bounds.Include(TensorData<float>(frame.vertices), frame.vertices.shape[0]);
    }
  }
  artifact::ArtifactReader<schema::AnimatedMeshInfo> reader(context->input);
  const schema::AnimatedMeshInfo& info = reader.info();
  media::WriteImageRgb(context->File("rest.png"),
                       RenderOrthographic(MeshView(info.rest, info.rest.vertices), bounds));
  FrameSequence frames(context->dir, "mesh", context->Fps(info.__isset.fps, info.fps));
  cli::Progress progress("exporting mesh frames", info.__isset.frame_count ? info.frame_count : -1);
  schema::AnimatedMeshFrame frame;
  while (reader.NextFrame(&frame)) {
    frames.Write(RenderOrthographic(MeshView(info.rest, frame.vertices), bounds));
    progress.Advance();
  }
  frames.Close();
  progress.Done();
  context->notes.push_back(kViewsNote);
}

}  // namespace dolly::inspect
