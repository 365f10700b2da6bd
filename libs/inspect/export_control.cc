// ControlSignals -> one frame directory + MP4 per control map present.
#include <memory>

#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::inspect {

void ExportKind(Kind<schema::ControlSignalsInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::ControlSignalsInfo> reader(context->input);
  const schema::ControlSignalsInfo& info = reader.info();
  const double fps = context->Fps(info.__isset.fps, info.fps);
  struct Map {
    const char* name;
    std::unique_ptr<FrameSequence> sequence;
  };
  Map maps[] = {{"object_map", nullptr}, {"camera_map", nullptr}, {"trajectory_map", nullptr}};
  cli::Progress progress("exporting control frames",
                         info.__isset.frame_count ? info.frame_count : -1);
  schema::ControlFrame frame;
  while (reader.NextFrame(&frame)) {
    const schema::Tensor* present[] = {
        frame.__isset.object_map ? &frame.object_map : nullptr,
        frame.__isset.camera_map ? &frame.camera_map : nullptr,
        frame.__isset.trajectory_map ? &frame.trajectory_map : nullptr};
    for (int m = 0; m < 3; ++m) {
      if (present[m] == nullptr) continue;
      if (!maps[m].sequence) {
        maps[m].sequence = std::make_unique<FrameSequence>(context->dir, maps[m].name, fps);
      }
      maps[m].sequence->Write(MatFromTensor(*present[m]));
    }
    progress.Advance();
  }
  for (Map& map : maps) {
    if (map.sequence) map.sequence->Close();
  }
  progress.Done();
}

}  // namespace dolly::inspect
