// MotionScene <-> MotionRepresentation artifact (schemas/motion.thrift).
#ifndef DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_ARTIFACT_H_
#define DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_ARTIFACT_H_

#include <string>

#include "libs/artifact/artifact_io.h"
#include "libs/motion/representation/motion_scene.h"
#include "schemas/motion_types.h"

namespace dolly::motion {

using MotionArtifact = artifact::Artifact<schema::MotionRepresentationInfo>;

// Validates `scene` (ValidateMotionScene) and converts it; `header` is copied.
MotionArtifact ToMotionArtifact(const MotionScene& scene, const schema::ArtifactHeader& header);

// Converts and validates; `what` names the artifact in errors. Schema-1
// artifacts (no radii, reference pixels or reference images) load with
// radius 0, reference pixels projected from frame 0, and empty images.
MotionScene FromMotionArtifact(const MotionArtifact& artifact, const std::string& what);

// Reads a MotionRepresentation file (IoError / InvalidInputError).
MotionScene ReadMotionScene(const std::string& path);

}  // namespace dolly::motion

#endif  // DOLLY_LIBS_MOTION_REPRESENTATION_MOTION_ARTIFACT_H_
