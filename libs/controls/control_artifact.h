// ControlSignals artifacts (schemas/control.thrift) from RenderControlFrame's
// images, streamed frame by frame through artifact::ArtifactWriter (atomic:
// the file appears only at Finish()).
#ifndef DOLLY_LIBS_CONTROLS_CONTROL_ARTIFACT_H_
#define DOLLY_LIBS_CONTROLS_CONTROL_ARTIFACT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "libs/artifact/artifact_io.h"
#include "libs/controls/render_controls.h"
#include "schemas/control_types.h"

namespace dolly::controls {

// The info record: size, frame count, fps and the map modes.
schema::ControlSignalsInfo MakeControlSignalsInfo(
    int width, int height, int64_t frame_count, double fps, ObjectMapMode object_map,
    CameraMapMode camera_map, TrajectoryMapMode trajectory_map = TrajectoryMapMode::kDolly);

// One frame record; empty images are left unset. Throws InvalidInputError
// for an image of another size than width x height or of the wrong type.
schema::ControlFrame ToControlFrame(const ControlImages& images, int64_t index, int width,
                                    int height);

// The inverse (maps that are unset come back empty).
ControlImages FromControlFrame(const schema::ControlFrame& frame);

class ControlSignalsWriter {
 public:
  // `path` ("-" = stdout); the header's kind and schema version are set here.
  ControlSignalsWriter(const std::string& path, schema::ArtifactHeader header,
                       const schema::ControlSignalsInfo& info);
  // Writes the next frame (its index is the count written so far).
  void Write(const ControlImages& images);
  // Writes the end record and moves the file into place; without it the
  // output is deleted when the writer goes away.
  void Finish();
  int64_t frames_written() const { return writer_.frames_written(); }

 private:
  artifact::ArtifactWriter<schema::ControlSignalsInfo> writer_;
  int width_;
  int height_;
};

}  // namespace dolly::controls

#endif  // DOLLY_LIBS_CONTROLS_CONTROL_ARTIFACT_H_
