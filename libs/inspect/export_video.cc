// Video -> frames/ + frames.mp4.
#include "libs/artifact/artifact_io.h"
#include "libs/cli/progress.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/frame_sequence.h"
#include "libs/tensor/cv_bridge.h"

namespace dolly::inspect {

void ExportKind(Kind<schema::VideoInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::VideoInfo> reader(context->input);
  const schema::VideoInfo& info = reader.info();
  FrameSequence frames(context->dir, "frames", context->Fps(info.__isset.fps, info.fps));
  cli::Progress progress("exporting video frames", info.__isset.frame_count ? info.frame_count : -1);
  schema::VideoFrame frame;
  while (reader.NextFrame(&frame)) {
    frames.Write(MatFromTensor(frame.image));
    progress.Advance();
  }
  frames.Close();
  progress.Done();
}

}  // namespace dolly::inspect
