// One exporter per artifact kind (export_<kind>.cc), chosen by
// ExportArtifact through VisitKind. Internal to //libs/inspect.
#ifndef DOLLY_LIBS_INSPECT_EXPORT_KINDS_H_
#define DOLLY_LIBS_INSPECT_EXPORT_KINDS_H_

#include <string>
#include <vector>

#include "libs/artifact/kinds.h"
#include "libs/inspect/export.h"

namespace dolly::inspect {

struct ExportContext {
  std::string input;  // a regular file: exporters may read it more than once
  std::string dir;    // the staging directory to write into
  ExportOptions options;
  std::vector<std::string> notes;

  std::string File(const std::string& name) const { return dir + "/" + name; }
  // The artifact's fps when it has a usable one, else kDefaultFps (noted).
  double Fps(bool isset, double fps);
};

template <typename Info>
using Kind = artifact::KindTag<Info>;

void ExportKind(Kind<schema::VideoInfo>, ExportContext* context);
void ExportKind(Kind<schema::DepthSequenceInfo>, ExportContext* context);
void ExportKind(Kind<schema::TrackSetInfo>, ExportContext* context);
void ExportKind(Kind<schema::ControlSignalsInfo>, ExportContext* context);
void ExportKind(Kind<schema::CameraTrajectoryInfo>, ExportContext* context);
void ExportKind(Kind<schema::SceneGroundTruthInfo>, ExportContext* context);
void ExportKind(Kind<schema::MeshInfo>, ExportContext* context);
void ExportKind(Kind<schema::AnimatedMeshInfo>, ExportContext* context);
void ExportKind(Kind<schema::MotionRepresentationInfo>, ExportContext* context);
void ExportKind(Kind<schema::MetricsInfo>, ExportContext* context);

// A small text file inside the staging directory (atomic with it).
void WriteTextFile(const std::string& path, const std::string& content);

}  // namespace dolly::inspect

#endif  // DOLLY_LIBS_INSPECT_EXPORT_KINDS_H_
